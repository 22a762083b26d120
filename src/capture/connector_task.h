// One connector task: connects to the server as a replica, streams the binlog from the stored
// offset, turns committed row changes into Debezium records, hands them to the sink and commits
// offsets for what the sink acknowledged. Survives connection loss by reconnecting with backoff
// from the last position it processed.
//
// Threads: Run() is the pipeline thread; it starts one reader thread per connection (socket ->
// bounded EventQueue). Stop() may be called from any thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "binlog/decoder.h"
#include "binlog/gtid.h"
#include "capture/filters.h"
#include "common/status.h"
#include "config/connector_config.h"
#include "format/envelope.h"
#include "mysql/connection.h"
#include "mysql/server_check.h"
#include "offsets/offset.h"
#include "sinks/sink.h"

namespace rowcast::capture {

struct TaskOptions {
  config::ConnectorSettings settings;
  std::string sink;      // "stdout" or "file:DIR"
  std::string data_dir;  // offsets live in <data_dir>/offsets/<name>.json
};

class ConnectorTask {
 public:
  [[nodiscard]] static StatusOr<std::unique_ptr<ConnectorTask>> Create(TaskOptions options);
  ~ConnectorTask();

  // Streams until Stop() or a fatal error; commits offsets before returning.
  [[nodiscard]] Status Run();
  void Stop();

 private:
  explicit ConnectorTask(TaskOptions options);

  // Where the next connection starts, and what of the first transaction to skip.
  struct Resume {
    std::string file;
    uint64_t pos = 4;
    std::string gtids;
    uint64_t skip_events = 0;
    uint64_t skip_rows = 0;
  };

  Status StreamOnce();
  StatusOr<Resume> InitialPosition(const mysql::ServerInfo& info, mysql::Connection& conn);
  Status StartDump(mysql::Connection& conn, const mysql::ServerInfo& info, const Resume& from);
  Status Process(const binlog::Event& ev);
  Status ProcessRows(const binlog::Event& ev, const binlog::RowsRef& rows);
  Status Emit(const binlog::TableMap& table, format::Op op, const std::vector<binlog::Cell>& before,
              const std::vector<binlog::Cell>& after, const binlog::EventHeader& header,
              uint32_t row, std::optional<offsets::OffsetRef> offset, bool tombstone_after);
  void BeginTransaction(const binlog::Event& ev, std::string gtid_text);
  void CommitTransaction(const binlog::Event& ev);
  Status CommitOffsets();
  Resume CurrentResume() const;
  void SleepUnlessStopped(std::chrono::milliseconds d);

  TaskOptions options_;
  std::unique_ptr<sinks::Sink> sink_;
  offsets::OffsetTracker tracker_;
  std::unique_ptr<offsets::FileOffsetStore> store_;
  std::unique_ptr<format::EnvelopeWriter> writer_;
  std::optional<TableFilter> filter_;
  std::string report_host_;

  std::atomic<bool> stop_{false};
  std::mutex stop_mu_;
  std::condition_variable stop_cv_;
  std::mutex conn_mu_;
  mysql::Connection* live_conn_ = nullptr;  // for Stop() to interrupt a blocking read

  // Stream position, kept across reconnects.
  std::optional<Resume> resume_;  // set from the stored offset or by a lost connection
  bool mariadb_ = true;
  std::string file_;
  uint64_t next_pos_ = 4;
  binlog::MariaGtidPosition maria_gtids_;
  binlog::MysqlGtidSet mysql_gtids_;
  uint32_t last_server_id_ = 0;
  int64_t last_ts_ = 0;

  bool in_trx_ = false;
  bool trx_standalone_ = false;
  bool trx_saw_query_ = false;
  binlog::MariaGtid trx_maria_gtid_{};
  binlog::Uuid trx_sid_{};
  int64_t trx_gno_ = 0;
  std::string trx_gtid_text_;
  std::shared_ptr<const offsets::BinlogOffset> trx_base_;
  uint64_t trx_event_index_ = 0;
  std::string trx_query_;
  uint64_t skip_events_ = 0;
  uint64_t skip_rows_ = 0;
  bool skip_armed_ = false;

  uint64_t next_seq_ = 1;
  std::vector<binlog::Cell> before_, after_;
  std::string key_buf_, key2_buf_, value_buf_;
  std::chrono::steady_clock::time_point next_commit_;
  uint64_t records_ = 0;
};

}  // namespace rowcast::capture
