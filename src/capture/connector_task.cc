#include "capture/connector_task.h"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <fmt/ranges.h>
#include <re2/re2.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include "capture/event_queue.h"
#include "common/logging.h"
#include "format/cloudevents.h"
#include "snapshot/initial.h"

namespace rowcast::capture {

using binlog::Event;
using binlog::EventHeader;
using binlog::EventType;
using offsets::BinlogOffset;
using offsets::OffsetRef;

namespace {

mysql::SslMode ToMysql(config::SslMode m) {
  switch (m) {
    case config::SslMode::kDisabled:
      return mysql::SslMode::kDisabled;
    case config::SslMode::kPreferred:
      return mysql::SslMode::kPreferred;
    case config::SslMode::kRequired:
      return mysql::SslMode::kRequired;
    case config::SslMode::kVerifyCa:
      return mysql::SslMode::kVerifyCa;
    case config::SslMode::kVerifyIdentity:
      return mysql::SslMode::kVerifyIdentity;
  }
  return mysql::SslMode::kPreferred;
}

mysql::ConnectOptions ConnectOptionsFor(const config::ConnectorSettings& s) {
  mysql::ConnectOptions o;
  o.host = s.hostname;
  o.port = s.port;
  o.user = s.user;
  o.password = s.password;
  o.ssl_mode = ToMysql(s.ssl_mode);
  o.ssl_ca = s.ssl_ca;
  o.ssl_truststore = s.ssl_truststore;
  o.ssl_truststore_password = s.ssl_truststore_password;
  o.ssl_cert = s.ssl_cert;
  o.ssl_key = s.ssl_key;
  o.connect_timeout_s = static_cast<unsigned>(std::max<int64_t>(s.connect_timeout_ms / 1000, 1));
  return o;
}

bool SnapshotsData(config::SnapshotMode m) {
  using enum config::SnapshotMode;
  return m == kInitial || m == kInitialOnly || m == kWhenNeeded || m == kAlways;
}

// A reader of the initial snapshot: a connection inside a REPEATABLE READ transaction whose
// read view is the snapshot point, with results in each column's own bytes and UTC times.
StatusOr<std::unique_ptr<mysql::Connection>> OpenSnapshotReader(const mysql::ConnectOptions& co) {
  ROWCAST_ASSIGN_OR_RETURN(std::unique_ptr<mysql::Connection> c, mysql::Connection::Open(co));
  ROWCAST_RETURN_IF_ERROR(c->Execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ"));
  ROWCAST_RETURN_IF_ERROR(
      c->Execute("SET SESSION character_set_results = NULL, time_zone = '+00:00'"));
  ROWCAST_RETURN_IF_ERROR(c->Execute("START TRANSACTION WITH CONSISTENT SNAPSHOT"));
  return c;
}

// MariaDB: the binlog position that a consistent-snapshot transaction's read view matches.
StatusOr<std::pair<std::string, uint64_t>> SnapshotBinlogPosition(mysql::Connection& c) {
  ROWCAST_ASSIGN_OR_RETURN(mysql::ResultSet rs, c.Query("SHOW STATUS LIKE 'binlog_snapshot_%'"));
  std::string file;
  uint64_t pos = 0;
  for (const auto& row : rs.rows) {
    if (row.size() < 2 || !row[0] || !row[1]) continue;
    if (*row[0] == "Binlog_snapshot_file") file = *row[1];
    if (*row[0] == "Binlog_snapshot_position") pos = std::strtoull(row[1]->c_str(), nullptr, 10);
  }
  if (file.empty()) {
    return std::unexpected(FailedPreconditionError(
        "the server does not report binlog_snapshot_file (is the binary log enabled?)"));
  }
  return std::make_pair(file, pos);
}

}  // namespace

ConnectorTask::ConnectorTask(TaskOptions options) : options_(std::move(options)) {}

ConnectorTask::~ConnectorTask() = default;

StatusOr<std::unique_ptr<ConnectorTask>> ConnectorTask::Create(TaskOptions options) {
  std::unique_ptr<ConnectorTask> t(new ConnectorTask(std::move(options)));
  const auto& s = t->options_.settings;
  std::error_code ec;
  std::filesystem::create_directories(t->options_.data_dir + "/offsets", ec);
  if (ec) {
    return std::unexpected(FailedPreconditionError(
        fmt::format("cannot create data directory {}: {}", t->options_.data_dir, ec.message())));
  }
  ConnectorTask* self = t.get();
  // The HTTP sink maps records to CloudEvents itself.
  const std::string_view spec = t->options_.sink;
  const bool http_sink = spec == "http" || spec.starts_with("http:") || spec.starts_with("https:");
  t->cloudevent_headers_ = s.kafka_cloudevents && !http_sink;
  t->cloudevent_options_.topic_prefix = s.topic_prefix;
  t->cloudevent_options_.connector = s.flavor == config::Flavor::kMariaDb ? "mariadb" : "mysql";
  const sinks::HttpOptions http{
      .topic_prefix = s.topic_prefix,
      .connector = s.flavor == config::Flavor::kMariaDb ? "mariadb" : "mysql",
      .settings = s.http_sink};
  ROWCAST_ASSIGN_OR_RETURN(t->sink_, sinks::CreateSink(
                                         t->options_.sink,
                                         [self](uint64_t seq, const Status& st) {
                                           if (st.ok()) {
                                             self->tracker_.Ack(seq);
                                             return;
                                           }
                                           // A record the sink could not deliver stops the task:
                                           // its offset, and every later one, must never be
                                           // committed.
                                           std::lock_guard lock(self->delivery_mu_);
                                           if (self->delivery_error_.ok())
                                             self->delivery_error_ = st;
                                         },
                                         t->options_.kafka, http));
  if (t->sink_->transactional() && !t->options_.kafka_offsets) {
    return std::unexpected(InvalidArgumentError(
        "exactly-once delivery writes the offsets into the same Kafka transactions as the "
        "records: give a worker file (--worker) with offset.storage.topic"));
  }
  if (t->options_.kafka_offsets) {
    ROWCAST_ASSIGN_OR_RETURN(t->store_,
                             sinks::kafka::KafkaOffsetStore::Open(*t->options_.kafka_offsets));
  } else {
    t->store_ = std::make_unique<offsets::FileOffsetStore>(t->options_.data_dir + "/offsets",
                                                           s.name, s.topic_prefix);
  }
  ProcessorOptions po{.history_path = !s.history_file.empty()
                                          ? s.history_file
                                          : fmt::format("{}/schema-history/{}.history",
                                                        t->options_.data_dir, s.name),
                      .lenient_schemas = false,
                      .history = nullptr};
  std::string history_where = po.history_path;
  if (t->options_.kafka_history) {
    ROWCAST_ASSIGN_OR_RETURN(po.history,
                             sinks::kafka::KafkaSchemaHistory::Open(*t->options_.kafka_history));
    history_where = po.history->where();
  }
  ROWCAST_ASSIGN_OR_RETURN(t->processor_, ChangeProcessor::Create(s, *t, po));
  t->report_host_ = "rowcast:" + s.name;
  t->processor_->SetChangeHook(
      [self](const binlog::TableMap& table, std::string_view key, uint64_t trx_pos) {
        if (self->window_) {
          self->window_->OnChange(table.db, table.table, key,
                                  snapshot::BinlogPos{self->processor_->file(), trx_pos});
        }
      });
  if (const size_t dot = s.signal_data_collection.find('.'); dot != std::string::npos) {
    t->processor_->SetSignalHook(
        s.signal_data_collection.substr(0, dot), s.signal_data_collection.substr(dot + 1),
        [self](const std::vector<std::optional<std::string>>& row) { return self->OnSignal(row); });
  }
  ROWCAST_ASSIGN_OR_RETURN(std::optional<BinlogOffset> stored, t->store_->Load());
  using enum config::SnapshotMode;
  if (stored && s.snapshot_mode == kAlways) {
    spdlog::info(
        "snapshot.mode=always: taking a new snapshot (the stored offset in {} is replaced)",
        t->store_->where());
    stored.reset();
  }
  if (stored && !stored->snapshot_progress.empty() && s.snapshot_mode != kInitialOnly) {
    ROWCAST_ASSIGN_OR_RETURN(snapshot::SnapshotWork work,
                             snapshot::WorkFromJson(stored->snapshot_progress));
    spdlog::info(
        "the stored offset has a snapshot in progress ({} table(s) left): it resumes from its "
        "last completed chunk while the binlog streams",
        work.tables.size());
    t->pending_work_ = std::move(work);
  } else if (stored && stored->snapshot && SnapshotsData(s.snapshot_mode)) {
    // An initial snapshot that did not complete: taken again from the start.
    spdlog::warn(
        "the stored offset in {} is of an initial snapshot that did not complete; taking the "
        "snapshot again from the start",
        t->store_->where());
    stored.reset();
  }
  if (stored && s.snapshot_mode == kInitialOnly) {
    spdlog::info(
        "snapshot.mode=initial_only: the snapshot was completed before (offset in {}); nothing "
        "to do",
        t->store_->where());
    t->finished_ = true;
    return t;
  }
  if (stored) {
    t->resume_ = Resume{stored->file, stored->pos, stored->gtids, stored->event, stored->row};
    spdlog::info("resuming from stored offset {} ({})", offsets::OffsetToJson(*stored),
                 t->store_->where());
    if (s.snapshot_mode == kRecovery) {
      t->recapture_schemas_ = true;
      t->recovery_offset_ = *stored;
      spdlog::warn(
          "snapshot.mode=recovery: rebuilding the schema history {} from the schemas the server "
          "has now; this is right only if no schema change happened since the stored offset",
          history_where);
    } else {
      ROWCAST_RETURN_IF_ERROR(t->processor_->schema().Recover(*stored));
    }
  }
  return t;
}

void ConnectorTask::Stop() {
  stop_.store(true);
  stop_cv_.notify_all();
  std::lock_guard lock(conn_mu_);
  if (live_conn_ != nullptr) live_conn_->Interrupt();
}

void ConnectorTask::SleepUnlessStopped(std::chrono::milliseconds d) {
  std::unique_lock lock(stop_mu_);
  stop_cv_.wait_for(lock, d, [&] { return stop_.load(); });
}

Status ConnectorTask::Run() {
  const auto max_backoff =
      std::chrono::milliseconds(std::max<int64_t>(options_.settings.reconnect_backoff_max_ms, 100));
  std::chrono::milliseconds backoff(200);
  next_commit_ = std::chrono::steady_clock::now() + CommitInterval();
  while (!stop_.load() && !finished_) {
    const uint64_t records_before = processor_->records();
    const auto started = std::chrono::steady_clock::now();
    Status s = StreamOnce();
    if (stop_.load() || (finished_ && s.ok())) break;
    if (!s.ok() && s.code() != StatusCode::kUnavailable) {
      Status c = CommitOffsets(/*final=*/true);
      if (!c.ok()) spdlog::error("committing offsets failed: {}", c.ToString());
      return s;
    }
    // A connection that worked for a while starts the backoff over.
    if (processor_->records() > records_before ||
        std::chrono::steady_clock::now() - started > std::chrono::seconds(30)) {
      backoff = std::chrono::milliseconds(200);
    }
    resume_ = processor_->CurrentResume();
    spdlog::warn("{}; reconnecting in {} ms from {}:{}",
                 s.ok() ? "the server ended the binlog stream" : s.message(), backoff.count(),
                 resume_->file, resume_->pos);
    SleepUnlessStopped(backoff);
    backoff = std::min(backoff * 2, max_backoff);
  }
  return CommitOffsets(/*final=*/true);
}

StatusOr<Resume> ConnectorTask::InitialPosition(const mysql::ServerInfo& info,
                                                mysql::Connection& conn) {
  const auto& s = options_.settings;
  if (s.snapshot_mode == config::SnapshotMode::kNever) {
    if (info.binlogs.empty())
      return std::unexpected(FailedPreconditionError("the server lists no binary logs"));
    // The schemas at the start of the oldest binlog are unknown: they come from its DDL alone
    // (tables created before it are accepted when the binlog names their columns).
    spdlog::info("snapshot.mode=never: streaming from the oldest binary log {}",
                 info.binlogs.front().name);
    schema::HistoryPosition at;
    at.file = info.binlogs.front().name;
    at.pos = 4;
    at.server_id = info.server_id;
    ROWCAST_RETURN_IF_ERROR(processor_->schema().CaptureFromServer(conn, at, false));
    return Resume{info.binlogs.front().name, 4, "", 0, 0};
  }
  if (SnapshotsData(s.snapshot_mode)) return TakeSnapshot(info, conn);
  // The schemas must be those at the start position: both are read under the global read lock.
  ROWCAST_ASSIGN_OR_RETURN(mysql::ServerInfo at, CaptureSchemas(conn));
  Resume r{at.current_file, at.current_position, at_gtids_, 0, 0};
  return r;
}

StatusOr<std::vector<std::shared_ptr<const schema::Table>>> ConnectorTask::TablesToSnapshot(
    mysql::Connection& conn, std::map<std::string, uint64_t>& estimates) {
  const auto& s = options_.settings;
  std::vector<std::unique_ptr<re2::RE2>> include;
  for (const auto& p : s.snapshot_include) {
    re2::RE2::Options o;
    o.set_case_sensitive(false);
    include.push_back(std::make_unique<re2::RE2>(p, o));
  }
  SchemaTracker& tracker = processor_->schema();
  std::vector<std::shared_ptr<const schema::Table>> tables;
  for (const std::string& db : tracker.catalog().DatabaseNames()) {
    for (auto& t : tracker.catalog().Tables(db)) {
      if (t->temporary || !tracker.filter().Captures(t->db, t->name)) continue;
      const std::string name = t->db + "." + t->name;
      if (!include.empty() && std::none_of(include.begin(), include.end(), [&](const auto& re) {
            return re2::RE2::FullMatch(name, *re);
          })) {
        continue;
      }
      tables.push_back(std::move(t));
    }
  }
  ROWCAST_ASSIGN_OR_RETURN(
      mysql::ResultSet rs,
      conn.Query("SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_ROWS FROM information_schema.TABLES "
                 "WHERE TABLE_TYPE = 'BASE TABLE' AND TABLE_SCHEMA NOT IN ('mysql', "
                 "'information_schema', 'performance_schema', 'sys')"));
  for (const auto& row : rs.rows) {
    if (row.size() < 3 || !row[0] || !row[1]) continue;
    estimates[*row[0] + "." + *row[1]] = row[2] ? std::strtoull(row[2]->c_str(), nullptr, 10) : 0;
  }
  if (s.snapshot_order != config::SnapshotOrder::kDisabled) {
    auto est = [&](const auto& t) { return estimates[t->db + "." + t->name]; };
    std::stable_sort(tables.begin(), tables.end(), [&](const auto& a, const auto& b) {
      return s.snapshot_order == config::SnapshotOrder::kAscending ? est(a) < est(b)
                                                                   : est(a) > est(b);
    });
  }
  return tables;
}

StatusOr<Resume> ConnectorTask::TakeSnapshot(const mysql::ServerInfo& info,
                                             mysql::Connection& conn) {
  const auto& s = options_.settings;
  if (s.snapshot_delay_ms > 0) {
    spdlog::info("snapshot.delay.ms: waiting {} ms before the snapshot", s.snapshot_delay_ms);
    SleepUnlessStopped(std::chrono::milliseconds(s.snapshot_delay_ms));
    if (stop_.load()) return std::unexpected(CancelledError("stopped"));
  }
  const mysql::ConnectOptions co = ConnectOptionsFor(s);
  const std::string where = fmt::format("{}:{}", co.host, co.port);

  // 1. The global read lock, unless told not to take it.
  bool locked = false;
  if (s.snapshot_locking_mode != config::SnapshotLockingMode::kNone) {
    const int64_t wait_s = std::max<int64_t>((s.snapshot_lock_timeout_ms + 999) / 1000, 1);
    Status t = conn.Execute(fmt::format("SET SESSION lock_wait_timeout = {}", wait_s));
    if (!t.ok()) spdlog::warn("cannot set lock_wait_timeout: {}", t.message());
    Status l = conn.Execute("FLUSH TABLES WITH READ LOCK");
    if (l.ok()) {
      locked = true;
    } else if (l.message().find("(error 1227)") != std::string::npos ||
               l.code() == StatusCode::kPermissionDenied) {
      if (!info.mariadb) {
        return std::unexpected(PermissionDeniedError(fmt::format(
            "the snapshot needs the global read lock (FLUSH TABLES WITH READ LOCK), which needs "
            "the RELOAD privilege that user '{}' lacks on {}: grant it (GRANT RELOAD ON *.* TO "
            "...), or set snapshot.locking.mode=none (then writes committed while the snapshot "
            "starts, and schema changes made meanwhile, can be missed)",
            s.user, where)));
      }
      spdlog::warn(
          "the snapshot cannot take the global read lock: user '{}' lacks the RELOAD privilege "
          "on {}. Continuing as with snapshot.locking.mode=none: the rows stay consistent with "
          "the binlog position (MariaDB reports the position of each snapshot transaction), but "
          "a schema change made while the schemas are read could be missed. Grant RELOAD, or "
          "set snapshot.locking.mode=none to say this is intended",
          s.user, where);
    } else if (l.message().find("(error 1205)") != std::string::npos) {
      return std::unexpected(UnavailableError(fmt::format(
          "the global read lock was not granted within snapshot.lock.timeout.ms ({} ms) on {}: "
          "a long query or open transaction holds table locks; rowcast retries",
          s.snapshot_lock_timeout_ms, where)));
    } else {
      return std::unexpected(l);
    }
  } else {
    spdlog::info(
        "snapshot.locking.mode=none: the snapshot takes no lock on {}; a schema change made "
        "while the schemas are read could be missed",
        where);
  }
  auto unlock = [&] {
    if (!locked) return;
    locked = false;
    Status u = conn.Execute("UNLOCK TABLES");
    if (!u.ok()) spdlog::warn("UNLOCK TABLES failed: {}", u.message());
  };

  // 2. The snapshot transactions, all at the same point, and that point's binlog position.
  mysql::ServerInfo at = info;
  if (!locked && !info.mariadb) {
    // MySQL without the lock: the position is read first; writes committed between this and
    // the snapshot transactions are in neither (the documented risk of locking mode none).
    ROWCAST_ASSIGN_OR_RETURN(at, mysql::InspectServer(conn));
  }
  const size_t want = static_cast<size_t>(std::clamp<int64_t>(s.snapshot_max_threads, 1, 64));
  std::vector<std::unique_ptr<mysql::Connection>> readers;
  auto open_readers = [&](size_t n) -> Status {
    readers.clear();
    for (size_t i = 0; i < n; ++i) {
      auto r = OpenSnapshotReader(co);
      if (!r.has_value()) {
        unlock();
        return r.error().WithContext("opening a snapshot connection");
      }
      readers.push_back(std::move(*r));
    }
    return OkStatus();
  };
  ROWCAST_RETURN_IF_ERROR(open_readers(want));
  if (locked) {
    auto now = mysql::InspectServer(conn);
    if (!now.has_value()) {
      unlock();
      return std::unexpected(now.error());
    }
    at = *now;
  } else if (info.mariadb) {
    // Without the lock, each transaction has its own point; they must agree, or one reader
    // reads alone.
    for (int attempt = 0;; ++attempt) {
      std::optional<std::pair<std::string, uint64_t>> first;
      bool same = true;
      for (auto& r : readers) {
        ROWCAST_ASSIGN_OR_RETURN(auto p, SnapshotBinlogPosition(*r));
        if (!first) {
          first = p;
        } else if (p != *first) {
          same = false;
        }
      }
      at.current_file = first->first;
      at.current_position = first->second;
      if (same) break;
      if (attempt == 5) {
        spdlog::warn(
            "the {} snapshot transactions opened without a lock keep seeing different points "
            "(the server is busy): one connection reads every table",
            readers.size());
        readers.resize(1);
        ROWCAST_ASSIGN_OR_RETURN(auto p, SnapshotBinlogPosition(*readers[0]));
        at.current_file = p.first;
        at.current_position = p.second;
        break;
      }
      ROWCAST_RETURN_IF_ERROR(open_readers(readers.size()));
    }
  }
  at_gtids_.clear();
  if (info.mariadb) {
    auto g = conn.QueryValue(
        fmt::format("SELECT BINLOG_GTID_POS('{}', {})", at.current_file, at.current_position));
    if (g.has_value() && g->has_value()) at_gtids_ = **g;
  } else if (!at.gtid_executed.empty()) {
    at_gtids_ = at.gtid_executed;
  }

  // 3. The schemas at that point.
  schema::HistoryPosition hp;
  hp.file = at.current_file;
  hp.pos = at.current_position;
  hp.gtids = at_gtids_;
  hp.server_id = at.server_id;
  hp.ts_sec = std::chrono::duration_cast<std::chrono::seconds>(
                  std::chrono::system_clock::now().time_since_epoch())
                  .count();
  Status cs = processor_->schema().CaptureFromServer(conn, hp);
  if (!cs.ok()) {
    unlock();
    return std::unexpected(cs);
  }
  if (s.snapshot_locking_mode != config::SnapshotLockingMode::kExtended) unlock();

  // 4. The rows.
  std::map<std::string, uint64_t> estimates;
  auto tables = TablesToSnapshot(conn, estimates);
  if (!tables.has_value()) {
    unlock();
    return std::unexpected(tables.error());
  }
  if (readers.size() > std::max<size_t>(tables->size(), 1)) {
    readers.resize(std::max<size_t>(tables->size(), 1));
  }
  std::vector<snapshot::TableStatus> st;
  for (const auto& t : *tables) {
    const std::string name = t->db + "." + t->name;
    st.push_back(snapshot::TableStatus{name, 0, estimates[name], false, true});
  }
  snapshot_status_.Start(snapshot::SnapshotKind::kInitial, std::move(st));
  spdlog::info(
      "snapshot of {} table(s) at {}:{}{} with {} connection(s){}", tables->size(), at.current_file,
      at.current_position, at_gtids_.empty() ? "" : " (GTID " + at_gtids_ + ")", readers.size(),
      locked ? ", holding the global read lock until it ends (snapshot.locking.mode=extended)"
             : "");

  offsets::BinlogOffset p0;
  p0.file = at.current_file;
  p0.pos = at.current_position;
  p0.gtids = at_gtids_;
  p0.ts_sec = hp.ts_sec;
  p0.server_id = at.server_id;
  p0.history_records = processor_->schema().history_records();

  snapshot::InitialOptions so;
  so.envelope = EnvelopeOptionsFor(s);
  so.charsets = SchemaCharsets();
  so.chunk_size = static_cast<uint64_t>(std::max<int64_t>(s.snapshot_chunk_size, 1));
  so.commit_interval = CommitInterval();
  for (const auto& [table, sql] : s.snapshot_select_overrides) so.select_overrides[table] = sql;
  so.progress_on_terminal = isatty(STDERR_FILENO) != 0;
  Status run = snapshot::RunInitialSnapshot(
      readers, *tables, p0, so, *this, [this] { return CommitOffsets(); }, snapshot_status_, stop_);
  unlock();
  for (auto& r : readers) {
    Status c = r->Execute("COMMIT");
    if (!c.ok()) spdlog::debug("COMMIT of a snapshot connection: {}", c.message());
  }
  readers.clear();
  snapshot_status_.End();
  if (!run.ok()) {
    Status c = CommitOffsets(/*final=*/true);
    if (!c.ok()) spdlog::error("committing offsets failed: {}", c.ToString());
    return std::unexpected(run);
  }
  spdlog::info("snapshot completed: {}", snapshot::SnapshotStatus::Line(snapshot_status_.Get()));
  // Done: the offset is the snapshot point, without the snapshot flag.
  tracker_.Advance(OffsetRef{std::make_shared<BinlogOffset>(p0), 0, 0});
  ROWCAST_RETURN_IF_ERROR(CommitOffsets());
  return Resume{p0.file, p0.pos, p0.gtids, 0, 0};
}

StatusOr<mysql::ServerInfo> ConnectorTask::CaptureSchemas(mysql::Connection& conn) {
  const bool locked = conn.Execute("FLUSH TABLES WITH READ LOCK").ok();
  if (!locked) {
    spdlog::warn(
        "cannot take the global read lock (FLUSH TABLES WITH READ LOCK needs the RELOAD "
        "privilege): the schemas are read without it, so a schema change made while they are "
        "read could be missed. Grant RELOAD to the connector's user to avoid this");
  }
  auto unlock = [&] {
    if (locked) {
      Status u = conn.Execute("UNLOCK TABLES");
      if (!u.ok()) spdlog::warn("UNLOCK TABLES failed: {}", u.message());
    }
  };
  auto info = mysql::InspectServer(conn);
  if (!info.has_value()) {
    unlock();
    return std::unexpected(info.error());
  }
  at_gtids_.clear();
  if (info->mariadb) {
    auto g = conn.QueryValue(fmt::format("SELECT BINLOG_GTID_POS('{}', {})", info->current_file,
                                         info->current_position));
    if (g.has_value() && g->has_value()) at_gtids_ = **g;
  } else if (!info->gtid_executed.empty()) {
    at_gtids_ = info->gtid_executed;
  }
  schema::HistoryPosition at;
  at.file = info->current_file;
  at.pos = info->current_position;
  at.gtids = at_gtids_;
  at.server_id = info->server_id;
  at.ts_sec = std::chrono::duration_cast<std::chrono::seconds>(
                  std::chrono::system_clock::now().time_since_epoch())
                  .count();
  Status s = processor_->schema().CaptureFromServer(conn, at);
  unlock();
  if (!s.ok()) return std::unexpected(s);
  return info;
}

Status ConnectorTask::StartDump(mysql::Connection& conn, const mysql::ServerInfo& info,
                                const Resume& from) {
  const auto& s = options_.settings;
  const int64_t hb_ns = std::max<int64_t>(s.binlog_heartbeat_interval_ms, 100) * 1000000;
  ROWCAST_RETURN_STATUS_IF_ERROR(
      conn.Execute("SET @master_binlog_checksum = @@global.binlog_checksum, "
                   "@source_binlog_checksum = @@global.binlog_checksum"));
  ROWCAST_RETURN_STATUS_IF_ERROR(conn.Execute(
      fmt::format("SET @master_heartbeat_period = {0}, @source_heartbeat_period = {0}", hb_ns)));
  const bool gtid_mode = info.mariadb && !from.gtids.empty();
  if (info.mariadb) {
    ROWCAST_RETURN_STATUS_IF_ERROR(conn.Execute("SET @mariadb_slave_capability = 4"));
    if (gtid_mode) {
      ROWCAST_RETURN_STATUS_IF_ERROR(
          conn.Execute(fmt::format("SET @slave_connect_state = '{}', @slave_gtid_strict_mode = 0, "
                                   "@slave_gtid_ignore_duplicates = 0",
                                   from.gtids)));
    }
  } else {
    const std::string uuid = fmt::format("{:08x}-0000-4000-8000-{:012x}", s.server_id,
                                         std::hash<std::string>{}(s.name) & 0xFFFFFFFFFFFFULL);
    ROWCAST_RETURN_STATUS_IF_ERROR(
        conn.Execute(fmt::format("SET @slave_uuid = '{0}', @replica_uuid = '{0}'", uuid)));
  }
  ROWCAST_RETURN_STATUS_IF_ERROR(conn.RegisterReplica(s.server_id, report_host_));
  constexpr uint16_t kSendAnnotateRows = 2;
  if (info.mariadb) {
    ROWCAST_RETURN_STATUS_IF_ERROR(
        conn.SendBinlogDump(gtid_mode ? 4 : static_cast<uint32_t>(from.pos), kSendAnnotateRows,
                            s.server_id, gtid_mode ? "" : from.file));
  } else if (!from.gtids.empty() && info.gtid_mode == "ON") {
    ROWCAST_ASSIGN_OR_RETURN_STATUS(binlog::MysqlGtidSet set,
                                    binlog::MysqlGtidSet::Parse(from.gtids));
    ROWCAST_RETURN_STATUS_IF_ERROR(conn.SendBinlogDumpGtid(0, s.server_id, "", 4, set.Encode()));
  } else {
    ROWCAST_RETURN_STATUS_IF_ERROR(
        conn.SendBinlogDump(static_cast<uint32_t>(from.pos), 0, s.server_id, from.file));
  }
  const std::string tls = conn.tls_version();
  spdlog::info(
      "streaming from {} {} at {}:{}{} starting {}", info.mariadb ? "MariaDB" : "MySQL",
      info.version, conn.options().host, conn.options().port,
      tls.empty() ? " (no TLS)" : " (" + tls + ")",
      gtid_mode ? "after GTID " + from.gtids : fmt::format("at {}:{}", from.file, from.pos));
  return OkStatus();
}

Status ConnectorTask::StreamOnce() {
  const auto& s = options_.settings;
  mysql::ConnectOptions co = ConnectOptionsFor(s);
  const int64_t hb_s = std::max<int64_t>(s.binlog_heartbeat_interval_ms / 1000, 1);
  co.read_timeout_s =
      static_cast<unsigned>(3 * hb_s + 5);  // no packet, not even a heartbeat: dead link
  ROWCAST_ASSIGN_OR_RETURN_STATUS(std::unique_ptr<mysql::Connection> conn,
                                  mysql::Connection::Open(co));
  ROWCAST_RETURN_STATUS_IF_ERROR(mysql::CheckPrivileges(*conn));
  ROWCAST_ASSIGN_OR_RETURN_STATUS(mysql::ServerInfo info, mysql::InspectServer(*conn));
  ROWCAST_RETURN_STATUS_IF_ERROR(mysql::CheckServerForCdc(*conn, info, s.server_id, report_host_));
  std::string metadata = info.binlog_row_metadata;
  std::transform(metadata.begin(), metadata.end(), metadata.begin(),
                 [](unsigned char c) { return std::toupper(c); });
  if (metadata != "FULL" && !resume_) {
    spdlog::info(
        "{}:{} has binlog_row_metadata={}: column names, keys and labels come from the tracked "
        "schemas alone (FULL would let rowcast cross-check every row event against them)",
        co.host, co.port, metadata.empty() ? "(not supported)" : metadata);
  }
  if (options_.settings.flavor == config::Flavor::kMySql && info.mariadb && !resume_) {
    spdlog::info(
        "the server is MariaDB; connector.class names the MySQL connector, so events say "
        "connector=mysql");
  }

  Resume from;
  if (resume_) {
    from = *resume_;
    if (recapture_schemas_) {
      ROWCAST_ASSIGN_OR_RETURN_STATUS(mysql::ServerInfo now, CaptureSchemas(*conn));
      (void)now;
      recapture_schemas_ = false;
      // The stored offset must match the rebuilt history, or the next start would take the
      // shorter file for a truncated one.
      recovery_offset_.history_records = processor_->schema().history_records();
      ROWCAST_RETURN_STATUS_IF_ERROR(store_->Save(recovery_offset_));
    }
  } else {
    ROWCAST_ASSIGN_OR_RETURN_STATUS(from, InitialPosition(info, *conn));
    resume_ = from;  // a reconnect must not read the schemas again
    if (s.snapshot_mode == config::SnapshotMode::kInitialOnly) {
      spdlog::info("snapshot.mode=initial_only: the snapshot is complete; not streaming");
      finished_ = true;
      return OkStatus();
    }
  }
  const bool gtid_start =
      info.mariadb ? !from.gtids.empty() : (!from.gtids.empty() && info.gtid_mode == "ON");
  if (!gtid_start) {
    const bool present =
        std::any_of(info.binlogs.begin(), info.binlogs.end(),
                    [&](const mysql::BinlogFile& f) { return f.name == from.file; });
    if (!present && s.snapshot_mode == config::SnapshotMode::kWhenNeeded) {
      spdlog::warn(
          "binlog file '{}' of the stored offset is no longer on {}:{} (purged); "
          "snapshot.mode=when_needed: taking a new snapshot",
          from.file, co.host, co.port);
      ROWCAST_ASSIGN_OR_RETURN_STATUS(from, InitialPosition(info, *conn));
      resume_ = from;
    } else if (!present) {
      return FailedPreconditionError(fmt::format(
          "binlog file '{}' of the stored offset is no longer on {}:{} (purged; oldest is '{}'): "
          "the "
          "changes since then are lost to rowcast. To start over, {}",
          from.file, co.host, co.port, info.binlogs.empty() ? "" : info.binlogs.front().name,
          store_->reset_hint()));
    }
  }
  // The stream position becomes exactly the resume point.
  ROWCAST_RETURN_STATUS_IF_ERROR(processor_->Reset(from, info.mariadb));
  if (pending_work_) {
    StartWindowedSnapshot(std::move(*pending_work_));
    pending_work_.reset();
  } else if (window_) {
    window_->Restart();
  }

  ROWCAST_RETURN_STATUS_IF_ERROR(StartDump(*conn, info, from));

  const auto declared =
      info.binlog_checksum == "CRC32" ? binlog::ChecksumAlg::kCrc32 : binlog::ChecksumAlg::kOff;
  binlog::EventDecoder decoder(declared);
  EventQueue queue(static_cast<size_t>(std::max<int64_t>(s.max_queue_size, 1)),
                   static_cast<size_t>(s.max_queue_size_in_bytes));
  mysql::Connection* raw = conn.get();
  std::thread reader([raw, &queue, ctx = CurrentLogContext()] {
    LogContext log_context(ctx);
    while (true) {
      auto ev = raw->ReadEvent();
      if (!ev.has_value()) {
        queue.Push(QueueItem{{}, ev.error(), true});
        return;
      }
      if (!ev->has_value()) {
        queue.Push(QueueItem{{}, UnavailableError("the server ended the binlog stream"), true});
        return;
      }
      if (!queue.Push(QueueItem{std::string(AsStringView(**ev)), OkStatus(), false})) return;
    }
  });
  {
    std::lock_guard lock(conn_mu_);
    live_conn_ = raw;
    if (stop_.load()) raw->Interrupt();
  }
  auto finish = [&] {
    {
      std::lock_guard lock(conn_mu_);
      live_conn_ = nullptr;
    }
    queue.Close();
    raw->Interrupt();
    reader.join();
  };

  const auto interval = CommitInterval();
  Status result;
  while (!stop_.load()) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= next_commit_) {
      result = CommitOffsets();
      if (!result.ok()) break;
      next_commit_ = now + interval;
    }
    auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(next_commit_ - now);
    auto item =
        queue.Pop(std::clamp(wait, std::chrono::milliseconds(1), std::chrono::milliseconds(200)));
    if (!item) {
      result = PollWindowedSnapshot();
      if (!result.ok()) break;
      continue;
    }
    if (item->end) {
      result = stop_.load() ? OkStatus() : item->error;
      if (result.message().find("(error 1236)") != std::string::npos) {
        result = FailedPreconditionError(fmt::format(
            "{}. The stored offset ({}) points at changes the server no longer has, so rowcast "
            "cannot resume without losing them. Keep binary logs longer than rowcast may be "
            "down; to start over from what the server has now, {}",
            result.message(),
            from.gtids.empty() ? fmt::format("{}:{}", from.file, from.pos) : "GTID " + from.gtids,
            store_->reset_hint()));
      }
      break;
    }
    auto ev = decoder.Decode(AsBytes(item->event));
    if (!ev.has_value()) {
      result = ev.error().WithContext(fmt::format("decoding the binlog event after {}:{}",
                                                  processor_->file(), processor_->next_pos()));
      break;
    }
    result = processor_->Process(*ev, decoder);
    if (!result.ok()) {
      result = result.WithContext(fmt::format("at {}:{}", processor_->file(), ev->header.log_pos));
      break;
    }
    if (window_ && !processor_->in_transaction()) {
      result = PollWindowedSnapshot();
      if (!result.ok()) break;
    }
  }
  finish();
  return result;
}

