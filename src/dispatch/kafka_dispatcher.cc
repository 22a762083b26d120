#include "dispatch/kafka_dispatcher.h"

#include <librdkafka/rdkafka.h>
#include <pthread.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <condition_variable>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <ranges>
#include <set>
#include <sstream>
#include <thread>
#include <unordered_map>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "config/worker_config.h"
#include "dispatch/offset_tracker.h"
#include "sinks/kafka/client_config.h"

namespace rowcast::dispatch {
namespace {

using Clock = std::chrono::steady_clock;

std::string Trimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

StatusOr<int64_t> PositiveNumber(std::string_view name, const std::string& value, int64_t min,
                                 int64_t max) {
  int64_t n = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (ec != std::errc() || end != value.data() + value.size() || n < min || n > max) {
    return std::unexpected(InvalidArgumentError(
        fmt::format("{} = {:?} is not a whole number from {} to {}", name, value, min, max)));
  }
  return n;
}

StatusOr<Millis> Duration(std::string_view name, const std::string& value) {
  auto d = ParseIsoDuration(value);
  if (!d.has_value()) return std::unexpected(d.error().WithContext(std::string(name)));
  return *d;
}

bool IsHttpUrl(std::string_view url) {
  return url.starts_with("http://") || url.starts_with("https://");
}

}  // namespace

StatusOr<DispatchConfig> ParseDispatchConfig(
    const std::vector<std::pair<std::string, std::string>>& properties, const EnvLookup& env,
    const std::string& ca_scratch_file) {
  std::map<std::string, std::string> p;
  for (const auto& [k, v] : properties) p[Trimmed(k)] = Trimmed(v);
  auto take = [&](const std::string& name) -> std::optional<std::string> {
    auto it = p.find(name);
    if (it == p.end()) return std::nullopt;
    std::string v = it->second;
    p.erase(it);
    return v;
  };
  auto required = [&](const std::string& name, std::string_view what) -> StatusOr<std::string> {
    auto v = take(name);
    if (!v.has_value() || v->empty()) {
      return std::unexpected(InvalidArgumentError(fmt::format("{} is required: {}", name, what)));
    }
    return *v;
  };

  DispatchConfig c;
  std::map<std::string, std::string> java;
  ROWCAST_ASSIGN_OR_RETURN(java["bootstrap.servers"],
                           required("bootstrap.servers", "the Kafka brokers, host:port,..."));
  ROWCAST_ASSIGN_OR_RETURN(const std::string topics,
                           required("topics", "the topics to consume, comma-separated"));
  std::stringstream split(topics);
  for (std::string t; std::getline(split, t, ',');) {
    t = Trimmed(t);
    if (!t.empty()) c.topics.push_back(t);
  }
  if (c.topics.empty()) {
    return std::unexpected(InvalidArgumentError("topics names no topic"));
  }
  ROWCAST_ASSIGN_OR_RETURN(c.group_id,
                           required("group.id",
                                    "the consumer group whose committed offsets say where to "
                                    "resume (KafkaSource's consumerGroup)"));
  if (auto v = take("initial.offset")) {
    if (*v != "earliest" && *v != "latest") {
      return std::unexpected(
          InvalidArgumentError(fmt::format("initial.offset = {:?} is not earliest or latest", *v)));
    }
    c.initial_offset = *v;
  }
  if (auto v = take("ordering")) {
    if (*v != "ordered" && *v != "unordered") {
      return std::unexpected(
          InvalidArgumentError(fmt::format("ordering = {:?} is not ordered or unordered", *v)));
    }
    c.ordered = *v == "ordered";
  }
  int64_t max_in_flight = 50;
  if (auto v = take("max.in.flight")) {
    ROWCAST_ASSIGN_OR_RETURN(max_in_flight, PositiveNumber("max.in.flight", *v, 1, 1000));
  }

  // Where events go.
  std::string sink = take("sink").value_or("");
  if (sink.empty()) sink = env("K_SINK").value_or("");
  if (sink.empty()) {
    return std::unexpected(InvalidArgumentError(
        "no sink: set sink=URL (or --sink URL), or the K_SINK environment variable as a Knative "
        "SinkBinding does"));
  }
  if (!IsHttpUrl(sink)) {
    return std::unexpected(
        InvalidArgumentError(fmt::format("sink {:?} is not an http:// or https:// URL", sink)));
  }
  if (auto v = take("source.name"); v && !v->empty()) c.source.name = *v;
  if (auto v = take("source.namespace"); v && !v->empty()) {
    c.source.ns = *v;
  } else if (auto ns = env("POD_NAMESPACE"); ns && !ns->empty()) {
    c.source.ns = *ns;
  }
  if (auto v = take("key.type")) {
    ROWCAST_ASSIGN_OR_RETURN(c.source.key_type, ParseKeyType(*v));
  }
  std::optional<std::string> overrides = take("ce.overrides");
  if (!overrides.has_value() || overrides->empty()) overrides = env("K_CE_OVERRIDES");
  if (overrides.has_value() && !overrides->empty()) {
    auto parsed = ParseCeOverrides(*overrides);
    if (!parsed.has_value()) {
      return std::unexpected(parsed.error().WithContext("ce.overrides / K_CE_OVERRIDES"));
    }
    c.source.overrides = std::move(*parsed);
  }

  // How.
  DeliveryOptions& d = c.delivery;
  d.url = sink;
  d.block_on_final_status = true;
  d.policy.backoff_max = Millis(30000);
  d.max_in_flight = static_cast<int>(max_in_flight);
  d.max_queued = 100000;
  d.max_queued_bytes = 256u << 20;
  d.extra_headers = {{"Prefer", "reply"}, {"Kn-Namespace", c.source.ns}};
  if (auto v = take("delivery.mode")) {
    if (*v != "binary" && *v != "structured") {
      return std::unexpected(InvalidArgumentError(
          fmt::format("delivery.mode = {:?} is not binary or structured", *v)));
    }
    d.mode = *v == "binary" ? EventMode::kBinary : EventMode::kStructured;
  }
  if (auto v = take("delivery.retry")) {
    ROWCAST_ASSIGN_OR_RETURN(const int64_t n, PositiveNumber("delivery.retry", *v, 0, 1000));
    d.policy.retry = static_cast<int>(n);
  }
  if (auto v = take("delivery.backoff.policy")) {
    if (*v != "exponential" && *v != "linear") {
      return std::unexpected(InvalidArgumentError(
          fmt::format("delivery.backoff.policy = {:?} is not exponential or linear", *v)));
    }
    d.policy.backoff_policy = *v == "linear" ? BackoffPolicy::kLinear : BackoffPolicy::kExponential;
  }
  if (auto v = take("delivery.backoff.delay")) {
    ROWCAST_ASSIGN_OR_RETURN(d.policy.backoff_delay, Duration("delivery.backoff.delay", *v));
  }
  if (auto v = take("delivery.backoff.max")) {
    ROWCAST_ASSIGN_OR_RETURN(d.policy.backoff_max, Duration("delivery.backoff.max", *v));
  }
  if (auto v = take("delivery.backoff.jitter")) {
    if (Status s = ParseJitter(*v, d.policy); !s.ok()) {
      return std::unexpected(s.WithContext("delivery.backoff.jitter"));
    }
  }
  if (auto v = take("delivery.timeout")) {
    ROWCAST_ASSIGN_OR_RETURN(d.policy.timeout, Duration("delivery.timeout", *v));
  }
  if (auto v = take("delivery.retry.after.max")) {
    ROWCAST_ASSIGN_OR_RETURN(d.policy.retry_after_max, Duration("delivery.retry.after.max", *v));
  }
  if (auto v = take("delivery.dead.letter.url"); v && !v->empty()) {
    if (!IsHttpUrl(*v)) {
      return std::unexpected(InvalidArgumentError(
          fmt::format("delivery.dead.letter.url {:?} is not an http:// or https:// URL", *v)));
    }
    d.dead_letter_url = *v;
  }
  if (auto v = take("delivery.on.dead.letter.failure")) {
    if (*v != "block" && *v != "drop") {
      return std::unexpected(InvalidArgumentError(
          fmt::format("delivery.on.dead.letter.failure = {:?} is not block or drop", *v)));
    }
    d.on_failure = *v == "drop" ? OnFailure::kDrop : OnFailure::kBlock;
  }
  if (auto v = take("delivery.bearer.token.file")) d.bearer_token_file = *v;
  if (auto v = take("delivery.ca.file"); v && !v->empty()) {
    d.ca_file = *v;
  } else if (auto pem = env("K_CA_CERTS"); pem && !pem->empty()) {
    std::ofstream out(ca_scratch_file, std::ios::binary | std::ios::trunc);
    out << *pem << '\n';
    if (!out) {
      return std::unexpected(
          UnavailableError(fmt::format("cannot write K_CA_CERTS to {}", ca_scratch_file)));
    }
    d.ca_file = ca_scratch_file;
  }
  if (auto v = take("commit.interval.ms")) {
    ROWCAST_ASSIGN_OR_RETURN(const int64_t n,
                             PositiveNumber("commit.interval.ms", *v, 100, 3600000));
    c.commit_interval = Millis(n);
  }
  if (auto v = take("drain.timeout.ms")) {
    ROWCAST_ASSIGN_OR_RETURN(const int64_t n, PositiveNumber("drain.timeout.ms", *v, 0, 3600000));
    c.drain_timeout = Millis(n);
  }
  ROWCAST_RETURN_IF_ERROR(CheckDeliveryOptions(d));

  // The rest configures the Kafka consumer.
  for (const auto& [k, v] : p) {
    for (std::string_view ours : {"delivery.", "source.", "ce.", "sink.", "commit.", "drain."}) {
      if (k.starts_with(ours)) {
        return std::unexpected(InvalidArgumentError(fmt::format(
            "unknown dispatch property {}: see docs/serverless.md for the {}* properties", k,
            ours)));
      }
    }
    java[k] = v;
  }
  java["group.id"] = c.group_id;
  ROWCAST_ASSIGN_OR_RETURN(auto client, sinks::kafka::TranslateClientProperties(
                                            java, sinks::kafka::ClientRole::kConsumer));
  c.warnings = std::move(client.warnings);
  c.kafka = {{"client.id", "rowcast-dispatch"},
             {"isolation.level", "read_committed"},
             {"queued.max.messages.kbytes", "16384"},
             {"auto.offset.reset", c.initial_offset}};
  for (auto& kv : client.set) c.kafka.push_back(std::move(kv));
  // The offsets are ours to commit, and only for records that are done.
  c.kafka.emplace_back("enable.auto.commit", "false");
  c.kafka.emplace_back("enable.auto.offset.store", "false");
  c.kafka.emplace_back("enable.partition.eof", "false");
  return c;
}

namespace {

struct PartitionKey {
  std::string topic;
  int32_t partition = 0;
  auto operator<=>(const PartitionKey&) const = default;
};

std::string Describe(const PartitionKey& k) { return fmt::format("{}[{}]", k.topic, k.partition); }

class Dispatcher {
 public:
  Dispatcher(const DispatchConfig& config, const std::atomic<bool>& stop)
      : c_(config), stop_(stop) {}

