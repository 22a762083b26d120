#include "capture/connector_task.h"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <thread>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "capture/event_queue.h"

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

format::EnvelopeOptions EnvelopeOptionsFor(const config::ConnectorSettings& s) {
  format::EnvelopeOptions o;
  o.connector = s.flavor == config::Flavor::kMariaDb ? "mariadb" : "mysql";
  o.topic_prefix = s.topic_prefix;
  o.values.decimal = static_cast<format::DecimalMode>(static_cast<int>(s.decimal_mode));
  o.values.time_precision =
      static_cast<format::TimePrecisionMode>(static_cast<int>(s.time_precision_mode));
  o.values.bigint_unsigned =
      static_cast<format::BigintUnsignedMode>(static_cast<int>(s.bigint_unsigned_mode));
  o.values.binary = static_cast<format::BinaryMode>(static_cast<int>(s.binary_mode));
  o.column_include = s.column_include;
  o.column_exclude = s.column_exclude;
  for (const auto& r : s.column_truncate) o.column_truncate.push_back({r.length, r.patterns});
  for (const auto& r : s.column_mask) o.column_mask.push_back({r.length, r.patterns});
  return o;
}

std::string TrimUpper(std::string_view q) {
  // Strip leading comments and whitespace: MariaDB may prefix statements with /* ... */.
  while (true) {
    while (!q.empty() && std::isspace(static_cast<unsigned char>(q.front()))) q.remove_prefix(1);
    if (q.starts_with("/*")) {
      const size_t end = q.find("*/");
      if (end == std::string_view::npos) break;
      q.remove_prefix(end + 2);
      continue;
    }
    break;
  }
  while (!q.empty() && (std::isspace(static_cast<unsigned char>(q.back())) || q.back() == ';'))
    q.remove_suffix(1);
  std::string out(q.substr(0, 32));
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return std::toupper(c); });
  return out;
}

int64_t NowNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

const std::vector<binlog::Cell> kNoCells;

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
  ROWCAST_ASSIGN_OR_RETURN(
      t->sink_, sinks::CreateSink(t->options_.sink, [self](uint64_t seq, const Status& st) {
        if (st.ok()) self->tracker_.Ack(seq);
      }));
  t->store_ = std::make_unique<offsets::FileOffsetStore>(t->options_.data_dir + "/offsets", s.name,
                                                         s.topic_prefix);
  ROWCAST_ASSIGN_OR_RETURN(t->writer_, format::EnvelopeWriter::Create(EnvelopeOptionsFor(s)));
  ROWCAST_ASSIGN_OR_RETURN(
      TableFilter f,
      TableFilter::Create(FilterLists{s.database_include, s.database_exclude, s.table_include,
                                      s.table_exclude, s.table_ignore_builtin}));
  t->filter_.emplace(std::move(f));
  t->report_host_ = "rowcast:" + s.name;
  ROWCAST_ASSIGN_OR_RETURN(std::optional<BinlogOffset> stored, t->store_->Load());
  if (stored) {
    t->resume_ = Resume{stored->file, stored->pos, stored->gtids, stored->event, stored->row};
    spdlog::info("resuming from stored offset {} ({})", offsets::OffsetToJson(*stored),
                 t->store_->path());
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
  next_commit_ = std::chrono::steady_clock::now() +
                 std::chrono::milliseconds(options_.settings.offset_flush_interval_ms);
  while (!stop_.load()) {
    const uint64_t records_before = records_;
    const auto started = std::chrono::steady_clock::now();
    Status s = StreamOnce();
    if (stop_.load()) break;
    if (!s.ok() && s.code() != StatusCode::kUnavailable) {
      Status c = CommitOffsets();
      if (!c.ok()) spdlog::error("committing offsets failed: {}", c.ToString());
      return s;
    }
    // A connection that worked for a while starts the backoff over.
    if (records_ > records_before ||
        std::chrono::steady_clock::now() - started > std::chrono::seconds(30)) {
      backoff = std::chrono::milliseconds(200);
    }
    resume_ = CurrentResume();
    spdlog::warn("{}; reconnecting in {} ms from {}:{}",
                 s.ok() ? "the server ended the binlog stream" : s.message(), backoff.count(),
                 resume_->file, resume_->pos);
    SleepUnlessStopped(backoff);
    backoff = std::min(backoff * 2, max_backoff);
  }
  return CommitOffsets();
}

