// Fuzz target: binlog::DecodeCell on one column, repeatedly, then AppendDecimalText for decimals
// and format::AppendCellJson of every cell under every handling mode (the JSON must be valid).
//
// Input: type u8 | meta u16le | flags u8 | max_length u16le | labels u8 | cells (the rest).
//   type:   index into kTypes (mod its size): every ColumnType rowcast knows.
//   flags:  bit 0 unsigned, bit 1 nullable, bits 2-3 collation (unknown, utf8mb4_general_ci,
//           latin1_swedish_ci, binary), bits 4-5 real type (as logged, CHAR, ENUM, SET).
//   labels: how many ENUM and SET labels the column has (from a fixed list with odd text).
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "binlog/cell.h"
#include "binlog/column_type.h"
#include "common/byte_reader.h"
#include "fuzz_checks.h"

namespace {

using rowcast::binlog::ColumnType;

constexpr std::array<ColumnType, 35> kTypes = {
    ColumnType::kDecimal,
    ColumnType::kTiny,
    ColumnType::kShort,
    ColumnType::kLong,
    ColumnType::kFloat,
    ColumnType::kDouble,
    ColumnType::kNull,
    ColumnType::kTimestamp,
    ColumnType::kLongLong,
    ColumnType::kInt24,
    ColumnType::kDate,
    ColumnType::kTime,
    ColumnType::kDateTime,
    ColumnType::kYear,
    ColumnType::kNewDate,
    ColumnType::kVarchar,
    ColumnType::kBit,
    ColumnType::kTimestamp2,
    ColumnType::kDateTime2,
    ColumnType::kTime2,
    ColumnType::kTypedArray,
    ColumnType::kMariaBlobCompressed,
    ColumnType::kMariaVarcharCompressed,
    ColumnType::kVector,
    ColumnType::kJson,
    ColumnType::kNewDecimal,
    ColumnType::kEnum,
    ColumnType::kSet,
    ColumnType::kTinyBlob,
    ColumnType::kMediumBlob,
    ColumnType::kLongBlob,
    ColumnType::kBlob,
    ColumnType::kVarString,
    ColumnType::kString,
    ColumnType::kGeometry,
};

constexpr std::array<uint32_t, 4> kCollations = {0, 45, 8, 63};

const std::vector<std::string>& Labels() {
  static const std::vector<std::string> labels = [] {
    std::vector<std::string> v = {
        "a",       "b",        "\xc3\xa9",         "\xe9",        "", "x,y",
        "\"q\"\\", "\x01\x1f", "\xf0\x9f\x98\x80", "\xed\xa0\x80"};
    while (v.size() < 70) v.push_back("l" + std::to_string(v.size()));
    return v;
  }();
  return labels;
}

// A DECIMAL's text must be a JSON number with exactly `scale` fraction digits and at most
// precision - scale integer digits (MySQL's bin2decimal rejects anything larger).
void CheckDecimalText(const std::string& text, int precision, int scale) {
  if (!nlohmann::json::accept(text)) {
    rowcast::fuzz::Fail("AppendDecimalText wrote no number", rowcast::fuzz::Printable(text));
  }
  const size_t start = text.starts_with('-') ? 1 : 0;
  const size_t dot = text.find('.');
  const size_t int_digits = (dot == std::string::npos ? text.size() : dot) - start;
  const size_t frac_digits = dot == std::string::npos ? 0 : text.size() - dot - 1;
  if (frac_digits != static_cast<size_t>(scale) ||
      (int_digits > static_cast<size_t>(precision - scale) && text.compare(start, 2, "0.") != 0 &&
       text.substr(start) != "0")) {
    rowcast::fuzz::Fail(
        "AppendDecimalText result does not fit its DECIMAL(p,s)",
        "DECIMAL(" + std::to_string(precision) + "," + std::to_string(scale) + ") = " + text);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace binlog = rowcast::binlog;
  constexpr size_t kPrefix = 7;
  if (size < kPrefix) return 0;
  binlog::ColumnInfo column;
  column.type = kTypes[data[0] % kTypes.size()];
  column.meta = static_cast<uint16_t>(data[1] | data[2] << 8);
  const uint8_t flags = data[3];
  column.is_unsigned = (flags & 1) != 0;
  column.nullable = (flags & 2) != 0;
  column.collation = kCollations[(flags >> 2) & 3];
  switch ((flags >> 4) & 3) {
    case 0:
      column.real_type = column.type;
      break;
    case 1:
      column.real_type = ColumnType::kString;
      break;
    case 2:
      column.real_type = ColumnType::kEnum;
      break;
    default:
      column.real_type = ColumnType::kSet;
      break;
  }
  column.max_length = static_cast<uint32_t>(data[4] | data[5] << 8);
  for (size_t i = 0; i < data[6] % (Labels().size() + 1); ++i) {
    column.enum_values.push_back(Labels()[i]);
    column.set_values.push_back(Labels()[i]);
  }
  column.name = "c";

  // An exactly sized copy: ASan then reports any read past the end.
  const std::vector<std::byte> cells(reinterpret_cast<const std::byte*>(data + kPrefix),
                                     reinterpret_cast<const std::byte*>(data + size));
  rowcast::ByteReader r(cells);
  binlog::Cell cell;
  binlog::CellArena arena;  // MariaDB COMPRESSED columns decompress into it
  std::string text;
  while (!r.empty()) {
    const size_t before = r.position();
    arena.Clear();
    if (!binlog::DecodeCell(r, column, cell, &arena).ok()) break;
    if (cell.kind == binlog::CellKind::kDecimal) {
      const int precision = column.meta >> 8;
      const int scale = column.meta & 0xFF;
      text.clear();
      if (binlog::AppendDecimalText(text, cell.bytes, precision, scale).ok()) {
        CheckDecimalText(text, precision, scale);
      }
    }
    rowcast::fuzz::CheckCellJson(column, cell);
    if (r.position() == before) break;  // NULL-typed columns occupy no bytes
  }
  return 0;
}
