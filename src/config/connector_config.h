// Reads a Debezium MySQL/MariaDB connector configuration, as POSTed to Kafka Connect, into
// validated typed settings. Old Debezium names (database.whitelist, database.server.name,
// database.history.*, ...) are mapped to today's through the registry (registry.h); values
// are checked, defaults applied, and anything rowcast does not use is reported as a warning
// sentence. Errors are InvalidArgument and never contain a password.
//
// A ConnectorConfig is an immutable value: build it once, then read it from any thread.
#pragma once

#include <cstdint>
#include <expected>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace rowcast::config {

// From connector.class: io.debezium.connector.mariadb.MariaDbConnector (or the Debezium 2.5/2.6
// connector.adapter=mariadb) is MariaDB, anything else MySQL.
enum class Flavor { kMySql, kMariaDb };
enum class SslMode { kDisabled, kPreferred, kRequired, kVerifyCa, kVerifyIdentity };
enum class DecimalMode { kPrecise, kString, kDouble };
enum class TimePrecisionMode { kAdaptiveTimeMicroseconds, kAdaptive, kConnect };
enum class BigintUnsignedMode { kLong, kPrecise };
enum class BinaryMode { kBytes, kBase64, kBase64UrlSafe, kHex };
enum class SnapshotLockingMode { kMinimal, kExtended, kNone };
enum class WatermarkStrategy { kInsertInsert, kInsertDelete };
enum class SnapshotOrder { kDisabled, kAscending, kDescending };
enum class SnapshotMode {
  kInitial,
  kInitialOnly,
  kNoData,
  kNever,
  kWhenNeeded,
  kRecovery,
  kAlways,
  kConfigurationBased,
  kCustom
};

// column.truncate.to.<length>.chars / column.mask.with.<length>.chars: the regexes select
// `db.table.column` names (whole-name match, validated but not compiled here).
struct ColumnRule {
  int length = 0;
  std::vector<std::string> patterns;

  bool operator==(const ColumnRule&) const = default;
};

// message.key.columns, one entry per `<table regex>:<col>,<col>` group: the regex matches
// `db.table` (whole name), the columns become the message key, in this order.
struct KeyColumns {
  std::string table;
  std::vector<std::string> columns;

  bool operator==(const KeyColumns&) const = default;
};

// Kafka Connect's topic.creation groups for the topics a connector writes to.
struct TopicCreationGroup {
  std::string name;                            // "default" or a name in topic.creation.groups
  std::vector<std::string> include, exclude;   // whole-name regexes (empty include: default)
  int partitions = -1;                         // -1: the brokers' default
  int replication_factor = -1;                 // -1: the brokers' default
  std::map<std::string, std::string> configs;  // topic configs (cleanup.policy, ...)

  bool operator==(const TopicCreationGroup&) const = default;
};

// One problem with a connector config, attributed to the property it concerns.
struct PropertyProblem {
  std::string name;     // the property as the user wrote it; the canonical name when missing
  std::string message;  // a sentence that names the property; never contains a secret

  bool operator==(const PropertyProblem&) const = default;
};

// topic.creation.<rest> properties (keyed by <rest>) to groups: the named groups in
// topic.creation.groups order, then "default". Empty when topic.creation.default.partitions and
// .replication.factor are not both given (then rowcast creates no topic, as Kafka Connect).
[[nodiscard]] std::expected<std::vector<TopicCreationGroup>, std::string> ParseTopicCreation(
    const std::map<std::string, std::string>& properties);

// Parses message.key.columns (`db.t1:c1,c2;(.*).t2:c3`); the error says what is wrong.
[[nodiscard]] std::expected<std::vector<KeyColumns>, std::string> ParseKeyColumns(
    std::string_view value);

