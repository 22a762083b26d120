// The schema history file, history positions, binding TABLE_MAPs to tracked schemas, and the
// tracker that ties DDL, history and recovery together.
#include "capture/schema_tracker.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "format/charsets.h"

namespace rowcast::capture {
namespace {

using schema::HistoryPosition;
using schema::HistoryRecord;
using ::testing::HasSubstr;

std::string TempPath(const std::string& name) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("rowcast-schema-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto p = dir / name;
  std::filesystem::remove(p);
  return p.string();
}

HistoryRecord Rec(std::string file, uint64_t pos, std::string ddl, std::string db = "shop") {
  HistoryRecord r;
  r.position.file = std::move(file);
  r.position.pos = pos;
  r.database = std::move(db);
  r.ddl = std::move(ddl);
  r.table_changes = "[]";
  return r;
}

TEST(HistoryRecordTest, RoundTripsThroughDebeziumsRecordFormat) {
  HistoryRecord r = Rec("binlog.000003", 1234, "ALTER TABLE t ADD c INT");
  r.position.gtids = "0-1-10";
  r.position.gtid = "0-1-11";
  r.position.server_id = 1;
  r.position.ts_sec = 1700000000;
  r.ts_ms = 1700000000123;
  r.table_changes = R"([{"type":"ALTER","id":"\"shop\".\"t\""}])";
  const std::string line = schema::HistoryRecordToJson(r, "pfx");
  EXPECT_THAT(line, HasSubstr(R"("source":{"server":"pfx"})"));
  EXPECT_THAT(line, HasSubstr(R"("databaseName":"shop")"));
  auto back = schema::HistoryRecordFromJson(line);
  ASSERT_TRUE(back.has_value()) << back.error().ToString();
  EXPECT_EQ(back->position.file, "binlog.000003");
  EXPECT_EQ(back->position.pos, 1234u);
  EXPECT_EQ(back->position.gtids, "0-1-10");
  EXPECT_EQ(back->position.gtid, "0-1-11");
  EXPECT_EQ(back->ddl, r.ddl);
  EXPECT_EQ(back->ts_ms, r.ts_ms);
  EXPECT_THAT(back->table_changes, HasSubstr("ALTER"));
}

TEST(FileSchemaHistoryTest, AppendsAndReadsBack) {
  const std::string path = TempPath("append.history");
  schema::FileSchemaHistory h(path, "pfx");
  EXPECT_FALSE(h.Exists());
  ASSERT_TRUE(h.Append({Rec("b.1", 4, "CREATE TABLE a (x INT)")}).ok());
  ASSERT_TRUE(h.Append({Rec("b.1", 90, "DROP TABLE a")}).ok());
  schema::FileSchemaHistory again(path, "pfx");
  auto all = again.ReadAll();
  ASSERT_TRUE(all.has_value()) << all.error().ToString();
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[1].ddl, "DROP TABLE a");
  EXPECT_EQ(again.record_count(), 2u);
}

TEST(FileSchemaHistoryTest, DetectsATornLastRecord) {
  const std::string path = TempPath("torn.history");
  schema::FileSchemaHistory h(path, "pfx");
  ASSERT_TRUE(h.Append({Rec("b.1", 4, "CREATE TABLE a (x INT)")}).ok());
  std::ofstream(path, std::ios::app) << R"({"source":{"server":"pfx"},"posi)";
  auto all = schema::FileSchemaHistory(path, "pfx").ReadAll();
  ASSERT_FALSE(all.has_value());
  EXPECT_EQ(all.error().code(), StatusCode::kDataLoss);
  EXPECT_THAT(all.error().message(), HasSubstr("middle of record 2"));
}

TEST(FileSchemaHistoryTest, RejectsALineThatIsNoRecord) {
  const std::string path = TempPath("garbage.history");
  std::ofstream(path) << "{\"hello\":1}\n";
  auto all = schema::FileSchemaHistory(path, "pfx").ReadAll();
  ASSERT_FALSE(all.has_value());
  EXPECT_THAT(all.error().message(), HasSubstr("line 1"));
}

TEST(HistoryPositionTest, OrdersByFileAndPosition) {
  offsets::BinlogOffset resume;
  resume.file = "binlog.000002";
  resume.pos = 500;
  HistoryPosition p;
  p.file = "binlog.000002";
  p.pos = 499;
  EXPECT_TRUE(HistoryPositionBefore(p, resume));
  p.pos = 500;  // the transaction the offset points at is not done yet
  EXPECT_FALSE(HistoryPositionBefore(p, resume));
  p.file = "binlog.000001";
  p.pos = 9000;
  EXPECT_TRUE(HistoryPositionBefore(p, resume));
  p.file = "binlog.000010";
  p.pos = 4;
  EXPECT_FALSE(HistoryPositionBefore(p, resume));
  p.snapshot = true;  // schemas read at start always apply
  EXPECT_TRUE(HistoryPositionBefore(p, resume));
}

