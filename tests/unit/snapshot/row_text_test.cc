#include "snapshot/row_text.h"

#include <bit>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "format/charsets.h"
#include "format/values.h"
#include "schema/ddl.h"

namespace rowcast::snapshot {
namespace {

using binlog::Cell;
using binlog::CellKind;
using binlog::ColumnType;
using binlog::TableMap;

const schema::CharsetLookup kCharsets{&format::CharsetName, &format::DefaultCollation};

std::shared_ptr<const schema::Table> Parse(std::string_view ddl) {
  schema::Catalog catalog;
  std::string db = "test";
  auto r = schema::ApplyDdl(catalog, ddl, db);
  EXPECT_TRUE(r.has_value()) << r.error().ToString();
  auto t = catalog.FindTable("test", "t");
  EXPECT_NE(t, nullptr);
  return t;
}

TableMap MapOf(std::string_view ddl, TableMapOptions options = {}) {
  auto t = Parse(ddl);
  auto m = TableMapFor(*t, kCharsets, options);
  EXPECT_TRUE(m.has_value()) << m.error().ToString();
  return m.value_or(TableMap{});
}

// One table, converted a row at a time; values as the text protocol returns them.
class Rows {
 public:
  explicit Rows(std::string_view ddl, TableMapOptions options = {})
      : map_(MapOf(ddl, options)), converter_(map_) {}

  const TableMap& map() const { return map_; }

  // Cells may point into the row, which stays here until the next call (like a fetched row).
  Status Convert(std::vector<std::optional<std::string>> row) {
    row_ = std::move(row);
    std::vector<const char*> values;
    std::vector<unsigned long> lengths;
    for (const auto& v : row_) {
      values.push_back(v ? v->data() : nullptr);
      lengths.push_back(v ? v->size() : 0);
    }
    return converter_.Convert(values.data(), lengths.data(), cells_);
  }

  // Converts a one-column row and returns its cell.
  const Cell& One(std::optional<std::string> value) {
    Status s = Convert({std::move(value)});
    EXPECT_TRUE(s.ok()) << s.ToString();
    return cells_.at(0);
  }

  // The JSON of a one-column row, as the streaming formatter writes it.
  std::string Json(std::optional<std::string> value, format::ValueOptions options = {}) {
    const Cell& cell = One(std::move(value));
    std::string out;
    Status s = format::AppendCellJson(out, map_.columns[0], cell, options);
    EXPECT_TRUE(s.ok()) << s.ToString();
    return out;
  }

  const std::vector<Cell>& cells() const { return cells_; }

