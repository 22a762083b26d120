// The "http" sink: every row change record becomes a CloudEvent (format/cloudevents.h, §10.1 of
// the CloudEvents contract) POSTed to a function, one request per event, through the delivery
// engine (dispatch/delivery.h): retries with backoff, Retry-After, dead-letter sink, block or
// drop, ordered per row key. A record is acknowledged only when the function answered 2xx, the
// dead-letter sink took it, or it was dropped under on.dead.letter.failure=drop; a record that
// cannot be delivered fails the sink, and the connector stops.
//
// Records that are not row changes (tombstones, schema change, heartbeat and transaction
// records) are not CloudEvents: they are acknowledged at once without a request.
#pragma once

#include <memory>
#include <string_view>

#include "common/status.h"
#include "dispatch/delivery.h"
#include "sinks/sink.h"

namespace rowcast::sinks::http {

// The delivery options of `settings` for `url` (durations parsed, enums mapped); InvalidArgument
// naming the rowcast.sink.http.* property that is wrong.
[[nodiscard]] StatusOr<dispatch::DeliveryOptions> DeliveryOptionsFor(
    std::string url, const config::HttpSinkSettings& settings);

// `spec`: "http:URL", "URL" (http:// or https://), or "http" / "http:" for the URL in the
// K_SINK environment variable.
[[nodiscard]] StatusOr<std::string> SinkUrl(std::string_view spec);

[[nodiscard]] StatusOr<std::unique_ptr<Sink>> CreateHttpSink(std::string_view spec, AckCallback ack,
                                                             const HttpOptions& options);

}  // namespace rowcast::sinks::http
