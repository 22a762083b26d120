#include "format/connect_schema.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace rowcast::format {
namespace {

using Json = nlohmann::json;
using schema::Column;
using schema::DataType;

Column Col(std::string name, DataType type, std::optional<int64_t> length = std::nullopt,
           bool nullable = true) {
  Column c;
  c.name = std::move(name);
  c.type = type;
  c.length = length;
  c.nullable = nullable;
  return c;
}

// Debezium tutorial's inventory.customers.
schema::Table Customers() {
  schema::Table t;
  t.db = "inventory";
  t.name = "customers";
  Column id = Col("id", DataType::kInt, std::nullopt, false);
  id.auto_increment = true;
  t.columns = {id, Col("first_name", DataType::kVarChar, 255, false),
               Col("last_name", DataType::kVarChar, 255, false),
               Col("email", DataType::kVarChar, 255, false)};
  t.primary_key = {"id"};
  return t;
}

Json Field(const Column& c, ValueOptions v = {}) {
  ConnectSchemaOptions o;
  o.values = v;
  std::string out;
  AppendFieldSchema(out, c, o);
  return Json::parse(out);
}

const Json* FindField(const Json& schema, std::string_view name) {
  for (const auto& f : schema["fields"]) {
    if (f["field"] == name) return &f;
  }
  return nullptr;
}

TEST(ConnectSchemaTest, KeyMatchesTheTutorialsCustomersKey) {
  ConnectSchemaOptions o;
  o.topic_prefix = "mysql-server-1";
  const std::string key = KeySchemaJson(Customers(), {0}, o);
  EXPECT_EQ(Json::parse(key), Json::parse(R"({"type":"struct","name":
      "mysql-server-1.inventory.customers.Key","optional":false,"fields":[
      {"field":"id","type":"int32","optional":false}]})"));
  // JsonConverter's key order.
  EXPECT_EQ(key, R"({"type":"struct","fields":[{"type":"int32","optional":false,"field":"id"}],)"
                 R"("optional":false,"name":"mysql-server-1.inventory.customers.Key"})");
}

TEST(ConnectSchemaTest, ValueMatchesTheTutorialsCustomersEnvelope) {
  ConnectSchemaOptions o;
  o.topic_prefix = "dbserver1";
  const Json v = Json::parse(ValueSchemaJson(Customers(), {}, o));
  EXPECT_EQ(v["name"], "dbserver1.inventory.customers.Envelope");
  EXPECT_EQ(v["version"], 2);
  EXPECT_EQ(v["optional"], false);
  std::vector<std::string> names;
  for (const auto& f : v["fields"]) names.push_back(f["field"]);
  EXPECT_EQ(names, (std::vector<std::string>{"before", "after", "source", "transaction", "op",
                                             "ts_ms", "ts_us", "ts_ns"}));
  const Json expected_row = Json::parse(R"({"type":"struct","fields":[
      {"type":"int32","optional":false,"field":"id"},
      {"type":"string","optional":false,"field":"first_name"},
      {"type":"string","optional":false,"field":"last_name"},
      {"type":"string","optional":false,"field":"email"}],
      "optional":true,"name":"dbserver1.inventory.customers.Value","field":"after"})");
  EXPECT_EQ(*FindField(v, "after"), expected_row);
  EXPECT_EQ((*FindField(v, "before"))["fields"], expected_row["fields"]);
  EXPECT_EQ(*FindField(v, "transaction"), Json::parse(R"({"type":"struct","fields":[
      {"type":"string","optional":false,"field":"id"},
      {"type":"int64","optional":false,"field":"total_order"},
      {"type":"int64","optional":false,"field":"data_collection_order"}],
      "optional":true,"name":"event.block","version":1,"field":"transaction"})"));
  EXPECT_EQ(*FindField(v, "op"), Json::parse(R"({"type":"string","optional":false,"field":"op"})"));
  EXPECT_EQ((*FindField(v, "ts_ns"))["optional"], true);
}

