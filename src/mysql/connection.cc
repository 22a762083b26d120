#include "mysql/connection.h"

#include <strings.h>
#include <sys/socket.h>

#include <mutex>
#include <set>

#include <errmsg.h>
#include <fmt/format.h>
#include <mysql.h>
#include <mysqld_error.h>
#include <spdlog/spdlog.h>

#include "common/java_keystore.h"
#include "mysql/ca_file.h"

namespace rowcast::mysql {

int ResultSet::Column(std::string_view name) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].size() == name.size() &&
        strncasecmp(columns[i].data(), name.data(), name.size()) == 0) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

std::optional<std::string> ResultSet::Get(size_t row, std::string_view name) const {
  const int c = Column(name);
  if (c < 0 || row >= rows.size()) return std::nullopt;
  return rows[row][static_cast<size_t>(c)];
}

StatusCode CodeForMysqlError(unsigned error) {
  switch (error) {
    case ER_ACCESS_DENIED_ERROR:
    case ER_DBACCESS_DENIED_ERROR:
    case ER_SPECIFIC_ACCESS_DENIED_ERROR:
      return StatusCode::kPermissionDenied;
    case CR_CONNECTION_ERROR:
    case CR_CONN_HOST_ERROR:
    case CR_SERVER_GONE_ERROR:
    case CR_SERVER_LOST:
    case CR_UNKNOWN_HOST:
    case ER_SERVER_SHUTDOWN:
    case ER_CON_COUNT_ERROR:
    case CR_SERVER_LOST_EXTENDED:
    case ER_CONNECTION_KILLED:
    case ER_NET_READ_INTERRUPTED:
    case ER_NET_READ_ERROR:
    case ER_NET_ERROR_ON_WRITE:
    case ER_NET_WRITE_INTERRUPTED:
      return StatusCode::kUnavailable;
    case CR_SSL_CONNECTION_ERROR:
      return StatusCode::kFailedPrecondition;
    case ER_MASTER_FATAL_ERROR_READING_BINLOG:
      return StatusCode::kFailedPrecondition;
    default:
      return error >= 2000 && error < 3000 ? StatusCode::kUnavailable : StatusCode::kInternal;
  }
}

Connection::Connection(st_mysql* m, ConnectOptions options)
    : mysql_(m), options_(std::move(options)) {
  server_version_ = mysql_get_server_info(mysql_);
  mariadb_ = server_version_.find("MariaDB") != std::string::npos;
}

Connection::~Connection() {
  if (mysql_ != nullptr) mysql_close(mysql_);
}

Status Connection::Error(std::string_view what) const {
  const unsigned err = mysql_errno(mysql_);
  return Status(CodeForMysqlError(err),
                fmt::format("{} on {}:{}: {} (error {})", what, options_.host, options_.port,
                            mysql_error(mysql_), err));
}

