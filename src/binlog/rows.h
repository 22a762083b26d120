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
  // PARTIAL_UPDATE_ROWS (39): each after image starts with value_options and may hold JSON
  // diffs (CellKind::kJsonDiff) instead of whole documents.
  bool partial_json = false;
  Bytes present;        // before image for UPDATE/DELETE, after image for WRITE
  Bytes present_after;  // UPDATE only
  // The row images, back to back. For MariaDB ROWS_COMPRESSED events DecodeRowsEvent leaves the
  // compressed blob here; EventDecoder replaces it with the decompressed images.
  Bytes rows;
};

// Whether `type` is a rows event we decode: WRITE/UPDATE/DELETE v1 and v2, PARTIAL_UPDATE_ROWS,
// MariaDB ROWS_COMPRESSED (166-171).
bool IsRowsEvent(uint8_t type);
bool IsCompressedRowsEvent(uint8_t type);

// ROWS body: table_id u48 | flags u16 | [v2: extra_len u16 incl. itself, extra data] |
// lenenc width | present bitmap | [UPDATE: present bitmap after] | rows until the end.
// v2 extra data (NDB info, partition ids) is skipped by its length; PARTIAL_UPDATE_ROWS has the
// UPDATE v2 layout; MariaDB ROWS_COMPRESSED have the v1 (166-168) or v2 (169-171) layout with
// compressed rows.
// https://dev.mysql.com/doc/dev/mysql-server/latest/classmysql_1_1binlog_1_1event_1_1Rows__event.html
[[nodiscard]] StatusOr<RowsEvent> DecodeRowsEvent(Bytes body, uint8_t type, size_t table_id_length);

// Reads the rows of a RowsEvent one by one against its table map. Reuses the caller's cell
// vectors and its own value storage, so a steady stream of rows allocates nothing. Cells are
// views into the event and into this reader: valid until the next call of Next(). Not
// thread-safe.
class RowReader {
 public:
  RowReader(const RowsEvent& event, const TableMap& table)
      : event_(event), table_(table), r_(event.rows) {}

  bool done() const { return r_.empty(); }
  // Decodes the next row: `before` for UPDATE/DELETE, `after` for WRITE/UPDATE (the other is
  // left empty). Columns not in the image (MINIMAL/NOBLOB) are CellKind::kAbsent. Errors name
  // the column.
  [[nodiscard]] Status Next(std::vector<Cell>& before, std::vector<Cell>& after);

 private:
  // `partial` is the partial-JSON bitmap of a PARTIAL_UPDATE_ROWS after image (one bit per JSON
  // column of the table), empty otherwise.
  Status ReadImages(std::vector<Cell>& before, std::vector<Cell>& after);
  Status ReadImage(Bytes present, std::vector<Cell>& cells, Bytes partial);
  Status ReadPartialAfterImage(std::vector<Cell>& cells);

  const RowsEvent& event_;
  const TableMap& table_;
  ByteReader r_;
  CellArena arena_;
};

}  // namespace rowcast::binlog
