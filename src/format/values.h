// Column values to JSON, following Debezium's default type mapping for MySQL/MariaDB as the
// Kafka Connect JsonConverter writes it without schemas (schemas.enable=false).
#pragma once

#include <cstdint>
#include <string>

#include "binlog/cell.h"
#include "binlog/table_map.h"
#include "common/status.h"
#include "format/charsets.h"
#include "format/value_options.h"

namespace rowcast::format {

// Appends the JSON value of `cell` of `column`. Errors name the problem; the caller adds where.
[[nodiscard]] Status AppendCellJson(std::string& out, const binlog::ColumnInfo& column,
                                    const binlog::Cell& cell, const ValueOptions& options);

// Days since 1970-01-01 of a proleptic Gregorian date.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d);

// Kafka Connect Decimal: the unscaled value as big-endian two's complement, minimal length
// (Java BigInteger.toByteArray()). `digits` is "-123.45"-style text.
std::string DecimalUnscaledBytes(std::string_view decimal_text);

}  // namespace rowcast::format
