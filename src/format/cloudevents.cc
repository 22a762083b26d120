#include "format/cloudevents.h"

#include <openssl/sha.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <limits>
#include <map>
#include <span>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/json_writer.h"

namespace rowcast::format {
namespace {

using json = nlohmann::json;

constexpr std::string_view kSpecVersion = "1.0";
constexpr std::string_view kJsonContentType = "application/json";

// The context attributes of CloudEvents 1.0, in the order CloudEvent::attributes keeps them.
constexpr std::array<std::string_view, 8> kContextAttributes = {
    "specversion", "id", "source", "type", "time", "subject", "datacontenttype", "dataschema"};

int ContextRank(std::string_view name) {
  for (size_t i = 0; i < kContextAttributes.size(); ++i) {
    if (kContextAttributes[i] == name) return static_cast<int>(i);
  }
  return -1;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string ToLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = Lower(c);
  return out;
}

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (Lower(s[i]) != Lower(prefix[i])) return false;
  }
  return true;
}

// Media types whose data the JSON format carries as a JSON value (json-format.md §3.1.1).
bool IsJsonMediaType(std::string_view content_type) {
  std::string mt = ToLower(Trim(content_type.substr(0, content_type.find(';'))));
  if (mt.empty()) return true;  // absent: application/json is implied
  const std::string_view v = mt;
  return v.ends_with("/json") || v.ends_with("+json");
}

// Skips one JSON value of `s` at `i` (which must be valid JSON: callers parse it first).
void SkipJsonValue(std::string_view s, size_t& i) {
  int depth = 0;
  do {
    while (i < s.size() && IsSpace(s[i])) ++i;
    if (i >= s.size()) return;
    const char c = s[i];
    if (c == '"') {
      for (++i; i < s.size() && s[i] != '"'; ++i) {
        if (s[i] == '\\') ++i;
      }
      ++i;
    } else if (c == '{' || c == '[') {
      ++depth;
      ++i;
    } else if (c == '}' || c == ']') {
      --depth;
      ++i;
    } else if (c == ',' || c == ':') {
      ++i;
    } else {
      while (i < s.size() && !IsSpace(s[i]) && s[i] != ',' && s[i] != '}' && s[i] != ']') ++i;
    }
  } while (depth > 0);
}

// The raw text of the top-level member `name` of the JSON object `s` (valid JSON), or nullopt.
// Member names are compared after unescaping.
std::optional<std::string_view> RawMember(std::string_view s, std::string_view name) {
  size_t i = 0;
  while (i < s.size() && IsSpace(s[i])) ++i;
  if (i >= s.size() || s[i] != '{') return std::nullopt;
  ++i;
  while (i < s.size()) {
    while (i < s.size() && (IsSpace(s[i]) || s[i] == ',')) ++i;
    if (i >= s.size() || s[i] != '"') return std::nullopt;
    const size_t key_start = i;
    SkipJsonValue(s, i);
    const std::string_view raw_key = s.substr(key_start, i - key_start);
    while (i < s.size() && (IsSpace(s[i]) || s[i] == ':')) ++i;
    const size_t value_start = i;
    SkipJsonValue(s, i);
    bool match = raw_key.size() == name.size() + 2 && raw_key.substr(1, name.size()) == name;
    if (!match && raw_key.find('\\') != std::string_view::npos) {
      const json key = json::parse(raw_key, nullptr, false);
      match = key.is_string() && key.get_ref<const std::string&>() == name;
    }
    if (match) return s.substr(value_start, i - value_start);
  }
  return std::nullopt;
}

bool IsConnectWrapper(const json& j) {
  return j.is_object() && j.size() == 2 && j.contains("schema") && j.contains("payload");
}

std::string AsText(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  return v.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::optional<int64_t> AsInt64(const json& v) {
  if (v.is_number_integer()) {
    if (v.is_number_unsigned()) {
      const uint64_t u = v.get<uint64_t>();
      if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return std::nullopt;
      return static_cast<int64_t>(u);
    }
    return v.get<int64_t>();
  }
  return std::nullopt;
}

const json* Member(const json& object, std::string_view name) {
  if (!object.is_object()) return nullptr;
  const auto it = object.find(name);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

std::string Hex16OfSha256(std::string_view text) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest.data());
  std::string hex;
  AppendHex(hex, std::as_bytes(std::span(digest.data(), 8)));
  return hex;
}

