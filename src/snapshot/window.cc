#include "snapshot/window.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <unordered_set>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "common/logging.h"
#include "snapshot/initial.h"
#include "snapshot/reader.h"

namespace rowcast::snapshot {

namespace {

int64_t NowNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

uint64_t FileNumber(std::string_view file) {
  const size_t dot = file.rfind('.');
  if (dot == std::string_view::npos) return 0;
  return std::strtoull(std::string(file.substr(dot + 1)).c_str(), nullptr, 10);
}

StatusOr<BinlogPos> MasterPosition(mysql::Connection& c) {
  ROWCAST_ASSIGN_OR_RETURN(mysql::ResultSet rs, c.Query("SHOW MASTER STATUS"));
  if (rs.rows.empty() || rs.rows[0].size() < 2 || !rs.rows[0][0] || !rs.rows[0][1]) {
    return std::unexpected(FailedPreconditionError("SHOW MASTER STATUS returned nothing"));
  }
  return BinlogPos{*rs.rows[0][0], std::strtoull(rs.rows[0][1]->c_str(), nullptr, 10)};
}

StatusOr<BinlogPos> ReadViewPosition(mysql::Connection& c) {
  ROWCAST_ASSIGN_OR_RETURN(mysql::ResultSet rs, c.Query("SHOW STATUS LIKE 'binlog_snapshot_%'"));
  BinlogPos p;
  for (const auto& row : rs.rows) {
    if (row.size() < 2 || !row[0] || !row[1]) continue;
    if (*row[0] == "Binlog_snapshot_file") p.file = *row[1];
    if (*row[0] == "Binlog_snapshot_position") p.pos = std::strtoull(row[1]->c_str(), nullptr, 10);
  }
  if (p.file.empty()) {
    return std::unexpected(FailedPreconditionError(
        "the server reports no binlog_snapshot_file: snapshots while streaming need MariaDB "
        "(its consistent snapshots tell their binlog position)"));
  }
  return p;
}

}  // namespace

int ComparePos(const BinlogPos& a, const BinlogPos& b) {
  if (a.file != b.file) {
    const uint64_t fa = FileNumber(a.file), fb = FileNumber(b.file);
    if (fa != fb) return fa < fb ? -1 : 1;
    return a.file < b.file ? -1 : 1;
  }
  if (a.pos != b.pos) return a.pos < b.pos ? -1 : 1;
  return 0;
}

WindowedSnapshot::WindowedSnapshot(WindowOptions options, SnapshotWork work, SnapshotStatus& status)
    : options_(std::move(options)), work_(std::move(work)), status_(status) {
  std::vector<TableStatus> st;
  for (const auto& t : work_.tables) {
    st.push_back(TableStatus{t.db + "." + t.table, t.rows, 0, false, true});
  }
  status_.Start(work_.kind, std::move(st));
  worker_ = std::thread([this, ctx = CurrentLogContext()] {
    LogContext log_context(ctx);
    Worker();
  });
}

WindowedSnapshot::~WindowedSnapshot() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  worker_.join();
}

void WindowedSnapshot::Add(std::vector<TableWork> tables) {
  for (auto& t : tables) {
    const bool queued = std::any_of(work_.tables.begin(), work_.tables.end(), [&](const auto& w) {
      return w.db == t.db && w.table == t.table;
    });
    if (!queued) work_.tables.push_back(std::move(t));
  }
  std::vector<TableStatus> st;
  for (const auto& t : work_.tables) {
    st.push_back(TableStatus{t.db + "." + t.table, t.rows, 0, false, true});
  }
  status_.Start(work_.kind, std::move(st));
}

void WindowedSnapshot::Remove(const std::vector<std::string>& tables) {
  std::erase_if(work_.tables, [&](const TableWork& w) {
    return tables.empty() ||
           std::find(tables.begin(), tables.end(), w.db + "." + w.table) != tables.end();
  });
  Restart();
}

void WindowedSnapshot::Restart() {
  std::lock_guard lock(mu_);
  ++generation_;
  request_.reset();
  ready_.reset();
  chunk_requested_ = false;
  changed_.clear();
  window_table_.clear();
}

void WindowedSnapshot::OnChange(std::string_view db, std::string_view table, std::string_view key,
                                const BinlogPos& trx_start) {
  if (!chunk_requested_) return;
  if (window_table_.size() != db.size() + 1 + table.size() ||
      window_table_.compare(0, db.size(), db) != 0 ||
      window_table_.compare(db.size() + 1, std::string::npos, table) != 0) {
    return;
  }
  changed_.emplace_back(std::string(key), trx_start);
}

