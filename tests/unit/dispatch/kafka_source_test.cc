#include "dispatch/kafka_source.h"

#include <gtest/gtest.h>

#include "dispatch/offset_tracker.h"

namespace rowcast::dispatch {
namespace {

using format::CloudEventValueType;

KafkaRecordView Plain(std::optional<std::string_view> key, std::optional<std::string_view> value) {
  KafkaRecordView r;
  r.topic = "orders";
  r.partition = 2;
  r.offset = 41;
  r.timestamp_ms = 1700000000123;
  r.key = key;
  r.value = value;
  return r;
}

TEST(KafkaSourceTest, SynthesisesKafkaSourceAttributes) {
  KafkaRecordView r = Plain("0", R"({"value":5})");
  r.headers = {{"Content-Type", "Application/JSON"}, {"X-Trace_Id", "v"}};
  SourceIdentity source{.name = "src", .ns = "shop", .key_type = KeyType::kString, .overrides = {}};
  auto e = RecordToCloudEvent(r, source);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->Get("specversion"), "1.0");
  EXPECT_EQ(e->Get("id"), "partition:2/offset:41");
  EXPECT_EQ(e->Get("source"), "/apis/v1/namespaces/shop/kafkasources/src#orders");
  EXPECT_EQ(e->Get("type"), "dev.knative.kafka.event");
  EXPECT_EQ(e->Get("subject"), "partition:2#41");
  EXPECT_EQ(e->Get("time"), "2023-11-14T22:13:20.123Z");
  EXPECT_EQ(e->Get("datacontenttype"), "application/json");
  EXPECT_EQ(e->Get("key"), "0");
  EXPECT_EQ(e->Get("partitionkey"), "0");
  EXPECT_EQ(e->Get("kafkaheaderxtraceid"), "v");
  EXPECT_EQ(e->Get("knativekafkapartition"), "2");
  EXPECT_EQ(e->Find("knativekafkapartition")->type, CloudEventValueType::kInteger);
  EXPECT_EQ(e->Get("knativekafkaoffset"), "41");
  EXPECT_EQ(e->data, R"({"value":5})");
  EXPECT_FALSE(e->data_base64);
}

TEST(KafkaSourceTest, NoContentTypeNoKeyNoAttributes) {
  auto e = RecordToCloudEvent(Plain(std::nullopt, "x"), SourceIdentity{});
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->Find("datacontenttype"), nullptr);
  EXPECT_EQ(e->Find("key"), nullptr);
  EXPECT_EQ(e->Find("partitionkey"), nullptr);
}

TEST(KafkaSourceTest, TombstonesAreSkippedButHeadersOnlyCloudEventsAreNot) {
  EXPECT_FALSE(RecordToCloudEvent(Plain("k", std::nullopt), SourceIdentity{}).has_value());
  KafkaRecordView r = Plain("k", std::nullopt);
  r.headers = {{"ce_specversion", "1.0"}, {"ce_id", "a"}, {"ce_source", "/s"}, {"ce_type", "t"}};
  auto e = RecordToCloudEvent(r, SourceIdentity{});
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->Get("id"), "a");
  EXPECT_FALSE(e->data.has_value());
}

TEST(KafkaSourceTest, ForwardsCloudEventsAndAppliesOverrides) {
  KafkaRecordView r = Plain("k", R"({"a":1})");
  r.headers = {{"ce_specversion", "1.0"}, {"ce_id", "id-1"},  {"ce_source", "/s"},
               {"ce_type", "t"},          {"ce_team", "old"}, {"content-type", "application/json"}};
  SourceIdentity source;
  source.overrides = {{"team", "new", CloudEventValueType::kString}};
  auto e = RecordToCloudEvent(r, source);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->Get("type"), "t");
  EXPECT_EQ(e->Get("team"), "new");
  EXPECT_EQ(e->Get("knativekafkaoffset"), "41");
  EXPECT_EQ(e->Find("key"), nullptr);  // a forwarded event keeps its own attributes
}

