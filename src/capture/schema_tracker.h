// SchemaTracker: the schemas of the tables at the position the pipeline is reading. Built from
// the server at first start (SHOW CREATE DATABASE/TABLE, checked against information_schema) or
// recovered from the schema history on restart; advanced by every DDL statement in the binlog,
// each recorded in the history before the offset can move past it. Binds TABLE_MAP events to
// the tracked schemas (schema/bind.h). Not thread-safe: the pipeline thread owns it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "binlog/table_map.h"
#include "capture/filters.h"
#include "common/status.h"
#include "offsets/offset.h"
#include "schema/bind.h"
#include "schema/ddl.h"
#include "schema/history.h"
#include "schema/schema.h"

namespace rowcast::mysql {
class Connection;
}
namespace re2 {
class RE2;
}

namespace rowcast::capture {

struct SchemaTrackerOptions {
  std::string history_path;  // empty: no history (offline replay)
  // A history kept elsewhere (Kafka); replaces history_path when set.
  std::shared_ptr<schema::SchemaHistory> history;
  std::string server;  // topic.prefix, written into history records
  bool skip_unparseable_ddl = false;
  bool store_only_captured = false;
  bool store_only_captured_databases = false;
  // Statements matching one of these (whole statement, case-insensitive) are skipped.
  std::vector<std::string> ddl_filter;
  // Offline replay: DDL on tables the catalog never saw, and rows of unknown tables with
  // column names in the binlog, are accepted with a warning.
  bool lenient = false;
};

// What a DDL statement did, for schema change events.
struct AppliedDdl {
  schema::StatementResult result;
  std::vector<std::shared_ptr<const schema::Table>> tables;  // per change: the table after it
  bool captured = false;                                     // touches a captured table or database
};

class SchemaTracker {
 public:
  // The ddl_filter regexes must be valid (the config validates them).
  SchemaTracker(SchemaTrackerOptions options, TableFilter& filter);
  ~SchemaTracker();

  schema::Catalog& catalog() { return catalog_; }
  TableFilter& filter() { return filter_; }
  const SchemaTrackerOptions& options() const { return options_; }
  // Records in the history (0 without one).
  uint64_t history_records() const;
  bool has_history_file() const;

  // First start: reads every database and table from the server (the caller holds the lock
  // that makes them consistent with `at`), checks the parse against information_schema, and
  // writes them as the history's first records.
  // With `tables` false (snapshot.mode=never: streaming from the oldest binlog) only the
  // server's default charset is read; the schemas come from the binlog's DDL alone.
  [[nodiscard]] Status CaptureFromServer(mysql::Connection& conn, const schema::HistoryPosition& at,
                                         bool tables = true);

  // Restart: rebuilds the schemas valid at `resume` from the history. FailedPrecondition when
  // the history is missing, DataLoss when it is torn or shorter than the offset says.
  [[nodiscard]] Status Recover(const offsets::BinlogOffset& resume);

  // A QUERY event's statement(s) in database context `db`, at `at`. Applied to the catalog and
  // recorded in the history atomically (on error nothing changes).
  [[nodiscard]] StatusOr<std::vector<AppliedDdl>> ApplyDdl(std::string_view db,
                                                           std::string_view sql,
                                                           const schema::HistoryPosition& at,
                                                           int64_t ts_ms);

  // The table map completed from and checked against the tracked schema. A table the tracker
  // does not know is accepted when the binlog names its columns (with a warning once), with a
  // schema derived from the table map.
  [[nodiscard]] StatusOr<const schema::BoundTable*> Bind(const binlog::TableMap& map);
  // Forgets bindings (a new stream: table ids and decoders start over).
  void ResetBindings() { bound_.clear(); }

 private:
  Status Record(std::vector<schema::HistoryRecord> records);

  SchemaTrackerOptions options_;
  TableFilter& filter_;
  schema::Catalog catalog_;
  std::shared_ptr<schema::SchemaHistory> history_;
  uint64_t catalog_generation_ = 1;  // bumped by every applied change
  struct Bound {
    const binlog::TableMap* source = nullptr;
    uint64_t source_revision = 0;
    uint64_t generation = 0;
    std::optional<schema::BoundTable> bound;
  };
  std::unordered_map<uint64_t, Bound> bound_;  // by table id
  std::set<std::string> warned_;
  std::vector<std::unique_ptr<re2::RE2>> ddl_filter_;
};

// The charset lookups of format/charsets, for the binder and the snapshot readers.
schema::CharsetLookup SchemaCharsets();

// True when a history record at `p` lies before the resume point `resume` (GTIDs when both have
// them, else binlog file and position).
bool HistoryPositionBefore(const schema::HistoryPosition& p, const offsets::BinlogOffset& resume);

}  // namespace rowcast::capture
