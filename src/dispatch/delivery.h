// Delivery of CloudEvents to an HTTP endpoint, one POST per event, with the KafkaSource delivery
// semantics and better defaults (/work/shared/reference/knative-cloudevents.md §6.8, §6.10, §11,
// §12 E): retry classification, linear/exponential backoff with a cap and jitter, Retry-After,
// per-request timeout, a dead-letter sink with the knativeerror* extensions, and, when the
// dead-letter sink fails too, block (default) or drop. Ordered per key with a bound on requests in
// flight; other keys keep flowing while one retries.
//
// The decisions (classification, next delay, Retry-After, ISO-8601 durations, the dead-letter
// event) are pure functions so they can be unit-tested; DeliveryEngine is the transport (libcurl,
// one easy handle per worker thread). Used by the HTTP sink (sinks/http) and by `rowcast
// dispatch` (Kafka → HTTP).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "format/cloudevents.h"

namespace rowcast::dispatch {

using Millis = std::chrono::milliseconds;

enum class BackoffPolicy { kExponential, kLinear };
// kNone: the exact Knative delays. kFull: U(0, delay) (AWS "full jitter"). kProportional:
// delay · (1 ± jitter_fraction).
enum class JitterKind { kNone, kFull, kProportional };

struct RetryPolicy {
  int retry = 10;  // retries after the first attempt (attempts = retry + 1)
  BackoffPolicy backoff_policy = BackoffPolicy::kExponential;
  Millis backoff_delay{200};
  Millis backoff_max{60000};  // cap of one wait; 0 = no cap (Knative)
  JitterKind jitter = JitterKind::kFull;
  double jitter_fraction = 0;  // kProportional: 0.2 means ±20 %
  // Retry-After of a 429/503 response is honoured up to this; 0 = ignore Retry-After.
  Millis retry_after_max{60000};
  Millis timeout{30000};  // per request
};

// `url` with user:password@ replaced by ***@, for logs, messages and knativeerrordest.
std::string ShownUrl(std::string_view url);

// An ISO-8601 duration as Knative's period.Parse reads it: PnW, PnD, PTnH, PTnM, PTn.nS and
// combinations (P1DT2H, PT0.2S). Years and months are refused (their length varies).
// InvalidArgument naming the value when it is not one.
[[nodiscard]] StatusOr<Millis> ParseIsoDuration(std::string_view text);

// "full", "none", or a percentage "20%" (±20 %), into `policy`.
[[nodiscard]] Status ParseJitter(std::string_view text, RetryPolicy& policy);

// What one attempt's outcome means. `http_status` 0 = no response (connection refused, reset,
// TLS failure, timeout).
enum class Verdict { kSuccess, kRetry, kFinal };
// §11.8 / §12 E1-E3: 2xx success; transport errors, 5xx, 404, 408, 409 and 429 retried; every
// other status (1xx, 3xx — redirects are not followed — 400, 401, 403, 410, 413, 415, ...) final.
Verdict Classify(int http_status);

// The wait before retry `n` (1 = first retry) without jitter or Retry-After: linear d·n,
// exponential d·2^n (Knative: the first exponential retry waits 2·d), capped by backoff_max;
// saturating, never overflows.
Millis BaseBackoff(const RetryPolicy& policy, int n);

// The wait before retry `n`: BaseBackoff with jitter applied (`unit_random` in [0, 1) is the
// jitter source), then, when the response was 429 or 503 with a Retry-After of `retry_after`,
// at least min(retry_after, retry_after_max).
Millis NextDelay(const RetryPolicy& policy, int n, int http_status,
                 std::optional<Millis> retry_after, double unit_random);

// A Retry-After header value: delta-seconds or an HTTP-date (RFC 9110 §10.2.3, IMF-fixdate and
// the obsolete RFC 850 / asctime forms), relative to `now`. nullopt when unparsable; a date in
// the past is 0.
std::optional<Millis> ParseRetryAfter(std::string_view value,
                                      std::chrono::system_clock::time_point now);

// What a failed attempt left to report to the dead-letter sink.
struct FailureInfo {
  int http_status = 0;  // 0: no response
  std::string body;     // the first bytes of the response body (at most kMaxErrorData kept)
  std::vector<std::pair<std::string, std::string>> headers;  // response headers
  std::string error;  // transport error text, when there was no response
};
inline constexpr size_t kMaxErrorData = 1024;

// §6.8 / §11.11: `event` plus knativeerrordest = `url`, and when there was a response
// knativeerrorcode = status, knativeerrordata = Base64 of the first 1024 body bytes (when the
// body is not empty), and each `kne-<name>` response header as extension <name> (lower-cased;
// names that are not [a-z0-9]+ are skipped).
format::CloudEvent DeadLetterEvent(format::CloudEvent event, std::string_view url,
                                   const FailureInfo& failure);

enum class EventMode { kBinary, kStructured };
// When delivery and the dead-letter sink both failed (or delivery failed with retries exhausted
// and there is no dead-letter sink): keep retrying at the capped backoff, or drop the event
// (logged; the caller is told, kDropped).
enum class OnFailure { kBlock, kDrop };

struct DeliveryOptions {
  std::string url;              // http:// or https://
  std::string dead_letter_url;  // empty: none
  RetryPolicy policy;
  OnFailure on_failure = OnFailure::kBlock;
  EventMode mode = EventMode::kBinary;
  std::string bearer_token_file;  // re-read when its mtime changes; empty: no Authorization
  std::string ca_file;            // PEM bundle to verify https servers; empty: system CAs
  int max_in_flight = 16;         // concurrent requests (worker threads)
  size_t max_queued = 10000;      // events accepted but not done; Submit blocks beyond
  size_t max_queued_bytes = 64u << 20;
  // With no dead-letter sink, a status that is not retried (400, 401, ...) fails the event
  // (kFailed: the user stops) unless this is set; then it blocks like an event the dead-letter
  // sink refused (`rowcast dispatch` blocks the one partition and keeps the others flowing).
  bool block_on_final_status = false;
  // Extra request headers (e.g. Prefer: reply, Kn-Namespace for knative-compat).
  std::vector<std::pair<std::string, std::string>> extra_headers;
};

// Fails when the options cannot work (URL scheme, missing CA or token file, bad numbers).
[[nodiscard]] Status CheckDeliveryOptions(const DeliveryOptions& options);

enum class DeliveryResult {
  kDelivered,     // a 2xx from the sink
  kDeadLettered,  // the dead-letter sink took it
  kDropped,       // OnFailure::kDrop after the dead-letter sink failed too (or with none)
  kFailed,        // could not be delivered and may not be dropped: the caller must stop
};

struct DeliveryReport {
  uint64_t tag = 0;
  DeliveryResult result = DeliveryResult::kDelivered;
  int attempts = 0;  // requests made for this event (dead-letter sink included)
  Status status;     // kFailed: why (names the URL, status and event id)
};

using DoneCallback = std::function<void(const DeliveryReport&)>;

// Sends events. Owned by one user (a sink, the dispatcher); Submit, WaitIdle and the
// destructor are called from that user's thread; the callback runs on worker threads, once per
// submitted event, never under the engine's lock.
class DeliveryEngine {
 public:
  [[nodiscard]] static StatusOr<std::unique_ptr<DeliveryEngine>> Create(DeliveryOptions options,
                                                                        DoneCallback done);
  // Stops: queued events are not sent (and not reported), in-flight requests are aborted.
  ~DeliveryEngine();

