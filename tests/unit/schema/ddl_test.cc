#include "schema/ddl.h"

#include <string>

#include <gtest/gtest.h>

#include "render.h"
#include "schema/lexer.h"

namespace rowcast::schema {
namespace {

using testing::RenderResults;

StatusOr<std::vector<StatementResult>> Apply(Catalog& c, std::string_view sql,
                                             std::string db = "test") {
  return ApplyDdl(c, sql, db);
}

TEST(DdlErrorTest, NamesOffsetTokenAndStatement) {
  Catalog c;
  ASSERT_TRUE(Apply(c, "CREATE TABLE t (id INT)").has_value());
  auto r = Apply(c, "ALTER TABLE t ADD x FOOBAR");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.error().message(),
            "cannot parse DDL at offset 20 near 'FOOBAR': expected a data type in: ALTER TABLE t "
            "ADD x FOOBAR");
}

TEST(DdlErrorTest, OffsetIsRelativeToTheStatement) {
  Catalog c;
  auto r = Apply(c, "CREATE TABLE a (id INT);\n  CREATE TABLE b (id INT,)");
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message().find("at offset 23 near ')': expected a column definition in: "
                                     "CREATE TABLE b (id INT,)"),
            std::string::npos)
      << r.error().message();
  // The statement before the error stays applied.
  EXPECT_NE(c.FindTable("test", "a"), nullptr);
}

TEST(DdlErrorTest, ReportsTheEndOfTheStatement) {
  Catalog c;
  auto r = Apply(c, "CREATE TABLE t (id INT");
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message().find("at offset 22 (end of statement): expected ')'"),
            std::string::npos)
      << r.error().message();
}

TEST(DdlErrorTest, QuotesLongStatementsShortened) {
  Catalog c;
  std::string sql =
      "CREATE TABLE t (" + std::string(1000, ' ') + "a INT, " + std::string(500, 'x') + ")";
  auto r = Apply(c, sql);
  ASSERT_FALSE(r.has_value());
  EXPECT_LT(r.error().message().size(), 500u);
  EXPECT_TRUE(r.error().message().ends_with("...")) << r.error().message();
}

TEST(DdlErrorTest, UnterminatedStringIsASyntaxError) {
  Catalog c;
  auto r = Apply(c, "CREATE TABLE ok1 (a INT); CREATE TABLE t (a VARCHAR(3) DEFAULT 'abc)");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.error().message().find("unterminated string"), std::string::npos)
      << r.error().message();
  EXPECT_NE(r.error().message().find("in: CREATE TABLE t (a VARCHAR"), std::string::npos)
      << r.error().message();
  EXPECT_NE(c.FindTable("test", "ok1"), nullptr);
}

TEST(DdlErrorTest, UnknownLeadingKeywordIsAnError) {
  Catalog c;
  for (std::string_view sql :
       {"FROBNICATE TABLE t", "CREATE WIDGET w", "ALTER GADGET g", "DROP THING x", "42", "END"}) {
    auto r = Apply(c, sql);
    ASSERT_FALSE(r.has_value()) << sql;
    EXPECT_EQ(r.error().code(), StatusCode::kInvalidArgument) << sql;
  }
}

TEST(DdlErrorTest, UnknownTablesAreNotFound) {
  Catalog c;
  for (std::string_view sql :
       {"ALTER TABLE nope ADD x INT", "DROP TABLE nope", "RENAME TABLE nope TO x",
        "CREATE INDEX i ON nope (a)", "DROP INDEX i ON nope", "CREATE TABLE x LIKE nope"}) {
    auto r = Apply(c, sql);
    ASSERT_FALSE(r.has_value()) << sql;
    EXPECT_EQ(r.error().code(), StatusCode::kNotFound) << sql;
  }
  EXPECT_TRUE(Apply(c, "DROP TABLE IF EXISTS nope").has_value());
}