StatusOr<bool> WindowedSnapshot::Poll(const BinlogPos& at, const offsets::BinlogOffset& resume,
                                      const SchemaLookup& lookup, sinks::RecordOutput& out) {
  if (!chunk_requested_) {
    while (!work_.tables.empty()) {
      const TableWork& next = work_.tables.front();
      auto table = lookup(next.db, next.table);
      if (table) {
        std::lock_guard lock(mu_);
        request_ = Request{std::move(table), next, generation_};
        chunk_requested_ = true;
        window_table_ = next.db + "." + next.table;
        changed_.clear();
        cv_.notify_all();
        break;
      }
      spdlog::warn("snapshot of {}.{}: the table no longer exists; skipped", next.db, next.table);
      work_.tables.erase(work_.tables.begin());
    }
    return false;
  }
  std::optional<Chunk> chunk;
  {
    std::lock_guard lock(mu_);
    if (!ready_) return false;
    if (!ready_->error.ok()) return std::unexpected(ready_->error);
    if (ComparePos(at, ready_->high) < 0) return false;  // the stream has not reached it yet
    chunk = std::move(ready_);
    ready_.reset();
  }
  // Keys changed inside the window, from the low watermark up to now (the stream may be past
  // the high one when the chunk arrives): their log events, already emitted, carry them.
  std::unordered_set<std::string> dropped;
  for (const auto& [key, start] : changed_) {
    if (ComparePos(start, chunk->low) >= 0) dropped.insert(key);
  }
  changed_.clear();
  chunk_requested_ = false;
  window_table_.clear();
  const std::string name = chunk->table.db + "." + chunk->table.table;
  TableWork* w = nullptr;
  for (auto& t : work_.tables) {
    if (t.db == chunk->table.db && t.table == chunk->table.table) w = &t;
  }
  if (w == nullptr) return false;  // stopped meanwhile
  const bool last_table = chunk->complete && work_.tables.size() == 1;
  const bool initial = work_.kind == SnapshotKind::kInitial;
  size_t emitted = 0;
  for (size_t i = 0; i < chunk->records.size(); ++i) {
    if (dropped.contains(chunk->keys[i])) continue;
    sinks::Record& rec = chunk->records[i];
    ++emitted;
    if (initial && last_table && i + 1 == chunk->records.size()) {
      SetSnapshotMarker(*rec.value, "last");
    }
    ROWCAST_RETURN_IF_ERROR(out.Emit(std::move(rec), std::nullopt));
  }
  w->rows += chunk->rows;
  status_.AddRows(name, chunk->rows);
  if (chunk->complete) {
    status_.Finish(name);
    spdlog::info("snapshot of {} done ({} rows)", name, w->rows);
    work_.tables.erase(work_.tables.begin() + (w - work_.tables.data()));
  } else {
    w->after = chunk->last;
  }
  if (!dropped.empty()) {
    spdlog::debug("snapshot chunk of {}: {} rows, {} dropped (changed in the window)", name,
                  chunk->rows, chunk->rows - emitted);
  }
  auto base = std::make_shared<offsets::BinlogOffset>(resume);
  base->snapshot = initial && !work_.tables.empty();
  base->snapshot_progress = work_.tables.empty() ? "" : WorkToJson(work_);
  out.Advance(offsets::OffsetRef{std::move(base), resume.event, resume.row});
  if (work_.tables.empty()) {
    status_.End();
    spdlog::info("snapshot completed: {}", SnapshotStatus::Line(status_.Get()));
  }
  return true;
}

void WindowedSnapshot::Worker() {
  while (true) {
    Request req;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || request_.has_value(); });
      if (stopping_) return;
      req = std::move(*request_);
      request_.reset();
    }
    Chunk chunk;
    chunk.table = req.work;
    Status s = ReadChunk(req, chunk);
    if (!s.ok()) {
      conn_.reset();  // a fresh connection for the next attempt
      chunk.error =
          s.WithContext(fmt::format("snapshot chunk of {}.{}", req.work.db, req.work.table));
    }
    std::lock_guard lock(mu_);
    if (req.generation == generation_) ready_ = std::move(chunk);
  }
}

Status WindowedSnapshot::ReadChunk(const Request& req, Chunk& out) {
  if (!writer_) {
    ROWCAST_ASSIGN_OR_RETURN_STATUS(writer_, format::EnvelopeWriter::Create(options_.envelope));
  }
  if (!conn_) {
    ROWCAST_ASSIGN_OR_RETURN_STATUS(conn_, mysql::Connection::Open(options_.connect));
    ROWCAST_RETURN_STATUS_IF_ERROR(
        conn_->Execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ"));
    ROWCAST_RETURN_STATUS_IF_ERROR(
        conn_->Execute("SET SESSION character_set_results = NULL, time_zone = '+00:00'"));
  }
  ROWCAST_ASSIGN_OR_RETURN_STATUS(out.low, MasterPosition(*conn_));
  ROWCAST_RETURN_STATUS_IF_ERROR(conn_->Execute("START TRANSACTION WITH CONSISTENT SNAPSHOT"));
  auto high = ReadViewPosition(*conn_);
  if (!high.has_value()) {
    (void)conn_->Execute("ROLLBACK");
    return high.error();
  }
  out.high = *high;
  ROWCAST_ASSIGN_OR_RETURN_STATUS(
      std::unique_ptr<TableReader> reader,
      TableReader::Create(req.table, options_.charsets, {.mariadb = conn_->is_mariadb()}));
  const binlog::TableMap& map = reader->map();
  writer_->SetTable(map, req.table);
  const std::string topic = writer_->Topic(map);
  format::SourceInfo src;
  src.ts_ms = NowNanos() / 1000000;
  src.file = out.high.file;
  src.pos = out.high.pos;
  const bool initial = work_.kind == SnapshotKind::kInitial;
  src.snapshot = initial ? "true" : "incremental";
  const std::vector<binlog::Cell> none;
  const uint64_t limit = reader->chunked() ? options_.chunk_size : 0;
  auto on_row = [&](const std::vector<binlog::Cell>& cells) -> Status {
    sinks::Record rec;
    rec.topic = topic;
    ROWCAST_RETURN_STATUS_IF_ERROR(writer_->AppendKey(rec.key, map, cells));
    std::string value;
    ROWCAST_RETURN_STATUS_IF_ERROR(
        writer_->AppendValue(value, map, format::Op::kRead, none, cells, src, NowNanos()));
    rec.value = std::move(value);
    out.keys.push_back(rec.key);
    out.records.push_back(std::move(rec));
    return OkStatus();
  };
  auto n = reader->Read(*conn_, req.work.after, req.work.filter, limit, on_row, &out.last);
  (void)conn_->Execute("COMMIT");
  if (!n.has_value()) return n.error();
  out.rows = *n;
  out.complete = limit == 0 || *n < limit;
  return OkStatus();
}

}  // namespace rowcast::snapshot
