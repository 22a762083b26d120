#include "dispatch/kafka_source.h"

#include <bit>
#include <charconv>
#include <cstring>
#include <span>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/json_writer.h"

namespace rowcast::dispatch {
namespace {

using format::CloudEvent;
using format::CloudEventAttribute;
using format::CloudEventValueType;

constexpr std::string_view kSyntheticType = "dev.knative.kafka.event";

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const auto x = static_cast<unsigned char>(a[i]), y = static_cast<unsigned char>(b[i]);
    if (std::tolower(x) != std::tolower(y)) return false;
  }
  return true;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

const std::string* FindHeader(const format::HeaderList& headers, std::string_view name) {
  const std::string* found = nullptr;
  for (const auto& [n, v] : headers) {
    if (EqualsNoCase(n, name)) found = &v;  // the last one wins, as Kafka's lastHeader()
  }
  return found;
}

bool IsExtensionName(std::string_view name) {
  if (name.empty()) return false;
  for (const char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

// Java's Float/Double.toString for ordinary values: the shortest repr, with ".0" for integers.
template <typename F>
std::string JavaFloat(F value) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  std::string s(buf, end);
  if (s.find_first_of(".eEni") == std::string::npos) s += ".0";
  return s;
}

std::optional<CloudEvent> ForwardedCloudEvent(const KafkaRecordView& r) {
  if (const std::string* ct = FindHeader(r.headers, "content-type");
      ct != nullptr && Lower(*ct).starts_with("application/cloudevents") && r.value.has_value()) {
    auto e = format::ParseStructuredJson(*r.value);
    if (e.has_value()) return std::move(*e);
    return std::nullopt;
  }
  if (FindHeader(r.headers, "ce_specversion") != nullptr) {
    auto e = format::ParseKafkaBinary(r.headers, r.value);
    if (e.has_value()) return std::move(*e);
  }
  return std::nullopt;
}

CloudEvent Synthesize(const KafkaRecordView& r, const SourceIdentity& source) {
  CloudEvent e;
  e.Set("specversion", "1.0");
  e.Set("id", fmt::format("partition:{}/offset:{}", r.partition, r.offset));
  e.Set("source",
        fmt::format("/apis/v1/namespaces/{}/kafkasources/{}#{}", source.ns, source.name, r.topic));
  e.Set("type", std::string(kSyntheticType));
  e.Set("subject", fmt::format("partition:{}#{}", r.partition, r.offset));
  e.Set("time", format::FormatCloudEventTime(r.timestamp_ms));
  if (r.key.has_value()) {
    CloudEventAttribute key = KeyAttribute(*r.key, source.key_type);
    e.Set("partitionkey", key.value, key.type);
    e.Set("key", std::move(key.value), key.type);
  }
  const std::string* content_type = nullptr;
  for (const auto& [name, value] : r.headers) {
    if (EqualsNoCase(name, "content-type")) {
      content_type = &value;
      continue;
    }
    const std::string ext = KafkaHeaderExtensionName(name);
    e.Set(ext, Utf8Lossy(value));
  }
  if (content_type != nullptr) e.Set("datacontenttype", Lower(Utf8Lossy(*content_type)));
  if (r.value.has_value()) {
    e.data = std::string(*r.value);
    e.data_base64 = !format::IsValidUtf8(*r.value);
  }
  return e;
}

}  // namespace

StatusOr<KeyType> ParseKeyType(std::string_view text) {
  if (text == "string") return KeyType::kString;
  if (text == "int") return KeyType::kInt;
  if (text == "float") return KeyType::kFloat;
  if (text == "byte-array") return KeyType::kByteArray;
  return std::unexpected(InvalidArgumentError(fmt::format(
      "key.type {:?} is not one of string, int, float, byte-array (the values of KafkaSource's "
      "kafkasources.sources.knative.dev/key-type label)",
      text)));
}

std::string KafkaHeaderExtensionName(std::string_view header_name) {
  std::string out = "kafkaheader";
  for (const char ch : header_name) {
    const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out.push_back(c);
  }
  return out;
}

std::string Utf8Lossy(std::string_view bytes) {
  if (format::IsValidUtf8(bytes)) return std::string(bytes);
  std::string out;
  out.reserve(bytes.size() + 8);
  size_t i = 0;
  while (i < bytes.size()) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n > 0 && i + n <= bytes.size() && format::IsValidUtf8(bytes.substr(i, n))) {
      out.append(bytes.substr(i, n));
      i += n;
    } else {
      out.append("\xEF\xBF\xBD");  // U+FFFD
      ++i;
    }
  }
  return out;
}

