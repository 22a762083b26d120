// Internal to sinks/kafka: librdkafka's log lines go to rowcast's log (debug, errors as errors)
// instead of straight to stderr; topic admin helpers shared by the sink and TopicLog.
#pragma once

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <optional>
#include <string>

#include "common/status.h"
#include "sinks/kafka/topic_log.h"

namespace rowcast::sinks::kafka {

void RouteLogs(rd_kafka_conf_t* conf);

// Partition count of `topic`, nullopt when it does not exist (from a metadata request for all
// topics: asking for one by name could make the brokers auto-create it).
[[nodiscard]] StatusOr<std::optional<int>> TopicPartitions(rd_kafka_t* rk, const std::string& topic,
                                                           std::chrono::milliseconds timeout);

// Creates `topic` as `spec` says; an existing topic is not an error.
[[nodiscard]] Status CreateTopic(rd_kafka_t* rk, const std::string& topic, const TopicSpec& spec,
                                 std::chrono::milliseconds timeout);

}  // namespace rowcast::sinks::kafka