// Orders attributes and extensions as CloudEvent documents.
void Finish(CloudEvent& e) {
  std::stable_sort(e.attributes.begin(), e.attributes.end(),
                   [](const CloudEventAttribute& a, const CloudEventAttribute& b) {
                     return ContextRank(a.name) < ContextRank(b.name);
                   });
  std::stable_sort(
      e.extensions.begin(), e.extensions.end(),
      [](const CloudEventAttribute& a, const CloudEventAttribute& b) { return a.name < b.name; });
}

}  // namespace

bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    int n = 0;
    uint32_t cp = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 1;
      cp = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 2;
      cp = c & 0x0Fu;
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 3;
      cp = c & 0x07u;
    } else {
      return false;
    }
    if (i + static_cast<size_t>(n) >= s.size()) return false;
    for (int k = 1; k <= n; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + static_cast<size_t>(k)]);
      if ((cc & 0xC0u) != 0x80u) return false;
      cp = (cp << 6) | (cc & 0x3Fu);
    }
    if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += static_cast<size_t>(n) + 1;
  }
  return true;
}

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool IsValidExtensionName(std::string_view name) {
  if (name.empty()) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  });
}

StatusOr<std::string> DecodeBase64(std::string_view s) {
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (const char c : s) {
    if (c == '=') break;
    int v = -1;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    if (c >= '0' && c <= '9') v = c - '0' + 52;
    if (c == '+') v = 62;
    if (c == '/') v = 63;
    if (v < 0) return std::unexpected(InvalidArgumentError("data_base64 is not valid Base64"));
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFFu));
    }
  }
  return out;
}

// Checks what every CloudEvent must have (spec.md §"Required Attributes") and orders it.
StatusOr<CloudEvent> Validate(CloudEvent e, std::string_view mode) {
  const CloudEventAttribute* sv = e.Find("specversion");
  if (sv == nullptr) {
    return std::unexpected(InvalidArgumentError(
        fmt::format("{}: the required attribute specversion is missing", mode)));
  }
  if (sv->value != kSpecVersion) {
    return std::unexpected(InvalidArgumentError(
        fmt::format("{}: specversion \"{}\" is not supported (only 1.0)", mode, sv->value)));
  }
  for (const std::string_view name : {"id", "source", "type"}) {
    if (e.Get(name).empty()) {
      return std::unexpected(InvalidArgumentError(
          fmt::format("{}: the required attribute {} is missing or empty", mode, name)));
    }
  }
  if (const auto* t = e.Find("time"); t != nullptr) {
    auto canonical = CanonicalCloudEventTime(t->value);
    if (!canonical.has_value()) {
      return std::unexpected(canonical.error().WithContext(fmt::format("{}: time", mode)));
    }
  }
  for (const auto& ext : e.extensions) {
    if (!IsValidExtensionName(ext.name)) {
      return std::unexpected(InvalidArgumentError(fmt::format(
          "{}: extension name \"{}\" is not made of ASCII letters and digits", mode, ext.name)));
    }
  }
  Finish(e);
  return e;
}

void SetAttribute(CloudEvent& e, std::string name, std::string value,
                  CloudEventValueType type = CloudEventValueType::kString) {
  auto& list = ContextRank(name) >= 0 ? e.attributes : e.extensions;
  for (auto& a : list) {
    if (a.name == name) {
      a.value = std::move(value);
      a.type = type;
      return;
    }
  }
  list.push_back({std::move(name), std::move(value), type});
}

}  // namespace

const CloudEventAttribute* CloudEvent::Find(std::string_view name) const {
  for (const auto* list : {&attributes, &extensions}) {
    for (const auto& a : *list) {
      if (a.name == name) return &a;
    }
  }
  return nullptr;
}