TEST(KafkaSourceTest, InvalidCloudEventIsSynthesisedInstead) {
  KafkaRecordView r = Plain("k", "v");
  r.headers = {{"ce_specversion", "0.3"}, {"ce_id", "x"}};
  auto e = RecordToCloudEvent(r, SourceIdentity{});
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->Get("type"), "dev.knative.kafka.event");
  EXPECT_EQ(e->Get("kafkaheadercespecversion"), "0.3");
}

TEST(KafkaSourceTest, KeyTypes) {
  EXPECT_EQ(KeyAttribute(std::string_view("\xff\xff\xff\xd6", 4), KeyType::kInt).value, "-42");
  EXPECT_EQ(KeyAttribute(std::string_view("\xff\xff\xff\xd6", 4), KeyType::kInt).type,
            CloudEventValueType::kInteger);
  EXPECT_EQ(KeyAttribute("abcdefgh", KeyType::kInt).value, "abcdefgh");
  EXPECT_EQ(KeyAttribute(std::string_view("\x3f\xc0\x00\x00", 4), KeyType::kFloat).value, "1.5");
  EXPECT_EQ(
      KeyAttribute(std::string_view("\x40\x00\x00\x00\x00\x00\x00\x00", 8), KeyType::kFloat).value,
      "2.0");
  EXPECT_EQ(KeyAttribute("abc", KeyType::kByteArray).value, "YWJj");
  EXPECT_EQ(KeyAttribute("a\xff", KeyType::kString).value, "a\xEF\xBF\xBD");
}

TEST(KafkaSourceTest, HeaderExtensionNames) {
  EXPECT_EQ(KafkaHeaderExtensionName("X-Trace_Id"), "kafkaheaderxtraceid");
  EXPECT_EQ(KafkaHeaderExtensionName("__debezium.newkey"), "kafkaheaderdebeziumnewkey");
}

TEST(KafkaSourceTest, Utf8LossyReplacesEachMalformedByte) {
  EXPECT_EQ(Utf8Lossy("caf\xC3\xA9"), "caf\xC3\xA9");
  EXPECT_EQ(Utf8Lossy("a\xC3"), "a\xEF\xBF\xBD");
  EXPECT_EQ(Utf8Lossy("\xC0\xA0z"), "\xEF\xBF\xBD\xEF\xBF\xBDz");
}

TEST(KafkaSourceTest, CeOverrides) {
  auto o = ParseCeOverrides(R"({"extensions":{"team":"billing","env":"prod"}})");
  ASSERT_TRUE(o.has_value());
  ASSERT_EQ(o->size(), 2u);
  EXPECT_FALSE(ParseCeOverrides(R"({"extensions":{"Team":"x"}})").has_value());
  EXPECT_FALSE(ParseCeOverrides(R"({"extensions":{"team":1}})").has_value());
  EXPECT_FALSE(ParseCeOverrides(R"({"other":{}})").has_value());
  EXPECT_FALSE(ParseCeOverrides("nope").has_value());
}

TEST(OffsetTrackerTest, CommitsOnlyTheCompletedPrefix) {
  OffsetTracker t;
  EXPECT_FALSE(t.Committable().has_value());
  t.Started(10);
  t.Started(11);
  t.Started(14);  // 12 and 13 were transaction markers or compacted away
  EXPECT_EQ(t.Committable(), 10);
  t.Completed(11);
  t.Completed(14);
  EXPECT_EQ(t.Committable(), 10);  // 10 is pending: nothing past it
  EXPECT_EQ(t.pending(), 1u);
  t.Completed(10);
  EXPECT_EQ(t.Committable(), 15);
  EXPECT_TRUE(t.idle());
  t.Position(17);  // a commit marker at 15..16 ends the partition
  EXPECT_EQ(t.Committable(), 17);
  t.Started(16);  // older than the position: ignored
  EXPECT_TRUE(t.idle());
}

}  // namespace
}  // namespace rowcast::dispatch