TEST(ConnectSchemaTest, SourceIsNamedAfterTheConnectorWithEnvelopeWritersFields) {
  for (const std::string connector : {"mysql", "mariadb"}) {
    ConnectSchemaOptions o;
    o.connector = connector;
    o.topic_prefix = "p";
    const Json v = Json::parse(ValueSchemaJson(Customers(), {}, o));
    const Json& source = *FindField(v, "source");
    EXPECT_EQ(source["name"], "io.debezium.connector." + connector + ".Source");
    std::vector<std::string> names;
    for (const auto& f : source["fields"]) names.push_back(f["field"]);
    EXPECT_EQ(names,
              (std::vector<std::string>{"version", "connector", "name", "ts_ms", "snapshot", "db",
                                        "sequence", "ts_us", "ts_ns", "table", "server_id", "gtid",
                                        "file", "pos", "row", "thread", "query"}));
    const Json& snapshot = *FindField(source, "snapshot");
    EXPECT_EQ(snapshot["name"], "io.debezium.data.Enum");
    EXPECT_EQ(snapshot["default"], "false");
    EXPECT_EQ((*FindField(source, "row"))["type"], "int32");
    EXPECT_EQ((*FindField(source, "server_id"))["type"], "int64");
  }
}

TEST(ConnectSchemaTest, ExcludedColumnsAreLeftOut) {
  ConnectSchemaOptions o;
  const Json v = Json::parse(ValueSchemaJson(Customers(), {true, false, true}, o));
  std::vector<std::string> names;
  for (const auto& f : (*FindField(v, "after"))["fields"]) names.push_back(f["field"]);
  EXPECT_EQ(names, (std::vector<std::string>{"id", "last_name", "email"}));
}

TEST(ConnectSchemaTest, IntegersWidenForUnsignedLikeDebezium) {
  Column c = Col("c", DataType::kTinyInt, 1);
  EXPECT_EQ(Field(c)["type"], "int16");  // TINYINT(1) stays a number
  c.is_unsigned = true;
  EXPECT_EQ(Field(c)["type"], "int16");
  c.type = DataType::kSmallInt;
  EXPECT_EQ(Field(c)["type"], "int32");
  c.type = DataType::kMediumInt;
  EXPECT_EQ(Field(c)["type"], "int32");
  c.type = DataType::kInt;
  EXPECT_EQ(Field(c)["type"], "int64");
  c.is_unsigned = false;
  EXPECT_EQ(Field(c)["type"], "int32");
  c.type = DataType::kBool;
  EXPECT_EQ(Field(c)["type"], "int16");  // values.cc writes the number
  c.type = DataType::kBigInt;
  EXPECT_EQ(Field(c)["type"], "int64");
}

TEST(ConnectSchemaTest, BigintUnsignedPreciseIsADecimalOfPrecision20) {
  Column c = Col("c", DataType::kBigInt);
  c.is_unsigned = true;
  EXPECT_EQ(Field(c)["type"], "int64");
  ValueOptions v;
  v.bigint_unsigned = BigintUnsignedMode::kPrecise;
  EXPECT_EQ(Field(c, v), Json::parse(R"({"type":"bytes","optional":true,
      "name":"org.apache.kafka.connect.data.Decimal","version":1,
      "parameters":{"scale":"0","connect.decimal.precision":"20"},"field":"c"})"));
}

