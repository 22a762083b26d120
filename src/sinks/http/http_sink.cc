#include "sinks/http/http_sink.h"

#include <cstdlib>
#include <map>
#include <mutex>
#include <string>
#include <utility>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "format/cloudevents.h"

namespace rowcast::sinks::http {
namespace {

using dispatch::DeliveryEngine;
using dispatch::DeliveryReport;
using dispatch::DeliveryResult;

bool IsHttpUrl(std::string_view s) {
  return (s.starts_with("http://") && s.size() > 7) || (s.starts_with("https://") && s.size() > 8);
}

StatusOr<dispatch::Millis> Duration(std::string_view property, const std::string& value) {
  auto d = dispatch::ParseIsoDuration(value);
  if (!d.has_value()) {
    return std::unexpected(InvalidArgumentError(
        fmt::format("rowcast.sink.http.{}: {}", property, d.error().message())));
  }
  return *d;
}

class HttpSink final : public Sink {
 public:
  HttpSink(AckCallback ack, format::CloudEventOptions ce, bool ordered)
      : ack_(std::move(ack)), ce_(std::move(ce)), ordered_(ordered) {}

  Status Open(dispatch::DeliveryOptions options) {
    ROWCAST_ASSIGN_OR_RETURN_STATUS(
        engine_, DeliveryEngine::Create(std::move(options), [this](const DeliveryReport& r) {
          // Delivered, dead-lettered or dropped (as configured): the offset may advance.
          // kFailed: the record's offset, and every later one, must never be committed.
          ack_(r.tag, r.result == DeliveryResult::kFailed ? r.status : OkStatus());
        }));
    return OkStatus();
  }

  Status Send(uint64_t seq, Record record) override {
    ROWCAST_RETURN_STATUS_IF_ERROR(engine_->failure());
    if (!record.value.has_value() || *record.value == "null") {
      // A tombstone is no CloudEvent (§10.1): nothing to send, acknowledged at once.
      ack_(seq, OkStatus());
      return OkStatus();
    }
    uint64_t keyless_seq = 0;
    if (record.key == "null") keyless_seq = ++keyless_[record.topic];
    auto event = format::MapChangeToCloudEvent(ce_, record.key, *record.value, keyless_seq);
    if (!event.has_value()) {
      return InvalidArgumentError(fmt::format("cannot map a record of topic {} to a CloudEvent: {}",
                                              record.topic, event.error().message()));
    }
    if (!event->has_value()) {
      // Schema change, heartbeat and transaction records are not row changes: not sent.
      ack_(seq, OkStatus());
      return OkStatus();
    }
    std::string key;
    if (ordered_) {
      key.reserve(record.topic.size() + 1 + record.key.size());
      key.append(record.topic).push_back('\n');
      // Tables without a key are ordered per table.
      if (record.key != "null") key.append(record.key);
    }
    return engine_->Submit(seq, std::move(key), std::move(**event));
  }

  Status Flush(std::chrono::milliseconds deadline) override { return engine_->WaitIdle(deadline); }

  // Acknowledgements come by themselves; only a failure is reported here.
  Status Checkpoint() override { return engine_->failure(); }

  std::string_view name() const override { return "http"; }

