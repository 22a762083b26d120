#include "format/values.h"

#include <gtest/gtest.h>

#include "common/json_writer.h"

namespace rowcast::format {
namespace {

using binlog::Cell;
using binlog::CellKind;
using binlog::ColumnInfo;
using binlog::ColumnType;

std::string Json(const ColumnInfo& c, const Cell& cell, ValueOptions o = {}) {
  std::string out;
  Status s = AppendCellJson(out, c, cell, o);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return out;
}

std::string Base64(std::string_view bytes) {
  std::string out;
  AppendBase64(out, AsBytes(bytes));
  return out;
}

TEST(DecimalBytesTest, MatchesJavaBigIntegerToByteArray) {
  EXPECT_EQ(Base64(DecimalUnscaledBytes("12.34")), "BNI=");
  EXPECT_EQ(Base64(DecimalUnscaledBytes("-1.00")), "nA==");
  EXPECT_EQ(Base64(DecimalUnscaledBytes("0.00")), "AA==");
  EXPECT_EQ(Base64(DecimalUnscaledBytes("-1234.5678")), "/0Oesg==");
  EXPECT_EQ(Base64(DecimalUnscaledBytes("18446744073709551615")), "AP//////////");
  EXPECT_EQ(Base64(DecimalUnscaledBytes("128")), "AIA=");
  EXPECT_EQ(Base64(DecimalUnscaledBytes("-128")), "gA==");
}

TEST(DaysFromCivilTest, CountsFromTheEpoch) {
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DaysFromCivil(2024, 1, 2), 19724);
  EXPECT_EQ(DaysFromCivil(1969, 12, 31), -1);
}

TEST(ValuesTest, Latin1IsCp1252) {
  std::string out;
  AppendUtf8(out, "\xe9\x80", 8);
  EXPECT_EQ(out, "\xc3\xa9\xe2\x82\xac");  // é €
}

TEST(ValuesTest, BinaryKeepsItsTrailingZeros) {
  ColumnInfo c;
  c.type = c.real_type = ColumnType::kString;
  c.collation = 63;
  const std::string data = "\x01\x02";
  Cell cell;
  cell.kind = CellKind::kBytes;
  cell.bytes = AsBytes(data);
  cell.pad_to = 4;
  EXPECT_EQ(Json(c, cell), "\"AQIAAA==\"");
  ValueOptions hex;
  hex.binary = BinaryMode::kHex;
  EXPECT_EQ(Json(c, cell, hex), "\"01020000\"");
}

TEST(ValuesTest, MariaDbUuidAndInetColumnsAreText) {
  ColumnInfo c;
  c.type = c.real_type = ColumnType::kString;
  c.collation = 63;
  Cell cell;
  cell.kind = CellKind::kBytes;
  // Bytes as MariaDB 10.11 logs them (network order, unswapped); trailing zeros trimmed.
  const std::string uuid("\x6c\xcd\x78\x0c\xba\xba\x10\x26\x95\x64\x5b\x8c\x65\x60\x24\xdb", 16);
  cell.bytes = AsBytes(uuid);
  cell.pad_to = 16;
  c.form = binlog::ValueForm::kUuid;
  EXPECT_EQ(Json(c, cell), "\"6ccd780c-baba-1026-9564-5b8c656024db\"");
  const std::string v6("\x20\x01\x0d\xb8\0\0\0\0\0\0\xff\0\0\x42\x83\x29", 16);
  cell.bytes = AsBytes(v6);
  c.form = binlog::ValueForm::kInet6;
  EXPECT_EQ(Json(c, cell), "\"2001:db8::ff00:42:8329\"");
  const std::string loopback("\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x01", 16);
  cell.bytes = AsBytes(std::string_view(loopback).substr(0, 16));
  EXPECT_EQ(Json(c, cell), "\"::1\"");
  // What MariaDB 10.11 prints, which differs from inet_ntop for single zero groups.
  const std::pair<std::string, std::string> cases[] = {
      {"00010000000200030004000500060007", "1::2:3:4:5:6:7"},
      {"00000000000000000000000001020304", "::1.2.3.4"},
      {"00000000000000000000ffff01020304", "::ffff:1.2.3.4"},
      {"00010000000000020000000000030004", "1::2:0:0:3:4"},
      {"00000000000100000000000000000000", "0:0:1::"},
      {"00000000000000000000000000000002", "::2"},
      {"00010002000300040005000600070000", "1:2:3:4:5:6:7::"},
      {"0000000000000000ffff000001020304", "::ffff:0:102:304"},
      {"00000000000000000000000000010000", "::0.1.0.0"},
      {"00000000000000000000000000000000", "::"}};
  for (const auto& [hex, text] : cases) {
    std::string raw;
    for (size_t i = 0; i < hex.size(); i += 2) {
      raw.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
    }
    cell.bytes = AsBytes(raw);
    EXPECT_EQ(Json(c, cell), "\"" + text + "\"") << hex;
  }
  const std::string v4("\x0a\x01\x02", 3);  // 10.1.2.0 with its trailing zero trimmed
  cell.bytes = AsBytes(v4);
  cell.pad_to = 4;
  c.form = binlog::ValueForm::kInet4;
  EXPECT_EQ(Json(c, cell), "\"10.1.2.0\"");
}

TEST(ValuesTest, BigintUnsignedWrapsInLongModeAndIsExactInPreciseMode) {
  ColumnInfo c;
  c.type = c.real_type = ColumnType::kLongLong;
  c.is_unsigned = true;
  Cell cell;
  cell.kind = CellKind::kUint;
  cell.u = UINT64_MAX;
  EXPECT_EQ(Json(c, cell), "-1");
  ValueOptions precise;
  precise.bigint_unsigned = BigintUnsignedMode::kPrecise;
  EXPECT_EQ(Json(c, cell, precise), "\"AP//////////\"");
  ColumnInfo i;
  i.type = i.real_type = ColumnType::kLong;
  cell.u = 4294967295u;
  EXPECT_EQ(Json(i, cell), "4294967295");
}

TEST(ValuesTest, TimeIsMicrosecondsOrMillisecondsByMode) {
  ColumnInfo c;
  c.type = c.real_type = ColumnType::kTime2;
  Cell cell;
  cell.kind = CellKind::kTime;
  cell.fsp = 3;
  cell.temporal.negative = true;
  cell.temporal.hour = 1;
  cell.temporal.minute = 2;
  cell.temporal.second = 3;
  cell.temporal.micros = 450000;
  EXPECT_EQ(Json(c, cell), "-3723450000");
  ValueOptions connect;
  connect.time_precision = TimePrecisionMode::kConnect;
  EXPECT_EQ(Json(c, cell, connect), "-3723450");
}

TEST(ValuesTest, DatetimePrecisionDecidesMillisOrMicros) {
  ColumnInfo c;
  c.type = c.real_type = ColumnType::kDateTime2;
  Cell cell;
  cell.kind = CellKind::kDateTime;
  cell.temporal = {2024, 1, 2, 3, 4, 5, 120000, false};
  cell.fsp = 3;
  EXPECT_EQ(Json(c, cell), "1704164645120");
  cell.fsp = 6;
  EXPECT_EQ(Json(c, cell), "1704164645120000");
}

TEST(ValuesTest, TimestampIsIsoUtcPaddedToItsPrecision) {
  ColumnInfo c;
  c.type = c.real_type = ColumnType::kTimestamp2;
  c.nullable = true;
  Cell cell;
  cell.kind = CellKind::kTimestamp;
  cell.u = 1704164645;
  cell.fsp = 3;
  cell.temporal.micros = 120000;
  EXPECT_EQ(Json(c, cell), "\"2024-01-02T03:04:05.120Z\"");
  cell.fsp = 0;
  cell.temporal.micros = 0;
  EXPECT_EQ(Json(c, cell), "\"2024-01-02T03:04:05Z\"");
  cell.u = 0;
  EXPECT_EQ(Json(c, cell), "null");
}

TEST(ValuesTest, ZeroDateIsNullWhenNullable) {
  ColumnInfo c;
  c.type = c.real_type = ColumnType::kDate;
  c.nullable = true;
  Cell cell;
  cell.kind = CellKind::kDate;
  EXPECT_EQ(Json(c, cell), "null");
  c.nullable = false;
  EXPECT_EQ(Json(c, cell), "0");
}

TEST(ValuesTest, EnumSetAndBit) {
  ColumnInfo e;
  e.type = ColumnType::kString;
  e.real_type = ColumnType::kEnum;
  e.enum_values = {"small", "large"};
  Cell cell;
  cell.kind = CellKind::kEnum;
  cell.u = 2;
  EXPECT_EQ(Json(e, cell), "\"large\"");
  ColumnInfo s;
  s.type = ColumnType::kString;
  s.real_type = ColumnType::kSet;
  s.set_values = {"a", "b", "c"};
  cell.kind = CellKind::kSet;
  cell.u = 0b101;
  EXPECT_EQ(Json(s, cell), "\"a,c\"");
  cell.u = 0;
  EXPECT_EQ(Json(s, cell), "\"\"");
  ColumnInfo b;
  b.type = b.real_type = ColumnType::kBit;
  cell.kind = CellKind::kBit;
  cell.bits = 1;
  cell.u = 1;
  EXPECT_EQ(Json(b, cell), "true");
  cell.bits = 10;
  cell.u = 0x201;
  EXPECT_EQ(Json(b, cell), "\"AQI=\"");  // little-endian 01 02
}

TEST(ValuesTest, FloatsUseShortestText) {
  ColumnInfo f;
  f.type = f.real_type = ColumnType::kFloat;
  Cell cell;
  cell.kind = CellKind::kFloat;
  cell.f = 1.1f;
  EXPECT_EQ(Json(f, cell), "1.1");
  cell.kind = CellKind::kDouble;
  cell.d = 2.0;
  EXPECT_EQ(Json(f, cell), "2.0");
}

}  // namespace
}  // namespace rowcast::format

