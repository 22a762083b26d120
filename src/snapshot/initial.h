// The initial snapshot: every captured table read inside transactions that all see the same
// point in time (opened by the caller under the global read lock, or lock-free where the
// server can tell the binlog position of a transaction's read view), as Debezium "r" events,
// before streaming starts at that point. Tables are read in primary-key chunks by several
// threads at once; after each completed chunk the offset records what is left, so that a
// restart resumes from there (see window.h for how the rest is then read).
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/status.h"
#include "format/envelope.h"
#include "offsets/offset.h"
#include "schema/bind.h"
#include "schema/schema.h"
#include "sinks/output.h"
#include "snapshot/progress.h"

namespace rowcast::mysql {
class Connection;
}

namespace rowcast::snapshot {

struct InitialOptions {
  format::EnvelopeOptions envelope;
  schema::CharsetLookup charsets;
  uint64_t chunk_size = 100000;
  std::chrono::milliseconds commit_interval{10000};
  // snapshot.select.statement.overrides: "db.table" -> SELECT statement.
  std::unordered_map<std::string, std::string> select_overrides;
  bool progress_on_terminal = false;  // redraw a progress line on stderr
};

// `readers`: connections each inside its transaction at the snapshot point (one thread each).
// `tables`: the tables to read, in order. `at`: the snapshot position (the offset written
// during and after the snapshot). `commit`: commits offsets (called with no record in flight
// from this snapshot's threads). Returns when every table is read, on the first error, or when
// `stop` is set (Cancelled).
[[nodiscard]] Status RunInitialSnapshot(
    std::vector<std::unique_ptr<mysql::Connection>>& readers,
    const std::vector<std::shared_ptr<const schema::Table>>& tables,
    const offsets::BinlogOffset& at, const InitialOptions& options, sinks::RecordOutput& out,
    const std::function<Status()>& commit, SnapshotStatus& status, const std::atomic<bool>& stop);

// Replaces the value of source.snapshot in a rendered envelope ("true" -> "last").
void SetSnapshotMarker(std::string& value, std::string_view marker);

}  // namespace rowcast::snapshot
