// Reads a Kafka Connect worker configuration (connect-standalone.properties or
// connect-distributed.properties) into typed settings: where Kafka is, where offsets live, the
// converters, and the Kafka client settings (Java names) that rowcast's own clients start from.
// Worker settings rowcast does not model but Kafka Connect knows are accepted silently; anything
// else is a warning sentence. Errors are InvalidArgument and never contain a secret value.
//
// A WorkerConfig is a plain value: build it once, then read it from any thread.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace rowcast::config {

// Which Kafka client a setting is for: Kafka Connect's `producer.`, `consumer.` and `admin.`
// worker prefixes.
enum class ClientRole { kProducer, kConsumer, kAdmin };

inline constexpr std::string_view kJsonConverter = "org.apache.kafka.connect.json.JsonConverter";

// Parses Java .properties text as java.util.Properties.load does: `#` and `!` comment lines,
// `key=value`, `key: value` and `key value`, leading whitespace ignored, a backslash at the end
// of a line continues it (the next line's leading whitespace dropped), escapes `\t \n \r \f`,
// `\uXXXX` and `\<any other>` = that character (`\\`, `\=`, `\:`, `\ `), so keys may hold
// escaped separators. `\uXXXX` becomes UTF-8 (surrogate pairs combined). Unlike
// Properties.load(InputStream), which decodes ISO-8859-1, other bytes are kept as they are, so
// UTF-8 files mean what they say. A key given twice keeps its last value, at the place it first
// appeared. The error for a malformed `\u` escape names the line.
[[nodiscard]] StatusOr<std::vector<std::pair<std::string, std::string>>> ParseProperties(
    std::string_view text);

struct WorkerConfig {
  std::string bootstrap_servers = "localhost:9092";  // items trimmed, joined by ','
  std::string group_id;                              // distributed mode only

  std::string offset_storage_topic;          // distributed
  std::string offset_storage_file_filename;  // standalone
  int32_t offset_storage_partitions = 25;
  int16_t offset_storage_replication_factor = 3;  // -1: the broker's default.replication.factor
  std::string config_storage_topic;
  std::string status_storage_topic;
  int64_t offset_flush_interval_ms = 60000;
  int64_t offset_flush_timeout_ms = 5000;

  // "None", "Principal" or "All" (Kafka 3.0+ default), whichever way it was written (alias or
  // class name, any case).
  std::string connector_client_config_override_policy = "All";

  // From `listeners`; when only the deprecated rest.port (and rest.host.name) is given,
  // "http://<rest.host.name>:<rest.port>", as Kafka Connect derives it.
  std::string listeners = "http://:8083";
  std::optional<uint16_t> rest_port;  // as given

  std::string key_converter{kJsonConverter};  // "JsonConverter" is expanded to the class name
  std::string value_converter{kJsonConverter};
  bool key_converter_schemas_enable = true;  // key.converter.schemas.enable
  bool value_converter_schemas_enable = true;

  std::string exactly_once_source_support = "disabled";  // "disabled", "preparing", "enabled"
  bool topic_creation_enable = true;

  // Java Kafka client settings. `common_client`: the top-level ones (security.protocol, ssl.*,
  // sasl.*, timeouts, buffers, ...) except bootstrap.servers; the others: `producer.<x>`,
  // `consumer.<x>`, `admin.<x>` keyed by <x>. Values as written.
  std::map<std::string, std::string> common_client, producer, consumer, admin;

  // Sentences about settings rowcast ignores, in input order; never contain a secret.
  std::vector<std::string> warnings;

  // The Java client settings for one role: bootstrap.servers, then common_client, then the
  // role's own map (which wins). Kafka Connect itself gives the top-level settings only to its
  // internal clients and not to the connectors' producers, but one bootstrap.servers means one
  // broker listener, so a working Connect config has the same security settings in both places.
  std::map<std::string, std::string> ClientSettings(ClientRole role) const;
};

// Parses and validates worker properties. A number, boolean or enum that does not parse is an
// InvalidArgument naming the key, the value ("(hidden)" for secrets) and what is expected.
[[nodiscard]] StatusOr<WorkerConfig> ParseWorkerConfig(std::string_view text);

// Reads `path` and parses it. A file that cannot be read is an InvalidArgument naming the path
// and the system's reason; parse errors are prefixed with the path.
[[nodiscard]] StatusOr<WorkerConfig> LoadWorkerConfig(const std::string& path);

}  // namespace rowcast::config