  ~Dispatcher() {
    engine_.reset();
    if (rk_ != nullptr) rd_kafka_destroy(rk_);
  }

  Status Run() {
    ROWCAST_RETURN_STATUS_IF_ERROR(Start());
    Status result = Loop();
    Shutdown();
    spdlog::info(
        "dispatch stopped: {} delivered, {} dead-lettered, {} dropped, {} skipped (no value), "
        "{} commits",
        counters_.delivered, counters_.dead_lettered, counters_.dropped, counters_.skipped,
        counters_.commits);
    return result;
  }

  DispatchCounters counters() const { return counters_; }

 private:
  struct Partition {
    OffsetTracker tracker;
    int64_t committed = -1;
    bool paused = false;
  };
  struct Pending {
    PartitionKey partition;
    int64_t offset = 0;
  };
  struct Completion {
    uint64_t tag;
    DeliveryResult result;
    Status status;
  };

  Status Start() {
    for (const std::string& w : c_.warnings) spdlog::warn("{}", w);
    auto engine = DeliveryEngine::Create(c_.delivery, [this](const DeliveryReport& r) {
      {
        std::lock_guard lock(done_mu_);
        done_.push_back({r.tag, r.result, r.status});
      }
      done_cv_.notify_all();
    });
    if (!engine.has_value()) return engine.error();
    engine_ = std::move(*engine);

    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    char err[512];
    for (const auto& [k, v] : c_.kafka) {
      if (rd_kafka_conf_set(conf, k.c_str(), v.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK) {
        rd_kafka_conf_destroy(conf);
        return InvalidArgumentError(fmt::format("Kafka consumer setting {}: {}", k, err));
      }
    }
    rd_kafka_conf_set_log_cb(
        conf, [](const rd_kafka_t*, int level, const char* facility, const char* message) {
          if (level <= 3) {
            spdlog::warn("librdkafka {}: {}", facility, message);
          } else {
            spdlog::debug("librdkafka {}: {}", facility, message);
          }
        });
    rd_kafka_conf_set_opaque(conf, this);
    rd_kafka_conf_set_rebalance_cb(conf, &Dispatcher::OnRebalance);
    rk_ = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
    if (rk_ == nullptr) {
      rd_kafka_conf_destroy(conf);
      return InvalidArgumentError(fmt::format("cannot create the Kafka consumer: {}", err));
    }
    rd_kafka_poll_set_consumer(rk_);
    rd_kafka_topic_partition_list_t* topics =
        rd_kafka_topic_partition_list_new(static_cast<int>(c_.topics.size()));
    for (const std::string& t : c_.topics) {
      rd_kafka_topic_partition_list_add(topics, t.c_str(), RD_KAFKA_PARTITION_UA);
    }
    const rd_kafka_resp_err_t e = rd_kafka_subscribe(rk_, topics);
    rd_kafka_topic_partition_list_destroy(topics);
    if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
      return InvalidArgumentError(fmt::format("cannot subscribe to {}: {}",
                                              fmt::join(c_.topics, ","), rd_kafka_err2str(e)));
    }
    spdlog::info("dispatching {} (group {}, {}) to {}", fmt::join(c_.topics, ", "), c_.group_id,
                 c_.ordered ? "ordered per partition" : "unordered", ShownUrl(c_.delivery.url));
    return OkStatus();
  }

