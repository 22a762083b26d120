#include "capture/change_processor.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <set>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "binlog/json_diff.h"
#include "format/schema_change.h"

namespace rowcast::capture {

using binlog::Event;
using binlog::EventHeader;
using offsets::BinlogOffset;
using offsets::OffsetRef;

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
  for (const auto& k : s.message_key_columns) o.key_columns.push_back({k.table, k.columns});
  o.key_schemas = s.key_schemas_enable;
  o.value_schemas = s.value_schemas_enable;
  o.include_schema_comments = s.include_schema_comments;
  return o;
}

namespace {

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

// MySQL 8.0.21+ logs CREATE TABLE ... SELECT as "CREATE TABLE ... START TRANSACTION", then the
// rows and an XID: a DDL statement that opens the transaction instead of being one.
bool StartsTransaction(std::string_view q) {
  while (!q.empty() && (std::isspace(static_cast<unsigned char>(q.back())) || q.back() == ';'))
    q.remove_suffix(1);
  constexpr std::string_view kTail = "START TRANSACTION";
  if (q.size() < kTail.size()) return false;
  const std::string_view tail = q.substr(q.size() - kTail.size());
  return std::equal(tail.begin(), tail.end(), kTail.begin(), [](char a, char b) {
    return std::toupper(static_cast<unsigned char>(a)) == b;
  });
}

int64_t NowNanos() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

const std::vector<binlog::Cell> kNoCells;

}  // namespace

StatusOr<std::unique_ptr<ChangeProcessor>> ChangeProcessor::Create(
    const config::ConnectorSettings& s, RecordOutput& out, const ProcessorOptions& options) {
  std::unique_ptr<ChangeProcessor> p(new ChangeProcessor(s, out));
  ROWCAST_ASSIGN_OR_RETURN(p->writer_, format::EnvelopeWriter::Create(EnvelopeOptionsFor(s)));
  ROWCAST_ASSIGN_OR_RETURN(
      TableFilter f,
      TableFilter::Create(FilterLists{s.database_include, s.database_exclude, s.table_include,
                                      s.table_exclude, s.table_ignore_builtin}));
  p->filter_.emplace(std::move(f));
  p->schema_ = std::make_unique<SchemaTracker>(
      SchemaTrackerOptions{.history_path = options.history_path,
                           .history = options.history,
                           .server = s.topic_prefix,
                           .skip_unparseable_ddl = s.skip_unparseable_ddl,
                           .store_only_captured = s.history_store_only_captured,
                           .store_only_captured_databases = s.history_store_only_captured_databases,
                           .ddl_filter = s.history_ddl_filter,
                           .lenient = options.lenient_schemas},
      *p->filter_);
  return p;
}

Status ChangeProcessor::Reset(const Resume& from, bool mariadb) {
  mariadb_ = mariadb;
  file_ = from.file;
  next_pos_ = from.pos;
  if (mariadb) {
    ROWCAST_ASSIGN_OR_RETURN_STATUS(maria_gtids_, binlog::MariaGtidPosition::Parse(from.gtids));
  } else {
    ROWCAST_ASSIGN_OR_RETURN_STATUS(mysql_gtids_, binlog::MysqlGtidSet::Parse(from.gtids));
  }
  in_trx_ = false;
  schema_->ResetBindings();
  skip_events_ = from.skip_events;
  skip_rows_ = from.skip_rows;
  skip_armed_ = skip_events_ > 0 || skip_rows_ > 0;
  return OkStatus();
}