void CloudEvent::Set(std::string name, std::string value, CloudEventValueType type) {
  SetAttribute(*this, std::move(name), std::move(value), type);
  Finish(*this);
}

std::string_view CloudEvent::Get(std::string_view name) const {
  const CloudEventAttribute* a = Find(name);
  return a == nullptr ? std::string_view() : std::string_view(a->value);
}

std::string FormatCloudEventTime(int64_t ts_ms) {
  using namespace std::chrono;
  const sys_time<milliseconds> t{milliseconds(ts_ms)};
  const sys_days day = floor<days>(t);
  const year_month_day ymd{day};
  const hh_mm_ss hms{t - day};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                     hms.hours().count(), hms.minutes().count(), hms.seconds().count(),
                     hms.subseconds().count());
}

StatusOr<std::string> CanonicalCloudEventTime(std::string_view s) {
  using namespace std::chrono;
  auto bad = [&] {
    return std::unexpected(
        InvalidArgumentError(fmt::format("\"{}\" is not an RFC 3339 timestamp", s)));
  };
  size_t i = 0;
  auto digits = [&](size_t n, int& v) {
    if (i + n > s.size()) return false;
    v = 0;
    for (size_t k = 0; k < n; ++k) {
      const char c = s[i + k];
      if (c < '0' || c > '9') return false;
      v = v * 10 + (c - '0');
    }
    i += n;
    return true;
  };
  auto expect = [&](std::string_view chars) {
    if (i < s.size() && chars.find(s[i]) != std::string_view::npos) {
      ++i;
      return true;
    }
    return false;
  };
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (!digits(4, y) || !expect("-") || !digits(2, mo) || !expect("-") || !digits(2, d) ||
      !expect("Tt") || !digits(2, h) || !expect(":") || !digits(2, mi) || !expect(":") ||
      !digits(2, sec)) {
    return bad();
  }
  int64_t nanos = 0;
  if (expect(".")) {
    int n = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
      if (n < 9) nanos = nanos * 10 + (s[i] - '0');
      ++n;
      ++i;
    }
    if (n == 0) return bad();
    for (int k = n; k < 9; ++k) nanos *= 10;
  }
  int offset_minutes = 0;
  if (!expect("Zz")) {
    if (i >= s.size() || (s[i] != '+' && s[i] != '-')) return bad();
    const int sign = s[i] == '-' ? -1 : 1;
    ++i;
    int oh = 0, om = 0;
    if (!digits(2, oh) || !expect(":") || !digits(2, om) || oh > 23 || om > 59) return bad();
    offset_minutes = sign * (oh * 60 + om);
  }
  const year_month_day ymd{year(y), month(static_cast<unsigned>(mo)),
                           day(static_cast<unsigned>(d))};
  if (i != s.size() || !ymd.ok() || h > 23 || mi > 59 || sec > 59) return bad();
  const sys_seconds local = sys_days(ymd) + hours(h) + minutes(mi) + seconds(sec);
  const sys_seconds utc = local - minutes(offset_minutes);
  const sys_days day_utc = floor<days>(utc);
  const year_month_day u{day_utc};
  const hh_mm_ss hms{utc - day_utc};
  const int uy = static_cast<int>(u.year());
  if (uy < 0 || uy > 9999) return bad();
  std::string out = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", uy,
                                static_cast<unsigned>(u.month()), static_cast<unsigned>(u.day()),
                                hms.hours().count(), hms.minutes().count(), hms.seconds().count());
  if (nanos != 0) {
    std::string frac = fmt::format("{:09}", nanos);
    while (frac.back() == '0') frac.pop_back();
    out += '.';
    out += frac;
  }
  out += 'Z';
  return out;
}

