// `rowcast dispatch`: what Knative's KafkaSource does, as one process. Consumes topics in a
// consumer group and POSTs each record to a sink URL as a CloudEvent (dispatch/kafka_source.h
// says which), through the delivery engine (dispatch/delivery.h), with the offset discipline of
// knative-cloudevents.md §6.10-6.12 and §11:
//
// - ordered (default): one request in flight per partition, the next record of a partition is
//   sent only when the previous one is done; a partition that retries (or blocks) holds only
//   itself. unordered: up to max.in.flight requests at once, any partition.
// - offsets are committed (every commit.interval.ms, on a rebalance, on shutdown) only up to
//   the contiguous prefix of done records of each partition: at-least-once across crashes and
//   rebalances. Tombstones are skipped and count as done; gaps (transaction markers, compacted
//   records) too; the consumer position lets the commit pass the control record that ends a
//   partition.
// - a partition whose queue is full is paused while polling goes on, so long retries never
//   exceed max.poll.interval.ms.
// - SIGTERM/SIGINT: stop polling, let requests in flight finish within drain.timeout.ms, commit,
//   leave the group.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "dispatch/delivery.h"
#include "dispatch/kafka_source.h"

namespace rowcast::dispatch {

struct DispatchConfig {
  std::vector<std::string> topics;
  std::string group_id;
  std::string initial_offset = "latest";  // auto.offset.reset for a group without offsets
  bool ordered = true;
  SourceIdentity source;
  DeliveryOptions delivery;
  Millis commit_interval{5000};
  Millis drain_timeout{25000};
  Millis revoke_timeout{5000};  // wait for a revoked partition's requests in flight
  // Records taken and not done before a partition (ordered mode), or every partition, is
  // paused; resumed at half.
  size_t max_pending_per_partition = 2000;
  size_t max_pending_total = 10000;
  // librdkafka consumer settings (translated from the Java names), bootstrap.servers included.
  std::vector<std::pair<std::string, std::string>> kafka;
  std::vector<std::string> warnings;  // Java settings dropped although they change behaviour
};

using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;

// The dispatcher's properties (docs/serverless.md lists them): `bootstrap.servers`, `topics`,
// `group.id`, `initial.offset`, `ordering`, `max.in.flight`, `sink` (else $K_SINK),
// `source.name`, `source.namespace` (else $POD_NAMESPACE), `key.type`, `ce.overrides` (else
// $K_CE_OVERRIDES), `delivery.*`, `commit.interval.ms`, `drain.timeout.ms`; every other name is
// a Kafka consumer setting (Java or librdkafka names). $K_CA_CERTS (PEM text) is written to
// `ca_scratch_file` when no delivery.ca.file is given. InvalidArgument naming the property.
[[nodiscard]] StatusOr<DispatchConfig> ParseDispatchConfig(
    const std::vector<std::pair<std::string, std::string>>& properties, const EnvLookup& env,
    const std::string& ca_scratch_file);

struct DispatchCounters {
  uint64_t delivered = 0, dead_lettered = 0, dropped = 0, skipped = 0, commits = 0;
  uint64_t rebalances = 0;
};

// Runs until `stop` is set (then drains and commits) or a fatal error. OK after a clean stop.
[[nodiscard]] Status RunDispatcher(const DispatchConfig& config, const std::atomic<bool>& stop,
                                   DispatchCounters* counters = nullptr);

// The subcommand: reads `file` (Java properties; may be empty) and `overrides` (NAME=VALUE),
// runs until SIGINT/SIGTERM. Returns the exit code.
int RunDispatchCommand(const std::string& file, const std::vector<std::string>& overrides);

}  // namespace rowcast::dispatch