  Status Loop() {
    auto next_commit = Clock::now() + c_.commit_interval;
    while (!stop_.load()) {
      rd_kafka_message_t* m = rd_kafka_consumer_poll(rk_, 100);
      if (m != nullptr) {
        Status s = Handle(*m);
        rd_kafka_message_destroy(m);
        if (!s.ok()) return s;
      }
      Drain();
      if (Status s = engine_->failure(); !s.ok()) return s;
      FlowControl();
      if (Clock::now() >= next_commit) {
        Commit(nullptr);
        next_commit = Clock::now() + c_.commit_interval;
      }
    }
    return OkStatus();
  }

  Status Handle(const rd_kafka_message_t& m) {
    if (m.err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      if (m.err == RD_KAFKA_RESP_ERR__PARTITION_EOF) return OkStatus();
      char reason[512];
      if (rd_kafka_fatal_error(rk_, reason, sizeof reason) != RD_KAFKA_RESP_ERR_NO_ERROR) {
        return UnavailableError(fmt::format("the Kafka consumer failed: {}", reason));
      }
      const std::string topic = m.rkt != nullptr ? rd_kafka_topic_name(m.rkt) : "";
      if (Clock::now() >= next_error_log_) {
        spdlog::warn("Kafka consumer: {}{}", topic.empty() ? "" : topic + ": ",
                     rd_kafka_message_errstr(&m));
        next_error_log_ = Clock::now() + std::chrono::seconds(10);
      }
      return OkStatus();
    }
    KafkaRecordView r;
    r.topic = rd_kafka_topic_name(m.rkt);
    r.partition = m.partition;
    r.offset = m.offset;
    rd_kafka_timestamp_type_t ts_type;
    r.timestamp_ms = rd_kafka_message_timestamp(&m, &ts_type);
    if (m.key != nullptr) r.key = std::string_view(static_cast<const char*>(m.key), m.key_len);
    if (m.payload != nullptr) {
      r.value = std::string_view(static_cast<const char*>(m.payload), m.len);
    }
    rd_kafka_headers_t* headers = nullptr;
    if (rd_kafka_message_headers(&m, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR) {
      const char* name = nullptr;
      const void* value = nullptr;
      size_t size = 0;
      for (size_t i = 0;
           rd_kafka_header_get_all(headers, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR;
           ++i) {
        r.headers.emplace_back(
            name, value != nullptr ? std::string(static_cast<const char*>(value), size) : "");
      }
    }
    PartitionKey key{std::string(r.topic), r.partition};
    Partition& p = partitions_[key];
    p.tracker.Started(r.offset);
    std::optional<format::CloudEvent> event = RecordToCloudEvent(r, c_.source);
    if (!event.has_value()) {
      p.tracker.Completed(r.offset);
      ++counters_.skipped;
      return OkStatus();
    }
    const uint64_t tag = next_tag_++;
    tags_[tag] = Pending{key, r.offset};
    std::string ordering = c_.ordered ? fmt::format("{}\x1f{}", key.topic, key.partition) : "";
    return engine_->Submit(tag, std::move(ordering), std::move(*event));
  }

  // Applies the engine's reports to the partitions' trackers.
  void Drain() {
    std::vector<Completion> done;
    {
      std::lock_guard lock(done_mu_);
      done.swap(done_);
    }
    for (Completion& d : done) {
      auto it = tags_.find(d.tag);
      if (it == tags_.end()) continue;  // a partition revoked meanwhile
      switch (d.result) {
        case DeliveryResult::kDelivered:
          ++counters_.delivered;
          break;
        case DeliveryResult::kDeadLettered:
          ++counters_.dead_lettered;
          break;
        case DeliveryResult::kDropped:
          ++counters_.dropped;
          break;
        case DeliveryResult::kFailed:
          continue;  // not done: the engine's failure stops the loop, the offset stays
      }
      auto p = partitions_.find(it->second.partition);
      if (p != partitions_.end()) p->second.tracker.Completed(it->second.offset);
      tags_.erase(it);
    }
  }

  // Pauses partitions with too many records not done, resumes them at half; polling goes on.
  void FlowControl() {
    // Pausing drops what librdkafka has fetched for the partition (it is fetched again on
    // resume), so the marks are far apart: a pause is for a partition that is stuck or a sink
    // that is slower than Kafka, not for every fetch.
    const size_t total = engine_->pending();
    const bool all_high = total >= c_.max_pending_total;
    const bool all_low = total <= c_.max_pending_total / 2;
    std::vector<PartitionKey> pause, resume;
    for (auto& [key, p] : partitions_) {
      const size_t n = c_.ordered ? p.tracker.pending() : 0;
      const bool high = all_high || n >= c_.max_pending_per_partition;
      const bool low = all_low && n <= c_.max_pending_per_partition / 2;
      if (!p.paused && high) pause.push_back(key);
      if (p.paused && low) resume.push_back(key);
    }
    auto apply = [&](const std::vector<PartitionKey>& keys, bool paused) {
      if (keys.empty()) return;
      rd_kafka_topic_partition_list_t* list =
          rd_kafka_topic_partition_list_new(static_cast<int>(keys.size()));
      for (const PartitionKey& k : keys) {
        rd_kafka_topic_partition_list_add(list, k.topic.c_str(), k.partition);
        partitions_[k].paused = paused;
      }
      if (paused) {
        rd_kafka_pause_partitions(rk_, list);
      } else {
        rd_kafka_resume_partitions(rk_, list);
      }
      rd_kafka_topic_partition_list_destroy(list);
    };
    apply(pause, true);
    apply(resume, false);
  }

  // Commits the done prefix of `only` (nullptr: every partition), synchronously.
  void Commit(const std::set<PartitionKey>* only) {
    auto selected = [&](const PartitionKey& k) { return only == nullptr || only->contains(k); };
    // Control records that end a partition (transaction markers) are never handed out: when
    // every record taken is done and librdkafka has nothing left queued, its position (the
    // offset after the last record it gave us, and after such markers) may be committed.
    std::vector<PartitionKey> idle;
    for (auto& [key, p] : partitions_) {
      if (selected(key) && p.tracker.idle() && p.tracker.Committable().has_value()) {
        idle.push_back(key);
      }
    }
    if (!idle.empty()) {
      rd_kafka_topic_partition_list_t* list =
          rd_kafka_topic_partition_list_new(static_cast<int>(idle.size()));
      for (const auto& k : idle)
        rd_kafka_topic_partition_list_add(list, k.topic.c_str(), k.partition);
      if (rd_kafka_position(rk_, list) == RD_KAFKA_RESP_ERR_NO_ERROR) {
        rd_kafka_queue_t* q = rd_kafka_queue_get_consumer(rk_);
        const bool queue_empty = q == nullptr || rd_kafka_queue_length(q) == 0;
        if (q != nullptr) rd_kafka_queue_destroy(q);
        for (int i = 0; queue_empty && i < list->cnt; ++i) {
          const auto& e = list->elems[i];
          if (e.err != RD_KAFKA_RESP_ERR_NO_ERROR || e.offset < 0) continue;
          auto it = partitions_.find(PartitionKey{e.topic, e.partition});
          if (it != partitions_.end()) it->second.tracker.Position(e.offset);
        }
      }
      rd_kafka_topic_partition_list_destroy(list);
    }

    std::vector<std::pair<PartitionKey, int64_t>> commits;
    for (auto& [key, p] : partitions_) {
      if (!selected(key)) continue;
      const auto c = p.tracker.Committable();
      if (c.has_value() && *c > p.committed) commits.emplace_back(key, *c);
    }
    if (commits.empty()) return;
    rd_kafka_topic_partition_list_t* list =
        rd_kafka_topic_partition_list_new(static_cast<int>(commits.size()));
    for (const auto& [k, offset] : commits) {
      rd_kafka_topic_partition_list_add(list, k.topic.c_str(), k.partition)->offset = offset;
    }
    const rd_kafka_resp_err_t e = rd_kafka_commit(rk_, list, 0);
    if (e != RD_KAFKA_RESP_ERR_NO_ERROR && e != RD_KAFKA_RESP_ERR__NO_OFFSET) {
      spdlog::warn("committing offsets of group {} failed: {} (they are committed again later)",
                   c_.group_id, rd_kafka_err2str(e));
    } else {
      ++counters_.commits;
      for (int i = 0; i < list->cnt; ++i) {
        const auto& el = list->elems[i];
        auto it = partitions_.find(PartitionKey{el.topic, el.partition});
        if (it == partitions_.end()) continue;
        if (el.err == RD_KAFKA_RESP_ERR_NO_ERROR) {
          it->second.committed = el.offset;
          spdlog::debug("committed {} at {}", Describe(it->first), el.offset);
        }
      }
    }
    rd_kafka_topic_partition_list_destroy(list);
  }

  static void OnRebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                          rd_kafka_topic_partition_list_t* parts, void* opaque) {
    auto* self = static_cast<Dispatcher*>(opaque);
    const bool cooperative = std::string_view(rd_kafka_rebalance_protocol(rk)) == "COOPERATIVE";
    std::vector<PartitionKey> keys;
    for (int i = 0; i < parts->cnt; ++i)
      keys.push_back({parts->elems[i].topic, parts->elems[i].partition});
    ++self->counters_.rebalances;
    if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
      spdlog::info("assigned {} partition(s): {}", keys.size(),
                   fmt::join(keys | std::views::transform(Describe), ", "));
      for (const auto& k : keys) self->partitions_.try_emplace(k);
      if (cooperative) {
        if (rd_kafka_error_t* e = rd_kafka_incremental_assign(rk, parts)) rd_kafka_error_destroy(e);
      } else {
        rd_kafka_assign(rk, parts);
      }
      return;
    }
    if (err == RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS) {
      spdlog::info("revoked {} partition(s): {}", keys.size(),
                   fmt::join(keys | std::views::transform(Describe), ", "));
      self->Revoke(std::set<PartitionKey>(keys.begin(), keys.end()));
    } else {
      spdlog::warn("rebalance error: {}", rd_kafka_err2str(err));
    }
    if (cooperative) {
      if (rd_kafka_error_t* e = rd_kafka_incremental_unassign(rk, parts)) rd_kafka_error_destroy(e);
    } else {
      rd_kafka_assign(rk, nullptr);
    }
  }