void ConnectorTask::StartWindowedSnapshot(snapshot::SnapshotWork work) {
  const auto& s = options_.settings;
  snapshot::WindowOptions wo;
  wo.connect = ConnectOptionsFor(s);
  wo.envelope = EnvelopeOptionsFor(s);
  wo.charsets = SchemaCharsets();
  wo.chunk_size = static_cast<uint64_t>(std::max<int64_t>(s.incremental_chunk_size, 1));
  processor_->SetSnapshotState(work.kind == snapshot::SnapshotKind::kInitial,
                               snapshot::WorkToJson(work));
  window_ = std::make_unique<snapshot::WindowedSnapshot>(std::move(wo), std::move(work),
                                                         snapshot_status_);
}

Status ConnectorTask::PollWindowedSnapshot() {
  if (!window_) return OkStatus();
  const Resume r = processor_->CurrentResume();
  BinlogOffset at;
  at.file = r.file;
  at.pos = r.pos;
  at.gtids = r.gtids;
  at.event = r.skip_events;
  at.row = r.skip_rows;
  at.history_records = processor_->schema().history_records();
  auto& catalog = processor_->schema().catalog();
  ROWCAST_ASSIGN_OR_RETURN_STATUS(
      bool changed,
      window_->Poll(
          snapshot::BinlogPos{r.file, r.pos}, at,
          [&catalog](std::string_view db, std::string_view t) { return catalog.FindTable(db, t); },
          *this));
  if (changed) {
    const auto& work = window_->work();
    processor_->SetSnapshotState(work.kind == snapshot::SnapshotKind::kInitial && !work.empty(),
                                 work.empty() ? "" : snapshot::WorkToJson(work));
  }
  if (window_->done()) window_.reset();
  return OkStatus();
}