namespace {

bool Verifies(SslMode mode) {
  return mode == SslMode::kVerifyCa || mode == SslMode::kVerifyIdentity;
}

std::string_view ModeName(SslMode mode) {
  switch (mode) {
    case SslMode::kDisabled:
      return "disabled";
    case SslMode::kPreferred:
      return "preferred";
    case SslMode::kRequired:
      return "required";
    case SslMode::kVerifyCa:
      return "verify_ca";
    case SslMode::kVerifyIdentity:
      return "verify_identity";
  }
  return "unknown";
}

// Every connection (snapshot readers, reconnects) resolves the CA again: say each thing once.
void WarnOnce(std::string message) {
  static std::mutex mu;
  static std::set<std::string>* said = new std::set<std::string>();
  {
    std::lock_guard lock(mu);
    if (!said->insert(message).second) return;
  }
  spdlog::warn("{}", message);
}

// The CA file to give Connector/C: database.ssl.ca, or the certificates of
// database.ssl.truststore written to a private PEM file; empty for none. Only the verifying
// modes need a CA: with the others a truststore that cannot be read is a warning.
StatusOr<std::string> CaFile(const ConnectOptions& o) {
  if (o.ssl_truststore.empty() || o.ssl_mode == SslMode::kDisabled) return o.ssl_ca;
  if (!o.ssl_ca.empty()) {
    WarnOnce(
        "database.ssl.ca and database.ssl.truststore are both set; the CA certificates of "
        "database.ssl.ca are used and database.ssl.truststore is ignored");
    return o.ssl_ca;
  }
  const std::optional<std::string_view> password =
      o.ssl_truststore_password.empty()
          ? std::nullopt
          : std::optional<std::string_view>(o.ssl_truststore_password);
  StatusOr<TrustedCertificates> certs = ReadTrustStoreFile(o.ssl_truststore, password);
  if (!Verifies(o.ssl_mode)) {
    // Debezium (Connector/J) does not load the truststore unless it verifies; nor do we: a CA
    // given to Connector/C would make it verify the chain.
    if (!certs.has_value()) {
      WarnOnce(fmt::format(
          "database.ssl.truststore is not used with database.ssl.mode={} (the server certificate "
          "is not verified), and it could not be used anyway: {}",
          ModeName(o.ssl_mode), certs.error().message()));
    }
    return std::string();
  }
  if (!certs.has_value()) {
    return std::unexpected(Status(
        certs.error().code(),
        fmt::format("database.ssl.truststore cannot be used for database.ssl.mode={}: {}; check "
                    "database.ssl.truststore and database.ssl.truststore.password",
                    ModeName(o.ssl_mode), certs.error().message())));
  }
  return PrivatePemFile(certs->pem);
}

StatusOr<MYSQL*> TryConnect(const ConnectOptions& o, const std::string& ca, bool use_tls) {
  MYSQL* m = mysql_init(nullptr);
  if (m == nullptr) return std::unexpected(InternalError("mysql_init failed: out of memory"));
  my_bool off = 0;
  my_bool on = 1;
  mysql_optionsv(m, MYSQL_OPT_RECONNECT, &off);
  unsigned int cto = o.connect_timeout_s;
  mysql_optionsv(m, MYSQL_OPT_CONNECT_TIMEOUT, &cto);
  if (o.read_timeout_s > 0) {
    unsigned int rto = o.read_timeout_s;
    mysql_optionsv(m, MYSQL_OPT_READ_TIMEOUT, &rto);
  }
  unsigned long max_packet = 1UL << 30;  // the dump thread sends events up to 1 GiB
  mysql_optionsv(m, MYSQL_OPT_MAX_ALLOWED_PACKET, &max_packet);
  mysql_optionsv(m, MYSQL_SET_CHARSET_NAME, "utf8mb4");
  if (use_tls) {
    if (!ca.empty()) mysql_optionsv(m, MYSQL_OPT_SSL_CA, ca.c_str());
    if (!o.ssl_cert.empty()) mysql_optionsv(m, MYSQL_OPT_SSL_CERT, o.ssl_cert.c_str());
    if (!o.ssl_key.empty()) mysql_optionsv(m, MYSQL_OPT_SSL_KEY, o.ssl_key.c_str());
    mysql_optionsv(m, MYSQL_OPT_SSL_ENFORCE, &on);
    const bool verify = o.ssl_mode == SslMode::kVerifyCa || o.ssl_mode == SslMode::kVerifyIdentity;
    mysql_optionsv(m, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, verify ? &on : &off);
  }
  if (mysql_real_connect(m, o.host.c_str(), o.user.c_str(), o.password.c_str(), nullptr, o.port,
                         nullptr, CLIENT_REMEMBER_OPTIONS) == nullptr) {
    const unsigned err = mysql_errno(m);
    std::string hint;
    if (err == ER_ACCESS_DENIED_ERROR) {
      hint = fmt::format("; check database.user ('{}') and database.password", o.user);
    } else if (err == CR_SSL_CONNECTION_ERROR) {
      hint =
          "; check database.ssl.mode and database.ssl.ca (a PEM file of the CA that signed the "
          "server certificate) or database.ssl.truststore (a JKS or PKCS12 truststore with it)";
    } else if (err == CR_CONN_HOST_ERROR || err == CR_CONNECTION_ERROR) {
      hint = "; is the server running and database.hostname/database.port right?";
    }
    Status s(CodeForMysqlError(err),
             fmt::format("cannot connect to {}:{} as '{}'{}: {} (error {}){}", o.host, o.port,
                         o.user, use_tls ? " with TLS" : "", mysql_error(m), err, hint));
    mysql_close(m);
    return std::unexpected(s);
  }
  return m;
}

}  // namespace