  // Partitions taken away: their queued records are not sent, requests in flight get a bounded
  // time to finish, the done prefix is committed, and the partitions are forgotten.
  void Revoke(const std::set<PartitionKey>& revoked) {
    auto of_revoked = [&](uint64_t tag) {
      auto it = tags_.find(tag);
      return it != tags_.end() && revoked.contains(it->second.partition);
    };
    if (engine_ != nullptr) {
      const std::vector<uint64_t> cancelled = engine_->Cancel(of_revoked);
      for (const uint64_t tag : cancelled) tags_.erase(tag);
      if (!cancelled.empty()) {
        spdlog::info("{} queued event(s) of revoked partitions not sent (the new owner sends them)",
                     cancelled.size());
      }
      // Requests in flight may finish (and their records count as done) until the deadline.
      const auto deadline = Clock::now() + c_.revoke_timeout;
      for (;;) {
        Drain();
        const bool in_flight = std::any_of(tags_.begin(), tags_.end(), [&](const auto& t) {
          return revoked.contains(t.second.partition);
        });
        if (!in_flight || Clock::now() >= deadline) break;
        std::unique_lock lock(done_mu_);
        done_cv_.wait_for(lock, std::chrono::milliseconds(50), [&] { return !done_.empty(); });
      }
    } else {
      Drain();
    }
    Commit(&revoked);
    for (auto it = tags_.begin(); it != tags_.end();) {
      it = revoked.contains(it->second.partition) ? tags_.erase(it) : std::next(it);
    }
    for (const auto& k : revoked) partitions_.erase(k);
  }

