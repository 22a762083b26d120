#include "schema/bind.h"

#include <algorithm>
#include <cctype>
#include <ranges>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace rowcast::schema {

using binlog::ColumnType;

namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view NormalCharset(std::string_view cs) { return cs == "utf8" ? "utf8mb3" : cs; }

// Binary strings, and MariaDB's fixed binary types that the binlog logs as BINARY.
bool IsLoggedAsBinary(DataType t) {
  return IsBinaryStringType(t) || t == DataType::kUuid || t == DataType::kInet4 ||
         t == DataType::kInet6;
}

bool IsSignednessType(DataType t) {
  return IsIntegerType(t) || t == DataType::kDecimal || t == DataType::kFloat ||
         t == DataType::kDouble;
}

std::string TypeText(const Column& c) {
  std::string s(DataTypeName(c.type));
  if (c.length) s += fmt::format("({}{})", *c.length, c.scale ? fmt::format(",{}", *c.scale) : "");
  if (c.is_unsigned) s += " UNSIGNED";
  return s;
}

// The MySQL name of a logged column type (include/field_types.h), for messages.
std::string_view LoggedTypeName(ColumnType t) {
  switch (t) {
    case ColumnType::kDecimal:
      return "DECIMAL (old)";
    case ColumnType::kTiny:
      return "TINY";
    case ColumnType::kShort:
      return "SHORT";
    case ColumnType::kLong:
      return "LONG";
    case ColumnType::kFloat:
      return "FLOAT";
    case ColumnType::kDouble:
      return "DOUBLE";
    case ColumnType::kNull:
      return "NULL";
    case ColumnType::kTimestamp:
      return "TIMESTAMP";
    case ColumnType::kLongLong:
      return "LONGLONG";
    case ColumnType::kInt24:
      return "INT24";
    case ColumnType::kDate:
      return "DATE";
    case ColumnType::kTime:
      return "TIME";
    case ColumnType::kDateTime:
      return "DATETIME";
    case ColumnType::kYear:
      return "YEAR";
    case ColumnType::kNewDate:
      return "NEWDATE";
    case ColumnType::kVarchar:
      return "VARCHAR";
    case ColumnType::kBit:
      return "BIT";
    case ColumnType::kTimestamp2:
      return "TIMESTAMP2";
    case ColumnType::kDateTime2:
      return "DATETIME2";
    case ColumnType::kTime2:
      return "TIME2";
    case ColumnType::kTypedArray:
      return "TYPED_ARRAY";
    case ColumnType::kMariaBlobCompressed:
      return "BLOB_COMPRESSED";
    case ColumnType::kMariaVarcharCompressed:
      return "VARCHAR_COMPRESSED";
    case ColumnType::kVector:
      return "VECTOR";
    case ColumnType::kJson:
      return "JSON";
    case ColumnType::kNewDecimal:
      return "NEWDECIMAL";
    case ColumnType::kEnum:
      return "ENUM";
    case ColumnType::kSet:
      return "SET";
    case ColumnType::kTinyBlob:
      return "TINY_BLOB";
    case ColumnType::kMediumBlob:
      return "MEDIUM_BLOB";
    case ColumnType::kLongBlob:
      return "LONG_BLOB";
    case ColumnType::kBlob:
      return "BLOB (any BLOB or TEXT)";
    case ColumnType::kVarString:
      return "VAR_STRING";
    case ColumnType::kString:
      return "STRING (CHAR or BINARY)";
    case ColumnType::kGeometry:
      return "GEOMETRY";
  }
  return "unknown";
}

}  // namespace