StatusOr<std::optional<CloudEvent>> MapChangeToCloudEvent(
    const CloudEventOptions& options, std::string_view key_json,
    std::optional<std::string_view> value_json, uint64_t keyless_seq) {
  if (!value_json.has_value() || Trim(*value_json).empty() || Trim(*value_json) == "null") {
    return std::nullopt;  // a tombstone
  }
  const std::string_view value_text = Trim(*value_json);
  const json value = json::parse(value_text, nullptr, false);
  if (value.is_discarded()) {
    return std::unexpected(InvalidArgumentError("the record value is not valid JSON"));
  }
  const json* payload = &value;
  std::string_view payload_text = value_text;
  if (IsConnectWrapper(value)) {
    payload = &value["payload"];
    payload_text = RawMember(value_text, "payload").value_or(std::string_view());
  }
  // Only envelopes with an op and a source block are row changes; schema change, transaction
  // and heartbeat records have neither an op nor (all of them) a source.
  const json* op = Member(*payload, "op");
  const json* source = Member(*payload, "source");
  if (op == nullptr || !op->is_string() || source == nullptr || !source->is_object()) {
    return std::nullopt;
  }
  const std::string op_text = op->get<std::string>();
  if (op_text != "c" && op_text != "u" && op_text != "d" && op_text != "r" && op_text != "t") {
    return std::nullopt;
  }

  const json* file = Member(*source, "file");
  const json* pos = Member(*source, "pos");
  const std::optional<int64_t> pos_value = pos != nullptr ? AsInt64(*pos) : std::nullopt;
  if (file == nullptr || !file->is_string() || !pos_value.has_value()) {
    return std::unexpected(InvalidArgumentError(fmt::format(
        "the change event (op {}) has no source.file and source.pos to build its id from",
        op_text)));
  }
  const json* row = Member(*source, "row");
  const int64_t row_value = row != nullptr ? AsInt64(*row).value_or(0) : 0;
  const json* db = Member(*source, "db");
  const json* table = Member(*source, "table");
  const std::string db_text = db != nullptr ? AsText(*db) : std::string();
  const std::string table_text = table != nullptr ? AsText(*table) : std::string();

  std::string prefix = options.topic_prefix;
  if (prefix.empty()) {
    if (const json* name = Member(*source, "name"); name != nullptr) prefix = AsText(*name);
  }

  std::string id =
      fmt::format("name:{};file:{};pos:{}", prefix, file->get<std::string>(), *pos_value);
  if (options.id_profile == CloudEventIdProfile::kUnique) {
    if (op_text == "r") {
      fmt::format_to(std::back_inserter(id), ";snapshot:{}.{}", db_text, table_text);
      json key = json::parse(Trim(key_json), nullptr, false);
      if (key.is_discarded()) {
        return std::unexpected(InvalidArgumentError(fmt::format(
            "the key of a snapshot row of {}.{} is not valid JSON", db_text, table_text)));
      }
      if (IsConnectWrapper(key)) key = key["payload"];
      if (key.is_null() || (key.is_object() && key.empty())) {
        fmt::format_to(std::back_inserter(id), ";seq:{}", keyless_seq);
      } else {
        // nlohmann::json keeps object members sorted: dump() is the canonical form.
        const std::string canonical = key.dump(-1, ' ', false, json::error_handler_t::replace);
        fmt::format_to(std::back_inserter(id), ";key:{}", Hex16OfSha256(canonical));
      }
    } else {
      fmt::format_to(std::back_inserter(id), ";row:{}", row_value);
    }
  }

  CloudEvent e;
  e.attributes.push_back({"specversion", std::string(kSpecVersion)});
  e.attributes.push_back({"id", std::move(id)});
  e.attributes.push_back({"source", fmt::format("/debezium/{}/{}", options.connector, prefix)});
  e.attributes.push_back(
      {"type", fmt::format("io.debezium.connector.{}.DataChangeEvent", options.connector)});
  if (const json* ts = Member(*source, "ts_ms"); ts != nullptr && AsInt64(*ts).has_value()) {
    e.attributes.push_back({"time", FormatCloudEventTime(*AsInt64(*ts))});
  }
  if (options.subject && !db_text.empty() && !table_text.empty()) {
    e.attributes.push_back({"subject", db_text + "." + table_text});
  }
  e.attributes.push_back({"datacontenttype", std::string(kJsonContentType)});

  auto add = [&e](std::string name, std::string v,
                  CloudEventValueType type = CloudEventValueType::kString) {
    e.extensions.push_back({std::move(name), std::move(v), type});
  };
  add("iodebeziumop", op_text);
  // Text fields of the source block; `query` never (free text: control characters, size,
  // privacy, §10.1).
  for (const auto& [field, name] :
       {std::pair{"version", "iodebeziumversion"}, std::pair{"connector", "iodebeziumconnector"},
        std::pair{"name", "iodebeziumname"}, std::pair{"snapshot", "iodebeziumsnapshot"},
        std::pair{"db", "iodebeziumdb"}, std::pair{"sequence", "iodebeziumsequence"},
        std::pair{"table", "iodebeziumtable"}, std::pair{"gtid", "iodebeziumgtid"},
        std::pair{"file", "iodebeziumfile"}}) {
    if (const json* v = Member(*source, field); v != nullptr) add(name, AsText(*v));
  }
  // INT64 fields: decimal strings, never JSON numbers (sdk-go rejects numbers > 2^31-1).
  for (const auto& [field, name] :
       {std::pair{"ts_ms", "iodebeziumtsms"}, std::pair{"ts_us", "iodebeziumtsus"},
        std::pair{"ts_ns", "iodebeziumtsns"}, std::pair{"server_id", "iodebeziumserverid"},
        std::pair{"pos", "iodebeziumpos"}, std::pair{"thread", "iodebeziumthread"}}) {
    if (const json* v = Member(*source, field); v != nullptr) add(name, AsText(*v));
  }
  if (row != nullptr && AsInt64(*row).has_value()) {
    add("iodebeziumrow", std::to_string(row_value), CloudEventValueType::kInteger);
  }
  if (const json* tx = Member(*payload, "transaction"); tx != nullptr && tx->is_object()) {
    for (const auto& [field, name] :
         {std::pair{"id", "iodebeziumtxid"}, std::pair{"total_order", "iodebeziumtxtotalorder"},
          std::pair{"data_collection_order", "iodebeziumtxdatacollectionorder"}}) {
      if (const json* v = Member(*tx, field); v != nullptr) add(name, AsText(*v));
    }
  }
  e.data = std::string(Trim(payload_text));
  Finish(e);
  return e;
}

