// Column type codes as they appear in TABLE_MAP events (MySQL include/field_types.h values).
#pragma once

#include <cstdint>

namespace rowcast::binlog {

enum class ColumnType : uint8_t {
  kDecimal = 0,
  kTiny = 1,
  kShort = 2,
  kLong = 3,
  kFloat = 4,
  kDouble = 5,
  kNull = 6,
  kTimestamp = 7,
  kLongLong = 8,
  kInt24 = 9,
  kDate = 10,
  kTime = 11,
  kDateTime = 12,
  kYear = 13,
  kNewDate = 14,
  kVarchar = 15,
  kBit = 16,
  kTimestamp2 = 17,
  kDateTime2 = 18,
  kTime2 = 19,
  kTypedArray = 20,
  kMariaBlobCompressed = 140,
  kMariaVarcharCompressed = 141,
  kVector = 242,
  kJson = 245,
  kNewDecimal = 246,
  kEnum = 247,
  kSet = 248,
  kTinyBlob = 249,
  kMediumBlob = 250,
  kLongBlob = 251,
  kBlob = 252,
  kVarString = 253,
  kString = 254,
  kGeometry = 255,
};

inline bool IsNumericForSignedness(ColumnType t) {
  switch (t) {
    case ColumnType::kTiny:
    case ColumnType::kShort:
    case ColumnType::kInt24:
    case ColumnType::kLong:
    case ColumnType::kLongLong:
    case ColumnType::kYear:
    case ColumnType::kFloat:
    case ColumnType::kDouble:
    case ColumnType::kDecimal:
    case ColumnType::kNewDecimal:
      return true;
    default:
      return false;
  }
}

}  // namespace rowcast::binlog