Status ConnectorTask::OnSignal(const std::vector<std::optional<std::string>>& row) {
  const std::string id = row.size() > 0 && row[0] ? *row[0] : "";
  const std::string type = row.size() > 1 && row[1] ? *row[1] : "";
  const std::string data = row.size() > 2 && row[2] ? *row[2] : "";
  if (type != "execute-snapshot" && type != "stop-snapshot") {
    if (type != "snapshot-window-open" && type != "snapshot-window-close") {
      spdlog::info("signal {} of type '{}' is not one rowcast acts on; ignored", id, type);
    }
    return OkStatus();
  }
  nlohmann::json j = nlohmann::json::parse(data, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    spdlog::error("signal {} ({}): its data is not a JSON object: {}", id, type, data);
    return OkStatus();
  }
  std::vector<std::string> names;
  if (auto it = j.find("data-collections"); it != j.end() && it->is_array()) {
    for (const auto& n : *it) {
      if (n.is_string()) names.push_back(n.get<std::string>());
    }
  }
  const std::string kind = j.value("type", "incremental");
  if (type == "stop-snapshot") {
    if (window_) window_->Remove(names);
    spdlog::info(
        "signal {}: stop-snapshot of {}", id,
        names.empty() ? std::string("every table") : fmt::format("{}", fmt::join(names, ", ")));
    return OkStatus();
  }
  if (kind != "incremental") {
    spdlog::error(
        "signal {}: execute-snapshot of type '{}' is not implemented (only "
        "'incremental'); ignored",
        id, kind);
    return OkStatus();
  }
  std::map<std::string, std::string> filters;
  if (auto it = j.find("additional-conditions"); it != j.end() && it->is_array()) {
    for (const auto& c : *it) {
      if (c.is_object() && c.contains("data-collection") && c.contains("filter")) {
        filters[c["data-collection"].get<std::string>()] = c["filter"].get<std::string>();
      }
    }
  }
  // The names are regular expressions over db.table, matched against the captured tables.
  SchemaTracker& tracker = processor_->schema();
  std::vector<snapshot::TableWork> tables;
  for (const auto& pattern : names) {
    re2::RE2::Options o;
    o.set_case_sensitive(false);
    re2::RE2 re(pattern, o);
    bool matched = false;
    for (const std::string& db : tracker.catalog().DatabaseNames()) {
      for (const auto& t : tracker.catalog().Tables(db)) {
        const std::string name = t->db + "." + t->name;
        if (!re.ok() || !re2::RE2::FullMatch(name, re) ||
            !tracker.filter().Captures(t->db, t->name)) {
          continue;
        }
        matched = true;
        snapshot::TableWork w{t->db, t->name, {}, {}, 0};
        if (auto f = filters.find(pattern); f != filters.end()) w.filter = f->second;
        if (auto f = filters.find(name); f != filters.end()) w.filter = f->second;
        tables.push_back(std::move(w));
      }
    }
    if (!matched) {
      spdlog::warn("signal {}: execute-snapshot names '{}', which matches no captured table", id,
                   pattern);
    }
  }
  if (tables.empty()) return OkStatus();
  spdlog::info("signal {}: incremental snapshot of {} table(s)", id, tables.size());
  if (window_) {
    window_->Add(std::move(tables));
  } else {
    snapshot::SnapshotWork work;
    work.kind = snapshot::SnapshotKind::kIncremental;
    work.id = id;
    work.tables = std::move(tables);
    StartWindowedSnapshot(std::move(work));
  }
  return OkStatus();
}

