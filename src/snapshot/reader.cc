#include "snapshot/reader.h"

#include <fmt/format.h>

#include "mysql/connection.h"
#include "snapshot/row_text.h"

namespace rowcast::snapshot {

using schema::DataType;

namespace {

std::string HexLiteral(std::string_view raw) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out = "X'";
  for (unsigned char c : raw) {
    out.push_back(kDigits[c >> 4]);
    out.push_back(kDigits[c & 15]);
  }
  out.push_back('\'');
  return out;
}

// Types whose text form orders the same way in SQL comparisons and in ORDER BY, and survives
// the round trip through text.
bool Chunkable(const schema::Column& c) {
  switch (c.type) {
    case DataType::kFloat:
    case DataType::kDouble:
    case DataType::kEnum:  // ORDER BY uses the index, comparisons with text the label
    case DataType::kSet:
    case DataType::kJson:
    case DataType::kGeometry:
    case DataType::kPoint:
    case DataType::kLineString:
    case DataType::kPolygon:
    case DataType::kMultiPoint:
    case DataType::kMultiLineString:
    case DataType::kMultiPolygon:
    case DataType::kGeometryCollection:
    case DataType::kVector:
    case DataType::kBit:
      return false;
    default:
      return !c.generated || c.generated_stored;
  }
}

bool IsPlainNumber(std::string_view raw) {
  if (raw.empty()) return false;
  for (char ch : raw) {
    if (!((ch >= '0' && ch <= '9') || ch == '-' || ch == '+' || ch == '.')) return false;
  }
  return true;
}

}  // namespace

std::string KeyLiteral(const schema::Column& c, std::string_view raw) {
  if (schema::IsIntegerType(c.type) || c.type == DataType::kDecimal || c.type == DataType::kYear) {
    if (IsPlainNumber(raw)) return std::string(raw);
    return "'" + std::string(raw) + "'";  // not reached for values the server printed
  }
  if (schema::IsCharacterType(c.type)) {
    // An introducer makes the hex literal text in the column's charset; the explicit collation
    // makes comparisons use the column's ordering.
    std::string out;
    if (!c.charset.empty() && c.charset != "binary") out = "_" + c.charset + " ";
    out += HexLiteral(raw);
    if (!c.collation.empty()) out += " COLLATE " + c.collation;
    return out;
  }
  if (schema::IsBinaryStringType(c.type)) return HexLiteral(raw);
  // Temporal, UUID, INET: their text form, which holds no quote or backslash.
  std::string out = "'";
  for (char ch : raw) {
    if (ch == '\'' || ch == '\\') out.push_back('\\');
    out.push_back(ch);
  }
  out.push_back('\'');
  return out;
}

std::vector<int> ChunkKeyColumns(const schema::Table& t) {
  auto resolve = [&](const std::vector<std::string>& names, bool need_not_null) {
    std::vector<int> out;
    for (const auto& n : names) {
      const int i = t.FindColumn(n);
      if (i < 0) return std::vector<int>{};
      const auto& c = t.columns[static_cast<size_t>(i)];
      if (!Chunkable(c) || (need_not_null && c.nullable)) return std::vector<int>{};
      out.push_back(i);
    }
    return out;
  };
  if (!t.primary_key.empty()) return resolve(t.primary_key, false);
  for (const auto& idx : t.indexes) {
    if (idx.kind != schema::IndexKind::kUnique || idx.columns.empty()) continue;
    auto k = resolve(idx.columns, true);
    if (!k.empty()) return k;
  }
  return {};
}

std::string ChunkQuery(const schema::Table& t, std::string_view select_list,
                       const std::vector<int>& key, const KeyValues& after, std::string_view filter,
                       uint64_t limit) {
  std::string sql = fmt::format("SELECT {} FROM {}.{}", select_list, QuoteIdentifier(t.db),
                                QuoteIdentifier(t.name));
  std::string where;
  if (!key.empty() && after.size() == key.size()) {
    // (k1 > v1) OR (k1 = v1 AND k2 > v2) OR ...: a form every optimizer turns into a range.
    for (size_t i = 0; i < key.size(); ++i) {
      if (i > 0) where += " OR ";
      where += "(";
      for (size_t j = 0; j <= i; ++j) {
        const auto& col = t.columns[static_cast<size_t>(key[j])];
        if (j > 0) where += " AND ";
        where += QuoteIdentifier(col.name);
        where += j == i ? " > " : " = ";
        where += KeyLiteral(col, after[j].value_or(""));
      }
      where += ")";
    }
    where = "(" + where + ")";
  }
  if (!filter.empty()) {
    if (!where.empty()) where += " AND ";
    where += "(" + std::string(filter) + ")";
  }
  if (!where.empty()) sql += " WHERE " + where;
  if (!key.empty()) {
    sql += " ORDER BY ";
    for (size_t i = 0; i < key.size(); ++i) {
      if (i > 0) sql += ", ";
      sql += QuoteIdentifier(t.columns[static_cast<size_t>(key[i])].name);
    }
    if (limit > 0) sql += fmt::format(" LIMIT {}", limit);
  }
  return sql;
}

TableReader::~TableReader() = default;

StatusOr<std::unique_ptr<TableReader>> TableReader::Create(
    std::shared_ptr<const schema::Table> table, const schema::CharsetLookup& charsets,
    TableMapOptions map_options, std::string select_override) {
  std::unique_ptr<TableReader> r(new TableReader());
  r->table_ = std::move(table);
  ROWCAST_ASSIGN_OR_RETURN(r->map_, TableMapFor(*r->table_, charsets, map_options));
  r->converter_ = std::make_unique<TextRowConverter>(r->map_);
  r->select_list_ = SelectList(*r->table_);
  r->override_ = std::move(select_override);
  if (r->override_.empty()) r->key_ = ChunkKeyColumns(*r->table_);
  return r;
}

StatusOr<uint64_t> TableReader::Read(mysql::Connection& conn, const KeyValues& after,
                                     std::string_view filter, uint64_t limit, const RowFn& on_row,
                                     KeyValues* last) {
  const std::string sql = !override_.empty()
                              ? override_
                              : ChunkQuery(*table_, select_list_, key_, after, filter, limit);
  uint64_t rows = 0;
  Status s = conn.StreamQuery(sql, [&](const char* const* values, const unsigned long* lengths) {
    ROWCAST_RETURN_STATUS_IF_ERROR(converter_->Convert(values, lengths, cells_));
    ROWCAST_RETURN_STATUS_IF_ERROR(on_row(cells_));
    ++rows;
    if (last != nullptr && !key_.empty()) {
      last->resize(key_.size());
      for (size_t i = 0; i < key_.size(); ++i) {
        const auto k = static_cast<size_t>(key_[i]);
        if (values[k] == nullptr) {
          (*last)[i].reset();
        } else if ((*last)[i]) {
          (*last)[i]->assign(values[k], lengths[k]);
        } else {
          (*last)[i].emplace(values[k], lengths[k]);
        }
      }
    }
    return OkStatus();
  });
  if (!s.ok()) return std::unexpected(s.WithContext(fmt::format("snapshot of {}", name())));
  return rows;
}

}  // namespace rowcast::snapshot