void AppendStructuredJson(std::string& out, const CloudEvent& event) {
  JsonWriter w(out);
  w.BeginObject();
  for (const auto* list : {&event.attributes, &event.extensions}) {
    for (const auto& a : *list) {
      w.Key(a.name);
      switch (a.type) {
        case CloudEventValueType::kString:
          w.String(a.value);
          break;
        case CloudEventValueType::kInteger:
        case CloudEventValueType::kBoolean:
          w.Raw(a.value);
          break;
      }
    }
  }
  if (event.data.has_value()) {
    if (event.data_base64) {
      w.Key("data_base64");
      AppendBase64(w.RawValue(), std::as_bytes(std::span(event.data->data(), event.data->size())));
    } else if (IsJsonMediaType(event.Get("datacontenttype")) && json::accept(*event.data)) {
      w.Key("data");
      w.Raw(Trim(*event.data));
    } else {
      w.Key("data");
      w.String(*event.data);
    }
  }
  w.EndObject();
}

std::string PercentEncodeHeaderValue(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(value.size());
  for (const char ch : value) {
    const auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c >= 0x7F || c == '"' || c == '%') {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    } else {
      out.push_back(ch);
    }
  }
  return out;
}

StatusOr<std::string> DecodeHeaderValue(std::string_view value, HeaderValueEncoding encoding) {
  std::string unquoted;
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    // RFC 7230 quoted-string: backslash escapes the next character.
    const std::string_view inner = value.substr(1, value.size() - 2);
    for (size_t i = 0; i < inner.size(); ++i) {
      if (inner[i] == '\\') {
        if (++i >= inner.size()) {
          return std::unexpected(
              InvalidArgumentError("a quoted header value ends with a lone backslash"));
        }
      }
      unquoted.push_back(inner[i]);
    }
  } else {
    unquoted.assign(value);
  }
  std::string out;
  const bool decode = encoding == HeaderValueEncoding::kPercentEncoded;
  out.reserve(unquoted.size());
  for (size_t i = 0; i < unquoted.size(); ++i) {
    if (!decode) {
      out.push_back(unquoted[i]);
      continue;
    }
    if (unquoted[i] != '%') {
      out.push_back(unquoted[i]);
      continue;
    }
    const int hi = i + 2 < unquoted.size() ? HexValue(unquoted[i + 1]) : -1;
    const int lo = hi >= 0 ? HexValue(unquoted[i + 2]) : -1;
    if (hi < 0 || lo < 0) {
      return std::unexpected(InvalidArgumentError(
          fmt::format("bad percent-encoding at offset {} of a header value", i)));
    }
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  if (!IsValidUtf8(out)) {
    return std::unexpected(
        InvalidArgumentError("a header value is not valid UTF-8 after percent-decoding"));
  }
  return out;
}