// rowcast.sink.http.*: the HTTP sink's delivery settings as configured (durations as ISO-8601
// text, validated by the registry's pattern and parsed by the sink).
struct HttpSinkSettings {
  int64_t retry = 10;
  std::string backoff_policy = "exponential";
  std::string backoff_delay = "PT0.2S", backoff_max = "PT30S", backoff_jitter = "full";
  std::string timeout = "PT30S", retry_after_max = "PT60S";
  std::string dead_letter_url;                   // empty: none
  std::string on_dead_letter_failure = "block";  // or "drop"
  std::string mode = "binary";                   // or "structured"
  std::string bearer_token_file, ca_file;        // empty: none
  int64_t max_in_flight = 16;
  bool ordered = true;

  bool operator==(const HttpSinkSettings&) const = default;
};

// The settings other modules consume. Default member values are the registry defaults, so a
// default-constructed struct is what an otherwise empty configuration yields.
struct ConnectorSettings {
  std::string name;
  std::string connector_class = "io.debezium.connector.mysql.MySqlConnector";
  Flavor flavor = Flavor::kMySql;

  std::string hostname;
  uint16_t port = 3306;
  std::string user;
  std::string password;
  uint32_t server_id = 0;  // always set (1..2^32-1) in a parsed config: the property is required
  std::string topic_prefix;

  SslMode ssl_mode = SslMode::kPreferred;
  std::string ssl_ca, ssl_cert, ssl_key;  // PEM file paths; empty when not set
  // database.ssl.truststore (JKS, PKCS12 or PEM file) and its password; empty when not set.
  std::string ssl_truststore, ssl_truststore_password;

  // Regexes, trimmed, in the order given; whole-name matches.
  std::vector<std::string> database_include, database_exclude, table_include, table_exclude,
      column_include, column_exclude;
  bool table_ignore_builtin = true;
  std::vector<std::string> gtid_source_includes, gtid_source_excludes;
  bool gtid_source_filter_dml_events = true;

  SnapshotMode snapshot_mode = SnapshotMode::kInitial;
  SnapshotLockingMode snapshot_locking_mode = SnapshotLockingMode::kMinimal;
  int64_t snapshot_lock_timeout_ms = 10000;
  int64_t snapshot_max_threads = 1;
  int64_t snapshot_chunk_size = 100000;  // rowcast.snapshot.chunk.size
  int64_t snapshot_delay_ms = 0;
  SnapshotOrder snapshot_order = SnapshotOrder::kDisabled;
  std::vector<std::string> snapshot_include;  // regexes over db.table
  // snapshot.select.statement.overrides.<db>.<table>, for the tables the list names.
  std::vector<std::pair<std::string, std::string>> snapshot_select_overrides;
  std::string signal_data_collection;  // db.table, empty = none
  int64_t incremental_chunk_size = 1024;
  WatermarkStrategy watermark_strategy = WatermarkStrategy::kInsertInsert;
  bool read_only = false;

  DecimalMode decimal_mode = DecimalMode::kPrecise;
  TimePrecisionMode time_precision_mode = TimePrecisionMode::kAdaptiveTimeMicroseconds;
  BigintUnsignedMode bigint_unsigned_mode = BigintUnsignedMode::kLong;
  BinaryMode binary_mode = BinaryMode::kBytes;

  bool tombstones_on_delete = true;
  bool include_query = false;
  bool include_schema_changes = true;
  bool include_schema_comments = false;
  bool key_schemas_enable = true;  // key.converter.schemas.enable
  bool value_schemas_enable = true;

  // Schema history (file); empty path = the default under the data directory.
  std::string history_file;
  // Schema history in Kafka (when history_kafka_topic is set and the class is not the file
  // one): brokers (empty = the worker's) and client settings (Java names).
  std::string history_kafka_topic, history_kafka_bootstrap;
  std::map<std::string, std::string> history_producer, history_consumer;
  bool skip_unparseable_ddl = false;
  bool history_store_only_captured = false;
  bool history_store_only_captured_databases = false;
  std::vector<std::string> history_ddl_filter;  // regexes over whole statements
  // skipped.operations (default `t`).
  bool skip_creates = false, skip_updates = false, skip_deletes = false, skip_truncates = true;

