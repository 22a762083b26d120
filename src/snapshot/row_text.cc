#include "snapshot/row_text.h"

#include <arpa/inet.h>
#include <iconv.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <unordered_map>

#include <fmt/format.h>

#include "format/charsets.h"
#include "format/values.h"

namespace rowcast::snapshot {

using binlog::Cell;
using binlog::CellKind;
using binlog::ColumnInfo;
using binlog::ColumnType;
using schema::Column;
using schema::DataType;

namespace {

std::string_view NormalCharset(std::string_view cs) { return cs == "utf8" ? "utf8mb3" : cs; }

// Bytes per character at most (MariaDB 10.11 / MySQL 8 SHOW CHARACTER SET, Maxlen): CHAR and
// VARCHAR lengths in the table map are in bytes.
uint32_t MaxBytesPerChar(std::string_view charset) {
  static constexpr std::pair<std::string_view, uint32_t> kWide[] = {
      {"big5", 2},   {"cp932", 2},   {"eucjpms", 3}, {"euckr", 2},   {"gb18030", 4},
      {"gb2312", 2}, {"gbk", 2},     {"sjis", 2},    {"ucs2", 2},    {"ujis", 3},
      {"utf16", 4},  {"utf16le", 4}, {"utf32", 4},   {"utf8mb3", 3}, {"utf8mb4", 4},
  };
  for (const auto& [name, n] : kWide) {
    if (name == charset) return n;
  }
  return 1;
}

// Multi-byte charsets that are not UTF-8, by their iconv names.
std::string_view IconvName(std::string_view charset) {
  static constexpr std::pair<std::string_view, std::string_view> kNames[] = {
      {"big5", "BIG5"},      {"cp932", "CP932"},     {"eucjpms", "EUC-JP-MS"},
      {"euckr", "EUC-KR"},   {"gb18030", "GB18030"}, {"gb2312", "GB2312"},
      {"gbk", "GBK"},        {"sjis", "SHIFT_JIS"},  {"ujis", "EUC-JP"},
      {"ucs2", "UCS-2BE"},   {"utf16", "UTF-16BE"},  {"utf16le", "UTF-16LE"},
      {"utf32", "UTF-32BE"},
  };
  for (const auto& [name, iconv_name] : kNames) {
    if (name == charset) return iconv_name;
  }
  return {};
}

// Length of the UTF-8 sequence that starts with `lead`, 0 when it cannot start one.
size_t Utf8Length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead < 0xE0) return 2;
  if (lead >= 0xE0 && lead < 0xF0) return 3;
  if (lead >= 0xF0 && lead < 0xF5) return 4;
  return 0;
}

// ENUM/SET labels in the schema are UTF-8 (DDL text); the binlog carries them in the column's
// charset, which is what the formatter converts them from. `text` converted to `charset`, or
// unchanged when it is not valid UTF-8 or has a character the charset lacks. Single-byte
// charsets are converted by inverting format::AppendUtf8, so that the formatter reads back
// exactly the label it started from.
std::string LabelInCharset(const std::string& text, std::string_view charset, uint32_t collation) {
  if (charset.empty() || charset == "utf8mb3" || charset == "utf8mb4" || charset == "binary") {
    return text;
  }
  const std::string_view iconv_name = IconvName(charset);
  if (!iconv_name.empty()) {
    iconv_t cd = iconv_open(std::string(iconv_name).c_str(), "UTF-8");
    if (cd == reinterpret_cast<iconv_t>(-1)) return text;
    std::string out(text.size() * 4 + 4, '\0');
    char* in = const_cast<char*>(text.data());
    size_t in_left = text.size();
    char* o = out.data();
    size_t o_left = out.size();
    const size_t r = iconv(cd, &in, &in_left, &o, &o_left);
    iconv_close(cd);
    if (r == static_cast<size_t>(-1) || in_left != 0) return text;
    out.resize(out.size() - o_left);
    return out;
  }
  if (MaxBytesPerChar(charset) != 1) return text;
  std::unordered_map<std::string, char> inverse;
  for (int b = 0; b < 256; ++b) {
    std::string utf8;
    format::AppendUtf8(utf8, std::string(1, static_cast<char>(b)), collation);
    if (utf8 != "\xEF\xBF\xBD") inverse.emplace(std::move(utf8), static_cast<char>(b));
  }
  std::string out;
  for (size_t i = 0; i < text.size();) {
    const size_t n = Utf8Length(static_cast<unsigned char>(text[i]));
    if (n == 0 || i + n > text.size()) return text;
    const auto it = inverse.find(text.substr(i, n));
    if (it == inverse.end()) return text;
    out.push_back(it->second);
    i += n;
  }
  return out;
}

