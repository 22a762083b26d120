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

// The https listener's TLS settings (Kafka Connect's `listeners.https.ssl.*`). When no
// `listeners.https.*` setting is given at all and `listeners` has an https listener, the
// un-prefixed `ssl.*` ones are used instead, as Kafka Connect does (all or nothing, not key by
// key); those also stay in WorkerConfig::common_client for the Kafka clients, so without an
// https listener they are not checked here. `listeners.https.ssl.*` settings rowcast does not
// model (protocols, cipher suites) are accepted silently.
struct RestTlsConfig {
  // ssl.keystore.location: a PEM file with the certificate chain and the private key.
  // ssl.keystore.type must be PEM (rowcast reads no Java keystores); PEM is also the default.
  std::string keystore_location;
  std::string key_password;  // ssl.key.password: of an encrypted private key; a secret
  // ssl.truststore.location: PEM CA certificates that client certificates are checked against
  // (ssl.truststore.type must be PEM too).
  std::string truststore_location;
  std::string client_auth = "none";  // ssl.client.auth: "none", "requested" or "required"

  bool operator==(const RestTlsConfig&) const = default;
};

// One REST listener: `<scheme>://<host>:<port>`.
struct Listener {
  std::string scheme;  // "http" or "https", lower case
  std::string host;    // 127.0.0.1 when the listener leaves it empty; IPv6 without brackets
  uint16_t port = 0;   // 0: any free port

  bool operator==(const Listener&) const = default;
};

// The first listener of a `listeners` value (comma-separated). Kafka Connect binds every
// interface when the host is empty (`http://:8083`); rowcast binds 127.0.0.1 instead, so the
// REST API is not exposed unless a host is written. Anything that is not
// `http[s]://[host]:port` is an InvalidArgument.
[[nodiscard]] StatusOr<Listener> ParseListener(std::string_view listeners);

struct WorkerConfig {
  std::string bootstrap_servers = "localhost:9092";  // items trimmed, joined by ','
  bool bootstrap_servers_set = false;                // bootstrap.servers was given
  std::string group_id;                              // distributed mode only

  std::string offset_storage_topic;          // distributed
  std::string offset_storage_file_filename;  // standalone
  int32_t offset_storage_partitions = 25;
  int16_t offset_storage_replication_factor = 3;  // -1: the broker's default.replication.factor
  std::string config_storage_topic;
  int16_t config_storage_replication_factor = 3;  // -1: the broker's default
  std::string status_storage_topic;
  int32_t status_storage_partitions = 5;
  int16_t status_storage_replication_factor = 3;
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

  // REST API of `rowcast connect`. rest.advertised.*: how other workers and clients reach this
  // one (empty / nullopt: derived from the listener).
  std::string rest_advertised_host_name;
  std::optional<uint16_t> rest_advertised_port;
  std::string rest_advertised_listener;  // "http" or "https" (lower case), empty: not set
  // rowcast.rest.auth.basic.user / .password: HTTP Basic credentials every request must carry
  // (both or neither; the user has no ':'). rowcast.rest.auth.bearer.token: a token accepted as
  // "Authorization: Bearer <token>". Empty: not required. The password and token are secrets.
  std::string rest_auth_basic_user, rest_auth_basic_password, rest_auth_bearer_token;
  RestTlsConfig rest_tls;

  // rowcast.data.dir: where `rowcast connect` keeps its state (connector configs, offsets,
  // schema history) unless told otherwise.
  std::string data_dir = "rowcast-data";
  // rowcast.sink: where events go, as the --sink option spells it ("kafka", "file:<dir>", ...).
  // Empty: the worker decides ("kafka" when bootstrap.servers is set, else
  // file:<data_dir>/events).
  std::string sink;

  // config.providers and every config.providers.* key, as written (MakeConfigProviders in
  // providers.h builds the providers from them). The other values have been resolved through
  // these providers already, as Kafka resolves worker configs.
  std::map<std::string, std::string> config_providers;

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

// Parses and validates worker properties. Values are first resolved through the config
// providers the properties enable (`${file:...}`, `${env:...}`, `${dir:...}`; see providers.h),
// so this may read files and the environment. A number, boolean or enum that does not parse is
// an InvalidArgument naming the key, the value ("(hidden)" for secrets; the reference as
// written when the value came from a provider) and what is expected.
[[nodiscard]] StatusOr<WorkerConfig> ParseWorkerConfig(std::string_view text);

// Reads `path` and parses it. A file that cannot be read is an InvalidArgument naming the path
// and the system's reason; parse errors are prefixed with the path.
[[nodiscard]] StatusOr<WorkerConfig> LoadWorkerConfig(const std::string& path);

}  // namespace rowcast::config
