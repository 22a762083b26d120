#include "connect/task_setup.h"

#include <map>
#include <optional>
#include <utility>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "sinks/kafka/client_config.h"

namespace rowcast::connect {
namespace {

using config::ClientRole;
using config::ConnectorSettings;
using config::WorkerConfig;
using sinks::kafka::TranslateClientProperties;

const WorkerConfig& Defaults() {
  static const WorkerConfig kDefaults;
  return kDefaults;
}

// The producer's settings in librdkafka's names: the worker's (bootstrap.servers, the shared
// client settings, producer.*), then the connector's producer.override.*.
StatusOr<sinks::KafkaProperties> ProducerSettings(const WorkerConfig& worker,
                                                  const ConnectorSettings& s) {
  std::map<std::string, std::string> java = worker.ClientSettings(ClientRole::kProducer);
  if (!s.producer_override.empty() && worker.connector_client_config_override_policy == "None") {
    return std::unexpected(InvalidArgumentError(
        fmt::format("the connector sets producer.override.* but the worker's "
                    "connector.client.config.override.policy is None; allow it (All) or remove {}",
                    "producer.override." + s.producer_override.begin()->first)));
  }
  for (const auto& [k, v] : s.producer_override) java[k] = v;
  ROWCAST_ASSIGN_OR_RETURN(sinks::kafka::ClientProperties translated,
                           TranslateClientProperties(java, sinks::kafka::ClientRole::kProducer));
  for (const auto& w : translated.warnings) spdlog::warn("{}", w);
  return translated.set;
}

// Offsets in the worker's offset.storage.topic (Kafka Connect's distributed mode).
StatusOr<sinks::kafka::KafkaOffsetOptions> OffsetSettings(const WorkerConfig& worker,
                                                          const ConnectorSettings& s) {
  sinks::kafka::KafkaOffsetOptions o;
  o.topic = worker.offset_storage_topic;
  o.connector_name = s.name;
  o.server = s.topic_prefix;
  o.create.partitions = worker.offset_storage_partitions;
  o.create.replication_factor = worker.offset_storage_replication_factor;
  ROWCAST_ASSIGN_OR_RETURN(auto producer,
                           TranslateClientProperties(worker.ClientSettings(ClientRole::kProducer),
                                                     sinks::kafka::ClientRole::kProducer));
  ROWCAST_ASSIGN_OR_RETURN(auto consumer,
                           TranslateClientProperties(worker.ClientSettings(ClientRole::kConsumer),
                                                     sinks::kafka::ClientRole::kConsumer));
  o.producer = std::move(producer.set);
  o.consumer = std::move(consumer.set);
  return o;
}

// The schema history topic's clients: the connector's schema.history.internal.kafka.* and
// .producer.* / .consumer.* settings (brokers default to the worker's).
StatusOr<sinks::kafka::KafkaHistoryOptions> HistorySettings(const WorkerConfig* worker,
                                                            const ConnectorSettings& s) {
  std::string bootstrap = s.history_kafka_bootstrap;
  if (bootstrap.empty() && worker != nullptr) bootstrap = worker->bootstrap_servers;
  if (bootstrap.empty()) {
    return std::unexpected(InvalidArgumentError(
        fmt::format("schema.history.internal.kafka.topic is {} but no brokers are given: set "
                    "schema.history.internal.kafka.bootstrap.servers (or give a --worker file with "
                    "bootstrap.servers)",
                    s.history_kafka_topic)));
  }
  sinks::kafka::KafkaHistoryOptions o;
  o.topic = s.history_kafka_topic;
  o.server = s.topic_prefix;
  auto producer = s.history_producer;
  producer["bootstrap.servers"] = bootstrap;
  auto consumer = s.history_consumer;
  consumer["bootstrap.servers"] = bootstrap;
  ROWCAST_ASSIGN_OR_RETURN(
      auto p, TranslateClientProperties(producer, sinks::kafka::ClientRole::kProducer));
  ROWCAST_ASSIGN_OR_RETURN(
      auto c, TranslateClientProperties(consumer, sinks::kafka::ClientRole::kConsumer));
  o.producer = std::move(p.set);
  o.consumer = std::move(c.set);
  return o;
}

}  // namespace

StatusOr<std::string> ExactlyOnceId(const ConnectorSettings& s, const WorkerConfig* worker,
                                    const std::string& sink) {
  const WorkerConfig& w = worker != nullptr ? *worker : Defaults();
  if (!s.exactly_once_required && w.exactly_once_source_support != "enabled") return "";
  if (!sink.starts_with("kafka")) {
    return std::unexpected(
        InvalidArgumentError("exactly-once delivery (exactly.once.support=required or the worker's "
                             "exactly.once.source.support=enabled) needs the Kafka sink"));
  }
  return w.group_id.empty() ? "rowcast-" + s.name : fmt::format("{}-{}-0", w.group_id, s.name);
}

StatusOr<capture::TaskOptions> BuildTaskOptions(const ConnectorSettings& settings,
                                                const WorkerConfig* worker, const std::string& sink,
                                                const std::string& data_dir) {
  capture::TaskOptions options;
  options.settings = settings;
  options.sink = sink;
  options.data_dir = data_dir;
  const WorkerConfig& w = worker != nullptr ? *worker : Defaults();
  if (sink.starts_with("kafka")) {
    ROWCAST_ASSIGN_OR_RETURN(options.kafka.properties, ProducerSettings(w, settings));
    for (const auto& g : settings.topic_creation) {
      options.kafka.topic_rules.push_back(sinks::kafka::TopicRule{
          g.name, g.include, g.exclude, {g.partitions, g.replication_factor, g.configs}});
    }
  }
  if (!settings.history_kafka_topic.empty()) {
    ROWCAST_ASSIGN_OR_RETURN(options.kafka_history, HistorySettings(worker, settings));
  }
  if (worker != nullptr && !worker->offset_storage_topic.empty()) {
    ROWCAST_ASSIGN_OR_RETURN(options.kafka_offsets, OffsetSettings(*worker, settings));
  }
  ROWCAST_ASSIGN_OR_RETURN(std::string eos, ExactlyOnceId(settings, worker, sink));
  if (!eos.empty()) {
    // Transactions: Kafka Connect's transactional id when the worker is a distributed one (so
    // rowcast fences the Kafka Connect task it replaces), else one of rowcast's own. Records
    // may then wait for brokers at most one transaction timeout.
    options.kafka.properties.emplace_back("transactional.id", eos);
    options.kafka.properties.emplace_back("message.timeout.ms", "60000");
  }
  return options;
}

}  // namespace rowcast::connect
