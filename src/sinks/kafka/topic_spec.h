// Plain descriptions of Kafka client settings and of topics to create, shared by the sink
// factory (sinks/sink.h) and the Kafka code; no librdkafka here.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace rowcast::sinks::kafka {

// librdkafka settings, in the order they are applied.
using Properties = std::vector<std::pair<std::string, std::string>>;

struct TopicSpec {
  int partitions = 1;           // -1: the brokers' num.partitions
  int replication_factor = -1;  // -1: the brokers' default.replication.factor
  std::map<std::string, std::string> configs;
};

// Kafka Connect's topic.creation groups: a topic the sink is about to write to for the first
// time is created, when it does not exist, as the first rule whose include matches its name
// (and whose exclude does not) says.
struct TopicRule {
  std::string group;                          // for messages
  std::vector<std::string> include, exclude;  // whole-name regexes; empty include: every topic
  TopicSpec spec;
};

}  // namespace rowcast::sinks::kafka