bool LoggedTypeMatches(const Column& c, ColumnType t) {
  switch (c.type) {
    case DataType::kTinyInt:
    case DataType::kBool:
      return t == ColumnType::kTiny;
    case DataType::kSmallInt:
      return t == ColumnType::kShort;
    case DataType::kMediumInt:
      return t == ColumnType::kInt24;
    case DataType::kInt:
      return t == ColumnType::kLong;
    case DataType::kBigInt:
      return t == ColumnType::kLongLong;
    case DataType::kDecimal:
      return t == ColumnType::kNewDecimal || t == ColumnType::kDecimal;
    case DataType::kFloat:
      // FLOAT(p) with p > 24 is a DOUBLE.
      return t == ColumnType::kFloat || t == ColumnType::kDouble;
    case DataType::kDouble:
      return t == ColumnType::kDouble;
    case DataType::kBit:
      return t == ColumnType::kBit;
    case DataType::kDate:
      return t == ColumnType::kDate || t == ColumnType::kNewDate;
    case DataType::kTime:
      return t == ColumnType::kTime2 || t == ColumnType::kTime;
    case DataType::kDateTime:
      return t == ColumnType::kDateTime2 || t == ColumnType::kDateTime;
    case DataType::kTimestamp:
      return t == ColumnType::kTimestamp2 || t == ColumnType::kTimestamp;
    case DataType::kYear:
      return t == ColumnType::kYear;
    case DataType::kChar:
    case DataType::kBinary:
      // A CHAR wider than 255 bytes is logged as VARCHAR by some servers.
      return t == ColumnType::kString || t == ColumnType::kVarchar || t == ColumnType::kVarString;
    case DataType::kVarChar:
    case DataType::kVarBinary:
      return t == ColumnType::kVarchar || t == ColumnType::kVarString ||
             t == ColumnType::kMariaVarcharCompressed;
    case DataType::kTinyText:
    case DataType::kText:
    case DataType::kMediumText:
    case DataType::kLongText:
    case DataType::kTinyBlob:
    case DataType::kBlob:
    case DataType::kMediumBlob:
    case DataType::kLongBlob:
      return t == ColumnType::kBlob || t == ColumnType::kTinyBlob || t == ColumnType::kMediumBlob ||
             t == ColumnType::kLongBlob || t == ColumnType::kMariaBlobCompressed;
    case DataType::kEnum:
      return t == ColumnType::kEnum;
    case DataType::kSet:
      return t == ColumnType::kSet;
    case DataType::kJson:
      // MariaDB's JSON is LONGTEXT.
      return t == ColumnType::kJson || t == ColumnType::kBlob;
    case DataType::kGeometry:
    case DataType::kPoint:
    case DataType::kLineString:
    case DataType::kPolygon:
    case DataType::kMultiPoint:
    case DataType::kMultiLineString:
    case DataType::kMultiPolygon:
    case DataType::kGeometryCollection:
      return t == ColumnType::kGeometry;
    case DataType::kUuid:
    case DataType::kInet4:
    case DataType::kInet6:
      return t == ColumnType::kString || t == ColumnType::kVarchar;
    case DataType::kVector:
      return t == ColumnType::kVector || t == ColumnType::kVarchar || t == ColumnType::kBlob;
  }
  return false;
}

StatusOr<BoundTable> Bind(const binlog::TableMap& map, std::shared_ptr<const Table> table,
                          const CharsetLookup& charsets, bool strict_charsets) {
  const Table& t = *table;
  auto mismatch = [&](size_t i, std::string_view what) {
    return std::unexpected(FailedPreconditionError(fmt::format(
        "{}.{} column {} (`{}`): the binlog and the tracked schema disagree: {}. rowcast stops "
        "rather than emit rows against the wrong columns; the schema history may be missing a "
        "DDL statement (run with snapshot.mode=recovery only if no schema change happened since "
        "the stored offset)",
        map.db, map.table, i + 1, i < t.columns.size() ? t.columns[i].name : map.columns[i].name,
        what)));
  };
  if (map.columns.size() != t.columns.size()) {
    return std::unexpected(FailedPreconditionError(fmt::format(
        "{}.{}: the binlog has {} columns, the tracked schema {} ({}). rowcast stops rather than "
        "emit rows against the wrong columns; the schema history may be missing a DDL statement",
        map.db, map.table, map.columns.size(), t.columns.size(),
        fmt::join(t.columns | std::views::transform(&Column::name), ", "))));
  }
  BoundTable out{map, std::move(table)};
  binlog::TableMap& m = out.map;
  for (size_t i = 0; i < t.columns.size(); ++i) {
    const Column& c = t.columns[i];
    binlog::ColumnInfo& mc = m.columns[i];
    if (!LoggedTypeMatches(c, mc.real_type)) {
      return mismatch(
          i, fmt::format("logged as type {} ({}), tracked as {}", static_cast<int>(mc.real_type),
                         LoggedTypeName(mc.real_type), TypeText(c)));
    }
    if (map.has_names) {
      if (!EqualsIgnoreCase(mc.name, c.name)) {
        return mismatch(i, fmt::format("named `{}` in the binlog", mc.name));
      }
    } else {
      mc.name = c.name;
    }
    const bool tracked_unsigned = c.is_unsigned || c.zerofill;
    if (IsSignednessType(c.type) && binlog::IsNumericForSignedness(mc.type)) {
      if (map.has_signedness) {
        if (mc.is_unsigned != tracked_unsigned) {
          return mismatch(i, fmt::format("{} in the binlog, {} in the tracked schema",
                                         mc.is_unsigned ? "UNSIGNED" : "signed",
                                         tracked_unsigned ? "UNSIGNED" : "signed"));
        }
      } else {
        mc.is_unsigned = tracked_unsigned;
      }
    }
    if (mc.real_type == ColumnType::kEnum && mc.enum_values.empty()) mc.enum_values = c.enum_values;
    if (mc.real_type == ColumnType::kSet && mc.set_values.empty()) mc.set_values = c.enum_values;
    if (mc.is_character() || mc.real_type == ColumnType::kEnum ||
        mc.real_type == ColumnType::kSet) {
      const bool binary = IsLoggedAsBinary(c.type) || NormalCharset(c.charset) == "binary";
      if (mc.collation != 0 && charsets.charset_of != nullptr) {
        const std::string_view logged = NormalCharset(charsets.charset_of(mc.collation));
        const std::string_view tracked = binary ? "binary" : NormalCharset(c.charset);
        if (!logged.empty() && !tracked.empty() && logged != tracked && strict_charsets) {
          return mismatch(i, fmt::format("character set {} in the binlog, {} in the tracked schema",
                                         logged, tracked));
        }
      } else if (mc.collation == 0) {
        if (binary) {
          mc.collation = binlog::kBinaryCollation;
        } else if (charsets.collation_of != nullptr && !c.charset.empty()) {
          mc.collation = charsets.collation_of(NormalCharset(c.charset));
        }
      }
    }
    mc.visible = !c.invisible;
    mc.form = c.type == DataType::kUuid    ? binlog::ValueForm::kUuid
              : c.type == DataType::kInet4 ? binlog::ValueForm::kInet4
              : c.type == DataType::kInet6 ? binlog::ValueForm::kInet6
                                           : binlog::ValueForm::kPlain;
  }
  // The primary key: from the binlog when it carries one (and then it must agree).
  std::vector<uint32_t> pk;
  for (const auto& name : t.primary_key) {
    const int index = t.FindColumn(name);
    if (index < 0) {
      return std::unexpected(InternalError(fmt::format(
          "{}.{}: primary key column `{}` is not a column of the table", t.db, t.name, name)));
    }
    pk.push_back(static_cast<uint32_t>(index));
  }
  if (map.has_primary_key_metadata) {
    if (map.primary_key != pk) {
      return std::unexpected(FailedPreconditionError(fmt::format(
          "{}.{}: the binlog's primary key differs from the tracked schema's ({}); the schema "
          "history may be missing a DDL statement",
          map.db, map.table, fmt::join(t.primary_key, ", "))));
    }
  } else {
    m.primary_key = std::move(pk);
  }
  m.has_names = true;
  return out;
}

}  // namespace rowcast::schema

