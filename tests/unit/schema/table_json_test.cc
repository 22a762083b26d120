#include "schema/table_json.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace rowcast::schema {
namespace {

using Json = nlohmann::ordered_json;

Column MakeColumn(std::string name, DataType type, std::optional<int64_t> length, bool nullable,
                  std::string charset = "") {
  Column c;
  c.name = std::move(name);
  c.type = type;
  c.length = length;
  c.nullable = nullable;
  c.charset = std::move(charset);
  return c;
}

// inventory.customers after "ALTER TABLE customers ADD middle_name varchar(255) AFTER
// first_name", the example of Debezium's MySQL schema change topic documentation.
Table Customers() {
  Table t;
  t.db = "inventory";
  t.name = "customers";
  t.default_charset = "utf8mb4";
  Column id = MakeColumn("id", DataType::kInt, std::nullopt, false);
  id.auto_increment = true;
  t.columns.push_back(id);
  t.columns.push_back(MakeColumn("first_name", DataType::kVarChar, 255, false, "utf8mb4"));
  t.columns.push_back(MakeColumn("middle_name", DataType::kVarChar, 255, true, "utf8mb4"));
  t.columns.push_back(MakeColumn("last_name", DataType::kVarChar, 255, false, "utf8mb4"));
  t.columns.push_back(MakeColumn("email", DataType::kVarChar, 255, false, "utf8mb4"));
  t.primary_key = {"id"};
  return t;
}

Json Render(const TableChange& change, const Table* table, bool comments = false,
            TableChangeFormat format = TableChangeFormat::kConnect) {
  std::string out;
  AppendTableChangeJson(out, change, table, comments, format);
  return Json::parse(out);
}

TableChange Change(ChangeType type, std::string db, std::string table) {
  TableChange c;
  c.type = type;
  c.db = std::move(db);
  c.table = std::move(table);
  return c;
}

TEST(TableJsonTest, MatchesDebeziumsDocumentedAlterEvent) {
  const Table t = Customers();
  const Json j = Render(Change(ChangeType::kAlter, "inventory", "customers"), &t);
  // The documented example, with the Connect struct's remaining fields (comment,
  // defaultValueExpression, enumValues) null as JsonConverter writes them.
  const Json expected = Json::parse(R"({
    "type": "ALTER", "id": "\"inventory\".\"customers\"",
    "table": {"defaultCharsetName": "utf8mb4", "primaryKeyColumnNames": ["id"], "columns": [
      {"name": "id", "jdbcType": 4, "nativeType": null, "typeName": "INT", "typeExpression": "INT",
       "charsetName": null, "length": null, "scale": null, "position": 1, "optional": false,
       "autoIncremented": true, "generated": true, "comment": null,
       "defaultValueExpression": null, "enumValues": null},
      {"name": "first_name", "jdbcType": 12, "nativeType": null, "typeName": "VARCHAR",
       "typeExpression": "VARCHAR", "charsetName": "utf8mb4", "length": 255, "scale": null,
       "position": 2, "optional": false, "autoIncremented": false, "generated": false,
       "comment": null, "defaultValueExpression": null, "enumValues": null},
      {"name": "middle_name", "jdbcType": 12, "nativeType": null, "typeName": "VARCHAR",
       "typeExpression": "VARCHAR", "charsetName": "utf8mb4", "length": 255, "scale": null,
       "position": 3, "optional": true, "autoIncremented": false, "generated": false,
       "comment": null, "defaultValueExpression": null, "enumValues": null},
      {"name": "last_name", "jdbcType": 12, "nativeType": null, "typeName": "VARCHAR",
       "typeExpression": "VARCHAR", "charsetName": "utf8mb4", "length": 255, "scale": null,
       "position": 4, "optional": false, "autoIncremented": false, "generated": false,
       "comment": null, "defaultValueExpression": null, "enumValues": null},
      {"name": "email", "jdbcType": 12, "nativeType": null, "typeName": "VARCHAR",
       "typeExpression": "VARCHAR", "charsetName": "utf8mb4", "length": 255, "scale": null,
       "position": 5, "optional": false, "autoIncremented": false, "generated": false,
       "comment": null, "defaultValueExpression": null, "enumValues": null}],
      "comment": null}})");
  EXPECT_EQ(j, expected) << j.dump(2);
  // Same key order as the Connect struct.
  EXPECT_EQ(j.dump(), expected.dump());
}

