#include "sinks/kafka/kafka_sink.h"

#include "common/logging.h"
#include "sinks/kafka/rdkafka_log.h"

#include <librdkafka/rdkafka.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>

#include <fmt/format.h>
#include <re2/re2.h>
#include <spdlog/spdlog.h>

namespace rowcast::sinks::kafka {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kFirstReport = std::chrono::seconds(10);  // back-pressure worth a warning

bool IsSecret(std::string_view key) {
  return key.find("password") != std::string_view::npos ||
         key.find("secret") != std::string_view::npos || key.ends_with(".pem") ||
         key.find("jaas") != std::string_view::npos;
}

class KafkaSink final : public Sink {
 public:
  explicit KafkaSink(AckCallback ack) : ack_(std::move(ack)) {}

  ~KafkaSink() override {
    closing_.store(true);
    if (poller_.joinable()) poller_.join();
    if (rk_ != nullptr) {
      // Records still queued are not acknowledged: they are sent again after a restart.
      rd_kafka_purge(rk_, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
      rd_kafka_destroy(rk_);
    }
  }

  Status Open(const Properties& properties) {
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    char err[512];
    auto set = [&](const std::string& key, const std::string& value) -> Status {
      if (rd_kafka_conf_set(conf, key.c_str(), value.c_str(), err, sizeof err) ==
          RD_KAFKA_CONF_OK) {
        return OkStatus();
      }
      return InvalidArgumentError(fmt::format("Kafka producer setting {}={} is not valid: {}", key,
                                              IsSecret(key) ? std::string("(hidden)") : value,
                                              err));
    };
    Status s;
    for (const auto& [k, v] : DefaultProducerProperties()) {
      if (s.ok()) s = set(k, v);
    }
    for (const auto& [k, v] : properties) {
      if (s.ok()) s = set(k, v);
    }
    if (!s.ok()) {
      rd_kafka_conf_destroy(conf);
      return s;
    }
    rd_kafka_conf_set_opaque(conf, this);
    rd_kafka_conf_set_dr_msg_cb(conf, &KafkaSink::OnDelivery);
    rd_kafka_conf_set_error_cb(conf, &KafkaSink::OnError);
    RouteLogs(conf);
    rk_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    if (rk_ == nullptr) {
      rd_kafka_conf_destroy(conf);
      return InvalidArgumentError(fmt::format("cannot create the Kafka producer: {}", err));
    }
    poller_ = std::thread([this, ctx = CurrentLogContext()] {
      LogContext log_context(ctx);
      while (!closing_.load()) rd_kafka_poll(rk_, 100);
    });
    for (const auto& [k, v] : properties) {
      if (k == "transactional.id" && !v.empty()) transactional_ = true;
    }
    if (transactional_) {
      // Fences an older producer with the same id and aborts its open transaction.
      ROWCAST_RETURN_STATUS_IF_ERROR(TxnCall(
          "initialising transactions", [&] { return rd_kafka_init_transactions(rk_, 60000); }));
      ROWCAST_RETURN_STATUS_IF_ERROR(
          TxnCall("beginning a transaction", [&] { return rd_kafka_begin_transaction(rk_); }));
    }
    return OkStatus();
  }

  bool transactional() const override { return transactional_; }

  Status CommitTransaction(Record offset) override {
    ROWCAST_RETURN_STATUS_IF_ERROR(Failure());
    ROWCAST_RETURN_STATUS_IF_ERROR(Send(0, std::move(offset)));
    // Waits until every record of the transaction is acknowledged, then commits.
    Status s = TxnCall("committing a transaction",
                       [&] { return rd_kafka_commit_transaction(rk_, 60000); });
    if (!s.ok()) {
      // Whatever the cause, this transaction's records are not visible: the connector stops
      // and a restart resumes from the last committed offset.
      rd_kafka_error_t* abort = rd_kafka_abort_transaction(rk_, 30000);
      if (abort != nullptr) rd_kafka_error_destroy(abort);
      Fail(s);
      return s;
    }
    return TxnCall("beginning a transaction", [&] { return rd_kafka_begin_transaction(rk_); });
  }

  Status SetRules(std::vector<TopicRule> rules) {
    for (TopicRule& r : rules) {
      CompiledRule c{std::move(r), {}, {}};
      for (const auto& [list, out] :
           {std::pair{&c.rule.include, &c.include}, std::pair{&c.rule.exclude, &c.exclude}}) {
        for (const std::string& pattern : *list) {
          auto re = std::make_unique<re2::RE2>(pattern, re2::RE2::Quiet);
          if (!re->ok()) {
            return InvalidArgumentError(
                fmt::format("topic.creation.{}: {:?} is not a valid regular expression: {}",
                            c.rule.group, pattern, re->error()));
          }
          out->push_back(std::move(re));
        }
      }
      rules_.push_back(std::move(c));
    }
    return OkStatus();
  }

  Status Send(uint64_t seq, Record record) override {
    ROWCAST_RETURN_STATUS_IF_ERROR(Failure());
    if (!rules_.empty() && !known_topics_.contains(record.topic)) {
      ROWCAST_RETURN_STATUS_IF_ERROR(EnsureTopic(record.topic));
      known_topics_.insert(record.topic);
    }
    // The macros below cast their arguments without parentheses: pass plain variables.
    const bool null_key = record.key == "null";
    void* key = null_key ? nullptr : record.key.data();
    const size_t key_size = null_key ? 0 : record.key.size();
    void* value = record.value ? record.value->data() : nullptr;  // nullptr: a tombstone
    const size_t value_size = record.value ? record.value->size() : 0;
    void* opaque = reinterpret_cast<void*>(static_cast<uintptr_t>(seq));
    // Owned here until a produce call accepts it.
    std::unique_ptr<rd_kafka_headers_t, decltype(&rd_kafka_headers_destroy)> headers(
        nullptr, &rd_kafka_headers_destroy);
    if (!record.headers.empty()) {
      headers.reset(rd_kafka_headers_new(record.headers.size()));
      for (const Header& h : record.headers) {
        rd_kafka_header_add(headers.get(), h.name.data(), static_cast<ssize_t>(h.name.size()),
                            h.value.data(), static_cast<ssize_t>(h.value.size()));
      }
    }
    Clock::time_point waiting_since{};
    Clock::time_point next_report{};
    for (;;) {
      const rd_kafka_resp_err_t e = rd_kafka_producev(
          rk_, RD_KAFKA_V_TOPIC(record.topic.c_str()), RD_KAFKA_V_KEY(key, key_size),
          RD_KAFKA_V_VALUE(value, value_size), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
          RD_KAFKA_V_HEADERS(headers.get()), RD_KAFKA_V_OPAQUE(opaque), RD_KAFKA_V_END);
      if (e == RD_KAFKA_RESP_ERR_NO_ERROR) {
        (void)headers.release();  // the message owns them now
        // Said only after a wait that was warned about (short waits are normal under load).
        if (waiting_since != Clock::time_point{} && Clock::now() - waiting_since >= kFirstReport) {
          spdlog::info(
              "Kafka accepts records again after {} s",
              std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - waiting_since)
                  .count());
        }
        return OkStatus();
      }
      if (e != RD_KAFKA_RESP_ERR__QUEUE_FULL) return ProduceError(e, record);
      // Back-pressure: the producer's queue (queue.buffering.max.*) is full, most likely
      // because the brokers are slow or away. Wait; say so now and then.
      const auto now = Clock::now();
      if (waiting_since == Clock::time_point{}) {
        waiting_since = now;
        next_report = now + kFirstReport;
      } else if (now >= next_report) {
        spdlog::warn(
            "waiting for Kafka for {} s: {} record(s) not yet acknowledged fill the producer "
            "queue (last error: {})",
            std::chrono::duration_cast<std::chrono::seconds>(now - waiting_since).count(),
            rd_kafka_outq_len(rk_), LastError());
        next_report = now + std::chrono::seconds(30);
      }
      ROWCAST_RETURN_STATUS_IF_ERROR(Failure());
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  }

  Status Checkpoint() override { return Failure(); }

  Status Flush(std::chrono::milliseconds deadline) override {
    ROWCAST_RETURN_STATUS_IF_ERROR(Failure());
    // The poller serves the delivery reports; wait for the queue to drain.
    const auto until = Clock::now() + deadline;
    while (rd_kafka_outq_len(rk_) > 0) {
      ROWCAST_RETURN_STATUS_IF_ERROR(Failure());
      if (Clock::now() >= until) {
        return UnavailableError(
            fmt::format("{} record(s) not acknowledged by Kafka within {} ms (last error: {})",
                        rd_kafka_outq_len(rk_), deadline.count(), LastError()));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return Failure();
  }

  std::string_view name() const override { return "kafka"; }

 private:
  // Runs a transactional call, retrying what librdkafka says is retriable.
  template <typename Call>
  Status TxnCall(std::string_view what, Call call) {
    for (int attempt = 0;; ++attempt) {
      rd_kafka_error_t* e = call();
      if (e == nullptr) return OkStatus();
      const bool retry = rd_kafka_error_is_retriable(e) != 0 && attempt < 10;
      Status s = UnavailableError(fmt::format("Kafka transaction: {} failed: {}{}", what,
                                              rd_kafka_error_string(e),
                                              rd_kafka_error_is_fatal(e) != 0 ? " (fatal)" : ""));
      rd_kafka_error_destroy(e);
      if (!retry) return s;
      spdlog::warn("{}; retrying", s.message());
    }
  }

  struct CompiledRule {
    TopicRule rule;
    std::vector<std::unique_ptr<re2::RE2>> include, exclude;
  };

  // Creates `topic` when it is missing and a rule covers it. While the brokers cannot be
  // reached this waits (and says so), like records do.
  Status EnsureTopic(const std::string& topic) {
    const CompiledRule* rule = nullptr;
    for (const CompiledRule& r : rules_) {
      bool in = r.include.empty();
      for (const auto& re : r.include) in = in || re2::RE2::FullMatch(topic, *re);
      for (const auto& re : r.exclude) in = in && !re2::RE2::FullMatch(topic, *re);
      if (in) {
        rule = &r;
        break;
      }
    }
    if (rule == nullptr) return OkStatus();
    const auto started = Clock::now();
    for (int attempt = 0;; ++attempt) {
      auto exists = TopicPartitions(rk_, topic, std::chrono::seconds(10));
      Status s = exists.has_value() ? OkStatus() : exists.error();
      if (s.ok() && *exists) return OkStatus();
      if (s.ok()) s = CreateTopic(rk_, topic, rule->rule.spec, std::chrono::seconds(30));
      if (s.ok()) {
        spdlog::info(
            "created topic {} (topic.creation group {}: {} partitions, replication "
            "factor {}{})",
            topic, rule->rule.group, rule->rule.spec.partitions, rule->rule.spec.replication_factor,
            rule->rule.spec.configs.empty() ? "" : ", " + Describe(rule->rule.spec));
        return OkStatus();
      }
      if (s.code() != StatusCode::kUnavailable) return s;
      if (attempt % 3 == 0) {
        spdlog::warn(
            "cannot check or create topic {} for {} s: {}; retrying", topic,
            std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - started).count(),
            s.message());
      }
      ROWCAST_RETURN_STATUS_IF_ERROR(Failure());
      std::this_thread::sleep_for(std::chrono::seconds(1));
    }
  }

  static std::string Describe(const TopicSpec& spec) {
    std::string out;
    for (const auto& [k, v] : spec.configs) {
      if (!out.empty()) out += ", ";
      out += k + "=" + v;
    }
    return out;
  }

  Status ProduceError(rd_kafka_resp_err_t e, const Record& record) {
    const size_t size = record.key.size() + (record.value ? record.value->size() : 0);
    if (e == RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE) {
      return InvalidArgumentError(
          fmt::format("a record of {} bytes for topic {} is larger than the producer allows: raise "
                      "producer.override.max.request.size (and the topic's max.message.bytes)",
                      size, record.topic));
    }
    return UnavailableError(
        fmt::format("Kafka refused a record for topic {}: {}", record.topic, rd_kafka_err2str(e)));
  }

  Status Failure() {
    std::lock_guard lock(mu_);
    return failure_;
  }
  void Fail(Status s) {
    std::lock_guard lock(mu_);
    if (failure_.ok()) failure_ = std::move(s);
  }
  std::string LastError() {
    std::lock_guard lock(mu_);
    return last_error_.empty() ? "none" : last_error_;
  }

  static void OnDelivery(rd_kafka_t*, const rd_kafka_message_t* m, void* opaque) {
    auto* self = static_cast<KafkaSink*>(opaque);
    if (self->closing_.load()) return;
    const auto seq = static_cast<uint64_t>(reinterpret_cast<uintptr_t>(m->_private));
    if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      if (seq != 0) self->ack_(seq, OkStatus());  // 0: a transaction's offset record
      return;
    }
    // Retries are unbounded by default, so this is a refusal (authorisation, a record too
    // large for the topic, a fatal producer error): stop rather than skip the record.
    Status s = UnavailableError(fmt::format("Kafka did not take a record for topic {}: {}",
                                            rd_kafka_topic_name(m->rkt), rd_kafka_err2str(m->err)));
    self->Fail(s);
    self->ack_(seq, s);
  }

  static void OnError(rd_kafka_t* rk, int err, const char* reason, void* opaque) {
    auto* self = static_cast<KafkaSink*>(opaque);
    if (err == RD_KAFKA_RESP_ERR__FATAL) {
      char fatal[512];
      const rd_kafka_resp_err_t orig = rd_kafka_fatal_error(rk, fatal, sizeof fatal);
      self->Fail(InternalError(fmt::format("the Kafka producer hit a fatal error ({}): {}",
                                           rd_kafka_err2name(orig), fatal)));
      return;
    }
    const auto now = Clock::now();
    bool report = false;
    {
      std::lock_guard lock(self->mu_);
      self->last_error_ = reason;
      if (now >= self->next_error_report_) {
        report = true;
        self->next_error_report_ = now + std::chrono::seconds(10);
      }
    }
    // Transport errors are retried by the producer: records wait, nothing is lost.
    if (report) {
      spdlog::warn("Kafka: {} ({}); records wait in the producer and are sent when it recovers",
                   reason, rd_kafka_err2name(static_cast<rd_kafka_resp_err_t>(err)));
    }
  }

  AckCallback ack_;
  rd_kafka_t* rk_ = nullptr;
  std::thread poller_;
  std::atomic<bool> closing_{false};
  std::mutex mu_;
  Status failure_;
  std::string last_error_;
  Clock::time_point next_error_report_{};
  std::vector<CompiledRule> rules_;
  bool transactional_ = false;
  std::set<std::string> known_topics_;  // checked or created (pipeline thread only)
};

}  // namespace

void RouteLogs(rd_kafka_conf_t* conf) {
  rd_kafka_conf_set_log_cb(
      conf, [](const rd_kafka_t*, int level, const char* facility, const char* message) {
        if (level <= 2) {
          spdlog::error("librdkafka {}: {}", facility, message);
        } else {
          spdlog::debug("librdkafka {}: {}", facility, message);
        }
      });
}

Properties DefaultProducerProperties() {
  return {
      // No loss, no duplicates from retries, order kept per partition.
      {"enable.idempotence", "true"},
      {"acks", "all"},
      // Kafka Connect's delivery.timeout.ms=MAX_INT: wait for brokers as long as it takes.
      {"message.timeout.ms", "0"},
      // Java's default partitioner for keyed records (murmur2, positive modulo).
      {"partitioner", "murmur2_random"},
      // Bounded memory: 16 MiB or 100k records wait at most (then Send blocks). Half of
      // Java's buffer.memory; more did not drain a backlog faster (docs/benchmarks.md).
      {"queue.buffering.max.kbytes", "16384"},
      {"queue.buffering.max.messages", "100000"},
      // Kafka Connect's producer sends at once (Java's default 0); 1 ms still fills batches
      // under load while adding little latency (librdkafka's default is 5).
      {"linger.ms", "1"},
      {"client.id", "rowcast"},
  };
}

StatusOr<std::unique_ptr<Sink>> CreateKafkaSink(const Properties& properties, AckCallback ack,
                                                std::vector<TopicRule> rules) {
  auto sink = std::make_unique<KafkaSink>(std::move(ack));
  ROWCAST_RETURN_IF_ERROR(sink->SetRules(std::move(rules)));
  ROWCAST_RETURN_IF_ERROR(sink->Open(properties));
  return sink;
}

}  // namespace rowcast::sinks::kafka
