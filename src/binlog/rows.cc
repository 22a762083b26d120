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
      return true;
    default:
      return false;
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
      e.kind = RowsKind::kWrite;
      break;
    case EventType::kUpdateRowsV1:
      e.kind = RowsKind::kUpdate;
      break;
    case EventType::kDeleteRowsV1:
      e.kind = RowsKind::kDelete;
      break;
    case EventType::kWriteRowsV2:
      e.kind = RowsKind::kWrite;
      v2 = true;
      break;
    case EventType::kUpdateRowsV2:
      e.kind = RowsKind::kUpdate;
      v2 = true;
      break;
    case EventType::kDeleteRowsV2:
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

Status RowReader::ReadImage(Bytes present, std::vector<Cell>& cells) {
  const size_t n = table_.columns.size();
  cells.resize(n);
  size_t present_count = 0;
  for (size_t i = 0; i < n; ++i) present_count += BitSet(present, i) ? 1u : 0u;
  // The null bitmap covers present columns only; its padding bits may be set.
  ROWCAST_ASSIGN_OR_RETURN_STATUS(Bytes nulls, r_.ReadBytes((present_count + 7) / 8));
  size_t k = 0;
  for (size_t i = 0; i < n; ++i) {
    Cell& cell = cells[i];
    if (!BitSet(present, i)) {
      cell.kind = CellKind::kAbsent;
      continue;
    }
    if (BitSet(nulls, k++)) {
      cell.kind = CellKind::kNull;
      continue;
    }
    Status s = DecodeCell(r_, table_.columns[i], cell);
    if (!s.ok()) {
      const auto& c = table_.columns[i];
      return s.WithContext(fmt::format("{}.{} column {} `{}`", table_.db, table_.table, i, c.name));
    }
  }
  return OkStatus();
}

Status RowReader::Next(std::vector<Cell>& before, std::vector<Cell>& after) {
  if (event_.width != table_.columns.size()) {
    return DataLossError(fmt::format("rows event for {}.{} has {} columns, its TABLE_MAP {}",
                                     table_.db, table_.table, event_.width, table_.columns.size()));
  }
  before.clear();
  after.clear();
  switch (event_.kind) {
    case RowsKind::kWrite:
      return ReadImage(event_.present, after);
    case RowsKind::kDelete:
      return ReadImage(event_.present, before);
    case RowsKind::kUpdate:
      ROWCAST_RETURN_STATUS_IF_ERROR(ReadImage(event_.present, before));
      return ReadImage(event_.present_after, after);
  }
  return InternalError("unknown rows kind");
}

}  // namespace rowcast::binlog