TEST(ConnectSchemaTest, DecimalUnderEachMode) {
  Column c = Col("price", DataType::kDecimal, 10, false);
  c.scale = 2;
  std::string precise;
  ConnectSchemaOptions o;
  AppendFieldSchema(precise, c, o);
  EXPECT_EQ(precise,
            R"({"type":"bytes","optional":false,"name":"org.apache.kafka.connect.data.Decimal",)"
            R"("version":1,"parameters":{"scale":"2","connect.decimal.precision":"10"},)"
            R"("field":"price"})");
  ValueOptions v;
  v.decimal = DecimalMode::kString;
  EXPECT_EQ(Field(c, v), Json::parse(R"({"type":"string","optional":false,"field":"price"})"));
  v.decimal = DecimalMode::kDouble;
  EXPECT_EQ(Field(c, v), Json::parse(R"({"type":"float64","optional":false,"field":"price"})"));
}

TEST(ConnectSchemaTest, FloatWidthFollowsPrecisionAndScale) {
  Column c = Col("f", DataType::kFloat);
  EXPECT_EQ(Field(c)["type"], "float32");
  c.length = 24;
  EXPECT_EQ(Field(c)["type"], "float32");
  c.length = 25;
  EXPECT_EQ(Field(c)["type"], "float64");
  c.length = 7;
  c.scale = 2;
  EXPECT_EQ(Field(c)["type"], "float64");
  EXPECT_EQ(Field(Col("d", DataType::kDouble))["type"], "float64");
}

TEST(ConnectSchemaTest, TemporalTypesUnderEachTimePrecisionMode) {
  const Column date = Col("d", DataType::kDate);
  const Column time0 = Col("t", DataType::kTime, 0);
  const Column time6 = Col("t", DataType::kTime, 6);
  const Column dt3 = Col("dt", DataType::kDateTime, 3);
  const Column dt6 = Col("dt", DataType::kDateTime, 6);
  const Column ts = Col("ts", DataType::kTimestamp, 6);
  const Column year = Col("y", DataType::kYear);
  ValueOptions v;  // adaptive_time_microseconds
  EXPECT_EQ(Field(date, v)["name"], "io.debezium.time.Date");
  EXPECT_EQ(Field(date, v)["type"], "int32");
  EXPECT_EQ(Field(time0, v)["name"], "io.debezium.time.MicroTime");
  EXPECT_EQ(Field(time0, v)["type"], "int64");
  EXPECT_EQ(Field(dt3, v)["name"], "io.debezium.time.Timestamp");
  EXPECT_EQ(Field(dt6, v)["name"], "io.debezium.time.MicroTimestamp");
  EXPECT_EQ(Field(ts, v), Json::parse(R"({"type":"string","optional":true,
      "name":"io.debezium.time.ZonedTimestamp","version":1,"field":"ts"})"));
  EXPECT_EQ(Field(year, v), Json::parse(R"({"type":"int32","optional":true,
      "name":"io.debezium.time.Year","version":1,"field":"y"})"));
  v.time_precision = TimePrecisionMode::kAdaptive;
  EXPECT_EQ(Field(time0, v)["name"], "io.debezium.time.Time");
  EXPECT_EQ(Field(time0, v)["type"], "int32");
  EXPECT_EQ(Field(time6, v)["name"], "io.debezium.time.MicroTime");
  EXPECT_EQ(Field(dt3, v)["name"], "io.debezium.time.Timestamp");
  v.time_precision = TimePrecisionMode::kConnect;
  EXPECT_EQ(Field(date, v)["name"], "org.apache.kafka.connect.data.Date");
  EXPECT_EQ(Field(time6, v)["name"], "org.apache.kafka.connect.data.Time");
  EXPECT_EQ(Field(time6, v)["type"], "int32");
  EXPECT_EQ(Field(dt6, v)["name"], "org.apache.kafka.connect.data.Timestamp");
  EXPECT_EQ(Field(dt6, v)["type"], "int64");
  EXPECT_EQ(Field(ts, v)["name"], "io.debezium.time.ZonedTimestamp");
}

