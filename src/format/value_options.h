// How column values are mapped to JSON: the Debezium handling modes.
#pragma once

namespace rowcast::format {

enum class DecimalMode { kPrecise, kString, kDouble };
enum class TimePrecisionMode { kAdaptiveTimeMicroseconds, kAdaptive, kConnect };
enum class BigintUnsignedMode { kLong, kPrecise };
enum class BinaryMode { kBytes, kBase64, kBase64UrlSafe, kHex };

struct ValueOptions {
  DecimalMode decimal = DecimalMode::kPrecise;
  TimePrecisionMode time_precision = TimePrecisionMode::kAdaptiveTimeMicroseconds;
  BigintUnsignedMode bigint_unsigned = BigintUnsignedMode::kLong;
  BinaryMode binary = BinaryMode::kBytes;
};

}  // namespace rowcast::format
