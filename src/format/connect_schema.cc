#include "format/connect_schema.h"

#include <cctype>
#include <charconv>
#include <cstdlib>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "common/byte_reader.h"
#include "common/json_writer.h"
#include "format/values.h"

namespace rowcast::format {

using schema::Column;
using schema::DataType;

namespace {

enum class Shape : uint8_t { kPlain, kGeometry, kPoint };

// What one column is written as: the Connect type and, for logical types, name/version/params.
struct TypeSpec {
  std::string_view type;
  std::string_view name;
  int version = 0;  // 0 = none
  std::vector<std::pair<std::string, std::string>> params;
  Shape shape = Shape::kPlain;
};

int Fsp(const Column& c) { return c.length ? static_cast<int>(*c.length) : 0; }

// VECTOR: Debezium writes io.debezium.data.FloatVector (array<float32>); values.cc has no
// decoder for the VECTOR binlog type, so it is what a binary-logged vector would be: bytes.
bool IsBinaryType(DataType t) { return IsBinaryStringType(t) || t == DataType::kVector; }

std::string JoinLabels(const std::vector<std::string>& labels) {
  std::string s;
  for (size_t i = 0; i < labels.size(); ++i) {
    if (i > 0) s.push_back(',');
    s += labels[i];
  }
  return s;
}

// Mirrors values.cc (AppendCellJson) for the cells the binlog produces for `c`, named as
// Debezium's BinlogValueConverters.schemaBuilder / JdbcValueConverters name them.
TypeSpec SpecOf(const Column& c, const ValueOptions& o) {
  const bool connect_time = o.time_precision == TimePrecisionMode::kConnect;
  switch (c.type) {
    case DataType::kTinyInt:
      return {"int16", {}, 0, {}, Shape::kPlain};
    case DataType::kBool:
      // values.cc writes the TINYINT(1) number; Debezium declares BOOLEAN for columns written
      // BOOL/BOOLEAN and converts the number.
      return {"int16", {}, 0, {}, Shape::kPlain};
    case DataType::kSmallInt:
      return {c.is_unsigned ? "int32" : "int16", {}, 0, {}, Shape::kPlain};
    case DataType::kMediumInt:
      return {"int32", {}, 0, {}, Shape::kPlain};
    case DataType::kInt:
      return {c.is_unsigned ? "int64" : "int32", {}, 0, {}, Shape::kPlain};
    case DataType::kBigInt:
      if (c.is_unsigned && o.bigint_unsigned == BigintUnsignedMode::kPrecise) {
        return {"bytes",
                "org.apache.kafka.connect.data.Decimal",
                1,
                {{"scale", "0"}, {"connect.decimal.precision", "20"}},
                Shape::kPlain};
      }
      return {"int64", {}, 0, {}, Shape::kPlain};
    case DataType::kDecimal:
      switch (o.decimal) {
        case DecimalMode::kPrecise:
          return {"bytes",
                  "org.apache.kafka.connect.data.Decimal",
                  1,
                  {{"scale", std::to_string(c.scale.value_or(0))},
                   {"connect.decimal.precision", std::to_string(c.length.value_or(10))}},
                  Shape::kPlain};
        case DecimalMode::kString:
          return {"string", {}, 0, {}, Shape::kPlain};
        case DecimalMode::kDouble:
          return {"float64", {}, 0, {}, Shape::kPlain};
      }
      break;
    case DataType::kFloat:
      // FLOAT(p > 24) is a DOUBLE on the server; FLOAT(M,D) is logged as FLOAT but Debezium
      // declares FLOAT64 for it (values.cc writes the float's shortest text, which reads back
      // as the same double only up to float precision).
      if (!c.scale && (!c.length || *c.length <= 24)) return {"float32", {}, 0, {}, Shape::kPlain};
      return {"float64", {}, 0, {}, Shape::kPlain};
    case DataType::kDouble:
      return {"float64", {}, 0, {}, Shape::kPlain};
    case DataType::kBit:
      if (c.length.value_or(1) <= 1) return {"boolean", {}, 0, {}, Shape::kPlain};
      return {"bytes",
              "io.debezium.data.Bits",
              1,
              {{"length", std::to_string(*c.length)}},
              Shape::kPlain};
    case DataType::kDate:
      if (connect_time)
        return {"int32", "org.apache.kafka.connect.data.Date", 1, {}, Shape::kPlain};
      return {"int32", "io.debezium.time.Date", 1, {}, Shape::kPlain};
    case DataType::kTime:
      if (connect_time)
        return {"int32", "org.apache.kafka.connect.data.Time", 1, {}, Shape::kPlain};
      if (o.time_precision == TimePrecisionMode::kAdaptive && Fsp(c) <= 3) {
        return {"int32", "io.debezium.time.Time", 1, {}, Shape::kPlain};
      }
      return {"int64", "io.debezium.time.MicroTime", 1, {}, Shape::kPlain};
    case DataType::kDateTime:
      if (connect_time) {
        return {"int64", "org.apache.kafka.connect.data.Timestamp", 1, {}, Shape::kPlain};
      }
      if (Fsp(c) <= 3) return {"int64", "io.debezium.time.Timestamp", 1, {}, Shape::kPlain};
      return {"int64", "io.debezium.time.MicroTimestamp", 1, {}, Shape::kPlain};
    case DataType::kTimestamp:
      return {"string", "io.debezium.time.ZonedTimestamp", 1, {}, Shape::kPlain};
    case DataType::kYear:
      return {"int32", "io.debezium.time.Year", 1, {}, Shape::kPlain};
    case DataType::kChar:
    case DataType::kVarChar:
    case DataType::kTinyText:
    case DataType::kText:
    case DataType::kMediumText:
    case DataType::kLongText:
      return {"string", {}, 0, {}, Shape::kPlain};
    case DataType::kEnum:
      return {"string",
              "io.debezium.data.Enum",
              1,
              {{"allowed", JoinLabels(c.enum_values)}},
              Shape::kPlain};
    case DataType::kSet:
      return {"string",
              "io.debezium.data.EnumSet",
              1,
              {{"allowed", JoinLabels(c.enum_values)}},
              Shape::kPlain};
    case DataType::kJson:
      return {"string", "io.debezium.data.Json", 1, {}, Shape::kPlain};
    case DataType::kPoint:
      return {"struct", "io.debezium.data.geometry.Point", 1, {}, Shape::kPoint};
    case DataType::kGeometry:
    case DataType::kLineString:
    case DataType::kPolygon:
    case DataType::kMultiPoint:
    case DataType::kMultiLineString:
    case DataType::kMultiPolygon:
    case DataType::kGeometryCollection:
      return {"struct", "io.debezium.data.geometry.Geometry", 2, {}, Shape::kGeometry};
    // MariaDB UUID as Debezium's MariaDB connector writes it (MariaDbValueConverters,
    // DBZ-9027); INET4/INET6 as the server's text (Debezium has no special case for them).
    case DataType::kUuid:
      return {"string", "io.debezium.data.Uuid", 1, {}, Shape::kPlain};
    case DataType::kInet4:
    case DataType::kInet6:
      return {"string", {}, 0, {}, Shape::kPlain};
    default:
      break;
  }
  if (IsBinaryType(c.type)) {
    return {o.binary == BinaryMode::kBytes ? "bytes" : "string", {}, 0, {}, Shape::kPlain};
  }
  return {"string", {}, 0, {}, Shape::kPlain};
}

std::string Upper(std::string_view s) {
  std::string u(s);
  for (char& ch : u) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return u;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

template <typename T>
std::optional<T> ParseNumber(std::string_view s) {
  s = Trim(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  T v{};
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

bool IsCurrentTimestamp(std::string_view s) {
  const std::string u = Upper(Trim(s));
  return u.starts_with("CURRENT_TIMESTAMP") || u.starts_with("NOW(") ||
         u.starts_with("LOCALTIMESTAMP") || u.starts_with("LOCALTIME");
}

struct DateTimeParts {
  int64_t year = 0;
  unsigned month = 0, day = 0, hour = 0, minute = 0, second = 0;
  uint32_t micros = 0;
};

// Reads "digits" up to `max` characters at `s[i]`.
std::optional<int64_t> Digits(std::string_view s, size_t& i, size_t max) {
  const size_t start = i;
  int64_t v = 0;
  while (i < s.size() && i - start < max && std::isdigit(static_cast<unsigned char>(s[i]))) {
    v = v * 10 + (s[i] - '0');
    ++i;
  }
  if (i == start) return std::nullopt;
  return v;
}

std::optional<uint32_t> Fraction(std::string_view s, size_t& i) {
  if (i >= s.size() || s[i] != '.') return 0u;
  ++i;
  std::string digits;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) digits.push_back(s[i++]);
  digits.resize(6, '0');
  return static_cast<uint32_t>(std::stoul(digits.substr(0, 6)));
}

// "YYYY-MM-DD" or "YYYY-MM-DD hh:mm:ss[.ffffff]".
std::optional<DateTimeParts> ParseDateTime(std::string_view s) {
  s = Trim(s);
  DateTimeParts p;
  size_t i = 0;
  auto sep = [&](char ch) { return i < s.size() && s[i] == ch ? (++i, true) : false; };
  auto y = Digits(s, i, 4);
  if (!y || !sep('-')) return std::nullopt;
  auto m = Digits(s, i, 2);
  if (!m || !sep('-')) return std::nullopt;
  auto d = Digits(s, i, 2);
  if (!d) return std::nullopt;
  p.year = *y;
  p.month = static_cast<unsigned>(*m);
  p.day = static_cast<unsigned>(*d);
  if (i < s.size()) {
    if (!sep(' ') && !sep('T')) return std::nullopt;
    auto h = Digits(s, i, 2);
    if (!h || !sep(':')) return std::nullopt;
    auto mi = Digits(s, i, 2);
    if (!mi || !sep(':')) return std::nullopt;
    auto se = Digits(s, i, 2);
    if (!se) return std::nullopt;
    auto f = Fraction(s, i);
    if (!f) return std::nullopt;
    p.hour = static_cast<unsigned>(*h);
    p.minute = static_cast<unsigned>(*mi);
    p.second = static_cast<unsigned>(*se);
    p.micros = *f;
  }
  if (i != s.size() || p.month > 12 || p.day > 31 || p.hour > 23 || p.minute > 59 ||
      p.second > 59) {
    return std::nullopt;
  }
  return p;
}

// "[-]h:mm:ss[.ffffff]" as signed microseconds.
std::optional<int64_t> ParseTime(std::string_view s) {
  s = Trim(s);
  bool negative = false;
  if (!s.empty() && s.front() == '-') {
    negative = true;
    s.remove_prefix(1);
  }
  size_t i = 0;
  auto sep = [&](char ch) { return i < s.size() && s[i] == ch ? (++i, true) : false; };
  auto h = Digits(s, i, 3);
  if (!h || !sep(':')) return std::nullopt;
  auto mi = Digits(s, i, 2);
  if (!mi || !sep(':')) return std::nullopt;
  auto se = Digits(s, i, 2);
  if (!se) return std::nullopt;
  auto f = Fraction(s, i);
  if (!f || i != s.size()) return std::nullopt;
  const int64_t micros = ((*h * 3600 + *mi * 60 + *se) * 1'000'000) + *f;
  return negative ? -micros : micros;
}

// The decimal text scaled to exactly `scale` fraction digits (truncating), or nullopt.
std::optional<std::string> Rescale(std::string_view s, int scale) {
  s = Trim(s);
  std::string out;
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
    if (s.front() == '-') out.push_back('-');
    s.remove_prefix(1);
  }
  const size_t dot = s.find('.');
  std::string_view int_part = s.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? std::string_view() : s.substr(dot + 1);
  if (int_part.empty() && frac.empty()) return std::nullopt;
  for (char ch : int_part) {
    if (!std::isdigit(static_cast<unsigned char>(ch))) return std::nullopt;
  }
  for (char ch : frac) {
    if (!std::isdigit(static_cast<unsigned char>(ch))) return std::nullopt;
  }
  out += int_part.empty() ? "0" : std::string(int_part);
  std::string f(frac.substr(0, static_cast<size_t>(scale)));
  f.resize(static_cast<size_t>(scale), '0');
  if (scale > 0) out += "." + f;
  return out;
}

void AppendBase64Text(std::string& out, std::string_view bytes, Base64Alphabet alphabet) {
  out.push_back('"');
  AppendBase64(out, AsBytes(bytes), alphabet);
  out.push_back('"');
}

// The integer a BIT default stands for: b'0101', 0x1F / x'1F', or a decimal number.
std::optional<uint64_t> ParseBits(std::string_view s) {
  s = Trim(s);
  const std::string u = Upper(s);
  uint64_t v = 0;
  auto digits = [&](std::string_view d, int base) -> bool {
    if (d.empty()) return false;
    const auto [end, ec] = std::from_chars(d.data(), d.data() + d.size(), v, base);
    return ec == std::errc() && end == d.data() + d.size();
  };
  if (u.size() >= 3 && u.starts_with("B'") && u.back() == '\'') {
    return digits(s.substr(2, s.size() - 3), 2) ? std::optional<uint64_t>(v) : std::nullopt;
  }
  if (u.size() >= 3 && u.starts_with("X'") && u.back() == '\'') {
    return digits(s.substr(2, s.size() - 3), 16) ? std::optional<uint64_t>(v) : std::nullopt;
  }
  if (u.starts_with("0X"))
    return digits(s.substr(2), 16) ? std::optional<uint64_t>(v) : std::nullopt;
  if (u.starts_with("0B"))
    return digits(s.substr(2), 2) ? std::optional<uint64_t>(v) : std::nullopt;
  if (u == "TRUE") return 1;
  if (u == "FALSE") return 0;
  return digits(s, 10) ? std::optional<uint64_t>(v) : std::nullopt;
}

std::string IsoTimestamp(int64_t secs, uint32_t micros, int fsp) {
  const int64_t days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
  const int64_t rem = secs - days * 86400;
  // Civil date of `days` (inverse of DaysFromCivil).
  int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
  std::string text = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", y, m, d, rem / 3600,
                                 rem / 60 % 60, rem % 60);
  if (fsp > 0) text += "." + fmt::format("{:06}", micros).substr(0, static_cast<size_t>(fsp));
  return text + "Z";
}

// The column default as the JSON value of its Connect schema, written as values.cc would
// write a cell holding it (BinlogDefaultValueConverter decides which defaults Debezium keeps).
std::optional<std::string> DefaultJson(const Column& c, const TypeSpec& spec,
                                       const ConnectSchemaOptions& o) {
  if (!c.has_default || c.default_null || spec.shape != Shape::kPlain) return std::nullopt;
  const std::string_view text = c.default_value;
  // Expression defaults (MySQL 8.0.13+ "(expr)") cannot be evaluated here; Debezium drops them.
  if (!text.empty() && text.front() == '(') return std::nullopt;
  std::string out;
  switch (c.type) {
    case DataType::kTinyInt:
    case DataType::kBool:
    case DataType::kSmallInt:
    case DataType::kMediumInt:
    case DataType::kInt:
    case DataType::kYear: {
      const auto v = ParseNumber<int64_t>(text);
      if (!v) return std::nullopt;
      AppendJsonInt(out, *v);
      return out;
    }
    case DataType::kBigInt: {
      if (c.is_unsigned) {
        const auto v = ParseNumber<uint64_t>(text);
        if (!v) return std::nullopt;
        if (o.values.bigint_unsigned == BigintUnsignedMode::kPrecise) {
          AppendBase64Text(out, DecimalUnscaledBytes(std::to_string(*v)),
                           Base64Alphabet::kStandard);
        } else {
          AppendJsonInt(out, static_cast<int64_t>(*v));
        }
        return out;
      }
      const auto v = ParseNumber<int64_t>(text);
      if (!v) return std::nullopt;
      AppendJsonInt(out, *v);
      return out;
    }
    case DataType::kDecimal: {
      const auto scaled = Rescale(text, c.scale.value_or(0));
      if (!scaled) return std::nullopt;
      switch (o.values.decimal) {
        case DecimalMode::kPrecise:
          AppendBase64Text(out, DecimalUnscaledBytes(*scaled), Base64Alphabet::kStandard);
          break;
        case DecimalMode::kString:
          AppendJsonString(out, *scaled);
          break;
        case DecimalMode::kDouble:
          AppendJsonDouble(out, std::strtod(scaled->c_str(), nullptr));
          break;
      }
      return out;
    }
    case DataType::kFloat:
    case DataType::kDouble: {
      const std::string t(Trim(text));
      char* end = nullptr;
      const double v = std::strtod(t.c_str(), &end);
      if (t.empty() || end != t.c_str() + t.size()) return std::nullopt;
      if (spec.type == "float32") {
        AppendJsonFloat(out, static_cast<float>(v));
      } else {
        AppendJsonDouble(out, v);
      }
      return out;
    }
    case DataType::kBit: {
      const auto v = ParseBits(text);
      if (!v) return std::nullopt;
      if (spec.type == "boolean") return std::string(*v != 0 ? "true" : "false");
      const size_t n = static_cast<size_t>((c.length.value_or(1) + 7) / 8);
      std::string le;
      for (size_t k = 0; k < n && k < 8; ++k)
        le.push_back(static_cast<char>((*v >> (8 * k)) & 0xFF));
      AppendBase64Text(out, le, Base64Alphabet::kStandard);
      return out;
    }
    case DataType::kDate: {
      const auto p = ParseDateTime(text);
      if (!p) return std::nullopt;
      if (p->year == 0 || p->month == 0 || p->day == 0) {
        if (c.nullable) return std::nullopt;
        return std::string("0");
      }
      AppendJsonInt(out, DaysFromCivil(p->year, p->month, p->day));
      return out;
    }
    case DataType::kDateTime: {
      int64_t micros = 0;
      if (!IsCurrentTimestamp(text)) {
        const auto p = ParseDateTime(text);
        if (!p) return std::nullopt;
        if (p->year == 0 || p->month == 0 || p->day == 0) {
          if (c.nullable) return std::nullopt;
        } else {
          micros = (DaysFromCivil(p->year, p->month, p->day) * 86400 + p->hour * 3600 +
                    p->minute * 60 + p->second) *
                       1'000'000 +
                   p->micros;
        }
      }
      const bool as_micros = spec.name == "io.debezium.time.MicroTimestamp";
      const int64_t ms = micros >= 0 ? micros / 1000 : -((-micros + 999) / 1000);
      AppendJsonInt(out, as_micros ? micros : ms);
      return out;
    }
    case DataType::kTimestamp: {
      int64_t secs = 0;
      uint32_t frac = 0;
      if (!IsCurrentTimestamp(text)) {
        const auto p = ParseDateTime(text);
        if (!p) return std::nullopt;
        if (p->year == 0 || p->month == 0 || p->day == 0) {
          if (c.nullable) return std::nullopt;
        } else {
          // The session time zone of the DDL is not known here: the text is taken as UTC.
          secs = DaysFromCivil(p->year, p->month, p->day) * 86400 + p->hour * 3600 +
                 p->minute * 60 + p->second;
          frac = p->micros;
        }
      }
      AppendJsonString(out, IsoTimestamp(secs, frac, Fsp(c)));
      return out;
    }
    case DataType::kTime: {
      const auto micros = ParseTime(text);
      if (!micros) return std::nullopt;
      AppendJsonInt(out, spec.type == "int32" ? *micros / 1000 : *micros);
      return out;
    }
    case DataType::kChar:
    case DataType::kVarChar:
    case DataType::kTinyText:
    case DataType::kText:
    case DataType::kMediumText:
    case DataType::kLongText:
    case DataType::kEnum:
    case DataType::kSet:
      AppendJsonString(out, text);
      return out;
    case DataType::kBinary:
    case DataType::kVarBinary:
    case DataType::kTinyBlob:
    case DataType::kBlob:
    case DataType::kMediumBlob:
    case DataType::kLongBlob: {
      std::string bytes(text);
      if (c.type == DataType::kBinary && c.length &&
          bytes.size() < static_cast<size_t>(*c.length)) {
        bytes.resize(static_cast<size_t>(*c.length), '\0');
      }
      switch (o.values.binary) {
        case BinaryMode::kBytes:
        case BinaryMode::kBase64:
          AppendBase64Text(out, bytes, Base64Alphabet::kStandard);
          break;
        case BinaryMode::kBase64UrlSafe:
          AppendBase64Text(out, bytes, Base64Alphabet::kUrlSafe);
          break;
        case BinaryMode::kHex:
          out.push_back('"');
          AppendHex(out, AsBytes(bytes));
          out.push_back('"');
          break;
      }
      return out;
    }
    default:
      return std::nullopt;
  }
}

void AppendPrimitive(std::string& out, std::string_view type, bool optional,
                     std::string_view field) {
  out.append("{\"type\":\"");
  out.append(type);
  out.append(optional ? "\",\"optional\":true" : "\",\"optional\":false");
  if (!field.empty()) {
    out.append(",\"field\":");
    AppendJsonString(out, field);
  }
  out.push_back('}');
}

// The closing part of a schema object: optional, name, version, doc, parameters, field.
void AppendTail(std::string& out, bool optional, std::string_view name, int version,
                std::string_view doc, std::string_view field) {
  out.append(optional ? ",\"optional\":true" : ",\"optional\":false");
  if (!name.empty()) {
    out.append(",\"name\":");
    AppendJsonString(out, name);
  }
  if (version > 0) {
    out.append(",\"version\":");
    AppendJsonInt(out, version);
  }
  if (!doc.empty()) {
    out.append(",\"doc\":");
    AppendJsonString(out, doc);
  }
  if (!field.empty()) {
    out.append(",\"field\":");
    AppendJsonString(out, field);
  }
  out.push_back('}');
}

void AppendColumnSchema(std::string& out, const Column& c, const ConnectSchemaOptions& o,
                        std::string_view field) {
  const TypeSpec spec = SpecOf(c, o.values);
  if (spec.shape == Shape::kPoint) {
    out.append("{\"type\":\"struct\",\"fields\":[");
    AppendPrimitive(out, "float64", false, "x");
    out.push_back(',');
    AppendPrimitive(out, "float64", false, "y");
    out.push_back(',');
    AppendPrimitive(out, "bytes", true, "wkb");
    out.push_back(',');
    AppendPrimitive(out, "int32", true, "srid");
    out.push_back(']');
    AppendTail(out, c.nullable, spec.name, spec.version, "Geometry (POINT)", field);
    return;
  }
  if (spec.shape == Shape::kGeometry) {
    out.append("{\"type\":\"struct\",\"fields\":[");
    AppendPrimitive(out, "bytes", false, "wkb");
    out.push_back(',');
    AppendPrimitive(out, "int32", true, "srid");
    out.append(
        ",{\"type\":\"map\",\"keys\":{\"type\":\"string\",\"optional\":false},\"values\":{"
        "\"type\":\"string\",\"optional\":false},\"optional\":true,\"field\":\"extensions\"}]");
    // Geometry.builder() is optional() whatever the column says.
    AppendTail(out, true, spec.name, spec.version, "Geometry", field);
    return;
  }
  out.append("{\"type\":\"");
  out.append(spec.type);
  out.append(c.nullable ? "\",\"optional\":true" : "\",\"optional\":false");
  if (!spec.name.empty()) {
    out.append(",\"name\":");
    AppendJsonString(out, spec.name);
  }
  if (spec.version > 0) {
    out.append(",\"version\":");
    AppendJsonInt(out, spec.version);
  }
  if (!spec.params.empty()) {
    out.append(",\"parameters\":{");
    for (size_t i = 0; i < spec.params.size(); ++i) {
      if (i > 0) out.push_back(',');
      AppendJsonString(out, spec.params[i].first);
      out.push_back(':');
      AppendJsonString(out, spec.params[i].second);
    }
    out.push_back('}');
  }
  if (const auto def = DefaultJson(c, spec, o)) {
    out.append(",\"default\":");
    out.append(*def);
  }
  if (!field.empty()) {
    out.append(",\"field\":");
    AppendJsonString(out, field);
  }
  out.push_back('}');
}

std::string TableSchemaName(const schema::Table& t, const ConnectSchemaOptions& o,
                            std::string_view suffix) {
  return fmt::format("{}.{}.{}.{}", o.topic_prefix, t.db, t.name, suffix);
}

void AppendValueStruct(std::string& out, const schema::Table& t, const std::vector<bool>& included,
                       const ConnectSchemaOptions& o, std::string_view field) {
  out.append("{\"type\":\"struct\",\"fields\":[");
  bool first = true;
  for (size_t i = 0; i < t.columns.size(); ++i) {
    if (i < included.size() && !included[i]) continue;
    if (!first) out.push_back(',');
    first = false;
    AppendFieldSchema(out, t.columns[i], o);
  }
  out.push_back(']');
  AppendTail(out, true, TableSchemaName(t, o, "Value"), 0, {}, field);
}

}  // namespace

void AppendFieldSchema(std::string& out, const Column& c, const ConnectSchemaOptions& o) {
  AppendColumnSchema(out, c, o, c.name);
}

std::string KeySchemaJson(const schema::Table& t, const std::vector<int>& key_columns,
                          const ConnectSchemaOptions& o) {
  std::string out = "{\"type\":\"struct\",\"fields\":[";
  bool first = true;
  for (int index : key_columns) {
    if (index < 0 || static_cast<size_t>(index) >= t.columns.size()) continue;
    if (!first) out.push_back(',');
    first = false;
    AppendFieldSchema(out, t.columns[static_cast<size_t>(index)], o);
  }
  out.push_back(']');
  AppendTail(out, false, TableSchemaName(t, o, "Key"), 0, {}, {});
  return out;
}

void AppendSourceFieldSchema(std::string& out, const ConnectSchemaOptions& o) {
  out.append("{\"type\":\"struct\",\"fields\":[");
  AppendPrimitive(out, "string", false, "version");
  out.push_back(',');
  AppendPrimitive(out, "string", false, "connector");
  out.push_back(',');
  AppendPrimitive(out, "string", false, "name");
  out.push_back(',');
  AppendPrimitive(out, "int64", false, "ts_ms");
  // SnapshotRecord values, lower case (SchemaFactory.snapshotRecordSchema).
  out.append(
      ",{\"type\":\"string\",\"optional\":true,\"name\":\"io.debezium.data.Enum\",\"version\":1,"
      "\"parameters\":{\"allowed\":\"true,first,first_in_data_collection,last_in_data_"
      "collection,last,false,incremental\"},\"default\":\"false\",\"field\":\"snapshot\"},");
  AppendPrimitive(out, "string", false, "db");
  out.push_back(',');
  AppendPrimitive(out, "string", true, "sequence");
  out.push_back(',');
  AppendPrimitive(out, "int64", true, "ts_us");
  out.push_back(',');
  AppendPrimitive(out, "int64", true, "ts_ns");
  out.push_back(',');
  AppendPrimitive(out, "string", true, "table");
  out.push_back(',');
  AppendPrimitive(out, "int64", false, "server_id");
  out.push_back(',');
  AppendPrimitive(out, "string", true, "gtid");
  out.push_back(',');
  AppendPrimitive(out, "string", false, "file");
  out.push_back(',');
  AppendPrimitive(out, "int64", false, "pos");
  out.push_back(',');
  AppendPrimitive(out, "int32", false, "row");
  out.push_back(',');
  AppendPrimitive(out, "int64", true, "thread");
  out.push_back(',');
  AppendPrimitive(out, "string", true, "query");
  out.push_back(']');
  AppendTail(out, false, fmt::format("io.debezium.connector.{}.Source", o.connector), 1, {},
             "source");
}

std::string ValueSchemaJson(const schema::Table& t, const std::vector<bool>& included,
                            const ConnectSchemaOptions& o) {
  std::string out = "{\"type\":\"struct\",\"fields\":[";
  AppendValueStruct(out, t, included, o, "before");
  out.push_back(',');
  AppendValueStruct(out, t, included, o, "after");
  out.push_back(',');
  AppendSourceFieldSchema(out, o);
  out.append(",{\"type\":\"struct\",\"fields\":[");
  AppendPrimitive(out, "string", false, "id");
  out.push_back(',');
  AppendPrimitive(out, "int64", false, "total_order");
  out.push_back(',');
  AppendPrimitive(out, "int64", false, "data_collection_order");
  out.push_back(']');
  AppendTail(out, true, "event.block", 1, {}, "transaction");
  out.push_back(',');
  AppendPrimitive(out, "string", false, "op");
  out.push_back(',');
  AppendPrimitive(out, "int64", true, "ts_ms");
  out.push_back(',');
  AppendPrimitive(out, "int64", true, "ts_us");
  out.push_back(',');
  AppendPrimitive(out, "int64", true, "ts_ns");
  out.push_back(']');
  // Envelope version 2 since ts_us/ts_ns (Debezium 2.6+).
  AppendTail(out, false, TableSchemaName(t, o, "Envelope"), 2, {}, {});
  return out;
}

}  // namespace rowcast::format
