#include "sinks/kafka/topic_log.h"

#include "sinks/kafka/rdkafka_log.h"

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <mutex>
#include <set>
#include <thread>

#include <fmt/format.h>

namespace rowcast::sinks::kafka {
namespace {

using Clock = std::chrono::steady_clock;

int Ms(std::chrono::milliseconds d) {
  return static_cast<int>(std::clamp<int64_t>(d.count(), 0, 3600000));
}

bool Retriable(rd_kafka_resp_err_t e) {
  return e == RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION ||
         e == RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE ||
         e == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART || e == RD_KAFKA_RESP_ERR__TRANSPORT ||
         e == RD_KAFKA_RESP_ERR__TIMED_OUT || e == RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION;
}

// Result of one Append, shared with the delivery callback (which may run after a timed-out
// Append returned).
struct Delivery {
  std::mutex mu;
  bool done = false;
  rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR;
};

void OnDelivery(rd_kafka_t*, const rd_kafka_message_t* m, void*) {
  auto* holder = static_cast<std::shared_ptr<Delivery>*>(m->_private);
  {
    std::lock_guard lock((*holder)->mu);
    (*holder)->done = true;
    (*holder)->err = m->err;
  }
  delete holder;
}

StatusOr<rd_kafka_t*> NewClient(rd_kafka_type_t type, const Properties& defaults,
                                const Properties& properties, bool deliveries) {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char err[512];
  for (const Properties* list : {&defaults, &properties}) {
    for (const auto& [k, v] : *list) {
      if (rd_kafka_conf_set(conf, k.c_str(), v.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK) {
        rd_kafka_conf_destroy(conf);
        return std::unexpected(InvalidArgumentError(fmt::format("Kafka setting {}: {}", k, err)));
      }
    }
  }
  if (deliveries) rd_kafka_conf_set_dr_msg_cb(conf, &OnDelivery);
  RouteLogs(conf);
  rd_kafka_t* rk = rd_kafka_new(type, conf, err, sizeof err);
  if (rk == nullptr) {
    rd_kafka_conf_destroy(conf);
    return std::unexpected(
        InvalidArgumentError(fmt::format("cannot create a Kafka client: {}", err)));
  }
  return rk;
}

// Partition count of `topic` from a metadata request for all topics (asking for one topic by
// name could make the brokers auto-create it with their defaults).
}  // namespace

StatusOr<std::optional<int>> TopicPartitions(rd_kafka_t* rk, const std::string& topic,
                                             std::chrono::milliseconds timeout) {
  const rd_kafka_metadata_t* md = nullptr;
  const rd_kafka_resp_err_t e = rd_kafka_metadata(rk, 1, nullptr, &md, Ms(timeout));
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return std::unexpected(UnavailableError(
        fmt::format("cannot read Kafka's metadata for topic {}: {}", topic, rd_kafka_err2str(e))));
  }
  std::optional<int> n;
  for (int i = 0; i < md->topic_cnt; ++i) {
    if (topic == md->topics[i].topic && md->topics[i].err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      n = md->topics[i].partition_cnt;
    }
  }
  rd_kafka_metadata_destroy(md);
  return n;
}

namespace {

// Runs an admin request on `rk` and returns its result event (the caller destroys it).
template <typename Start>
StatusOr<rd_kafka_event_t*> AdminCall(rd_kafka_t* rk, rd_kafka_admin_op_t op,
                                      std::chrono::milliseconds timeout, Start start) {
  rd_kafka_queue_t* q = rd_kafka_queue_new(rk);
  rd_kafka_AdminOptions_t* options = rd_kafka_AdminOptions_new(rk, op);
  char err[256];
  rd_kafka_AdminOptions_set_request_timeout(options, Ms(timeout), err, sizeof err);
  start(options, q);
  rd_kafka_event_t* ev = rd_kafka_queue_poll(q, Ms(timeout) + 1000);
  rd_kafka_AdminOptions_destroy(options);
  rd_kafka_queue_destroy(q);
  if (ev == nullptr) {
    return std::unexpected(UnavailableError("Kafka did not answer an admin request in time"));
  }
  if (rd_kafka_event_error(ev) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    Status s = UnavailableError(
        fmt::format("Kafka admin request failed: {}", rd_kafka_event_error_string(ev)));
    rd_kafka_event_destroy(ev);
    return std::unexpected(s);
  }
  return ev;
}

}  // namespace

struct TopicLog::Handle {
  rd_kafka_t* rk = nullptr;
  ~Handle() {
    if (rk != nullptr) {
      rd_kafka_flush(rk, 2000);
      rd_kafka_destroy(rk);
    }
  }
};

TopicLog::~TopicLog() = default;

StatusOr<std::unique_ptr<TopicLog>> TopicLog::Open(std::string topic, const Properties& producer,
                                                   const Properties& consumer) {
  std::unique_ptr<TopicLog> log(new TopicLog());
  log->topic_ = std::move(topic);
  log->consumer_ = consumer;
  log->producer_ = std::make_unique<Handle>();
  ROWCAST_ASSIGN_OR_RETURN(log->producer_->rk,
                           NewClient(RD_KAFKA_PRODUCER, DefaultProducerProperties(), producer,
                                     /*deliveries=*/true));
  return log;
}

StatusOr<std::optional<TopicInfo>> TopicLog::Describe(std::chrono::milliseconds timeout) {
  rd_kafka_t* rk = producer_->rk;
  ROWCAST_ASSIGN_OR_RETURN(std::optional<int> partitions, TopicPartitions(rk, topic_, timeout));
  if (!partitions) return std::nullopt;
  TopicInfo info;
  info.partitions = *partitions;
  rd_kafka_ConfigResource_t* res =
      rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, topic_.c_str());
  auto ev = AdminCall(rk, RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS, timeout,
                      [&](rd_kafka_AdminOptions_t* o, rd_kafka_queue_t* q) {
                        rd_kafka_DescribeConfigs(rk, &res, 1, o, q);
                      });
  rd_kafka_ConfigResource_destroy(res);
  if (!ev.has_value()) return std::unexpected(ev.error());
  const rd_kafka_DescribeConfigs_result_t* result = rd_kafka_event_DescribeConfigs_result(*ev);
  size_t n = 0;
  const rd_kafka_ConfigResource_t** resources =
      rd_kafka_DescribeConfigs_result_resources(result, &n);
  Status s;
  for (size_t i = 0; i < n; ++i) {
    if (rd_kafka_ConfigResource_error(resources[i]) != RD_KAFKA_RESP_ERR_NO_ERROR) {
      s = UnavailableError(fmt::format("cannot read the configs of topic {}: {}", topic_,
                                       rd_kafka_ConfigResource_error_string(resources[i])));
      continue;
    }
    size_t count = 0;
    const rd_kafka_ConfigEntry_t** entries = rd_kafka_ConfigResource_configs(resources[i], &count);
    for (size_t j = 0; j < count; ++j) {
      const char* value = rd_kafka_ConfigEntry_value(entries[j]);
      info.configs[rd_kafka_ConfigEntry_name(entries[j])] = value != nullptr ? value : "";
    }
  }
  rd_kafka_event_destroy(*ev);
  if (!s.ok()) return std::unexpected(s);
  return info;
}

