// Internal to sinks/kafka: librdkafka's log lines go to rowcast's log (debug, errors as errors)
// instead of straight to stderr.
#pragma once

#include <librdkafka/rdkafka.h>

namespace rowcast::sinks::kafka {

void RouteLogs(rd_kafka_conf_t* conf);

}  // namespace rowcast::sinks::kafka