 private:
  TableMap map_;
  TextRowConverter converter_;
  std::vector<std::optional<std::string>> row_;
  std::vector<Cell> cells_;
};

std::string Bytes(const Cell& c) { return std::string(AsStringView(c.bytes)); }

TEST(TableMapForTest, LogsTypesAndMetadataAsMariaDbDoes) {
  // Expected values are what MariaDB 10.11 logs for the same columns (binlog_row_metadata=FULL).
  const TableMap m = MapOf(
      "CREATE TABLE t (id INT NOT NULL, tiu TINYINT UNSIGNED, zf INT(5) ZEROFILL, f FLOAT, "
      "fp FLOAT(30), d DOUBLE(10,2), dec1 DECIMAL(65,30), decd DECIMAL, b64 BIT(64), b9 BIT(9), "
      "bdef BIT, dt DATE, tm3 TIME(3), dtm DATETIME, ts6 TIMESTAMP(6) NULL, yr YEAR, "
      "c CHAR(10), cbig CHAR(255), cucs CHAR(4) CHARACTER SET ucs2, vc VARCHAR(100), "
      "vclat VARCHAR(300) CHARACTER SET latin1, bn BINARY(4), vb VARBINARY(20), tt TINYTEXT, "
      "lb LONGBLOB, e ENUM('a','b'), s64 SET('l0','l1','l2','l3','l4','l5','l6','l7','l8','l9',"
      "'l10','l11','l12','l13','l14','l15','l16','l17','l18','l19','l20','l21','l22','l23','l24',"
      "'l25','l26','l27','l28','l29','l30','l31','l32','l33','l34','l35','l36','l37','l38'), "
      "u UUID, ip4 INET4, ip6 INET6, p POINT, gc GEOMETRYCOLLECTION, PRIMARY KEY (id)) "
      "DEFAULT CHARSET=utf8mb4");
  struct Want {
    std::string name;
    ColumnType type, real_type;
    uint16_t meta;
    uint32_t max_length;
    bool is_unsigned;
  };
  const Want want[] = {
      {"id", ColumnType::kLong, ColumnType::kLong, 0, 0, false},
      {"tiu", ColumnType::kTiny, ColumnType::kTiny, 0, 0, true},
      {"zf", ColumnType::kLong, ColumnType::kLong, 0, 0, true},
      {"f", ColumnType::kFloat, ColumnType::kFloat, 4, 0, false},
      {"fp", ColumnType::kDouble, ColumnType::kDouble, 8, 0, false},
      {"d", ColumnType::kDouble, ColumnType::kDouble, 8, 0, false},
      {"dec1", ColumnType::kNewDecimal, ColumnType::kNewDecimal, 0x411e, 0, false},
      {"decd", ColumnType::kNewDecimal, ColumnType::kNewDecimal, 0x0a00, 0, false},
      {"b64", ColumnType::kBit, ColumnType::kBit, 0x800, 0, false},
      {"b9", ColumnType::kBit, ColumnType::kBit, 0x101, 0, false},
      {"bdef", ColumnType::kBit, ColumnType::kBit, 0x1, 0, false},
      {"dt", ColumnType::kDate, ColumnType::kDate, 0, 0, false},
      {"tm3", ColumnType::kTime2, ColumnType::kTime2, 3, 0, false},
      {"dtm", ColumnType::kDateTime2, ColumnType::kDateTime2, 0, 0, false},
      {"ts6", ColumnType::kTimestamp2, ColumnType::kTimestamp2, 6, 0, false},
      {"yr", ColumnType::kYear, ColumnType::kYear, 0, 0, true},
      {"c", ColumnType::kString, ColumnType::kString, 0xfe28, 40, false},
      {"cbig", ColumnType::kString, ColumnType::kString, 0xcefc, 1020, false},
      {"cucs", ColumnType::kString, ColumnType::kString, 0xfe08, 8, false},
      {"vc", ColumnType::kVarchar, ColumnType::kVarchar, 400, 400, false},
      {"vclat", ColumnType::kVarchar, ColumnType::kVarchar, 300, 300, false},
      {"bn", ColumnType::kString, ColumnType::kString, 0xfe04, 4, false},
      {"vb", ColumnType::kVarchar, ColumnType::kVarchar, 20, 20, false},
      {"tt", ColumnType::kBlob, ColumnType::kBlob, 1, 0, false},
      {"lb", ColumnType::kBlob, ColumnType::kBlob, 4, 0, false},
      {"e", ColumnType::kString, ColumnType::kEnum, 0xf701, 1, false},
      {"s64", ColumnType::kString, ColumnType::kSet, 0xf808, 8, false},
      {"u", ColumnType::kString, ColumnType::kString, 0xfe10, 16, false},
      {"ip4", ColumnType::kString, ColumnType::kString, 0xfe04, 4, false},
      {"ip6", ColumnType::kString, ColumnType::kString, 0xfe10, 16, false},
      {"p", ColumnType::kGeometry, ColumnType::kGeometry, 4, 0, false},
      {"gc", ColumnType::kGeometry, ColumnType::kGeometry, 4, 0, false},
  };
  ASSERT_EQ(m.columns.size(), std::size(want));
  for (size_t i = 0; i < m.columns.size(); ++i) {
    const auto& c = m.columns[i];
    const Want& w = want[i];
    SCOPED_TRACE(w.name);
    EXPECT_EQ(c.name, w.name);
    EXPECT_EQ(c.type, w.type);
    EXPECT_EQ(c.real_type, w.real_type);
    EXPECT_EQ(c.meta, w.meta);
    EXPECT_EQ(c.max_length, w.max_length);
    EXPECT_EQ(c.is_unsigned, w.is_unsigned);
  }
  EXPECT_EQ(m.columns[30].geometry_type, 1u);  // POINT
  EXPECT_EQ(m.columns[31].geometry_type, 7u);  // GEOMETRYCOLLECTION
  EXPECT_EQ(m.columns[27].form, binlog::ValueForm::kUuid);
  EXPECT_EQ(m.columns[28].form, binlog::ValueForm::kInet4);
  EXPECT_EQ(m.columns[29].form, binlog::ValueForm::kInet6);
  EXPECT_EQ(m.columns[0].form, binlog::ValueForm::kPlain);
  EXPECT_EQ(m.columns[25].enum_values, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(m.columns[26].set_values.size(), 39u);
}

TEST(TableMapForTest, SetsCharsetsOfCharacterColumnsOnly) {
  const TableMap m = MapOf(
      "CREATE TABLE t (i INT, c CHAR(2), l VARCHAR(3) CHARACTER SET latin1, b BLOB, "
      "cb CHAR(3) CHARACTER SET binary, e ENUM('x') CHARACTER SET latin1, u UUID, g GEOMETRY) "
      "DEFAULT CHARSET=utf8mb4");
  EXPECT_EQ(m.columns[0].collation, 0u);
  EXPECT_EQ(format::CharsetName(m.columns[1].collation), "utf8mb4");
  EXPECT_EQ(format::CharsetName(m.columns[2].collation), "latin1");
  EXPECT_EQ(m.columns[3].collation, binlog::kBinaryCollation);
  EXPECT_EQ(m.columns[4].collation, binlog::kBinaryCollation);
  EXPECT_EQ(m.columns[4].type, ColumnType::kString);
  EXPECT_EQ(format::CharsetName(m.columns[5].collation), "latin1");
  EXPECT_EQ(m.columns[6].collation, binlog::kBinaryCollation);
  EXPECT_EQ(m.columns[7].collation, 0u);
}

TEST(TableMapForTest, MarksNamesKeyNullabilityAndVisibility) {
  const TableMap m = MapOf(
      "CREATE TABLE t (a INT NOT NULL, b VARCHAR(5) NOT NULL, c INT INVISIBLE, "
      "g INT AS (a + 1) VIRTUAL, PRIMARY KEY (b, a))");
  EXPECT_EQ(m.db, "test");
  EXPECT_EQ(m.table, "t");
  EXPECT_EQ(m.table_id, 0u);
  EXPECT_TRUE(m.has_names);
  EXPECT_TRUE(m.has_signedness);
  EXPECT_TRUE(m.has_charsets);
  EXPECT_TRUE(m.has_primary_key_metadata);
  ASSERT_EQ(m.columns.size(), 4u);  // generated and invisible columns are logged too
  EXPECT_EQ(m.primary_key, (std::vector<uint32_t>{1, 0}));
  EXPECT_FALSE(m.columns[0].nullable);
  EXPECT_TRUE(m.columns[2].nullable);
  EXPECT_FALSE(m.columns[2].visible);
  EXPECT_TRUE(m.columns[3].visible);
  EXPECT_EQ(m.columns[3].name, "g");
}

TEST(TableMapForTest, JsonIsBinaryJsonOnMySqlAndLongtextOnMariaDb) {
  const TableMap mysql = MapOf("CREATE TABLE t (j JSON)");
  EXPECT_EQ(mysql.columns[0].type, ColumnType::kJson);
  EXPECT_EQ(mysql.columns[0].meta, 4);
  EXPECT_EQ(mysql.columns[0].collation, 0u);
  const TableMap maria = MapOf("CREATE TABLE t (j JSON) DEFAULT CHARSET=latin1", {.mariadb = true});
  EXPECT_EQ(maria.columns[0].type, ColumnType::kBlob);
  EXPECT_EQ(maria.columns[0].meta, 4);
  EXPECT_EQ(format::CharsetName(maria.columns[0].collation), "utf8mb4");
}

TEST(TableMapForTest, TextAndBlobWithALengthPickTheSmallestType) {
  const TableMap m = MapOf(
      "CREATE TABLE t (a TEXT(60) CHARACTER SET utf8mb4, b TEXT(100) CHARACTER SET utf8mb4, "
      "c BLOB(70000), d BLOB(20000000))");
  EXPECT_EQ(m.columns[0].meta, 1);  // 240 bytes: TINYTEXT
  EXPECT_EQ(m.columns[1].meta, 2);  // 400 bytes: TEXT
  EXPECT_EQ(m.columns[2].meta, 3);  // MEDIUMBLOB
  EXPECT_EQ(m.columns[3].meta, 4);  // LONGBLOB
}

TEST(TableMapForTest, LabelsAreInTheColumnCharsetLikeTheBinlogHasThem) {
  const TableMap m = MapOf(
      "CREATE TABLE t (e ENUM('é','ü') CHARACTER SET latin1, s SET('ä','ö') CHARACTER SET latin1, "
      "u ENUM('é') CHARACTER SET utf8mb4, w ENUM('€') CHARACTER SET ucs2)");
  EXPECT_EQ(m.columns[0].enum_values, (std::vector<std::string>{"\xe9", "\xfc"}));
  EXPECT_EQ(m.columns[1].set_values, (std::vector<std::string>{"\xe4", "\xf6"}));
  EXPECT_EQ(m.columns[2].enum_values, (std::vector<std::string>{"\xc3\xa9"}));
  EXPECT_EQ(m.columns[3].enum_values, (std::vector<std::string>{"\x20\xac"}));
}

TEST(TableMapForTest, VectorIsUnimplemented) {
  auto t = Parse("CREATE TABLE t (id INT, v VECTOR(3))");
  auto m = TableMapFor(*t, kCharsets);
  ASSERT_FALSE(m.has_value());
  EXPECT_EQ(m.error().code(), StatusCode::kUnimplemented);
  EXPECT_NE(m.error().message().find("test.t column `v`"), std::string::npos);
}

TEST(SelectListTest, QuotesEveryColumnAndCastsFloatingPoint) {
  auto t = Parse("CREATE TABLE t (id INT, `a``b` CHAR(1), f FLOAT, d DOUBLE(10,2), e ENUM('x'))");
  EXPECT_EQ(SelectList(*t), "`id`, `a``b`, CAST(`f` AS DOUBLE), CAST(`d` AS DOUBLE), `e`");
}

TEST(TextRowConverterTest, NullIsNull) {
  Rows r("CREATE TABLE t (a INT)");
  EXPECT_EQ(r.One(std::nullopt).kind, CellKind::kNull);
  EXPECT_EQ(r.Json(std::nullopt), "null");
}

TEST(TextRowConverterTest, IntegersKeepTheirSignedness) {
  Rows r(
      "CREATE TABLE t (a TINYINT, b TINYINT UNSIGNED, c BIGINT, d BIGINT UNSIGNED, "
      "e INT(5) ZEROFILL, f MEDIUMINT)");
  ASSERT_TRUE(r.Convert({"-128", "255", "-9223372036854775808", "18446744073709551615", "00042",
                         "-8388608"})
                  .ok());
  const auto& c = r.cells();
  EXPECT_EQ(c[0].kind, CellKind::kInt);
  EXPECT_EQ(c[0].i, -128);
  EXPECT_EQ(c[1].kind, CellKind::kUint);
  EXPECT_EQ(c[1].u, 255u);
  EXPECT_EQ(c[2].i, INT64_MIN);
  EXPECT_EQ(c[3].kind, CellKind::kUint);
  EXPECT_EQ(c[3].u, UINT64_MAX);
  EXPECT_EQ(c[4].kind, CellKind::kUint);
  EXPECT_EQ(c[4].u, 42u);
  EXPECT_EQ(c[5].i, -8388608);
}

TEST(TextRowConverterTest, BigintUnsignedFormatsLikeTheBinlog) {
  Rows r("CREATE TABLE t (d BIGINT UNSIGNED)");
  EXPECT_EQ(r.Json("18446744073709551615"), "-1");  // Debezium's long mode wraps
  format::ValueOptions precise;
  precise.bigint_unsigned = format::BigintUnsignedMode::kPrecise;
  EXPECT_EQ(r.Json("18446744073709551615", precise), "\"AP//////////\"");
}

TEST(TextRowConverterTest, IntegerOutOfTheColumnRangeIsDataLoss) {
  Rows r("CREATE TABLE t (a TINYINT UNSIGNED)");
  Status s = r.Convert({"256"});
  EXPECT_EQ(s.code(), StatusCode::kDataLoss);
  EXPECT_EQ(r.Convert({"-1"}).code(), StatusCode::kDataLoss);
  Rows m("CREATE TABLE t (a MEDIUMINT)");
  EXPECT_EQ(m.Convert({"8388608"}).code(), StatusCode::kDataLoss);
}

TEST(TextRowConverterTest, ErrorsNameTableColumnAndATruncatedValue) {
  Rows r("CREATE TABLE t (id INT, amount INT)");
  Status s = r.Convert({"1", std::string(300, 'x') + "\n"});
  ASSERT_EQ(s.code(), StatusCode::kDataLoss);
  EXPECT_NE(s.message().find("test.t column `amount`"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("'" + std::string(100, 'x') + "...'"), std::string::npos)
      << s.message();
  EXPECT_EQ(s.message().find(std::string(101, 'x')), std::string::npos);
}

TEST(TextRowConverterTest, FloatReadBackFromTheCastIsExact) {
  Rows r("CREATE TABLE t (f FLOAT)");
  // 123.456789 stored in a FLOAT: CAST(f AS DOUBLE) prints its exact value.
  const Cell& c = r.One("123.456787109375");
  EXPECT_EQ(c.kind, CellKind::kFloat);
  EXPECT_EQ(std::bit_cast<uint32_t>(c.f), 0x42f6e9e0u);
  EXPECT_EQ(r.Json("123.456787109375"), "123.45679");
  EXPECT_EQ(std::bit_cast<uint32_t>(r.One("-1.5000059281518572e-40").f), 0x8001a224u);
  EXPECT_EQ(std::bit_cast<uint32_t>(r.One("3.4028234663852886e38").f), 0x7f7fffffu);
  // The plain column text has 6 significant digits: a different float.
  EXPECT_NE(std::bit_cast<uint32_t>(r.One("123.457").f), 0x42f6e9e0u);
}

TEST(TextRowConverterTest, DoubleReadsExtremesAndSubnormals) {
  Rows r("CREATE TABLE t (d DOUBLE)");
  EXPECT_EQ(std::bit_cast<uint64_t>(r.One("-2.2250738585072014e-308").d), 0x8010000000000000u);
  EXPECT_EQ(std::bit_cast<uint64_t>(r.One("5e-324").d), 1u);
  EXPECT_EQ(std::bit_cast<uint64_t>(r.One("1.7976931348623157e308").d), 0x7fefffffffffffffu);
  EXPECT_EQ(r.Json("1e300"), "1e+300");
  EXPECT_EQ(r.Json("00000000000000000001.5"), "1.5");  // DOUBLE ZEROFILL
  EXPECT_EQ(r.Convert({"1.5x"}).code(), StatusCode::kDataLoss);
  EXPECT_EQ(r.Convert({""}).code(), StatusCode::kDataLoss);
}

TEST(TextRowConverterTest, DecimalBecomesTheBinaryTheBinlogHolds) {
  Rows r("CREATE TABLE t (d DECIMAL(10,2))");
  const Cell& c = r.One("-12345678.91");
  EXPECT_EQ(c.kind, CellKind::kDecimal);
  EXPECT_EQ(Bytes(c), std::string("\x7f\x43\x9e\xb1\xa4", 5));
  EXPECT_EQ(r.Json("-12345678.91"), "\"tmn9LQ==\"");
  format::ValueOptions text;
  text.decimal = format::DecimalMode::kString;
  EXPECT_EQ(r.Json("-12345678.91", text), "\"-12345678.91\"");
  EXPECT_EQ(r.Json("0.00", text), "\"0.00\"");
  EXPECT_EQ(r.Convert({"123456789.00"}).code(), StatusCode::kDataLoss);
}

TEST(TextRowConverterTest, DecimalOfMaximumPrecision) {
  Rows r("CREATE TABLE t (d DECIMAL(65,30))");
  format::ValueOptions text;
  text.decimal = format::DecimalMode::kString;
  const std::string v = "-99999999999999999999999999999999999.999999999999999999999999999999";
  EXPECT_EQ(r.Json(v, text), "\"" + v + "\"");
}

TEST(TextRowConverterTest, DatesIncludingZeroDates) {
  Rows r("CREATE TABLE t (d DATE)");
  EXPECT_EQ(r.Json("2024-02-29"), "19782");
  const Cell& z = r.One("2024-00-15");
  EXPECT_EQ(z.kind, CellKind::kDate);
  EXPECT_EQ(z.temporal.year, 2024);
  EXPECT_EQ(z.temporal.month, 0);
  EXPECT_EQ(z.temporal.day, 15);
  EXPECT_EQ(r.Json("0000-00-00"), "null");
  Rows nn("CREATE TABLE t (d DATE NOT NULL)");
  EXPECT_EQ(nn.Json("0000-00-00"), "0");
  EXPECT_EQ(r.Convert({"2024-1-2"}).code(), StatusCode::kDataLoss);
}

TEST(TextRowConverterTest, TimesUpTo838HoursEitherSign) {
  Rows r("CREATE TABLE t (t TIME)");
  EXPECT_EQ(r.Json("-838:59:59"), "-3020399000000");
  EXPECT_EQ(r.Json("12:00:01"), "43201000000");
  Rows r6("CREATE TABLE t (t TIME(6))");
  const Cell& c = r6.One("-838:59:59.999999");
  EXPECT_TRUE(c.temporal.negative);
  EXPECT_EQ(c.temporal.hour, 838u);
  EXPECT_EQ(c.temporal.micros, 999999u);
  EXPECT_EQ(c.fsp, 6);
  EXPECT_EQ(r6.Json("-00:00:00.000001"), "-1");
  EXPECT_FALSE(r6.One("-00:00:00.000000").temporal.negative);  // the binlog has no -0
  Rows r3("CREATE TABLE t (t TIME(3))");
  EXPECT_EQ(r3.Json("838:59:59.999"), "3020399999000");
  EXPECT_EQ(r3.One("01:02:03.5").temporal.micros, 500000u);
  EXPECT_EQ(r.Convert({"839:00:00"}).code(), StatusCode::kDataLoss);
  EXPECT_EQ(r.Convert({"1:00:00"}).code(), StatusCode::kDataLoss);
}

TEST(TextRowConverterTest, DatetimesWithFractions) {
  Rows r("CREATE TABLE t (a DATETIME(2), b DATETIME(6), c DATETIME)");
  ASSERT_TRUE(
      r.Convert({"9999-12-31 23:59:59.99", "1969-12-31 23:59:59.999999", "0000-00-00 00:00:00"})
          .ok());
  std::string out;
  for (size_t i = 0; i < 3; ++i) {
    if (i > 0) out += ",";
    ASSERT_TRUE(format::AppendCellJson(out, r.map().columns[i], r.cells()[i], {}).ok());
  }
  EXPECT_EQ(out, "253402300799990,-1,null");
  EXPECT_EQ(r.cells()[0].fsp, 2);
  EXPECT_EQ(r.cells()[0].temporal.micros, 990000u);
}

TEST(TextRowConverterTest, TimestampsAreUtcEpochSeconds) {
  Rows r("CREATE TABLE t (ts TIMESTAMP(3) NULL)");
  const Cell& c = r.One("2038-01-19 03:14:07.999");
  EXPECT_EQ(c.kind, CellKind::kTimestamp);
  EXPECT_EQ(c.u, 2147483647u);
  EXPECT_EQ(c.temporal.micros, 999000u);
  EXPECT_EQ(c.fsp, 3);
  EXPECT_EQ(r.Json("2038-01-19 03:14:07.999"), "\"2038-01-19T03:14:07.999Z\"");
  EXPECT_EQ(r.Json("1970-01-01 00:00:00.001"), "\"1970-01-01T00:00:00.001Z\"");
  EXPECT_EQ(r.One("0000-00-00 00:00:00.000").u, 0u);
  EXPECT_EQ(r.Json("0000-00-00 00:00:00.000"), "null");
  Rows nn("CREATE TABLE t (ts TIMESTAMP NOT NULL)");
  EXPECT_EQ(nn.Json("0000-00-00 00:00:00"), "\"1970-01-01T00:00:00Z\"");
  EXPECT_EQ(nn.Convert({"1969-12-31 23:59:59"}).code(), StatusCode::kDataLoss);
}

TEST(TextRowConverterTest, YearsIncludingTheZeroYearAndTwoDigits) {
  Rows r("CREATE TABLE t (y YEAR)");
  EXPECT_EQ(r.One("2155").i, 2155);
  EXPECT_EQ(r.One("0000").i, 0);
  EXPECT_EQ(r.Json("1901"), "1901");
  EXPECT_EQ(r.Convert({"1900"}).code(), StatusCode::kDataLoss);
  Rows two("CREATE TABLE t (y YEAR(2))");
  EXPECT_EQ(two.One("69").i, 2069);
  EXPECT_EQ(two.One("70").i, 1970);
  EXPECT_EQ(two.One("00").i, 2000);
}

TEST(TextRowConverterTest, CharLosesItsPadLikeInTheBinlog) {
  Rows r(
      "CREATE TABLE t (a CHAR(8) CHARACTER SET utf8mb4, b CHAR(3) CHARACTER SET ucs2, "
      "c CHAR(3) CHARACTER SET utf16le, d CHAR(2) CHARACTER SET utf32, e VARCHAR(9))");
  // As PAD_CHAR_TO_FULL_LENGTH returns them; U+0120 ends in byte 0x20 in UCS-2.
  ASSERT_TRUE(r.Convert({"ab  \xc3\xa9   ", std::string("\x01\x20\0 \0 ", 6),
                         std::string("a\0 \0 \0", 6), std::string("\0\0\0a\0\0\0 ", 8), "trail  "})
                  .ok());
  const auto& c = r.cells();
  EXPECT_EQ(Bytes(c[0]), "ab  \xc3\xa9");
  EXPECT_EQ(Bytes(c[1]), "\x01\x20");
  EXPECT_EQ(Bytes(c[2]), std::string("a\0", 2));
  EXPECT_EQ(Bytes(c[3]), std::string("\0\0\0a", 4));
  EXPECT_EQ(Bytes(c[4]), "trail  ");  // VARCHAR keeps its spaces
  for (const auto& cell : c) EXPECT_EQ(cell.kind, CellKind::kString);
}

TEST(TextRowConverterTest, TextIsInItsColumnCharset) {
  Rows r("CREATE TABLE t (a VARCHAR(5) CHARACTER SET latin1)");
  EXPECT_EQ(r.Json("\xe9"), "\"\xc3\xa9\"");
  Rows u("CREATE TABLE t (a CHAR(2) CHARACTER SET ucs2)");
  EXPECT_EQ(u.Json(std::string("\x01\x20", 2)), "\"\xc4\xa0\"");
}

TEST(TextRowConverterTest, BinaryRestoresItsZerosThroughPadTo) {
  Rows r("CREATE TABLE t (b BINARY(4), v VARBINARY(4), l LONGBLOB)");
  ASSERT_TRUE(r.Convert({std::string("\x01\x02\0\0", 4), std::string("\0\0", 2), "\xff\xff"}).ok());
  const auto& c = r.cells();
  EXPECT_EQ(c[0].kind, CellKind::kBytes);
  EXPECT_EQ(Bytes(c[0]), "\x01\x02");  // as the binlog holds BINARY(n)
  EXPECT_EQ(c[0].pad_to, 4u);
  EXPECT_EQ(Bytes(c[1]), std::string("\0\0", 2));
  EXPECT_EQ(c[1].pad_to, 0u);
  std::string out;
  ASSERT_TRUE(format::AppendCellJson(out, r.map().columns[0], c[0], {}).ok());
  EXPECT_EQ(out, "\"AQIAAA==\"");
}

TEST(TextRowConverterTest, EnumAndSetLabelsBecomeIndexAndMask) {
  Rows r("CREATE TABLE t (e ENUM('a','B','c d','x,y'), s SET('a','b','c'))");
  ASSERT_TRUE(r.Convert({"x,y", "a,c"}).ok());
  EXPECT_EQ(r.cells()[0].kind, CellKind::kEnum);
  EXPECT_EQ(r.cells()[0].u, 4u);
  EXPECT_EQ(r.cells()[1].kind, CellKind::kSet);
  EXPECT_EQ(r.cells()[1].u, 5u);
  ASSERT_TRUE(r.Convert({"", ""}).ok());  // the ENUM error value; the empty SET
  EXPECT_EQ(r.cells()[0].u, 0u);
  EXPECT_EQ(r.cells()[1].u, 0u);
  ASSERT_TRUE(r.Convert({"b", "C"}).ok());  // a case the labels do not have: ignored
  EXPECT_EQ(r.cells()[0].u, 2u);
  EXPECT_EQ(r.cells()[1].u, 4u);
  EXPECT_EQ(r.Convert({"zzz", "a"}).code(), StatusCode::kDataLoss);
  EXPECT_EQ(r.Convert({"a", "a,zzz"}).code(), StatusCode::kDataLoss);
}

TEST(TextRowConverterTest, SetOfSixtyFourLabels) {
  std::string labels;
  for (int i = 0; i < 64; ++i) labels += (i ? "," : "") + fmt::format("'l{}'", i);
  Rows r("CREATE TABLE t (s SET(" + labels + "))");
  EXPECT_EQ(r.One("l0,l63").u, 0x8000000000000001u);
  EXPECT_EQ(r.Json("l0,l63"), "\"l0,l63\"");
}

TEST(TextRowConverterTest, NonUtf8LabelsPrintLikeTheBinlogs) {
  Rows r("CREATE TABLE t (e ENUM('é','ü') CHARACTER SET latin1)");
  EXPECT_EQ(r.One("\xfc").u, 2u);  // the server sends latin1
  EXPECT_EQ(r.Json("\xe9"), "\"\xc3\xa9\"");
}

TEST(TextRowConverterTest, BitIsBigEndianWithTheColumnWidth) {
  Rows r("CREATE TABLE t (a BIT(9), b BIT, c BIT(64))");
  ASSERT_TRUE(r.Convert({"\x01\x01", std::string("\0", 1), std::string(8, '\xff')}).ok());
  const auto& c = r.cells();
  EXPECT_EQ(c[0].kind, CellKind::kBit);
  EXPECT_EQ(c[0].u, 257u);
  EXPECT_EQ(c[0].bits, 9);
  EXPECT_EQ(c[1].u, 0u);
  EXPECT_EQ(c[1].bits, 1);
  EXPECT_EQ(c[2].u, UINT64_MAX);
  std::string out;
  ASSERT_TRUE(format::AppendCellJson(out, r.map().columns[0], c[0], {}).ok());
  ASSERT_TRUE(format::AppendCellJson(out, r.map().columns[1], c[1], {}).ok());
  EXPECT_EQ(out, "\"AQE=\"false");
  EXPECT_EQ(r.Convert({"\x01\x01\x01", "\x01", "\x01"}).code(), StatusCode::kDataLoss);
}

TEST(TextRowConverterTest, MySqlJsonIsTextTheFormatterQuotes) {
  Rows r("CREATE TABLE t (j JSON)");
  const Cell& c = r.One("{\"a\": [1, 2.5]}");
  EXPECT_EQ(c.kind, CellKind::kJsonText);
  EXPECT_EQ(r.Json("{\"a\": [1, 2.5]}"), "\"{\\\"a\\\": [1, 2.5]}\"");
}

TEST(TextRowConverterTest, MariaDbJsonIsAString) {
  Rows r("CREATE TABLE t (j JSON)", {.mariadb = true});
  EXPECT_EQ(r.One("[]").kind, CellKind::kString);
  EXPECT_EQ(r.Json("{\"b\": null}"), "\"{\\\"b\\\": null}\"");
}

TEST(TextRowConverterTest, GeometryIsSridAndWkbLikeTheBinlog) {
  Rows r("CREATE TABLE t (p POINT)");
  // SRID 4326, POINT(1 2) little-endian.
  const std::string v = std::string("\xe6\x10\0\0\x01\x01\0\0\0", 9) +
                        std::string("\0\0\0\0\0\0\xf0\x3f", 8) +
                        std::string("\0\0\0\0\0\0\0\x40", 8);
  EXPECT_EQ(r.One(v).kind, CellKind::kGeometry);
  EXPECT_EQ(r.Json(v),
            "{\"x\":1.0,\"y\":2.0,\"wkb\":\"AQEAAAAAAAAAAADwPwAAAAAAAABA\",\"srid\":4326}");
}

TEST(TextRowConverterTest, UuidAndInetTextBecomeTheLoggedBytes) {
  Rows r("CREATE TABLE t (u UUID, a INET4, b INET6)");
  ASSERT_TRUE(
      r.Convert({"6ccd780c-baba-1026-9564-5b8c656024db", "10.0.0.1", "::ffff:1.2.3.4"}).ok());
  const auto& c = r.cells();
  EXPECT_EQ(c[0].kind, CellKind::kBytes);
  EXPECT_EQ(Bytes(c[0]),
            std::string("\x6c\xcd\x78\x0c\xba\xba\x10\x26\x95\x64\x5b\x8c\x65\x60\x24\xdb", 16));
  EXPECT_EQ(c[0].pad_to, 16u);
  EXPECT_EQ(Bytes(c[1]), std::string("\x0a\0\0\x01", 4));
  EXPECT_EQ(c[1].pad_to, 4u);
  std::string out;
  for (size_t i = 0; i < 3; ++i) {
    if (i > 0) out += ",";
    ASSERT_TRUE(format::AppendCellJson(out, r.map().columns[i], c[i], {}).ok());
  }
  EXPECT_EQ(out, "\"6ccd780c-baba-1026-9564-5b8c656024db\",\"10.0.0.1\",\"::ffff:1.2.3.4\"");
}

TEST(TextRowConverterTest, TrailingZeroBytesOfUuidAndInetAreStrippedLikeTheBinlog) {
  Rows r("CREATE TABLE t (u UUID, a INET4, b INET6)");
  ASSERT_TRUE(r.Convert({"00000000-0000-0000-0000-000000000000", "10.0.0.0", "1::"}).ok());
  const auto& c = r.cells();
  EXPECT_TRUE(c[0].bytes.empty());
  EXPECT_EQ(Bytes(c[1]), "\x0a");
  EXPECT_EQ(Bytes(c[2]), std::string("\0\x01", 2));
  std::string out;
  for (size_t i = 0; i < 3; ++i) {
    if (i > 0) out += ",";
    ASSERT_TRUE(format::AppendCellJson(out, r.map().columns[i], c[i], {}).ok());
  }
  EXPECT_EQ(out, "\"00000000-0000-0000-0000-000000000000\",\"10.0.0.0\",\"1::\"");
}

TEST(TextRowConverterTest, MalformedUuidOrInetIsDataLoss) {
  Rows r("CREATE TABLE t (u UUID, a INET4)");
  EXPECT_EQ(r.Convert({"6ccd780c-baba-1026-9564-5b8c656024d", "1.2.3.4"}).code(),
            StatusCode::kDataLoss);
  EXPECT_EQ(r.Convert({"6ccd780cxbaba-1026-9564-5b8c656024db", "1.2.3.4"}).code(),
            StatusCode::kDataLoss);
  EXPECT_EQ(r.Convert({"6ccd780c-baba-1026-9564-5b8c656024db", "1.2.3"}).code(),
            StatusCode::kDataLoss);
}

TEST(TextRowConverterTest, ReusesItsStorageAcrossRows) {
  Rows r("CREATE TABLE t (a DECIMAL(10,2), b DECIMAL(10,2))");
  ASSERT_TRUE(r.Convert({"1.00", "2.00"}).ok());
  const std::byte* first = r.cells()[0].bytes.data();
  ASSERT_TRUE(r.Convert({"3.00", "4.00"}).ok());
  EXPECT_EQ(r.cells()[0].bytes.data(), first);
  std::string a, b;
  ASSERT_TRUE(binlog::AppendDecimalText(a, r.cells()[0].bytes, 10, 2).ok());
  ASSERT_TRUE(binlog::AppendDecimalText(b, r.cells()[1].bytes, 10, 2).ok());
  EXPECT_EQ(a, "3.00");
  EXPECT_EQ(b, "4.00");
}

TEST(TextRowConverterTest, TypesItCannotReadAreUnimplemented) {
  TableMap m;
  m.db = "d";
  m.table = "t";
  m.columns.resize(1);
  m.columns[0].type = m.columns[0].real_type = ColumnType::kVector;
  m.columns[0].name = "v";
  TextRowConverter converter(m);
  const char* values[] = {"x"};
  const unsigned long lengths[] = {1};
  std::vector<Cell> cells;
  Status s = converter.Convert(values, lengths, cells);
  EXPECT_EQ(s.code(), StatusCode::kUnimplemented);
  EXPECT_NE(s.message().find("d.t column `v`"), std::string::npos);
}

}  // namespace
}  // namespace rowcast::snapshot