Status CreateTopic(rd_kafka_t* rk, const std::string& topic, const TopicSpec& spec,
                   std::chrono::milliseconds timeout) {
  char err[512];
  rd_kafka_NewTopic_t* nt = rd_kafka_NewTopic_new(topic.c_str(), spec.partitions,
                                                  spec.replication_factor, err, sizeof err);
  if (nt == nullptr) {
    return InvalidArgumentError(fmt::format("cannot create topic {}: {}", topic, err));
  }
  for (const auto& [k, v] : spec.configs) rd_kafka_NewTopic_set_config(nt, k.c_str(), v.c_str());
  auto ev = AdminCall(rk, RD_KAFKA_ADMIN_OP_CREATETOPICS, timeout,
                      [&](rd_kafka_AdminOptions_t* o, rd_kafka_queue_t* q) {
                        rd_kafka_CreateTopics(rk, &nt, 1, o, q);
                      });
  rd_kafka_NewTopic_destroy(nt);
  if (!ev.has_value()) return ev.error();
  size_t n = 0;
  const rd_kafka_topic_result_t** results =
      rd_kafka_CreateTopics_result_topics(rd_kafka_event_CreateTopics_result(*ev), &n);
  Status s;
  for (size_t i = 0; i < n; ++i) {
    const rd_kafka_resp_err_t e = rd_kafka_topic_result_error(results[i]);
    if (e != RD_KAFKA_RESP_ERR_NO_ERROR && e != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
      const char* why = rd_kafka_topic_result_error_string(results[i]);
      s = FailedPreconditionError(fmt::format("Kafka did not create topic {}: {}", topic,
                                              why != nullptr ? why : rd_kafka_err2str(e)));
    }
  }
  rd_kafka_event_destroy(*ev);
  return s;
}