StatusOr<std::unique_ptr<Connection>> Connection::Open(const ConnectOptions& options) {
  if (Verifies(options.ssl_mode) && options.ssl_ca.empty() && options.ssl_truststore.empty()) {
    return std::unexpected(InvalidArgumentError(
        "database.ssl.mode verify_ca/verify_identity needs database.ssl.ca (the PEM file of the "
        "CA that signed the server certificate) or database.ssl.truststore (a JKS or PKCS12 "
        "truststore with it)"));
  }
  ROWCAST_ASSIGN_OR_RETURN(const std::string ca, CaFile(options));
  StatusOr<MYSQL*> m = std::unexpected(InternalError("unreachable"));
  switch (options.ssl_mode) {
    case SslMode::kDisabled:
      m = TryConnect(options, ca, false);
      break;
    case SslMode::kPreferred:
      m = TryConnect(options, ca, true);
      // The server may not offer TLS at all: then connect in the clear, as Debezium does.
      if (!m.has_value() && m.error().message().find("(error 2026)") != std::string::npos) {
        m = TryConnect(options, ca, false);
      }
      break;
    default:
      m = TryConnect(options, ca, true);
  }
  if (!m.has_value()) return std::unexpected(m.error());
  return std::unique_ptr<Connection>(new Connection(*m, options));
}

std::string Connection::tls_version() const {
  const char* v = mysql_get_ssl_cipher(mysql_);
  if (v == nullptr) return {};
  const char* version = nullptr;
  if (mariadb_get_infov(mysql_, MARIADB_CONNECTION_TLS_VERSION, &version) == 0 &&
      version != nullptr) {
    return version;
  }
  return "TLS";
}

StatusOr<ResultSet> Connection::Query(std::string_view sql) {
  if (mysql_real_query(mysql_, sql.data(), sql.size()) != 0) {
    return std::unexpected(Error(fmt::format("query `{}` failed", sql)));
  }
  ResultSet rs;
  MYSQL_RES* res = mysql_store_result(mysql_);
  if (res == nullptr) {
    if (mysql_field_count(mysql_) != 0) return std::unexpected(Error("reading a result failed"));
    return rs;
  }
  const unsigned n = mysql_num_fields(res);
  MYSQL_FIELD* fields = mysql_fetch_fields(res);
  for (unsigned i = 0; i < n; ++i) rs.columns.emplace_back(fields[i].name);
  while (MYSQL_ROW row = mysql_fetch_row(res)) {
    unsigned long* lengths = mysql_fetch_lengths(res);
    auto& out = rs.rows.emplace_back();
    out.reserve(n);
    for (unsigned i = 0; i < n; ++i) {
      if (row[i] == nullptr) {
        out.emplace_back(std::nullopt);
      } else {
        out.emplace_back(std::string(row[i], lengths[i]));
      }
    }
  }
  mysql_free_result(res);
  // Drain further result sets so the connection is ready for the next command.
  while (mysql_next_result(mysql_) == 0) {
    if (MYSQL_RES* extra = mysql_store_result(mysql_)) mysql_free_result(extra);
  }
  return rs;
}

Status Connection::StreamQuery(std::string_view sql, const RowCallback& on_row) {
  if (mysql_real_query(mysql_, sql.data(), sql.size()) != 0) {
    return Error(fmt::format("query `{}` failed", sql.substr(0, 300)));
  }
  MYSQL_RES* res = mysql_use_result(mysql_);
  if (res == nullptr) {
    if (mysql_field_count(mysql_) != 0) return Error("reading a result failed");
    return OkStatus();
  }
  Status result;
  while (MYSQL_ROW row = mysql_fetch_row(res)) {
    result = on_row(row, mysql_fetch_lengths(res));
    if (!result.ok()) break;
  }
  if (result.ok() && mysql_errno(mysql_) != 0) {
    result = Error(fmt::format("reading the result of `{}` failed", sql.substr(0, 300)));
  }
  // Frees the result; after an early stop this reads and discards the rest of it.
  mysql_free_result(res);
  while (mysql_next_result(mysql_) == 0) {
    if (MYSQL_RES* extra = mysql_store_result(mysql_)) mysql_free_result(extra);
  }
  return result;
}

Status Connection::Execute(std::string_view sql) {
  auto rs = Query(sql);
  return rs.has_value() ? OkStatus() : rs.error();
}

StatusOr<std::optional<std::string>> Connection::QueryValue(std::string_view sql) {
  ROWCAST_ASSIGN_OR_RETURN(ResultSet rs, Query(sql));
  if (rs.rows.empty() || rs.rows[0].empty()) return std::optional<std::string>();
  return rs.rows[0][0];
}

