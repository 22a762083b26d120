#include "format/values.h"

#include <arpa/inet.h>

#include <array>
#include <bit>
#include <cstring>

#include <fmt/format.h>

#include "binlog/json_binary.h"
#include "common/json_writer.h"
#include "format/charsets.h"

namespace rowcast::format {

using binlog::Cell;
using binlog::CellKind;
using binlog::ColumnInfo;

namespace {

constexpr int64_t kMicrosPerSecond = 1'000'000;

bool IsAscii(std::string_view s) {
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    if ((w & 0x8080808080808080ULL) != 0) return false;
  }
  for (; i < s.size(); ++i) {
    if (static_cast<unsigned char>(s[i]) >= 0x80) return false;
  }
  return true;
}

bool IsZeroDate(const binlog::Temporal& t) { return t.year == 0 || t.month == 0 || t.day == 0; }

// Values outside what DATE/DATETIME can hold only come from corrupt events.
Status CheckDate(const binlog::Temporal& t, bool with_time) {
  if (t.year > 9999 || t.month > 12 || t.day > 31 ||
      (with_time && (t.hour > 23 || t.minute > 59 || t.second > 59 || t.micros > 999999))) {
    return DataLossError(
        fmt::format("{} value {:04}-{:02}-{:02} {:02}:{:02}:{:02}.{:06} is out of range",
                    with_time ? "DATETIME" : "DATE", t.year, t.month, t.day, t.hour, t.minute,
                    t.second, t.micros));
  }
  return OkStatus();
}

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

// ENUM/SET labels are in the column's charset, like its values.
void AppendLabel(std::string& out, std::string_view label, uint32_t collation) {
  if (IsUtf8Collation(collation)) {
    AppendJsonString(out, label);
    return;
  }
  std::string utf8;
  AppendUtf8(utf8, label, collation);
  AppendJsonString(out, utf8);
}

void AppendLabels(std::string& out, const std::vector<std::string>& labels, uint64_t bits,
                  uint32_t collation) {
  std::string joined;
  for (size_t k = 0; k < labels.size() && k < 64; ++k) {
    if ((bits >> k) & 1) {
      if (!joined.empty()) joined.push_back(',');
      joined += labels[k];
    }
  }
  AppendLabel(out, joined, collation);
}

// INET6 text as MariaDB prints it (not quite RFC 5952): the longest run of zero groups, even a
// single one, becomes "::" (the first of equal runs); IPv4-compatible (::a.b.c.d, fourth-last
// group non-zero) and IPv4-mapped (::ffff:a.b.c.d) addresses end in a dotted quad.
std::string Inet6Text(std::string_view b) {
  std::array<unsigned, 8> w{};
  for (size_t i = 0; i < 8; ++i) {
    w[i] = static_cast<unsigned>(static_cast<unsigned char>(b[2 * i])) << 8 |
           static_cast<unsigned char>(b[2 * i + 1]);
  }
  const bool head_zero = w[0] == 0 && w[1] == 0 && w[2] == 0 && w[3] == 0 && w[4] == 0;
  if (head_zero && ((w[5] == 0 && w[6] != 0) || w[5] == 0xFFFF)) {
    return fmt::format("::{}{}.{}.{}.{}", w[5] == 0xFFFF ? "ffff:" : "",
                       static_cast<unsigned char>(b[12]), static_cast<unsigned char>(b[13]),
                       static_cast<unsigned char>(b[14]), static_cast<unsigned char>(b[15]));
  }
  int best = -1, best_len = 0;
  for (int i = 0; i < 8;) {
    if (w[static_cast<size_t>(i)] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && w[static_cast<size_t>(j)] == 0) ++j;
    if (j - i > best_len) {
      best = i;
      best_len = j - i;
    }
    i = j;
  }
  std::string s;
  for (int i = 0; i < 8; ++i) {
    if (i == best) {
      s += "::";
      i += best_len - 1;
      continue;
    }
    if (!s.empty() && s.back() != ':') s.push_back(':');
    s += fmt::format("{:x}", w[static_cast<size_t>(i)]);
  }
  return s;
}

// MariaDB's UUID, INET4 and INET6 columns as the text the server prints (Debezium's MariaDB
// connector writes UUIDs as text; the binlog holds their 16 or 4 bytes in network order).
Status AppendAddressLike(std::string& out, const ColumnInfo& c, const Cell& cell) {
  std::string bytes(AsStringView(cell.bytes));
  const size_t want = c.form == binlog::ValueForm::kInet4 ? 4 : 16;
  if (bytes.size() < want && cell.pad_to == want) bytes.resize(want, '\0');  // trailing zeros
  if (bytes.size() != want) {
    return DataLossError(fmt::format("a {} value of {} bytes (expected {})",
                                     c.form == binlog::ValueForm::kUuid ? "UUID" : "INET",
                                     bytes.size(), want));
  }
  char text[INET6_ADDRSTRLEN + 1] = {};
  switch (c.form) {
    case binlog::ValueForm::kUuid: {
      static constexpr char kHex[] = "0123456789abcdef";
      std::string s;
      for (size_t i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) s.push_back('-');
        const auto b = static_cast<unsigned char>(bytes[i]);
        s.push_back(kHex[b >> 4]);
        s.push_back(kHex[b & 15]);
      }
      AppendJsonString(out, s);
      return OkStatus();
    }
    case binlog::ValueForm::kInet4:
      ::inet_ntop(AF_INET, bytes.data(), text, sizeof text);
      break;
    case binlog::ValueForm::kInet6:
      AppendJsonString(out, Inet6Text(bytes));
      return OkStatus();
    case binlog::ValueForm::kPlain:
      break;
  }
  AppendJsonString(out, text);
  return OkStatus();
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
      if (IsUtf8Collation(c.collation) || (CharsetName(c.collation) == "latin1" && IsAscii(text))) {
        AppendJsonString(out, text);  // UTF-8 family or plain ASCII: no conversion needed
        return OkStatus();
      }
      std::string utf8;
      AppendUtf8(utf8, AsStringView(cell.bytes), c.collation);
      AppendJsonString(out, utf8);
      return OkStatus();
    }
    case CellKind::kBytes:
      if (c.form != binlog::ValueForm::kPlain) return AppendAddressLike(out, c, cell);
      AppendBinary(out, cell.bytes, cell.pad_to, o.binary);
      return OkStatus();
    case CellKind::kDate:
      ROWCAST_RETURN_STATUS_IF_ERROR(CheckDate(cell.temporal, false));
      if (IsZeroDate(cell.temporal)) {
        out.append(c.nullable ? "null" : "0");
      } else {
        AppendJsonInt(out,
                      DaysFromCivil(cell.temporal.year, cell.temporal.month, cell.temporal.day));
      }
      return OkStatus();
    case CellKind::kDateTime: {
      ROWCAST_RETURN_STATUS_IF_ERROR(CheckDate(cell.temporal, true));
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
      if (c.enum_values.empty()) {
        // No labels in the binlog (binlog_row_metadata not FULL, offline replay): the index.
        AppendJsonString(out, std::to_string(cell.u));
      } else if (cell.u == 0) {
        AppendJsonString(out, "");
      } else if (cell.u <= c.enum_values.size()) {
        AppendLabel(out, c.enum_values[cell.u - 1], c.collation);
      } else {
        return DataLossError(fmt::format("ENUM index {} but the column has {} values", cell.u,
                                         c.enum_values.size()));
      }
      return OkStatus();
    case CellKind::kSet:
      if (c.set_values.empty()) {
        AppendJsonString(out, std::to_string(cell.u));  // no labels known: the bitmask
      } else {
        AppendLabels(out, c.set_values, cell.u, c.collation);
      }
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
      // io.debezium.data.geometry.Geometry {wkb, srid} (srid null when 0); POINT columns are
      // io.debezium.data.geometry.Point {x, y, wkb, srid}.
      ByteReader r(cell.bytes);
      ROWCAST_ASSIGN_OR_RETURN_STATUS(uint32_t srid, r.ReadU32Le());
      const Bytes wkb = r.rest();
      out.push_back('{');
      constexpr uint32_t kPoint = 1;
      if (c.geometry_type == kPoint && wkb.size() == 21) {
        ByteReader p(wkb);
        ROWCAST_ASSIGN_OR_RETURN_STATUS(uint8_t order, p.ReadU8());
        ROWCAST_RETURN_STATUS_IF_ERROR(p.Skip(4));
        uint64_t x = 0, y = 0;
        if (order == 1) {
          ROWCAST_ASSIGN_OR_RETURN_STATUS(x, p.ReadU64Le());
          ROWCAST_ASSIGN_OR_RETURN_STATUS(y, p.ReadU64Le());
        } else {
          ROWCAST_ASSIGN_OR_RETURN_STATUS(x, p.ReadUintBe(8));
          ROWCAST_ASSIGN_OR_RETURN_STATUS(y, p.ReadUintBe(8));
        }
        out.append("\"x\":");
        AppendJsonDouble(out, std::bit_cast<double>(x));
        out.append(",\"y\":");
        AppendJsonDouble(out, std::bit_cast<double>(y));
        out.push_back(',');
      }
      out.append("\"wkb\":\"");
      AppendBase64(out, wkb);
      out.append("\",\"srid\":");
      if (srid == 0) {
        out.append("null");
      } else {
        AppendJsonUint(out, srid);
      }
      out.push_back('}');
      return OkStatus();
    }
    case CellKind::kJson: {
      // io.debezium.data.Json: a string holding the document as MySQL's SELECT prints it. The
      // scratch buffer keeps its capacity, so a steady stream of JSON cells allocates nothing.
      thread_local std::string text;
      text.clear();
      ROWCAST_RETURN_STATUS_IF_ERROR(binlog::AppendJsonBinaryAsText(text, cell.bytes));
      AppendJsonString(out, text);
      return OkStatus();
    }
    case CellKind::kJsonText:
      // Snapshot rows of MySQL JSON columns: the server already printed the document.
      AppendJsonString(out, AsStringView(cell.bytes));
      return OkStatus();
    case CellKind::kJsonDiff:
      // The capture pipeline applies diffs to the before image before formatting.
      return InternalError("a partial JSON diff reached the formatter without being applied");
  }
  return InternalError("unknown cell kind");
}

}  // namespace rowcast::format