Status TopicLog::Create(const TopicSpec& spec, std::chrono::milliseconds timeout) {
  return CreateTopic(producer_->rk, topic_, spec, timeout);
}

StatusOr<std::vector<LogRecord>> TopicLog::ReadAll(std::chrono::milliseconds timeout) {
  ROWCAST_ASSIGN_OR_RETURN(std::optional<int> partitions,
                           TopicPartitions(producer_->rk, topic_, timeout));
  std::vector<LogRecord> out;
  if (!partitions || *partitions == 0) return out;
  ROWCAST_ASSIGN_OR_RETURN(rd_kafka_t * rk, NewClient(RD_KAFKA_CONSUMER,
                                                      {{"enable.auto.commit", "false"},
                                                       {"enable.auto.offset.store", "false"},
                                                       {"enable.partition.eof", "true"},
                                                       {"isolation.level", "read_committed"},
                                                       {"group.id", "rowcast-internal-reader"}},
                                                      consumer_, /*deliveries=*/false));
  std::unique_ptr<rd_kafka_t, void (*)(rd_kafka_t*)> guard(rk, [](rd_kafka_t* r) {
    rd_kafka_consumer_close(r);
    rd_kafka_destroy(r);
  });
  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(*partitions);
  std::set<int> open;
  for (int p = 0; p < *partitions; ++p) {
    int64_t lo = 0, hi = 0;
    rd_kafka_resp_err_t e;
    // A topic just created has no leaders for a moment.
    const auto until = Clock::now() + timeout;
    while ((e = rd_kafka_query_watermark_offsets(rk, topic_.c_str(), p, &lo, &hi, Ms(timeout))) !=
               RD_KAFKA_RESP_ERR_NO_ERROR &&
           Retriable(e) && Clock::now() < until) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
      rd_kafka_topic_partition_list_destroy(list);
      return std::unexpected(
          UnavailableError(fmt::format("cannot read the end offsets of topic {} partition {}: {}",
                                       topic_, p, rd_kafka_err2str(e))));
    }
    if (hi <= lo) continue;
    rd_kafka_topic_partition_list_add(list, topic_.c_str(), p)->offset = RD_KAFKA_OFFSET_BEGINNING;
    open.insert(p);
  }
  rd_kafka_resp_err_t e = rd_kafka_assign(rk, list);
  rd_kafka_topic_partition_list_destroy(list);
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return std::unexpected(
        UnavailableError(fmt::format("cannot read topic {}: {}", topic_, rd_kafka_err2str(e))));
  }
  const auto deadline = Clock::now() + timeout;
  while (!open.empty()) {
    if (Clock::now() > deadline) {
      return std::unexpected(UnavailableError(
          fmt::format("reading topic {} back did not reach its end within {} ms ({} records read)",
                      topic_, timeout.count(), out.size())));
    }
    rd_kafka_message_t* m = rd_kafka_consumer_poll(rk, 200);
    if (m == nullptr) continue;
    if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      open.erase(m->partition);
    } else if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      Status s = UnavailableError(
          fmt::format("reading topic {} failed: {}", topic_, rd_kafka_message_errstr(m)));
      rd_kafka_message_destroy(m);
      return std::unexpected(s);
    } else {
      LogRecord r;
      r.partition = m->partition;
      r.offset = m->offset;
      if (m->key != nullptr) r.key.emplace(static_cast<const char*>(m->key), m->key_len);
      if (m->payload != nullptr) {
        r.value.emplace(static_cast<const char*>(m->payload), m->len);
      }
      out.push_back(std::move(r));
    }
    rd_kafka_message_destroy(m);
  }
  return out;
}

