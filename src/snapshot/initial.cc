#include "snapshot/initial.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <mutex>
#include <optional>
#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "common/logging.h"
#include "mysql/connection.h"
#include "snapshot/reader.h"

namespace rowcast::snapshot {

namespace {

int64_t NowNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Serialises the records of all reader threads into the output, in the order Debezium marks
// them: "first" on the very first record, "last" on the very last one. The last record of each
// table is held back until another table finishes (or the snapshot ends), so that the one that
// turns out to be the last of all can still say so. After each completed chunk it advances the
// offset to a position that records what is left.
class Emitter {
 public:
  Emitter(sinks::RecordOutput& out, const offsets::BinlogOffset& at, SnapshotWork work)
      : out_(out), at_(at), work_(std::move(work)) {}

  std::mutex& mu() { return mu_; }

  // The position before any record: the whole snapshot still to do.
  void Start() {
    std::lock_guard lock(mu_);
    MarkLocked();
  }

  // Sends `batch` in order under one lock (reader threads would otherwise contend for it on
  // every row), and empties it.
  Status SendBatch(std::vector<sinks::Record>& batch) {
    std::lock_guard lock(mu_);
    Status s;
    for (auto& rec : batch) {
      s = SendLocked(std::move(rec));
      if (!s.ok()) break;
    }
    batch.clear();
    return s;
  }

  void ChunkDone(const TableWork& key, const KeyValues& last, uint64_t rows) {
    std::lock_guard lock(mu_);
    if (TableWork* t = Find(key)) {
      t->after = last;
      t->rows = rows;
    }
    MarkLocked();
  }

  // `last`: the table's last record, already marked last_in_data_collection; nullopt for an
  // empty table.
  Status TableDone(const TableWork& key, std::optional<sinks::Record> last) {
    std::lock_guard lock(mu_);
    if (!last) {
      Remove(key);
      MarkLocked();
      return OkStatus();
    }
    ROWCAST_RETURN_STATUS_IF_ERROR(ReleaseHeldLocked());
    held_ = std::move(last);
    held_table_ = key;
    return OkStatus();
  }

  Status Finish() {
    std::lock_guard lock(mu_);
    if (held_) SetSnapshotMarker(*held_->value, "last");
    return ReleaseHeldLocked();
  }

 private:
  Status SendLocked(sinks::Record rec) {
    if (!work_.first_emitted && rec.value) {
      SetSnapshotMarker(*rec.value, "first");
      work_.first_emitted = true;
    }
    return out_.Emit(std::move(rec), std::nullopt);
  }

  Status ReleaseHeldLocked() {
    if (!held_) return OkStatus();
    sinks::Record rec = std::move(*held_);
    held_.reset();
    ROWCAST_RETURN_STATUS_IF_ERROR(SendLocked(std::move(rec)));
    Remove(held_table_);
    MarkLocked();
    return OkStatus();
  }

  TableWork* Find(const TableWork& key) {
    for (auto& t : work_.tables) {
      if (t.db == key.db && t.table == key.table) return &t;
    }
    return nullptr;
  }
  void Remove(const TableWork& key) {
    std::erase_if(work_.tables,
                  [&](const TableWork& t) { return t.db == key.db && t.table == key.table; });
  }
  void MarkLocked() {
    auto base = std::make_shared<offsets::BinlogOffset>(at_);
    base->snapshot = true;
    base->snapshot_progress = WorkToJson(work_);
    out_.Advance(offsets::OffsetRef{std::move(base), 0, 0});
  }

  std::mutex mu_;
  sinks::RecordOutput& out_;
  offsets::BinlogOffset at_;
  SnapshotWork work_;
  std::optional<sinks::Record> held_;
  TableWork held_table_;
};

struct Shared {
  const std::vector<std::shared_ptr<const schema::Table>>& tables;
  const offsets::BinlogOffset& at;
  const InitialOptions& options;
  Emitter& emitter;
  SnapshotStatus& status;
  const std::atomic<bool>& stop;
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex error_mu;
  Status error;

