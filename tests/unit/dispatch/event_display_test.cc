#include "dispatch/event_display.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace rowcast::dispatch {
namespace {

using format::CloudEvent;
using format::HeaderList;

constexpr std::string_view kBanner = "\xE2\x98\x81\xEF\xB8\x8F  cloudevents.Event\n";

HeaderList BinaryRequest() {
  return {{"Content-Type", "application/json"},
          {"Ce-Specversion", "1.0"},
          {"Ce-Id", "name:dbserver1;file:mysql-bin.000003;pos:154;row:0"},
          {"Ce-Source", "/debezium/mysql/dbserver1"},
          {"Ce-Type", "io.debezium.connector.mysql.DataChangeEvent"},
          {"Ce-Time", "2023-11-14T22:13:20.000Z"},
          {"Ce-Subject", "inventory.customers"},
          {"Ce-Iodebeziumtsms", "1700000000000"},
          {"Ce-Iodebeziumconnector", "mysql"},
          {"Ce-Knativekafkapartition", "0"}};
}

TEST(EventDisplayTest, PrintsWhatKnativeEventDisplayPrints) {
  auto e = format::ParseBinaryHttp(BinaryRequest(),
                                   R"({"before":null,"after":{"id":1001,"tags":[],"o":{}}})");
  ASSERT_TRUE(e.has_value()) << e.error().ToString();
  EXPECT_EQ(FormatEventDisplay(*e), std::string(kBanner) +
                                        "Context Attributes,\n"
                                        "  specversion: 1.0\n"
                                        "  type: io.debezium.connector.mysql.DataChangeEvent\n"
                                        "  source: /debezium/mysql/dbserver1\n"
                                        "  subject: inventory.customers\n"
                                        "  id: name:dbserver1;file:mysql-bin.000003;pos:154;row:0\n"
                                        "  time: 2023-11-14T22:13:20Z\n"
                                        "  datacontenttype: application/json\n"
                                        "Extensions,\n"
                                        "  iodebeziumconnector: mysql\n"
                                        "  iodebeziumtsms: 1700000000000\n"
                                        "  knativekafkapartition: 0\n"
                                        "Data,\n"
                                        "  {\n"
                                        "    \"before\": null,\n"
                                        "    \"after\": {\n"
                                        "      \"id\": 1001,\n"
                                        "      \"tags\": [],\n"
                                        "      \"o\": {}\n"
                                        "    }\n"
                                        "  }\n");
}

TEST(EventDisplayTest, PrintsNonJsonDataAsTextAndOmitsUnsetAttributes) {
  auto e = format::ParseStructuredJson(
      R"({"specversion":"1.0","id":"x","source":"/s","type":"t","datacontenttype":"text/plain",)"
      R"("data":"hello"})");
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(FormatEventDisplay(*e), std::string(kBanner) +
                                        "Context Attributes,\n"
                                        "  specversion: 1.0\n"
                                        "  type: t\n"
                                        "  source: /s\n"
                                        "  id: x\n"
                                        "  datacontenttype: text/plain\n"
                                        "Data,\n"
                                        "  hello\n");
}

TEST(EventDisplayTest, PrintsBase64DataAsBinary) {
  auto e = format::ParseStructuredJson(
      R"({"specversion":"1.0","id":"x","source":"/s","type":"t","data_base64":"aGk="})");
  ASSERT_TRUE(e.has_value());
  EXPECT_TRUE(FormatEventDisplay(*e).ends_with("Data (binary),\n  hi\n"));
}

TEST(EventDisplayTest, IndentsJsonLikeGoKeepingTokensVerbatim) {
  EXPECT_EQ(*IndentJsonLikeGo(R"( {"a" : "x,\"y\":{" , "b":[1, 2.50, true]}  )", "", "  "),
            "{\n  \"a\": \"x,\\\"y\\\":{\",\n  \"b\": [\n    1,\n    2.50,\n    true\n  ]\n}  ");
  EXPECT_EQ(*IndentJsonLikeGo("[]", "  ", "  "), "[]");
  EXPECT_EQ(*IndentJsonLikeGo("\"\\u00e9\"", "  ", "  "), "\"\\u00e9\"");
  EXPECT_FALSE(IndentJsonLikeGo("{", "", "  ").has_value());
}

TEST(EventDisplayTest, ParsesListenAddresses) {
  EventDisplayOptions o;
  ASSERT_TRUE(ParseListenAddress("127.0.0.1:0", o).ok());
  EXPECT_EQ(o.host, "127.0.0.1");
  EXPECT_EQ(o.port, 0);
  ASSERT_TRUE(ParseListenAddress("[::1]:8080", o).ok());
  EXPECT_EQ(o.host, "::1");
  EXPECT_EQ(o.port, 8080);
  EXPECT_FALSE(ParseListenAddress("localhost", o).ok());
  EXPECT_FALSE(ParseListenAddress("h:99999", o).ok());
  EXPECT_FALSE(ParseListenAddress("h:8o", o).ok());
}

struct Captured {
  std::FILE* file = std::tmpfile();
  ~Captured() { std::fclose(file); }
  std::string Text() const {
    std::string out;
    std::rewind(file);
    char buf[4096];
    size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof(buf), file)) > 0) out.append(buf, n);
    return out;
  }
};

TEST(EventDisplayTest, AnswersLikeAnSdkGoReceiver) {
  Captured out;
  EventDisplayOptions o;
  o.out = out.file;
  auto d = EventDisplay::Create(o);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ((*d)->Handle(BinaryRequest(), "{}").status, 200);
  const auto unknown = (*d)->Handle({{"Content-Type", "application/json"}}, "{}");
  EXPECT_EQ(unknown.status, 415);
  EXPECT_NE(unknown.body.find("not a CloudEvent"), std::string::npos);
  const auto batch = (*d)->Handle({{"Content-Type", "application/cloudevents-batch+json"}}, "[]");
  EXPECT_EQ(batch.status, 400);
  EXPECT_NE(batch.body.find("batch"), std::string::npos);
  HeaderList no_id = BinaryRequest();
  std::erase_if(no_id, [](const auto& h) { return h.first == "Ce-Id"; });
  const auto missing = (*d)->Handle(no_id, "{}");
  EXPECT_EQ(missing.status, 400);
  EXPECT_NE(missing.body.find("id"), std::string::npos);
  EXPECT_EQ((*d)->events(), 1u);
  EXPECT_TRUE(out.Text().starts_with(kBanner));
}

TEST(EventDisplayTest, AnswersEveryEventWithAFixedStatus) {
  Captured out;
  EventDisplayOptions o;
  o.out = out.file;
  o.status = 503;
  auto d = EventDisplay::Create(o);
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ((*d)->Handle(BinaryRequest(), "{}").status, 503);
  o.status = 42;
  EXPECT_FALSE(EventDisplay::Create(o).has_value());
}

}  // namespace
}  // namespace rowcast::dispatch