bool IsBinaryColumn(const Column& c) {
  switch (c.type) {
    case DataType::kBinary:
    case DataType::kVarBinary:
    case DataType::kTinyBlob:
    case DataType::kBlob:
    case DataType::kMediumBlob:
    case DataType::kLongBlob:
    case DataType::kUuid:
    case DataType::kInet4:
    case DataType::kInet6:
      return true;
    default:
      return NormalCharset(c.charset) == "binary";
  }
}

// CHAR/BINARY/ENUM/SET metadata: the real type in the first byte, the length (bytes) in the
// second; lengths over 255 keep bits 8-9 in bits 4-5 of the first byte, inverted.
void SetStringMeta(ColumnInfo& mc, ColumnType real_type, uint32_t length) {
  const auto b0 = static_cast<uint32_t>(real_type) ^ ((length & 0x300) >> 4);
  mc.meta = static_cast<uint16_t>((b0 << 8) | (length & 0xFF));
  mc.max_length = length;
}

// Bytes of the length prefix of TEXT(n)/BLOB(n): the smallest BLOB type that holds n bytes.
uint16_t BlobPrefixFor(uint64_t bytes) {
  if (bytes < (uint64_t{1} << 8)) return 1;
  if (bytes < (uint64_t{1} << 16)) return 2;
  if (bytes < (uint64_t{1} << 24)) return 3;
  return 4;
}

uint32_t GeometryType(DataType t) {
  switch (t) {
    case DataType::kPoint:
      return 1;
    case DataType::kLineString:
      return 2;
    case DataType::kPolygon:
      return 3;
    case DataType::kMultiPoint:
      return 4;
    case DataType::kMultiLineString:
      return 5;
    case DataType::kMultiPolygon:
      return 6;
    case DataType::kGeometryCollection:
      return 7;
    default:
      return 0;
  }
}

// A value for an error message: at most 100 bytes, bytes outside printable ASCII as \xNN.
std::string Printable(std::string_view v) {
  std::string out;
  for (char ch : v.substr(0, 100)) {
    const auto b = static_cast<unsigned char>(ch);
    if (b >= 0x20 && b < 0x7F && b != '\\') {
      out.push_back(ch);
    } else {
      out += fmt::format("\\x{:02x}", b);
    }
  }
  if (v.size() > 100) out += "...";
  return out;
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

uint32_t Digits(std::string_view s) {
  uint32_t v = 0;
  for (char c : s) v = v * 10 + static_cast<uint32_t>(c - '0');
  return v;
}

// "ss" or "ss.f..." (1-6 fraction digits) -> seconds and microseconds.
bool ParseSeconds(std::string_view s, binlog::Temporal& t) {
  const std::string_view whole = s.substr(0, 2);
  if (whole.size() != 2 || !AllDigits(whole)) return false;
  t.second = static_cast<uint8_t>(Digits(whole));
  s.remove_prefix(2);
  if (s.empty()) return true;
  if (s.front() != '.') return false;
  s.remove_prefix(1);
  if (s.size() > 6 || !AllDigits(s)) return false;
  t.micros = Digits(s);
  for (size_t k = s.size(); k < 6; ++k) t.micros *= 10;
  return true;
}

// "YYYY-MM-DD" (zero parts allowed, as the server prints them).
bool ParseDate(std::string_view s, binlog::Temporal& t) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  const std::string_view y = s.substr(0, 4), m = s.substr(5, 2), d = s.substr(8, 2);
  if (!AllDigits(y) || !AllDigits(m) || !AllDigits(d)) return false;
  t.year = static_cast<int32_t>(Digits(y));
  t.month = static_cast<uint8_t>(Digits(m));
  t.day = static_cast<uint8_t>(Digits(d));
  return t.month <= 12 && t.day <= 31;
}

// "YYYY-MM-DD hh:mm:ss[.ffffff]".
bool ParseDateTime(std::string_view s, binlog::Temporal& t) {
  if (s.size() < 19 || s[10] != ' ' || s[13] != ':' || s[16] != ':') return false;
  if (!ParseDate(s.substr(0, 10), t)) return false;
  const std::string_view h = s.substr(11, 2), m = s.substr(14, 2);
  if (!AllDigits(h) || !AllDigits(m)) return false;
  t.hour = Digits(h);
  t.minute = static_cast<uint8_t>(Digits(m));
  return ParseSeconds(s.substr(17), t) && t.hour <= 23 && t.minute <= 59 && t.second <= 59;
}

