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
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "capture/change_processor.h"
#include "common/status.h"
#include "config/connector_config.h"
#include "format/cloudevents.h"
#include "mysql/connection.h"
#include "mysql/server_check.h"
#include "offsets/offset.h"
#include "sinks/kafka/history_store.h"
#include "sinks/kafka/offset_store.h"
#include "sinks/sink.h"
#include "snapshot/progress.h"
#include "snapshot/window.h"

namespace rowcast::capture {

struct TaskOptions {
  config::ConnectorSettings settings;
  std::string sink;      // "stdout", "file:DIR", "kafka" or "kafka:HOST:PORT" (sinks::CreateSink)
  std::string data_dir;  // offsets live in <data_dir>/offsets/<name>.json
  sinks::KafkaOptions kafka;  // the Kafka sink's producer settings and topics to create
  // Offsets in a Kafka topic (the worker's offset.storage.topic) instead of the data directory.
  std::optional<sinks::kafka::KafkaOffsetOptions> kafka_offsets;
  // The schema history in a Kafka topic (schema.history.internal.kafka.topic) instead of a file.
  std::optional<sinks::kafka::KafkaHistoryOptions> kafka_history;
};

class ConnectorTask : private RecordOutput {
 public:
  [[nodiscard]] static StatusOr<std::unique_ptr<ConnectorTask>> Create(TaskOptions options);
  ~ConnectorTask() override;

  // Streams until Stop() or a fatal error; commits offsets before returning.
  [[nodiscard]] Status Run();
  void Stop();
  // Progress of the snapshot in progress or last taken.
  snapshot::SnapshotStatus& snapshot_status() { return snapshot_status_; }

 private:
  explicit ConnectorTask(TaskOptions options);

  Status StreamOnce();
  StatusOr<Resume> InitialPosition(const mysql::ServerInfo& info, mysql::Connection& conn);
  // The initial snapshot: locks, snapshot transactions, position and schemas, then the rows of
  // every captured table; returns the position streaming starts from.
  StatusOr<Resume> TakeSnapshot(const mysql::ServerInfo& info, mysql::Connection& conn);
  StatusOr<std::vector<std::shared_ptr<const schema::Table>>> TablesToSnapshot(
      mysql::Connection& conn, std::map<std::string, uint64_t>& estimates);
  // Reads the binlog position and every schema under the global read lock.
  StatusOr<mysql::ServerInfo> CaptureSchemas(mysql::Connection& conn);
  Status StartDump(mysql::Connection& conn, const mysql::ServerInfo& info, const Resume& from);
  // Commits the newest offset whose records are all acknowledged. `final`: when stopping, first
  // waits a while for the sink to deliver what it holds.
  Status CommitOffsets(bool final = false);
  // How often offsets are committed: offset.flush.interval.ms, at most 1 s with transactions.
  std::chrono::milliseconds CommitInterval() const;
  // The first delivery the sink reported failed, or OK.
  Status DeliveryError();
  // Snapshots read while streaming (window.h): set up, polled at transaction boundaries.
  void StartWindowedSnapshot(snapshot::SnapshotWork work);
  Status PollWindowedSnapshot();
  Status OnSignal(const std::vector<std::optional<std::string>>& row);
  void SleepUnlessStopped(std::chrono::milliseconds d);

  // RecordOutput: records go to the sink, their offsets to the tracker.
  Status Emit(sinks::Record record, std::optional<offsets::OffsetRef> offset) override;
  [[nodiscard]] Status AddCloudEventHeaders(sinks::Record& record);
  void Advance(offsets::OffsetRef offset) override { tracker_.Advance(std::move(offset)); }

  TaskOptions options_;
  offsets::OffsetTracker tracker_;
  std::mutex delivery_mu_;
  Status delivery_error_;  // the first failed delivery (guarded by delivery_mu_)
  // After what its acknowledgements touch, so that it is destroyed (and quiet) before them.
  std::unique_ptr<sinks::Sink> sink_;
  std::unique_ptr<offsets::OffsetStore> store_;
  std::unique_ptr<ChangeProcessor> processor_;
  std::string report_host_;

  std::atomic<bool> stop_{false};
  std::mutex stop_mu_;
  std::condition_variable stop_cv_;
  std::mutex conn_mu_;
  mysql::Connection* live_conn_ = nullptr;  // for Stop() to interrupt a blocking read

  snapshot::SnapshotStatus snapshot_status_;
  std::unique_ptr<snapshot::WindowedSnapshot> window_;
  std::optional<snapshot::SnapshotWork> pending_work_;  // from the stored offset
  bool finished_ = false;           // snapshot.mode=initial_only: nothing more to do
  bool recapture_schemas_ = false;  // snapshot.mode=recovery
  offsets::BinlogOffset recovery_offset_;
  std::string at_gtids_;          // GTID state at the captured position
  std::optional<Resume> resume_;  // set from the stored offset or by a lost connection
  uint64_t next_seq_ = 1;
  std::chrono::steady_clock::time_point next_commit_;
  // rowcast.kafka.cloudevents=binary: CloudEvents headers on row change records.
  bool cloudevent_headers_ = false;
  format::CloudEventOptions cloudevent_options_;
  std::map<std::string, uint64_t> keyless_seq_;  // per topic, for key-less snapshot rows
};

}  // namespace rowcast::capture
