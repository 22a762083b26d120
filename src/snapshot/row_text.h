// Snapshot rows read through the text protocol, turned into the cells the binlog decoder
// produces for the same stored values, so that one formatter writes snapshot ("r") and streaming
// ("c") events alike: the table map a server would log for a table, the select list that reads
// its columns in a form that converts exactly, and the row conversion itself.
//
// The snapshot connection must set character_set_results = NULL (every column arrives in its own
// character set, binary columns as stored) and time_zone = '+00:00' (TIMESTAMP text is UTC), and
// must not have PAD_CHAR_TO_FULL_LENGTH in sql_mode (the converter strips CHAR padding anyway).
//
// What SelectList reads, per type:
// - FLOAT and DOUBLE: CAST(col AS DOUBLE) (MySQL 8.0.17+, MariaDB 10.4+). The server prints a
//   FLOAT column with 6 significant digits (the stored 123.456787 as "123.457", which reads back
//   as another float) and DOUBLE(M,D) with D decimals; the cast prints the shortest text that
//   reads back to the exact stored value, subnormals and extremes included.
// - every other type: the column itself. UUID, INET4 and INET6 come back as their text and are
//   parsed to the bytes the binlog holds (network order; the formatter prints them back as text);
//   ENUM and SET as labels, mapped back to the index and the bit mask; BIT as its big-endian
//   bytes; GEOMETRY as SRID + WKB, as in the binlog.
// TextRowConverter also reads the plain column form of FLOAT and DOUBLE (a select override that
// reads `*`), then only to the precision the server printed. One known difference from the
// binlog: in an ENUM that has an empty label, the error value (index 0) and that label both read
// as "" and convert to the label's index; the formatter prints both as "".
// Checked on MariaDB 10.11 by comparing, cell by cell, binlog row images of inserts with the
// converted SELECT of the same rows (every type, random values of the numeric and temporal ones).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "binlog/cell.h"
#include "binlog/table_map.h"
#include "common/status.h"
#include "schema/bind.h"
#include "schema/schema.h"

namespace rowcast::snapshot {

struct TableMapOptions {
  // MariaDB's JSON is LONGTEXT: logged as BLOB with utf8mb4 (read as text). Otherwise MySQL's
  // binary JSON type (logged as JSON, read as the server's JSON text).
  bool mariadb = false;
};

// The TABLE_MAP the server would log for `table` with binlog_row_metadata=FULL, already bound
// (schema::Bind): every column in table order (generated and invisible ones included) with the
// logged type, real type, metadata, signedness, charset, labels, geometry type, value form and
// name, and the primary key; table_id 0. Collations are the charset's (the lowest id of it, as
// schema::CharsetLookup::collation_of gives it), binary strings 63. Columns rowcast cannot
// decode (VECTOR) are Unimplemented.
[[nodiscard]] StatusOr<binlog::TableMap> TableMapFor(const schema::Table& table,
                                                     const schema::CharsetLookup& charsets,
                                                     const TableMapOptions& options = {});

// The select expressions for `table`'s columns in table order, comma-separated, identifiers
// quoted with backticks: what TextRowConverter expects (see the top of this file).
std::string SelectList(const schema::Table& table);

// `ident` as a backtick-quoted SQL identifier (backticks doubled).
std::string QuoteIdentifier(std::string_view ident);

// Converts text-protocol rows of one table into binlog cells. Owned by the snapshot reader of
// that table; one thread at a time.
class TextRowConverter {
 public:
  // `map` is copied (TableMapFor's map, or a bound binlog map of the same table).
  explicit TextRowConverter(const binlog::TableMap& map);
  ~TextRowConverter();
  TextRowConverter(const TextRowConverter&) = delete;
  TextRowConverter& operator=(const TextRowConverter&) = delete;

  // Converts one row as mysql_fetch_row / mysql_fetch_lengths return it (one value per column of
  // the map, in order; nullptr = SQL NULL; the caller checks the field count). `cells` is resized
  // to the column count. Cells point into `values` and into this converter's storage: valid
  // until the next fetch or Convert. A value that does not read as its column's type is
  // DataLoss naming db.table, the column and the value.
  [[nodiscard]] Status Convert(const char* const* values, const unsigned long* lengths,
                               std::vector<binlog::Cell>& cells);

 private:
  struct Plan;
  binlog::TableMap map_;
  std::vector<Plan> plans_;
  std::vector<std::string> scratch_;  // per column, reused: values that are not in the row
};

}  // namespace rowcast::snapshot