// "[-]h...h:mm:ss[.ffffff]", hours up to 838.
bool ParseTime(std::string_view s, binlog::Temporal& t) {
  t.negative = !s.empty() && s.front() == '-';
  if (t.negative) s.remove_prefix(1);
  const size_t colon = s.find(':');
  if (colon == std::string_view::npos || colon < 2 || colon > 3) return false;
  const std::string_view h = s.substr(0, colon);
  s.remove_prefix(colon + 1);
  if (s.size() < 5 || s[2] != ':' || !AllDigits(h) || !AllDigits(s.substr(0, 2))) return false;
  t.hour = Digits(h);
  t.minute = static_cast<uint8_t>(Digits(s.substr(0, 2)));
  if (!ParseSeconds(s.substr(3), t) || t.hour > 838 || t.minute > 59 || t.second > 59) {
    return false;
  }
  // The binlog has no negative zero.
  if (t.hour == 0 && t.minute == 0 && t.second == 0 && t.micros == 0) t.negative = false;
  return true;
}

template <typename T>
bool ParseNumber(std::string_view s, T& v) {
  const char* end = s.data() + s.size();
  const auto [ptr, ec] = std::from_chars(s.data(), end, v);
  return ec == std::errc() && ptr == end;
}

bool ParseHex(char c, uint8_t& v) {
  if (c >= '0' && c <= '9') {
    v = static_cast<uint8_t>(c - '0');
  } else if (c >= 'a' && c <= 'f') {
    v = static_cast<uint8_t>(c - 'a' + 10);
  } else if (c >= 'A' && c <= 'F') {
    v = static_cast<uint8_t>(c - 'A' + 10);
  } else {
    return false;
  }
  return true;
}

// "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" -> 16 bytes in text order, which is how MariaDB logs
// UUIDs.
bool ParseUuid(std::string_view s, std::string& out) {
  out.clear();
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size();) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (s[i] != '-') return false;
      ++i;
      continue;
    }
    uint8_t hi = 0, lo = 0;
    if (!ParseHex(s[i], hi) || !ParseHex(s[i + 1], lo)) return false;
    out.push_back(static_cast<char>(hi << 4 | lo));
    i += 2;
  }
  return true;
}

bool ParseInet(std::string_view s, int family, std::string& out) {
  char text[64];
  if (s.size() >= sizeof text) return false;
  std::copy(s.begin(), s.end(), text);
  text[s.size()] = '\0';
  out.assign(family == AF_INET ? 4 : 16, '\0');
  return ::inet_pton(family, text, out.data()) == 1;
}

bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
           return lower(x) == lower(y);
         });
}

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

}  // namespace

