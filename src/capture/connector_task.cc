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
  const std::string history_path =
      !s.history_file.empty()
          ? s.history_file
          : fmt::format("{}/schema-history/{}.history", t->options_.data_dir, s.name);
  ROWCAST_ASSIGN_OR_RETURN(t->processor_,
                           ChangeProcessor::Create(s, *t, ProcessorOptions{history_path, false}));
  t->report_host_ = "rowcast:" + s.name;
  ROWCAST_ASSIGN_OR_RETURN(std::optional<BinlogOffset> stored, t->store_->Load());
  if (stored) {
    t->resume_ = Resume{stored->file, stored->pos, stored->gtids, stored->event, stored->row};
    spdlog::info("resuming from stored offset {} ({})", offsets::OffsetToJson(*stored),
                 t->store_->path());
    if (s.snapshot_mode == config::SnapshotMode::kRecovery) {
      t->recapture_schemas_ = true;
      t->recovery_offset_ = *stored;
      spdlog::warn(
          "snapshot.mode=recovery: rebuilding the schema history {} from the schemas the server "
          "has now; this is right only if no schema change happened since the stored offset",
          history_path);
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
  next_commit_ = std::chrono::steady_clock::now() +
                 std::chrono::milliseconds(options_.settings.offset_flush_interval_ms);
  while (!stop_.load()) {
    const uint64_t records_before = processor_->records();
    const auto started = std::chrono::steady_clock::now();
    Status s = StreamOnce();
    if (stop_.load()) break;
    if (!s.ok() && s.code() != StatusCode::kUnavailable) {
      Status c = CommitOffsets();
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
  return CommitOffsets();
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
  // The schemas must be those at the start position: both are read under the global read lock.
  ROWCAST_ASSIGN_OR_RETURN(mysql::ServerInfo at, CaptureSchemas(conn));
  if (s.snapshot_mode != config::SnapshotMode::kNoData) {
    spdlog::warn(
        "snapshot.mode is not no_data or never, but rowcast cannot take snapshots yet: rows that "
        "exist now are not emitted; streaming starts at the current binlog position {}:{}",
        at.current_file, at.current_position);
  }
  Resume r{at.current_file, at.current_position, at_gtids_, 0, 0};
  return r;
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
  ROWCAST_RETURN_STATUS_IF_ERROR(processor_->Reset(from, info.mariadb));

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
      result = ev.error().WithContext(fmt::format("decoding the binlog event after {}:{}",
                                                  processor_->file(), processor_->next_pos()));
      break;
    }
    result = processor_->Process(*ev, decoder);
    if (!result.ok()) {
      result = result.WithContext(fmt::format("at {}:{}", processor_->file(), ev->header.log_pos));
      break;
    }
  }
  finish();
  return result;
}

Status ConnectorTask::Emit(sinks::Record record, std::optional<OffsetRef> offset) {
  // Track before Send: a sink may acknowledge synchronously.
  const uint64_t seq = next_seq_++;
  tracker_.Track(seq, std::move(offset));
  return sink_->Send(seq, std::move(record));
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