Status TopicLog::Append(const std::optional<std::string>& key,
                        const std::optional<std::string>& value, int partition,
                        std::chrono::milliseconds timeout) {
  rd_kafka_t* rk = producer_->rk;
  auto delivery = std::make_shared<Delivery>();
  auto* holder = new std::shared_ptr<Delivery>(delivery);
  void* k = key ? const_cast<char*>(key->data()) : nullptr;
  const size_t key_size = key ? key->size() : 0;
  void* v = value ? const_cast<char*>(value->data()) : nullptr;  // nullptr: a tombstone
  const size_t value_size = value ? value->size() : 0;
  const int32_t p = partition < 0 ? RD_KAFKA_PARTITION_UA : partition;
  const rd_kafka_resp_err_t e = rd_kafka_producev(
      rk, RD_KAFKA_V_TOPIC(topic_.c_str()), RD_KAFKA_V_PARTITION(p), RD_KAFKA_V_KEY(k, key_size),
      RD_KAFKA_V_VALUE(v, value_size), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
      RD_KAFKA_V_OPAQUE(holder), RD_KAFKA_V_END);
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
    delete holder;
    return UnavailableError(
        fmt::format("cannot write to topic {}: {}", topic_, rd_kafka_err2str(e)));
  }
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    rd_kafka_poll(rk, 50);
    {
      std::lock_guard lock(delivery->mu);
      if (delivery->done) {
        if (delivery->err == RD_KAFKA_RESP_ERR_NO_ERROR) return OkStatus();
        return UnavailableError(fmt::format("Kafka did not take a record for topic {}: {}", topic_,
                                            rd_kafka_err2str(delivery->err)));
      }
    }
    if (Clock::now() > deadline) {
      return UnavailableError(fmt::format(
          "a record for topic {} was not acknowledged within {} ms (it is still being sent)",
          topic_, timeout.count()));
    }
  }
}

StatusOr<std::vector<std::string>> ListTopics(const Properties& client,
                                              std::chrono::milliseconds timeout) {
  ROWCAST_ASSIGN_OR_RETURN(rd_kafka_t * rk, NewClient(RD_KAFKA_PRODUCER, {}, client, false));
  const rd_kafka_metadata_t* md = nullptr;
  const rd_kafka_resp_err_t e = rd_kafka_metadata(rk, 1, nullptr, &md, Ms(timeout));
  std::vector<std::string> out;
  if (e == RD_KAFKA_RESP_ERR_NO_ERROR) {
    for (int i = 0; i < md->topic_cnt; ++i) {
      std::string name = md->topics[i].topic;
      if (!name.starts_with("__")) out.push_back(std::move(name));
    }
    rd_kafka_metadata_destroy(md);
  }
  rd_kafka_destroy(rk);
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return std::unexpected(
        UnavailableError(fmt::format("cannot list Kafka's topics: {}", rd_kafka_err2str(e))));
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace rowcast::sinks::kafka