  void Fail(Status s) {
    std::lock_guard lock(error_mu);
    if (error.ok()) error = std::move(s);
    failed.store(true);
  }
};

// Records a reader thread hands to the emitter at once.
constexpr size_t kBatch = 256;

Status ReadTable(mysql::Connection& conn, const std::shared_ptr<const schema::Table>& table,
                 format::EnvelopeWriter& writer, Shared& sh) {
  const std::string name = table->db + "." + table->name;
  std::string override_sql;
  if (auto it = sh.options.select_overrides.find(name); it != sh.options.select_overrides.end()) {
    override_sql = it->second;
  }
  const bool overridden = !override_sql.empty();
  ROWCAST_ASSIGN_OR_RETURN_STATUS(
      std::unique_ptr<TableReader> reader,
      TableReader::Create(table, sh.options.charsets, {.mariadb = conn.is_mariadb()},
                          std::move(override_sql)));
  if (!reader->chunked()) {
    sh.status.SetChunked(name, false);
    spdlog::info(
        "snapshot of {}: {}, so it is read in one statement, without chunks (a restart reads "
        "it again from its first row)",
        name,
        overridden ? "snapshot.select.statement.overrides gives its SELECT"
                   : "the table has no primary key and no unique key of NOT NULL columns");
  }
  const binlog::TableMap& map = reader->map();
  writer.SetTable(map, table);
  const std::string topic = writer.Topic(map);
  format::SourceInfo src;
  src.ts_ms = NowNanos() / 1000000;
  src.server_id = 0;
  src.file = sh.at.file;
  src.pos = sh.at.pos;
  const std::vector<binlog::Cell> none;

  TableWork key{table->db, table->name, {}, {}, 0};
  std::vector<sinks::Record> batch;
  batch.reserve(kBatch);
  std::optional<sinks::Record> pending;
  bool pending_marker = false;
  KeyValues marker_key;
  uint64_t marker_rows = 0;
  bool first_in_table = true;
  uint64_t total = 0, unreported = 0;
  auto on_row = [&](const std::vector<binlog::Cell>& cells) -> Status {
    if (sh.stop.load(std::memory_order_relaxed) || sh.failed.load(std::memory_order_relaxed)) {
      return CancelledError("the snapshot was stopped");
    }
    sinks::Record rec;
    rec.topic = topic;
    ROWCAST_RETURN_STATUS_IF_ERROR(writer.AppendKey(rec.key, map, cells));
    src.snapshot = first_in_table ? "first_in_data_collection" : "true";
    first_in_table = false;
    std::string value;
    value.reserve(512);
    ROWCAST_RETURN_STATUS_IF_ERROR(
        writer.AppendValue(value, map, format::Op::kRead, none, cells, src, NowNanos()));
    rec.value = std::move(value);
    if (pending) {
      batch.push_back(std::move(*pending));
      if (pending_marker) {
        ROWCAST_RETURN_STATUS_IF_ERROR(sh.emitter.SendBatch(batch));
        sh.emitter.ChunkDone(key, marker_key, marker_rows);
        pending_marker = false;
      } else if (batch.size() == kBatch) {
        ROWCAST_RETURN_STATUS_IF_ERROR(sh.emitter.SendBatch(batch));
      }
    }
    pending = std::move(rec);
    if (++unreported == 4096) {
      sh.status.AddRows(name, unreported);
      unreported = 0;
    }
    return OkStatus();
  };
  const uint64_t limit = reader->chunked() ? sh.options.chunk_size : 0;
  KeyValues after, last;
  while (true) {
    ROWCAST_ASSIGN_OR_RETURN_STATUS(uint64_t n,
                                    reader->Read(conn, after, "", limit, on_row, &last));
    total += n;
    if (limit == 0 || n < limit) break;
    // The chunk is complete once its last record is sent: that happens with the next row.
    pending_marker = true;
    marker_key = last;
    marker_rows = total;
    after = last;
  }
  sh.status.AddRows(name, unreported);
  ROWCAST_RETURN_STATUS_IF_ERROR(sh.emitter.SendBatch(batch));
  if (pending) SetSnapshotMarker(*pending->value, "last_in_data_collection");
  ROWCAST_RETURN_STATUS_IF_ERROR(sh.emitter.TableDone(key, std::move(pending)));
  sh.status.Finish(name);
  spdlog::debug("snapshot of {}: {} rows", name, total);
  return OkStatus();
}

void ReaderThread(mysql::Connection& conn, Shared& sh) {
  auto writer = format::EnvelopeWriter::Create(sh.options.envelope);
  if (!writer.has_value()) {
    sh.Fail(writer.error());
    return;
  }
  while (!sh.stop.load() && !sh.failed.load()) {
    const size_t i = sh.next.fetch_add(1);
    if (i >= sh.tables.size()) return;
    Status s = ReadTable(conn, sh.tables[i], **writer, sh);
    if (!s.ok()) {
      sh.Fail(std::move(s));
      return;
    }
  }
}

}  // namespace

void SetSnapshotMarker(std::string& value, std::string_view marker) {
  // source comes after before/after in the envelope and nothing but op, ts_* and transaction
  // follow it, so the last occurrence is the source's (a column named "snapshot" inside
  // before/after comes earlier).
  static constexpr std::string_view kKey = "\"snapshot\":\"";
  const size_t at = value.rfind(kKey);
  if (at == std::string::npos) return;
  const size_t begin = at + kKey.size();
  const size_t end = value.find('"', begin);
  if (end == std::string::npos) return;
  value.replace(begin, end - begin, marker);
}

Status RunInitialSnapshot(std::vector<std::unique_ptr<mysql::Connection>>& readers,
                          const std::vector<std::shared_ptr<const schema::Table>>& tables,
                          const offsets::BinlogOffset& at, const InitialOptions& options,
                          sinks::RecordOutput& out, const std::function<Status()>& commit,
                          SnapshotStatus& status, const std::atomic<bool>& stop) {
  SnapshotWork work;
  work.kind = SnapshotKind::kInitial;
  for (const auto& t : tables) work.tables.push_back(TableWork{t->db, t->name, {}, {}, 0});
  Emitter emitter(out, at, std::move(work));
  // Stored before any record is sent: a restart then resumes this snapshot and streams from its
  // point, so that a row sent now and changed before the restart gets its change event. (A new
  // snapshot at a later point would never send the delete of a row removed in between.)
  emitter.Start();
  ROWCAST_RETURN_STATUS_IF_ERROR(commit());
  Shared sh{tables, at, options, emitter, status, stop, {}, {}, {}, {}};
  std::vector<std::thread> threads;
  threads.reserve(readers.size());
  for (auto& conn : readers) {
    threads.emplace_back([&sh, c = conn.get(), ctx = CurrentLogContext()] {
      LogContext log_context(ctx);
      ReaderThread(*c, sh);
    });
  }
  std::atomic<size_t> running{threads.size()};
  // Wait for the readers, committing offsets and reporting progress meanwhile.
  std::thread waiter([&] {
    for (auto& t : threads) t.join();
    running.store(0);
  });
  auto next_commit = std::chrono::steady_clock::now() + options.commit_interval;
  auto next_log = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  const bool terminal = options.progress_on_terminal;
  Status commit_error;
  while (running.load() != 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(terminal ? 250 : 100));
    const auto now = std::chrono::steady_clock::now();
    if (now >= next_commit && commit_error.ok() && !sh.failed.load()) {
      std::lock_guard lock(emitter.mu());
      commit_error = commit();
      if (!commit_error.ok()) sh.Fail(commit_error);
      next_commit = now + options.commit_interval;
    }
    if (terminal) {
      std::fprintf(stderr, "\r\033[Ksnapshot: %s", SnapshotStatus::Line(status.Get()).c_str());
      std::fflush(stderr);
    } else if (now >= next_log) {
      spdlog::info("snapshot: {}", SnapshotStatus::Line(status.Get()));
      next_log = now + std::chrono::seconds(5);
    }
  }
  waiter.join();
  if (terminal) std::fprintf(stderr, "\r\033[K");
  if (sh.failed.load()) return sh.error;
  if (stop.load()) return CancelledError("the snapshot was stopped");
  return emitter.Finish();
}

}  // namespace rowcast::snapshot
