// A Kafka topic used as a durable log of rowcast's own state (offsets, schema history), the way
// Kafka Connect and Debezium use their internal topics: read back whole at start, appended to
// synchronously (acks=all, waited for), created and checked through the Admin API.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "sinks/kafka/kafka_sink.h"

namespace rowcast::sinks::kafka {

struct TopicInfo {
  int partitions = 0;
  std::map<std::string, std::string> configs;  // the topic's effective configs
};

struct LogRecord {
  int partition = 0;
  int64_t offset = 0;
  std::optional<std::string> key;    // nullopt: a null key
  std::optional<std::string> value;  // nullopt: a tombstone
};

class TopicLog {
 public:
  // `producer`/`consumer`: librdkafka settings (bootstrap.servers and security at least).
  [[nodiscard]] static StatusOr<std::unique_ptr<TopicLog>> Open(std::string topic,
                                                                const Properties& producer,
                                                                const Properties& consumer);
  ~TopicLog();

  const std::string& topic() const { return topic_; }

  // The topic's partitions and configs, or nullopt when it does not exist.
  [[nodiscard]] StatusOr<std::optional<TopicInfo>> Describe(std::chrono::milliseconds timeout);
  // Creates the topic; an existing topic is not an error.
  [[nodiscard]] Status Create(const TopicSpec& spec, std::chrono::milliseconds timeout);

  // Every record now in the topic, partition by partition in offset order (read to the end
  // offsets of the moment it starts, with read_committed isolation).
  [[nodiscard]] StatusOr<std::vector<LogRecord>> ReadAll(std::chrono::milliseconds timeout);

  // Appends one record (a tombstone when `value` is nullopt) and waits until the brokers
  // acknowledge it. `partition` -1: by key (Java's murmur2, like Kafka Connect's own producer).
  [[nodiscard]] Status Append(const std::optional<std::string>& key,
                              const std::optional<std::string>& value, int partition,
                              std::chrono::milliseconds timeout);

 private:
  TopicLog() = default;
  std::string topic_;
  Properties consumer_;
  struct Handle;
  std::unique_ptr<Handle> producer_;
};

// Names of all topics in the cluster (internal ones, starting with "__", left out).
[[nodiscard]] StatusOr<std::vector<std::string>> ListTopics(const Properties& client,
                                                            std::chrono::milliseconds timeout);

}  // namespace rowcast::sinks::kafka