namespace rowcast::format {
namespace {

TEST(CharsetTest, ConvertsEachColumnCharsetToUtf8) {
  std::string out;
  AppendUtf8(out,
             std::string_view("\x00"
                              "a\x00 ",
                              4),
             54);  // utf16: "a "
  EXPECT_EQ(out, "a ");
  out.clear();
  AppendUtf8(out, "\xb1\xe6", 9);  // latin2_general_ci: ą ć
  EXPECT_EQ(out, "\xc4\x85\xc4\x87");
  out.clear();
  AppendUtf8(out, "\xef\xf0", 51);  // cp1251_general_ci: п р
  EXPECT_EQ(out, "\xd0\xbf\xd1\x80");
  EXPECT_EQ(CharsetName(255), "utf8mb4");  // MySQL 8 utf8mb4_0900_ai_ci
  EXPECT_TRUE(IsUtf8Collation(45));
  EXPECT_FALSE(IsUtf8Collation(8));
}

TEST(CharsetTest, InvalidBytesBecomeReplacementCharacters) {
  std::string out;
  AppendUtf8(out, std::string_view("\xd8\x00", 2), 54);  // a lone UTF-16 surrogate
  EXPECT_NE(out.find("\xef\xbf\xbd"), std::string::npos);
}

TEST(ValuesTest, PointsCarryCoordinatesAndSridZeroIsNull) {
  ColumnInfo c;
  c.type = c.real_type = ColumnType::kGeometry;
  c.geometry_type = 1;
  // SRID 0, WKB little-endian POINT(1.5 -2)
  const std::string bytes = std::string("\x00\x00\x00\x00\x01\x01\x00\x00\x00", 9) +
                            std::string("\x00\x00\x00\x00\x00\x00\xf8\x3f", 8) +
                            std::string("\x00\x00\x00\x00\x00\x00\x00\xc0", 8);
  Cell cell;
  cell.kind = CellKind::kGeometry;
  cell.bytes = AsBytes(bytes);
  const std::string json = Json(c, cell);
  EXPECT_EQ(json.substr(0, 20), "{\"x\":1.5,\"y\":-2.0,\"w");
  EXPECT_NE(json.find("\"srid\":null}"), std::string::npos) << json;
}

TEST(ValuesTest, Latin1EnumLabelsAreDecoded) {
  ColumnInfo e;
  e.type = ColumnType::kString;
  e.real_type = ColumnType::kEnum;
  e.collation = 8;
  e.enum_values = {"caf\xe9"};
  Cell cell;
  cell.kind = CellKind::kEnum;
  cell.u = 1;
  EXPECT_EQ(Json(e, cell), "\"caf\xc3\xa9\"");
}

}  // namespace
}  // namespace rowcast::format

namespace rowcast::format {
namespace {

TEST(ValuesTest, ADatetimeOutOfRangeIsDataLoss) {
  // Found by fuzzing: year 1844674407 overflowed the epoch arithmetic.
  ColumnInfo c;
  c.type = c.real_type = ColumnType::kDateTime;
  Cell cell;
  cell.kind = CellKind::kDateTime;
  cell.temporal.year = 1844674407;
  cell.temporal.month = 1;
  cell.temporal.day = 1;
  std::string out;
  EXPECT_EQ(AppendCellJson(out, c, cell, {}).code(), StatusCode::kDataLoss);
}

}  // namespace
}  // namespace rowcast::format
