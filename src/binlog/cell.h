// One decoded column value of a row image. Variable-length values are views into the event
// buffer (zero-copy); the format layer turns cells into JSON.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

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
  // bytes = JSON diff vector (after its length prefix) of a JSON column whose partial bit is set
  // in a PARTIAL_UPDATE_ROWS after image; empty = unchanged. The value is
  // ApplyJsonDiff(before image's kJson bytes, bytes) (json_diff.h).
  kJsonDiff,
  kGeometry,  // bytes = SRID u32le + WKB
  // bytes = JSON document as text (MySQL JSON read through the text protocol by snapshots); the
  // formatter writes it as a string like kJson.
  kJsonText,
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

// Storage for cell values that are not in the event buffer (decompressed MariaDB COMPRESSED
// columns). RowReader owns one and clears it at each row, so steady streams reuse the buffers;
// cells point into it until then. Not thread-safe.
class CellArena {
 public:
  // An empty buffer whose address stays valid until Clear().
  std::string& NewBuffer() {
    if (used_ == buffers_.size()) buffers_.push_back(std::make_unique<std::string>());
    std::string& b = *buffers_[used_++];
    b.clear();
    return b;
  }
  void Clear() { used_ = 0; }

 private:
  std::vector<std::unique_ptr<std::string>> buffers_;
  size_t used_ = 0;
};

// Decodes one non-NULL cell of `column` from `r`. Values that need storage of their own (MariaDB
// compressed columns) go into `arena`; without one they are an error.
[[nodiscard]] Status DecodeCell(ByteReader& r, const ColumnInfo& column, Cell& cell,
                                CellArena* arena = nullptr);

// Binary DECIMAL(precision, scale) helpers.
size_t DecimalBinarySize(int precision, int scale);
// Appends the exact decimal text ("-1234.5678") of a binary decimal.
[[nodiscard]] Status AppendDecimalText(std::string& out, Bytes data, int precision, int scale);
// Appends the binary decimal of `text` ("-1234.5678", as the server prints DECIMAL values:
// optional sign, digits, optional '.' and fraction; leading zeros allowed) for
// DECIMAL(precision, scale): the inverse of AppendDecimalText. A fraction shorter than `scale` is
// padded with zeros; longer fractions (unless the extra digits are zeros), too many integer
// digits and anything else are InvalidArgument. Zero is always encoded positive.
[[nodiscard]] Status EncodeDecimalBinary(std::string_view text, int precision, int scale,
                                         std::string& out);

}  // namespace rowcast::binlog
