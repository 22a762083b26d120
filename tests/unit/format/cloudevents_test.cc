#include "format/cloudevents.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "format/envelope.h"

namespace rowcast::format {
namespace {

using binlog::Cell;
using binlog::CellKind;
using binlog::ColumnType;

binlog::TableMap MakeTable(bool with_key = true) {
  binlog::TableMap t;
  t.db = "shop";
  t.table = "orders";
  t.columns.resize(2);
  t.columns[0].type = t.columns[0].real_type = ColumnType::kLong;
  t.columns[0].name = "id";
  t.columns[1].type = t.columns[1].real_type = ColumnType::kVarchar;
  t.columns[1].name = "note";
  t.columns[1].collation = 45;
  t.columns[1].nullable = true;
  if (with_key) t.primary_key = {0};
  t.has_names = true;
  return t;
}

std::vector<Cell> Row(int64_t id, const std::string& note) {
  std::vector<Cell> row(2);
  row[0].kind = CellKind::kInt;
  row[0].i = id;
  row[1].kind = CellKind::kString;
  row[1].bytes = AsBytes(note);
  return row;
}

struct Rendered {
  std::string key, value;
};

// A change record exactly as rowcast writes it.
Rendered Render(Op op, uint32_t row_index = 0, int64_t id = 7, bool schemas = false,
                std::string_view snapshot = "false", bool with_key = true) {
  EnvelopeOptions o;
  o.topic_prefix = "dbserver1";
  o.key_schemas = schemas;
  o.value_schemas = schemas;
  auto w = EnvelopeWriter::Create(o);
  EXPECT_TRUE(w.has_value());
  const auto t = MakeTable(with_key);
  static const std::string note = "hello \"world\"";
  const auto row = Row(id, note);
  SourceInfo src;
  src.ts_ms = 1700000000000;
  src.server_id = 1;
  src.gtid = "0-1-9";
  src.file = "binlog.000001";
  src.pos = 1234;
  src.row = row_index;
  src.thread = 77;
  src.query = "INSERT INTO orders\nVALUES (7)";
  src.snapshot = snapshot;
  Rendered r;
  EXPECT_TRUE((*w)->AppendKey(r.key, t, row).ok());
  const std::vector<Cell> none;
  const bool has_before = op == Op::kUpdate || op == Op::kDelete;
  const bool has_after = op != Op::kDelete;
  EXPECT_TRUE((*w)->AppendValue(r.value, t, op, has_before ? row : none, has_after ? row : none,
                                src, 1700000000123456789)
                  .ok());
  return r;
}

CloudEventOptions Options() {
  CloudEventOptions o;
  o.topic_prefix = "dbserver1";
  return o;
}

CloudEvent Map(const Rendered& r, const CloudEventOptions& o = Options(), uint64_t seq = 0) {
  auto e = MapChangeToCloudEvent(o, r.key, r.value, seq);
  EXPECT_TRUE(e.has_value()) << e.error().ToString();
  EXPECT_TRUE(e->has_value());
  return **e;
}

TEST(CloudEventsTest, MapsEveryContextAttributeOfAStreamingInsert) {
  const auto r = Render(Op::kCreate, 2);
  const CloudEvent e = Map(r);
  std::vector<std::string> names;
  for (const auto& a : e.attributes) names.push_back(a.name);
  EXPECT_EQ(names, (std::vector<std::string>{"specversion", "id", "source", "type", "time",
                                             "subject", "datacontenttype"}));
  EXPECT_EQ(e.Get("specversion"), "1.0");
  EXPECT_EQ(e.Get("id"), "name:dbserver1;file:binlog.000001;pos:1234;row:2");
  EXPECT_EQ(e.Get("source"), "/debezium/mysql/dbserver1");
  EXPECT_EQ(e.Get("type"), "io.debezium.connector.mysql.DataChangeEvent");
  EXPECT_EQ(e.Get("time"), "2023-11-14T22:13:20.000Z");
  EXPECT_EQ(e.Get("subject"), "shop.orders");
  EXPECT_EQ(e.Get("datacontenttype"), "application/json");
  EXPECT_EQ(e.data, r.value);
  EXPECT_FALSE(e.data_base64);
}

TEST(CloudEventsTest, MapsTheSourceBlockToDebeziumExtensions) {
  const CloudEvent e = Map(Render(Op::kCreate, 2));
  std::map<std::string, std::pair<std::string, CloudEventValueType>> ext;
  for (const auto& x : e.extensions) ext[x.name] = {x.value, x.type};
  using T = CloudEventValueType;
  const std::map<std::string, std::pair<std::string, CloudEventValueType>> want = {
      {"iodebeziumop", {"c", T::kString}},
      {"iodebeziumversion", {"0.1.0", T::kString}},
      {"iodebeziumconnector", {"mysql", T::kString}},
      {"iodebeziumname", {"dbserver1", T::kString}},
      {"iodebeziumtsms", {"1700000000000", T::kString}},
      {"iodebeziumtsus", {"1700000000000000", T::kString}},
      {"iodebeziumtsns", {"1700000000000000000", T::kString}},
      {"iodebeziumsnapshot", {"false", T::kString}},
      {"iodebeziumdb", {"shop", T::kString}},
      {"iodebeziumtable", {"orders", T::kString}},
      {"iodebeziumserverid", {"1", T::kString}},
      {"iodebeziumgtid", {"0-1-9", T::kString}},
      {"iodebeziumfile", {"binlog.000001", T::kString}},
      {"iodebeziumpos", {"1234", T::kString}},
      {"iodebeziumrow", {"2", T::kInteger}},
      {"iodebeziumthread", {"77", T::kString}},
  };
  EXPECT_EQ(ext, want);  // no iodebeziumquery (free text), no iodebeziumsequence (null)
  for (size_t i = 1; i < e.extensions.size(); ++i) {
    EXPECT_LT(e.extensions[i - 1].name, e.extensions[i].name);
  }
}

TEST(CloudEventsTest, ExtensionNamesAreLowerCaseAlphanumericAndNeverCoreNames) {
  const CloudEvent e = Map(Render(Op::kUpdate));
  for (const auto& x : e.extensions) {
    for (const char c : x.name) EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'));
    for (const auto& a : e.attributes) EXPECT_NE(x.name, a.name);
    EXPECT_NE(x.name, "data");
  }
}

TEST(CloudEventsTest, UnwrapsTheConnectSchemaWrapperIntoData) {
  const auto plain = Render(Op::kCreate, 0, 7, false);
  const auto wrapped = Render(Op::kCreate, 0, 7, true);
  ASSERT_NE(wrapped.value.find("\"schema\""), std::string::npos);
  const CloudEvent a = Map(plain);
  const CloudEvent b = Map(wrapped);
  EXPECT_EQ(b.data, plain.value);
  EXPECT_EQ(a.attributes.size(), b.attributes.size());
  EXPECT_EQ(a.Get("id"), b.Get("id"));
}

TEST(CloudEventsTest, StreamingIdsCarryTheRowIndexForUpdatesAndDeletes) {
  EXPECT_EQ(Map(Render(Op::kUpdate, 5)).Get("id"),
            "name:dbserver1;file:binlog.000001;pos:1234;row:5");
  const CloudEvent d = Map(Render(Op::kDelete, 0));
  EXPECT_EQ(d.Get("id"), "name:dbserver1;file:binlog.000001;pos:1234;row:0");
  EXPECT_EQ(d.Get("iodebeziumop"), "d");
}

TEST(CloudEventsTest, SnapshotIdsHashTheCanonicalKey) {
  const CloudEvent e = Map(Render(Op::kRead, 0, 7, false, "true"));
  // SHA-256('{"id":7}') starts with a3c90e3b7448d23d.
  EXPECT_EQ(e.Get("id"),
            "name:dbserver1;file:binlog.000001;pos:1234;snapshot:shop.orders;key:a3c90e3b7448d23d");
  EXPECT_EQ(e.Get("iodebeziumop"), "r");
  EXPECT_EQ(e.Get("iodebeziumsnapshot"), "true");
  // The same key with a schema wrapper: the same id.
  EXPECT_EQ(Map(Render(Op::kRead, 0, 7, true, "true")).Get("id"), e.Get("id"));
}

TEST(CloudEventsTest, SnapshotKeyHashIgnoresMemberOrderAndSpaces) {
  const auto r = Render(Op::kRead, 0, 7, false, "true");
  auto a = MapChangeToCloudEvent(Options(), R"({"b":1,"a":2})", r.value);
  auto b = MapChangeToCloudEvent(Options(), R"({ "a": 2, "b": 1 })", r.value);
  ASSERT_TRUE(a.has_value() && b.has_value());
  EXPECT_EQ((*a)->Get("id"), (*b)->Get("id"));
  EXPECT_TRUE((*a)->Get("id").ends_with(";key:d3626ac30a87e6f7"));
}

TEST(CloudEventsTest, KeylessSnapshotRowsUseTheCallersSequence) {
  const auto r = Render(Op::kRead, 0, 7, false, "true", /*with_key=*/false);
  ASSERT_EQ(r.key, "null");
  EXPECT_EQ(Map(r, Options(), 41).Get("id"),
            "name:dbserver1;file:binlog.000001;pos:1234;snapshot:shop.orders;seq:41");
}

TEST(CloudEventsTest, IdsAreStableAcrossReReadsAndUniquePerRow) {
  std::set<std::string> ids;
  for (uint32_t row = 0; row < 100; ++row) {
    const auto r = Render(Op::kUpdate, row);
    const std::string id(Map(r).Get("id"));
    EXPECT_EQ(Map(r).Get("id"), id);  // same binlog range read again: same id
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), 100u);
  std::set<std::string> snapshot_ids;
  for (int64_t key = 0; key < 2000; ++key) {
    snapshot_ids.insert(std::string(Map(Render(Op::kRead, 0, key, false, "true")).Get("id")));
  }
  EXPECT_EQ(snapshot_ids.size(), 2000u);
}

TEST(CloudEventsTest, DebeziumCompatProfileDropsRowAndKey) {
  CloudEventOptions o = Options();
  o.id_profile = CloudEventIdProfile::kDebeziumCompat;
  o.connector = "mariadb";
  const CloudEvent e = Map(Render(Op::kRead, 3, 7, false, "true"), o);
  EXPECT_EQ(e.Get("id"), "name:dbserver1;file:binlog.000001;pos:1234");
  EXPECT_EQ(e.Get("source"), "/debezium/mariadb/dbserver1");
  EXPECT_EQ(e.Get("type"), "io.debezium.connector.mariadb.DataChangeEvent");
}

TEST(CloudEventsTest, SubjectCanBeSwitchedOff) {
  CloudEventOptions o = Options();
  o.subject = false;
  EXPECT_EQ(Map(Render(Op::kCreate), o).Find("subject"), nullptr);
}

TEST(CloudEventsTest, TransactionBlockBecomesTxExtensions) {
  const std::string value =
      R"({"before":null,"after":{"id":1},"source":{"name":"p","file":"f.1","pos":4,"row":0,)"
      R"("ts_ms":5},"transaction":{"id":"0-1-9","total_order":3000000000,)"
      R"("data_collection_order":2},"op":"c"})";
  auto e = MapChangeToCloudEvent(Options(), R"({"id":1})", value);
  ASSERT_TRUE(e.has_value() && e->has_value());
  EXPECT_EQ((*e)->Get("iodebeziumtxid"), "0-1-9");
  EXPECT_EQ((*e)->Get("iodebeziumtxtotalorder"), "3000000000");
  EXPECT_EQ((*e)->Get("iodebeziumtxdatacollectionorder"), "2");
  EXPECT_EQ((*e)->Get("time"), "1970-01-01T00:00:00.005Z");
}

TEST(CloudEventsTest, RecordsThatAreNotRowChangesAreSkipped) {
  const std::string key = R"({"id":1})";
  for (const std::optional<std::string_view> value : {
           std::optional<std::string_view>(),        // tombstone
           std::optional<std::string_view>("null"),  // tombstone as text
           std::optional<std::string_view>(R"({"schema":{},"payload":null})"),
           std::optional<std::string_view>(  // schema change
               R"({"source":{"file":"b.1","pos":4},"databaseName":"shop","ddl":"DROP TABLE t"})"),
           std::optional<std::string_view>(R"({"status":"BEGIN","id":"0-1-2"})"),  // transaction
           std::optional<std::string_view>(R"({"ts_ms":1700000000000})"),          // heartbeat
           std::optional<std::string_view>("[1,2]"),
       }) {
    auto e = MapChangeToCloudEvent(Options(), key, value);
    ASSERT_TRUE(e.has_value()) << e.error().ToString();
    EXPECT_FALSE(e->has_value()) << value.value_or("<null>");
  }
}

TEST(CloudEventsTest, RejectsValuesThatAreNotJsonOrLackAPosition) {
  auto bad = MapChangeToCloudEvent(Options(), "{}", "{\"op\":");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code(), StatusCode::kInvalidArgument);
  auto nopos = MapChangeToCloudEvent(Options(), "{}", R"({"op":"c","source":{"file":"b.1"}})");
  ASSERT_FALSE(nopos.has_value());
  EXPECT_NE(nopos.error().message().find("source.pos"), std::string::npos);
}

