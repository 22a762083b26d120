// Where `rowcast connect` keeps its connectors' configurations and target states, so that a
// restarted worker (or, with Kafka, a new one elsewhere) picks every connector up again:
//   - FileConfigStore: one JSON file per connector in <data dir>/connectors/;
//   - KafkaConfigStore: the worker's config.storage.topic in Kafka Connect's own record format
//     (`connector-<name>` -> {"properties":{...}}, `target-state-<name>` -> {"state":...},
//     `task-<name>-0` and `commit-<name>`), plus task and connector states in
//     status.storage.topic, as a Kafka Connect worker writes them.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "sinks/kafka/topic_spec.h"

namespace rowcast::connect {

// A connector's properties as given (unresolved config-provider references included), each
// name once, in the order first given.
using ConfigMap = std::vector<std::pair<std::string, std::string>>;

// What the user asked the connector to be (Kafka Connect's TargetState).
enum class TargetState { kStarted, kPaused, kStopped };
std::string_view TargetStateName(TargetState t);  // "STARTED", "PAUSED", "STOPPED"

struct StoredConnector {
  std::string name;
  ConfigMap config;
  TargetState target = TargetState::kStarted;
};

class ConfigStore {
 public:
  virtual ~ConfigStore() = default;
  // Every stored connector, in name order.
  [[nodiscard]] virtual StatusOr<std::vector<StoredConnector>> Load() = 0;
  [[nodiscard]] virtual Status Put(const StoredConnector& connector) = 0;
  [[nodiscard]] virtual Status Remove(const std::string& name) = 0;
  // Records a state change for status.storage.topic; best effort, never fails the caller.
  virtual void PutStatus(const std::string& name, std::string_view connector_state,
                         std::string_view task_state, std::string_view trace,
                         const std::string& worker_id) {
    (void)name, (void)connector_state, (void)task_state, (void)trace, (void)worker_id;
  }
  virtual std::string where() const = 0;
};

[[nodiscard]] StatusOr<std::unique_ptr<ConfigStore>> OpenFileConfigStore(std::string dir);

struct KafkaConfigStoreOptions {
  std::string config_topic;                // config.storage.topic
  std::string status_topic;                // status.storage.topic; empty: states are not written
  int16_t config_replication_factor = -1;  // -1: the broker's default
  int32_t status_partitions = 5;
  int16_t status_replication_factor = -1;
  sinks::kafka::Properties producer, consumer;  // librdkafka settings
};
[[nodiscard]] StatusOr<std::unique_ptr<ConfigStore>> OpenKafkaConfigStore(
    KafkaConfigStoreOptions options);

// Connector config JSON helpers: {"k":"v",...} <-> ConfigMap (values must be strings, numbers
// or booleans, converted to text as Kafka Connect does; null drops the key).
std::string ConfigToJson(const ConfigMap& config);

}  // namespace rowcast::connect