TEST(HistoryPositionTest, UsesGtidsWhenBothHaveThem) {
  offsets::BinlogOffset resume;
  resume.file = "other-host-bin.000001";  // after a failover: file names say nothing
  resume.pos = 4;
  resume.gtids = "0-1-100,1-2-7";
  HistoryPosition p;
  p.file = "binlog.000009";
  p.pos = 123456;
  p.gtid = "0-1-100";
  EXPECT_TRUE(HistoryPositionBefore(p, resume));
  p.gtid = "0-1-101";
  EXPECT_FALSE(HistoryPositionBefore(p, resume));
  p.gtid = "5-1-1";
  EXPECT_FALSE(HistoryPositionBefore(p, resume));

  resume.gtids = "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-20";
  p.gtid = "3e11fa47-71ca-11e1-9e33-c80aa9429562:20";
  EXPECT_TRUE(HistoryPositionBefore(p, resume));
  p.gtid = "3e11fa47-71ca-11e1-9e33-c80aa9429562:21";
  EXPECT_FALSE(HistoryPositionBefore(p, resume));
}

// --- Bind

binlog::ColumnInfo MapColumn(binlog::ColumnType t, std::string name = "") {
  binlog::ColumnInfo c;
  c.type = t;
  c.real_type = t;
  c.name = std::move(name);
  return c;
}

std::shared_ptr<const schema::Table> ShopTable() {
  schema::Table t;
  t.db = "shop";
  t.name = "items";
  schema::Column id;
  id.name = "id";
  id.type = schema::DataType::kInt;
  id.is_unsigned = true;
  id.nullable = false;
  schema::Column label;
  label.name = "label";
  label.type = schema::DataType::kVarChar;
  label.length = 20;
  label.charset = "latin1";
  schema::Column size;
  size.name = "size";
  size.type = schema::DataType::kEnum;
  size.enum_values = {"S", "M", "L"};
  size.charset = "utf8mb4";
  t.columns = {id, label, size};
  t.primary_key = {"id"};
  return std::make_shared<const schema::Table>(std::move(t));
}

binlog::TableMap MinimalMap() {
  binlog::TableMap m;
  m.db = "shop";
  m.table = "items";
  m.columns = {MapColumn(binlog::ColumnType::kLong), MapColumn(binlog::ColumnType::kVarchar),
               MapColumn(binlog::ColumnType::kString)};
  m.columns[2].real_type = binlog::ColumnType::kEnum;
  return m;
}

const schema::CharsetLookup kCharsets{
    [](uint32_t c) { return format::CharsetName(c); },
    [](std::string_view cs) { return format::DefaultCollation(cs); }};

TEST(BindTest, CompletesAMinimalTableMapFromTheSchema) {
  auto bound = schema::Bind(MinimalMap(), ShopTable(), kCharsets);
  ASSERT_TRUE(bound.has_value()) << bound.error().ToString();
  const binlog::TableMap& m = bound->map;
  EXPECT_TRUE(m.has_names);
  EXPECT_EQ(m.columns[0].name, "id");
  EXPECT_TRUE(m.columns[0].is_unsigned);
  EXPECT_EQ(m.columns[2].enum_values, (std::vector<std::string>{"S", "M", "L"}));
  EXPECT_EQ(m.primary_key, (std::vector<uint32_t>{0}));
  EXPECT_EQ(format::CharsetName(m.columns[1].collation), "latin1");
}

