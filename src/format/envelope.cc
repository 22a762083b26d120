#include "format/envelope.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include "common/json_writer.h"
#include "format/connect_schema.h"
#include "format/schema_change.h"
#include "format/values.h"
#include "schema/bind.h"

namespace rowcast::format {

using binlog::Cell;
using binlog::CellKind;
using binlog::TableMap;

namespace {

StatusOr<std::unique_ptr<re2::RE2>> Compile(const std::string& pattern, std::string_view property) {
  re2::RE2::Options opts;
  opts.set_case_sensitive(false);
  opts.set_log_errors(false);
  auto re = std::make_unique<re2::RE2>(pattern, opts);
  if (!re->ok()) {
    return std::unexpected(InvalidArgumentError(fmt::format(
        "{}: '{}' is not a valid regular expression: {}", property, pattern, re->error())));
  }
  return re;
}

// Truncates UTF-8 text to `n` characters.
std::string_view TruncateChars(std::string_view s, int n) {
  size_t i = 0;
  int chars = 0;
  while (i < s.size() && chars < n) {
    const auto b = static_cast<unsigned char>(s[i]);
    i += b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    ++chars;
  }
  return s.substr(0, std::min(i, s.size()));
}

}  // namespace

EnvelopeWriter::EnvelopeWriter(EnvelopeOptions options) : options_(std::move(options)) {}
EnvelopeWriter::~EnvelopeWriter() = default;

StatusOr<std::unique_ptr<EnvelopeWriter>> EnvelopeWriter::Create(EnvelopeOptions options) {
  std::unique_ptr<EnvelopeWriter> w(new EnvelopeWriter(std::move(options)));
  for (const auto& p : w->options_.column_include) {
    ROWCAST_ASSIGN_OR_RETURN(auto re, Compile(p, "column.include.list"));
    w->include_.push_back(std::move(re));
  }
  for (const auto& k : w->options_.key_columns) {
    ROWCAST_ASSIGN_OR_RETURN(auto re, Compile(k.table_pattern, "message.key.columns"));
    w->key_rules_.push_back(KeyRule{std::move(re), k.columns});
  }
  for (const auto& p : w->options_.column_exclude) {
    ROWCAST_ASSIGN_OR_RETURN(auto re, Compile(p, "column.exclude.list"));
    w->exclude_.push_back(std::move(re));
  }
  for (const auto& rule : w->options_.column_truncate) {
    for (const auto& p : rule.patterns) {
      ROWCAST_ASSIGN_OR_RETURN(auto re, Compile(p, "column.truncate.to.N.chars"));
      w->truncate_.push_back(Rule{rule.length, std::move(re)});
    }
  }
  for (const auto& rule : w->options_.column_mask) {
    for (const auto& p : rule.patterns) {
      ROWCAST_ASSIGN_OR_RETURN(auto re, Compile(p, "column.mask.with.N.chars"));
      w->mask_.push_back(Rule{rule.length, std::move(re)});
    }
  }
  return w;
}

std::string EnvelopeWriter::Topic(const TableMap& table) const {
  std::string t;
  t.reserve(options_.topic_prefix.size() + table.db.size() + table.table.size() + 2);
  t += options_.topic_prefix;
  t += '.';
  t += table.db;
  t += '.';
  t += table.table;
  return t;
}

void EnvelopeWriter::SetTable(const TableMap& table,
                              const std::shared_ptr<const schema::Table>& schema) {
  current_plan_ = &PlanFor(table, schema);
  current_map_ = &table;
}

const EnvelopeWriter::TablePlan& EnvelopeWriter::PlanOf(const TableMap& table) {
  if (current_map_ == &table && current_plan_ != nullptr) return *current_plan_;
  return PlanFor(table, nullptr);
}

const EnvelopeWriter::TablePlan& EnvelopeWriter::PlanFor(
    const TableMap& table, const std::shared_ptr<const schema::Table>& schema) {
  scratch_.clear();
  scratch_ += table.db;
  scratch_ += '.';
  scratch_ += table.table;
  auto it = plans_.find(scratch_);
  if (it != plans_.end() && it->second.columns.size() == table.columns.size() &&
      (schema == nullptr || schema == it->second.schema)) {
    // The same table after an ALTER may have the same width but other names.
    bool same = true;
    for (size_t i = 0; i < table.columns.size() && same; ++i) {
      same = it->second.columns[i].name == table.columns[i].name;
    }
    if (same) return it->second;
  }
  TablePlan plan;
  const bool schemas = options_.key_schemas || options_.value_schemas;
  if (schema != nullptr) {
    plan.schema = schema;
  } else if (schemas) {
    plan.schema = std::make_shared<const schema::Table>(schema::TableFromMap(table));
  }
  plan.columns.resize(table.columns.size());
  for (size_t i = 0; i < table.columns.size(); ++i) {
    const std::string id = fmt::format("{}.{}.{}", table.db, table.table, table.columns[i].name);
    ColumnPlan& cp = plan.columns[i];
    cp.name = table.columns[i].name;
    // Without column names in the binlog (replay of old files), name columns by position.
    AppendJsonString(cp.key, cp.name.empty() ? fmt::format("_{}", i + 1) : cp.name);
    cp.key.push_back(':');
    if (!include_.empty()) {
      cp.included = false;
      for (const auto& re : include_) cp.included |= re2::RE2::FullMatch(id, *re);
    }
    for (const auto& re : exclude_) {
      if (re2::RE2::FullMatch(id, *re)) cp.included = false;
    }
    for (const auto& r : truncate_) {
      if (re2::RE2::FullMatch(id, *r.re)) cp.truncate = r.length;
    }
    for (const auto& r : mask_) {
      if (re2::RE2::FullMatch(id, *r.re)) cp.mask = r.length;
    }
  }
  plan.key.assign(table.primary_key.begin(), table.primary_key.end());
  const std::string table_id = fmt::format("{}.{}", table.db, table.table);
  for (const KeyRule& rule : key_rules_) {
    if (!re2::RE2::FullMatch(table_id, *rule.table)) continue;
    std::vector<uint32_t> custom;
    for (const std::string& name : rule.columns) {
      for (size_t i = 0; i < table.columns.size(); ++i) {
        if (table.columns[i].name == name) custom.push_back(static_cast<uint32_t>(i));
      }
    }
    if (!custom.empty()) plan.key = std::move(custom);
    break;
  }
  if (schemas && plan.schema != nullptr) {
    ConnectSchemaOptions co{options_.connector, options_.topic_prefix, options_.values};
    if (options_.key_schemas && !plan.key.empty()) {
      std::vector<int> key(plan.key.begin(), plan.key.end());
      plan.key_schema = KeySchemaJson(*plan.schema, key, co);
    }
    if (options_.value_schemas) {
      std::vector<bool> included;
      for (const auto& c : plan.columns) included.push_back(c.included);
      plan.value_schema = ValueSchemaJson(*plan.schema, included, co);
    }
  }
  auto& slot = plans_[scratch_];
  slot = std::move(plan);
  current_map_ = nullptr;  // the shortcut's plan may have been replaced
  return slot;
}

Status EnvelopeWriter::AppendKey(std::string& out, const TableMap& table,
                                 const std::vector<Cell>& row) {
  const TablePlan& plan = PlanOf(table);
  if (plan.key.empty() || row.empty()) {
    out.append("null");
    return OkStatus();
  }
  if (options_.key_schemas) {
    out.append("{\"schema\":");
    out.append(plan.key_schema);
    out.append(",\"payload\":");
  }
  ROWCAST_RETURN_STATUS_IF_ERROR(AppendKeyFields(out, table, plan, row));
  if (options_.key_schemas) out.push_back('}');
  return OkStatus();
}

Status EnvelopeWriter::AppendKeyPayload(std::string& out, const TableMap& table,
                                        const std::vector<Cell>& row) {
  const TablePlan& plan = PlanOf(table);
  if (plan.key.empty() || row.empty()) {
    out.append("null");
    return OkStatus();
  }
  return AppendKeyFields(out, table, plan, row);
}

Status EnvelopeWriter::AppendKeyFields(std::string& out, const TableMap& table,
                                       const TablePlan& plan, const std::vector<Cell>& row) {
  out.push_back('{');
  bool first = true;
  for (uint32_t index : plan.key) {
    if (!first) out.push_back(',');
    first = false;
    const auto& col = table.columns[index];
    AppendJsonString(out, col.name.empty() ? fmt::format("_{}", index + 1) : col.name);
    out.push_back(':');
    Status s = AppendCellJson(out, col, row[index], options_.values);
    if (!s.ok())
      return s.WithContext(fmt::format("{}.{} key column `{}`", table.db, table.table, col.name));
  }
  out.push_back('}');
  return OkStatus();
}

Status EnvelopeWriter::AppendRow(std::string& out, const TableMap& table, const TablePlan& plan,
                                 const std::vector<Cell>& row) {
  out.push_back('{');
  bool first = true;
  for (size_t i = 0; i < table.columns.size(); ++i) {
    const ColumnPlan& cp = plan.columns[i];
    if (!cp.included) continue;
    const Cell& cell = row[i];
    if (cell.kind == CellKind::kAbsent) continue;  // not logged (MINIMAL/NOBLOB images)
    if (!first) out.push_back(',');
    first = false;
    const auto& col = table.columns[i];
    out.append(cp.key);
    if (cell.kind == CellKind::kString && (cp.mask >= 0 || cp.truncate >= 0)) {
      if (cp.mask >= 0) {
        AppendJsonString(out, std::string(static_cast<size_t>(cp.mask), '*'));
      } else {
        std::string utf8;
        AppendUtf8(utf8, AsStringView(cell.bytes), col.collation);
        AppendJsonString(out, TruncateChars(utf8, cp.truncate));
      }
      continue;
    }
    Status s = AppendCellJson(out, col, cell, options_.values);
    if (!s.ok())
      return s.WithContext(fmt::format("{}.{} column `{}`", table.db, table.table, col.name));
  }
  out.push_back('}');
  return OkStatus();
}

void EnvelopeWriter::RenderSource(const TableMap& table, const SourceInfo& src) {
  // The block around `row`, which is the only field that differs between the rows of an event.
  SourceInfo at_row_zero = src;
  at_row_zero.row = 0;
  std::string block;
  AppendSourceJson(block, options_.version, options_.connector, options_.topic_prefix, table.db,
                   table.table, at_row_zero);
  // Strings in the block are escaped, so the only unescaped `,"row":0,` is the field itself.
  constexpr std::string_view kRow = ",\"row\":0,";
  const size_t at = block.rfind(kRow);
  source_prefix_.assign(",\"source\":");
  source_prefix_.append(block, 0, at + kRow.size() - 2);
  source_suffix_.assign(block, at + kRow.size() - 1);
}

Status EnvelopeWriter::AppendValue(std::string& out, const TableMap& table, Op op,
                                   const std::vector<Cell>& before, const std::vector<Cell>& after,
                                   const SourceInfo& src, int64_t now_ns) {
  const TablePlan& plan = PlanOf(table);
  if (options_.value_schemas) {
    out.append("{\"schema\":");
    out.append(plan.value_schema);
    out.append(",\"payload\":");
  }
  out.append("{\"before\":");
  if (before.empty()) {
    out.append("null");
  } else {
    ROWCAST_RETURN_STATUS_IF_ERROR(AppendRow(out, table, plan, before));
  }
  out.append(",\"after\":");
  if (after.empty()) {
    out.append("null");
  } else {
    ROWCAST_RETURN_STATUS_IF_ERROR(AppendRow(out, table, plan, after));
  }
  // The source block is the same for every row of a rows event but `row`: render it once.
  if (source_prefix_.empty() || !source_key_.Matches(table, src)) {
    RenderSource(table, src);
    source_key_ = SourceKey{src.ts_ms,
                            src.server_id,
                            src.pos,
                            src.thread,
                            table.db,
                            table.table,
                            std::string(src.gtid),
                            std::string(src.file),
                            std::string(src.query),
                            std::string(src.snapshot)};
  }
  out.append(source_prefix_);
  AppendJsonUint(out, src.row);
  out.append(source_suffix_);
  out.append(",\"transaction\":null,\"op\":\"");
  out.push_back(static_cast<char>(op));
  out.append("\",\"ts_ms\":");
  AppendJsonInt(out, now_ns / 1000000);
  out.append(",\"ts_us\":");
  AppendJsonInt(out, now_ns / 1000);
  out.append(",\"ts_ns\":");
  AppendJsonInt(out, now_ns);
  out.push_back('}');
  if (options_.value_schemas) out.push_back('}');
  return OkStatus();
}

Status EnvelopeWriter::AppendSchemaChange(std::string& key, std::string& value,
                                          const SchemaChangeEvent& in) {
  SchemaChangeEvent event = in;
  event.version = options_.version;
  ConnectSchemaOptions co{options_.connector, options_.topic_prefix, options_.values};
  if (options_.key_schemas) {
    if (change_key_schema_.empty()) change_key_schema_ = SchemaChangeKeySchemaJson(co);
    key.append("{\"schema\":");
    key.append(change_key_schema_);
    key.append(",\"payload\":");
  }
  AppendSchemaChangeKey(key, event);
  if (options_.key_schemas) key.push_back('}');
  if (options_.value_schemas) {
    if (change_value_schema_.empty()) change_value_schema_ = SchemaChangeValueSchemaJson(co);
    value.append("{\"schema\":");
    value.append(change_value_schema_);
    value.append(",\"payload\":");
  }
  AppendSchemaChangeValue(value, event, co, options_.include_schema_comments);
  if (options_.value_schemas) value.push_back('}');
  return OkStatus();
}

}  // namespace rowcast::format