namespace rowcast::schema {

Table TableFromMap(const binlog::TableMap& map) {
  Table t;
  t.db = map.db;
  t.name = map.table;
  for (size_t i = 0; i < map.columns.size(); ++i) {
    const binlog::ColumnInfo& mc = map.columns[i];
    Column c;
    c.name = mc.name.empty() ? fmt::format("_{}", i + 1) : mc.name;
    c.nullable = mc.nullable;
    c.is_unsigned = mc.is_unsigned;
    const bool binary = mc.collation == binlog::kBinaryCollation;
    switch (mc.real_type) {
      case ColumnType::kTiny:
        c.type = DataType::kTinyInt;
        break;
      case ColumnType::kShort:
        c.type = DataType::kSmallInt;
        break;
      case ColumnType::kInt24:
        c.type = DataType::kMediumInt;
        break;
      case ColumnType::kLong:
        c.type = DataType::kInt;
        break;
      case ColumnType::kLongLong:
        c.type = DataType::kBigInt;
        break;
      case ColumnType::kFloat:
        c.type = DataType::kFloat;
        break;
      case ColumnType::kDouble:
        c.type = DataType::kDouble;
        break;
      case ColumnType::kDecimal:
      case ColumnType::kNewDecimal:
        c.type = DataType::kDecimal;
        c.length = mc.meta >> 8;
        c.scale = mc.meta & 0xFF;
        break;
      case ColumnType::kBit:
        c.type = DataType::kBit;
        c.length = (mc.meta >> 8) * 8 + (mc.meta & 0xFF);
        break;
      case ColumnType::kDate:
      case ColumnType::kNewDate:
        c.type = DataType::kDate;
        break;
      case ColumnType::kTime:
      case ColumnType::kTime2:
        c.type = DataType::kTime;
        c.length = mc.meta;
        break;
      case ColumnType::kDateTime:
      case ColumnType::kDateTime2:
        c.type = DataType::kDateTime;
        c.length = mc.meta;
        break;
      case ColumnType::kTimestamp:
      case ColumnType::kTimestamp2:
        c.type = DataType::kTimestamp;
        c.length = mc.meta;
        break;
      case ColumnType::kYear:
        c.type = DataType::kYear;
        break;
      case ColumnType::kString:
        c.type = binary ? DataType::kBinary : DataType::kChar;
        c.length = mc.max_length;
        break;
      case ColumnType::kVarchar:
      case ColumnType::kVarString:
      case ColumnType::kMariaVarcharCompressed:
        c.type = binary ? DataType::kVarBinary : DataType::kVarChar;
        c.length = mc.max_length;
        break;
      case ColumnType::kEnum:
        c.type = DataType::kEnum;
        c.enum_values = mc.enum_values;
        break;
      case ColumnType::kSet:
        c.type = DataType::kSet;
        c.enum_values = mc.set_values;
        break;
      case ColumnType::kJson:
        c.type = DataType::kJson;
        break;
      case ColumnType::kGeometry:
        c.type = DataType::kGeometry;
        break;
      case ColumnType::kVector:
        c.type = DataType::kVector;
        break;
      default:  // BLOB and TEXT of any size
        c.type = binary ? DataType::kBlob : DataType::kText;
        break;
    }
    t.columns.push_back(std::move(c));
  }
  for (uint32_t index : map.primary_key) {
    if (index < t.columns.size()) t.primary_key.push_back(t.columns[index].name);
  }
  return t;
}

}  // namespace rowcast::schema
