// Reading one table's rows for a snapshot: the chunk key (the primary key, else a unique key
// of NOT NULL columns), keyset-paginated chunk queries ("after this key, ordered by the key,
// at most N rows") and rows streamed from the server into binlog-style cells, so that the
// same formatter writes snapshot and streaming events.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "binlog/cell.h"
#include "binlog/table_map.h"
#include "common/status.h"
#include "schema/bind.h"
#include "schema/schema.h"
#include "snapshot/progress.h"
#include "snapshot/row_text.h"

namespace rowcast::mysql {
class Connection;
}

namespace rowcast::snapshot {

class TextRowConverter;

// The SQL literal for a key value as the text protocol returned it (`raw`), comparable with
// `column` in the column's own ordering.
std::string KeyLiteral(const schema::Column& column, std::string_view raw);

// The columns a table can be chunked by, in key order (empty: no usable key).
std::vector<int> ChunkKeyColumns(const schema::Table& table);

// SELECT <select_list> FROM `db`.`t` [WHERE <after the key> [AND (<filter>)]] ORDER BY <key>
// [LIMIT n]. Without key columns: no ordering and no limit.
std::string ChunkQuery(const schema::Table& table, std::string_view select_list,
                       const std::vector<int>& key, const KeyValues& after, std::string_view filter,
                       uint64_t limit);

class TableReader {
 public:
  using RowFn = std::function<Status(const std::vector<binlog::Cell>& cells)>;

  // `select_override`: snapshot.select.statement.overrides for this table (rows are then read
  // in one statement, without chunks). Empty = built here.
  [[nodiscard]] static StatusOr<std::unique_ptr<TableReader>> Create(
      std::shared_ptr<const schema::Table> table, const schema::CharsetLookup& charsets,
      TableMapOptions map_options, std::string select_override = {});
  ~TableReader();

  const binlog::TableMap& map() const { return map_; }
  const std::shared_ptr<const schema::Table>& schema() const { return table_; }
  std::string name() const { return table_->db + "." + table_->name; }
  // False when the table has no usable key (or an override): it is read in one statement.
  bool chunked() const { return !key_.empty(); }

  // Reads the rows after `after` (every row when not chunked) matching `filter`, at most
  // `limit` (0 = no limit; ignored when not chunked), calling on_row for each as it arrives.
  // `last` receives the key of the last row read. Returns the number of rows.
  [[nodiscard]] StatusOr<uint64_t> Read(mysql::Connection& conn, const KeyValues& after,
                                        std::string_view filter, uint64_t limit,
                                        const RowFn& on_row, KeyValues* last);

 private:
  TableReader() = default;

  std::shared_ptr<const schema::Table> table_;
  binlog::TableMap map_;
  std::unique_ptr<TextRowConverter> converter_;
  std::string select_list_;
  std::string override_;
  std::vector<int> key_;
  std::vector<binlog::Cell> cells_;
};

}  // namespace rowcast::snapshot
