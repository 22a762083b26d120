#include "binlog/json_binary.h"

#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <iterator>

#include <fmt/format.h>

#include "binlog/cell.h"
#include "binlog/column_type.h"

namespace rowcast::binlog {
namespace {

constexpr char kHexLower[] = "0123456789abcdef";
constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

bool IsKnownType(uint8_t t) {
  return t <= static_cast<uint8_t>(JsonbType::kString) ||
         t == static_cast<uint8_t>(JsonbType::kOpaque);
}

// Data length of strings and opaque values: 1..5 bytes of 7 bits, least significant first, the
// high bit set on every byte but the last; the value must fit in 32 bits.
StatusOr<uint32_t> ReadVarLength(ByteReader& r) {
  uint64_t length = 0;
  for (int i = 0; i < 5; ++i) {
    ROWCAST_ASSIGN_OR_RETURN(uint8_t b, r.ReadU8());
    length |= static_cast<uint64_t>(b & 0x7F) << (7 * i);
    if ((b & 0x80) == 0) {
      if (length > UINT32_MAX) break;
      return static_cast<uint32_t>(length);
    }
  }
  return std::unexpected(DataLossError("JSON string length does not fit in 32 bits"));
}

// MySQL's base64_encode: standard alphabet with padding and a newline after every 76
// characters (the newline is escaped as \n once the text is quoted).
void AppendMysqlBase64(std::string& out, Bytes data) {
  size_t line = 0;
  for (size_t i = 0; i < data.size(); i += 3) {
    if (line == 76) {
      out.push_back('\n');
      line = 0;
    }
    const size_t n = std::min<size_t>(3, data.size() - i);
    uint32_t v = static_cast<uint32_t>(data[i]) << 16;
    if (n > 1) v |= static_cast<uint32_t>(data[i + 1]) << 8;
    if (n > 2) v |= static_cast<uint32_t>(data[i + 2]);
    out.push_back(kBase64[(v >> 18) & 0x3F]);
    out.push_back(kBase64[(v >> 12) & 0x3F]);
    out.push_back(n > 1 ? kBase64[(v >> 6) & 0x3F] : '=');
    out.push_back(n > 2 ? kBase64[v & 0x3F] : '=');
    line += 4;
  }
}

// Opaque DATE/DATETIME/TIMESTAMP/TIME: an int64 in MySQL's in-memory packed format
// (TIME_to_longlong_packed): |value| = (ymd << 17 | hms) << 24 | microseconds for dates,
// (h << 12 | m << 6 | s) << 24 | microseconds for TIME; negative for negative TIMEs. MySQL
// prints them with my_TIME_to_str(t, 6): DATE "2015-01-15", DATETIME and TIMESTAMP
// "2015-01-15 23:24:25.000000", TIME "-838:59:59.000000" (always six fractional digits).
Status AppendTemporalText(std::string& out, ColumnType field_type, Bytes data) {
  if (data.size() != 8) {
    return DataLossError(fmt::format("JSON opaque temporal of type {} has {} bytes, not 8",
                                     static_cast<int>(field_type), data.size()));
  }
  ByteReader r(data);
  ROWCAST_ASSIGN_OR_RETURN_STATUS(uint64_t raw, r.ReadU64Le());
  const bool negative = (raw >> 63) != 0;
  const uint64_t packed = negative ? ~raw + 1 : raw;  // two's complement magnitude
  const uint64_t micros = packed & 0xFFFFFF;
  const uint64_t whole = packed >> 24;
  out.push_back('"');
  if (field_type == ColumnType::kTime) {
    if (negative) out.push_back('-');
    fmt::format_to(std::back_inserter(out), "{:02}:{:02}:{:02}.{:06}", (whole >> 12) % 1024,
                   (whole >> 6) % 64, whole % 64, micros);
  } else {
    const uint64_t ymd = whole >> 17;
    const uint64_t ym = ymd >> 5;
    const uint64_t hms = whole % (uint64_t{1} << 17);
    fmt::format_to(std::back_inserter(out), "{:04}-{:02}-{:02}", ym / 13, ym % 13, ymd % 32);
    if (field_type != ColumnType::kDate) {
      fmt::format_to(std::back_inserter(out), " {:02}:{:02}:{:02}.{:06}", hms >> 12,
                     (hms >> 6) % 64, hms % 64, micros);
    }
  }
  out.push_back('"');
  return OkStatus();
}

// Opaque values carry a MySQL field type and raw bytes (sql-common/json_dom.cc,
// wrapper_to_string): NEWDECIMAL is printed as a bare number with its scale ("9.00"),
// temporals as quoted text, VAR_STRING as a plain string, anything else (VARCHAR, BLOB, BIT,
// YEAR, GEOMETRY...) as the string "base64:type<N>:<base64>".
Status AppendOpaqueText(std::string& out, uint8_t field_type, Bytes data) {
  switch (static_cast<ColumnType>(field_type)) {
    case ColumnType::kNewDecimal: {
      if (data.size() < 2) return DataLossError("JSON opaque DECIMAL without precision and scale");
      const int precision = static_cast<int>(data[0]);
      const int scale = static_cast<int>(data[1]);
      Status s = AppendDecimalText(out, data.subspan(2), precision, scale);
      return s.ok() ? s : s.WithContext("JSON opaque DECIMAL");
    }
    case ColumnType::kDate:
    case ColumnType::kDateTime:
    case ColumnType::kTimestamp:
    case ColumnType::kTime:
      return AppendTemporalText(out, static_cast<ColumnType>(field_type), data);
    case ColumnType::kVarString:
      AppendMysqlJsonString(out, AsStringView(data));
      return OkStatus();
    default: {
      std::string text = fmt::format("base64:type{}:", field_type);
      AppendMysqlBase64(text, data);
      AppendMysqlJsonString(out, text);
      return OkStatus();
    }
  }
}

struct Renderer {
  std::string& out;
  size_t limit;  // out.size() may not grow beyond this

