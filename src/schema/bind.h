// Binding a TABLE_MAP event to the tracked schema of its table. The binder checks that the two
// agree (column count and types always; names, signedness and charsets when the binlog carries
// them, binlog_row_metadata=FULL) and completes the table map from the schema where the binlog
// is silent (MINIMAL metadata: names, primary key, ENUM/SET labels, ...), so that rows are never
// formatted against a column list rowcast is not sure of.
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "binlog/table_map.h"
#include "common/status.h"
#include "schema/schema.h"

namespace rowcast::schema {

// Charset lookups the binder needs but does not own (they live in format/charsets).
struct CharsetLookup {
  // Charset name of a collation id ("utf8mb4"), empty when unknown.
  std::string_view (*charset_of)(uint32_t collation) = nullptr;
  // A collation id of a charset (its default), 0 when unknown.
  uint32_t (*collation_of)(std::string_view charset) = nullptr;
};

struct BoundTable {
  binlog::TableMap map;  // the event's table map, completed from the schema
  std::shared_ptr<const Table> table;
};

// Checks `map` against `table` and returns the completed map. A disagreement is
// FailedPrecondition naming db.table, the column (position and name) and what differs.
// With `strict_charsets` false (offline replay, where the server's default charset is
// unknown) a charset the binlog names wins over the tracked one.
[[nodiscard]] StatusOr<BoundTable> Bind(const binlog::TableMap& map,
                                        std::shared_ptr<const Table> table,
                                        const CharsetLookup& charsets, bool strict_charsets = true);

// The column types a schema type is logged as in TABLE_MAP (after resolving ENUM/SET/CHAR from
// the metadata byte): true when `logged` fits `c`.
bool LoggedTypeMatches(const Column& c, binlog::ColumnType logged);

}  // namespace rowcast::schema

namespace rowcast::schema {

// A schema made from a table map alone (tables the tracker does not know, offline replay):
// names, types, signedness, lengths, precision, fractional seconds, labels and primary key as
// far as the binlog metadata tells them.
Table TableFromMap(const binlog::TableMap& map);

}  // namespace rowcast::schema
