#include "schema/table_json.h"

#include <optional>

#include "common/json_writer.h"

namespace rowcast::schema {
namespace {

// java.sql.Types
constexpr int kBitJdbc = -7;
constexpr int kSmallIntJdbc = 5;
constexpr int kIntegerJdbc = 4;
constexpr int kBigIntJdbc = -5;
constexpr int kFloatJdbc = 6;
constexpr int kDoubleJdbc = 8;
constexpr int kDecimalJdbc = 3;
constexpr int kCharJdbc = 1;
constexpr int kVarCharJdbc = 12;
constexpr int kDateJdbc = 91;
constexpr int kTimeJdbc = 92;
constexpr int kTimestampJdbc = 93;
constexpr int kTimestampTzJdbc = 2014;
constexpr int kBinaryJdbc = -2;
constexpr int kVarBinaryJdbc = -3;
constexpr int kBlobJdbc = 2004;
constexpr int kBooleanJdbc = 16;
constexpr int kOtherJdbc = 1111;

// The type keyword as Debezium's grammar names it: the SQL name, but BOOLEAN for BOOL.
std::string_view Keyword(DataType t) { return t == DataType::kBool ? "BOOLEAN" : DataTypeName(t); }

bool TakesSignedness(DataType t) {
  switch (t) {
    case DataType::kTinyInt:
    case DataType::kSmallInt:
    case DataType::kMediumInt:
    case DataType::kInt:
    case DataType::kBigInt:
    case DataType::kDecimal:
    case DataType::kFloat:
    case DataType::kDouble:
      return true;
    default:
      return false;
  }
}

void AppendStringOrNull(std::string& out, std::string_view s, bool present) {
  if (present) {
    AppendJsonString(out, s);
  } else {
    out.append("null");
  }
}

// Debezium keeps ENUM/SET labels as the grammar's string literals: quoted, quotes doubled.
std::string QuotedLabel(std::string_view label) {
  std::string s = "'";
  for (char ch : label) {
    if (ch == '\'') s.push_back('\'');
    s.push_back(ch);
  }
  s.push_back('\'');
  return s;
}

// Length and scale as Debezium's resolver fills them: as written, else the type's default
// dimension (DECIMAL(10,0), BIT(1)); nothing for the rest.
std::optional<int64_t> LengthOf(const Column& c) {
  if (c.length) return c.length;
  if (c.type == DataType::kDecimal) return 10;
  if (c.type == DataType::kBit) return 1;
  return std::nullopt;
}

std::optional<int32_t> ScaleOf(const Column& c) {
  if (c.scale) return c.scale;
  if (c.type == DataType::kDecimal) return 0;
  return std::nullopt;
}

void AppendColumn(std::string& out, const Column& c, size_t position, bool include_comments,
                  TableChangeFormat format) {
  const bool history = format == TableChangeFormat::kHistory;
  const std::string type_name = DebeziumTypeName(c);
  out.append("{\"name\":");
  AppendJsonString(out, c.name);
  out.append(",\"jdbcType\":");
  AppendJsonInt(out, JdbcType(c));
  if (!history) out.append(",\"nativeType\":null");  // unset in the binlog connectors
  out.append(",\"typeName\":");
  AppendJsonString(out, type_name);
  out.append(",\"typeExpression\":");
  AppendJsonString(out, type_name);
  out.append(",\"charsetName\":");
  AppendStringOrNull(out, c.charset, IsCharacterType(c.type) && !c.charset.empty());
  const auto length = LengthOf(c);
  if (length || !history) {
    out.append(",\"length\":");
    if (length) {
      AppendJsonInt(out, *length);
    } else {
      out.append("null");
    }
  }
  const auto scale = ScaleOf(c);
  if (scale || !history) {
    out.append(",\"scale\":");
    if (scale) {
      AppendJsonInt(out, *scale);
    } else {
      out.append("null");
    }
  }
  out.append(",\"position\":");
  AppendJsonUint(out, position);
  out.append(",\"optional\":");
  out.append(c.nullable ? "true" : "false");
  // The MySQL grammar marks AUTO_INCREMENT columns as both auto-incremented and generated.
  out.append(",\"autoIncremented\":");
  out.append(c.auto_increment ? "true" : "false");
  out.append(",\"generated\":");
  out.append(c.auto_increment ? "true" : "false");
  out.append(",\"comment\":");
  AppendStringOrNull(out, c.comment, include_comments && !c.comment.empty());
  const bool has_default = c.has_default || c.default_null;
  const bool has_expression = c.has_default && !c.default_null;
  if (history) {
    out.append(",\"hasDefaultValue\":");
    out.append(has_default ? "true" : "false");
  }
  if (has_expression || !history) {
    out.append(",\"defaultValueExpression\":");
    AppendStringOrNull(out, c.default_value, has_expression);
  }
  const bool labels =
      (c.type == DataType::kEnum || c.type == DataType::kSet) && !c.enum_values.empty();
  if (labels || !history) {
    out.append(",\"enumValues\":");
    if (labels) {
      out.push_back('[');
      for (size_t i = 0; i < c.enum_values.size(); ++i) {
        if (i > 0) out.push_back(',');
        AppendJsonString(out, QuotedLabel(c.enum_values[i]));
      }
      out.push_back(']');
    } else {
      out.append("null");
    }
  }
  out.push_back('}');
}

}  // namespace

int JdbcType(const Column& c) {
  switch (c.type) {
    case DataType::kTinyInt:
    case DataType::kSmallInt:
      return kSmallIntJdbc;
    case DataType::kMediumInt:
    case DataType::kInt:
    case DataType::kYear:
      return kIntegerJdbc;
    case DataType::kBigInt:
      return kBigIntJdbc;
    case DataType::kDecimal:
      return kDecimalJdbc;
    case DataType::kFloat:
      return kFloatJdbc;
    case DataType::kDouble:
      return kDoubleJdbc;
    case DataType::kBit:
      return kBitJdbc;
    case DataType::kBool:
      return kBooleanJdbc;
    case DataType::kDate:
      return kDateJdbc;
    case DataType::kTime:
      return kTimeJdbc;
    case DataType::kDateTime:
      return kTimestampJdbc;
    case DataType::kTimestamp:
      return kTimestampTzJdbc;
    case DataType::kChar:
    case DataType::kEnum:
    case DataType::kSet:
      return kCharJdbc;
    case DataType::kVarChar:
    case DataType::kTinyText:
    case DataType::kText:
    case DataType::kMediumText:
    case DataType::kLongText:
      return kVarCharJdbc;
    case DataType::kBinary:
      return kBinaryJdbc;
    case DataType::kVarBinary:
      return kVarBinaryJdbc;
    case DataType::kTinyBlob:
    case DataType::kBlob:
    case DataType::kMediumBlob:
    case DataType::kLongBlob:
      return kBlobJdbc;
    case DataType::kJson:
    case DataType::kGeometry:
    case DataType::kPoint:
    case DataType::kLineString:
    case DataType::kPolygon:
    case DataType::kMultiPoint:
    case DataType::kMultiLineString:
    case DataType::kMultiPolygon:
    case DataType::kGeometryCollection:
    case DataType::kUuid:
    case DataType::kInet4:
    case DataType::kInet6:
    case DataType::kVector:
      return kOtherJdbc;
  }
  return kOtherJdbc;
}

std::string DebeziumTypeName(const Column& c) {
  std::string s(Keyword(c.type));
  if (TakesSignedness(c.type)) {
    if (c.is_unsigned || c.zerofill) s += " UNSIGNED";
    if (c.zerofill) s += " ZEROFILL";
  }
  return s;
}

std::string DoubleQuotedTableId(std::string_view db, std::string_view table) {
  std::string s;
  auto part = [&s](std::string_view name) {
    s.push_back('"');
    for (char ch : name) {
      if (ch == '"') s.push_back('"');
      s.push_back(ch);
    }
    s.push_back('"');
  };
  if (!db.empty()) {
    part(db);
    s.push_back('.');
  }
  part(table);
  return s;
}

void AppendTableChangeJson(std::string& out, const TableChange& change, const Table* table,
                           bool include_comments, TableChangeFormat format) {
  const bool history = format == TableChangeFormat::kHistory;
  if (change.type == ChangeType::kDrop) table = nullptr;
  out.append("{\"type\":");
  switch (change.type) {
    case ChangeType::kCreate:
      out.append("\"CREATE\"");
      break;
    case ChangeType::kAlter:
      out.append("\"ALTER\"");
      break;
    case ChangeType::kDrop:
      out.append("\"DROP\"");
      break;
  }
  out.append(",\"id\":");
  AppendJsonString(out, DoubleQuotedTableId(change.db, change.table));
  const bool renamed = change.type == ChangeType::kAlter && !change.previous_table.empty() &&
                       (change.previous_table != change.table || change.previous_db != change.db);
  if (history && renamed) {
    out.append(",\"previousId\":");
    AppendJsonString(out, DoubleQuotedTableId(change.previous_db, change.previous_table));
  }
  out.append(",\"table\":{\"defaultCharsetName\":");
  AppendStringOrNull(out, table != nullptr ? std::string_view(table->default_charset) : "",
                     table != nullptr && !table->default_charset.empty());
  out.append(",\"primaryKeyColumnNames\":[");
  if (table != nullptr) {
    for (size_t i = 0; i < table->primary_key.size(); ++i) {
      if (i > 0) out.push_back(',');
      AppendJsonString(out, table->primary_key[i]);
    }
  }
  out.append("],\"columns\":[");
  if (table != nullptr) {
    for (size_t i = 0; i < table->columns.size(); ++i) {
      if (i > 0) out.push_back(',');
      AppendColumn(out, table->columns[i], i + 1, include_comments, format);
    }
  }
  out.push_back(']');
  const bool comment = table != nullptr && include_comments && !table->comment.empty();
  if (history) {
    out.append(",\"attributes\":[]},\"comment\":");
    AppendStringOrNull(out, comment ? std::string_view(table->comment) : "", comment);
    out.push_back('}');
  } else {
    out.append(",\"comment\":");
    AppendStringOrNull(out, comment ? std::string_view(table->comment) : "", comment);
    out.append("}}");
  }
}

}  // namespace rowcast::schema
