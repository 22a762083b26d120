#include "binlog/rows.h"

#include <bit>

#include <fmt/format.h>

namespace rowcast::binlog {
namespace {

bool BitSet(Bytes bitmap, size_t i) {
  return ((static_cast<uint8_t>(bitmap[i / 8]) >> (i % 8)) & 1) != 0;
}

}  // namespace

bool IsRowsEvent(uint8_t type) {
  switch (static_cast<EventType>(type)) {
    case EventType::kWriteRowsV1:
    case EventType::kUpdateRowsV1:
    case EventType::kDeleteRowsV1:
    case EventType::kWriteRowsV2:
    case EventType::kUpdateRowsV2:
    case EventType::kDeleteRowsV2:
    case EventType::kPartialUpdateRows:
      return true;
    default:
      return IsCompressedRowsEvent(type);
  }
}

bool IsCompressedRowsEvent(uint8_t type) {
  return type >= static_cast<uint8_t>(EventType::kMariaWriteRowsCompressedV1) &&
         type <= static_cast<uint8_t>(EventType::kMariaDeleteRowsCompressed);
}

StatusOr<RowsEvent> DecodeRowsEvent(Bytes body, uint8_t type, size_t table_id_length) {
  RowsEvent e;
  bool v2 = false;
  switch (static_cast<EventType>(type)) {
    case EventType::kWriteRowsV1:
    case EventType::kMariaWriteRowsCompressedV1:
      e.kind = RowsKind::kWrite;
      break;
    case EventType::kUpdateRowsV1:
    case EventType::kMariaUpdateRowsCompressedV1:
      e.kind = RowsKind::kUpdate;
      break;
    case EventType::kDeleteRowsV1:
    case EventType::kMariaDeleteRowsCompressedV1:
      e.kind = RowsKind::kDelete;
      break;
    case EventType::kWriteRowsV2:
    case EventType::kMariaWriteRowsCompressed:
      e.kind = RowsKind::kWrite;
      v2 = true;
      break;
    case EventType::kUpdateRowsV2:
    case EventType::kMariaUpdateRowsCompressed:
      e.kind = RowsKind::kUpdate;
      v2 = true;
      break;
    case EventType::kPartialUpdateRows:
      e.kind = RowsKind::kUpdate;
      e.partial_json = true;
      v2 = true;
      break;
    case EventType::kDeleteRowsV2:
    case EventType::kMariaDeleteRowsCompressed:
      e.kind = RowsKind::kDelete;
      v2 = true;
      break;
    default:
      return std::unexpected(
          InternalError(fmt::format("{} is not a rows event", EventTypeName(type))));
  }
  ByteReader r(body);
  ROWCAST_ASSIGN_OR_RETURN(e.table_id, r.ReadUintLe(table_id_length));
  ROWCAST_ASSIGN_OR_RETURN(e.flags, r.ReadU16Le());
  if (v2) {
    ROWCAST_ASSIGN_OR_RETURN(uint16_t extra_len, r.ReadU16Le());
    if (extra_len < 2) return std::unexpected(DataLossError("rows event extra data length < 2"));
    ROWCAST_RETURN_IF_ERROR(r.Skip(extra_len - 2u));  // NDB / partition info: not needed
  }
  ROWCAST_ASSIGN_OR_RETURN(e.width, r.ReadLenEncInt());
  if (e.width == 0 || e.width > 4096) {
    return std::unexpected(DataLossError(fmt::format("rows event has {} columns", e.width)));
  }
  const size_t bitmap_len = (e.width + 7) / 8;
  ROWCAST_ASSIGN_OR_RETURN(e.present, r.ReadBytes(bitmap_len));
  if (e.kind == RowsKind::kUpdate) {
    ROWCAST_ASSIGN_OR_RETURN(e.present_after, r.ReadBytes(bitmap_len));
  }
  e.rows = r.ReadRest();
  return e;
}

Status RowReader::ReadImage(Bytes present, std::vector<Cell>& cells, Bytes partial) {
  const size_t n = table_.columns.size();
  cells.resize(n);
  size_t present_count = 0;
  for (size_t i = 0; i < n; ++i) present_count += BitSet(present, i) ? 1u : 0u;
  // The null bitmap covers present columns only; its padding bits may be set.
  ROWCAST_ASSIGN_OR_RETURN_STATUS(Bytes nulls, r_.ReadBytes((present_count + 7) / 8));
  size_t k = 0;
  size_t json_index = 0;  // partial bits count every JSON column of the table, present or not
  for (size_t i = 0; i < n; ++i) {
    const ColumnInfo& c = table_.columns[i];
    const bool partial_json =
        c.type == ColumnType::kJson && !partial.empty() && BitSet(partial, json_index++);
    Cell& cell = cells[i];
    if (!BitSet(present, i)) {
      cell.kind = CellKind::kAbsent;
      continue;
    }
    if (BitSet(nulls, k++)) {
      cell.kind = CellKind::kNull;
      continue;
    }
    Status s = DecodeCell(r_, c, cell, &arena_);
    if (!s.ok()) {
      return s.WithContext(fmt::format("{}.{} column {} `{}`", table_.db, table_.table, i, c.name));
    }
    // The cell holds the diff vector (after the usual length prefix) instead of a document.
    if (partial_json) cell.kind = CellKind::kJsonDiff;
  }
  return OkStatus();
}

// PARTIAL_UPDATE_ROWS after image: lenenc value_options | [bit 0 PARTIAL_JSON_UPDATES: partial
// bitmap, one bit per JSON column of the table] | the usual image.
// sql/rpl_record.cc (pack_row / unpack_row with PARTIAL_JSON_UPDATES).
Status RowReader::ReadPartialAfterImage(std::vector<Cell>& cells) {
  constexpr uint64_t kPartialJsonUpdates = 1;
  ROWCAST_ASSIGN_OR_RETURN_STATUS(uint64_t value_options, r_.ReadLenEncInt());
  if ((value_options & ~kPartialJsonUpdates) != 0) {
    return UnimplementedError(
        fmt::format("PARTIAL_UPDATE_ROWS for {}.{} has value_options 0x{:x}; rowcast knows only "
                    "PARTIAL_JSON_UPDATES (1)",
                    table_.db, table_.table, value_options));
  }
  Bytes partial;
  if ((value_options & kPartialJsonUpdates) != 0) {
    size_t json_columns = 0;
    for (const ColumnInfo& c : table_.columns)
      json_columns += c.type == ColumnType::kJson ? 1u : 0u;
    ROWCAST_ASSIGN_OR_RETURN_STATUS(partial, r_.ReadBytes((json_columns + 7) / 8));
  }
  return ReadImage(event_.present_after, cells, partial);
}

Status RowReader::Next(std::vector<Cell>& before, std::vector<Cell>& after) {
  if (event_.width != table_.columns.size()) {
    return DataLossError(fmt::format("rows event for {}.{} has {} columns, its TABLE_MAP {}",
                                     table_.db, table_.table, event_.width, table_.columns.size()));
  }
  before.clear();
  after.clear();
  arena_.Clear();
  const size_t start = r_.position();
  Status s = ReadImages(before, after);
  // An image without any present column reads nothing: such a row can never end the event.
  if (s.ok() && r_.position() == start) {
    return DataLossError(fmt::format("rows event for {}.{} has a row image with no columns",
                                     table_.db, table_.table));
  }
  return s;
}

Status RowReader::ReadImages(std::vector<Cell>& before, std::vector<Cell>& after) {
  switch (event_.kind) {
    case RowsKind::kWrite:
      return ReadImage(event_.present, after, {});
    case RowsKind::kDelete:
      return ReadImage(event_.present, before, {});
    case RowsKind::kUpdate:
      ROWCAST_RETURN_STATUS_IF_ERROR(ReadImage(event_.present, before, {}));
      if (event_.partial_json) return ReadPartialAfterImage(after);
      return ReadImage(event_.present_after, after, {});
  }
  return InternalError("unknown rows kind");
}

}  // namespace rowcast::binlog