TEST(TableJsonTest, HistoryFormatLeavesUnsetKeysOutAndAddsAttributes) {
  Table t = Customers();
  t.columns[1].has_default = true;
  t.columns[1].default_value = "anon";
  t.columns[2].default_null = true;
  const Json j = Render(Change(ChangeType::kCreate, "inventory", "customers"), &t, false,
                        TableChangeFormat::kHistory);
  const Json& id = j["table"]["columns"][0];
  EXPECT_FALSE(id.contains("nativeType"));
  EXPECT_FALSE(id.contains("length"));
  EXPECT_FALSE(id.contains("scale"));
  EXPECT_FALSE(id.contains("defaultValueExpression"));
  EXPECT_FALSE(id.contains("enumValues"));
  EXPECT_EQ(id["hasDefaultValue"], false);
  EXPECT_TRUE(id["comment"].is_null());
  const Json& first = j["table"]["columns"][1];
  EXPECT_EQ(first["hasDefaultValue"], true);
  EXPECT_EQ(first["defaultValueExpression"], "anon");
  const Json& middle = j["table"]["columns"][2];
  EXPECT_EQ(middle["hasDefaultValue"], true);  // DEFAULT NULL: a default without expression
  EXPECT_FALSE(middle.contains("defaultValueExpression"));
  EXPECT_EQ(j["table"]["attributes"], Json::array());
  EXPECT_TRUE(j.contains("comment"));
  EXPECT_FALSE(j["table"].contains("comment"));
  std::vector<std::string> keys;
  for (const auto& [k, v] : first.items()) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"name", "jdbcType", "typeName", "typeExpression",
                                            "charsetName", "length", "position", "optional",
                                            "autoIncremented", "generated", "comment",
                                            "hasDefaultValue", "defaultValueExpression"}));
}

TEST(TableJsonTest, DropWritesATableWithOnlyItsId) {
  const Table t = Customers();
  const Json j = Render(Change(ChangeType::kDrop, "inventory", "customers"), &t);
  EXPECT_EQ(j["type"], "DROP");
  EXPECT_EQ(j["id"], "\"inventory\".\"customers\"");
  EXPECT_TRUE(j["table"]["defaultCharsetName"].is_null());
  EXPECT_EQ(j["table"]["primaryKeyColumnNames"], Json::array());
  EXPECT_EQ(j["table"]["columns"], Json::array());
  const Json null_table = Render(Change(ChangeType::kDrop, "inventory", "customers"), nullptr);
  EXPECT_EQ(null_table, j);
}

TEST(TableJsonTest, RenameUsesTheNewIdAndHistoryKeepsThePreviousOne) {
  Table t = Customers();
  t.name = "clients";
  TableChange c = Change(ChangeType::kAlter, "inventory", "clients");
  c.previous_db = "inventory";
  c.previous_table = "customers";
  const Json connect = Render(c, &t);
  EXPECT_EQ(connect["id"], "\"inventory\".\"clients\"");
  EXPECT_FALSE(connect.contains("previousId"));
  const Json history = Render(c, &t, false, TableChangeFormat::kHistory);
  EXPECT_EQ(history["previousId"], "\"inventory\".\"customers\"");
}

TEST(TableJsonTest, CommentsOnlyWithIncludeComments) {
  Table t = Customers();
  t.comment = "people";
  t.columns[0].comment = "the key";
  const auto change = Change(ChangeType::kCreate, "inventory", "customers");
  EXPECT_TRUE(Render(change, &t, false)["table"]["comment"].is_null());
  EXPECT_TRUE(Render(change, &t, false)["table"]["columns"][0]["comment"].is_null());
  EXPECT_EQ(Render(change, &t, true)["table"]["comment"], "people");
  EXPECT_EQ(Render(change, &t, true)["table"]["columns"][0]["comment"], "the key");
}

