// Offsets in a Kafka topic, in Kafka Connect's format, so that they are interchangeable with
// Kafka Connect + Debezium in both directions: key ["<connector name>",{"server":"<prefix>"}],
// value the Debezium offset JSON; the newest record of the key wins, a tombstone erases it.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "common/status.h"
#include "offsets/offset.h"
#include "sinks/kafka/topic_log.h"

namespace rowcast::sinks::kafka {

struct KafkaOffsetOptions {
  std::string topic;  // offset.storage.topic
  std::string connector_name;
  std::string server;  // topic.prefix
  TopicSpec create;    // used when the topic does not exist (compacted)
  Properties producer, consumer;
  std::chrono::milliseconds timeout{30000};  // for reading back and for each commit
};

// The key Kafka Connect writes for a Debezium MySQL connector's offset.
std::string ConnectOffsetKey(std::string_view connector_name, std::string_view server);

class KafkaOffsetStore final : public offsets::OffsetStore {
 public:
  // Creates the topic when missing; refuses one that is not compacted.
  [[nodiscard]] static StatusOr<std::unique_ptr<KafkaOffsetStore>> Open(KafkaOffsetOptions o);

  [[nodiscard]] StatusOr<std::optional<offsets::BinlogOffset>> Load() override;
  [[nodiscard]] Status Save(const offsets::BinlogOffset& offset) override;
  // Writes a tombstone for the connector's key, as Kafka Connect's offset reset does.
  [[nodiscard]] Status Reset() override;
  std::string where() const override;
  std::string reset_hint() const override;

 private:
  KafkaOffsetStore() = default;
  KafkaOffsetOptions options_;
  std::string key_;
  std::unique_ptr<TopicLog> log_;
};

}  // namespace rowcast::sinks::kafka