TEST(ConnectSchemaTest, BinaryColumnsFollowBinaryHandlingMode) {
  for (DataType t : {DataType::kBinary, DataType::kVarBinary, DataType::kBlob}) {
    const Column c = Col("b", t, 16);
    ValueOptions v;
    EXPECT_EQ(Field(c, v), Json::parse(R"({"type":"bytes","optional":true,"field":"b"})"));
    for (BinaryMode m : {BinaryMode::kBase64, BinaryMode::kBase64UrlSafe, BinaryMode::kHex}) {
      v.binary = m;
      EXPECT_EQ(Field(c, v), Json::parse(R"({"type":"string","optional":true,"field":"b"})"));
    }
  }
  EXPECT_EQ(Field(Col("s", DataType::kText))["type"], "string");
}

TEST(ConnectSchemaTest, MariaDbUuidAndInetAreText) {
  for (BinaryMode m : {BinaryMode::kBytes, BinaryMode::kHex}) {
    ValueOptions v;
    v.binary = m;
    EXPECT_EQ(Field(Col("u", DataType::kUuid), v),
              Json::parse(R"({"type":"string","optional":true,"name":"io.debezium.data.Uuid",
                              "version":1,"field":"u"})"));
    EXPECT_EQ(Field(Col("i", DataType::kInet6), v),
              Json::parse(R"({"type":"string","optional":true,"field":"i"})"));
    EXPECT_EQ(Field(Col("i", DataType::kInet4), v)["type"], "string");
  }
}

TEST(ConnectSchemaTest, BitsEnumsJsonAndGeometry) {
  EXPECT_EQ(Field(Col("b", DataType::kBit))["type"], "boolean");
  EXPECT_EQ(Field(Col("b", DataType::kBit, 1))["type"], "boolean");
  EXPECT_EQ(Field(Col("b", DataType::kBit, 12)), Json::parse(R"({"type":"bytes","optional":true,
      "name":"io.debezium.data.Bits","version":1,"parameters":{"length":"12"},"field":"b"})"));
  Column e = Col("size", DataType::kEnum);
  e.enum_values = {"S", "M", "L"};
  EXPECT_EQ(Field(e), Json::parse(R"({"type":"string","optional":true,
      "name":"io.debezium.data.Enum","version":1,"parameters":{"allowed":"S,M,L"},
      "field":"size"})"));
  e.type = DataType::kSet;
  EXPECT_EQ(Field(e)["name"], "io.debezium.data.EnumSet");
  EXPECT_EQ(Field(Col("j", DataType::kJson)), Json::parse(R"({"type":"string","optional":true,
      "name":"io.debezium.data.Json","version":1,"field":"j"})"));
  const Json point = Field(Col("p", DataType::kPoint, std::nullopt, false));
  EXPECT_EQ(point["name"], "io.debezium.data.geometry.Point");
  EXPECT_EQ(point["optional"], false);
  std::vector<std::string> names;
  for (const auto& f : point["fields"]) names.push_back(f["field"]);
  EXPECT_EQ(names, (std::vector<std::string>{"x", "y", "wkb", "srid"}));
  const Json geometry = Field(Col("g", DataType::kPolygon));
  EXPECT_EQ(geometry["name"], "io.debezium.data.geometry.Geometry");
  EXPECT_EQ(geometry["fields"][0], Json::parse(R"({"type":"bytes","optional":false,
      "field":"wkb"})"));
  EXPECT_EQ(geometry["fields"][1]["field"], "srid");
}

Column WithDefault(Column c, std::string value) {
  c.has_default = true;
  c.default_value = std::move(value);
  return c;
}

