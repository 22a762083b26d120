#include "format/schema_change.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace rowcast::format {
namespace {

using Json = nlohmann::ordered_json;

std::shared_ptr<const schema::Table> Customers() {
  auto t = std::make_shared<schema::Table>();
  t->db = "inventory";
  t->name = "customers";
  t->default_charset = "utf8mb4";
  schema::Column id;
  id.name = "id";
  id.type = schema::DataType::kInt;
  id.nullable = false;
  id.auto_increment = true;
  schema::Column name;
  name.name = "first_name";
  name.type = schema::DataType::kVarChar;
  name.length = 255;
  name.charset = "utf8mb4";
  t->columns = {id, name};
  t->primary_key = {"id"};
  return t;
}

SchemaChangeEvent Event() {
  SchemaChangeEvent e;
  e.database = "inventory";
  e.ddl = "ALTER TABLE customers ADD first_name varchar(255)";
  schema::TableChange c;
  c.type = schema::ChangeType::kAlter;
  c.db = "inventory";
  c.table = "customers";
  e.changes.emplace_back(c, Customers());
  e.source.ts_ms = 1651535750218;
  e.source.server_id = 223344;
  e.source.file = "mysql-bin.000003";
  e.source.pos = 570;
  e.source_table = "customers";
  e.now_ns = 1651535750300123456;
  e.version = "3.1.0";
  return e;
}

std::vector<std::string> Keys(const Json& j) {
  std::vector<std::string> keys;
  for (const auto& [k, v] : j.items()) keys.push_back(k);
  return keys;
}

std::vector<std::string> FieldNames(const Json& schema) {
  std::vector<std::string> names;
  for (const auto& f : schema["fields"]) names.push_back(f["field"]);
  return names;
}

TEST(SchemaChangeTest, KeyAndKeySchemaMatchDebeziumsExample) {
  std::string key;
  AppendSchemaChangeKey(key, Event());
  EXPECT_EQ(key, R"({"databaseName":"inventory"})");
  ConnectSchemaOptions o;
  EXPECT_EQ(SchemaChangeKeySchemaJson(o),
            R"({"type":"struct","fields":[{"type":"string","optional":false,)"
            R"("field":"databaseName"}],"optional":false,)"
            R"("name":"io.debezium.connector.mysql.SchemaChangeKey","version":1})");
  o.connector = "mariadb";
  EXPECT_EQ(Json::parse(SchemaChangeKeySchemaJson(o))["name"],
            "io.debezium.connector.mariadb.SchemaChangeKey");
}

TEST(SchemaChangeTest, ValueMatchesDebeziumsDocumentedPayload) {
  ConnectSchemaOptions o;
  o.topic_prefix = "mysql";
  std::string value;
  AppendSchemaChangeValue(value, Event(), o, false);
  const Json j = Json::parse(value);
  EXPECT_EQ(Keys(j), (std::vector<std::string>{"source", "ts_ms", "databaseName", "schemaName",
                                               "ddl", "tableChanges"}));
  const Json expected_source = Json::parse(R"({"version":"3.1.0","connector":"mysql",
      "name":"mysql","ts_ms":1651535750218,"snapshot":"false","db":"inventory","sequence":null,
      "ts_us":1651535750218000,"ts_ns":1651535750218000000,"table":"customers",
      "server_id":223344,"gtid":null,"file":"mysql-bin.000003","pos":570,"row":0,
      "thread":null,"query":null})");
  EXPECT_EQ(j["source"].dump(), expected_source.dump());
  EXPECT_EQ(j["ts_ms"], 1651535750300);
  EXPECT_EQ(j["databaseName"], "inventory");
  EXPECT_TRUE(j["schemaName"].is_null());
  EXPECT_EQ(j["ddl"], "ALTER TABLE customers ADD first_name varchar(255)");
  ASSERT_EQ(j["tableChanges"].size(), 1u);
  EXPECT_EQ(j["tableChanges"][0]["type"], "ALTER");
  EXPECT_EQ(j["tableChanges"][0]["id"], "\"inventory\".\"customers\"");
  EXPECT_EQ(j["tableChanges"][0]["table"]["columns"][1]["name"], "first_name");
}

