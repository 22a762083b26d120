// How a connector's settings and a worker's settings become one task's options: the Kafka
// producer settings (worker producer.*, then the connector's producer.override.*), the offset
// store (the worker's offset.storage.topic, else the data directory), the schema history topic's
// clients and exactly-once delivery. Shared by `rowcast run` and `rowcast connect`.
#pragma once

#include <string>

#include "capture/connector_task.h"
#include "common/status.h"
#include "config/connector_config.h"
#include "config/worker_config.h"

namespace rowcast::connect {

// `worker` may be null (no worker file: Kafka settings come from the sink spec alone and
// offsets stay in `data_dir`). `sink` is a sinks::CreateSink spec.
[[nodiscard]] StatusOr<capture::TaskOptions> BuildTaskOptions(
    const config::ConnectorSettings& settings, const config::WorkerConfig* worker,
    const std::string& sink, const std::string& data_dir);

// The transactional id when exactly-once delivery is on (exactly.once.support=required, or the
// worker's exactly.once.source.support=enabled), else "".
[[nodiscard]] StatusOr<std::string> ExactlyOnceId(const config::ConnectorSettings& settings,
                                                  const config::WorkerConfig* worker,
                                                  const std::string& sink);

}  // namespace rowcast::connect