  Status Render(const JsonbValue& v, int depth) {
    if (!v.is_container()) {
      ROWCAST_RETURN_STATUS_IF_ERROR(v.AppendScalarText(out));
      return CheckLimit();
    }
    if (depth >= kJsonMaxDepth) {
      return DataLossError(fmt::format("JSON document nested deeper than {}", kJsonMaxDepth));
    }
    const bool object = v.is_object();
    out.push_back(object ? '{' : '[');
    for (uint32_t i = 0; i < v.count(); ++i) {
      if (i > 0) out.append(", ");
      if (object) {
        ROWCAST_ASSIGN_OR_RETURN_STATUS(std::string_view key, v.Key(i));
        AppendMysqlJsonString(out, key);
        out.append(": ");
      }
      ROWCAST_ASSIGN_OR_RETURN_STATUS(JsonbValue child, v.Element(i));
      ROWCAST_RETURN_STATUS_IF_ERROR(Render(child, depth + 1));
    }
    out.push_back(object ? '}' : ']');
    return CheckLimit();
  }

  Status CheckLimit() const {
    if (out.size() <= limit) return OkStatus();
    return DataLossError("JSON document expands beyond any document MySQL writes (shared offsets)");
  }
};

}  // namespace

StatusOr<JsonbValue> JsonbValue::ParseDocument(Bytes doc) {
  ByteReader r(doc);
  ROWCAST_ASSIGN_OR_RETURN(uint8_t type, r.ReadU8());
  if (!IsKnownType(type)) {
    return std::unexpected(DataLossError(fmt::format("unknown JSON value type 0x{:02x}", type)));
  }
  const auto t = static_cast<JsonbType>(type);
  if (t <= JsonbType::kLargeArray) return Container(t, r.rest());
  return JsonbValue(t, r.rest());
}

StatusOr<JsonbValue> JsonbValue::Container(JsonbType type, Bytes from) {
  JsonbValue v(type, from);
  const size_t w = v.offset_size();
  ByteReader r(from);
  ROWCAST_ASSIGN_OR_RETURN(uint64_t count, r.ReadUintLe(w));
  ROWCAST_ASSIGN_OR_RETURN(uint64_t size, r.ReadUintLe(w));
  if (size > from.size()) {
    return std::unexpected(DataLossError(
        fmt::format("JSON container of {} bytes but only {} left", size, from.size())));
  }
  // Header: count, size, key entries (objects), value entries. Every count fits in the header,
  // so this also caps the count by the size.
  const uint64_t entry = (v.is_object() ? w + 2 : 0) + 1 + w;
  if (size < 2 * w || count > (size - 2 * w) / entry) {
    return std::unexpected(DataLossError(fmt::format(
        "JSON container of {} bytes cannot hold the headers of {} entries", size, count)));
  }
  v.data_ = from.first(static_cast<size_t>(size));
  v.count_ = static_cast<uint32_t>(count);
  return v;
}

StatusOr<std::string_view> JsonbValue::Key(uint32_t i) const {
  if (!is_object() || i >= count_) {
    return std::unexpected(
        InternalError(fmt::format("JSON key {} of a non-object or out of range", i)));
  }
  const size_t w = offset_size();
  ByteReader r(data_);
  ROWCAST_RETURN_IF_ERROR(r.Skip(2 * w + static_cast<size_t>(i) * (w + 2)));
  ROWCAST_ASSIGN_OR_RETURN(uint64_t offset, r.ReadUintLe(w));
  ROWCAST_ASSIGN_OR_RETURN(uint16_t length, r.ReadU16Le());
  if (offset > data_.size() || length > data_.size() - offset) {
    return std::unexpected(
        DataLossError(fmt::format("JSON key {} at offset {} length {} outside its {}-byte object",
                                  i, offset, length, data_.size())));
  }
  return AsStringView(data_.subspan(static_cast<size_t>(offset), length));
}

StatusOr<JsonbValue> JsonbValue::Element(uint32_t i) const {
  if (!is_container() || i >= count_) {
    return std::unexpected(
        InternalError(fmt::format("JSON element {} of a non-container or out of range", i)));
  }
  const size_t w = offset_size();
  const size_t keys = is_object() ? static_cast<size_t>(count_) * (w + 2) : 0;
  ByteReader r(data_);
  ROWCAST_RETURN_IF_ERROR(r.Skip(2 * w + keys + static_cast<size_t>(i) * (1 + w)));
  ROWCAST_ASSIGN_OR_RETURN(uint8_t type, r.ReadU8());
  ROWCAST_ASSIGN_OR_RETURN(uint64_t field, r.ReadUintLe(w));
  if (!IsKnownType(type)) {
    return std::unexpected(
        DataLossError(fmt::format("JSON element {} has unknown type 0x{:02x}", i, type)));
  }
  const auto t = static_cast<JsonbType>(type);
  bool inlined = false;
  switch (t) {
    case JsonbType::kLiteral:
    case JsonbType::kInt16:
    case JsonbType::kUint16:
      inlined = true;
      break;
    case JsonbType::kInt32:
    case JsonbType::kUint32:
      inlined = large();  // small containers store them at an offset
      break;
    default:
      break;
  }
  if (inlined) {
    JsonbValue v(t, Bytes());
    v.inlined_ = true;
    v.inline_value_ = static_cast<uint32_t>(field);
    return v;
  }
  if (field >= data_.size()) {
    return std::unexpected(DataLossError(fmt::format(
        "JSON element {} at offset {} outside its {}-byte container", i, field, data_.size())));
  }
  Bytes at = data_.subspan(static_cast<size_t>(field));
  if (t <= JsonbType::kLargeArray) return Container(t, at);
  return JsonbValue(t, at);
}

StatusOr<uint64_t> JsonbValue::FixedBits(size_t width) const {
  if (inlined_) {
    // The entry's offset field holds the value in its low bytes (width <= 4).
    return width >= 4 ? inline_value_ : inline_value_ & ((uint32_t{1} << (8 * width)) - 1);
  }
  ByteReader r(data_);
  return r.ReadUintLe(width);
}

Status JsonbValue::AppendScalarText(std::string& out) const {
  ByteReader r(data_);
  switch (type_) {
    case JsonbType::kSmallObject:
    case JsonbType::kLargeObject:
    case JsonbType::kSmallArray:
    case JsonbType::kLargeArray:
      return InternalError("AppendScalarText called on a JSON container");
    case JsonbType::kLiteral: {
      ROWCAST_ASSIGN_OR_RETURN_STATUS(uint64_t literal, FixedBits(1));
      switch (literal) {
        case 0:
          out.append("null");
          return OkStatus();
        case 1:
          out.append("true");
          return OkStatus();
        case 2:
          out.append("false");
          return OkStatus();
        default:
          return DataLossError(fmt::format("unknown JSON literal 0x{:02x}", literal));
      }
    }
    case JsonbType::kInt16: {
      ROWCAST_ASSIGN_OR_RETURN_STATUS(uint64_t v, FixedBits(2));
      fmt::format_to(std::back_inserter(out), "{}", static_cast<int16_t>(v));
      return OkStatus();
    }
    case JsonbType::kUint16: {
      ROWCAST_ASSIGN_OR_RETURN_STATUS(uint64_t v, FixedBits(2));
      fmt::format_to(std::back_inserter(out), "{}", v);
      return OkStatus();
    }
    case JsonbType::kInt32: {
      ROWCAST_ASSIGN_OR_RETURN_STATUS(uint64_t v, FixedBits(4));
      fmt::format_to(std::back_inserter(out), "{}", static_cast<int32_t>(v));
      return OkStatus();
    }
    case JsonbType::kUint32: {
      ROWCAST_ASSIGN_OR_RETURN_STATUS(uint64_t v, FixedBits(4));
      fmt::format_to(std::back_inserter(out), "{}", v);
      return OkStatus();
    }
    case JsonbType::kInt64: {
      ROWCAST_ASSIGN_OR_RETURN_STATUS(uint64_t v, FixedBits(8));
      fmt::format_to(std::back_inserter(out), "{}", static_cast<int64_t>(v));
      return OkStatus();
    }
    case JsonbType::kUint64: {
      ROWCAST_ASSIGN_OR_RETURN_STATUS(uint64_t v, FixedBits(8));
      fmt::format_to(std::back_inserter(out), "{}", v);
      return OkStatus();
    }
    case JsonbType::kDouble: {
      ROWCAST_ASSIGN_OR_RETURN_STATUS(uint64_t bits, FixedBits(8));
      Status s = AppendMysqlJsonDouble(out, std::bit_cast<double>(bits));
      if (!s.ok()) return DataLossError("JSON double: " + s.message());
      return OkStatus();
    }
    case JsonbType::kString: {
      ROWCAST_ASSIGN_OR_RETURN_STATUS(uint32_t length, ReadVarLength(r));
      ROWCAST_ASSIGN_OR_RETURN_STATUS(std::string_view text, r.ReadString(length));
      AppendMysqlJsonString(out, text);
      return OkStatus();
    }
    case JsonbType::kOpaque: {
      ROWCAST_ASSIGN_OR_RETURN_STATUS(uint8_t field_type, r.ReadU8());
      ROWCAST_ASSIGN_OR_RETURN_STATUS(uint32_t length, ReadVarLength(r));
      ROWCAST_ASSIGN_OR_RETURN_STATUS(Bytes data, r.ReadBytes(length));
      return AppendOpaqueText(out, field_type, data);
    }
  }
  return InternalError("unknown JSON value type");
}

Status AppendJsonBinaryAsText(std::string& out, Bytes data) {
  if (data.empty()) {
    out.append("null");
    return OkStatus();
  }
  ROWCAST_ASSIGN_OR_RETURN_STATUS(JsonbValue root, JsonbValue::ParseDocument(data));
  Renderer renderer{out, out.size() + JsonTextLimit(data.size())};
  return renderer.Render(root, 0);
}

void AppendMysqlJsonString(std::string& out, std::string_view s) {
  out.push_back('"');
  size_t run = 0;  // start of the bytes not yet copied
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c > 0x1F && c != '"' && c != '\\') continue;
    out.append(s.substr(run, i - run));
    run = i + 1;
    out.push_back('\\');
    switch (c) {
      case '"':
      case '\\':
        out.push_back(static_cast<char>(c));
        break;
      case '\b':
        out.push_back('b');
        break;
      case '\t':
        out.push_back('t');
        break;
      case '\n':
        out.push_back('n');
        break;
      case '\f':
        out.push_back('f');
        break;
      case '\r':
        out.push_back('r');
        break;
      default:
        out.append("u00");
        out.push_back(kHexLower[c >> 4]);
        out.push_back(kHexLower[c & 0xF]);
        break;
    }
  }
  out.append(s.substr(run));
  out.push_back('"');
}

