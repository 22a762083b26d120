// ChangeProcessor: turns a stream of decoded binlog events into Debezium records. It follows
// transactions (GTID/BEGIN ... XID/COMMIT, standalone DDL), keeps the binlog position and GTID
// state, applies the table filters and skipped operations, and on resume skips the events and
// rows of the first transaction that were already emitted. Used by the live connector task and
// by offline replay. Not thread-safe: one pipeline thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "binlog/decoder.h"
#include "binlog/gtid.h"
#include "capture/filters.h"
#include "capture/schema_tracker.h"
#include "common/status.h"
#include "config/connector_config.h"
#include "format/envelope.h"
#include "offsets/offset.h"
#include "sinks/output.h"
#include "sinks/sink.h"

namespace rowcast::capture {

// Where the processor's records go.
using RecordOutput = sinks::RecordOutput;

// Where a stream starts, and what of its first transaction was already emitted.
struct Resume {
  std::string file;
  uint64_t pos = 4;
  std::string gtids;
  uint64_t skip_events = 0;
  uint64_t skip_rows = 0;
};

format::EnvelopeOptions EnvelopeOptionsFor(const config::ConnectorSettings& s);

struct ProcessorOptions {
  std::string history_path;      // the schema history file; empty = none (offline replay)
  bool lenient_schemas = false;  // offline replay: see SchemaTrackerOptions::lenient
  std::shared_ptr<schema::SchemaHistory> history;  // kept elsewhere (Kafka): replaces the file
};

class ChangeProcessor {
 public:
  [[nodiscard]] static StatusOr<std::unique_ptr<ChangeProcessor>> Create(
      const config::ConnectorSettings& settings, RecordOutput& out,
      const ProcessorOptions& options = {});

  SchemaTracker& schema() { return *schema_; }

  // Starts a new stream (a connection, or a file) at `from`; `mariadb` picks the GTID flavour.
  [[nodiscard]] Status Reset(const Resume& from, bool mariadb);
  // Processes one event, in stream order. `decoder` is the one that produced it: the events
  // inside a MySQL TRANSACTION_PAYLOAD are decoded through it.
  [[nodiscard]] Status Process(const binlog::Event& ev, binlog::EventDecoder& decoder);
  // Where to resume if the stream broke now (used for reconnects).
  Resume CurrentResume() const;
  // Rows events outside the window are decoded but not emitted (replay --start/--stop options).
  void SetRowsWindow(std::function<bool(const binlog::EventHeader&)> window) {
    rows_window_ = std::move(window);
  }

  // Called for every row change emitted: its table, rendered key, and the binlog position of
  // its transaction's start (snapshot windows drop chunk rows whose keys changed).
  using ChangeHook =
      std::function<void(const binlog::TableMap& table, std::string_view key, uint64_t trx_pos)>;
  void SetChangeHook(ChangeHook hook) { change_hook_ = std::move(hook); }
  // Rows inserted into the signal table `db`.`table` (whether captured or not): the text of
  // its first three columns (id, type, data), NULL as nullopt.
  using SignalHook = std::function<Status(const std::vector<std::optional<std::string>>& row)>;
  void SetSignalHook(std::string db, std::string table, SignalHook hook) {
    signal_db_ = std::move(db);
    signal_table_ = std::move(table);
    signal_hook_ = std::move(hook);
  }
  // What offsets made from now on say of a snapshot in progress (see offsets::BinlogOffset).
  void SetSnapshotState(bool snapshot, std::string progress) {
    snapshot_flag_ = snapshot;
    snapshot_progress_ = std::move(progress);
  }
  bool in_transaction() const { return in_trx_; }

  // Offline replay of files written without binlog_row_metadata=FULL: name columns by position
  // (`_1`, `_2`, ...) instead of stopping.
  void AllowUnnamedColumns() { allow_unnamed_ = true; }

  const std::string& file() const { return file_; }
  uint64_t next_pos() const { return next_pos_; }
  uint64_t records() const { return records_; }

 private:
  ChangeProcessor(const config::ConnectorSettings& settings, RecordOutput& out)
      : settings_(settings), out_(out) {}

  Status ProcessEvent(const binlog::Event& ev);
  Status ProcessRows(const binlog::Event& ev, const binlog::RowsRef& rows);
  Status ProcessSignals(const binlog::RowsRef& rows);
  // A QUERY event that may change schemas: applied, recorded, announced.
  Status ProcessDdl(const binlog::Event& ev, const binlog::QueryEvent& q);
  Status EmitSchemaChange(const binlog::Event& ev, const AppliedDdl& applied, std::string_view ddl);
  std::shared_ptr<offsets::BinlogOffset> NewBase() const;
  Status ApplyJsonDiffs(const binlog::TableMap& table);
  Status Emit(const binlog::TableMap& table, format::Op op, const std::vector<binlog::Cell>& before,
              const std::vector<binlog::Cell>& after, const binlog::EventHeader& header,
              uint32_t row, std::optional<offsets::OffsetRef> offset, bool tombstone_after,
              sinks::Header* extra_header = nullptr);
  void BeginTransaction(const binlog::Event& ev, std::string gtid_text);
  void CommitTransaction(const binlog::Event& ev);

  config::ConnectorSettings settings_;
  RecordOutput& out_;
  std::unique_ptr<format::EnvelopeWriter> writer_;
  std::optional<TableFilter> filter_;
  std::unique_ptr<SchemaTracker> schema_;
  std::function<bool(const binlog::EventHeader&)> rows_window_;
  bool allow_unnamed_ = false;
  ChangeHook change_hook_;
  std::string signal_db_, signal_table_;
  SignalHook signal_hook_;
  bool snapshot_flag_ = false;
  std::string snapshot_progress_;
  std::set<std::string> warned_unnamed_;

  bool mariadb_ = true;
  std::string file_;
  uint64_t next_pos_ = 4;
  binlog::MariaGtidPosition maria_gtids_;
  binlog::MysqlGtidSet mysql_gtids_;

  bool in_trx_ = false;
  bool trx_standalone_ = false;
  bool trx_saw_query_ = false;
  binlog::MariaGtid trx_maria_gtid_{};
  binlog::Uuid trx_sid_{};
  int64_t trx_gno_ = 0;
  std::string trx_tag_;
  std::string trx_gtid_text_;
  std::shared_ptr<const offsets::BinlogOffset> trx_base_;
  uint64_t trx_event_index_ = 0;
  std::string trx_query_;
  uint64_t skip_events_ = 0;
  uint64_t skip_rows_ = 0;
  bool skip_armed_ = false;

  std::vector<binlog::Cell> before_, after_;
  std::string key_buf_, key2_buf_;
  uint64_t records_ = 0;
  int64_t event_now_ns_ = 0;
  uint64_t payload_end_pos_ = 0;         // log_pos of the TRANSACTION_PAYLOAD being walked
  std::vector<std::string> json_after_;  // partial JSON updates applied, per column
};

}  // namespace rowcast::capture