 private:
  AckCallback ack_;
  format::CloudEventOptions ce_;
  bool ordered_;
  std::map<std::string, uint64_t> keyless_;  // pipeline thread only
  std::unique_ptr<DeliveryEngine> engine_;
};

}  // namespace

StatusOr<std::string> SinkUrl(std::string_view spec) {
  if (spec == "http" || spec == "http:") {
    const char* k_sink = std::getenv("K_SINK");
    if (k_sink == nullptr || *k_sink == '\0') {
      return std::unexpected(InvalidArgumentError(
          "--sink http without a URL takes it from the K_SINK environment variable (as a Knative "
          "SinkBinding sets it), which is not set; give --sink http:URL"));
    }
    if (!IsHttpUrl(k_sink)) {
      return std::unexpected(InvalidArgumentError(fmt::format(
          "K_SINK {:?} is not an http:// or https:// URL", dispatch::ShownUrl(k_sink))));
    }
    return std::string(k_sink);
  }
  std::string_view url = spec;
  if (spec.starts_with("http:") && IsHttpUrl(spec.substr(5))) url = spec.substr(5);
  if (!IsHttpUrl(url)) {
    return std::unexpected(InvalidArgumentError(fmt::format(
        "--sink {:?} is not http:URL with an http:// or https:// URL", dispatch::ShownUrl(spec))));
  }
  return std::string(url);
}

StatusOr<dispatch::DeliveryOptions> DeliveryOptionsFor(std::string url,
                                                       const config::HttpSinkSettings& s) {
  dispatch::DeliveryOptions o;
  o.url = std::move(url);
  o.policy.retry = static_cast<int>(s.retry);
  o.policy.backoff_policy = s.backoff_policy == "linear" ? dispatch::BackoffPolicy::kLinear
                                                         : dispatch::BackoffPolicy::kExponential;
  ROWCAST_ASSIGN_OR_RETURN(o.policy.backoff_delay, Duration("backoff.delay", s.backoff_delay));
  ROWCAST_ASSIGN_OR_RETURN(o.policy.backoff_max, Duration("backoff.max", s.backoff_max));
  ROWCAST_ASSIGN_OR_RETURN(o.policy.timeout, Duration("timeout", s.timeout));
  ROWCAST_ASSIGN_OR_RETURN(o.policy.retry_after_max,
                           Duration("retry.after.max", s.retry_after_max));
  if (o.policy.timeout.count() <= 0) {
    return std::unexpected(
        InvalidArgumentError("rowcast.sink.http.timeout must be longer than 0 (e.g. PT30S)"));
  }
  if (Status st = dispatch::ParseJitter(s.backoff_jitter, o.policy); !st.ok()) {
    return std::unexpected(
        InvalidArgumentError(fmt::format("rowcast.sink.http.backoff.jitter: {}", st.message())));
  }
  o.dead_letter_url = s.dead_letter_url;
  o.on_failure =
      s.on_dead_letter_failure == "drop" ? dispatch::OnFailure::kDrop : dispatch::OnFailure::kBlock;
  o.mode = s.mode == "structured" ? dispatch::EventMode::kStructured : dispatch::EventMode::kBinary;
  o.bearer_token_file = s.bearer_token_file;
  o.ca_file = s.ca_file;
  o.max_in_flight = static_cast<int>(s.max_in_flight);
  return o;
}

StatusOr<std::unique_ptr<Sink>> CreateHttpSink(std::string_view spec, AckCallback ack,
                                               const HttpOptions& options) {
  ROWCAST_ASSIGN_OR_RETURN(std::string url, SinkUrl(spec));
  ROWCAST_ASSIGN_OR_RETURN(dispatch::DeliveryOptions delivery,
                           DeliveryOptionsFor(url, options.settings));
  format::CloudEventOptions ce;
  ce.topic_prefix = options.topic_prefix;
  ce.connector = options.connector;
  const std::string mode = options.settings.mode;
  const std::string dls = dispatch::ShownUrl(delivery.dead_letter_url);
  const auto& p = delivery.policy;
  spdlog::info(
      "HTTP sink: CloudEvents ({} mode) to {}; retry {} ({}, delay {} ms, max {} ms), timeout {} "
      "ms, dead-letter sink {}, on dead-letter failure {}, {} in flight{}",
      mode, dispatch::ShownUrl(url), p.retry,
      p.backoff_policy == dispatch::BackoffPolicy::kLinear ? "linear" : "exponential",
      p.backoff_delay.count(), p.backoff_max.count(), p.timeout.count(), dls.empty() ? "none" : dls,
      options.settings.on_dead_letter_failure, delivery.max_in_flight,
      options.settings.ordered ? ", ordered per key" : ", unordered");
  auto sink = std::make_unique<HttpSink>(std::move(ack), std::move(ce), options.settings.ordered);
  ROWCAST_RETURN_IF_ERROR(sink->Open(std::move(delivery)));
  return sink;
}

}  // namespace rowcast::sinks::http
