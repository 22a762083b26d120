// Snapshots read while the binlog streams (incremental snapshots, and the rest of an initial
// snapshot that a restart interrupted), by the watermark method of Netflix's DBLog: each chunk
// is read between a low and a high watermark in the binlog; rows of the chunk whose keys change
// between the two are dropped, because the log events carry them; the rest are emitted when
// the stream reaches the high watermark, so no stale row follows a newer change.
//
// The watermarks are binlog positions. The low one is the server's position before the chunk's
// transaction opens; the high one is the position that MariaDB reports for the read view of a
// START TRANSACTION WITH CONSISTENT SNAPSHOT (binlog_snapshot_position): exactly the changes
// before it are in the chunk. No lock is taken and nothing is written to the database.
//
// Threads: a worker thread with its own connection reads chunks; every other call comes from
// the pipeline thread.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "common/status.h"
#include "format/envelope.h"
#include "mysql/connection.h"
#include "offsets/offset.h"
#include "schema/bind.h"
#include "schema/schema.h"
#include "sinks/output.h"
#include "snapshot/progress.h"

namespace rowcast::snapshot {

struct BinlogPos {
  std::string file;
  uint64_t pos = 0;
};
// <0, 0, >0 as a is before, at or after b (files compare by their numeric suffix).
int ComparePos(const BinlogPos& a, const BinlogPos& b);

struct WindowOptions {
  mysql::ConnectOptions connect;
  format::EnvelopeOptions envelope;
  schema::CharsetLookup charsets;
  uint64_t chunk_size = 1024;
};

class WindowedSnapshot {
 public:
  // The current schema of a table (from the pipeline's tracker), or null when unknown.
  using SchemaLookup =
      std::function<std::shared_ptr<const schema::Table>(std::string_view db, std::string_view t)>;

  WindowedSnapshot(WindowOptions options, SnapshotWork work, SnapshotStatus& status);
  ~WindowedSnapshot();

  const SnapshotWork& work() const { return work_; }
  bool done() const { return work_.tables.empty() && !chunk_requested_; }

  // More tables to read (an execute-snapshot signal); tables already queued are not repeated.
  void Add(std::vector<TableWork> tables);
  // Stops reading `tables` (all when empty): a stop-snapshot signal.
  void Remove(const std::vector<std::string>& tables);
  // A new stream (reconnect): a chunk in flight is read again.
  void Restart();

  // A row change the stream emitted, in a transaction starting at `trx_start`.
  void OnChange(std::string_view db, std::string_view table, std::string_view key,
                const BinlogPos& trx_start);

  // Called at transaction boundaries: `at` is the stream position. Requests the next chunk,
  // and when the chunk in flight is read and the stream has reached its high watermark, emits
  // its rows and advances the offset to `resume` with the new progress. Returns whether the
  // progress changed (callers refresh the progress they attach to offsets).
  [[nodiscard]] StatusOr<bool> Poll(const BinlogPos& at, const offsets::BinlogOffset& resume,
                                    const SchemaLookup& lookup, sinks::RecordOutput& out);

 private:
  struct Chunk {
    TableWork table;                     // what was asked
    std::vector<sinks::Record> records;  // in key order
    std::vector<std::string> keys;       // rendered keys, one per record
    KeyValues last;
    uint64_t rows = 0;
    bool complete = false;  // fewer rows than asked: the table is done
    BinlogPos low, high;
    Status error;
  };
  struct Request {
    std::shared_ptr<const schema::Table> table;
    TableWork work;
    uint64_t generation = 0;
  };

  void Worker();
  Status ReadChunk(const Request& req, Chunk& out);

  WindowOptions options_;
  SnapshotWork work_;
  SnapshotStatus& status_;
  std::unique_ptr<format::EnvelopeWriter> writer_;  // worker thread
  std::unique_ptr<mysql::Connection> conn_;         // worker thread

  // Pipeline side.
  bool chunk_requested_ = false;
  std::string window_table_;  // db.table of the chunk in flight
  // Keys changed since the request, with the start of their transaction.
  std::vector<std::pair<std::string, BinlogPos>> changed_;

  std::mutex mu_;
  std::condition_variable cv_;
  std::optional<Request> request_;
  std::optional<Chunk> ready_;
  uint64_t generation_ = 0;
  bool stopping_ = false;
  std::thread worker_;
};

}  // namespace rowcast::snapshot
