#include "snapshot/progress.h"

#include <gtest/gtest.h>

#include "schema/ddl.h"
#include "snapshot/initial.h"
#include "snapshot/reader.h"
#include "snapshot/window.h"

namespace rowcast::snapshot {
namespace {

TEST(SnapshotWorkTest, RoundTripsWithBinaryKeys) {
  SnapshotWork w;
  w.kind = SnapshotKind::kIncremental;
  w.id = "sig-1";
  w.first_emitted = true;
  w.tables.push_back(TableWork{"db", "t1", {std::string("a\0\xff", 3), std::nullopt}, "id > 3", 7});
  w.tables.push_back(TableWork{"db", "t.2", {}, {}, 0});
  auto back = WorkFromJson(WorkToJson(w));
  ASSERT_TRUE(back.has_value()) << back.error().ToString();
  EXPECT_EQ(*back, w);
}

TEST(SnapshotWorkTest, MalformedIsDataLoss) {
  for (const char* bad :
       {"[]", R"({"tables":[{"table":"nodot"}]})", R"({"kind":"other","tables":[]})",
        R"({"tables":[{"table":"a.b","after":["zz"]}]})"}) {
    auto w = WorkFromJson(bad);
    ASSERT_FALSE(w.has_value()) << bad;
    EXPECT_EQ(w.error().code(), StatusCode::kDataLoss);
  }
}

TEST(SnapshotStatusTest, RatesAndLine) {
  SnapshotStatus st;
  st.Start(SnapshotKind::kInitial,
           {TableStatus{"db.a", 0, 100, false, true}, TableStatus{"db.b", 0, 50, false, true}});
  st.AddRows("db.a", 40);
  st.Finish("db.b");
  auto v = st.Get();
  EXPECT_TRUE(v.running);
  EXPECT_EQ(v.rows, 40u);
  EXPECT_EQ(v.estimated, 100u);  // a finished table counts what it had
  const std::string line = SnapshotStatus::Line(v);
  EXPECT_NE(line.find("db.a 40/~100 (40%)"), std::string::npos) << line;
  EXPECT_NE(line.find("1/2 tables done"), std::string::npos) << line;
}

TEST(SnapshotMarkerTest, ReplacesTheSourceMarkerOnly) {
  std::string v =
      R"({"before":null,"after":{"snapshot":"true"},"source":{"snapshot":"true","db":"d"},"op":"r"})";
  SetSnapshotMarker(v, "last");
  EXPECT_EQ(
      v,
      R"({"before":null,"after":{"snapshot":"true"},"source":{"snapshot":"last","db":"d"},"op":"r"})");
}

TEST(BinlogPosTest, ComparesFilesByNumber) {
  EXPECT_LT(ComparePos({"binlog.000009", 900}, {"binlog.000010", 4}), 0);
  EXPECT_GT(ComparePos({"binlog.000010", 4}, {"binlog.000009", 900}), 0);
  EXPECT_EQ(ComparePos({"binlog.000010", 4}, {"binlog.000010", 4}), 0);
  EXPECT_LT(ComparePos({"binlog.000010", 4}, {"binlog.000010", 5}), 0);
}

TEST(ChunkQueryTest, KeysetOverACompositeKey) {
  schema::Catalog cat;
  std::string db = "d";
  cat.PutDatabase(schema::Database{"d", "utf8mb4", "utf8mb4_general_ci"});
  ASSERT_TRUE(schema::ApplyDdl(cat,
                               "CREATE TABLE t (a INT, b VARCHAR(10) COLLATE utf8mb4_bin, v INT, "
                               "PRIMARY KEY (a, b))",
                               db, {})
                  .has_value());
  const auto t = cat.FindTable("d", "t");
  const auto key = ChunkKeyColumns(*t);
  ASSERT_EQ(key, (std::vector<int>{0, 1}));
  EXPECT_EQ(ChunkQuery(*t, "`a`, `b`, `v`", key, {}, "", 100),
            "SELECT `a`, `b`, `v` FROM `d`.`t` ORDER BY `a`, `b` LIMIT 100");
  EXPECT_EQ(ChunkQuery(*t, "*", key, {std::string("7"), std::string("x'y")}, "v > 1", 10),
            "SELECT * FROM `d`.`t` WHERE ((`a` > 7) OR (`a` = 7 AND `b` > _utf8mb4 X'782779' "
            "COLLATE utf8mb4_bin)) AND (v > 1) ORDER BY `a`, `b` LIMIT 10");
}

TEST(ChunkQueryTest, FallsBackToAUniqueNotNullKeyOrNone) {
  schema::Catalog cat;
  std::string db = "d";
  ASSERT_TRUE(schema::ApplyDdl(cat,
                               "CREATE TABLE u (x INT NULL, y INT NOT NULL, UNIQUE KEY ux (x), "
                               "UNIQUE KEY uy (y)); CREATE TABLE n (x INT, f FLOAT, PRIMARY KEY "
                               "(f))",
                               db, {})
                  .has_value());
  EXPECT_EQ(ChunkKeyColumns(*cat.FindTable("d", "u")), (std::vector<int>{1}));
  EXPECT_TRUE(ChunkKeyColumns(*cat.FindTable("d", "n")).empty());  // FLOAT keys are not chunked
  EXPECT_EQ(ChunkQuery(*cat.FindTable("d", "n"), "*", {}, {}, "", 100), "SELECT * FROM `d`.`n`");
}

}  // namespace
}  // namespace rowcast::snapshot