Resume ChangeProcessor::CurrentResume() const {
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

std::shared_ptr<BinlogOffset> ChangeProcessor::NewBase() const {
  auto base = std::make_shared<BinlogOffset>();
  base->file = file_;
  base->gtids = mariadb_ ? maria_gtids_.ToString() : mysql_gtids_.ToString();
  base->history_records = schema_->history_records();
  base->snapshot = snapshot_flag_;
  base->snapshot_progress = snapshot_progress_;
  return base;
}

Status ChangeProcessor::ProcessDdl(const Event& ev, const binlog::QueryEvent& q) {
  if (!schema::MayChangeSchema(q.query)) return OkStatus();
  const EventHeader& h = ev.header;
  schema::HistoryPosition at;
  at.file = file_;
  if (in_trx_) {
    at.pos = trx_base_->pos;
    at.gtids = trx_base_->gtids;
    at.gtid = trx_gtid_text_;
  } else {
    at.pos = h.log_pos != 0 && h.log_pos >= h.event_size ? h.log_pos - h.event_size : next_pos_;
    at.gtids = mariadb_ ? maria_gtids_.ToString() : mysql_gtids_.ToString();
  }
  at.server_id = h.server_id;
  at.ts_sec = h.timestamp;
  ROWCAST_ASSIGN_OR_RETURN_STATUS(
      std::vector<AppliedDdl> applied,
      schema_->ApplyDdl(q.db, q.query, at, static_cast<int64_t>(h.timestamp) * 1000));
  if (!settings_.include_schema_changes) return OkStatus();
  for (const auto& a : applied) {
    using Kind = schema::StatementResult::Kind;
    if (!a.captured || (a.result.kind != Kind::kTableDdl && a.result.kind != Kind::kDatabaseDdl))
      continue;
    ROWCAST_RETURN_STATUS_IF_ERROR(EmitSchemaChange(ev, a, a.result.statement));
  }
  return OkStatus();
}

Status ChangeProcessor::EmitSchemaChange(const Event& ev, const AppliedDdl& a,
                                         std::string_view ddl) {
  const EventHeader& h = ev.header;
  format::SchemaChangeEvent e;
  e.database = a.result.changes.empty() ? std::string_view(a.result.db)
                                        : std::string_view(a.result.changes.front().db);
  e.ddl = ddl;
  for (size_t i = 0; i < a.result.changes.size(); ++i) {
    e.changes.emplace_back(a.result.changes[i], a.tables[i]);
  }
  e.source.ts_ms = static_cast<int64_t>(h.timestamp) * 1000;
  e.source.server_id = h.server_id;
  if (in_trx_) e.source.gtid = trx_gtid_text_;
  e.source.file = file_;
  e.source.pos = h.log_pos != 0 && h.log_pos >= h.event_size ? h.log_pos - h.event_size : next_pos_;
  // source.table names every table the statement touched, as Debezium writes it.
  std::string tables;
  std::set<std::string_view> seen;
  for (const auto& ch : a.result.changes) {
    if (!seen.insert(ch.table).second) continue;
    if (!tables.empty()) tables.push_back(',');
    tables += ch.table;
  }
  e.source_table = tables;
  e.now_ns = NowNanos();
  sinks::Record rec;
  rec.topic = settings_.topic_prefix;
  std::string value;
  ROWCAST_RETURN_STATUS_IF_ERROR(writer_->AppendSchemaChange(rec.key, value, e));
  rec.value = std::move(value);
  ROWCAST_RETURN_STATUS_IF_ERROR(out_.Emit(std::move(rec), std::nullopt));
  ++records_;
  return OkStatus();
}

void ChangeProcessor::BeginTransaction(const Event& ev, std::string gtid_text) {
  const EventHeader& h = ev.header;
  in_trx_ = true;
  trx_event_index_ = 0;
  trx_saw_query_ = false;
  trx_query_.clear();
  trx_gtid_text_ = std::move(gtid_text);
  const uint64_t start =
      h.log_pos != 0 && h.log_pos >= h.event_size ? h.log_pos - h.event_size : next_pos_;
  auto base = NewBase();
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

void ChangeProcessor::CommitTransaction(const Event& ev) {
  const EventHeader& h = ev.header;
  if (mariadb_) {
    if (!trx_gtid_text_.empty()) maria_gtids_.Update(trx_maria_gtid_);
  } else if (trx_gno_ > 0) {
    mysql_gtids_.Add(trx_sid_, trx_tag_, trx_gno_);
  }
  in_trx_ = false;
  trx_gno_ = 0;
  skip_events_ = 0;
  skip_rows_ = 0;
  trx_query_.clear();
  if (h.log_pos != 0) {
    next_pos_ = h.log_pos;
  } else if (payload_end_pos_ != 0) {
    next_pos_ = payload_end_pos_;  // the XID inside a compressed transaction has no position
  }
  auto base = NewBase();
  base->pos = next_pos_;
  base->gtids = mariadb_ ? maria_gtids_.ToString() : mysql_gtids_.ToString();
  base->ts_sec = h.timestamp;
  base->server_id = h.server_id;
  out_.Advance(OffsetRef{std::move(base), 0, 0});
}

Status ChangeProcessor::Process(const Event& ev, binlog::EventDecoder& decoder) {
  const auto* payload = std::get_if<binlog::TransactionPayloadRef>(&ev.body);
  if (payload == nullptr) return ProcessEvent(ev);
  // MySQL compressed transaction: its events (BEGIN ... XID, without positions) follow the
  // GTID event; the payload's own end position is where the transaction ends.
  if (!in_trx_) {
    return DataLossError(
        "a TRANSACTION_PAYLOAD event outside a transaction (no GTID event before it)");
  }
  payload_end_pos_ = ev.header.log_pos;
  binlog::PayloadReader inner(decoder, *payload);
  Status result;
  while (true) {
    auto next = inner.Next();
    if (!next.has_value()) {
      result = next.error();
      break;
    }
    if (!next->has_value()) break;
    result = ProcessEvent(**next);
    if (!result.ok()) break;
  }
  payload_end_pos_ = 0;
  return result;
}

Status ChangeProcessor::ProcessEvent(const Event& ev) {
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
    // MySQL 8.3+ tagged GTIDs print as uuid:tag:gno.
    BeginTransaction(ev, mg->anonymous ? ""
                         : mg->tag.empty()
                             ? fmt::format("{}:{}", mg->SidText(), mg->gno)
                             : fmt::format("{}:{}:{}", mg->SidText(), mg->tag, mg->gno));
    trx_sid_ = mg->sid;
    trx_tag_ = mg->tag;
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
      // DDL or other statement outside a transaction.
      ROWCAST_RETURN_STATUS_IF_ERROR(ProcessDdl(ev, *q));
      if (h.log_pos != 0) {
        next_pos_ = h.log_pos;
      } else if (payload_end_pos_ != 0) {
        next_pos_ = payload_end_pos_;  // the XID inside a compressed transaction has no position
      }
      auto base = NewBase();
      base->pos = next_pos_;
      base->ts_sec = h.timestamp;
      base->server_id = h.server_id;
      out_.Advance(OffsetRef{std::move(base), 0, 0});
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
    if (text != "BEGIN" && !text.starts_with("SAVEPOINT") && !text.starts_with("ROLLBACK TO")) {
      // DDL inside a transaction too: MariaDB logs CREATE TABLE ... SELECT as the CREATE
      // followed by the rows, in one transaction.
      ROWCAST_RETURN_STATUS_IF_ERROR(ProcessDdl(ev, *q));
      if (trx_standalone_ || (first_query && !mariadb_ && !StartsTransaction(q->query))) {
        CommitTransaction(ev);  // DDL: a transaction of its own
        return OkStatus();
      }
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
  // Events between transactions (binlog checkpoints, GTID lists, ...) move the position too, so
  // that an idle stream reaches the server's end position.
  if (!in_trx_ && !h.artificial() && h.log_pos != 0 &&
      std::get_if<binlog::HeartbeatEvent>(&ev.body) == nullptr &&
      std::get_if<binlog::RotateEvent>(&ev.body) == nullptr && h.log_pos > next_pos_) {
    next_pos_ = h.log_pos;
  }
  return result;
}

Status ChangeProcessor::ProcessSignals(const binlog::RowsRef& rr) {
  binlog::RowReader reader(rr.rows, *rr.table);
  std::vector<std::optional<std::string>> row;
  while (!reader.done()) {
    ROWCAST_RETURN_STATUS_IF_ERROR(reader.Next(before_, after_));
    row.clear();
    for (size_t i = 0; i < 3 && i < after_.size(); ++i) {
      const binlog::Cell& c = after_[i];
      if (c.kind == binlog::CellKind::kString || c.kind == binlog::CellKind::kBytes) {
        row.emplace_back(std::string(AsStringView(c.bytes)));
      } else {
        row.emplace_back(std::nullopt);
      }
    }
    ROWCAST_RETURN_STATUS_IF_ERROR(signal_hook_(row));
  }
  return OkStatus();
}

Status ChangeProcessor::ProcessRows(const Event& ev, const binlog::RowsRef& rr) {
  const uint64_t index = trx_event_index_;
  if (signal_hook_ && rr.rows.kind == binlog::RowsKind::kWrite &&
      rr.table->table == signal_table_ && rr.table->db == signal_db_ && skip_events_ <= index) {
    ROWCAST_RETURN_STATUS_IF_ERROR(ProcessSignals(rr));
  }
  if (!filter_->Captures(rr.table->db, rr.table->table)) return OkStatus();
  // The rows are read and formatted against the table map completed from the tracked schema.
  ROWCAST_ASSIGN_OR_RETURN_STATUS(const schema::BoundTable* bound, schema_->Bind(*rr.table));
  const binlog::TableMap& table = bound->map;
  writer_->SetTable(table, bound->table);
  if (!table.has_names && allow_unnamed_) {
    if (warned_unnamed_.insert(table.db + "." + table.table).second) {
      spdlog::warn(
          "{}.{}: the binlog carries no column names (binlog_row_metadata is not FULL); "
          "columns are named by position: _1, _2, ...",
          table.db, table.table);
    }
  } else if (!table.has_names) {
    return FailedPreconditionError(fmt::format(
        "the TABLE_MAP of {}.{} carries no column names; rowcast needs binlog_row_metadata=FULL",
        table.db, table.table));
  }
  if (rows_window_ && !rows_window_(ev.header)) return OkStatus();
  uint64_t skip = 0;
  if (skip_events_ > index) return OkStatus();  // emitted before the restart
  if (skip_events_ == index) skip = skip_rows_;
  const auto& st = settings_;
  event_now_ns_ = NowNanos();  // processing time, once per rows event
  binlog::RowReader reader(rr.rows, table);
  uint32_t row = 0;
  while (!reader.done()) {
    ROWCAST_RETURN_STATUS_IF_ERROR(reader.Next(before_, after_));
    if (rr.rows.partial_json) ROWCAST_RETURN_STATUS_IF_ERROR(ApplyJsonDiffs(table));
    const uint32_t this_row = row++;
    if (this_row < skip) continue;
    OffsetRef offset{trx_base_, index, static_cast<uint64_t>(this_row) + 1};
    switch (rr.rows.kind) {
      case binlog::RowsKind::kWrite:
        if (st.skip_creates) {
          out_.Advance(offset);
          continue;
        }
        ROWCAST_RETURN_STATUS_IF_ERROR(
            Emit(table, format::Op::kCreate, kNoCells, after_, ev.header, this_row, offset, false));
        break;
      case binlog::RowsKind::kDelete:
        if (st.skip_deletes) {
          out_.Advance(offset);
          continue;
        }
        ROWCAST_RETURN_STATUS_IF_ERROR(Emit(table, format::Op::kDelete, before_, kNoCells,
                                            ev.header, this_row, offset, st.tombstones_on_delete));
        break;
      case binlog::RowsKind::kUpdate: {
        if (st.skip_updates) {
          out_.Advance(offset);
          continue;
        }
        // A changed key is a delete of the old key and a create of the new one.
        key_buf_.clear();
        key2_buf_.clear();
        ROWCAST_RETURN_STATUS_IF_ERROR(writer_->AppendKey(key_buf_, table, before_));
        ROWCAST_RETURN_STATUS_IF_ERROR(writer_->AppendKey(key2_buf_, table, after_));
        if (key_buf_ != key2_buf_) {
          // As Debezium does, the delete (and its tombstone) names the new key in a header,
          // the create the old one.
          sinks::Header new_key{"__debezium.newkey", {}};
          sinks::Header old_key{"__debezium.oldkey", {}};
          ROWCAST_RETURN_STATUS_IF_ERROR(writer_->AppendKeyPayload(new_key.value, table, after_));
          ROWCAST_RETURN_STATUS_IF_ERROR(writer_->AppendKeyPayload(old_key.value, table, before_));
          ROWCAST_RETURN_STATUS_IF_ERROR(Emit(table, format::Op::kDelete, before_, kNoCells,
                                              ev.header, this_row, std::nullopt,
                                              st.tombstones_on_delete, &new_key));
          ROWCAST_RETURN_STATUS_IF_ERROR(Emit(table, format::Op::kCreate, kNoCells, after_,
                                              ev.header, this_row, offset, false, &old_key));
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

// PARTIAL_UPDATE_ROWS (binlog_row_value_options=PARTIAL_JSON): a JSON column of the after image
// may hold a diff against the before image; apply it so the event carries the whole document.
Status ChangeProcessor::ApplyJsonDiffs(const binlog::TableMap& table) {
  json_after_.resize(after_.size());
  for (size_t i = 0; i < after_.size(); ++i) {
    if (after_[i].kind != binlog::CellKind::kJsonDiff) continue;
    if (i >= before_.size() || before_[i].kind != binlog::CellKind::kJson) {
      return FailedPreconditionError(fmt::format(
          "{}.{} column `{}`: a partial JSON update without the whole document in the before "
          "image; rowcast needs binlog_row_image=FULL (or binlog_row_value_options='')",
          table.db, table.table, table.columns[i].name));
    }
    ROWCAST_ASSIGN_OR_RETURN_STATUS(json_after_[i],
                                    binlog::ApplyJsonDiff(before_[i].bytes, after_[i].bytes));
    // The result is JSON text: emit it as the JSON column's string value.
    after_[i].kind = binlog::CellKind::kString;
    after_[i].bytes = AsBytes(json_after_[i]);
  }
  return OkStatus();
}

Status ChangeProcessor::Emit(const binlog::TableMap& table, format::Op op,
                             const std::vector<binlog::Cell>& before,
                             const std::vector<binlog::Cell>& after, const EventHeader& h,
                             uint32_t row, std::optional<OffsetRef> offset, bool tombstone_after,
                             sinks::Header* extra_header) {
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
  if (settings_.include_query) src.query = trx_query_;
  std::string value;
  value.reserve(512);
  ROWCAST_RETURN_STATUS_IF_ERROR(
      writer_->AppendValue(value, table, op, before, after, src, event_now_ns_));
  rec.value = std::move(value);
  if (change_hook_) change_hook_(table, rec.key, trx_base_->pos);
  std::optional<sinks::Record> tombstone;
  if (tombstone_after) tombstone = sinks::Record{rec.topic, rec.key, std::nullopt, {}};
  if (extra_header != nullptr) {
    if (tombstone) tombstone->headers.push_back(*extra_header);
    rec.headers.push_back(std::move(*extra_header));
  }
  // A delete and its tombstone are one change: only the tombstone carries the offset.
  ROWCAST_RETURN_STATUS_IF_ERROR(
      out_.Emit(std::move(rec), tombstone_after ? std::nullopt : offset));
  ++records_;
  if (tombstone) {
    ROWCAST_RETURN_STATUS_IF_ERROR(out_.Emit(std::move(*tombstone), offset));
    ++records_;
  }
  return OkStatus();
}

}  // namespace rowcast::capture
