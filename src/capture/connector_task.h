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

#include "capture/change_processor.h"
#include "common/status.h"
#include "config/connector_config.h"
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

class ConnectorTask : private RecordOutput {
 public:
  [[nodiscard]] static StatusOr<std::unique_ptr<ConnectorTask>> Create(TaskOptions options);
  ~ConnectorTask() override;

  // Streams until Stop() or a fatal error; commits offsets before returning.
  [[nodiscard]] Status Run();
  void Stop();

 private:
  explicit ConnectorTask(TaskOptions options);

  Status StreamOnce();
  StatusOr<Resume> InitialPosition(const mysql::ServerInfo& info, mysql::Connection& conn);
  // Reads the binlog position and every schema under the global read lock.
  StatusOr<mysql::ServerInfo> CaptureSchemas(mysql::Connection& conn);
  Status StartDump(mysql::Connection& conn, const mysql::ServerInfo& info, const Resume& from);
  Status CommitOffsets();
  void SleepUnlessStopped(std::chrono::milliseconds d);

  // RecordOutput: records go to the sink, their offsets to the tracker.
  Status Emit(sinks::Record record, std::optional<offsets::OffsetRef> offset) override;
  void Advance(offsets::OffsetRef offset) override { tracker_.Advance(std::move(offset)); }

  TaskOptions options_;
  std::unique_ptr<sinks::Sink> sink_;
  offsets::OffsetTracker tracker_;
  std::unique_ptr<offsets::FileOffsetStore> store_;
  std::unique_ptr<ChangeProcessor> processor_;
  std::string report_host_;

  std::atomic<bool> stop_{false};
  std::mutex stop_mu_;
  std::condition_variable stop_cv_;
  std::mutex conn_mu_;
  mysql::Connection* live_conn_ = nullptr;  // for Stop() to interrupt a blocking read

  bool recapture_schemas_ = false;  // snapshot.mode=recovery
  offsets::BinlogOffset recovery_offset_;
  std::string at_gtids_;          // GTID state at the captured position
  std::optional<Resume> resume_;  // set from the stored offset or by a lost connection
  uint64_t next_seq_ = 1;
  std::chrono::steady_clock::time_point next_commit_;
};

}  // namespace rowcast::capture
