// What is left of a snapshot, as kept in the offset ("rowcast_snapshot") so that a restart
// resumes from the last completed chunk: the tables not yet finished, in order, each with the
// primary key of its last emitted row. Also the live progress figures (rows done, estimated
// total, rate, ETA) that logs, the terminal display and the status API read.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace rowcast::snapshot {

enum class SnapshotKind { kInitial, kIncremental };

// A key value as the text protocol returns it (raw bytes; NULL = nullopt).
using KeyValues = std::vector<std::optional<std::string>>;

struct TableWork {
  std::string db;
  std::string table;
  KeyValues after;     // resume after this key; empty = from the first row
  std::string filter;  // additional condition (incremental snapshots), SQL; empty = none
  uint64_t rows = 0;   // rows emitted so far

  bool operator==(const TableWork&) const = default;
};

struct SnapshotWork {
  SnapshotKind kind = SnapshotKind::kInitial;
  std::string id;                 // the signal's id (incremental), else empty
  std::vector<TableWork> tables;  // not finished, in order
  bool first_emitted = false;     // the "first" record was written

  bool empty() const { return tables.empty(); }
  bool operator==(const SnapshotWork&) const = default;
};

// {"kind":"initial","id":...,"first":true,"tables":[{"table":"db.t","after":["<hex>",null],
//  "filter":...,"rows":N}, ...]}; key bytes are hex so that any charset or binary key survives.
std::string WorkToJson(const SnapshotWork& work);
[[nodiscard]] StatusOr<SnapshotWork> WorkFromJson(std::string_view json);

// Live figures of one table.
struct TableStatus {
  std::string name;  // db.table
  uint64_t rows = 0;
  uint64_t estimated = 0;  // information_schema.TABLES.TABLE_ROWS (an estimate for InnoDB)
  bool done = false;
  bool chunked = true;
};

// Thread-safe progress of the running snapshot.
class SnapshotStatus {
 public:
  void Start(SnapshotKind kind, std::vector<TableStatus> tables);
  void AddRows(std::string_view table, uint64_t n);
  void SetChunked(std::string_view table, bool chunked);
  void Finish(std::string_view table);
  void End();

  struct View {
    bool running = false;
    SnapshotKind kind = SnapshotKind::kInitial;
    std::vector<TableStatus> tables;
    uint64_t rows = 0, estimated = 0;
    double seconds = 0;
    double rate = 0;          // rows per second since the start
    double eta_seconds = -1;  // -1 = unknown
  };
  View Get() const;
  // "db.t1 120000/250000 (48%), db.t2 done ...; 1.2M rows, 310k rows/s, ETA 0:42"
  static std::string Line(const View& v);

 private:
  mutable std::mutex mu_;
  bool running_ = false;
  SnapshotKind kind_ = SnapshotKind::kInitial;
  std::vector<TableStatus> tables_;
  std::map<std::string, size_t, std::less<>> index_;
  std::chrono::steady_clock::time_point started_;
  double seconds_at_end_ = 0;
};

}  // namespace rowcast::snapshot