StatusOr<binlog::TableMap> TableMapFor(const schema::Table& table,
                                       const schema::CharsetLookup& charsets,
                                       const TableMapOptions& options) {
  binlog::TableMap m;
  m.db = table.db;
  m.table = table.name;
  m.has_signedness = m.has_charsets = m.has_names = m.has_primary_key_metadata = true;
  m.columns.reserve(table.columns.size());
  for (const Column& c : table.columns) {
    ColumnInfo mc;
    mc.name = c.name;
    mc.nullable = c.nullable;
    mc.visible = !c.invisible;
    const bool binary = IsBinaryColumn(c);
    const std::string_view charset = binary ? "binary" : NormalCharset(c.charset);
    const uint32_t mbmaxlen = MaxBytesPerChar(charset);
    const auto length = static_cast<uint64_t>(std::max<int64_t>(c.length.value_or(0), 0));
    bool has_charset = false;
    auto set_type = [&](ColumnType t, uint16_t meta = 0) {
      mc.type = mc.real_type = t;
      mc.meta = meta;
    };
    switch (c.type) {
      case DataType::kTinyInt:
      case DataType::kBool:
        set_type(ColumnType::kTiny);
        break;
      case DataType::kSmallInt:
        set_type(ColumnType::kShort);
        break;
      case DataType::kMediumInt:
        set_type(ColumnType::kInt24);
        break;
      case DataType::kInt:
        set_type(ColumnType::kLong);
        break;
      case DataType::kBigInt:
        set_type(ColumnType::kLongLong);
        break;
      case DataType::kDecimal: {
        // DECIMAL = DECIMAL(10,0); DECIMAL(M) = DECIMAL(M,0).
        const auto precision = static_cast<uint16_t>(c.length.value_or(10));
        const auto scale = static_cast<uint16_t>(c.scale.value_or(0));
        set_type(ColumnType::kNewDecimal, static_cast<uint16_t>(precision << 8 | scale));
        break;
      }
      case DataType::kFloat:
        // FLOAT(p) with p > 24 is a DOUBLE; FLOAT(M,D) stays a FLOAT.
        if (!c.scale && length > 24) {
          set_type(ColumnType::kDouble, 8);
        } else {
          set_type(ColumnType::kFloat, 4);
        }
        break;
      case DataType::kDouble:
        set_type(ColumnType::kDouble, 8);
        break;
      case DataType::kBit: {
        const uint64_t bits = c.length.value_or(1);
        set_type(ColumnType::kBit, static_cast<uint16_t>((bits / 8) << 8 | (bits % 8)));
        break;
      }
      case DataType::kDate:
        set_type(ColumnType::kDate);
        break;
      case DataType::kTime:
        set_type(ColumnType::kTime2, static_cast<uint16_t>(length));
        break;
      case DataType::kDateTime:
        set_type(ColumnType::kDateTime2, static_cast<uint16_t>(length));
        break;
      case DataType::kTimestamp:
        set_type(ColumnType::kTimestamp2, static_cast<uint16_t>(length));
        break;
      case DataType::kYear:
        set_type(ColumnType::kYear);
        break;
      case DataType::kChar:
      case DataType::kBinary:
        set_type(ColumnType::kString);
        SetStringMeta(mc, ColumnType::kString,
                      static_cast<uint32_t>(c.length.value_or(1)) * mbmaxlen);
        has_charset = true;
        break;
      case DataType::kUuid:
      case DataType::kInet6:
      case DataType::kInet4: {
        // MariaDB logs them as BINARY(16) / BINARY(4).
        set_type(ColumnType::kString);
        SetStringMeta(mc, ColumnType::kString, c.type == DataType::kInet4 ? 4 : 16);
        has_charset = true;
        mc.form = c.type == DataType::kUuid    ? binlog::ValueForm::kUuid
                  : c.type == DataType::kInet4 ? binlog::ValueForm::kInet4
                                               : binlog::ValueForm::kInet6;
        break;
      }
      case DataType::kVarChar:
      case DataType::kVarBinary: {
        const auto bytes = static_cast<uint16_t>(std::min<uint64_t>(length * mbmaxlen, 65535));
        set_type(ColumnType::kVarchar, bytes);
        mc.max_length = bytes;
        has_charset = true;
        break;
      }
      case DataType::kTinyText:
      case DataType::kTinyBlob:
        set_type(ColumnType::kBlob, 1);
        has_charset = true;
        break;
      case DataType::kText:
      case DataType::kBlob:
        // TEXT(n) / BLOB(n): the smallest type that holds n characters / bytes.
        set_type(ColumnType::kBlob, c.length ? BlobPrefixFor(length * mbmaxlen) : 2);
        has_charset = true;
        break;
      case DataType::kMediumText:
      case DataType::kMediumBlob:
        set_type(ColumnType::kBlob, 3);
        has_charset = true;
        break;
      case DataType::kLongText:
      case DataType::kLongBlob:
        set_type(ColumnType::kBlob, 4);
        has_charset = true;
        break;
      case DataType::kEnum: {
        mc.type = ColumnType::kString;
        mc.real_type = ColumnType::kEnum;
        SetStringMeta(mc, ColumnType::kEnum, c.enum_values.size() > 255 ? 2 : 1);
        mc.enum_values = c.enum_values;
        has_charset = true;
        break;
      }
      case DataType::kSet: {
        mc.type = ColumnType::kString;
        mc.real_type = ColumnType::kSet;
        const uint32_t bytes = static_cast<uint32_t>(c.enum_values.size() + 7) / 8;
        SetStringMeta(mc, ColumnType::kSet, bytes > 4 ? 8 : std::max<uint32_t>(bytes, 1));
        mc.set_values = c.enum_values;
        has_charset = true;
        break;
      }
      case DataType::kJson:
        if (options.mariadb) {
          set_type(ColumnType::kBlob, 4);
          has_charset = true;
        } else {
          set_type(ColumnType::kJson, 4);
        }
        break;
      case DataType::kGeometry:
      case DataType::kPoint:
      case DataType::kLineString:
      case DataType::kPolygon:
      case DataType::kMultiPoint:
      case DataType::kMultiLineString:
      case DataType::kMultiPolygon:
      case DataType::kGeometryCollection:
        set_type(ColumnType::kGeometry, 4);
        mc.geometry_type = GeometryType(c.type);
        break;
      case DataType::kVector:
        return std::unexpected(UnimplementedError(
            fmt::format("{}.{} column `{}` is a VECTOR, which rowcast cannot decode yet", table.db,
                        table.name, c.name)));
    }
    // YEAR is unsigned in the binlog's signedness metadata (the server's Field_year is).
    if (binlog::IsNumericForSignedness(mc.type)) {
      mc.is_unsigned = c.is_unsigned || c.zerofill || c.type == DataType::kYear;
    }
    if (has_charset) {
      if (binary) {
        mc.collation = binlog::kBinaryCollation;
      } else {
        // MariaDB's JSON is utf8mb4 whatever the table's charset.
        const std::string_view cs =
            charset.empty() && c.type == DataType::kJson ? "utf8mb4" : charset;
        if (charsets.collation_of != nullptr && !cs.empty())
          mc.collation = charsets.collation_of(cs);
      }
    }
    for (auto* labels : {&mc.enum_values, &mc.set_values}) {
      for (std::string& label : *labels) label = LabelInCharset(label, charset, mc.collation);
    }
    m.columns.push_back(std::move(mc));
  }
  for (const auto& name : table.primary_key) {
    const int index = table.FindColumn(name);
    if (index < 0) {
      return std::unexpected(
          InternalError(fmt::format("{}.{}: primary key column `{}` is not a column of the table",
                                    table.db, table.name, name)));
    }
    m.primary_key.push_back(static_cast<uint32_t>(index));
  }
  return m;
}

