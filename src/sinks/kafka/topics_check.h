// `rowcast topics check`: the Kafka topics a connector depends on, checked before they bite:
// the schema history topic (must keep every record in order), the offset topic (must be
// compacted) and the change-event topics (reported with their partitions and cleanup policy,
// compared with topic.creation when it is configured).
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "common/status.h"
#include "sinks/kafka/topic_spec.h"

namespace rowcast::sinks::kafka {

struct TopicsCheckInput {
  Properties client;             // bootstrap.servers and security
  std::string prefix;            // topic.prefix
  std::string history_topic;     // empty: the history is a file
  std::string offset_topic;      // empty: offsets are in a file
  std::vector<TopicRule> rules;  // topic.creation
  std::chrono::milliseconds timeout{30000};
};

struct TopicFinding {
  std::string topic;
  std::string role;  // "schema history", "offsets", "change events", "schema changes"
  bool problem = false;
  std::string text;
};

[[nodiscard]] StatusOr<std::vector<TopicFinding>> CheckTopics(const TopicsCheckInput& in);

}  // namespace rowcast::sinks::kafka
