// ROWS events (WRITE/UPDATE/DELETE, v1 and v2): the row images of one statement on one table.
#pragma once

#include <cstdint>
#include <vector>

#include "binlog/cell.h"
#include "binlog/event_type.h"
#include "binlog/table_map.h"
#include "common/byte_reader.h"
#include "common/status.h"

namespace rowcast::binlog {

enum class RowsKind : uint8_t { kWrite, kUpdate, kDelete };

inline constexpr uint16_t kRowsFlagStmtEnd = 0x0001;

struct RowsEvent {
  RowsKind kind = RowsKind::kWrite;
  uint64_t table_id = 0;
  uint16_t flags = 0;
  uint64_t width = 0;
  Bytes present;        // before image for UPDATE/DELETE, after image for WRITE
  Bytes present_after;  // UPDATE only
  Bytes rows;           // the row images, back to back
};

// Which kind of rows event `type` is, if it is one we decode.
bool IsRowsEvent(uint8_t type);
bool IsCompressedRowsEvent(uint8_t type);

// ROWS body: table_id u48 | flags u16 | [v2: extra_len u16 incl. itself, extra data] |
// lenenc width | present bitmap | [UPDATE: present bitmap after] | rows until the end.
// https://dev.mysql.com/doc/dev/mysql-server/latest/classmysql_1_1binlog_1_1event_1_1Rows__event.html
[[nodiscard]] StatusOr<RowsEvent> DecodeRowsEvent(Bytes body, uint8_t type, size_t table_id_length);

// Reads the rows of a RowsEvent one by one against its table map. Reuses the caller's cell
// vectors, so a steady stream of rows allocates nothing.
class RowReader {
 public:
  RowReader(const RowsEvent& event, const TableMap& table)
      : event_(event), table_(table), r_(event.rows) {}

  bool done() const { return r_.empty(); }
  // Decodes the next row: `before` for UPDATE/DELETE, `after` for WRITE/UPDATE (the other is
  // left empty). Errors name the column.
  [[nodiscard]] Status Next(std::vector<Cell>& before, std::vector<Cell>& after);

 private:
  Status ReadImage(Bytes present, std::vector<Cell>& cells);

  const RowsEvent& event_;
  const TableMap& table_;
  ByteReader r_;
};

}  // namespace rowcast::binlog