  void Shutdown() {
    // Stop taking records; let what is in flight finish within the drain deadline.
    const auto deadline = Clock::now() + c_.drain_timeout;
    size_t pending = engine_ != nullptr ? engine_->pending() : 0;
    if (pending > 0) {
      spdlog::info("draining: {} event(s) not yet delivered, waiting up to {} ms", pending,
                   c_.drain_timeout.count());
    }
    while (engine_ != nullptr && engine_->pending() > 0 && Clock::now() < deadline &&
           engine_->failure().ok()) {
      std::unique_lock lock(done_mu_);
      done_cv_.wait_for(lock, std::chrono::milliseconds(50), [&] { return !done_.empty(); });
      lock.unlock();
      Drain();
    }
    Drain();
    if (engine_ != nullptr && engine_->pending() > 0) {
      spdlog::warn(
          "{} event(s) not delivered by the drain deadline: they are sent again by the "
          "next consumer of their partitions",
          engine_->pending());
    }
    Commit(nullptr);
    engine_.reset();  // aborts what is left; not committed
    if (rk_ != nullptr) {
      rd_kafka_consumer_close(rk_);  // leaves the group (the revoke commits nothing new)
    }
  }

  const DispatchConfig& c_;
  const std::atomic<bool>& stop_;
  rd_kafka_t* rk_ = nullptr;
  std::unique_ptr<DeliveryEngine> engine_;
  std::map<PartitionKey, Partition> partitions_;
  std::unordered_map<uint64_t, Pending> tags_;
  uint64_t next_tag_ = 1;
  std::mutex done_mu_;
  std::condition_variable done_cv_;
  std::vector<Completion> done_;
  DispatchCounters counters_;
  Clock::time_point next_error_log_{};
};

}  // namespace

Status RunDispatcher(const DispatchConfig& config, const std::atomic<bool>& stop,
                     DispatchCounters* counters) {
  Dispatcher d(config, stop);
  Status s = d.Run();
  if (counters != nullptr) *counters = d.counters();
  return s;
}

int RunDispatchCommand(const std::string& file, const std::vector<std::string>& overrides) {
  std::vector<std::pair<std::string, std::string>> properties;
  if (!file.empty()) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      spdlog::error("cannot read {}: {}", file, std::strerror(errno));
      return 2;
    }
    std::stringstream text;
    text << in.rdbuf();
    auto parsed = config::ParseProperties(text.str());
    if (!parsed.has_value()) {
      spdlog::error("{}: {}", file, parsed.error().message());
      return 2;
    }
    properties = std::move(*parsed);
  }
  for (const std::string& o : overrides) {
    const size_t eq = o.find('=');
    if (eq == std::string::npos) {
      spdlog::error("--set {:?}: expected NAME=VALUE", o);
      return 2;
    }
    properties.emplace_back(o.substr(0, eq), o.substr(eq + 1));
  }
  const char* tmp = std::getenv("TMPDIR");
  const std::string ca_scratch = fmt::format(
      "{}/rowcast-dispatch-ca-{}.pem", tmp != nullptr && *tmp != '\0' ? tmp : "/tmp", getpid());
  auto config = ParseDispatchConfig(
      properties,
      [](const std::string& name) -> std::optional<std::string> {
        const char* v = std::getenv(name.c_str());
        if (v == nullptr) return std::nullopt;
        return std::string(v);
      },
      ca_scratch);
  if (!config.has_value()) {
    spdlog::error("dispatch configuration: {}", config.error().message());
    return 2;
  }

  // Signals go to a watcher thread, so stopping never runs inside a signal handler.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGUSR1);  // internal: wakes the watcher when the dispatcher stops first
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::atomic<bool> stop{false};
  std::thread watcher([set, &stop] {
    int sig = 0;
    sigwait(&set, &sig);
    if (sig == SIGINT || sig == SIGTERM) {
      spdlog::info("received {}, draining and stopping", sig == SIGINT ? "SIGINT" : "SIGTERM");
    }
    stop = true;
  });
  Status s = RunDispatcher(*config, stop);
  if (!stop.load()) pthread_kill(watcher.native_handle(), SIGUSR1);
  watcher.join();
  if (!config->delivery.ca_file.empty() && config->delivery.ca_file == ca_scratch) {
    std::remove(ca_scratch.c_str());
  }
  if (!s.ok()) {
    spdlog::error("dispatch: {}", s.message());
    return 1;
  }
  return 0;
}

}  // namespace rowcast::dispatch
