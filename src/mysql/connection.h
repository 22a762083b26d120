// A connection to MySQL or MariaDB through libmariadb (Connector/C): authentication, TLS and
// plain SQL come from the library; the replication commands and the raw event stream are ours.
// A Connection is used by one thread at a time; Interrupt() may be called from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/byte_reader.h"
#include "common/status.h"

struct st_mysql;

namespace rowcast::mysql {

enum class SslMode { kDisabled, kPreferred, kRequired, kVerifyCa, kVerifyIdentity };

struct ConnectOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 3306;
  std::string user;
  std::string password;
  SslMode ssl_mode = SslMode::kPreferred;
  std::string ssl_ca;    // PEM file
  std::string ssl_cert;  // PEM file (client certificate)
  std::string ssl_key;   // PEM file
  // Debezium's database.ssl.truststore: a JKS, PKCS#12 or PEM file with the CA certificates,
  // used when ssl_ca is empty and the mode verifies the server (Open() writes them to a private
  // PEM file for Connector/C). Empty password: none.
  std::string ssl_truststore;
  std::string ssl_truststore_password;
  unsigned connect_timeout_s = 30;
  unsigned read_timeout_s = 0;  // 0 = library default
};

struct ResultSet {
  std::vector<std::string> columns;
  std::vector<std::vector<std::optional<std::string>>> rows;

  // Index of column `name` (case-insensitive), or -1.
  int Column(std::string_view name) const;
  // Value of column `name` in row `row`, or nullopt when NULL or absent.
  std::optional<std::string> Get(size_t row, std::string_view name) const;
};

class Connection {
 public:
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  [[nodiscard]] static StatusOr<std::unique_ptr<Connection>> Open(const ConnectOptions& options);

  [[nodiscard]] StatusOr<ResultSet> Query(std::string_view sql);
  [[nodiscard]] Status Execute(std::string_view sql);
  // A single value of the first row and column ("SELECT @@log_bin").
  [[nodiscard]] StatusOr<std::optional<std::string>> QueryValue(std::string_view sql);
  // Runs `sql` and hands each row to `on_row` as the server sends it (mysql_use_result): no
  // result set is held in memory. `values[i]` is null for SQL NULL; values and lengths stay valid
  // until on_row returns. An error from on_row stops the read (the rest of the result is
  // discarded) and is returned.
  using RowCallback =
      std::function<Status(const char* const* values, const unsigned long* lengths)>;
  [[nodiscard]] Status StreamQuery(std::string_view sql, const RowCallback& on_row);

  // COM_REGISTER_SLAVE: makes the replica visible in SHOW SLAVE HOSTS under `report_host`.
  [[nodiscard]] Status RegisterReplica(uint32_t server_id, std::string_view report_host);
  // COM_BINLOG_DUMP (both flavours; MariaDB GTID mode uses an empty file name).
  [[nodiscard]] Status SendBinlogDump(uint32_t position, uint16_t flags, uint32_t server_id,
                                      std::string_view file);
  // COM_BINLOG_DUMP_GTID (MySQL): `encoded_gtids` is the binary GTID set already received.
  [[nodiscard]] Status SendBinlogDumpGtid(uint16_t flags, uint32_t server_id, std::string_view file,
                                          uint64_t position, std::string_view encoded_gtids);
  // Reads the next event of a dump: the event bytes (status byte removed), or nullopt at EOF.
  // The bytes stay valid until the next call.
  [[nodiscard]] StatusOr<std::optional<Bytes>> ReadEvent();

  // Unblocks a ReadEvent() in another thread (used to stop); the connection is dead afterwards.
  void Interrupt();

  bool is_mariadb() const { return mariadb_; }
  const std::string& server_version() const { return server_version_; }
  // "TLSv1.3", or empty without TLS.
  std::string tls_version() const;
  const ConnectOptions& options() const { return options_; }

 private:
  explicit Connection(st_mysql* m, ConnectOptions options);
  Status Error(std::string_view what) const;

  st_mysql* mysql_;
  ConnectOptions options_;
  bool mariadb_ = false;
  std::string server_version_;
  std::atomic<bool> interrupted_{false};
};

// Maps a client/server error number to a canonical code: lost connections and refused connects
// are Unavailable (retry), access denied is PermissionDenied, ERR 1236 is FailedPrecondition.
StatusCode CodeForMysqlError(unsigned error);

}  // namespace rowcast::mysql