std::string SelectList(const schema::Table& table) {
  std::string out;
  for (const Column& c : table.columns) {
    if (!out.empty()) out += ", ";
    if (c.type == DataType::kFloat || c.type == DataType::kDouble) {
      out += "CAST(" + QuoteIdentifier(c.name) + " AS DOUBLE)";
    } else {
      out += QuoteIdentifier(c.name);
    }
  }
  return out;
}

// How one column's text becomes a cell; decided once from the column's table map entry, the way
// DecodeCell decides from the logged type.
struct TextRowConverter::Plan {
  enum class Read : uint8_t {
    kNull,  // logged type NULL: always NULL
    kInt,
    kUint,
    kFloat,
    kDouble,
    kDecimal,
    kDate,
    kTime,
    kDateTime,
    kTimestamp,
    kYear,
    kString,       // VARCHAR, TEXT: as is
    kChar,         // CHAR: trailing spaces stripped, as the binlog stores it
    kBytes,        // VARBINARY, BLOB: as is
    kFixedBinary,  // BINARY(n): trailing zeros stripped, pad_to n
    kEnum,
    kSet,
    kBit,
    kJsonText,
    kGeometry,
    kUuid,
    kInet4,
    kInet6,
    kUnsupported,
  };
  Read read = Read::kUnsupported;
  int64_t min = 0;   // kInt range
  uint64_t max = 0;  // kInt / kUint range
  // CHAR padding: the space character in the column's charset (1 byte, or 2/4 for UCS-2,
  // UTF-16, UTF-16LE, UTF-32).
  std::string_view space = " ";
  // ENUM/SET labels -> 1-based index, exactly as the map spells them.
  std::unordered_map<std::string, uint32_t, StringHash, std::equal_to<>> labels;
};

