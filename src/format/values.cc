#include "format/values.h"

#include <array>

#include <fmt/format.h>

#include "common/json_writer.h"

namespace rowcast::format {

using binlog::Cell;
using binlog::CellKind;
using binlog::ColumnInfo;

namespace {

bool IsLatin1Collation(uint32_t c) {
  switch (c) {
    case 5:
    case 8:
    case 15:
    case 31:
    case 47:
    case 48:
    case 49:
    case 94:
      return true;
    default:
      return false;
  }
}

// cp1252 0x80..0x9F; MySQL maps the five undefined bytes to the C1 controls.
constexpr std::array<uint16_t, 32> kCp1252High = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

void AppendCodePoint(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

constexpr int64_t kMicrosPerSecond = 1'000'000;

bool IsAscii(std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

bool IsZeroDate(const binlog::Temporal& t) { return t.year == 0 || t.month == 0 || t.day == 0; }

int64_t EpochMicros(const binlog::Temporal& t) {
  const int64_t days = DaysFromCivil(t.year, t.month, t.day);
  const int64_t secs =
      days * 86400 + static_cast<int64_t>(t.hour) * 3600 + t.minute * 60 + t.second;
  return secs * kMicrosPerSecond + t.micros;
}

// y-m-d of a day count since the epoch (inverse of DaysFromCivil).
void CivilFromDays(int64_t z, int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
}

void AppendBinary(std::string& out, Bytes data, uint32_t pad_to, BinaryMode mode) {
  // BINARY(n): restore the trailing zero bytes the server stripped.
  std::string padded;
  if (pad_to > data.size()) {
    padded.assign(reinterpret_cast<const char*>(data.data()), data.size());
    padded.resize(pad_to, '\0');
    data = AsBytes(padded);
  }
  out.push_back('"');
  switch (mode) {
    case BinaryMode::kBytes:
    case BinaryMode::kBase64:
      AppendBase64(out, data);
      break;
    case BinaryMode::kBase64UrlSafe:
      AppendBase64(out, data, Base64Alphabet::kUrlSafe);
      break;
    case BinaryMode::kHex:
      AppendHex(out, data);
      break;
  }
  out.push_back('"');
}

void AppendDecimalBytesJson(std::string& out, std::string_view text) {
  const std::string bytes = DecimalUnscaledBytes(text);
  out.push_back('"');
  AppendBase64(out, AsBytes(bytes));
  out.push_back('"');
}

void AppendLabels(std::string& out, const std::vector<std::string>& labels, uint64_t bits) {
  std::string joined;
  for (size_t k = 0; k < labels.size() && k < 64; ++k) {
    if ((bits >> k) & 1) {
      if (!joined.empty()) joined.push_back(',');
      joined += labels[k];
    }
  }
  AppendJsonString(out, joined);
}

}  // namespace

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void AppendUtf8(std::string& out, std::string_view text, uint32_t collation) {
  if (!IsLatin1Collation(collation)) {
    out.append(text);  // UTF-8 family; the JSON writer replaces invalid sequences
    return;
  }
  size_t i = 0;
  while (i < text.size()) {
    // ASCII is the same in cp1252 and UTF-8: copy runs of it at once.
    size_t run = i;
    while (run < text.size() && static_cast<unsigned char>(text[run]) < 0x80) ++run;
    out.append(text.data() + i, run - i);
    if (run == text.size()) break;
    const auto b = static_cast<unsigned char>(text[run]);
    AppendCodePoint(out, b < 0xA0 ? kCp1252High[b - 0x80] : b);
    i = run + 1;
  }
}

std::string DecimalUnscaledBytes(std::string_view text) {
  bool negative = false;
  if (!text.empty() && text.front() == '-') {
    negative = true;
    text.remove_prefix(1);
  }
  // Magnitude in base 256, most significant byte first.
  std::string mag;
  for (char ch : text) {
    if (ch < '0' || ch > '9') continue;
    unsigned carry = static_cast<unsigned>(ch - '0');
    for (size_t i = mag.size(); i-- > 0;) {
      const unsigned v = static_cast<unsigned char>(mag[i]) * 10u + carry;
      mag[i] = static_cast<char>(v & 0xFF);
      carry = v >> 8;
    }
    while (carry > 0) {
      mag.insert(mag.begin(), static_cast<char>(carry & 0xFF));
      carry >>= 8;
    }
  }
  size_t first = mag.find_first_not_of('\0');
  mag = first == std::string::npos ? std::string() : mag.substr(first);
  if (mag.empty()) return std::string(1, '\0');
  if (!negative) {
    if (static_cast<unsigned char>(mag[0]) & 0x80) mag.insert(mag.begin(), '\0');
    return mag;
  }
  // Two's complement: invert and add one.
  std::string out = mag;
  for (char& c : out) c = static_cast<char>(~static_cast<unsigned char>(c));
  for (size_t i = out.size(); i-- > 0;) {
    const unsigned v = static_cast<unsigned char>(out[i]) + 1u;
    out[i] = static_cast<char>(v & 0xFF);
    if (v <= 0xFF) break;
  }
  if (!(static_cast<unsigned char>(out[0]) & 0x80)) out.insert(out.begin(), '\xFF');
  while (out.size() > 1 && static_cast<unsigned char>(out[0]) == 0xFF &&
         (static_cast<unsigned char>(out[1]) & 0x80)) {
    out.erase(out.begin());
  }
  return out;
}

Status AppendCellJson(std::string& out, const ColumnInfo& c, const Cell& cell,
                      const ValueOptions& o) {
  switch (cell.kind) {
    case CellKind::kAbsent:
    case CellKind::kNull:
      out.append("null");
      return OkStatus();
    case CellKind::kInt:
    case CellKind::kYear:
      AppendJsonInt(out, cell.i);
      return OkStatus();
    case CellKind::kUint:
      if (c.type == binlog::ColumnType::kLongLong) {
        if (o.bigint_unsigned == BigintUnsignedMode::kPrecise) {
          AppendDecimalBytesJson(out, std::to_string(cell.u));
        } else {
          AppendJsonInt(out, static_cast<int64_t>(cell.u));  // Debezium's long mode wraps
        }
      } else {
        AppendJsonUint(out, cell.u);
      }
      return OkStatus();
    case CellKind::kFloat:
      AppendJsonFloat(out, cell.f);
      return OkStatus();
    case CellKind::kDouble:
      AppendJsonDouble(out, cell.d);
      return OkStatus();
    case CellKind::kDecimal: {
      std::string text;
      ROWCAST_RETURN_STATUS_IF_ERROR(
          binlog::AppendDecimalText(text, cell.bytes, c.meta >> 8, c.meta & 0xFF));
      switch (o.decimal) {
        case DecimalMode::kPrecise:
          AppendDecimalBytesJson(out, text);
          break;
        case DecimalMode::kString:
          AppendJsonString(out, text);
          break;
        case DecimalMode::kDouble:
          AppendJsonDouble(out, std::strtod(text.c_str(), nullptr));
          break;
      }
      return OkStatus();
    }
    case CellKind::kString: {
      const std::string_view text = AsStringView(cell.bytes);
      if (!IsLatin1Collation(c.collation) || IsAscii(text)) {
        AppendJsonString(out, text);  // UTF-8 family or plain ASCII: no conversion needed
        return OkStatus();
      }
      std::string utf8;
      AppendUtf8(utf8, AsStringView(cell.bytes), c.collation);
      AppendJsonString(out, utf8);
      return OkStatus();
    }
    case CellKind::kBytes:
      AppendBinary(out, cell.bytes, cell.pad_to, o.binary);
      return OkStatus();
    case CellKind::kDate:
      if (IsZeroDate(cell.temporal)) {
        out.append(c.nullable ? "null" : "0");
      } else {
        AppendJsonInt(out,
                      DaysFromCivil(cell.temporal.year, cell.temporal.month, cell.temporal.day));
      }
      return OkStatus();
    case CellKind::kDateTime: {
      if (IsZeroDate(cell.temporal)) {
        out.append(c.nullable ? "null" : "0");
        return OkStatus();
      }
      const int64_t micros = EpochMicros(cell.temporal);
      const bool as_micros = o.time_precision != TimePrecisionMode::kConnect && cell.fsp > 3;
      // Floor division keeps pre-1970 values exact.
      const int64_t ms = micros >= 0 ? micros / 1000 : -((-micros + 999) / 1000);
      AppendJsonInt(out, as_micros ? micros : ms);
      return OkStatus();
    }
    case CellKind::kTimestamp: {
      if (cell.u == 0 && cell.temporal.micros == 0 && c.nullable) {
        out.append("null");
        return OkStatus();
      }
      int64_t y;
      unsigned m, d;
      const auto secs = static_cast<int64_t>(cell.u);
      CivilFromDays(secs / 86400, y, m, d);
      const int64_t rem = secs % 86400;
      std::string text = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", y, m, d, rem / 3600,
                                     rem / 60 % 60, rem % 60);
      if (cell.fsp > 0) {
        std::string frac = fmt::format("{:06}", cell.temporal.micros);
        text += "." + frac.substr(0, cell.fsp);
      }
      text += "Z";
      AppendJsonString(out, text);
      return OkStatus();
    }
    case CellKind::kTime: {
      const auto& t = cell.temporal;
      int64_t micros =
          (static_cast<int64_t>(t.hour) * 3600 + t.minute * 60 + t.second) * kMicrosPerSecond +
          t.micros;
      if (t.negative) micros = -micros;
      const bool as_millis = o.time_precision == TimePrecisionMode::kConnect ||
                             (o.time_precision == TimePrecisionMode::kAdaptive && cell.fsp <= 3);
      AppendJsonInt(out, as_millis ? micros / 1000 : micros);
      return OkStatus();
    }
    case CellKind::kEnum:
      if (cell.u == 0) {
        AppendJsonString(out, "");
      } else if (cell.u <= c.enum_values.size()) {
        AppendJsonString(out, c.enum_values[cell.u - 1]);
      } else {
        return DataLossError(fmt::format("ENUM index {} but the column has {} values", cell.u,
                                         c.enum_values.size()));
      }
      return OkStatus();
    case CellKind::kSet:
      AppendLabels(out, c.set_values, cell.u);
      return OkStatus();
    case CellKind::kBit: {
      if (cell.bits == 1) {
        out.append(cell.u != 0 ? "true" : "false");
        return OkStatus();
      }
      // io.debezium.data.Bits: the bytes in little-endian order.
      std::array<std::byte, 8> le{};
      const size_t n = (cell.bits + 7u) / 8u;
      for (size_t k = 0; k < n; ++k) le[k] = static_cast<std::byte>((cell.u >> (8 * k)) & 0xFF);
      out.push_back('"');
      AppendBase64(out, Bytes(le.data(), n));
      out.push_back('"');
      return OkStatus();
    }
    case CellKind::kGeometry: {
      ByteReader r(cell.bytes);
      ROWCAST_ASSIGN_OR_RETURN_STATUS(uint32_t srid, r.ReadU32Le());
      out.append("{\"wkb\":\"");
      AppendBase64(out, r.rest());
      out.append("\",\"srid\":");
      AppendJsonUint(out, srid);
      out.push_back('}');
      return OkStatus();
    }
    case CellKind::kJson:
      return UnimplementedError("MySQL binary JSON columns are not supported yet");
  }
  return InternalError("unknown cell kind");
}

}  // namespace rowcast::format