  // Queues `event` behind earlier events with the same `ordering_key` (an empty key orders
  // nothing: the event may go at once). Blocks while max_queued events (or bytes) wait;
  // returns the engine's failure, if any, instead of queuing.
  [[nodiscard]] Status Submit(uint64_t tag, std::string ordering_key, format::CloudEvent event);

  // Waits until every submitted event is reported, the engine failed, or `deadline` passed.
  // Returns the failure, or Unavailable naming how many events are still pending.
  [[nodiscard]] Status WaitIdle(Millis deadline);

  // Removes the queued events whose tag `which` selects, except those with a request in flight
  // (they finish and are reported); removed events are not sent and not reported. The dispatcher
  // uses it for partitions taken away in a rebalance. Returns the removed events' tags. An
  // event in flight is marked instead: if its request fails it is not retried (nor reported).
  std::vector<uint64_t> Cancel(const std::function<bool(uint64_t)>& which);

  // The first kFailed report's status, or OK.
  Status failure() const;
  // Events submitted and not yet reported.
  size_t pending() const;

  struct Counters {
    uint64_t delivered = 0, dead_lettered = 0, dropped = 0, failed = 0, retries = 0;
  };
  Counters counters() const;

  class Impl;

 private:
  explicit DeliveryEngine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace rowcast::dispatch