TextRowConverter::TextRowConverter(const binlog::TableMap& map)
    : map_(map), plans_(map.columns.size()), scratch_(map.columns.size()) {
  using R = Plan::Read;
  for (size_t i = 0; i < map_.columns.size(); ++i) {
    const ColumnInfo& c = map_.columns[i];
    Plan& p = plans_[i];
    auto integer = [&](int bits) {
      if (c.is_unsigned) {
        p.read = R::kUint;
        p.max = bits == 64 ? std::numeric_limits<uint64_t>::max() : (uint64_t{1} << bits) - 1;
      } else {
        p.read = R::kInt;
        p.min = bits == 64 ? std::numeric_limits<int64_t>::min() : -(int64_t{1} << (bits - 1));
        p.max = bits == 64 ? static_cast<uint64_t>(std::numeric_limits<int64_t>::max())
                           : (uint64_t{1} << (bits - 1)) - 1;
      }
    };
    if (c.form == binlog::ValueForm::kUuid) {
      p.read = R::kUuid;
      continue;
    }
    if (c.form == binlog::ValueForm::kInet4) {
      p.read = R::kInet4;
      continue;
    }
    if (c.form == binlog::ValueForm::kInet6) {
      p.read = R::kInet6;
      continue;
    }
    switch (c.type) {
      case ColumnType::kNull:
        p.read = R::kNull;
        break;
      case ColumnType::kTiny:
        integer(8);
        break;
      case ColumnType::kShort:
        integer(16);
        break;
      case ColumnType::kInt24:
        integer(24);
        break;
      case ColumnType::kLong:
        integer(32);
        break;
      case ColumnType::kLongLong:
        integer(64);
        break;
      case ColumnType::kFloat:
        p.read = R::kFloat;
        break;
      case ColumnType::kDouble:
        p.read = R::kDouble;
        break;
      case ColumnType::kNewDecimal:
        p.read = R::kDecimal;
        break;
      case ColumnType::kDate:
      case ColumnType::kNewDate:
        p.read = R::kDate;
        break;
      case ColumnType::kTime:
      case ColumnType::kTime2:
        p.read = R::kTime;
        break;
      case ColumnType::kDateTime:
      case ColumnType::kDateTime2:
        p.read = R::kDateTime;
        break;
      case ColumnType::kTimestamp:
      case ColumnType::kTimestamp2:
        p.read = R::kTimestamp;
        break;
      case ColumnType::kYear:
        p.read = R::kYear;
        break;
      case ColumnType::kVarchar:
      case ColumnType::kVarString:
      case ColumnType::kBlob:
      case ColumnType::kTinyBlob:
      case ColumnType::kMediumBlob:
      case ColumnType::kLongBlob:
      case ColumnType::kMariaVarcharCompressed:
      case ColumnType::kMariaBlobCompressed:
        p.read = c.is_binary() ? R::kBytes : R::kString;
        break;
      case ColumnType::kString:
      case ColumnType::kEnum:
      case ColumnType::kSet:
        if (c.real_type == ColumnType::kEnum || c.real_type == ColumnType::kSet) {
          p.read = c.real_type == ColumnType::kEnum ? R::kEnum : R::kSet;
          const auto& labels = p.read == R::kEnum ? c.enum_values : c.set_values;
          for (size_t k = 0; k < labels.size(); ++k) {
            p.labels.emplace(labels[k], static_cast<uint32_t>(k + 1));  // first one wins
          }
        } else if (c.is_binary()) {
          p.read = R::kFixedBinary;
        } else {
          p.read = R::kChar;
          const std::string_view cs = format::CharsetName(c.collation);
          if (cs == "ucs2" || cs == "utf16") {
            p.space = std::string_view("\0 ", 2);
          } else if (cs == "utf16le") {
            p.space = std::string_view(" \0", 2);
          } else if (cs == "utf32") {
            p.space = std::string_view("\0\0\0 ", 4);
          }
        }
        break;
      case ColumnType::kBit:
        p.read = R::kBit;
        break;
      case ColumnType::kJson:
        p.read = R::kJsonText;
        break;
      case ColumnType::kGeometry:
        p.read = R::kGeometry;
        break;
      default:
        p.read = R::kUnsupported;
        break;
    }
  }
}

TextRowConverter::~TextRowConverter() = default;