TEST(TableJsonTest, EnumLabelsAreQuotedLiteralsAndDecimalGetsDefaultDimensions) {
  Table t;
  t.db = "d";
  t.name = "t";
  Column size = MakeColumn("size", DataType::kEnum, std::nullopt, true, "latin1");
  size.enum_values = {"S", "M", "it's"};
  t.columns.push_back(size);
  Column price = MakeColumn("price", DataType::kDecimal, std::nullopt, true);
  price.is_unsigned = true;
  t.columns.push_back(price);
  const Json j = Render(Change(ChangeType::kCreate, "d", "t"), &t);
  EXPECT_EQ(j["table"]["columns"][0]["enumValues"], Json::parse(R"(["'S'","'M'","'it''s'"])"));
  EXPECT_EQ(j["table"]["columns"][0]["charsetName"], "latin1");
  EXPECT_EQ(j["table"]["columns"][0]["jdbcType"], 1);
  EXPECT_EQ(j["table"]["columns"][1]["typeName"], "DECIMAL UNSIGNED");
  EXPECT_EQ(j["table"]["columns"][1]["length"], 10);
  EXPECT_EQ(j["table"]["columns"][1]["scale"], 0);
}

TEST(TableJsonTest, JdbcTypesFollowDebeziumsGrammar) {
  auto jdbc = [](DataType t) {
    Column c;
    c.type = t;
    return JdbcType(c);
  };
  EXPECT_EQ(jdbc(DataType::kTinyInt), 5);  // Types.SMALLINT
  EXPECT_EQ(jdbc(DataType::kSmallInt), 5);
  EXPECT_EQ(jdbc(DataType::kMediumInt), 4);
  EXPECT_EQ(jdbc(DataType::kInt), 4);
  EXPECT_EQ(jdbc(DataType::kYear), 4);
  EXPECT_EQ(jdbc(DataType::kBigInt), -5);
  EXPECT_EQ(jdbc(DataType::kDecimal), 3);
  EXPECT_EQ(jdbc(DataType::kFloat), 6);
  EXPECT_EQ(jdbc(DataType::kDouble), 8);
  EXPECT_EQ(jdbc(DataType::kBit), -7);
  EXPECT_EQ(jdbc(DataType::kBool), 16);
  EXPECT_EQ(jdbc(DataType::kDate), 91);
  EXPECT_EQ(jdbc(DataType::kTime), 92);
  EXPECT_EQ(jdbc(DataType::kDateTime), 93);
  EXPECT_EQ(jdbc(DataType::kTimestamp), 2014);  // TIMESTAMP_WITH_TIMEZONE
  EXPECT_EQ(jdbc(DataType::kChar), 1);
  EXPECT_EQ(jdbc(DataType::kSet), 1);
  EXPECT_EQ(jdbc(DataType::kLongText), 12);
  EXPECT_EQ(jdbc(DataType::kBinary), -2);
  EXPECT_EQ(jdbc(DataType::kVarBinary), -3);
  EXPECT_EQ(jdbc(DataType::kMediumBlob), 2004);
  EXPECT_EQ(jdbc(DataType::kJson), 1111);
  EXPECT_EQ(jdbc(DataType::kPoint), 1111);
}

TEST(TableJsonTest, QuotesInNamesStayValidJson) {
  Table t;
  t.db = "we\"ird";
  t.name = "ta\\ble";
  t.columns.push_back(MakeColumn("c\"1", DataType::kInt, 11, true));
  const Json j = Render(Change(ChangeType::kCreate, "we\"ird", "ta\\ble"), &t);
  EXPECT_EQ(j["id"], "\"we\"\"ird\".\"ta\\ble\"");
  EXPECT_EQ(j["table"]["columns"][0]["name"], "c\"1");
  EXPECT_EQ(j["table"]["columns"][0]["length"], 11);
}

}  // namespace
}  // namespace rowcast::schema