Status ConnectorTask::Emit(sinks::Record record, std::optional<OffsetRef> offset) {
  if (cloudevent_headers_ && record.value.has_value()) {
    ROWCAST_RETURN_STATUS_IF_ERROR(AddCloudEventHeaders(record));
  }
  // Track before Send: a sink may acknowledge synchronously.
  const uint64_t seq = next_seq_++;
  tracker_.Track(seq, std::move(offset));
  ROWCAST_RETURN_STATUS_IF_ERROR(DeliveryError());
  return sink_->Send(seq, std::move(record));
}

Status ConnectorTask::AddCloudEventHeaders(sinks::Record& record) {
  const uint64_t keyless_seq = record.key == "null" ? ++keyless_seq_[record.topic] : 0;
  auto event =
      format::MapChangeToCloudEvent(cloudevent_options_, record.key, *record.value, keyless_seq);
  if (!event.has_value()) {
    return InvalidArgumentError(fmt::format("cannot map a record of topic {} to a CloudEvent: {}",
                                            record.topic, event.error().message()));
  }
  if (!event->has_value()) return OkStatus();  // not a row change: no headers
  for (auto& [name, value] : format::KafkaBinaryHeaders(**event)) {
    record.headers.push_back({std::move(name), std::move(value)});
  }
  return OkStatus();
}