TEST(BindTest, StopsOnAColumnCountMismatch) {
  binlog::TableMap m = MinimalMap();
  m.columns.pop_back();
  auto bound = schema::Bind(m, ShopTable(), kCharsets);
  ASSERT_FALSE(bound.has_value());
  EXPECT_EQ(bound.error().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(bound.error().message(), HasSubstr("shop.items: the binlog has 2 columns"));
}

TEST(BindTest, StopsOnATypeMismatch) {
  binlog::TableMap m = MinimalMap();
  m.columns[0] = MapColumn(binlog::ColumnType::kLongLong);
  auto bound = schema::Bind(m, ShopTable(), kCharsets);
  ASSERT_FALSE(bound.has_value());
  EXPECT_THAT(bound.error().message(), HasSubstr("column 1 (`id`)"));
  EXPECT_THAT(bound.error().message(), HasSubstr("INT UNSIGNED"));
}

TEST(BindTest, ChecksNamesSignednessAndCharsetsOfFullMetadata) {
  binlog::TableMap m = MinimalMap();
  m.has_names = true;
  m.columns[0].name = "ID";  // column names are case-insensitive
  m.columns[1].name = "label";
  m.columns[2].name = "size";
  m.has_signedness = true;
  m.columns[0].is_unsigned = true;
  m.has_charsets = true;
  m.columns[1].collation = 8;   // latin1_swedish_ci
  m.columns[2].collation = 45;  // utf8mb4_general_ci
  m.columns[2].enum_values = {"S", "M", "L"};
  ASSERT_TRUE(schema::Bind(m, ShopTable(), kCharsets).has_value());

  binlog::TableMap renamed = m;
  renamed.columns[1].name = "title";
  auto b1 = schema::Bind(renamed, ShopTable(), kCharsets);
  ASSERT_FALSE(b1.has_value());
  EXPECT_THAT(b1.error().message(), HasSubstr("named `title` in the binlog"));

  binlog::TableMap signedness = m;
  signedness.columns[0].is_unsigned = false;
  auto b2 = schema::Bind(signedness, ShopTable(), kCharsets);
  ASSERT_FALSE(b2.has_value());
  EXPECT_THAT(b2.error().message(), HasSubstr("signed in the binlog, UNSIGNED"));

  binlog::TableMap charset = m;
  charset.columns[1].collation = 45;
  auto b3 = schema::Bind(charset, ShopTable(), kCharsets);
  ASSERT_FALSE(b3.has_value());
  EXPECT_THAT(b3.error().message(), HasSubstr("character set utf8mb4 in the binlog, latin1"));
}

TEST(BindTest, DerivesASchemaFromATableMapAlone) {
  binlog::TableMap m = MinimalMap();
  m.columns[0].name = "id";
  m.primary_key = {0};
  m.columns[2].enum_values = {"a"};
  const schema::Table t = schema::TableFromMap(m);
  ASSERT_EQ(t.columns.size(), 3u);
  EXPECT_EQ(t.columns[0].type, schema::DataType::kInt);
  EXPECT_EQ(t.columns[1].name, "_2");
  EXPECT_EQ(t.columns[2].type, schema::DataType::kEnum);
  EXPECT_EQ(t.primary_key, (std::vector<std::string>{"id"}));
}

// --- SchemaTracker (DDL through the parser)

offsets::BinlogOffset Offset(uint64_t pos, uint64_t history_records = 0) {
  offsets::BinlogOffset o;
  o.file = "binlog.000001";
  o.pos = pos;
  o.history_records = history_records;
  return o;
}

SchemaTrackerOptions TrackerOptions(std::string path) {
  SchemaTrackerOptions o;
  o.history_path = std::move(path);
  o.server = "pfx";
  return o;
}

struct TrackerFixture {
  explicit TrackerFixture(const std::string& name, bool store_only_captured = false,
                          std::vector<std::string> ddl_filter = {})
      : path(TempPath(name)),
        filter(*TableFilter::Create(FilterLists{{"shop"}, {}, {}, {}, true})),
        tracker(
            [&] {
              SchemaTrackerOptions o = TrackerOptions(path);
              o.store_only_captured = store_only_captured;
              o.ddl_filter = std::move(ddl_filter);
              return o;
            }(),
            filter) {}
  HistoryPosition At(uint64_t pos, bool snapshot = false) {
    HistoryPosition p;
    p.file = "binlog.000001";
    p.pos = pos;
    p.snapshot = snapshot;
    return p;
  }
  std::string path;
  TableFilter filter;
  SchemaTracker tracker;
};

TEST(SchemaTrackerTest, RecordsDdlAndRecoversTheSchemaAtTheOffset) {
  TrackerFixture f("recover.history");
  // What a first start writes: the schemas read from the server.
  schema::FileSchemaHistory seed(f.path, "pfx");
  HistoryRecord first = Rec("binlog.000001", 4, "CREATE DATABASE shop");
  first.position.snapshot = true;
  ASSERT_TRUE(seed.Append({first}).ok());
  ASSERT_TRUE(f.tracker.Recover(Offset(4)).ok());

  ASSERT_TRUE(
      f.tracker.ApplyDdl("shop", "CREATE TABLE t (a INT PRIMARY KEY)", f.At(100), 0).has_value());
  ASSERT_TRUE(
      f.tracker.ApplyDdl("shop", "ALTER TABLE t ADD COLUMN b TEXT", f.At(200), 0).has_value());
  EXPECT_EQ(f.tracker.history_records(), 3u);
  EXPECT_EQ(f.tracker.catalog().FindTable("shop", "t")->columns.size(), 2u);

  // Restart at an offset between the two statements: only the CREATE applies, and the ALTER
  // (which the binlog will deliver again) leaves the file.
  TableFilter filter2 = *TableFilter::Create(FilterLists{{"shop"}, {}, {}, {}, true});
  SchemaTracker again(TrackerOptions(f.path), filter2);
  ASSERT_TRUE(again.Recover(Offset(150, 2)).ok());
  EXPECT_EQ(again.catalog().FindTable("shop", "t")->columns.size(), 1u);
  EXPECT_EQ(again.history_records(), 2u);
  ASSERT_TRUE(again.ApplyDdl("shop", "ALTER TABLE t ADD COLUMN b TEXT", f.At(200), 0).has_value());
  EXPECT_EQ(again.catalog().FindTable("shop", "t")->columns.size(), 2u);
}

TEST(SchemaTrackerTest, DetectsAMissingOrShortHistory) {
  TrackerFixture f("missing.history");
  Status missing = f.tracker.Recover(Offset(4));
  EXPECT_EQ(missing.code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(missing.message(), HasSubstr("snapshot.mode=recovery"));

  schema::FileSchemaHistory seed(f.path, "pfx");
  HistoryRecord first = Rec("binlog.000001", 4, "CREATE DATABASE shop");
  first.position.snapshot = true;
  ASSERT_TRUE(seed.Append({first}).ok());
  Status shorter = f.tracker.Recover(Offset(4, 5));
  EXPECT_EQ(shorter.code(), StatusCode::kDataLoss);
  EXPECT_THAT(shorter.message(), HasSubstr("holds 1 records"));
}

TEST(SchemaTrackerTest, AFailedStatementChangesNothing) {
  TrackerFixture f("atomic.history");
  ASSERT_TRUE(f.tracker.ApplyDdl("shop", "CREATE TABLE t (a INT)", f.At(10), 0).has_value());
  auto bad = f.tracker.ApplyDdl("shop", "ALTER TABLE t ADD COLUMN b INT, ADD COLUMN", f.At(20), 0);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(bad.error().message(), HasSubstr("binlog.000001:20"));
  EXPECT_THAT(bad.error().message(), HasSubstr("skip.unparseable.ddl"));
  EXPECT_EQ(f.tracker.catalog().FindTable("shop", "t")->columns.size(), 1u);
  EXPECT_EQ(f.tracker.history_records(), 1u);
}

TEST(SchemaTrackerTest, ReadsMysqlAtomicCreateTableSelect) {
  // MySQL 8.0.21+ logs CREATE TABLE ... SELECT as the CREATE with START TRANSACTION, then the
  // rows and an XID, in one transaction.
  TrackerFixture f("ctas.history");
  auto r = f.tracker.ApplyDdl(
      "shop", "CREATE TABLE `t2` (\n  `a` int DEFAULT NULL\n) START TRANSACTION", f.At(10), 0);
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_EQ(f.tracker.catalog().FindTable("shop", "t2")->columns.size(), 1u);
}

TEST(SchemaTrackerTest, IgnoresDdlOfUnknownTablesOnlyWhenTheyAreNotCaptured) {
  TrackerFixture f("unknown.history");
  // `other` is not captured: a table rowcast never saw there does not matter.
  EXPECT_TRUE(
      f.tracker.ApplyDdl("other", "ALTER TABLE x ADD COLUMN b INT", f.At(10), 0).has_value());
  auto captured = f.tracker.ApplyDdl("shop", "ALTER TABLE y ADD COLUMN b INT", f.At(20), 0);
  ASSERT_FALSE(captured.has_value());
  EXPECT_EQ(captured.error().code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(captured.error().message(), HasSubstr("shop.y"));
}

TEST(SchemaTrackerTest, SkipsStatementsTheDdlFilterMatches) {
  TrackerFixture f("filter.history", false, {"ALTER TABLE t ADD COLUMN rds_.*"});
  ASSERT_TRUE(f.tracker.ApplyDdl("shop", "CREATE TABLE t (a INT)", f.At(10), 0).has_value());
  // Unparseable but filtered: neither applied nor recorded, and no error.
  auto skipped =
      f.tracker.ApplyDdl("shop", "alter table t add column rds_x FANCYTYPE ;", f.At(20), 0);
  ASSERT_TRUE(skipped.has_value()) << skipped.error().ToString();
  EXPECT_TRUE(skipped->empty());
  EXPECT_EQ(f.tracker.catalog().FindTable("shop", "t")->columns.size(), 1u);
  EXPECT_EQ(f.tracker.history_records(), 1u);
}

TEST(SchemaTrackerTest, KeepsOnlyCapturedTablesWhenAsked) {
  TrackerFixture f("captured.history", true);
  ASSERT_TRUE(f.tracker.ApplyDdl("other", "CREATE TABLE x (a INT)", f.At(10), 0).has_value());
  ASSERT_TRUE(f.tracker.ApplyDdl("shop", "CREATE TABLE y (a INT)", f.At(20), 0).has_value());
  EXPECT_EQ(f.tracker.history_records(), 1u);
}

}  // namespace
}  // namespace rowcast::capture