TEST(ConnectSchemaTest, DefaultsAreConvertedToTheConnectType) {
  EXPECT_EQ(Field(WithDefault(Col("i", DataType::kInt), "-5"))["default"], -5);
  EXPECT_EQ(Field(WithDefault(Col("s", DataType::kVarChar, 10), "it's"))["default"], "it's");
  Column dec = WithDefault(Col("d", DataType::kDecimal, 5), "1.5");
  dec.scale = 2;
  EXPECT_EQ(Field(dec)["default"], "AJY=");  // unscaled 150
  ValueOptions v;
  v.decimal = DecimalMode::kString;
  EXPECT_EQ(Field(dec, v)["default"], "1.50");
  EXPECT_EQ(Field(WithDefault(Col("b", DataType::kBit, 1), "b'1'"))["default"], true);
  EXPECT_EQ(Field(WithDefault(Col("b", DataType::kBit, 16), "b'100000001'"))["default"], "AQE=");
  EXPECT_EQ(Field(WithDefault(Col("d", DataType::kDate), "2018-01-01"))["default"], 17532);
  EXPECT_EQ(
      Field(WithDefault(Col("t", DataType::kDateTime, 6), "1970-01-01 00:00:01.5"))["default"],
      1500000);
  EXPECT_EQ(Field(WithDefault(Col("t", DataType::kDateTime), "1970-01-01 00:00:01"))["default"],
            1000);
  EXPECT_EQ(
      Field(WithDefault(Col("ts", DataType::kTimestamp, 3), "2020-02-03 04:05:06.7"))["default"],
      "2020-02-03T04:05:06.700Z");
  EXPECT_EQ(Field(WithDefault(Col("ts", DataType::kTimestamp), "CURRENT_TIMESTAMP"))["default"],
            "1970-01-01T00:00:00Z");
  EXPECT_EQ(Field(WithDefault(Col("t", DataType::kTime), "-01:00:00"))["default"], -3600000000);
  EXPECT_EQ(Field(WithDefault(Col("y", DataType::kYear), "2024"))["default"], 2024);
  Column e = WithDefault(Col("e", DataType::kEnum), "M");
  e.enum_values = {"S", "M"};
  EXPECT_EQ(Field(e)["default"], "M");
  EXPECT_EQ(Field(WithDefault(Col("b", DataType::kBinary, 3), "a"))["default"], "YQAA");
}

TEST(ConnectSchemaTest, DefaultsThatCannotBeConvertedAreOmitted) {
  EXPECT_FALSE(Field(Col("i", DataType::kInt)).contains("default"));
  Column null_default = Col("i", DataType::kInt);
  null_default.default_null = true;
  EXPECT_FALSE(Field(null_default).contains("default"));
  EXPECT_FALSE(Field(WithDefault(Col("j", DataType::kJson), "(json_array())")).contains("default"));
  EXPECT_FALSE(Field(WithDefault(Col("i", DataType::kInt), "(rand())")).contains("default"));
  EXPECT_FALSE(Field(WithDefault(Col("d", DataType::kDate), "0000-00-00")).contains("default"));
  EXPECT_EQ(
      Field(WithDefault(Col("d", DataType::kDate, std::nullopt, false), "0000-00-00"))["default"],
      0);
  EXPECT_FALSE(Field(WithDefault(Col("i", DataType::kInt), "abc")).contains("default"));
  EXPECT_FALSE(Field(WithDefault(Col("g", DataType::kPoint), "x")).contains("default"));
}

TEST(ConnectSchemaTest, EverySchemaIsValidJsonForAwkwardNames) {
  schema::Table t;
  t.db = "d\"b";
  t.name = "t\\n";
  for (int k = 0; k <= static_cast<int>(DataType::kVector); ++k) {
    Column c = Col("c\"" + std::to_string(k), static_cast<DataType>(k), 4);
    c.enum_values = {"a\"b", "c"};
    t.columns.push_back(c);
  }
  for (const std::string connector : {"mysql", "mariadb"}) {
    ConnectSchemaOptions o;
    o.connector = connector;
    o.topic_prefix = "p\"x";
    EXPECT_NO_THROW(Json::parse(ValueSchemaJson(t, {}, o)));
    EXPECT_NO_THROW(Json::parse(KeySchemaJson(t, {0, 1, 99}, o)));
  }
}

}  // namespace
}  // namespace rowcast::format