Status ConnectorTask::DeliveryError() {
  std::lock_guard lock(delivery_mu_);
  return delivery_error_;
}

std::chrono::milliseconds ConnectorTask::CommitInterval() const {
  const int64_t ms = std::max<int64_t>(options_.settings.offset_flush_interval_ms, 1);
  // A transaction holds its records back from read_committed consumers until it commits.
  return std::chrono::milliseconds(sink_->transactional() ? std::min<int64_t>(ms, 1000) : ms);
}

Status ConnectorTask::CommitOffsets(bool final) {
  if (sink_->transactional()) {
    // Exactly once: the offset after the records sent so far goes into their transaction.
    ROWCAST_RETURN_STATUS_IF_ERROR(DeliveryError());
    std::optional<offsets::BinlogOffset> latest = tracker_.TakeLatest();
    if (!latest) return OkStatus();
    sinks::Record rec;
    rec.topic = options_.kafka_offsets->topic;
    rec.key =
        sinks::kafka::ConnectOffsetKey(options_.settings.name, options_.settings.topic_prefix);
    rec.value = offsets::OffsetToJson(*latest);
    ROWCAST_RETURN_STATUS_IF_ERROR(sink_->CommitTransaction(std::move(rec)));
    (void)tracker_.TakeCommittable();  // every record of the transaction is acknowledged
    spdlog::debug("committed a transaction up to offset {}", offsets::OffsetToJson(*latest));
    (void) final;
    return DeliveryError();
  }
  Status delivered;
  if (final) {
    // Stopping: give the sink a while to deliver what it holds; what it could not deliver is
    // sent again after a restart.
    delivered = sink_->Flush(std::chrono::milliseconds(
        std::max<int64_t>(options_.settings.offset_flush_interval_ms, 5000)));
    if (!delivered.ok())
      spdlog::warn("stopping with records not delivered: {}", delivered.message());
    delivered = OkStatus();
  } else {
    delivered = sink_->Checkpoint();
  }
  // Offsets of acknowledged records are committed even when a later record failed: they are
  // all delivered, and the failed one is after them.
  if (auto o = tracker_.TakeCommittable()) {
    ROWCAST_RETURN_STATUS_IF_ERROR(store_->Save(*o));
    spdlog::debug("committed offset {}", offsets::OffsetToJson(*o));
  }
  ROWCAST_RETURN_STATUS_IF_ERROR(delivered);
  return DeliveryError();
}

}  // namespace rowcast::capture