namespace {
void PutU16(std::string& b, uint16_t v) {
  b.push_back(static_cast<char>(v & 0xFF));
  b.push_back(static_cast<char>(v >> 8));
}
void PutU32(std::string& b, uint32_t v) {
  for (int i = 0; i < 4; ++i) b.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
void PutU64(std::string& b, uint64_t v) {
  for (int i = 0; i < 8; ++i) b.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
}  // namespace

// COM_REGISTER_SLAVE: server_id u32 | host len u8 + host | user len u8 | password len u8 |
// port u16 | rank u32 | master_id u32.
Status Connection::RegisterReplica(uint32_t server_id, std::string_view report_host) {
  std::string b;
  PutU32(b, server_id);
  const std::string_view host = report_host.substr(0, 60);
  b.push_back(static_cast<char>(host.size()));
  b.append(host);
  b.push_back(0);
  b.push_back(0);
  PutU16(b, 0);
  PutU32(b, 0);
  PutU32(b, 0);
  if (mysql_->methods->db_command(mysql_, COM_REGISTER_SLAVE, b.data(), b.size(), 0, nullptr) !=
      0) {
    return Error("registering as a replica (COM_REGISTER_SLAVE) failed");
  }
  return OkStatus();
}

// COM_BINLOG_DUMP: position u32 | flags u16 | server_id u32 | file name (rest).
Status Connection::SendBinlogDump(uint32_t position, uint16_t flags, uint32_t server_id,
                                  std::string_view file) {
  std::string b;
  PutU32(b, position);
  PutU16(b, flags);
  PutU32(b, server_id);
  b.append(file);
  if (mysql_->methods->db_command(mysql_, COM_BINLOG_DUMP, b.data(), b.size(), 1, nullptr) != 0) {
    return Error("starting the binlog dump failed");
  }
  return OkStatus();
}

// COM_BINLOG_DUMP_GTID: flags u16 | server_id u32 | name_len u32 | name | position u64 |
// data_size u32 | encoded GTID set.
Status Connection::SendBinlogDumpGtid(uint16_t flags, uint32_t server_id, std::string_view file,
                                      uint64_t position, std::string_view encoded_gtids) {
  std::string b;
  PutU16(b, flags);
  PutU32(b, server_id);
  PutU32(b, static_cast<uint32_t>(file.size()));
  b.append(file);
  PutU64(b, position);
  PutU32(b, static_cast<uint32_t>(encoded_gtids.size()));
  b.append(encoded_gtids);
  constexpr auto kComBinlogDumpGtid = static_cast<enum_server_command>(0x1e);
  if (mysql_->methods->db_command(mysql_, kComBinlogDumpGtid, b.data(), b.size(), 1, nullptr) !=
      0) {
    return Error("starting the GTID binlog dump failed");
  }
  return OkStatus();
}

StatusOr<std::optional<Bytes>> Connection::ReadEvent() {
  const unsigned long len = mysql_net_read_packet(mysql_);
  if (len == packet_error || len == 0) {
    if (interrupted_.load()) return std::unexpected(CancelledError("binlog read interrupted"));
    const unsigned err = mysql_errno(mysql_);
    if (err == ER_MASTER_FATAL_ERROR_READING_BINLOG) {
      return std::unexpected(FailedPreconditionError(fmt::format(
          "the server stopped the binlog dump: {} (error {})", mysql_error(mysql_), err)));
    }
    if (err == 4052) {  // ER_SLAVE_SAME_ID (MariaDB)
      return std::unexpected(FailedPreconditionError(fmt::format(
          "{} (error 4052): another replica connected with the same database.server.id and the "
          "server dropped this one; give every connector its own database.server.id",
          mysql_error(mysql_))));
    }
    if (err >= 2000 && err < 3000) {
      // Client-side errors while streaming (lost connection, TLS record error, timeout): the
      // link is gone, not misconfigured. Reconnecting is the remedy.
      return std::unexpected(
          UnavailableError(fmt::format("the binlog stream from {}:{} was lost: {} (error {})",
                                       options_.host, options_.port, mysql_error(mysql_), err)));
    }
    return std::unexpected(Error("reading the binlog stream failed"));
  }
  const auto* p = reinterpret_cast<const std::byte*>(mysql_->net.read_pos);
  const auto status = static_cast<uint8_t>(p[0]);
  if (status == 0xFE && len < 9) return std::optional<Bytes>();
  if (status != 0x00) {
    return std::unexpected(DataLossError(
        fmt::format("unexpected packet status 0x{:02x} in the binlog stream", status)));
  }
  return std::optional<Bytes>(Bytes(p + 1, len - 1));
}

void Connection::Interrupt() {
  interrupted_.store(true);
  const my_socket fd = mysql_get_socket(mysql_);
  if (fd != static_cast<my_socket>(-1)) ::shutdown(fd, SHUT_RDWR);
}

}  // namespace rowcast::mysql