HeaderList BinaryHttpHeaders(const CloudEvent& event) {
  HeaderList out;
  for (const auto* list : {&event.attributes, &event.extensions}) {
    for (const auto& a : *list) {
      if (a.name == "datacontenttype") continue;
      out.emplace_back("ce-" + a.name, PercentEncodeHeaderValue(a.value));
    }
  }
  if (const auto* ct = event.Find("datacontenttype"); ct != nullptr) {
    out.emplace_back("Content-Type", ct->value);
  }
  return out;
}

HeaderList KafkaBinaryHeaders(const CloudEvent& event) {
  HeaderList out;
  for (const auto* list : {&event.attributes, &event.extensions}) {
    for (const auto& a : *list) {
      if (a.name == "datacontenttype") continue;
      out.emplace_back("ce_" + a.name, a.value);
    }
  }
  if (const auto* ct = event.Find("datacontenttype"); ct != nullptr) {
    out.emplace_back("content-type", ct->value);
  }
  return out;
}

HttpCloudEventMode DetectHttpMode(const HeaderList& headers) {
  bool has_specversion = false;
  for (const auto& [name, value] : headers) {
    if (ToLower(name) == "content-type") {
      const std::string_view v = Trim(value);
      if (StartsWithNoCase(v, "application/cloudevents-batch")) return HttpCloudEventMode::kBatch;
      if (StartsWithNoCase(v, "application/cloudevents")) return HttpCloudEventMode::kStructured;
    } else if (ToLower(name) == "ce-specversion") {
      has_specversion = true;
    }
  }
  return has_specversion ? HttpCloudEventMode::kBinary : HttpCloudEventMode::kUnknown;
}

StatusOr<CloudEvent> ParseBinaryHttp(const HeaderList& headers, std::string_view body,
                                     HeaderValueEncoding encoding) {
  CloudEvent e;
  std::optional<std::string> content_type;
  for (const auto& [raw_name, raw_value] : headers) {
    const std::string name = ToLower(raw_name);
    if (name == "content-type") {
      content_type = std::string(Trim(raw_value));
      continue;
    }
    if (!name.starts_with("ce-")) continue;
    auto value = DecodeHeaderValue(raw_value, encoding);
    if (!value.has_value()) {
      return std::unexpected(value.error().WithContext(fmt::format("header {}", raw_name)));
    }
    SetAttribute(e, name.substr(3), std::move(*value));
  }
  // A Content-Type header wins over a ce-datacontenttype (which senders must not add).
  if (content_type.has_value()) SetAttribute(e, "datacontenttype", std::move(*content_type));
  if (!body.empty()) e.data = std::string(body);
  return Validate(std::move(e), "binary-mode CloudEvent");
}

StatusOr<CloudEvent> ParseKafkaBinary(const HeaderList& headers,
                                      std::optional<std::string_view> value) {
  CloudEvent e;
  for (const auto& [raw_name, raw_value] : headers) {
    const std::string name = ToLower(raw_name);
    if (name == "content-type") {
      SetAttribute(e, "datacontenttype", std::string(Trim(raw_value)));
    } else if (name.starts_with("ce_")) {
      if (!IsValidUtf8(raw_value)) {
        return std::unexpected(InvalidArgumentError(
            fmt::format("Kafka binary-mode CloudEvent: header {} is not UTF-8", raw_name)));
      }
      SetAttribute(e, name.substr(3), std::string(raw_value));
    }
  }
  if (value.has_value()) e.data = std::string(*value);
  return Validate(std::move(e), "Kafka binary-mode CloudEvent");
}