Status AppendMysqlJsonDouble(std::string& out, double d) {
  if (!std::isfinite(d)) return InvalidArgumentError("NaN or infinity is not a JSON number");
  // The shortest round-trip digits (what MySQL's dtoa mode 4 returns for a 34-character field),
  // then my_gcvt's choice between fixed and exponent notation.
  std::array<char, 40> buf{};
  const auto [end, ec] =
      std::to_chars(buf.data(), buf.data() + buf.size(), d, std::chars_format::scientific);
  if (ec != std::errc()) return InternalError("to_chars failed on a double");
  std::string_view sci(buf.data(), static_cast<size_t>(end - buf.data()));
  if (!sci.empty() && sci.front() == '-') {
    out.push_back('-');
    sci.remove_prefix(1);
  }
  const size_t e_pos = sci.find('e');
  if (e_pos == std::string_view::npos) return InternalError("to_chars wrote no exponent");
  std::string digits;
  for (char c : sci.substr(0, e_pos)) {
    if (c != '.') digits.push_back(c);
  }
  int exponent = 0;
  const std::string_view exp_text = sci.substr(e_pos + 1);
  const char* exp_begin = exp_text.data() + (exp_text.starts_with('+') ? 1 : 0);
  std::from_chars(exp_begin, exp_text.data() + exp_text.size(), exponent);
  const int len = static_cast<int>(digits.size());
  const int decpt = exponent + 1;  // digits before the decimal point (dtoa's decpt)
  // MAX_DECPT_FOR_F_FORMAT (15): beyond it, and below 1e-15, MySQL switches to exponents.
  const bool fixed = decpt >= -14 && (decpt <= 15 || len > decpt);
  if (!fixed) {
    out.push_back(digits[0]);
    if (len > 1) {
      out.push_back('.');
      out.append(digits, 1);
    }
    fmt::format_to(std::back_inserter(out), "e{}", exponent);
    return OkStatus();
  }
  if (decpt <= 0) {
    out.append("0.");
    out.append(static_cast<size_t>(-decpt), '0');
    out.append(digits);
  } else if (decpt < len) {
    out.append(digits, 0, static_cast<size_t>(decpt));
    out.push_back('.');
    out.append(digits, static_cast<size_t>(decpt));
  } else {
    out.append(digits);
    out.append(static_cast<size_t>(decpt - len), '0');
    out.append(".0");  // MySQL keeps integral doubles distinguishable from integers
  }
  return OkStatus();
}

}  // namespace rowcast::binlog
