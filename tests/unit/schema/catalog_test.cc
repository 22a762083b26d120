#include <gtest/gtest.h>

#include "schema/schema.h"

namespace rowcast::schema {
namespace {

Table MakeTable(std::string db, std::string name) {
  Table t;
  t.db = std::move(db);
  t.name = std::move(name);
  Column c;
  c.name = "Id";
  t.columns.push_back(c);
  return t;
}

TEST(CatalogTest, EveryPutGetsAFreshVersion) {
  Catalog c;
  EXPECT_EQ(c.TableVersion("d", "t"), 0u);
  c.PutTable(MakeTable("d", "t"));
  const uint64_t v1 = c.TableVersion("d", "t");
  c.PutTable(MakeTable("d", "u"));
  const uint64_t v2 = c.TableVersion("d", "u");
  c.PutTable(MakeTable("d", "t"));
  const uint64_t v3 = c.TableVersion("d", "t");
  EXPECT_NE(v1, 0u);
  EXPECT_NE(v1, v2);
  EXPECT_GT(v3, v1);
  EXPECT_GT(v3, v2);
}

TEST(CatalogTest, VersionsStayUniqueAcrossCopies) {
  Catalog a;
  a.PutTable(MakeTable("d", "t"));
  Catalog b = a;
  a.PutTable(MakeTable("d", "x"));
  b.PutTable(MakeTable("d", "y"));
  EXPECT_NE(a.TableVersion("d", "x"), b.TableVersion("d", "y"));
  EXPECT_EQ(a.TableVersion("d", "t"), b.TableVersion("d", "t"));
}

TEST(CatalogTest, PublishedTablesAreNotChangedByLaterPuts) {
  Catalog c;
  c.PutTable(MakeTable("d", "t"));
  auto before = c.FindTable("d", "t");
  Table changed = *before;
  changed.columns.push_back(Column{});
  c.PutTable(changed);
  EXPECT_EQ(before->columns.size(), 1u);
  EXPECT_EQ(c.FindTable("d", "t")->columns.size(), 2u);
}

TEST(CatalogTest, NamesOfTablesAndDatabasesAreCaseSensitive) {
  Catalog c;
  c.PutTable(MakeTable("d", "T"));
  EXPECT_NE(c.FindTable("d", "T"), nullptr);
  EXPECT_EQ(c.FindTable("d", "t"), nullptr);
  EXPECT_EQ(c.FindTable("D", "T"), nullptr);
}

TEST(CatalogTest, ColumnNamesAreCaseInsensitive) {
  Table t = MakeTable("d", "t");
  EXPECT_EQ(t.FindColumn("id"), 0);
  EXPECT_EQ(t.FindColumn("ID"), 0);
  EXPECT_EQ(t.FindColumn("idx"), -1);
}

TEST(CatalogTest, DropDatabaseDropsItsTables) {
  Catalog c;
  c.PutDatabase(Database{"d", "latin1", "latin1_swedish_ci"});
  c.PutTable(MakeTable("d", "t"));
  c.PutTable(MakeTable("e", "t"));
  EXPECT_EQ(c.table_count(), 2u);
  EXPECT_EQ(c.DatabaseNames(), (std::vector<std::string>{"d", "e"}));
  c.DropDatabase("d");
  EXPECT_EQ(c.FindDatabase("d"), nullptr);
  EXPECT_EQ(c.table_count(), 1u);
  EXPECT_EQ(c.Tables("e").size(), 1u);
  c.DropTable("e", "t");
  EXPECT_EQ(c.table_count(), 0u);
}

TEST(CatalogTest, ServerDefaultsNormalizeUtf8) {
  Catalog c;
  EXPECT_EQ(c.server_charset(), "utf8mb4");
  c.SetServerDefaults("utf8", "utf8_general_ci");
  EXPECT_EQ(c.server_charset(), "utf8mb3");
  EXPECT_EQ(c.server_collation(), "utf8mb3_general_ci");
}

TEST(SchemaTest, TypeNamesAndClasses) {
  EXPECT_EQ(DataTypeName(DataType::kGeometryCollection), "GEOMETRYCOLLECTION");
  EXPECT_EQ(DataTypeName(DataType::kInet6), "INET6");
  EXPECT_TRUE(IsCharacterType(DataType::kEnum));
  EXPECT_FALSE(IsCharacterType(DataType::kBlob));
  EXPECT_TRUE(IsIntegerType(DataType::kBool));
  EXPECT_FALSE(IsIntegerType(DataType::kDecimal));
}

}  // namespace
}  // namespace rowcast::schema
