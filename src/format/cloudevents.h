// CloudEvents 1.0 for Debezium change records: the attribute mapping of our contract
// (/work/shared/reference/knative-cloudevents.md §10.1), the renderers for HTTP binary and
// structured mode (§3) and Kafka binary mode (§10.2), and the parsers a receiver needs
// (event-display, a dead-letter receiver, tests). Works on the record's JSON text, so a sink and
// a dispatcher that reads records back from Kafka map them the same way. Pure functions, no I/O:
// callable from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace rowcast::format {

// Which `id` the mapping writes. kUnique: §10.1 (unique per row, stable across re-reads);
// kDebeziumCompat: Debezium's `name:<P>;file:<f>;pos:<p>`, shared by every row of a binlog event
// and of a snapshot; only for comparisons with Debezium.
enum class CloudEventIdProfile { kUnique, kDebeziumCompat };

struct CloudEventOptions {
  std::string topic_prefix;         // P, restricted to [A-Za-z0-9._-]
  std::string connector = "mysql";  // C: "mysql" or "mariadb"
  CloudEventIdProfile id_profile = CloudEventIdProfile::kUnique;
  bool subject = true;  // subject = <db>.<table>
};

enum class CloudEventValueType { kString, kInteger, kBoolean };

// A context attribute or extension in its canonical string form ("42", "true", text).
struct CloudEventAttribute {
  std::string name;
  std::string value;
  CloudEventValueType type = CloudEventValueType::kString;
};

struct CloudEvent {
  // Context attributes that are set, in the order specversion, id, source, type, time, subject,
  // datacontenttype, dataschema.
  std::vector<CloudEventAttribute> attributes;
  // Extensions, sorted by name.
  std::vector<CloudEventAttribute> extensions;
  // JSON text when datacontenttype is JSON (or absent), else the data bytes; nullopt = no data.
  std::optional<std::string> data;
  // The data came as `data_base64` in structured mode (event-display prints "Data (binary),").
  bool data_base64 = false;

  // A context attribute or extension by name; nullptr when not set.
  const CloudEventAttribute* Find(std::string_view name) const;
  // Its value, or "" when not set.
  std::string_view Get(std::string_view name) const;
  // Sets a context attribute or an extension, replacing one of the same name, keeping the
  // order above.
  void Set(std::string name, std::string value,
           CloudEventValueType type = CloudEventValueType::kString);
};

using HeaderList = std::vector<std::pair<std::string, std::string>>;

inline constexpr std::string_view kCloudEventsJsonContentType =
    "application/cloudevents+json; charset=utf-8";

// Maps one change record to a CloudEvent. `value_json` is the Debezium envelope as rowcast
// writes it (with or without the {"schema":..,"payload":..} wrapper), nullopt or "null" for a
// tombstone; `key_json` the record's key (with or without wrapper; "null" for key-less tables).
// `keyless_seq` numbers the snapshot rows of a key-less table (a per-table counter the caller
// keeps); it makes their ids unique. Returns nullopt for records that are not row changes
// (tombstones, schema change, transaction and heartbeat records): callers skip those.
// InvalidArgument when the value is not JSON or a row change lacks source.file/pos.
[[nodiscard]] StatusOr<std::optional<CloudEvent>> MapChangeToCloudEvent(
    const CloudEventOptions& options, std::string_view key_json,
    std::optional<std::string_view> value_json, uint64_t keyless_seq = 0);

// `ts_ms` as yyyy-MM-ddTHH:mm:ss.SSSZ (UTC).
std::string FormatCloudEventTime(int64_t ts_ms);

// An RFC 3339 timestamp in the form sdk-go prints it: UTC, RFC3339Nano with trailing zeros of
// the fraction trimmed ("2023-11-14T22:13:20Z", "...:20.5Z"). InvalidArgument if unparsable.
[[nodiscard]] StatusOr<std::string> CanonicalCloudEventTime(std::string_view rfc3339);

// Structured mode (JSON format): attributes, extensions (integers and booleans as JSON
// literals), then `data` as a JSON value when the content type is JSON, else as a string.
void AppendStructuredJson(std::string& out, const CloudEvent& event);

// HTTP binary mode: ce-<name> for every attribute and extension but datacontenttype, values
// percent-encoded (§3.3), then Content-Type = datacontenttype.
HeaderList BinaryHttpHeaders(const CloudEvent& event);

// Kafka binary mode (§10.2): ce_<name> with raw UTF-8 values, then content-type.
HeaderList KafkaBinaryHeaders(const CloudEvent& event);

// §3.3: percent-encodes space, '"', '%' and every byte outside U+0021..U+007E (so control
// characters and each UTF-8 byte of non-ASCII characters), upper-case hex.
std::string PercentEncodeHeaderValue(std::string_view value);

// What a receiver holds in hand: header values as they were on the wire, or values the HTTP
// library has already percent-decoded once (cpp-httplib 0.11, Debian's, decodes every request
// header value, so a second round would decode "%2541" to "A" instead of "%41").
enum class HeaderValueEncoding { kPercentEncoded, kPercentDecoded };

// §3.3 decoding: unescapes an RFC 7230 quoted-string, then one round of percent-decoding
// (either hex case; skipped for kPercentDecoded); InvalidArgument for a bad escape or invalid
// UTF-8 after decoding.
[[nodiscard]] StatusOr<std::string> DecodeHeaderValue(
    std::string_view value, HeaderValueEncoding encoding = HeaderValueEncoding::kPercentEncoded);

enum class HttpCloudEventMode { kBinary, kStructured, kBatch, kUnknown };

// §3.1 / sdk-go: Content-Type application/cloudevents-batch* → batch, application/cloudevents*
// → structured, else binary when ce-specversion is present, else unknown. Header names are
// compared case-insensitively.
HttpCloudEventMode DetectHttpMode(const HeaderList& headers);

// A CloudEvent from an HTTP request in binary mode (ce- headers percent-decoded, Content-Type
// as datacontenttype, body as data). InvalidArgument for a missing required attribute, a bad
// specversion, time or extension name.
[[nodiscard]] StatusOr<CloudEvent> ParseBinaryHttp(
    const HeaderList& headers, std::string_view body,
    HeaderValueEncoding encoding = HeaderValueEncoding::kPercentEncoded);

// A CloudEvent from a structured-mode body (JSON format). InvalidArgument as above, and for
// extension values that are not strings, booleans or 32-bit integers.
[[nodiscard]] StatusOr<CloudEvent> ParseStructuredJson(std::string_view body);

// A CloudEvent from a Kafka record in binary mode (Kafka protocol binding §3.2): ce_* header
// values as raw UTF-8, the content-type header as datacontenttype, the value (nullopt: none) as
// data. InvalidArgument as ParseBinaryHttp.
[[nodiscard]] StatusOr<CloudEvent> ParseKafkaBinary(const HeaderList& headers,
                                                    std::optional<std::string_view> value);

// Valid UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
bool IsValidUtf8(std::string_view text);

// Either of the two, by DetectHttpMode; batches and unknown encodings are InvalidArgument.
[[nodiscard]] StatusOr<CloudEvent> ParseHttpCloudEvent(
    const HeaderList& headers, std::string_view body,
    HeaderValueEncoding encoding = HeaderValueEncoding::kPercentEncoded);

}  // namespace rowcast::format