TEST(SchemaChangeTest, SourceBlockHasEnvelopeWritersFieldOrder) {
  EnvelopeOptions eo;
  eo.topic_prefix = "p";
  eo.version = "9.9";
  auto w = EnvelopeWriter::Create(eo);
  ASSERT_TRUE(w.has_value());
  binlog::TableMap t;
  t.db = "inventory";
  t.table = "customers";
  t.columns.resize(1);
  t.columns[0].type = t.columns[0].real_type = binlog::ColumnType::kLong;
  t.columns[0].name = "id";
  std::vector<binlog::Cell> row(1);
  row[0].kind = binlog::CellKind::kInt;
  row[0].i = 1;
  SourceInfo src;
  src.ts_ms = 5;
  src.server_id = 7;
  src.gtid = "0-7-3";
  src.file = "f.000001";
  src.pos = 99;
  src.row = 2;
  src.thread = 12;
  src.query = "INSERT ...";
  std::string row_value;
  ASSERT_TRUE((*w)->AppendValue(row_value, t, Op::kCreate, {}, row, src, 0).ok());
  std::string ours;
  AppendSourceJson(ours, "9.9", "mysql", "p", "inventory", "customers", src);
  EXPECT_EQ(Json::parse(row_value)["source"].dump(), Json::parse(ours).dump());
}

TEST(SchemaChangeTest, ValueSchemaDescribesThePayload) {
  for (const std::string connector : {"mysql", "mariadb"}) {
    ConnectSchemaOptions o;
    o.connector = connector;
    o.topic_prefix = "p";
    const Json s = Json::parse(SchemaChangeValueSchemaJson(o));
    EXPECT_EQ(s["name"], "io.debezium.connector." + connector + ".SchemaChangeValue");
    EXPECT_EQ(FieldNames(s), (std::vector<std::string>{"source", "ts_ms", "databaseName",
                                                       "schemaName", "ddl", "tableChanges"}));
    EXPECT_EQ(s["fields"][0]["name"], "io.debezium.connector." + connector + ".Source");
    std::string value;
    AppendSchemaChangeValue(value, Event(), o, false);
    const Json j = Json::parse(value);
    EXPECT_EQ(FieldNames(s["fields"][0]), Keys(j["source"]));
    const Json& change = s["fields"][5]["items"];
    EXPECT_EQ(change["name"], "io.debezium.connector.schema.Change");
    EXPECT_EQ(FieldNames(change), Keys(j["tableChanges"][0]));
    const Json& table = change["fields"][2];
    EXPECT_EQ(table["name"], "io.debezium.connector.schema.Table");
    EXPECT_EQ(FieldNames(table), Keys(j["tableChanges"][0]["table"]));
    const Json& column = table["fields"][2]["items"];
    EXPECT_EQ(column["name"], "io.debezium.connector.schema.Column");
    EXPECT_EQ(FieldNames(column), Keys(j["tableChanges"][0]["table"]["columns"][0]));
  }
}

TEST(SchemaChangeTest, DatabaseStatementsAndDropsStayValid) {
  SchemaChangeEvent e = Event();
  e.changes.clear();
  e.source_table = {};
  e.ddl = "CREATE DATABASE shop";
  e.database = "shop";
  ConnectSchemaOptions o;
  std::string value;
  AppendSchemaChangeValue(value, e, o, true);
  Json j = Json::parse(value);
  EXPECT_TRUE(j["source"]["table"].is_null());
  EXPECT_EQ(j["tableChanges"], Json::array());

  e = Event();
  e.changes[0].first.type = schema::ChangeType::kDrop;
  e.changes[0].second = nullptr;
  e.ddl = "DROP TABLE `customers` /* generated by server */";
  value.clear();
  AppendSchemaChangeValue(value, e, o, false);
  j = Json::parse(value);
  EXPECT_EQ(j["tableChanges"][0]["type"], "DROP");
  EXPECT_EQ(j["tableChanges"][0]["table"]["columns"], Json::array());
}

}  // namespace
}  // namespace rowcast::format