TEST(CloudEventsTest, FormatsTimeAsUtcMilliseconds) {
  EXPECT_EQ(FormatCloudEventTime(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatCloudEventTime(1700000000123), "2023-11-14T22:13:20.123Z");
  EXPECT_EQ(FormatCloudEventTime(-1), "1969-12-31T23:59:59.999Z");
}

TEST(CloudEventsTest, CanonicalTimeIsRfc3339NanoUtcLikeSdkGo) {
  EXPECT_EQ(*CanonicalCloudEventTime("2023-11-14T22:13:20.000Z"), "2023-11-14T22:13:20Z");
  EXPECT_EQ(*CanonicalCloudEventTime("2023-11-14T22:13:20.120Z"), "2023-11-14T22:13:20.12Z");
  EXPECT_EQ(*CanonicalCloudEventTime("2023-11-14T23:43:20.5+01:30"), "2023-11-14T22:13:20.5Z");
  EXPECT_EQ(*CanonicalCloudEventTime("2023-12-31T23:30:00-01:00"), "2024-01-01T00:30:00Z");
  EXPECT_FALSE(CanonicalCloudEventTime("2023-11-14 22:13:20Z").has_value());
  EXPECT_FALSE(CanonicalCloudEventTime("2023-02-30T00:00:00Z").has_value());
  EXPECT_FALSE(CanonicalCloudEventTime("2023-11-14T22:13:20").has_value());
}

TEST(CloudEventsTest, PercentEncodesExactlyWhatTheHttpBindingSays) {
  EXPECT_EQ(PercentEncodeHeaderValue("Euro \xE2\x82\xAC \xF0\x9F\x98\x80"),
            "Euro%20%E2%82%AC%20%F0%9F%98%80");
  EXPECT_EQ(PercentEncodeHeaderValue("a b"), "a%20b");
  EXPECT_EQ(PercentEncodeHeaderValue("100%"), "100%25");
  EXPECT_EQ(PercentEncodeHeaderValue("\"q\""), "%22q%22");
  EXPECT_EQ(PercentEncodeHeaderValue("line\nbreak\t\x7F"), "line%0Abreak%09%7F");
  EXPECT_EQ(PercentEncodeHeaderValue(std::string_view("\0x", 2)), "%00x");
  const std::string safe = "name:dbserver1;file:binlog.000001;pos:4;row:0/!#$&'()*+,=?@[]^`{|}~";
  EXPECT_EQ(PercentEncodeHeaderValue(safe), safe);
}

TEST(CloudEventsTest, DecodesHeaderValuesLikeAConformantReceiver) {
  EXPECT_EQ(*DecodeHeaderValue("Euro%20%e2%82%ac%20%F0%9F%98%80"),
            "Euro \xE2\x82\xAC \xF0\x9F\x98\x80");     // lower-case hex accepted
  EXPECT_EQ(*DecodeHeaderValue("%41bc"), "Abc");       // unnecessary encoding accepted
  EXPECT_EQ(*DecodeHeaderValue(R"("a\"b")"), "a\"b");  // quoted-string
  EXPECT_EQ(*DecodeHeaderValue("\"%25\""), "%");
  for (std::string_view bad : {"%C0%A0", "%ED%A0%80", "%FF", "%G1", "abc%4", "%", "\"a\\\""}) {
    auto d = DecodeHeaderValue(bad);
    EXPECT_FALSE(d.has_value()) << bad;
    if (!d.has_value()) {
      EXPECT_EQ(d.error().code(), StatusCode::kInvalidArgument);
    }
  }
}

TEST(CloudEventsTest, ValuesAnHttpLibraryAlreadyDecodedAreNotDecodedTwice) {
  constexpr auto kDecoded = HeaderValueEncoding::kPercentDecoded;
  EXPECT_EQ(*DecodeHeaderValue("100%41", kDecoded), "100%41");
  EXPECT_EQ(*DecodeHeaderValue(R"("a\"b")", kDecoded), "a\"b");
  EXPECT_FALSE(DecodeHeaderValue("\xC0\xA0", kDecoded).has_value());  // invalid UTF-8
}

CloudEvent Awkward() {
  CloudEvent e = Map(Render(Op::kUpdate, 1));
  for (auto& a : e.attributes) {
    if (a.name == "subject") a.value = "shop.order lines \xC3\xBC \"100%\"";
  }
  return e;
}

TEST(CloudEventsTest, BinaryHttpHeadersHaveOneHeaderPerAttributeAndContentType) {
  const CloudEvent e = Awkward();
  const HeaderList h = BinaryHttpHeaders(e);
  std::map<std::string, std::string> m(h.begin(), h.end());
  EXPECT_EQ(m.size(), h.size());
  EXPECT_EQ(m.count("ce-datacontenttype"), 0u);
  EXPECT_EQ(m["Content-Type"], "application/json");
  EXPECT_EQ(m["ce-specversion"], "1.0");
  EXPECT_EQ(m["ce-id"], "name:dbserver1;file:binlog.000001;pos:1234;row:1");
  EXPECT_EQ(m["ce-subject"], "shop.order%20lines%20%C3%BC%20%22100%25%22");
  EXPECT_EQ(m["ce-iodebeziumtsms"], "1700000000000");
  EXPECT_EQ(m["ce-iodebeziumrow"], "1");
  EXPECT_EQ(h.size(), e.attributes.size() + e.extensions.size());
}

TEST(CloudEventsTest, BinaryHttpRoundTripsThroughTheParser) {
  const CloudEvent e = Awkward();
  HeaderList h = BinaryHttpHeaders(e);
  for (auto& [name, value] : h) {
    if (name == "ce-id") name = "Ce-Id";  // header names are case-insensitive
  }
  auto back = ParseBinaryHttp(h, *e.data);
  ASSERT_TRUE(back.has_value()) << back.error().ToString();
  ASSERT_EQ(back->attributes.size(), e.attributes.size());
  for (size_t i = 0; i < e.attributes.size(); ++i) {
    EXPECT_EQ(back->attributes[i].name, e.attributes[i].name);
    EXPECT_EQ(back->attributes[i].value, e.attributes[i].value);
  }
  ASSERT_EQ(back->extensions.size(), e.extensions.size());
  for (size_t i = 0; i < e.extensions.size(); ++i) {
    EXPECT_EQ(back->extensions[i].name, e.extensions[i].name);
    EXPECT_EQ(back->extensions[i].value, e.extensions[i].value);
  }
  EXPECT_EQ(back->data, e.data);
}

TEST(CloudEventsTest, KafkaBinaryHeadersAreRawUtf8WithLowerCaseNames) {
  const CloudEvent e = Awkward();
  const HeaderList h = KafkaBinaryHeaders(e);
  std::map<std::string, std::string> m(h.begin(), h.end());
  EXPECT_EQ(m["ce_subject"], "shop.order lines \xC3\xBC \"100%\"");
  EXPECT_EQ(m["content-type"], "application/json");
  EXPECT_EQ(m.count("ce_datacontenttype"), 0u);
  EXPECT_EQ(m["ce_specversion"], "1.0");
  for (const auto& [name, value] : h) {
    EXPECT_TRUE(name == "content-type" || name.starts_with("ce_")) << name;
  }
}

TEST(CloudEventsTest, StructuredJsonCarriesDataAsAJsonValueAndInt64AsStrings) {
  const CloudEvent e = Map(Render(Op::kCreate, 2));
  std::string body;
  AppendStructuredJson(body, e);
  const auto j = nlohmann::json::parse(body);
  EXPECT_TRUE(j["data"].is_object());
  EXPECT_EQ(j["data"]["after"]["id"], 7);
  EXPECT_EQ(j["iodebeziumrow"], 2);
  EXPECT_EQ(j["iodebeziumtsms"], "1700000000000");
  EXPECT_EQ(j["specversion"], "1.0");
  EXPECT_EQ(j["datacontenttype"], "application/json");
  EXPECT_FALSE(j.contains("iodebeziumquery"));
  EXPECT_EQ(kCloudEventsJsonContentType, "application/cloudevents+json; charset=utf-8");

  auto back = ParseStructuredJson(body);
  ASSERT_TRUE(back.has_value()) << back.error().ToString();
  EXPECT_EQ(back->data, e.data);
  EXPECT_EQ(back->Get("id"), e.Get("id"));
  ASSERT_NE(back->Find("iodebeziumrow"), nullptr);
  EXPECT_EQ(back->Find("iodebeziumrow")->type, CloudEventValueType::kInteger);
  EXPECT_EQ(back->extensions.size(), e.extensions.size());
}

TEST(CloudEventsTest, StructuredParserReadsTextAndBase64Data) {
  auto text = ParseStructuredJson(
      R"({"specversion":"1.0","id":"1","source":"/s","type":"t","datacontenttype":"text/plain",)"
      R"("data":"hi \"there\"","flag":true,"n":-5,"gone":null})");
  ASSERT_TRUE(text.has_value()) << text.error().ToString();
  EXPECT_EQ(text->data, "hi \"there\"");
  EXPECT_EQ(text->Get("flag"), "true");
  EXPECT_EQ(text->Get("n"), "-5");
  EXPECT_EQ(text->Find("gone"), nullptr);
  auto bin = ParseStructuredJson(
      R"({"specversion":"1.0","id":"1","source":"/s","type":"t","data_base64":"AAEC/w=="})");
  ASSERT_TRUE(bin.has_value()) << bin.error().ToString();
  EXPECT_TRUE(bin->data_base64);
  EXPECT_EQ(*bin->data, std::string("\x00\x01\x02\xFF", 4));
}

