#include "binlog/cell.h"

#include <array>
#include <bit>

#include <fmt/format.h>

#include "binlog/compression.h"

namespace rowcast::binlog {
namespace {

constexpr std::array<int, 10> kDigitBytes = {0, 1, 1, 2, 2, 3, 3, 4, 4, 4};

Status Unsupported(const ColumnInfo& c) {
  return UnimplementedError(
      fmt::format("column `{}` has binlog type {}, which rowcast cannot decode yet", c.name,
                  static_cast<int>(c.type)));
}

// Fraction bytes of fsp: (fsp + 1) / 2; the value scaled to microseconds.
StatusOr<uint32_t> ReadFraction(ByteReader& r, int fsp) {
  switch (fsp) {
    case 0:
      return 0u;
    case 1:
    case 2: {
      ROWCAST_ASSIGN_OR_RETURN(uint64_t v, r.ReadUintBe(1));
      return static_cast<uint32_t>(v * 10000);
    }
    case 3:
    case 4: {
      ROWCAST_ASSIGN_OR_RETURN(uint64_t v, r.ReadUintBe(2));
      return static_cast<uint32_t>(v * 100);
    }
    case 5:
    case 6: {
      ROWCAST_ASSIGN_OR_RETURN(uint64_t v, r.ReadUintBe(3));
      return static_cast<uint32_t>(v);
    }
    default:
      return std::unexpected(
          DataLossError(fmt::format("fractional seconds precision {} > 6", fsp)));
  }
}

// TIME2 (MySQL 5.6.4+ / MariaDB mysql56_temporal_format): big-endian, offset by 0x800000... with
// the borrow rule for negative values that have a fraction (my_time_packed_from_binary).
Status DecodeTime2(ByteReader& r, int fsp, Cell& cell) {
  int64_t packed = 0;
  switch (fsp) {
    case 0: {
      ROWCAST_ASSIGN_OR_RETURN_STATUS(uint64_t v, r.ReadUintBe(3));
      packed = (static_cast<int64_t>(v) - 0x800000) * (int64_t{1} << 24);
      break;
    }
    case 1:
    case 2:
    case 3:
    case 4: {
      ROWCAST_ASSIGN_OR_RETURN_STATUS(uint64_t v, r.ReadUintBe(3));
      int64_t ip = static_cast<int64_t>(v) - 0x800000;
      const int width = fsp <= 2 ? 1 : 2;
      ROWCAST_ASSIGN_OR_RETURN_STATUS(uint64_t fv, r.ReadUintBe(static_cast<size_t>(width)));
      int64_t frac = static_cast<int64_t>(fv);
      if (ip < 0 && frac != 0) {
        ip += 1;
        frac -= width == 1 ? 0x100 : 0x10000;
      }
      packed = ip * (int64_t{1} << 24) + frac * (width == 1 ? 10000 : 100);
      break;
    }
    case 5:
    case 6: {
      ROWCAST_ASSIGN_OR_RETURN_STATUS(uint64_t v, r.ReadUintBe(6));
      packed = static_cast<int64_t>(v) - 0x800000000000LL;
      break;
    }
    default:
      return DataLossError(fmt::format("TIME fractional precision {} > 6", fsp));
  }
  Temporal& t = cell.temporal;
  t = Temporal{};
  t.negative = packed < 0;
  const uint64_t abs = t.negative ? static_cast<uint64_t>(-packed) : static_cast<uint64_t>(packed);
  const uint64_t ip = abs >> 24;
  t.hour = static_cast<uint32_t>((ip >> 12) & 0x3FF);
  t.minute = static_cast<uint8_t>((ip >> 6) & 63);
  t.second = static_cast<uint8_t>(ip & 63);
  t.micros = static_cast<uint32_t>(abs & 0xFFFFFF);
  cell.kind = CellKind::kTime;
  return OkStatus();
}

Status DecodeDateTime2(ByteReader& r, int fsp, Cell& cell) {
  ROWCAST_ASSIGN_OR_RETURN_STATUS(uint64_t v, r.ReadUintBe(5));
  const int64_t ip = static_cast<int64_t>(v) - 0x8000000000LL;
  ROWCAST_ASSIGN_OR_RETURN_STATUS(uint32_t micros, ReadFraction(r, fsp));
  const uint64_t a = static_cast<uint64_t>(ip < 0 ? -ip : ip);  // DATETIME is never negative
  const uint64_t ymd = a >> 17;
  const uint64_t ym = ymd >> 5;
  const uint64_t hms = a & 0x1FFFF;
  Temporal& t = cell.temporal;
  t = Temporal{};
  t.year = static_cast<int32_t>(ym / 13);
  t.month = static_cast<uint8_t>(ym % 13);
  t.day = static_cast<uint8_t>(ymd & 31);
  t.hour = static_cast<uint32_t>(hms >> 12);
  t.minute = static_cast<uint8_t>((hms >> 6) & 63);
  t.second = static_cast<uint8_t>(hms & 63);
  t.micros = micros;
  cell.kind = CellKind::kDateTime;
  return OkStatus();
}

// Length prefix of `n` bytes (1..4), little-endian.
StatusOr<Bytes> ReadPrefixed(ByteReader& r, size_t n) {
  ROWCAST_ASSIGN_OR_RETURN(uint64_t len, r.ReadUintLe(n));
  return r.ReadBytes(len);
}

void SetText(const ColumnInfo& c, Bytes b, Cell& cell) {
  cell.bytes = b;
  cell.kind = c.is_binary() ? CellKind::kBytes : CellKind::kString;
}

}  // namespace

size_t DecimalBinarySize(int precision, int scale) {
  const int intg = precision - scale;
  return static_cast<size_t>((intg / 9) * 4 + kDigitBytes[static_cast<size_t>(intg % 9)] +
                             (scale / 9) * 4 + kDigitBytes[static_cast<size_t>(scale % 9)]);
}

// Binary decimal (strings/decimal.cc bin2decimal): groups of 9 digits in 4 big-endian bytes, the
// leading and trailing partial groups shorter; sign in the top bit, negatives stored inverted.
Status AppendDecimalText(std::string& out, Bytes data, int precision, int scale) {
  if (precision < 1 || precision > 65 || scale < 0 || scale > 30 || scale > precision) {
    return DataLossError(fmt::format("DECIMAL({},{}) is out of range", precision, scale));
  }
  const size_t size = DecimalBinarySize(precision, scale);
  if (data.size() != size) {
    return DataLossError(
        fmt::format("DECIMAL({},{}) needs {} bytes, got {}", precision, scale, size, data.size()));
  }
  std::array<uint8_t, 32> b{};
  for (size_t i = 0; i < size; ++i) b[i] = static_cast<uint8_t>(data[i]);
  const bool negative = (b[0] & 0x80) == 0;
  b[0] ^= 0x80;
  if (negative) {
    for (size_t i = 0; i < size; ++i) b[i] = static_cast<uint8_t>(~b[i]);
  }
  size_t pos = 0;
  auto read_be = [&](int n) {
    uint32_t v = 0;
    for (int k = 0; k < n; ++k) v = (v << 8) | b[pos++];
    return v;
  };
  const int intg = precision - scale;
  std::string digits;  // integer digits
  const int lead = intg % 9;
  if (lead > 0) {
    // The leading group's bytes can hold more than `lead` digits: such a value does not fit the
    // column (MySQL's bin2decimal rejects it too).
    std::string part = std::to_string(read_be(kDigitBytes[static_cast<size_t>(lead)]));
    if (part.size() > static_cast<size_t>(lead)) {
      return DataLossError(
          fmt::format("DECIMAL({},{}) leading digit group {} has more than {} digits", precision,
                      scale, part, lead));
    }
    digits += part;
  }
  for (int g = 0; g < intg / 9; ++g) {
    std::string part = std::to_string(read_be(4));
    if (part.size() > 9) return DataLossError("DECIMAL digit group exceeds 9 digits");
    digits += std::string(9 - part.size(), '0') + part;
  }
  size_t first = digits.find_first_not_of('0');
  std::string int_part = first == std::string::npos ? "0" : digits.substr(first);
  std::string frac;
  for (int g = 0; g < scale / 9; ++g) {
    std::string part = std::to_string(read_be(4));
    if (part.size() > 9) return DataLossError("DECIMAL digit group exceeds 9 digits");
    frac += std::string(9 - part.size(), '0') + part;
  }
  const int tail = scale % 9;
  if (tail > 0) {
    std::string part = std::to_string(read_be(kDigitBytes[static_cast<size_t>(tail)]));
    if (part.size() > static_cast<size_t>(tail))
      return DataLossError("DECIMAL fraction group overflows");
    frac += std::string(static_cast<size_t>(tail) - part.size(), '0') + part;
  }
  const bool zero = int_part == "0" && frac.find_first_not_of('0') == std::string::npos;
  if (negative && !zero) out.push_back('-');
  out += int_part;
  if (scale > 0) {
    out.push_back('.');
    out += frac;
  }
  return OkStatus();
}

// decimal2bin: the same groups as AppendDecimalText reads, magnitude first, then negatives
// inverted and the sign bit flipped.
Status EncodeDecimalBinary(std::string_view text, int precision, int scale, std::string& out) {
  if (precision < 1 || precision > 65 || scale < 0 || scale > 30 || scale > precision) {
    return InvalidArgumentError(fmt::format("DECIMAL({},{}) is out of range", precision, scale));
  }
  auto bad = [&](std::string_view why) {
    return InvalidArgumentError(fmt::format("'{}' is not a DECIMAL({},{}) value: {}",
                                            text.substr(0, 100), precision, scale, why));
  };
  std::string_view rest = text;
  bool negative = false;
  if (!rest.empty() && (rest.front() == '-' || rest.front() == '+')) {
    negative = rest.front() == '-';
    rest.remove_prefix(1);
  }
  const size_t dot = rest.find('.');
  std::string_view int_digits = rest.substr(0, dot);
  std::string_view frac_digits =
      dot == std::string_view::npos ? std::string_view() : rest.substr(dot + 1);
  if (int_digits.empty() && frac_digits.empty()) return bad("no digits");
  for (std::string_view part : {int_digits, frac_digits}) {
    for (char ch : part) {
      if (ch < '0' || ch > '9') return bad("not a plain decimal number");
    }
  }
  while (!int_digits.empty() && int_digits.front() == '0') int_digits.remove_prefix(1);
  const auto intg = static_cast<size_t>(precision - scale);
  const auto frac = static_cast<size_t>(scale);
  if (int_digits.size() > intg) return bad("too many integer digits");
  while (frac_digits.size() > frac && frac_digits.back() == '0') frac_digits.remove_suffix(1);
  if (frac_digits.size() > frac) return bad("too many fraction digits");
  // All digits of the column, zero-padded: intg integer digits, then frac fraction digits.
  std::array<char, 65> digits{};
  const size_t total = intg + frac;
  for (size_t k = 0; k < total; ++k) digits[k] = '0';
  for (size_t k = 0; k < int_digits.size(); ++k) {
    digits[intg - int_digits.size() + k] = int_digits[k];
  }
  for (size_t k = 0; k < frac_digits.size(); ++k) digits[intg + k] = frac_digits[k];
  bool zero = true;
  for (size_t k = 0; k < total; ++k) zero = zero && digits[k] == '0';
  if (zero) negative = false;

  const size_t start = out.size();
  size_t at = 0;  // next digit
  auto put_group = [&](size_t ndigits, size_t nbytes) {
    uint32_t v = 0;
    for (size_t k = 0; k < ndigits; ++k) v = v * 10 + static_cast<uint32_t>(digits[at++] - '0');
    for (size_t k = nbytes; k-- > 0;) out.push_back(static_cast<char>((v >> (8 * k)) & 0xFF));
  };
  const size_t lead = intg % 9;
  if (lead > 0) put_group(lead, static_cast<size_t>(kDigitBytes[lead]));
  for (size_t g = 0; g < intg / 9; ++g) put_group(9, 4);
  for (size_t g = 0; g < frac / 9; ++g) put_group(9, 4);
  const size_t tail = frac % 9;
  if (tail > 0) put_group(tail, static_cast<size_t>(kDigitBytes[tail]));
  if (negative) {
    for (size_t k = start; k < out.size(); ++k) out[k] = static_cast<char>(~out[k]);
  }
  out[start] = static_cast<char>(out[start] ^ static_cast<char>(0x80));
  return OkStatus();
}

Status DecodeCell(ByteReader& r, const ColumnInfo& c, Cell& cell, CellArena* arena) {
  cell.pad_to = 0;
  switch (c.type) {
    case ColumnType::kTiny: {
      ROWCAST_ASSIGN_OR_RETURN_STATUS(uint8_t v, r.ReadU8());
      if (c.is_unsigned) {
        cell.kind = CellKind::kUint;
        cell.u = v;
      } else {
        cell.kind = CellKind::kInt;
        cell.i = static_cast<int8_t>(v);
      }
      return OkStatus();
    }
    case ColumnType::kShort: {
      ROWCAST_ASSIGN_OR_RETURN_STATUS(uint16_t v, r.ReadU16Le());
      if (c.is_unsigned) {
        cell.kind = CellKind::kUint;
        cell.u = v;
      } else {
        cell.kind = CellKind::kInt;
        cell.i = static_cast<int16_t>(v);
      }
      return OkStatus();
    }
    case ColumnType::kInt24: {
      ROWCAST_ASSIGN_OR_RETURN_STATUS(uint32_t v, r.ReadU24Le());
      if (c.is_unsigned) {
        cell.kind = CellKind::kUint;
        cell.u = v;
      } else {
        cell.kind = CellKind::kInt;
        cell.i =
            (v & 0x800000u) != 0 ? static_cast<int64_t>(v) - 0x1000000 : static_cast<int64_t>(v);
      }
      return OkStatus();
    }
    case ColumnType::kLong: {
      ROWCAST_ASSIGN_OR_RETURN_STATUS(uint32_t v, r.ReadU32Le());
      if (c.is_unsigned) {
        cell.kind = CellKind::kUint;
        cell.u = v;
      } else {
        cell.kind = CellKind::kInt;
        cell.i = static_cast<int32_t>(v);
      }
      return OkStatus();
    }
    case ColumnType::kLongLong: {
      ROWCAST_ASSIGN_OR_RETURN_STATUS(uint64_t v, r.ReadU64Le());
      if (c.is_unsigned) {
        cell.kind = CellKind::kUint;
        cell.u = v;
      } else {
        cell.kind = CellKind::kInt;
        cell.i = static_cast<int64_t>(v);
      }
      return OkStatus();
    }
    case ColumnType::kFloat: {
      ROWCAST_ASSIGN_OR_RETURN_STATUS(uint32_t v, r.ReadU32Le());
      cell.kind = CellKind::kFloat;
      cell.f = std::bit_cast<float>(v);
      return OkStatus();
    }
    case ColumnType::kDouble: {
      ROWCAST_ASSIGN_OR_RETURN_STATUS(uint64_t v, r.ReadU64Le());
      cell.kind = CellKind::kDouble;
      cell.d = std::bit_cast<double>(v);
      return OkStatus();
    }
    case ColumnType::kYear: {
      ROWCAST_ASSIGN_OR_RETURN_STATUS(uint8_t v, r.ReadU8());
      cell.kind = CellKind::kYear;
      cell.i = v == 0 ? 0 : 1900 + v;
      return OkStatus();
    }
    case ColumnType::kNewDecimal: {
      const int precision = c.meta >> 8;
      const int scale = c.meta & 0xFF;
      if (precision < 1 || precision > 65 || scale > 30 || scale > precision) {
        return DataLossError(
            fmt::format("DECIMAL({},{}) metadata is out of range", precision, scale));
      }
      ROWCAST_ASSIGN_OR_RETURN_STATUS(cell.bytes, r.ReadBytes(DecimalBinarySize(precision, scale)));
      cell.kind = CellKind::kDecimal;
      return OkStatus();
    }
    case ColumnType::kDate:
    case ColumnType::kNewDate: {
      ROWCAST_ASSIGN_OR_RETURN_STATUS(uint32_t v, r.ReadU24Le());
      cell.temporal = Temporal{};
      cell.temporal.day = static_cast<uint8_t>(v & 31);
      cell.temporal.month = static_cast<uint8_t>((v >> 5) & 15);
      cell.temporal.year = static_cast<int32_t>(v >> 9);
      cell.kind = CellKind::kDate;
      return OkStatus();
    }
    case ColumnType::kTime: {  // old format: signed decimal HHMMSS
      ROWCAST_ASSIGN_OR_RETURN_STATUS(uint32_t raw, r.ReadU24Le());
      int32_t v = (raw & 0x800000u) != 0 ? static_cast<int32_t>(raw) - 0x1000000
                                         : static_cast<int32_t>(raw);
      cell.temporal = Temporal{};
      cell.temporal.negative = v < 0;
      if (v < 0) v = -v;
      cell.temporal.hour = static_cast<uint32_t>(v / 10000);
      cell.temporal.minute = static_cast<uint8_t>(v / 100 % 100);
      cell.temporal.second = static_cast<uint8_t>(v % 100);
      cell.fsp = 0;
      cell.kind = CellKind::kTime;
      return OkStatus();
    }
    case ColumnType::kDateTime: {  // old format: u64 decimal YYYYMMDDhhmmss
      ROWCAST_ASSIGN_OR_RETURN_STATUS(uint64_t v, r.ReadU64Le());
      cell.temporal = Temporal{};
      const uint64_t date = v / 1000000;
      const uint64_t time = v % 1000000;
      cell.temporal.year = static_cast<int32_t>(date / 10000);
      cell.temporal.month = static_cast<uint8_t>(date / 100 % 100);
      cell.temporal.day = static_cast<uint8_t>(date % 100);
      cell.temporal.hour = static_cast<uint32_t>(time / 10000);
      cell.temporal.minute = static_cast<uint8_t>(time / 100 % 100);
      cell.temporal.second = static_cast<uint8_t>(time % 100);
      cell.fsp = 0;
      cell.kind = CellKind::kDateTime;
      return OkStatus();
    }
    case ColumnType::kTimestamp: {  // old format: u32 seconds
      ROWCAST_ASSIGN_OR_RETURN_STATUS(uint32_t v, r.ReadU32Le());
      cell.u = v;
      cell.temporal = Temporal{};
      cell.fsp = 0;
      cell.kind = CellKind::kTimestamp;
      return OkStatus();
    }
    case ColumnType::kTimestamp2: {
      cell.fsp = static_cast<uint8_t>(c.meta);
      ROWCAST_ASSIGN_OR_RETURN_STATUS(uint64_t secs, r.ReadUintBe(4));
      ROWCAST_ASSIGN_OR_RETURN_STATUS(uint32_t micros, ReadFraction(r, c.meta));
      cell.u = secs;
      cell.temporal = Temporal{};
      cell.temporal.micros = micros;
      cell.kind = CellKind::kTimestamp;
      return OkStatus();
    }
    case ColumnType::kDateTime2:
      cell.fsp = static_cast<uint8_t>(c.meta);
      return DecodeDateTime2(r, c.meta, cell);
    case ColumnType::kTime2:
      cell.fsp = static_cast<uint8_t>(c.meta);
      return DecodeTime2(r, c.meta, cell);
    case ColumnType::kVarchar:
    case ColumnType::kVarString: {
      ROWCAST_ASSIGN_OR_RETURN_STATUS(Bytes b, ReadPrefixed(r, c.meta < 256 ? 1 : 2));
      SetText(c, b, cell);
      return OkStatus();
    }
    case ColumnType::kBlob:
    case ColumnType::kTinyBlob:
    case ColumnType::kMediumBlob:
    case ColumnType::kLongBlob: {
      if (c.meta < 1 || c.meta > 4)
        return DataLossError(fmt::format("BLOB length width {}", c.meta));
      ROWCAST_ASSIGN_OR_RETURN_STATUS(Bytes b, ReadPrefixed(r, c.meta));
      SetText(c, b, cell);
      return OkStatus();
    }
    case ColumnType::kString:
    case ColumnType::kEnum:
    case ColumnType::kSet: {
      if (c.real_type == ColumnType::kEnum) {
        if (c.max_length != 1 && c.max_length != 2) {
          return DataLossError(fmt::format("ENUM stored in {} bytes", c.max_length));
        }
        ROWCAST_ASSIGN_OR_RETURN_STATUS(cell.u, r.ReadUintLe(c.max_length));
        cell.kind = CellKind::kEnum;
        return OkStatus();
      }
      if (c.real_type == ColumnType::kSet) {
        if (c.max_length < 1 || c.max_length > 8) {
          return DataLossError(fmt::format("SET stored in {} bytes", c.max_length));
        }
        ROWCAST_ASSIGN_OR_RETURN_STATUS(cell.u, r.ReadUintLe(c.max_length));
        cell.kind = CellKind::kSet;
        return OkStatus();
      }
      ROWCAST_ASSIGN_OR_RETURN_STATUS(Bytes b, ReadPrefixed(r, c.max_length < 256 ? 1 : 2));
      SetText(c, b, cell);
      // BINARY(n): the server strips trailing 0x00 bytes; they are part of the value.
      if (cell.kind == CellKind::kBytes) cell.pad_to = c.max_length;
      return OkStatus();
    }
    case ColumnType::kBit: {
      const int bits = (c.meta >> 8) * 8 + (c.meta & 0xFF);
      const size_t n = static_cast<size_t>((bits + 7) / 8);
      if (bits < 1 || bits > 64) return DataLossError(fmt::format("BIT({}) is out of range", bits));
      ROWCAST_ASSIGN_OR_RETURN_STATUS(cell.u, r.ReadUintBe(n));
      cell.bits = static_cast<uint16_t>(bits);
      cell.kind = CellKind::kBit;
      return OkStatus();
    }
    case ColumnType::kJson: {
      if (c.meta < 1 || c.meta > 4)
        return DataLossError(fmt::format("JSON length width {}", c.meta));
      ROWCAST_ASSIGN_OR_RETURN_STATUS(cell.bytes, ReadPrefixed(r, c.meta));
      cell.kind = CellKind::kJson;
      return OkStatus();
    }
    case ColumnType::kGeometry: {
      if (c.meta < 1 || c.meta > 4)
        return DataLossError(fmt::format("GEOMETRY length width {}", c.meta));
      ROWCAST_ASSIGN_OR_RETURN_STATUS(cell.bytes, ReadPrefixed(r, c.meta));
      cell.kind = CellKind::kGeometry;
      return OkStatus();
    }
    case ColumnType::kMariaVarcharCompressed:
    case ColumnType::kMariaBlobCompressed: {
      // MariaDB `COMPRESSED` columns: the usual length prefix, then a compression header
      // (sql/field_comp.cc). VARCHAR metadata counts the header byte in the maximum length.
      size_t prefix = 0;
      size_t max_length = kMaxDecompressedSize;
      if (c.type == ColumnType::kMariaVarcharCompressed) {
        prefix = c.meta < 256 ? 1 : 2;
        max_length = c.meta;
      } else {
        if (c.meta < 1 || c.meta > 4)
          return DataLossError(fmt::format("compressed BLOB length width {}", c.meta));
        prefix = c.meta;
        if (c.meta < 4) max_length = (size_t{1} << (8 * c.meta)) - 1;
      }
      ROWCAST_ASSIGN_OR_RETURN_STATUS(Bytes stored, ReadPrefixed(r, prefix));
      std::string* scratch = nullptr;
      std::string none;
      if (!stored.empty() && stored[0] != std::byte{0}) {
        if (arena == nullptr) {
          return InternalError(
              fmt::format("compressed column `{}` decoded without storage for its value", c.name));
        }
        scratch = &arena->NewBuffer();
      }
      ROWCAST_ASSIGN_OR_RETURN_STATUS(
          Bytes value,
          DecodeMariaCompressedColumn(stored, max_length, scratch != nullptr ? *scratch : none));
      SetText(c, value, cell);
      return OkStatus();
    }
    case ColumnType::kNull:
      cell.kind = CellKind::kNull;
      return OkStatus();
    default:
      return Unsupported(c);
  }
}

}  // namespace rowcast::binlog