Status TextRowConverter::Convert(const char* const* values, const unsigned long* lengths,
                                 std::vector<Cell>& cells) {
  using R = Plan::Read;
  cells.resize(map_.columns.size());
  for (size_t i = 0; i < map_.columns.size(); ++i) {
    const ColumnInfo& c = map_.columns[i];
    const Plan& p = plans_[i];
    Cell& cell = cells[i];
    cell = Cell{};
    if (values[i] == nullptr || p.read == R::kNull) {
      cell.kind = CellKind::kNull;
      continue;
    }
    const std::string_view v(values[i], lengths[i]);
    std::string& scratch = scratch_[i];
    auto fail = [&](std::string_view why) {
      return DataLossError(fmt::format("{}.{} column `{}`: cannot read the snapshot value '{}': {}",
                                       map_.db, map_.table, c.name, Printable(v), why));
    };
    switch (p.read) {
      case R::kNull:
        break;
      case R::kInt: {
        int64_t x = 0;
        if (!ParseNumber(v, x)) return fail("not an integer");
        if (x < p.min || (x > 0 && static_cast<uint64_t>(x) > p.max)) {
          return fail("out of the column type's range");
        }
        cell.kind = CellKind::kInt;
        cell.i = x;
        break;
      }
      case R::kUint: {
        uint64_t x = 0;
        if (!ParseNumber(v, x)) return fail("not an unsigned integer");
        if (x > p.max) return fail("out of the column type's range");
        cell.kind = CellKind::kUint;
        cell.u = x;
        break;
      }
      case R::kFloat:
      case R::kDouble: {
        // Both through double: CAST(col AS DOUBLE) prints a FLOAT's exact value, which converts
        // back to the float without rounding.
        double x = 0;
        if (!ParseNumber(v, x) || !std::isfinite(x)) return fail("not a number");
        if (p.read == R::kDouble) {
          cell.kind = CellKind::kDouble;
          cell.d = x;
        } else {
          if (std::fabs(x) > std::numeric_limits<float>::max()) return fail("out of FLOAT range");
          cell.kind = CellKind::kFloat;
          cell.f = static_cast<float>(x);
        }
        break;
      }
      case R::kDecimal: {
        scratch.clear();
        Status s = binlog::EncodeDecimalBinary(v, c.meta >> 8, c.meta & 0xFF, scratch);
        if (!s.ok()) return fail(s.message());
        cell.kind = CellKind::kDecimal;
        cell.bytes = AsBytes(scratch);
        break;
      }
      case R::kDate:
        if (!ParseDate(v, cell.temporal)) return fail("not a DATE (YYYY-MM-DD)");
        cell.kind = CellKind::kDate;
        break;
      case R::kTime:
        if (!ParseTime(v, cell.temporal)) return fail("not a TIME ([-]hhh:mm:ss[.ffffff])");
        cell.kind = CellKind::kTime;
        cell.fsp = c.type == ColumnType::kTime2 ? static_cast<uint8_t>(c.meta) : 0;
        break;
      case R::kDateTime:
        if (!ParseDateTime(v, cell.temporal)) {
          return fail("not a DATETIME (YYYY-MM-DD hh:mm:ss[.ffffff])");
        }
        cell.kind = CellKind::kDateTime;
        cell.fsp = c.type == ColumnType::kDateTime2 ? static_cast<uint8_t>(c.meta) : 0;
        break;
      case R::kTimestamp: {
        binlog::Temporal t;
        if (!ParseDateTime(v, t)) return fail("not a TIMESTAMP (YYYY-MM-DD hh:mm:ss[.ffffff])");
        // The session time zone is UTC; the zero TIMESTAMP is stored as 0.
        int64_t secs = 0;
        if (t.year != 0 || t.month != 0 || t.day != 0) {
          if (t.month == 0 || t.day == 0) return fail("a TIMESTAMP with a zero month or day");
          secs = format::DaysFromCivil(t.year, t.month, t.day) * 86400 +
                 static_cast<int64_t>(t.hour) * 3600 + t.minute * 60 + t.second;
          if (secs < 0 || secs > std::numeric_limits<uint32_t>::max()) {
            return fail("outside the TIMESTAMP range (is the session time zone '+00:00'?)");
          }
        } else if (t.hour != 0 || t.minute != 0 || t.second != 0) {
          return fail("a TIMESTAMP with a zero date and a time");
        }
        cell.kind = CellKind::kTimestamp;
        cell.u = static_cast<uint64_t>(secs);
        cell.temporal.micros = t.micros;
        cell.fsp = c.type == ColumnType::kTimestamp2 ? static_cast<uint8_t>(c.meta) : 0;
        break;
      }
      case R::kYear: {
        // The binlog holds year - 1900 in one byte, 0 for the zero year. MariaDB's deprecated
        // YEAR(2) prints two digits: 70-99 are 1970-1999, 00-69 2000-2069.
        int64_t y = 0;
        if (!ParseNumber(v, y)) return fail("not a YEAR");
        if (v.size() == 2) y += y >= 70 ? 1900 : 2000;
        if (y != 0 && (y < 1901 || y > 2155)) return fail("not a YEAR");
        cell.kind = CellKind::kYear;
        cell.i = y;
        break;
      }
      case R::kString:
        cell.kind = CellKind::kString;
        cell.bytes = AsBytes(v);
        break;
      case R::kBytes:
        cell.kind = CellKind::kBytes;
        cell.bytes = AsBytes(v);
        break;
      case R::kChar: {
        // The binlog stores CHAR without its trailing pad spaces (Field_string::pack); SELECT
        // strips them too unless sql_mode has PAD_CHAR_TO_FULL_LENGTH.
        std::string_view s = v;
        while (s.size() >= p.space.size() && s.ends_with(p.space)) s.remove_suffix(p.space.size());
        cell.kind = CellKind::kString;
        cell.bytes = AsBytes(s);
        break;
      }
      case R::kFixedBinary: {
        // BINARY(n): the binlog stores the value without trailing zero bytes; pad_to restores
        // them.
        std::string_view s = v;
        while (!s.empty() && s.back() == '\0') s.remove_suffix(1);
        cell.kind = CellKind::kBytes;
        cell.bytes = AsBytes(s);
        cell.pad_to = c.max_length;
        break;
      }
      case R::kUuid:
      case R::kInet4:
      case R::kInet6: {
        const bool ok = p.read == R::kUuid    ? ParseUuid(v, scratch)
                        : p.read == R::kInet4 ? ParseInet(v, AF_INET, scratch)
                                              : ParseInet(v, AF_INET6, scratch);
        if (!ok) {
          return fail(p.read == R::kUuid    ? "not a UUID"
                      : p.read == R::kInet4 ? "not an INET4 address"
                                            : "not an INET6 address");
        }
        // Logged as BINARY(16) / BINARY(4): without trailing zero bytes, padded back by pad_to.
        std::string_view s = scratch;
        while (!s.empty() && s.back() == '\0') s.remove_suffix(1);
        cell.kind = CellKind::kBytes;
        cell.bytes = AsBytes(s);
        cell.pad_to = c.max_length;
        break;
      }
      case R::kEnum:
      case R::kSet: {
        const auto& labels = p.read == R::kEnum ? c.enum_values : c.set_values;
        // The 1-based index of one label: as the map spells it; else the value converted to UTF-8
        // (labels that came from DDL text); else ignoring ASCII case.
        auto find = [&](std::string_view label) -> uint32_t {
          if (auto it = p.labels.find(label); it != p.labels.end()) return it->second;
          std::string utf8;
          if (!format::IsUtf8Collation(c.collation)) {
            format::AppendUtf8(utf8, label, c.collation);
            if (auto it = p.labels.find(utf8); it != p.labels.end()) return it->second;
            label = utf8;
          }
          for (size_t k = 0; k < labels.size(); ++k) {
            if (EqualsIgnoreAsciiCase(labels[k], label)) return static_cast<uint32_t>(k + 1);
          }
          return 0;
        };
        if (p.read == R::kEnum) {
          // "" is the error value (index 0), unless the column has an empty label: the formatter
          // prints both as "".
          uint32_t index = 0;
          if (!v.empty() || p.labels.contains(v)) {
            index = find(v);
            if (index == 0) return fail("not one of the ENUM's values");
          }
          cell.kind = CellKind::kEnum;
          cell.u = index;
          break;
        }
        uint64_t mask = 0;
        std::string_view rest = v;
        while (!rest.empty()) {
          const size_t comma = rest.find(',');
          const std::string_view label = rest.substr(0, comma);
          rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
          const uint32_t index = find(label);
          if (index == 0 || index > 64) return fail("not a combination of the SET's values");
          mask |= uint64_t{1} << (index - 1);
        }
        cell.kind = CellKind::kSet;
        cell.u = mask;
        break;
      }
      case R::kBit: {
        // The server sends BIT(n) as its (n + 7) / 8 bytes, big-endian.
        const int bits = (c.meta >> 8) * 8 + (c.meta & 0xFF);
        if (bits < 1 || bits > 64) return fail(fmt::format("BIT({}) is out of range", bits));
        if (v.size() > static_cast<size_t>((bits + 7) / 8)) return fail("longer than the BIT");
        uint64_t x = 0;
        for (char ch : v) x = x << 8 | static_cast<unsigned char>(ch);
        cell.kind = CellKind::kBit;
        cell.u = x;
        cell.bits = static_cast<uint16_t>(bits);
        break;
      }
      case R::kJsonText:
        cell.kind = CellKind::kJsonText;
        cell.bytes = AsBytes(v);
        break;
      case R::kGeometry:
        cell.kind = CellKind::kGeometry;
        cell.bytes = AsBytes(v);
        break;
      case R::kUnsupported:
        return UnimplementedError(fmt::format(
            "{}.{} column `{}` has binlog type {}, which rowcast cannot read in snapshots yet",
            map_.db, map_.table, c.name, static_cast<int>(c.type)));
    }
  }
  return OkStatus();
}

std::string QuoteIdentifier(std::string_view ident) {
  std::string out = "`";
  for (char c : ident) {
    out.push_back(c);
    if (c == '`') out.push_back('`');
  }
  out.push_back('`');
  return out;
}

}  // namespace rowcast::snapshot
