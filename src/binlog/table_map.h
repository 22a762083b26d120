// TABLE_MAP events: which table a following ROWS event belongs to, its column types, and (with
// binlog_row_metadata=MINIMAL/FULL) signedness, charsets, names, ENUM/SET labels and primary key.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "binlog/column_type.h"
#include "common/byte_reader.h"
#include "common/status.h"

namespace rowcast::binlog {

inline constexpr uint32_t kBinaryCollation = 63;

// What a column's bytes mean beyond the logged type. The binlog never says: the schema
// binder (src/schema/bind.h) fills it in from the tracked schema.
enum class ValueForm : uint8_t {
  kPlain,
  kUuid,   // MariaDB UUID: 16 bytes, printed 8-4-4-4-12 hex
  kInet4,  // MariaDB INET4: 4 bytes, dotted quad
  kInet6,  // MariaDB INET6: 16 bytes, RFC 5952 text
};

struct ColumnInfo {
  ColumnType type = ColumnType::kNull;       // as logged (ENUM/SET/CHAR arrive as kString)
  ColumnType real_type = ColumnType::kNull;  // resolved: kEnum, kSet, kString, or `type`
  uint16_t meta = 0;                         // raw per-type metadata, see cell.cc
  uint32_t max_length = 0;                   // CHAR/BINARY/VARCHAR: maximum length in bytes
  bool nullable = false;
  bool is_unsigned = false;
  bool visible = true;
  uint32_t collation = 0;  // 0 = unknown (no charset metadata)
  uint32_t geometry_type = 0;
  ValueForm form = ValueForm::kPlain;
  std::string name;  // empty without binlog_row_metadata=FULL
  std::vector<std::string> enum_values;
  std::vector<std::string> set_values;

  bool is_character() const;  // the columns that COLUMN_CHARSET metadata covers
  bool is_binary() const { return collation == kBinaryCollation; }
};

struct TableMap {
  uint64_t table_id = 0;
  uint16_t flags = 0;
  std::string db;
  std::string table;
  std::vector<ColumnInfo> columns;
  std::vector<uint32_t> primary_key;  // column indexes, in key order
  bool has_signedness = false;
  bool has_charsets = false;
  bool has_names = false;
  bool has_primary_key_metadata = false;
  // Set by EventDecoder: changes whenever the decoder's cached map of this table id changes.
  uint64_t revision = 0;
};

// TABLE_MAP body: table_id u48 (u32 on 5.1-era servers) | flags u16 | db_len u8, db, NUL |
// table_len u8, table, NUL | lenenc column_count | types u8[n] | lenenc meta_len | metadata |
// null bits | optional metadata TLVs until the end.
// https://dev.mysql.com/doc/dev/mysql-server/latest/classmysql_1_1binlog_1_1event_1_1Table__map__event.html
// `mariadb`: the event comes from MariaDB, whose DEFAULT_CHARSET and COLUMN_CHARSET metadata
// also count GEOMETRY columns (they carry the binary collation there); MySQL's do not.
[[nodiscard]] StatusOr<TableMap> DecodeTableMap(Bytes body, size_t table_id_length, bool mariadb);

}  // namespace rowcast::binlog