CloudEventAttribute KeyAttribute(std::string_view key, KeyType type) {
  CloudEventAttribute a{"key", "", CloudEventValueType::kString};
  switch (type) {
    case KeyType::kString:
      break;
    case KeyType::kInt:
      if (key.size() == 4) {
        uint32_t v = 0;
        for (const char c : key) v = (v << 8) | static_cast<unsigned char>(c);
        a.value = std::to_string(static_cast<int32_t>(v));
        a.type = CloudEventValueType::kInteger;
        return a;
      }
      break;
    case KeyType::kFloat:
      if (key.size() == 4 || key.size() == 8) {
        uint64_t v = 0;
        for (const char c : key) v = (v << 8) | static_cast<unsigned char>(c);
        a.value = key.size() == 4 ? JavaFloat(std::bit_cast<float>(static_cast<uint32_t>(v)))
                                  : JavaFloat(std::bit_cast<double>(v));
        return a;
      }
      break;
    case KeyType::kByteArray:
      AppendBase64(a.value, std::as_bytes(std::span(key.data(), key.size())));
      return a;
  }
  a.value = Utf8Lossy(key);
  return a;
}

std::optional<CloudEvent> RecordToCloudEvent(const KafkaRecordView& record,
                                             const SourceIdentity& source) {
  std::optional<CloudEvent> event = ForwardedCloudEvent(record);
  if (!event.has_value()) {
    if (!record.value.has_value()) return std::nullopt;  // a tombstone
    event = Synthesize(record, source);
  }
  event->Set("knativekafkapartition", std::to_string(record.partition),
             CloudEventValueType::kInteger);
  // A string: offsets pass 2^31, and CloudEvents integers are 32-bit.
  event->Set("knativekafkaoffset", std::to_string(record.offset));
  for (const auto& o : source.overrides) event->Set(o.name, o.value, o.type);
  return event;
}

StatusOr<std::vector<CloudEventAttribute>> ParseCeOverrides(std::string_view json_text) {
  const auto j = nlohmann::json::parse(json_text, nullptr, false);
  constexpr std::string_view kShape = R"(expected {"extensions": {"name": "value", ...}})";
  if (j.is_discarded() || !j.is_object()) {
    return std::unexpected(InvalidArgumentError(
        fmt::format("CloudEvent overrides are not a JSON object: {}", kShape)));
  }
  std::vector<CloudEventAttribute> out;
  for (const auto& [name, v] : j.items()) {
    if (name != "extensions") {
      return std::unexpected(InvalidArgumentError(
          fmt::format("CloudEvent overrides: unknown member {:?}: {}", name, kShape)));
    }
    if (!v.is_object()) {
      return std::unexpected(InvalidArgumentError(
          fmt::format("CloudEvent overrides: \"extensions\" is not an object: {}", kShape)));
    }
    for (const auto& [ext, value] : v.items()) {
      if (!IsExtensionName(ext)) {
        return std::unexpected(InvalidArgumentError(fmt::format(
            "CloudEvent overrides: extension name {:?} is not made of lower-case ASCII letters "
            "and digits",
            ext)));
      }
      if (!value.is_string()) {
        return std::unexpected(InvalidArgumentError(
            fmt::format("CloudEvent overrides: the value of extension {} is not a string", ext)));
      }
      out.push_back({ext, value.get<std::string>(), CloudEventValueType::kString});
    }
  }
  return out;
}

}  // namespace rowcast::dispatch
