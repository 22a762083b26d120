// Fuzz target: binlog::DecodeTableMap, then the row images of a ROWS event against the decoded
// table (DecodeRowsEvent + RowReader), with every cell formatted as JSON.
//
// Input: table_map_length u16le | TABLE_MAP body (6-byte table id) | rows kind u8 | ROWS body.
//   rows kind (mod 7): WRITE/UPDATE/DELETE v1, then v2, then PARTIAL_UPDATE_ROWS.
// The table ids of the two need not match: the pairing is the harness's, not the stream's.
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "binlog/event_type.h"
#include "binlog/rows.h"
#include "binlog/table_map.h"
#include "fuzz_checks.h"

namespace {

using rowcast::binlog::EventType;

constexpr std::array<EventType, 7> kRowsTypes = {
    EventType::kWriteRowsV1,      EventType::kUpdateRowsV1, EventType::kDeleteRowsV1,
    EventType::kWriteRowsV2,      EventType::kUpdateRowsV2, EventType::kDeleteRowsV2,
    EventType::kPartialUpdateRows};

// An exactly sized copy: ASan then reports any read past the end.
std::vector<std::byte> Copy(const uint8_t* data, size_t n) {
  return {reinterpret_cast<const std::byte*>(data), reinterpret_cast<const std::byte*>(data + n)};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace binlog = rowcast::binlog;
  if (size < 2) return 0;
  size_t table_length = static_cast<size_t>(data[0]) | static_cast<size_t>(data[1]) << 8;
  data += 2;
  size -= 2;
  if (table_length > size) table_length = size;
  const std::vector<std::byte> table_body = Copy(data, table_length);
  // Both flavours of charset metadata, chosen by the input.
  auto table = binlog::DecodeTableMap(table_body, 6, /*mariadb=*/table_length % 2 == 1);
  if (!table.has_value() || table_length == size) return 0;

  const auto type = static_cast<uint8_t>(kRowsTypes[data[table_length] % kRowsTypes.size()]);
  const size_t rows_offset = table_length + 1;
  const std::vector<std::byte> rows_body = Copy(data + rows_offset, size - rows_offset);
  auto rows = binlog::DecodeRowsEvent(rows_body, type, 6);
  if (!rows.has_value()) return 0;
  rowcast::fuzz::CheckRows(*rows, *table);
  return 0;
}
