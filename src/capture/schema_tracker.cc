#include "capture/schema_tracker.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>

#include <fmt/format.h>
#include <re2/re2.h>
#include <spdlog/spdlog.h>

#include "binlog/gtid.h"
#include "format/charsets.h"
#include "mysql/connection.h"
#include "schema/table_json.h"

namespace rowcast::capture {

using schema::HistoryPosition;
using schema::HistoryRecord;

namespace {

constexpr std::string_view kServerDefaultsPrefix = "SET character_set_server=";

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string QuoteIdent(std::string_view id) {
  std::string out = "`";
  for (char c : id) {
    if (c == '`') out.push_back('`');
    out.push_back(c);
  }
  out.push_back('`');
  return out;
}

std::string QuoteString(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('\'');
  return out;
}

bool IsBuiltin(std::string_view db) {
  const std::string l = Lower(db);
  return l == "information_schema" || l == "performance_schema" || l == "mysql" || l == "sys";
}

// The binlog file's sequence number ("binlog.000012" -> 12), or nullopt.
std::optional<uint64_t> FileSequence(std::string_view file) {
  const size_t dot = file.rfind('.');
  if (dot == std::string_view::npos) return std::nullopt;
  uint64_t n = 0;
  const char* b = file.data() + dot + 1;
  const char* e = file.data() + file.size();
  auto [p, ec] = std::from_chars(b, e, n);
  if (ec != std::errc() || p != e) return std::nullopt;
  return n;
}

std::string TableChangesJson(const std::vector<AppliedDdl>& applied) {
  std::string out = "[";
  bool first = true;
  for (const auto& a : applied) {
    for (size_t i = 0; i < a.result.changes.size(); ++i) {
      if (!first) out.push_back(',');
      first = false;
      schema::AppendTableChangeJson(out, a.result.changes[i], a.tables[i].get(), true,
                                    schema::TableChangeFormat::kHistory);
    }
  }
  out.push_back(']');
  return out;
}

std::string_view CharsetOf(uint32_t collation) { return format::CharsetName(collation); }
uint32_t CollationOf(std::string_view charset) { return format::DefaultCollation(charset); }

}  // namespace

schema::CharsetLookup SchemaCharsets() { return {&CharsetOf, &CollationOf}; }

bool HistoryPositionBefore(const HistoryPosition& p, const offsets::BinlogOffset& resume) {
  if (p.snapshot) return true;
  if (!p.gtid.empty() && !resume.gtids.empty()) {
    if (auto mg = binlog::MariaGtidPosition::Parse(p.gtid); mg.has_value() && !mg->empty()) {
      auto state = binlog::MariaGtidPosition::Parse(resume.gtids);
      if (state.has_value()) {
        const auto& [domain, g] = *mg->domains().begin();
        auto it = state->domains().find(domain);
        return it != state->domains().end() && it->second.seq_no >= g.seq_no;
      }
    }
    // MySQL: uuid[:tag]:gno
    const size_t last = p.gtid.rfind(':');
    if (last != std::string::npos && p.gtid.size() >= 36) {
      auto sid = binlog::ParseUuid(std::string_view(p.gtid).substr(0, 36));
      auto set = binlog::MysqlGtidSet::Parse(resume.gtids);
      int64_t gno = 0;
      const char* b = p.gtid.data() + last + 1;
      auto [ptr, ec] = std::from_chars(b, p.gtid.data() + p.gtid.size(), gno);
      if (sid.has_value() && set.has_value() && ec == std::errc()) {
        const std::string_view tag =
            last > 37 ? std::string_view(p.gtid).substr(37, last - 37) : std::string_view();
        return set->Contains(*sid, tag, gno);
      }
    }
  }
  if (p.file == resume.file) return p.pos < resume.pos;
  const auto a = FileSequence(p.file);
  const auto b = FileSequence(resume.file);
  if (a && b) return *a < *b;
  return true;  // another server's file names: order unknown, keep the change
}

SchemaTracker::SchemaTracker(SchemaTrackerOptions options, TableFilter& filter)
    : options_(std::move(options)), filter_(filter) {
  for (const auto& pattern : options_.ddl_filter) {
    re2::RE2::Options o;
    o.set_case_sensitive(false);
    o.set_dot_nl(true);
    o.set_log_errors(false);
    auto re = std::make_unique<re2::RE2>(pattern, o);
    if (re->ok()) {
      ddl_filter_.push_back(std::move(re));
    } else {
      spdlog::warn("schema.history.internal.ddl.filter: '{}' is not a valid regular expression: {}",
                   pattern, re->error());
    }
  }
  if (options_.history) {
    history_ = options_.history;
  } else if (!options_.history_path.empty()) {
    history_ = std::make_shared<schema::FileSchemaHistory>(options_.history_path, options_.server);
  }
}

SchemaTracker::~SchemaTracker() = default;

uint64_t SchemaTracker::history_records() const { return history_ ? history_->record_count() : 0; }

bool SchemaTracker::has_history_file() const { return history_ && history_->Exists(); }

Status SchemaTracker::Record(std::vector<HistoryRecord> records) {
  if (!history_) return OkStatus();
  return history_->Append(records);
}

Status SchemaTracker::CaptureFromServer(mysql::Connection& conn, const HistoryPosition& at,
                                        bool tables_too) {
  schema::Catalog fresh;
  std::vector<HistoryRecord> records;
  const int64_t now_ms = at.ts_sec * 1000;
  auto record = [&](std::string db, std::string ddl) {
    HistoryRecord r;
    r.position = at;
    r.position.snapshot = true;
    r.ts_ms = now_ms;
    r.database = std::move(db);
    r.ddl = std::move(ddl);
    r.table_changes = "[]";
    records.push_back(std::move(r));
  };
  ROWCAST_ASSIGN_OR_RETURN_STATUS(mysql::ResultSet defaults,
                                  conn.Query("SELECT @@character_set_server, @@collation_server"));
  if (!defaults.rows.empty() && defaults.rows[0].size() == 2 && defaults.rows[0][0] &&
      defaults.rows[0][1]) {
    fresh.SetServerDefaults(*defaults.rows[0][0], *defaults.rows[0][1]);
    record("", fmt::format("{}{}, collation_server={}", kServerDefaultsPrefix, *defaults.rows[0][0],
                           *defaults.rows[0][1]));
  }
  if (!tables_too) {
    if (history_) ROWCAST_RETURN_STATUS_IF_ERROR(history_->Rewrite(records));
    catalog_ = std::move(fresh);
    ++catalog_generation_;
    bound_.clear();
    return OkStatus();
  }
  ROWCAST_ASSIGN_OR_RETURN_STATUS(mysql::ResultSet dbs, conn.Query("SHOW DATABASES"));
  std::vector<std::string> captured_dbs;
  size_t tables = 0;
  for (const auto& row : dbs.rows) {
    if (row.empty() || !row[0]) continue;
    const std::string& db = *row[0];
    const bool db_captured = filter_.CapturesDatabase(db);
    if (IsBuiltin(db) && !db_captured) continue;
    if ((options_.store_only_captured || options_.store_only_captured_databases) && !db_captured)
      continue;
    ROWCAST_ASSIGN_OR_RETURN_STATUS(mysql::ResultSet cdb,
                                    conn.Query("SHOW CREATE DATABASE " + QuoteIdent(db)));
    if (cdb.rows.empty() || cdb.rows[0].size() < 2 || !cdb.rows[0][1]) continue;
    std::string current;
    const std::string create_db = *cdb.rows[0][1];
    auto applied = schema::ApplyDdl(fresh, create_db, current);
    if (!applied.has_value()) return applied.error().WithContext("reading " + db);
    record(db, create_db);
    ROWCAST_ASSIGN_OR_RETURN_STATUS(
        mysql::ResultSet list,
        conn.Query("SHOW FULL TABLES FROM " + QuoteIdent(db) + " WHERE Table_type = 'BASE TABLE'"));
    for (const auto& trow : list.rows) {
      if (trow.empty() || !trow[0]) continue;
      const std::string& name = *trow[0];
      if (options_.store_only_captured && !filter_.Captures(db, name)) continue;
      auto ct = conn.Query("SHOW CREATE TABLE " + QuoteIdent(db) + "." + QuoteIdent(name));
      if (!ct.has_value()) {
        // Dropped between the listing and now is impossible under the lock; anything else is.
        return ct.error().WithContext(fmt::format("reading the schema of {}.{}", db, name));
      }
      if (ct->rows.empty() || ct->rows[0].size() < 2 || !ct->rows[0][1]) continue;
      std::string ddl = *ct->rows[0][1];
      current = db;
      auto r = schema::ApplyDdl(fresh, ddl, current);
      if (!r.has_value()) {
        return r.error().WithContext(
            fmt::format("rowcast cannot parse SHOW CREATE TABLE of {}.{}", db, name));
      }
      record(db, std::move(ddl));
      ++tables;
    }
    if (db_captured) captured_dbs.push_back(db);
  }
  // The parser must read what the server says about the captured tables.
  for (const auto& db : captured_dbs) {
    ROWCAST_ASSIGN_OR_RETURN_STATUS(
        mysql::ResultSet cols,
        conn.Query("SELECT TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, DATA_TYPE, IS_NULLABLE, "
                   "COLUMN_TYPE, CHARACTER_SET_NAME FROM information_schema.COLUMNS WHERE "
                   "TABLE_SCHEMA = " +
                   QuoteString(db) + " ORDER BY TABLE_NAME, ORDINAL_POSITION"));
    for (size_t i = 0; i < cols.rows.size(); ++i) {
      const std::string table = cols.Get(i, "TABLE_NAME").value_or("");
      if (!filter_.Captures(db, table)) continue;
      auto t = fresh.FindTable(db, table);
      if (!t) continue;  // a view
      const std::string column = cols.Get(i, "COLUMN_NAME").value_or("");
      const size_t ordinal = std::stoul(cols.Get(i, "ORDINAL_POSITION").value_or("0"));
      const std::string column_type = Lower(cols.Get(i, "COLUMN_TYPE").value_or(""));
      auto differ = [&](std::string what) {
        return FailedPreconditionError(fmt::format(
            "rowcast read SHOW CREATE TABLE {}.{} differently from information_schema: column "
            "{} `{}` {}. This is a bug in rowcast's DDL parser; please report it with the "
            "output of SHOW CREATE TABLE",
            db, table, ordinal, column, what));
      };
      if (ordinal == 0 || ordinal > t->columns.size()) {
        return differ(fmt::format("is missing (the parse has {} columns)", t->columns.size()));
      }
      const schema::Column& c = t->columns[ordinal - 1];
      if (Lower(c.name) != Lower(column)) return differ(fmt::format("was read as `{}`", c.name));
      const bool nullable = cols.Get(i, "IS_NULLABLE").value_or("YES") == "YES";
      if (c.nullable != nullable) {
        return differ(fmt::format("was read as {}", c.nullable ? "nullable" : "NOT NULL"));
      }
      const bool is_unsigned = column_type.find("unsigned") != std::string::npos;
      if ((c.is_unsigned || c.zerofill) != is_unsigned && schema::IsIntegerType(c.type)) {
        return differ(fmt::format("was read as {}", is_unsigned ? "signed" : "unsigned"));
      }
      if (auto cs = cols.Get(i, "CHARACTER_SET_NAME"); cs && schema::IsCharacterType(c.type)) {
        std::string tracked = c.charset == "utf8" ? "utf8mb3" : c.charset;
        std::string actual = *cs == "utf8" ? "utf8mb3" : *cs;
        if (tracked != actual) {
          return differ(fmt::format("has character set {}, read as {}", actual, tracked));
        }
      }
    }
  }
  if (history_) ROWCAST_RETURN_STATUS_IF_ERROR(history_->Rewrite(records));
  catalog_ = std::move(fresh);
  ++catalog_generation_;
  bound_.clear();
  spdlog::info("read the schemas of {} tables in {} databases from the server{}", tables,
               catalog_.DatabaseNames().size(),
               history_ ? " into the schema history " + history_->where() : "");
  return OkStatus();
}

Status SchemaTracker::Recover(const offsets::BinlogOffset& resume) {
  if (!history_) return OkStatus();
  if (!history_->Exists()) {
    return FailedPreconditionError(fmt::format(
        "the schema history {} is missing, but offsets exist (resuming at {}:{}): rowcast cannot "
        "know the table schemas at that position. If no schema change happened since then, "
        "start once with snapshot.mode=recovery to rebuild the history from the current "
        "schemas; otherwise delete the offsets to start over",
        history_->where(), resume.file, resume.pos));
  }
  auto read = history_->ReadAll();
  if (!read.has_value()) {
    return Status(read.error().code(),
                  fmt::format("{}. If no schema change happened since {}:{}, start once with "
                              "snapshot.mode=recovery to rebuild the history; otherwise delete "
                              "the offsets to start over",
                              read.error().message(), resume.file, resume.pos));
  }
  std::vector<HistoryRecord> records = std::move(*read);
  if (records.size() < resume.history_records) {
    return DataLossError(fmt::format(
        "the schema history {} holds {} records, but the stored offset was written when it "
        "held {}: the file was truncated or replaced. If no schema change happened since "
        "{}:{}, start once with snapshot.mode=recovery to rebuild it; otherwise delete the "
        "offsets to start over",
        history_->where(), records.size(), resume.history_records, resume.file, resume.pos));
  }
  if (records.empty() || !records.front().position.snapshot) {
    return DataLossError(fmt::format(
        "the schema history {} does not start with the schemas read from the server (it is "
        "empty or its beginning is missing). Start once with snapshot.mode=recovery to rebuild "
        "it if no schema change happened since {}:{}",
        history_->where(), resume.file, resume.pos));
  }
  schema::Catalog fresh;
  std::set<std::tuple<std::string, uint64_t, std::string>> seen;
  size_t used = 0, kept = 0;
  for (size_t i = 0; i < records.size(); ++i) {
    const HistoryRecord& r = records[i];
    if (!HistoryPositionBefore(r.position, resume)) continue;
    kept = i + 1;
    if (!r.position.snapshot && !seen.emplace(r.position.file, r.position.pos, r.ddl).second) {
      continue;  // written twice (a restart before the offset passed it)
    }
    if (r.ddl.starts_with(kServerDefaultsPrefix)) {
      // A snapshot of the schemas starts here (a history that cannot be rewritten gets new
      // snapshots appended): everything before it is replaced.
      if (r.position.snapshot) fresh = schema::Catalog();
      const std::string rest = r.ddl.substr(kServerDefaultsPrefix.size());
      const size_t comma = rest.find(", collation_server=");
      if (comma != std::string::npos) {
        fresh.SetServerDefaults(
            rest.substr(0, comma),
            rest.substr(comma + std::string_view(", collation_server=").size()));
      }
      ++used;
      continue;
    }
    std::string current = r.database;
    auto applied = schema::ApplyDdl(fresh, r.ddl, current);
    if (!applied.has_value()) {
      if (options_.skip_unparseable_ddl || applied.error().code() == StatusCode::kNotFound) {
        spdlog::warn("schema history {} record {}: {} (skipped)", history_->where(), i + 1,
                     applied.error().message());
        continue;
      }
      return DataLossError(fmt::format("schema history {} record {} cannot be replayed: {}",
                                       history_->where(), i + 1, applied.error().message()));
    }
    ++used;
  }
  if (kept < records.size()) {
    // Records past the resume point come back with the binlog: drop them so they are not
    // stored twice.
    records.resize(kept);
    ROWCAST_RETURN_STATUS_IF_ERROR(history_->Rewrite(records));
  }
  catalog_ = std::move(fresh);
  ++catalog_generation_;
  bound_.clear();
  spdlog::info("recovered the schemas of {} tables from {} of {} schema history records ({})",
               catalog_.table_count(), used, history_->record_count(), history_->where());
  return OkStatus();
}

StatusOr<std::vector<AppliedDdl>> SchemaTracker::ApplyDdl(std::string_view db, std::string_view sql,
                                                          const HistoryPosition& at,
                                                          int64_t ts_ms) {
  {
    std::string_view trimmed = sql;
    while (!trimmed.empty() && std::isspace(static_cast<unsigned char>(trimmed.front())))
      trimmed.remove_prefix(1);
    while (!trimmed.empty() &&
           (std::isspace(static_cast<unsigned char>(trimmed.back())) || trimmed.back() == ';'))
      trimmed.remove_suffix(1);
    for (const auto& re : ddl_filter_) {
      if (re2::RE2::FullMatch(re2::StringPiece(trimmed.data(), trimmed.size()), *re)) {
        spdlog::info(
            "{}:{}: skipping a statement that schema.history.internal.ddl.filter "
            "matches: {}",
            at.file, at.pos, trimmed.substr(0, 200));
        return std::vector<AppliedDdl>{};
      }
    }
  }
  schema::Catalog next = catalog_;
  std::string current(db);
  std::pair<std::string, std::string> unknown;
  schema::DdlOptions ddl_options;
  ddl_options.unknown_table = &unknown;
  auto results = schema::ApplyDdl(next, sql, current, ddl_options);
  if (!results.has_value()) {
    const Status& e = results.error();
    // Changes to tables rowcast does not track (not captured, store.only.captured.tables.ddl,
    // created before the oldest binlog with snapshot.mode=never) do not matter; in offline
    // replay, tables created before the file do not either.
    const bool untracked_table = e.code() == StatusCode::kNotFound && !unknown.second.empty() &&
                                 !filter_.Captures(unknown.first, unknown.second);
    if (e.code() == StatusCode::kNotFound &&
        (options_.lenient || options_.store_only_captured || untracked_table)) {
      spdlog::warn("{} at {}:{}: {} (ignored)", options_.lenient ? "replay" : "DDL", at.file,
                   at.pos, e.message());
      return std::vector<AppliedDdl>{};
    }
    if (options_.skip_unparseable_ddl) {
      spdlog::warn(
          "skipping a DDL statement rowcast cannot apply "
          "(schema.history.internal.skip.unparseable.ddl=true) at {}:{}: {}",
          at.file, at.pos, e.message());
      return std::vector<AppliedDdl>{};
    }
    return std::unexpected(
        e.code() == StatusCode::kNotFound
            ? FailedPreconditionError(
                  fmt::format("{} at {}:{}: the schema history does not know the table",
                              e.message(), at.file, at.pos))
            : InvalidArgumentError(fmt::format(
                  "{} (binlog {}:{}{}). Set schema.history.internal.skip.unparseable.ddl=true "
                  "to skip statements rowcast cannot parse, at the risk of wrong schemas",
                  e.message(), at.file, at.pos, at.gtid.empty() ? "" : ", GTID " + at.gtid)));
  }
  std::vector<AppliedDdl> out;
  bool changed = false, record = false;
  std::string record_db(db);
  for (auto& r : *results) {
    AppliedDdl a;
    a.result = std::move(r);
    for (const auto& ch : a.result.changes) {
      a.tables.push_back(ch.type == schema::ChangeType::kDrop ? nullptr
                                                              : next.FindTable(ch.db, ch.table));
      a.captured |=
          filter_.Captures(ch.db, ch.table) ||
          (!ch.previous_table.empty() && filter_.Captures(ch.previous_db, ch.previous_table));
    }
    using Kind = schema::StatementResult::Kind;
    if (a.result.kind == Kind::kDatabaseDdl) {
      a.captured = filter_.CapturesDatabase(a.result.db);
    }
    if (a.result.kind == Kind::kTableDdl || a.result.kind == Kind::kDatabaseDdl) {
      changed |= !a.result.changes.empty() || a.result.kind == Kind::kDatabaseDdl;
      bool db_captured =
          a.result.kind == Kind::kDatabaseDdl && filter_.CapturesDatabase(a.result.db);
      for (const auto& ch : a.result.changes) {
        db_captured |= filter_.CapturesDatabase(ch.db) ||
                       (!ch.previous_db.empty() && filter_.CapturesDatabase(ch.previous_db));
      }
      record |= options_.store_only_captured             ? a.captured
                : options_.store_only_captured_databases ? db_captured
                                                         : true;
      if (a.result.kind == Kind::kTableDdl && !a.result.changes.empty())
        record_db = a.result.changes.front().db;
      else if (!a.result.db.empty())
        record_db = a.result.db;
    }
    out.push_back(std::move(a));
  }
  if (record && history_) {
    HistoryRecord rec;
    rec.position = at;
    rec.ts_ms = ts_ms;
    rec.database = std::string(db);
    rec.ddl = std::string(sql);
    rec.table_changes = TableChangesJson(out);
    ROWCAST_RETURN_IF_ERROR(Record({std::move(rec)}));
  }
  if (changed) {
    catalog_ = std::move(next);
    ++catalog_generation_;
  }
  return out;
}

StatusOr<const schema::BoundTable*> SchemaTracker::Bind(const binlog::TableMap& map) {
  Bound& b = bound_[map.table_id];
  if (b.source == &map && b.source_revision == map.revision &&
      b.generation == catalog_generation_ && b.bound) {
    return &*b.bound;
  }
  auto table = catalog_.FindTable(map.db, map.table);
  if (!table) {
    if (!map.has_names && !options_.lenient) {
      return std::unexpected(FailedPreconditionError(fmt::format(
          "{}.{} is not in the tracked schemas and the binlog does not name its columns "
          "(binlog_row_metadata is not FULL): rowcast cannot know its columns. The schema "
          "history may be missing a CREATE TABLE",
          map.db, map.table)));
    }
    if (warned_.insert(map.db + "." + map.table).second && !options_.lenient) {
      spdlog::warn(
          "{}.{} is not in the tracked schemas; using the column names the binlog "
          "carries",
          map.db, map.table);
    }
    b = Bound{
        &map, map.revision, catalog_generation_,
        schema::BoundTable{map, std::make_shared<const schema::Table>(schema::TableFromMap(map))}};
    return &*b.bound;
  }
  ROWCAST_ASSIGN_OR_RETURN(
      schema::BoundTable bound,
      schema::Bind(map, std::move(table), {&CharsetOf, &CollationOf}, !options_.lenient));
  b = Bound{&map, map.revision, catalog_generation_, std::move(bound)};
  return &*b.bound;
}

}  // namespace rowcast::capture
