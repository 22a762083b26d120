// The schema history in a Kafka topic, as Debezium's KafkaSchemaHistory keeps it: one record per
// schema change in Debezium's history record format, no key, all on partition 0 of a
// single-partition topic that never deletes (retention.ms=-1, cleanup.policy=delete), read back
// whole at start.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "schema/history.h"
#include "sinks/kafka/topic_log.h"

namespace rowcast::sinks::kafka {

struct KafkaHistoryOptions {
  std::string topic;            // schema.history.internal.kafka.topic
  std::string server;           // topic.prefix, written into each record
  int replication_factor = -1;  // when creating the topic; -1: the brokers' default
  Properties producer, consumer;
  std::chrono::milliseconds timeout{30000};
};

// The problem with an existing history topic's layout, or nullopt when it keeps every record in
// order (one partition, no compaction, no time or size limit).
std::optional<std::string> HistoryTopicProblem(const TopicInfo& info);

class KafkaSchemaHistory final : public schema::SchemaHistory {
 public:
  // Creates the topic when missing; refuses one that could lose or reorder records.
  [[nodiscard]] static StatusOr<std::unique_ptr<KafkaSchemaHistory>> Open(KafkaHistoryOptions o);

  std::string where() const override { return "topic " + options_.topic; }
  bool Exists() override;
  [[nodiscard]] StatusOr<std::vector<schema::HistoryRecord>> ReadAll() override;
  [[nodiscard]] Status Append(const std::vector<schema::HistoryRecord>& records) override;
  [[nodiscard]] Status Rewrite(const std::vector<schema::HistoryRecord>& records) override;
  uint64_t record_count() const override { return count_; }

 private:
  KafkaSchemaHistory() = default;
  StatusOr<std::vector<std::string>> ReadLines();
  KafkaHistoryOptions options_;
  std::unique_ptr<TopicLog> log_;
  uint64_t count_ = 0;
};

}  // namespace rowcast::sinks::kafka
