// What Knative's KafkaSource makes of a Kafka record, as pure functions, so `rowcast dispatch`
// delivers exactly the events a KafkaSource would (knative-cloudevents.md §6.5, §6.6, §10.5):
// a record that is a CloudEvent (binary: a ce_specversion header; structured: a content-type
// of application/cloudevents...) is forwarded as it is; any other record becomes a
// `dev.knative.kafka.event` with the attributes KafkaSource synthesises. Every event then gets
// knativekafkapartition / knativekafkaoffset and the ceOverrides extensions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "format/cloudevents.h"

namespace rowcast::dispatch {

// The label kafkasources.sources.knative.dev/key-type: how the record key becomes the `key`
// extension.
enum class KeyType { kString, kInt, kFloat, kByteArray };
[[nodiscard]] StatusOr<KeyType> ParseKeyType(std::string_view text);

struct SourceIdentity {
  std::string name = "rowcast-dispatch";  // the KafkaSource's metadata.name
  std::string ns = "default";             // its namespace
  KeyType key_type = KeyType::kString;
  // ceOverrides.extensions: set on every event, replacing extensions of the same name.
  std::vector<format::CloudEventAttribute> overrides;
};

// One consumed record; views into librdkafka's message.
struct KafkaRecordView {
  std::string_view topic;
  int32_t partition = 0;
  int64_t offset = 0;
  int64_t timestamp_ms = -1;  // -1: the record has none
  std::optional<std::string_view> key;
  std::optional<std::string_view> value;
  format::HeaderList headers;
};

// The event to deliver for `record`, or nullopt for a tombstone (a null value without ce_
// headers), which is skipped (and its offset committed). Never fails: a record that claims to
// be a CloudEvent but is not a valid one is synthesised like any other (as KafkaSource does).
std::optional<format::CloudEvent> RecordToCloudEvent(const KafkaRecordView& record,
                                                     const SourceIdentity& source);

// `kafkaheader` + the header name lower-cased with every character outside [a-z0-9] dropped.
std::string KafkaHeaderExtensionName(std::string_view header_name);

// Bytes as Java's new String(bytes, UTF_8) reads them: each malformed sequence becomes U+FFFD.
std::string Utf8Lossy(std::string_view bytes);

// The `key` extension's value for `key` under `type` (§6.5): int reads 4 bytes big-endian (any
// other length falls back to a string), float 4 or 8 bytes, byte-array Base64.
format::CloudEventAttribute KeyAttribute(std::string_view key, KeyType type);

// K_CE_OVERRIDES / ce.overrides: {"extensions": {"name": "value", ...}}. InvalidArgument for
// anything else, or an extension name that is not [a-z0-9]+.
[[nodiscard]] StatusOr<std::vector<format::CloudEventAttribute>> ParseCeOverrides(
    std::string_view json_text);

}  // namespace rowcast::dispatch