  int64_t offset_flush_interval_ms = 60000, connect_timeout_ms = 30000, heartbeat_interval_ms = 0,
          binlog_heartbeat_interval_ms = 5000, reconnect_backoff_max_ms = 30000;
  int64_t max_queue_size = 8192, max_queue_size_in_bytes = 0;

  // In the order the properties were given.
  std::vector<ColumnRule> column_truncate, column_mask;
  std::vector<KeyColumns> message_key_columns;
  // producer.override.<name>: Kafka producer settings (Java names) over the worker's.
  std::map<std::string, std::string> producer_override;
  std::vector<TopicCreationGroup> topic_creation;  // empty: no topic creation
  bool exactly_once_required = false;              // exactly.once.support=required
  HttpSinkSettings http_sink;                      // rowcast.sink.http.*
  bool kafka_cloudevents = false;                  // rowcast.kafka.cloudevents=binary

  bool operator==(const ConnectorSettings&) const = default;
};

class ConnectorConfig {
 public:
  const std::string& name() const { return name_; }

  // Human sentences about what rowcast ignores or does differently, each naming the property
  // as it was written; deterministic order (JSON problems, per-property warnings in input
  // order, properties ignored for a shared reason, then connector.class). Meant to be logged at
  // startup and returned by the REST API. Never contains a secret.
  const std::vector<std::string>& warnings() const { return warnings_; }

  // The value of a property by canonical name (an old name is resolved too), after old names
  // and old values are mapped and defaults applied: enums in canonical lower case, lists
  // trimmed and joined by ','. nullopt when neither set nor defaulted, or unknown.
  std::optional<std::string_view> Get(std::string_view name) const;

  const ConnectorSettings& settings() const { return settings_; }

 private:
  friend StatusOr<ConnectorConfig> FromProperties(
      std::string name, std::vector<std::pair<std::string, std::string>> props);
  friend StatusOr<ConnectorConfig> ParseConnectorJson(std::string_view text);

  ConnectorConfig() = default;

  std::string name_;
  std::vector<std::string> warnings_;
  std::map<std::string, std::string, std::less<>> values_;  // canonical name -> value
  ConnectorSettings settings_;
};

// Parses the JSON body of Kafka Connect's POST /connectors: {"name": ..., "config": {...}}.
// Also accepted, because people keep configs in both forms: the bare config map of
// PUT /connectors/<name>/config, recognised by having no "config" object and a "name" inside.
// When both the outer and the inner name are present they must be equal (Kafka Connect's rule);
// either one alone is enough. Other top-level keys warn.
// Values may be JSON strings, numbers or booleans (converted to text as Kafka Connect does);
// null means "not set". Invalid JSON is an InvalidArgument naming line and column; a key given
// twice keeps its last value and warns.
[[nodiscard]] StatusOr<ConnectorConfig> ParseConnectorJson(std::string_view text);

// Builds a config from name/value pairs in input order (a property given twice keeps its last
// value and warns). `name` may be empty when the pairs contain "name"; when both are given they
// must be equal.
[[nodiscard]] StatusOr<ConnectorConfig> FromProperties(
    std::string name, std::vector<std::pair<std::string, std::string>> props);

// Every problem FromProperties finds, in the order its message lists them, without stopping at
// the first; empty exactly when FromProperties succeeds. A problem that concerns two properties
// (an include list and its exclude list) is listed under each; a connector-name problem under
// "name". For Kafka Connect's config validation (validate.h).
[[nodiscard]] std::vector<PropertyProblem> CheckProperties(
    std::string name, std::vector<std::pair<std::string, std::string>> props);

// `value` as it may be shown in messages and logs: "********" for passwords and other secrets
// (see IsSecretName), the value itself otherwise.
std::string Redacted(std::string_view canonical_or_alias, std::string_view value);

}  // namespace rowcast::config
