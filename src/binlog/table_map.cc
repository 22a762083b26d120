#include "binlog/table_map.h"

#include <fmt/format.h>

namespace rowcast::binlog {
namespace {

constexpr uint64_t kMaxColumns = 4096;  // MySQL allows 4096 columns per table

// Optional metadata field types (binlog_row_metadata).
enum class MetaField : uint8_t {
  kSignedness = 1,
  kDefaultCharset = 2,
  kColumnCharset = 3,
  kColumnName = 4,
  kSetStrValue = 5,
  kEnumStrValue = 6,
  kGeometryType = 7,
  kSimplePrimaryKey = 8,
  kPrimaryKeyWithPrefix = 9,
  kEnumAndSetDefaultCharset = 10,
  kEnumAndSetColumnCharset = 11,
  kColumnVisibility = 12,
};

// Reads the per-column metadata block; widths depend on the type.
Status ReadColumnMetadata(ByteReader& r, ColumnInfo& c) {
  switch (c.type) {
    case ColumnType::kFloat:
    case ColumnType::kDouble:
    case ColumnType::kBlob:
    case ColumnType::kTinyBlob:
    case ColumnType::kMediumBlob:
    case ColumnType::kLongBlob:
    case ColumnType::kJson:
    case ColumnType::kGeometry:
    case ColumnType::kTimestamp2:
    case ColumnType::kDateTime2:
    case ColumnType::kTime2:
    case ColumnType::kMariaBlobCompressed:
    case ColumnType::kVector: {
      ROWCAST_ASSIGN_OR_RETURN_STATUS(uint8_t m, r.ReadU8());
      c.meta = m;
      break;
    }
    case ColumnType::kVarchar:
    case ColumnType::kVarString:
    case ColumnType::kMariaVarcharCompressed: {
      ROWCAST_ASSIGN_OR_RETURN_STATUS(uint16_t m, r.ReadU16Le());
      c.meta = m;
      c.max_length = m;
      break;
    }
    case ColumnType::kBit: {
      ROWCAST_ASSIGN_OR_RETURN_STATUS(uint8_t bits, r.ReadU8());
      ROWCAST_ASSIGN_OR_RETURN_STATUS(uint8_t bytes, r.ReadU8());
      c.meta = static_cast<uint16_t>((bytes << 8) | bits);
      break;
    }
    case ColumnType::kNewDecimal: {
      ROWCAST_ASSIGN_OR_RETURN_STATUS(uint8_t precision, r.ReadU8());
      ROWCAST_ASSIGN_OR_RETURN_STATUS(uint8_t scale, r.ReadU8());
      c.meta = static_cast<uint16_t>((precision << 8) | scale);
      break;
    }
    case ColumnType::kString:
    case ColumnType::kEnum:
    case ColumnType::kSet: {
      // Two bytes in event order b0, b1 (not a little-endian u16).
      ROWCAST_ASSIGN_OR_RETURN_STATUS(uint8_t b0, r.ReadU8());
      ROWCAST_ASSIGN_OR_RETURN_STATUS(uint8_t b1, r.ReadU8());
      c.meta = static_cast<uint16_t>((b0 << 8) | b1);
      if (b0 != 0 && (b0 & 0x30) != 0x30) {
        // CHAR longer than 255 bytes: bits 4-5 of the type byte carry the length, inverted.
        c.real_type = static_cast<ColumnType>(b0 | 0x30);
        c.max_length = b1 | (static_cast<uint32_t>((b0 & 0x30) ^ 0x30) << 4);
      } else if (b0 != 0) {
        c.real_type = static_cast<ColumnType>(b0);
        c.max_length = b1;
      } else {
        c.real_type = ColumnType::kString;
        c.max_length = b1;
      }
      break;
    }
    case ColumnType::kTypedArray: {
      // Hidden column of a multi-valued index: element type, then that type's metadata.
      ROWCAST_ASSIGN_OR_RETURN_STATUS(uint8_t element, r.ReadU8());
      ColumnInfo inner;
      inner.type = static_cast<ColumnType>(element);
      inner.real_type = inner.type;
      ROWCAST_RETURN_STATUS_IF_ERROR(ReadColumnMetadata(r, inner));
      c.meta = inner.meta;
      break;
    }
    default:
      break;  // no metadata
  }
  return OkStatus();
}

Status ReadLabels(ByteReader& v, std::vector<ColumnInfo>& columns, ColumnType which) {
  for (ColumnInfo& c : columns) {
    if (c.real_type != which) continue;
    ROWCAST_ASSIGN_OR_RETURN_STATUS(uint64_t n, v.ReadLenEncInt());
    if (n > 65535 || n > v.remaining()) return DataLossError("ENUM/SET label count out of range");
    auto& labels = which == ColumnType::kEnum ? c.enum_values : c.set_values;
    labels.clear();
    labels.reserve(n);
    for (uint64_t i = 0; i < n; ++i) {
      ROWCAST_ASSIGN_OR_RETURN_STATUS(uint64_t len, v.ReadLenEncInt());
      ROWCAST_ASSIGN_OR_RETURN_STATUS(std::string_view s, v.ReadString(len));
      labels.emplace_back(s);
    }
  }
  return OkStatus();
}

// DEFAULT_CHARSET layout: default collation, then (index, collation) pairs for the exceptions.
Status ReadDefaultCharset(ByteReader& v, std::vector<ColumnInfo*>& targets) {
  ROWCAST_ASSIGN_OR_RETURN_STATUS(uint64_t def, v.ReadLenEncInt());
  for (ColumnInfo* c : targets) c->collation = static_cast<uint32_t>(def);
  while (!v.empty()) {
    ROWCAST_ASSIGN_OR_RETURN_STATUS(uint64_t index, v.ReadLenEncInt());
    ROWCAST_ASSIGN_OR_RETURN_STATUS(uint64_t collation, v.ReadLenEncInt());
    if (index >= targets.size()) return DataLossError("DEFAULT_CHARSET index out of range");
    targets[index]->collation = static_cast<uint32_t>(collation);
  }
  return OkStatus();
}

Status ReadColumnCharset(ByteReader& v, std::vector<ColumnInfo*>& targets) {
  for (ColumnInfo* c : targets) {
    ROWCAST_ASSIGN_OR_RETURN_STATUS(uint64_t collation, v.ReadLenEncInt());
    c->collation = static_cast<uint32_t>(collation);
  }
  return OkStatus();
}

Status ReadOptionalMetadata(ByteReader& r, TableMap& t, bool mariadb) {
  std::vector<ColumnInfo*> character;
  std::vector<ColumnInfo*> enum_set;
  for (ColumnInfo& c : t.columns) {
    if (c.is_character() || (mariadb && c.real_type == ColumnType::kGeometry)) {
      character.push_back(&c);
    }
    if (c.real_type == ColumnType::kEnum || c.real_type == ColumnType::kSet) enum_set.push_back(&c);
  }
  while (!r.empty()) {
    ROWCAST_ASSIGN_OR_RETURN_STATUS(uint8_t type, r.ReadU8());
    ROWCAST_ASSIGN_OR_RETURN_STATUS(uint64_t len, r.ReadLenEncInt());
    ROWCAST_ASSIGN_OR_RETURN_STATUS(ByteReader v, r.Sub(len));
    switch (static_cast<MetaField>(type)) {
      case MetaField::kSignedness: {
        // One bit per numeric column, most significant bit first.
        size_t bit = 0;
        for (ColumnInfo& c : t.columns) {
          if (!IsNumericForSignedness(c.type)) continue;
          const size_t byte = bit / 8;
          if (byte >= len) return DataLossError("SIGNEDNESS metadata shorter than numeric columns");
          const auto b = static_cast<uint8_t>(v.rest()[byte]);
          c.is_unsigned = (b & (0x80 >> (bit % 8))) != 0;
          ++bit;
        }
        t.has_signedness = true;
        break;
      }
      case MetaField::kDefaultCharset:
        ROWCAST_RETURN_STATUS_IF_ERROR(ReadDefaultCharset(v, character));
        t.has_charsets = true;
        break;
      case MetaField::kColumnCharset:
        ROWCAST_RETURN_STATUS_IF_ERROR(ReadColumnCharset(v, character));
        t.has_charsets = true;
        break;
      case MetaField::kEnumAndSetDefaultCharset:
        ROWCAST_RETURN_STATUS_IF_ERROR(ReadDefaultCharset(v, enum_set));
        break;
      case MetaField::kEnumAndSetColumnCharset:
        ROWCAST_RETURN_STATUS_IF_ERROR(ReadColumnCharset(v, enum_set));
        break;
      case MetaField::kColumnName:
        for (ColumnInfo& c : t.columns) {
          ROWCAST_ASSIGN_OR_RETURN_STATUS(uint64_t n, v.ReadLenEncInt());
          ROWCAST_ASSIGN_OR_RETURN_STATUS(std::string_view name, v.ReadString(n));
          c.name.assign(name);
        }
        t.has_names = true;
        break;
      case MetaField::kSetStrValue:
        ROWCAST_RETURN_STATUS_IF_ERROR(ReadLabels(v, t.columns, ColumnType::kSet));
        break;
      case MetaField::kEnumStrValue:
        ROWCAST_RETURN_STATUS_IF_ERROR(ReadLabels(v, t.columns, ColumnType::kEnum));
        break;
      case MetaField::kGeometryType:
        for (ColumnInfo& c : t.columns) {
          if (c.type != ColumnType::kGeometry) continue;
          ROWCAST_ASSIGN_OR_RETURN_STATUS(uint64_t g, v.ReadLenEncInt());
          c.geometry_type = static_cast<uint32_t>(g);
        }
        break;
      case MetaField::kSimplePrimaryKey:
        t.primary_key.clear();
        while (!v.empty()) {
          ROWCAST_ASSIGN_OR_RETURN_STATUS(uint64_t index, v.ReadLenEncInt());
          if (index >= t.columns.size())
            return DataLossError("primary key column index out of range");
          t.primary_key.push_back(static_cast<uint32_t>(index));
        }
        t.has_primary_key_metadata = true;
        break;
      case MetaField::kPrimaryKeyWithPrefix:
        t.primary_key.clear();
        while (!v.empty()) {
          ROWCAST_ASSIGN_OR_RETURN_STATUS(uint64_t index, v.ReadLenEncInt());
          ROWCAST_ASSIGN_OR_RETURN_STATUS(uint64_t prefix, v.ReadLenEncInt());
          (void)prefix;
          if (index >= t.columns.size())
            return DataLossError("primary key column index out of range");
          t.primary_key.push_back(static_cast<uint32_t>(index));
        }
        t.has_primary_key_metadata = true;
        break;
      case MetaField::kColumnVisibility: {
        for (size_t i = 0; i < t.columns.size(); ++i) {
          if (i / 8 >= len) break;
          const auto b = static_cast<uint8_t>(v.rest()[i / 8]);
          t.columns[i].visible = (b & (0x80 >> (i % 8))) != 0;
        }
        break;
      }
      default:
        break;  // unknown or not needed (e.g. VECTOR dimensionality): skipped by its length
    }
  }
  return OkStatus();
}

}  // namespace

bool ColumnInfo::is_character() const {
  switch (real_type) {
    case ColumnType::kString:
    case ColumnType::kVarString:
    case ColumnType::kVarchar:
    case ColumnType::kBlob:
    case ColumnType::kTinyBlob:
    case ColumnType::kMediumBlob:
    case ColumnType::kLongBlob:
    case ColumnType::kMariaBlobCompressed:
    case ColumnType::kMariaVarcharCompressed:
      return true;
    default:
      return false;
  }
}

StatusOr<TableMap> DecodeTableMap(Bytes body, size_t table_id_length, bool mariadb) {
  ByteReader r(body);
  TableMap t;
  ROWCAST_ASSIGN_OR_RETURN(t.table_id, r.ReadUintLe(table_id_length));
  ROWCAST_ASSIGN_OR_RETURN(t.flags, r.ReadU16Le());
  ROWCAST_ASSIGN_OR_RETURN(uint8_t db_len, r.ReadU8());
  ROWCAST_ASSIGN_OR_RETURN(std::string_view db, r.ReadString(db_len));
  ROWCAST_RETURN_IF_ERROR(r.Skip(1));
  ROWCAST_ASSIGN_OR_RETURN(uint8_t table_len, r.ReadU8());
  ROWCAST_ASSIGN_OR_RETURN(std::string_view table, r.ReadString(table_len));
  ROWCAST_RETURN_IF_ERROR(r.Skip(1));
  t.db.assign(db);
  t.table.assign(table);
  ROWCAST_ASSIGN_OR_RETURN(uint64_t n, r.ReadLenEncInt());
  if (n == 0 || n > kMaxColumns) {
    return std::unexpected(DataLossError(fmt::format(
        "TABLE_MAP for {}.{} has {} columns (allowed 1..{})", t.db, t.table, n, kMaxColumns)));
  }
  ROWCAST_ASSIGN_OR_RETURN(Bytes types, r.ReadBytes(n));
  t.columns.resize(n);
  for (size_t i = 0; i < n; ++i) {
    t.columns[i].type = static_cast<ColumnType>(types[i]);
    t.columns[i].real_type = t.columns[i].type;
  }
  ROWCAST_ASSIGN_OR_RETURN(uint64_t meta_len, r.ReadLenEncInt());
  ROWCAST_ASSIGN_OR_RETURN(ByteReader meta, r.Sub(meta_len));
  for (size_t i = 0; i < n; ++i) {
    Status s = ReadColumnMetadata(meta, t.columns[i]);
    if (!s.ok()) {
      return std::unexpected(
          s.WithContext(fmt::format("TABLE_MAP {}.{} column {}", t.db, t.table, i)));
    }
  }
  if (!meta.empty()) {
    return std::unexpected(
        DataLossError(fmt::format("TABLE_MAP {}.{}: {} bytes of column metadata left over", t.db,
                                  t.table, meta.remaining())));
  }
  ROWCAST_ASSIGN_OR_RETURN(Bytes null_bits, r.ReadBytes((n + 7) / 8));
  for (size_t i = 0; i < n; ++i) {
    t.columns[i].nullable = (static_cast<uint8_t>(null_bits[i / 8]) >> (i % 8) & 1) != 0;
  }
  Status s = ReadOptionalMetadata(r, t, mariadb);
  if (!s.ok()) {
    return std::unexpected(
        s.WithContext(fmt::format("TABLE_MAP {}.{} optional metadata", t.db, t.table)));
  }
  return t;
}

}  // namespace rowcast::binlog
