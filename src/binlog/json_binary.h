// MySQL binary JSON (JSON columns, binlog type 245, and the values inside PARTIAL_UPDATE JSON
// diffs) decoded into the JSON text MySQL itself prints for the value, so a record carries what
// `SELECT json_col` shows. Views into the caller's bytes; no I/O, no allocation beyond the output.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/byte_reader.h"
#include "common/status.h"

namespace rowcast::binlog {

// The type byte of a binary JSON value (sql-common/json_binary.h in the MySQL sources).
enum class JsonbType : uint8_t {
  kSmallObject = 0x00,
  kLargeObject = 0x01,
  kSmallArray = 0x02,
  kLargeArray = 0x03,
  kLiteral = 0x04,
  kInt16 = 0x05,
  kUint16 = 0x06,
  kInt32 = 0x07,
  kUint32 = 0x08,
  kInt64 = 0x09,
  kUint64 = 0x0A,
  kDouble = 0x0B,
  kString = 0x0C,
  kOpaque = 0x0F,
};

// MySQL refuses documents nested deeper than this (JSON_DOCUMENT_MAX_DEPTH); so do we.
inline constexpr int kJsonMaxDepth = 100;

// MySQL stores every value of a document once, so its text is at most a few times the binary
// size (control characters escaped as \u00XX are the worst case, 6x). Entries of hostile input
// could share offsets and expand exponentially; text beyond this limit is rejected as corrupt.
inline size_t JsonTextLimit(size_t binary_size) { return binary_size * 16 + 1024; }

// One value of a binary JSON document: a view, valid while the document bytes are. Every
// accessor checks offsets and lengths against the enclosing container, so hostile input yields
// DataLoss, never a read out of bounds. Immutable and cheap to copy; the bytes must outlive it.
//
// Layout (https://dev.mysql.com/doc/dev/mysql-server/latest/json__binary_8h.html):
//   doc       := type u8 | value
//   container := count | size | key_entry[count] (objects) | value_entry[count] | data
//                count, size, offsets: u16 in small, u32 in large containers; offsets count from
//                the first byte of `count`; size covers the whole container.
//   key_entry := offset | length u16          value_entry := type u8 | offset or inlined value
//   inlined   := literal, int16, uint16 always; int32, uint32 in large containers only.
class JsonbValue {
 public:
  // The root of a document: its type byte, then the value. `doc` must not be empty (a
  // zero-length JSON cell is JSON null; AppendJsonBinaryAsText handles that).
  [[nodiscard]] static StatusOr<JsonbValue> ParseDocument(Bytes doc);

  JsonbType type() const { return type_; }
  bool is_object() const {
    return type_ == JsonbType::kSmallObject || type_ == JsonbType::kLargeObject;
  }
  bool is_array() const {
    return type_ == JsonbType::kSmallArray || type_ == JsonbType::kLargeArray;
  }
  bool is_container() const { return is_object() || is_array(); }

  // Objects and arrays: the number of members or elements.
  uint32_t count() const { return count_; }
  // Object member i's key (raw utf8mb4 bytes), in stored order: MySQL sorts keys by length,
  // then bytes.
  [[nodiscard]] StatusOr<std::string_view> Key(uint32_t i) const;
  // Object member i's value, or array element i.
  [[nodiscard]] StatusOr<JsonbValue> Element(uint32_t i) const;

  // Appends a scalar's text as MySQL prints it (strings quoted and escaped, DECIMAL unquoted,
  // temporals quoted). Internal error for containers.
  [[nodiscard]] Status AppendScalarText(std::string& out) const;

 private:
  JsonbValue(JsonbType type, Bytes data) : type_(type), data_(data) {}
  static StatusOr<JsonbValue> Container(JsonbType type, Bytes from);
  bool large() const { return type_ == JsonbType::kLargeObject || type_ == JsonbType::kLargeArray; }
  // A fixed-width scalar's little-endian bits: the inlined entry field or `width` bytes at the
  // value's offset.
  StatusOr<uint64_t> FixedBits(size_t width) const;
  size_t offset_size() const { return large() ? 4 : 2; }

  JsonbType type_;
  // Containers: exactly the container (count .. size). Scalars stored at an offset: from the
  // value to the end of the enclosing container.
  Bytes data_;
  uint32_t count_ = 0;
  bool inlined_ = false;
  uint32_t inline_value_ = 0;  // the value entry's offset field, for inlined scalars
};

// Appends the MySQL text of a binary JSON document: `{"a": 1, "b": [1, 2]}` (a space after
// every colon and comma, keys in stored order). Zero-length data is JSON null.
[[nodiscard]] Status AppendJsonBinaryAsText(std::string& out, Bytes data);

// A JSON string as MySQL quotes it: `"` and `\` escaped, \b \t \n \f \r, other bytes below
// 0x20 as \u00xx, everything else (including bytes >= 0x80) copied.
void AppendMysqlJsonString(std::string& out, std::string_view s);

// A JSON double as MySQL prints it (my_gcvt over the shortest round-trip digits): fixed notation
// when the decimal exponent is in -15..14 or the value has a fractional part
// (1234567890123456.8), else "1e15"-style with no '+' and no exponent padding; fixed integral
// values get ".0" (1.0, 100000000000000.0).
// InvalidArgument for NaN and infinities, which JSON cannot hold.
[[nodiscard]] Status AppendMysqlJsonDouble(std::string& out, double d);

}  // namespace rowcast::binlog