TEST(DdlErrorTest, UnknownColumnsAreNotFound) {
  Catalog c;
  ASSERT_TRUE(Apply(c, "CREATE TABLE t (a INT)").has_value());
  for (std::string_view sql :
       {"ALTER TABLE t DROP COLUMN b", "ALTER TABLE t MODIFY b INT", "ALTER TABLE t CHANGE b c INT",
        "ALTER TABLE t ADD INDEX (b)", "ALTER TABLE t ADD c INT AFTER b"}) {
    auto r = Apply(c, sql);
    ASSERT_FALSE(r.has_value()) << sql;
    EXPECT_EQ(r.error().code(), StatusCode::kNotFound) << sql;
  }
}

TEST(DdlErrorTest, DuplicateColumnsAreRejected) {
  Catalog c;
  EXPECT_FALSE(Apply(c, "CREATE TABLE t (a INT, A INT)").has_value());
  ASSERT_TRUE(Apply(c, "CREATE TABLE t (a INT, b INT)").has_value());
  EXPECT_FALSE(Apply(c, "ALTER TABLE t ADD COLUMN B INT").has_value());
  EXPECT_FALSE(Apply(c, "ALTER TABLE t CHANGE a b INT").has_value());
  EXPECT_FALSE(Apply(c, "ALTER TABLE t RENAME COLUMN a TO b").has_value());
}

TEST(DdlErrorTest, CreateSelectWithoutColumnsCannotBeDerived) {
  Catalog c;
  auto r = Apply(c, "CREATE TABLE t AS SELECT 1 AS x");
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message().find("cannot be derived"), std::string::npos);
}

TEST(DdlTest, IgnoredStatementsLeaveTheCatalogAlone) {
  Catalog c;
  auto r = Apply(c,
                 "GRANT ALL ON *.* TO u; CREATE USER u; CREATE VIEW v AS SELECT 1; "
                 "CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN SET @a = 1; END; "
                 "CREATE SEQUENCE s; FLUSH TABLES; INSERT INTO t VALUES (1); XA START 'x'");
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_EQ(RenderResults(*r),
            "ignored; ignored; ignored; ignored; ignored; ignored; ignored; ignored");
  EXPECT_EQ(c.table_count(), 0u);
}

TEST(DdlTest, UseChangesTheCurrentDatabase) {
  Catalog c;
  std::string db = "a";
  auto r = ApplyDdl(c, "USE `b`; CREATE TABLE t (x INT)", db);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(db, "b");
  EXPECT_NE(c.FindTable("b", "t"), nullptr);
  EXPECT_EQ((*r)[0].kind, StatementResult::Kind::kUse);
  EXPECT_EQ((*r)[1].db, "b");
}

TEST(DdlTest, StatementTextHasNoTrailingSemicolon) {
  Catalog c;
  auto r = Apply(c, "  CREATE TABLE t (x INT) ;  ");
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ((*r)[0].statement, "CREATE TABLE t (x INT)");
}

TEST(DdlTest, TemporaryTablesAreTrackedOnlyWhenAsked) {
  Catalog c;
  std::string db = "test";
  ASSERT_TRUE(ApplyDdl(c, "CREATE TEMPORARY TABLE t (x INT)", db).has_value());
  EXPECT_EQ(c.FindTable("test", "t"), nullptr);
  DdlOptions options;
  options.track_temporary = true;
  ASSERT_TRUE(ApplyDdl(c, "CREATE TEMPORARY TABLE t (x INT)", db, options).has_value());
  ASSERT_NE(c.FindTable("test", "t"), nullptr);
  EXPECT_TRUE(c.FindTable("test", "t")->temporary);
  ASSERT_TRUE(ApplyDdl(c, "DROP TEMPORARY TABLE t", db, options).has_value());
  EXPECT_EQ(c.FindTable("test", "t"), nullptr);
}

TEST(DdlTest, NoOpAlterKeepsTheVersion) {
  Catalog c;
  ASSERT_TRUE(Apply(c, "CREATE TABLE t (x INT)").has_value());
  const uint64_t v = c.TableVersion("test", "t");
  auto r = Apply(c, "ALTER TABLE t DISABLE KEYS");
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE((*r)[0].changes.empty());
  EXPECT_EQ(c.TableVersion("test", "t"), v);
  ASSERT_TRUE(Apply(c, "ALTER TABLE t ADD y INT").has_value());
  EXPECT_GT(c.TableVersion("test", "t"), v);
}

