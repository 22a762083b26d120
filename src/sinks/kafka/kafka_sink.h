// The Kafka sink: records go to Apache Kafka through librdkafka's idempotent producer.
//
// Delivery reports are the acknowledgements: a record is acknowledged when every in-sync
// replica has it (acks=all), so the offsets committed after it never point past a record Kafka
// does not have. The producer retries without a time limit while brokers are away (Kafka
// Connect's delivery.timeout.ms=MAX_INT), and idempotence keeps the order per partition across
// those retries. Keyed records go to the partition Java's default partitioner picks (murmur2 of
// the key), so consumers written against Debezium see the same partitioning.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "sinks/kafka/topic_spec.h"
#include "sinks/sink.h"

namespace rowcast::sinks::kafka {

// rowcast's producer defaults, applied before the user's settings (which may override them).
Properties DefaultProducerProperties();

// `properties`: librdkafka settings (bootstrap.servers at least), already translated from the
// Java names (client_config.h); they override the defaults. A setting librdkafka rejects is an
// InvalidArgument naming it.
[[nodiscard]] StatusOr<std::unique_ptr<Sink>> CreateKafkaSink(const Properties& properties,
                                                              AckCallback ack,
                                                              std::vector<TopicRule> rules = {});

}  // namespace rowcast::sinks::kafka
