#include "format/envelope.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace rowcast::format {
namespace {

using binlog::Cell;
using binlog::CellKind;
using binlog::ColumnType;

binlog::TableMap MakeTable() {
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
  t.primary_key = {0};
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

TEST(EnvelopeTest, WritesADebeziumCreateEvent) {
  EnvelopeOptions o;
  o.topic_prefix = "dbserver1";
  auto w = EnvelopeWriter::Create(o);
  ASSERT_TRUE(w.has_value());
  const auto t = MakeTable();
  const std::string note = "hello \"world\"";
  const auto row = Row(7, note);
  std::string key, value;
  ASSERT_TRUE((*w)->AppendKey(key, t, row).ok());
  SourceInfo src;
  src.ts_ms = 1700000000000;
  src.server_id = 1;
  src.gtid = "0-1-9";
  src.file = "binlog.000001";
  src.pos = 1234;
  ASSERT_TRUE((*w)->AppendValue(value, t, Op::kCreate, {}, row, src, 1700000000123456789).ok());
  EXPECT_EQ((*w)->Topic(t), "dbserver1.shop.orders");
  EXPECT_EQ(key, "{\"id\":7}");
  auto j = nlohmann::json::parse(value);
  EXPECT_TRUE(j["before"].is_null());
  EXPECT_EQ(j["after"]["id"], 7);
  EXPECT_EQ(j["after"]["note"], note);
  EXPECT_EQ(j["op"], "c");
  EXPECT_EQ(j["ts_ms"], 1700000000123);
  EXPECT_EQ(j["source"]["name"], "dbserver1");
  EXPECT_EQ(j["source"]["db"], "shop");
  EXPECT_EQ(j["source"]["table"], "orders");
  EXPECT_EQ(j["source"]["gtid"], "0-1-9");
  EXPECT_EQ(j["source"]["pos"], 1234);
  EXPECT_EQ(j["source"]["snapshot"], "false");
  EXPECT_TRUE(j["source"]["query"].is_null());
  EXPECT_TRUE(j["transaction"].is_null());
}

TEST(EnvelopeTest, KeyIsNullWithoutPrimaryKey) {
  auto w = EnvelopeWriter::Create({});
  auto t = MakeTable();
  t.primary_key.clear();
  std::string key;
  ASSERT_TRUE((*w)->AppendKey(key, t, Row(1, "x")).ok());
  EXPECT_EQ(key, "null");
}

TEST(EnvelopeTest, MessageKeyColumnsReplaceOrSupplyTheKey) {
  EnvelopeOptions o;
  o.key_columns = {{"shop\\.orders", {"note", "missing", "id"}}, {"shop\\..*", {"id"}}};
  auto w = EnvelopeWriter::Create(o);
  ASSERT_TRUE(w.has_value());
  auto t = MakeTable();
  std::string key;
  ASSERT_TRUE((*w)->AppendKey(key, t, Row(1, "x")).ok());
  EXPECT_EQ(key, "{\"note\":\"x\",\"id\":1}");  // first matching rule, in its order

  auto keyless = MakeTable();
  keyless.table = "lines";
  keyless.primary_key.clear();
  key.clear();
  ASSERT_TRUE((*w)->AppendKey(key, keyless, Row(2, "y")).ok());
  EXPECT_EQ(key, "{\"id\":2}");

  EnvelopeOptions none;
  none.key_columns = {{"shop.orders", {"absent"}}};
  auto wn = EnvelopeWriter::Create(none);
  key.clear();
  ASSERT_TRUE((*wn)->AppendKey(key, t, Row(3, "z")).ok());
  EXPECT_EQ(key, "{\"id\":3}");  // no listed column exists: the primary key
}

TEST(EnvelopeTest, TruncatesMasksAndExcludesColumns) {
  EnvelopeOptions o;
  o.topic_prefix = "p";
  o.column_truncate = {{3, {"shop.orders.note"}}};
  auto w = EnvelopeWriter::Create(o);
  const auto t = MakeTable();
  const std::string note = "abcdef";
  std::string value;
  ASSERT_TRUE((*w)->AppendValue(value, t, Op::kCreate, {}, Row(1, note), {}, 0).ok());
  EXPECT_EQ(nlohmann::json::parse(value)["after"]["note"], "abc");

  EnvelopeOptions m;
  m.column_mask = {{4, {"shop\\.orders\\.note"}}};
  m.column_exclude = {"shop.orders.id"};
  auto wm = EnvelopeWriter::Create(m);
  value.clear();
  ASSERT_TRUE((*wm)->AppendValue(value, t, Op::kCreate, {}, Row(1, note), {}, 0).ok());
  auto j = nlohmann::json::parse(value);
  EXPECT_EQ(j["after"]["note"], "****");
  EXPECT_FALSE(j["after"].contains("id"));
}

TEST(EnvelopeTest, RejectsAnInvalidColumnRegex) {
  EnvelopeOptions o;
  o.column_exclude = {"shop.(orders"};
  auto w = EnvelopeWriter::Create(o);
  ASSERT_FALSE(w.has_value());
  EXPECT_NE(w.error().message().find("column.exclude.list"), std::string::npos);
}

}  // namespace
}  // namespace rowcast::format