TEST(CloudEventsTest, ParsersRejectMissingAttributesAndBadSpecversion) {
  auto no_id = ParseStructuredJson(R"({"specversion":"1.0","source":"/s","type":"t"})");
  ASSERT_FALSE(no_id.has_value());
  EXPECT_EQ(no_id.error().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(no_id.error().message().find("id"), std::string::npos);
  auto v03 = ParseStructuredJson(R"({"specversion":"0.3","id":"1","source":"/s","type":"t"})");
  ASSERT_FALSE(v03.has_value());
  EXPECT_NE(v03.error().message().find("specversion"), std::string::npos);
  auto big = ParseStructuredJson(
      R"({"specversion":"1.0","id":"1","source":"/s","type":"t","iodebeziumtsms":1700000000000})");
  EXPECT_FALSE(big.has_value());
  auto obj =
      ParseStructuredJson(R"({"specversion":"1.0","id":"1","source":"/s","type":"t","x":{}})");
  EXPECT_FALSE(obj.has_value());
  auto bad_time = ParseBinaryHttp({{"ce-specversion", "1.0"},
                                   {"ce-id", "1"},
                                   {"ce-source", "/s"},
                                   {"ce-type", "t"},
                                   {"ce-time", "yesterday"}},
                                  "");
  EXPECT_FALSE(bad_time.has_value());
  auto no_type =
      ParseBinaryHttp({{"ce-specversion", "1.0"}, {"ce-id", "1"}, {"ce-source", "/s"}}, "{}");
  ASSERT_FALSE(no_type.has_value());
  EXPECT_NE(no_type.error().message().find("type"), std::string::npos);
  auto bad_name = ParseBinaryHttp({{"ce-specversion", "1.0"},
                                   {"ce-id", "1"},
                                   {"ce-source", "/s"},
                                   {"ce-type", "t"},
                                   {"ce-my-ext", "v"}},
                                  "");
  EXPECT_FALSE(bad_name.has_value());
}

TEST(CloudEventsTest, DetectsTheHttpMode) {
  EXPECT_EQ(DetectHttpMode({{"Content-Type", "Application/CloudEvents+json; charset=utf-8"}}),
            HttpCloudEventMode::kStructured);
  EXPECT_EQ(DetectHttpMode({{"content-type", "application/cloudevents-batch+json"}}),
            HttpCloudEventMode::kBatch);
  EXPECT_EQ(DetectHttpMode({{"Content-Type", "application/json"}, {"Ce-Specversion", "1.0"}}),
            HttpCloudEventMode::kBinary);
  EXPECT_EQ(DetectHttpMode({{"Content-Type", "application/json"}}), HttpCloudEventMode::kUnknown);
  auto batch = ParseHttpCloudEvent({{"content-type", "application/cloudevents-batch+json"}}, "[]");
  ASSERT_FALSE(batch.has_value());
  EXPECT_EQ(batch.error().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace rowcast::format
