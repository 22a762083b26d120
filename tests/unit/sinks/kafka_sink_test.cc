// The Kafka sink against librdkafka's in-process mock cluster: acknowledgements, an outage, a
// refusal. The real broker's behaviour is tested in tests/integration/test_kafka.py.
#include "sinks/kafka/kafka_sink.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <algorithm>
#include <mutex>
#include <vector>

namespace rowcast::sinks::kafka {
namespace {

using ::testing::HasSubstr;

constexpr int16_t kProduceApi = 0;  // ProduceRequest

class MockCluster {
 public:
  MockCluster() {
    char err[256];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "log_level", "0", err, sizeof err);
    rk_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    cluster_ = rd_kafka_mock_cluster_new(rk_, 1);
    rd_kafka_mock_topic_create(cluster_, "p.db.t", 1, 1);
  }
  ~MockCluster() {
    rd_kafka_mock_cluster_destroy(cluster_);
    rd_kafka_destroy(rk_);
  }
  rd_kafka_mock_cluster_t* get() { return cluster_; }
  std::string bootstrap() const { return rd_kafka_mock_cluster_bootstraps(cluster_); }

 private:
  rd_kafka_t* rk_ = nullptr;
  rd_kafka_mock_cluster_t* cluster_ = nullptr;
};

struct Acks {
  std::mutex mu;
  std::vector<uint64_t> ok;
  std::vector<Status> failed;
  AckCallback callback() {
    return [this](uint64_t seq, const Status& s) {
      std::lock_guard lock(mu);
      if (s.ok()) {
        ok.push_back(seq);
      } else {
        failed.push_back(s);
      }
    };
  }
};

Record MakeRecord(int i) {
  return Record{"p.db.t", "{\"id\":" + std::to_string(i) + "}", "{\"op\":\"c\"}"};
}

Properties For(const MockCluster& c) {
  return {{"bootstrap.servers", c.bootstrap()}, {"log_level", "0"}};
}

TEST(KafkaSinkTest, AcknowledgesEveryRecordInOrder) {
  MockCluster cluster;
  Acks acks;
  auto sink = CreateKafkaSink(For(cluster), acks.callback());
  ASSERT_TRUE(sink.has_value()) << sink.error().ToString();
  for (int i = 1; i <= 200; ++i) ASSERT_TRUE((*sink)->Send(i, MakeRecord(i)).ok());
  ASSERT_TRUE((*sink)->Send(201, Record{"p.db.t", "{\"id\":1}", std::nullopt}).ok());
  ASSERT_TRUE((*sink)
                  ->Send(202, Record{"p.db.t", "{\"id\":1}", std::nullopt, {{"h", "v"}, {"e", ""}}})
                  .ok());
  ASSERT_TRUE((*sink)->Flush(std::chrono::seconds(30)).ok());
  std::vector<uint64_t> want;
  for (uint64_t i = 1; i <= 202; ++i) want.push_back(i);
  std::lock_guard lock(acks.mu);
  EXPECT_EQ(acks.ok, want);
  EXPECT_TRUE(acks.failed.empty());
}

TEST(KafkaSinkTest, RecordsWaitThroughAnOutageAndArriveAfterIt) {
  MockCluster cluster;
  Acks acks;
  auto sink = CreateKafkaSink(For(cluster), acks.callback());
  ASSERT_TRUE(sink.has_value());
  ASSERT_TRUE((*sink)->Send(1, MakeRecord(1)).ok());
  ASSERT_TRUE((*sink)->Flush(std::chrono::seconds(30)).ok());
  rd_kafka_mock_broker_set_down(cluster.get(), 1);
  for (int i = 2; i <= 20; ++i) ASSERT_TRUE((*sink)->Send(i, MakeRecord(i)).ok());
  Status waiting = (*sink)->Flush(std::chrono::milliseconds(1500));
  EXPECT_EQ(waiting.code(), StatusCode::kUnavailable) << waiting.ToString();
  EXPECT_THAT(waiting.message(), HasSubstr("not acknowledged by Kafka"));
  EXPECT_TRUE((*sink)->Checkpoint().ok());  // an outage is not a failure
  rd_kafka_mock_broker_set_up(cluster.get(), 1);
  ASSERT_TRUE((*sink)->Flush(std::chrono::seconds(30)).ok());
  std::lock_guard lock(acks.mu);
  EXPECT_EQ(acks.ok.size(), 20u);
  EXPECT_TRUE(std::is_sorted(acks.ok.begin(), acks.ok.end()));
  EXPECT_TRUE(acks.failed.empty());
}

TEST(KafkaSinkTest, ARefusedRecordFailsTheSink) {
  MockCluster cluster;
  Acks acks;
  auto sink = CreateKafkaSink(For(cluster), acks.callback());
  ASSERT_TRUE(sink.has_value());
  rd_kafka_mock_push_request_errors(cluster.get(), kProduceApi, 1,
                                    RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED);
  ASSERT_TRUE((*sink)->Send(1, MakeRecord(1)).ok());
  Status s = (*sink)->Flush(std::chrono::seconds(30));
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.message(), HasSubstr("p.db.t"));
  EXPECT_FALSE((*sink)->Checkpoint().ok());
  EXPECT_FALSE((*sink)->Send(2, MakeRecord(2)).ok());
  std::lock_guard lock(acks.mu);
  EXPECT_TRUE(acks.ok.empty());
  ASSERT_EQ(acks.failed.size(), 1u);
}

TEST(KafkaSinkTest, AnInvalidSettingIsNamed) {
  auto sink = CreateKafkaSink({{"bootstrap.servers", "127.0.0.1:1"}, {"acks", "banana"}},
                              [](uint64_t, const Status&) {});
  ASSERT_FALSE(sink.has_value());
  EXPECT_EQ(sink.error().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(sink.error().message(), HasSubstr("acks=banana"));
  auto secret = CreateKafkaSink({{"sasl.password", "hunter2"}, {"nonsense.setting", "x"}}, nullptr);
  ASSERT_FALSE(secret.has_value());
  EXPECT_THAT(secret.error().message(), HasSubstr("nonsense.setting"));
  EXPECT_THAT(secret.error().message(), ::testing::Not(HasSubstr("hunter2")));
}

}  // namespace
}  // namespace rowcast::sinks::kafka