StatusOr<CloudEvent> ParseStructuredJson(std::string_view body) {
  constexpr std::string_view kMode = "structured-mode CloudEvent";
  const json j = json::parse(body, nullptr, false);
  if (j.is_discarded()) {
    return std::unexpected(
        InvalidArgumentError(fmt::format("{}: the body is not valid JSON", kMode)));
  }
  if (!j.is_object()) {
    return std::unexpected(
        InvalidArgumentError(fmt::format("{}: the body is not a JSON object", kMode)));
  }
  CloudEvent e;
  for (const auto& [name, v] : j.items()) {
    if (v.is_null() || name == "data" || name == "data_base64") continue;  // null = unset
    if (ContextRank(name) >= 0) {
      if (!v.is_string()) {
        return std::unexpected(
            InvalidArgumentError(fmt::format("{}: attribute {} must be a string", kMode, name)));
      }
      SetAttribute(e, name, v.get<std::string>());
    } else if (v.is_string()) {
      SetAttribute(e, ToLower(name), v.get<std::string>());
    } else if (v.is_boolean()) {
      SetAttribute(e, ToLower(name), v.get<bool>() ? "true" : "false",
                   CloudEventValueType::kBoolean);
    } else if (v.is_number()) {
      // CloudEvents Integer is 32-bit; sdk-go answers 400 for anything else.
      const double d = v.get<double>();
      if (d != static_cast<double>(static_cast<int64_t>(d)) ||
          d < std::numeric_limits<int32_t>::min() || d > std::numeric_limits<int32_t>::max()) {
        return std::unexpected(InvalidArgumentError(
            fmt::format("{}: extension {} = {} is not a 32-bit integer", kMode, name, v.dump())));
      }
      SetAttribute(e, ToLower(name), std::to_string(static_cast<int64_t>(d)),
                   CloudEventValueType::kInteger);
    } else {
      return std::unexpected(InvalidArgumentError(fmt::format(
          "{}: extension {} is an object or array, not a CloudEvents value", kMode, name)));
    }
  }
  if (const json* b64 = Member(j, "data_base64"); b64 != nullptr) {
    if (!b64->is_string()) {
      return std::unexpected(
          InvalidArgumentError(fmt::format("{}: data_base64 must be a string", kMode)));
    }
    auto bytes = DecodeBase64(b64->get<std::string>());
    if (!bytes.has_value()) return std::unexpected(bytes.error());
    e.data = std::move(*bytes);
    e.data_base64 = true;
  } else if (const json* data = Member(j, "data"); data != nullptr) {
    if (IsJsonMediaType(e.Get("datacontenttype")) || !data->is_string()) {
      e.data = std::string(Trim(RawMember(body, "data").value_or(std::string_view())));
    } else {
      e.data = data->get<std::string>();
    }
  }
  return Validate(std::move(e), kMode);
}

StatusOr<CloudEvent> ParseHttpCloudEvent(const HeaderList& headers, std::string_view body,
                                         HeaderValueEncoding encoding) {
  switch (DetectHttpMode(headers)) {
    case HttpCloudEventMode::kBinary:
      return ParseBinaryHttp(headers, body, encoding);
    case HttpCloudEventMode::kStructured:
      return ParseStructuredJson(body);
    case HttpCloudEventMode::kBatch:
      return std::unexpected(
          InvalidArgumentError("batched CloudEvents (application/cloudevents-batch+json) are "
                               "not supported: send one event per request"));
    case HttpCloudEventMode::kUnknown:
      break;
  }
  return std::unexpected(
      InvalidArgumentError("not a CloudEvent: no ce-specversion header and the Content-Type is "
                           "not application/cloudevents+json"));
}

}  // namespace rowcast::format
