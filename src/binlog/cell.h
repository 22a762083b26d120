// One decoded column value of a row image. Variable-length values are views into the event
// buffer (zero-copy); the format layer turns cells into JSON.
#pragma once

#include <cstdint>
#include <string>

#include "binlog/table_map.h"
#include "common/byte_reader.h"
#include "common/status.h"

namespace rowcast::binlog {

enum class CellKind : uint8_t {
  kAbsent,  // column not in the row image (MINIMAL/NOBLOB): not the same as NULL
  kNull,
  kInt,        // i (signed integers)
  kUint,       // u (unsigned integers)
  kFloat,      // f
  kDouble,     // d
  kDecimal,    // bytes = binary decimal; precision/scale in the column meta
  kString,     // bytes = text in the column's charset (collation in the column)
  kBytes,      // bytes (+ pad_to: BINARY(n) trailing zeros the server stripped)
  kDate,       // temporal.year/month/day
  kDateTime,   // temporal, all fields
  kTimestamp,  // u = seconds since epoch, temporal.micros
  kTime,       // temporal.negative, hours, minute, second, micros
  kYear,       // i
  kEnum,       // u = 1-based index (0 = the empty error value)
  kSet,        // u = bitmask
  kBit,        // u = value, bits = width
  kJson,       // bytes = MySQL binary JSON
  kGeometry,   // bytes = SRID u32le + WKB
};

struct Temporal {
  int32_t year = 0;
  uint8_t month = 0;
  uint8_t day = 0;
  uint32_t hour = 0;  // TIME: up to 838
  uint8_t minute = 0;
  uint8_t second = 0;
  uint32_t micros = 0;
  bool negative = false;
};

struct Cell {
  CellKind kind = CellKind::kNull;
  uint8_t fsp = 0;      // fractional seconds precision of temporal types
  uint16_t bits = 0;    // BIT width
  uint32_t pad_to = 0;  // kBytes: pad with 0x00 up to this length
  int64_t i = 0;
  uint64_t u = 0;
  float f = 0;
  double d = 0;
  Bytes bytes;
  Temporal temporal;
};

// Decodes one non-NULL cell of `column` from `r`.
[[nodiscard]] Status DecodeCell(ByteReader& r, const ColumnInfo& column, Cell& cell);

// Binary DECIMAL(precision, scale) helpers.
size_t DecimalBinarySize(int precision, int scale);
// Appends the exact decimal text ("-1234.5678") of a binary decimal.
[[nodiscard]] Status AppendDecimalText(std::string& out, Bytes data, int precision, int scale);

}  // namespace rowcast::binlog