ConnectorTask::Resume ConnectorTask::CurrentResume() const {
  const std::string gtids = mariadb_ ? maria_gtids_.ToString() : mysql_gtids_.ToString();
  if (!in_trx_) return Resume{file_, next_pos_, gtids, 0, 0};
  Resume r{trx_base_->file, trx_base_->pos, trx_base_->gtids, trx_event_index_, 0};
  // Still inside the part of a resumed transaction that is being skipped.
  if (trx_event_index_ <= skip_events_) {
    r.skip_events = skip_events_;
    r.skip_rows = skip_rows_;
  }
  return r;
}

StatusOr<ConnectorTask::Resume> ConnectorTask::InitialPosition(const mysql::ServerInfo& info,
                                                               mysql::Connection& conn) {
  const auto& s = options_.settings;
  if (s.snapshot_mode == config::SnapshotMode::kNever) {
    if (info.binlogs.empty())
      return std::unexpected(FailedPreconditionError("the server lists no binary logs"));
    spdlog::info("snapshot.mode=never: streaming from the oldest binary log {}",
                 info.binlogs.front().name);
    return Resume{info.binlogs.front().name, 4, "", 0, 0};
  }
  if (s.snapshot_mode != config::SnapshotMode::kNoData) {
    spdlog::warn(
        "snapshot.mode is not no_data or never, but rowcast cannot take snapshots yet: rows that "
        "exist now are not emitted; streaming starts at the current binlog position {}:{}",
        info.current_file, info.current_position);
  }
  Resume r{info.current_file, info.current_position, "", 0, 0};
  if (info.mariadb) {
    auto g = conn.QueryValue(
        fmt::format("SELECT BINLOG_GTID_POS('{}', {})", info.current_file, info.current_position));
    if (g.has_value() && g->has_value()) r.gtids = **g;
  } else if (!info.gtid_executed.empty()) {
    r.gtids = info.gtid_executed;
  }
  return r;
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
  mysql::ConnectOptions co;
  co.host = s.hostname;
  co.port = s.port;
  co.user = s.user;
  co.password = s.password;
  co.ssl_mode = ToMysql(s.ssl_mode);
  co.ssl_ca = s.ssl_ca;
  co.ssl_cert = s.ssl_cert;
  co.ssl_key = s.ssl_key;
  co.connect_timeout_s = static_cast<unsigned>(std::max<int64_t>(s.connect_timeout_ms / 1000, 1));
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
  if (metadata != "FULL") {
    return FailedPreconditionError(fmt::format(
        "{}:{} has binlog_row_metadata={}; rowcast takes column names, primary keys and ENUM/SET "
        "labels from the binlog and needs binlog_row_metadata=FULL (MySQL 8.0.1+, MariaDB 10.5+). "
        "Run SET GLOBAL binlog_row_metadata=FULL and set it in the server configuration",
        co.host, co.port,
        info.binlog_row_metadata.empty() ? "(not supported)" : info.binlog_row_metadata));
  }
  if (options_.settings.flavor == config::Flavor::kMySql && info.mariadb && !resume_) {
    spdlog::info(
        "the server is MariaDB; connector.class names the MySQL connector, so events say "
        "connector=mysql");
  }
  mariadb_ = info.mariadb;

  Resume from;
  if (resume_) {
    from = *resume_;
  } else {
    ROWCAST_ASSIGN_OR_RETURN_STATUS(from, InitialPosition(info, *conn));
  }
  const bool gtid_start =
      info.mariadb ? !from.gtids.empty() : (!from.gtids.empty() && info.gtid_mode == "ON");
  if (!gtid_start) {
    const bool present =
        std::any_of(info.binlogs.begin(), info.binlogs.end(),
                    [&](const mysql::BinlogFile& f) { return f.name == from.file; });
    if (!present) {
      return FailedPreconditionError(fmt::format(
          "binlog file '{}' of the stored offset is no longer on {}:{} (purged; oldest is '{}'): "
          "the "
          "changes since then are lost to rowcast. Delete the offset file {} to start over",
          from.file, co.host, co.port, info.binlogs.empty() ? "" : info.binlogs.front().name,
          store_->path()));
    }
  }
  // The stream position becomes exactly the resume point.
  file_ = from.file;
  next_pos_ = from.pos;
  if (info.mariadb) {
    ROWCAST_ASSIGN_OR_RETURN_STATUS(maria_gtids_, binlog::MariaGtidPosition::Parse(from.gtids));
  } else {
    ROWCAST_ASSIGN_OR_RETURN_STATUS(mysql_gtids_, binlog::MysqlGtidSet::Parse(from.gtids));
  }
  in_trx_ = false;
  skip_events_ = from.skip_events;
  skip_rows_ = from.skip_rows;
  skip_armed_ = skip_events_ > 0 || skip_rows_ > 0;

  ROWCAST_RETURN_STATUS_IF_ERROR(StartDump(*conn, info, from));

  const auto declared =
      info.binlog_checksum == "CRC32" ? binlog::ChecksumAlg::kCrc32 : binlog::ChecksumAlg::kOff;
  binlog::EventDecoder decoder(declared);
  EventQueue queue(static_cast<size_t>(std::max<int64_t>(s.max_queue_size, 1)),
                   static_cast<size_t>(s.max_queue_size_in_bytes));
  mysql::Connection* raw = conn.get();
  std::thread reader([raw, &queue] {
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

  const auto interval = std::chrono::milliseconds(std::max<int64_t>(s.offset_flush_interval_ms, 1));
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
    if (!item) continue;
    if (item->end) {
      result = stop_.load() ? OkStatus() : item->error;
      if (result.message().find("(error 1236)") != std::string::npos) {
        result = FailedPreconditionError(fmt::format(
            "{}. The stored offset ({}) points at changes the server no longer has, so rowcast "
            "cannot resume without losing them. Keep binary logs longer than rowcast may be "
            "down; to start over from what the server has now, delete the offset file {}",
            result.message(),
            from.gtids.empty() ? fmt::format("{}:{}", from.file, from.pos) : "GTID " + from.gtids,
            store_->path()));
      }
      break;
    }
    auto ev = decoder.Decode(AsBytes(item->event));
    if (!ev.has_value()) {
      result = ev.error().WithContext(
          fmt::format("decoding the binlog event after {}:{}", file_, next_pos_));
      break;
    }
    result = Process(*ev);
    if (!result.ok()) {
      result = result.WithContext(fmt::format("at {}:{}", file_, ev->header.log_pos));
      break;
    }
  }
  finish();
  return result;
}

void ConnectorTask::BeginTransaction(const Event& ev, std::string gtid_text) {
  const EventHeader& h = ev.header;
  in_trx_ = true;
  trx_event_index_ = 0;
  trx_saw_query_ = false;
  trx_query_.clear();
  trx_gtid_text_ = std::move(gtid_text);
  const uint64_t start =
      h.log_pos != 0 && h.log_pos >= h.event_size ? h.log_pos - h.event_size : next_pos_;
  auto base = std::make_shared<BinlogOffset>();
  base->file = file_;
  base->pos = start;
  base->gtids = mariadb_ ? maria_gtids_.ToString() : mysql_gtids_.ToString();
  base->ts_sec = h.timestamp;
  base->server_id = h.server_id;
  trx_base_ = std::move(base);
  if (skip_armed_) {
    skip_armed_ = false;  // the skip applies to this, the first transaction of the connection
  } else {
    skip_events_ = 0;
    skip_rows_ = 0;
  }
}

void ConnectorTask::CommitTransaction(const Event& ev) {
  const EventHeader& h = ev.header;
  if (mariadb_) {
    if (!trx_gtid_text_.empty()) maria_gtids_.Update(trx_maria_gtid_);
  } else if (trx_gno_ > 0) {
    mysql_gtids_.Add(trx_sid_, trx_gno_);
  }
  in_trx_ = false;
  trx_gno_ = 0;
  skip_events_ = 0;
  skip_rows_ = 0;
  trx_query_.clear();
  if (h.log_pos != 0) next_pos_ = h.log_pos;
  last_ts_ = h.timestamp;
  last_server_id_ = h.server_id;
  auto base = std::make_shared<BinlogOffset>();
  base->file = file_;
  base->pos = next_pos_;
  base->gtids = mariadb_ ? maria_gtids_.ToString() : mysql_gtids_.ToString();
  base->ts_sec = h.timestamp;
  base->server_id = h.server_id;
  tracker_.Advance(OffsetRef{std::move(base), 0, 0});
}

Status ConnectorTask::Process(const Event& ev) {
  const EventHeader& h = ev.header;
  bool counts = in_trx_ && !h.artificial();
  Status result;
  if (const auto* rot = std::get_if<binlog::RotateEvent>(&ev.body)) {
    file_.assign(rot->next_file);
    if (!in_trx_) next_pos_ = rot->position;
    counts = false;
  } else if (const auto* list = std::get_if<binlog::MariaGtidListEvent>(&ev.body)) {
    // The state at the head of a binlog file: the start when streaming from the oldest file.
    // It lists the last GTID per (domain, server); a domain's position is its highest one.
    if (!h.artificial() && !in_trx_) {
      binlog::MariaGtidPosition head;
      for (const auto& g : list->gtids) {
        auto it = head.domains().find(g.domain_id);
        if (it == head.domains().end() || it->second.seq_no < g.seq_no) head.Update(g);
      }
      for (const auto& [domain, g] : head.domains()) {
        if (!maria_gtids_.domains().contains(domain)) maria_gtids_.Update(g);
      }
    }
  } else if (const auto* g = std::get_if<binlog::MariaGtidEvent>(&ev.body)) {
    trx_maria_gtid_ = binlog::MariaGtid{g->domain_id, g->server_id, g->seq_no};
    BeginTransaction(ev, binlog::FormatMariaGtid(trx_maria_gtid_));
    trx_standalone_ = g->standalone();
    return OkStatus();
  } else if (const auto* mg = std::get_if<binlog::MysqlGtidEvent>(&ev.body)) {
    BeginTransaction(ev, mg->anonymous ? "" : fmt::format("{}:{}", mg->SidText(), mg->gno));
    trx_sid_ = mg->sid;
    trx_gno_ = mg->anonymous ? 0 : mg->gno;
    trx_standalone_ = false;
    return OkStatus();
  } else if (const auto* q = std::get_if<binlog::QueryEvent>(&ev.body)) {
    const std::string text = TrimUpper(q->query);
    if (!in_trx_) {
      if (text ==
          "BEGIN") {  // a transaction without a GTID event (MySQL gtid_mode=OFF, old servers)
        BeginTransaction(ev, "");
        trx_standalone_ = false;
        trx_saw_query_ = true;
        return OkStatus();
      }
      // DDL or other statement outside a transaction: only the position moves.
      if (h.log_pos != 0) next_pos_ = h.log_pos;
      tracker_.Advance(OffsetRef{
          std::make_shared<BinlogOffset>(BinlogOffset{
              file_, next_pos_, mariadb_ ? maria_gtids_.ToString() : mysql_gtids_.ToString(), 0, 0,
              h.timestamp, h.server_id}),
          0, 0});
      return OkStatus();
    }
    const bool first_query = !trx_saw_query_;
    trx_saw_query_ = true;
    if (text == "COMMIT" || text == "ROLLBACK" || text.starts_with("XA COMMIT") ||
        text.starts_with("XA ROLLBACK")) {
      // ROLLBACK here ends changes to non-transactional tables that did happen.
      CommitTransaction(ev);
      return OkStatus();
    }
    if (text != "BEGIN" && !text.starts_with("SAVEPOINT") && !text.starts_with("ROLLBACK TO") &&
        (trx_standalone_ || (first_query && !mariadb_))) {
      CommitTransaction(ev);  // DDL: a transaction of its own
      return OkStatus();
    }
  } else if (std::get_if<binlog::XidEvent>(&ev.body) != nullptr) {
    CommitTransaction(ev);
    return OkStatus();
  } else if (const auto* rows = std::get_if<binlog::RowsRef>(&ev.body)) {
    if (!in_trx_) {
      return DataLossError(
          "a rows event outside any transaction; the stream is not at a transaction boundary");
    }
    result = ProcessRows(ev, *rows);
  } else if (const auto* rq = std::get_if<binlog::RowsQueryEvent>(&ev.body)) {
    trx_query_.assign(rq->query);
  } else if (std::get_if<binlog::HeartbeatEvent>(&ev.body) != nullptr) {
    counts = false;
  } else if (const auto* inc = std::get_if<binlog::IncidentEvent>(&ev.body)) {
    return DataLossError(fmt::format(
        "the server logged an INCIDENT (type {}: {}): its binary log has a gap, changes were lost "
        "on the server side. rowcast stops instead of skipping them; a new snapshot is needed",
        inc->incident, inc->message));
  }
  if (counts) ++trx_event_index_;
  return result;
}

Status ConnectorTask::ProcessRows(const Event& ev, const binlog::RowsRef& rr) {
  const binlog::TableMap& table = *rr.table;
  const uint64_t index = trx_event_index_;
  if (!filter_->Captures(table.db, table.table)) return OkStatus();
  if (!table.has_names) {
    return FailedPreconditionError(fmt::format(
        "the TABLE_MAP of {}.{} carries no column names; rowcast needs binlog_row_metadata=FULL",
        table.db, table.table));
  }
  uint64_t skip = 0;
  if (skip_events_ > index) return OkStatus();  // emitted before the restart
  if (skip_events_ == index) skip = skip_rows_;
  const auto& st = options_.settings;
  binlog::RowReader reader(rr.rows, table);
  uint32_t row = 0;
  while (!reader.done()) {
    ROWCAST_RETURN_STATUS_IF_ERROR(reader.Next(before_, after_));
    const uint32_t this_row = row++;
    if (this_row < skip) continue;
    OffsetRef offset{trx_base_, index, static_cast<uint64_t>(this_row) + 1};
    switch (rr.rows.kind) {
      case binlog::RowsKind::kWrite:
        if (st.skip_creates) {
          tracker_.Advance(offset);
          continue;
        }
        ROWCAST_RETURN_STATUS_IF_ERROR(
            Emit(table, format::Op::kCreate, kNoCells, after_, ev.header, this_row, offset, false));
        break;
      case binlog::RowsKind::kDelete:
        if (st.skip_deletes) {
          tracker_.Advance(offset);
          continue;
        }
        ROWCAST_RETURN_STATUS_IF_ERROR(Emit(table, format::Op::kDelete, before_, kNoCells,
                                            ev.header, this_row, offset, st.tombstones_on_delete));
        break;
      case binlog::RowsKind::kUpdate: {
        if (st.skip_updates) {
          tracker_.Advance(offset);
          continue;
        }
        // A changed primary key is a delete of the old key and a create of the new one.
        key_buf_.clear();
        key2_buf_.clear();
        ROWCAST_RETURN_STATUS_IF_ERROR(writer_->AppendKey(key_buf_, table, before_));
        ROWCAST_RETURN_STATUS_IF_ERROR(writer_->AppendKey(key2_buf_, table, after_));
        if (key_buf_ != key2_buf_ && !table.primary_key.empty()) {
          ROWCAST_RETURN_STATUS_IF_ERROR(Emit(table, format::Op::kDelete, before_, kNoCells,
                                              ev.header, this_row, std::nullopt,
                                              st.tombstones_on_delete));
          ROWCAST_RETURN_STATUS_IF_ERROR(Emit(table, format::Op::kCreate, kNoCells, after_,
                                              ev.header, this_row, offset, false));
        } else {
          ROWCAST_RETURN_STATUS_IF_ERROR(Emit(table, format::Op::kUpdate, before_, after_,
                                              ev.header, this_row, offset, false));
        }
        break;
      }
    }
  }
  return OkStatus();
}

Status ConnectorTask::Emit(const binlog::TableMap& table, format::Op op,
                           const std::vector<binlog::Cell>& before,
                           const std::vector<binlog::Cell>& after, const EventHeader& h,
                           uint32_t row, std::optional<OffsetRef> offset, bool tombstone_after) {
  sinks::Record rec;
  rec.topic = writer_->Topic(table);
  ROWCAST_RETURN_STATUS_IF_ERROR(
      writer_->AppendKey(rec.key, table, op == format::Op::kDelete ? before : after));
  format::SourceInfo src;
  src.ts_ms = static_cast<int64_t>(h.timestamp) * 1000;
  src.server_id = h.server_id;
  src.gtid = trx_gtid_text_;
  src.file = file_;
  src.pos = h.log_pos != 0 && h.log_pos >= h.event_size ? h.log_pos - h.event_size : trx_base_->pos;
  src.row = row;
  if (options_.settings.include_query) src.query = trx_query_;
  std::string value;
  value.reserve(512);
  ROWCAST_RETURN_STATUS_IF_ERROR(
      writer_->AppendValue(value, table, op, before, after, src, NowNanos()));
  rec.value = std::move(value);
  std::optional<sinks::Record> tombstone;
  if (tombstone_after) tombstone = sinks::Record{rec.topic, rec.key, std::nullopt};
  // Track before Send: a sink may acknowledge synchronously.
  const uint64_t seq = next_seq_++;
  tracker_.Track(seq, tombstone_after ? std::nullopt : offset);
  ROWCAST_RETURN_STATUS_IF_ERROR(sink_->Send(seq, std::move(rec)));
  ++records_;
  if (tombstone) {
    const uint64_t tseq = next_seq_++;
    tracker_.Track(tseq, offset);
    ROWCAST_RETURN_STATUS_IF_ERROR(sink_->Send(tseq, std::move(*tombstone)));
    ++records_;
  }
  return OkStatus();
}

Status ConnectorTask::CommitOffsets() {
  ROWCAST_RETURN_STATUS_IF_ERROR(
      sink_->Flush(std::chrono::milliseconds(options_.settings.offset_flush_interval_ms)));
  if (auto o = tracker_.TakeCommittable()) {
    ROWCAST_RETURN_STATUS_IF_ERROR(store_->Save(*o));
    spdlog::debug("committed offset {}", offsets::OffsetToJson(*o));
  }
  return OkStatus();
}

}  // namespace rowcast::capture