TEST(MayChangeSchemaTest, SkipsTransactionControlAndDml) {
  for (std::string_view sql :
       {"BEGIN", "COMMIT", "ROLLBACK", "XA START 'x'", "SAVEPOINT a", "insert into t values (1)",
        "/* c */ UPDATE t SET a = 1", "-- x\nDELETE FROM t", "REPLACE INTO t VALUES (1)", "", "   ",
        "/* only a comment */"}) {
    EXPECT_FALSE(MayChangeSchema(sql)) << sql;
  }
}

TEST(MayChangeSchemaTest, KeepsEverythingElse) {
  for (std::string_view sql :
       {"CREATE TABLE t (a INT)", "/*!40000 ALTER TABLE t DISABLE KEYS */", "ALTER TABLE t",
        "DROP TABLE t", "GRANT ALL ON *.* TO u", "SET NAMES utf8", "TRUNCATE t",
        "BEGIN NOT ATOMIC CREATE TABLE t (a INT); END", "/* unterminated"}) {
    EXPECT_TRUE(MayChangeSchema(sql)) << sql;
  }
}

TEST(DdlRobustnessTest, DeepNestingIsAnErrorNotACrash) {
  Catalog c;
  std::string sql = "CREATE TABLE t (a INT DEFAULT (" + std::string(100000, '(') + "1" +
                    std::string(100000, ')') + "))";
  auto r = Apply(c, sql);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message().find("nested deeper than 200"), std::string::npos);
}

TEST(DdlRobustnessTest, NestingWithinTheLimitIsFine) {
  Catalog c;
  std::string sql = "CREATE TABLE t (a INT DEFAULT (" + std::string(150, '(') + "1" +
                    std::string(150, ')') + "))";
  EXPECT_TRUE(Apply(c, sql).has_value());
}

TEST(DdlRobustnessTest, HugeInputsEndQuickly) {
  Catalog c;
  std::string cols;
  for (int i = 0; i < 5000; ++i) cols += "c" + std::to_string(i) + " INT, ";
  auto r = Apply(c, "CREATE TABLE t (" + cols + "x INT)");
  ASSERT_FALSE(r.has_value());  // more than 4096 columns
  std::string many(500'000, ';');
  EXPECT_TRUE(Apply(c, many).has_value());
  std::string garbage;
  for (int i = 0; i < 100000; ++i) garbage += "( ";
  EXPECT_FALSE(Apply(c, "CREATE TABLE t " + garbage).has_value());
  std::string alters = "CREATE TABLE w (a INT); ALTER TABLE w ";
  for (int i = 0; i < 3000; ++i) alters += "ADD COLUMN b INT, DROP COLUMN b, ";
  alters += "FORCE";
  EXPECT_TRUE(Apply(c, alters).has_value());
}

TEST(DdlRobustnessTest, TruncatedStatementsFailCleanly) {
  const std::string sql =
      "CREATE TABLE `t` (`id` int(11) NOT NULL AUTO_INCREMENT, `v` varchar(10) CHARACTER SET "
      "latin1 DEFAULT 'x', PRIMARY KEY (`id`), KEY `k` (`v`(5))) ENGINE=InnoDB "
      "PARTITION BY RANGE (id) (PARTITION p0 VALUES LESS THAN (10))";
  for (size_t n = 0; n < sql.size(); ++n) {
    Catalog c;
    auto r = Apply(c, sql.substr(0, n));
    if (!r.has_value()) {
      EXPECT_EQ(r.error().code(), StatusCode::kInvalidArgument) << n;
    }
  }
}

}  // namespace
}  // namespace rowcast::schema

namespace rowcast::schema {
namespace {

TEST(DdlRobustnessTest, RefusesMoreTokensThanTheLimit) {
  Catalog c;
  std::string db = "test";
  std::string sql(kMaxTokens / 2 + 10, ',');
  sql = "SELECT " + std::string(sql.size() * 2, ',');
  auto r = ApplyDdl(c, sql, db);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message().find("tokens"), std::string::npos) << r.error().message();
}

}  // namespace
}  // namespace rowcast::schema
