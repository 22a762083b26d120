#include "binlog/cell.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "binlog_events.h"

namespace rowcast::binlog {
namespace {

using testing::FromHex;

Cell DecodeOne(ColumnType type, uint16_t meta, const std::string& bytes, bool is_unsigned = false) {
  ColumnInfo c;
  c.type = type;
  c.real_type = type;
  c.meta = meta;
  c.is_unsigned = is_unsigned;
  c.name = "c";
  ByteReader r(AsBytes(bytes));
  Cell cell;
  Status s = DecodeCell(r, c, cell);
  EXPECT_TRUE(s.ok()) << s.ToString();
  EXPECT_TRUE(r.empty()) << "bytes left: " << r.remaining();
  return cell;
}

std::string DecimalText(const std::string& hex, int precision, int scale) {
  std::string out;
  const std::string bytes = FromHex(hex);
  Status s = AppendDecimalText(out, AsBytes(bytes), precision, scale);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return out;
}

TEST(CellTest, IntegersAtTheirLimits) {
  EXPECT_EQ(DecodeOne(ColumnType::kTiny, 0, FromHex("80")).i, -128);
  EXPECT_EQ(DecodeOne(ColumnType::kTiny, 0, FromHex("ff"), true).u, 255u);
  EXPECT_EQ(DecodeOne(ColumnType::kShort, 0, FromHex("0080")).i, -32768);
  EXPECT_EQ(DecodeOne(ColumnType::kInt24, 0, FromHex("000080")).i, -8388608);
  EXPECT_EQ(DecodeOne(ColumnType::kInt24, 0, FromHex("ffffff"), true).u, 16777215u);
  EXPECT_EQ(DecodeOne(ColumnType::kLong, 0, FromHex("00000080")).i, INT32_MIN);
  EXPECT_EQ(DecodeOne(ColumnType::kLongLong, 0, FromHex("0000000000000080")).i, INT64_MIN);
  EXPECT_EQ(DecodeOne(ColumnType::kLongLong, 0, FromHex("ffffffffffffffff"), true).u, UINT64_MAX);
}

TEST(CellTest, DecimalsKeepSignAndEveryDigit) {
  // DECIMAL(10,4) -1234.5678 and 0.0001 as MariaDB logs them.
  EXPECT_EQ(DecimalText("7ffb2de9d1", 10, 4), "-1234.5678");
  EXPECT_EQ(DecimalText("8000000001", 10, 4), "0.0001");
  // DECIMAL(4,2) 12.34 = 0x8c 0x22; -12.34 inverts every byte.
  EXPECT_EQ(DecimalText("8c22", 4, 2), "12.34");
  EXPECT_EQ(DecimalText("73dd", 4, 2), "-12.34");
  // DECIMAL(5,0) 0.
  EXPECT_EQ(DecimalText("800000", 5, 0), "0");
}

TEST(CellTest, DecimalOfTheWrongSizeIsAnError) {
  std::string out;
  const std::string bytes = FromHex("800000");
  EXPECT_FALSE(AppendDecimalText(out, AsBytes(bytes), 10, 4).ok());
}

TEST(CellTest, DecimalSizesFollowTheGroupWidths) {
  EXPECT_EQ(DecimalBinarySize(10, 4), 5u);
  EXPECT_EQ(DecimalBinarySize(65, 30), 30u);
  EXPECT_EQ(DecimalBinarySize(9, 0), 4u);
  EXPECT_EQ(DecimalBinarySize(1, 1), 1u);
}

TEST(CellTest, NegativeTimeWithFractionBorrows) {
  // TIME(3) -01:02:03.450 (MariaDB 10.11 golden vector).
  Cell c = DecodeOne(ColumnType::kTime2, 3, FromHex("7fef7cee6c"));
  EXPECT_TRUE(c.temporal.negative);
  EXPECT_EQ(c.temporal.hour, 1u);
  EXPECT_EQ(c.temporal.minute, 2);
  EXPECT_EQ(c.temporal.second, 3);
  EXPECT_EQ(c.temporal.micros, 450000u);
}

TEST(CellTest, TimeWithSixDigitsUsesSixBytes) {
  // TIME(6) 00:00:01.000001: packed = (1 << 24) + 1.
  Cell c = DecodeOne(ColumnType::kTime2, 6, FromHex("800001000001"));
  EXPECT_FALSE(c.temporal.negative);
  EXPECT_EQ(c.temporal.second, 1);
  EXPECT_EQ(c.temporal.micros, 1u);
}

TEST(CellTest, DatetimeWithMicroseconds) {
  // DATETIME(6) 2024-01-02 03:04:05.000006
  const int64_t ym = 2024 * 13 + 1;
  const uint64_t ip = (static_cast<uint64_t>((ym << 5) | 2) << 17) | (3 << 12) | (4 << 6) | 5;
  const uint64_t v = ip + 0x8000000000ULL;
  std::string bytes;
  for (int i = 4; i >= 0; --i) bytes.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
  bytes += FromHex("000006");
  Cell c = DecodeOne(ColumnType::kDateTime2, 6, bytes);
  EXPECT_EQ(c.temporal.year, 2024);
  EXPECT_EQ(c.temporal.month, 1);
  EXPECT_EQ(c.temporal.day, 2);
  EXPECT_EQ(c.temporal.hour, 3u);
  EXPECT_EQ(c.temporal.minute, 4);
  EXPECT_EQ(c.temporal.second, 5);
  EXPECT_EQ(c.temporal.micros, 6u);
}

TEST(CellTest, TimestampWithMilliseconds) {
  Cell c = DecodeOne(ColumnType::kTimestamp2, 3, FromHex("6593 7e05 01e0"));
  EXPECT_EQ(c.u, 0x65937e05u);
  EXPECT_EQ(c.temporal.micros, 480u * 100);
}

TEST(CellTest, DateAndYear) {
  // 2024-01-02: (2024 << 9) | (1 << 5) | 2
  const uint32_t v = (2024u << 9) | (1u << 5) | 2u;
  std::string bytes = {static_cast<char>(v & 0xFF), static_cast<char>((v >> 8) & 0xFF),
                       static_cast<char>((v >> 16) & 0xFF)};
  Cell c = DecodeOne(ColumnType::kDate, 0, bytes);
  EXPECT_EQ(c.temporal.year, 2024);
  EXPECT_EQ(c.temporal.month, 1);
  EXPECT_EQ(c.temporal.day, 2);
  EXPECT_EQ(DecodeOne(ColumnType::kYear, 0, FromHex("00")).i, 0);
}

TEST(CellTest, BitIsBigEndian) {
  // BIT(10): meta bits=2, bytes=1 -> 2 bytes.
  Cell c = DecodeOne(ColumnType::kBit, static_cast<uint16_t>((1 << 8) | 2), FromHex("0201"));
  EXPECT_EQ(c.u, 0x201u);
  EXPECT_EQ(c.bits, 10);
}

TEST(CellTest, VarcharUsesTwoLengthBytesAbove255) {
  const std::string wide = FromHex("0300") + "abc";  // cells are views: keep the bytes alive
  Cell c = DecodeOne(ColumnType::kVarchar, 300, wide);
  EXPECT_EQ(AsStringView(c.bytes), "abc");
  const std::string narrow = FromHex("03") + "abc";
  Cell d = DecodeOne(ColumnType::kVarchar, 20, narrow);
  EXPECT_EQ(AsStringView(d.bytes), "abc");
}

TEST(CellTest, FloatAndDouble) {
  EXPECT_FLOAT_EQ(DecodeOne(ColumnType::kFloat, 4, FromHex("0000c03f")).f, 1.5f);
  EXPECT_DOUBLE_EQ(DecodeOne(ColumnType::kDouble, 8, FromHex("000000000000f8bf")).d, -1.5);
}

TEST(CellTest, TruncatedCellIsDataLoss) {
  ColumnInfo c;
  c.type = c.real_type = ColumnType::kLong;
  const std::string bytes = FromHex("0102");
  ByteReader r(AsBytes(bytes));
  Cell cell;
  Status s = DecodeCell(r, c, cell);
  EXPECT_EQ(s.code(), StatusCode::kDataLoss);
}

}  // namespace
}  // namespace rowcast::binlog

namespace rowcast::binlog {
namespace {

TEST(CellTest, DecimalWhoseLeadingGroupOverflowsIsDataLoss) {
  // Found by fuzzing: DECIMAL(5,0) bytes 000000 read as -8388607, which does not fit.
  std::string out;
  const std::string bytes("\0\0\0", 3);
  Status s = AppendDecimalText(out, AsBytes(bytes), 5, 0);
  EXPECT_EQ(s.code(), StatusCode::kDataLoss) << out;
}

std::string EncodeDecimal(std::string_view text, int precision, int scale) {
  std::string out;
  Status s = EncodeDecimalBinary(text, precision, scale, out);
  EXPECT_TRUE(s.ok()) << text << ": " << s.ToString();
  return out;
}

std::string ToHex(const std::string& bytes) {
  std::string out;
  for (unsigned char c : bytes) out += fmt::format("{:02x}", c);
  return out;
}

TEST(DecimalEncodeTest, MatchesWhatMariaDbLogs) {
  // Values and row-image bytes from MariaDB 10.11 binlogs.
  EXPECT_EQ(ToHex(EncodeDecimal("-1234.5678", 10, 4)), "7ffb2de9d1");
  EXPECT_EQ(ToHex(EncodeDecimal("0.0001", 10, 4)), "8000000001");
  EXPECT_EQ(ToHex(EncodeDecimal("-12345678.91", 10, 2)), "7f439eb1a4");
  EXPECT_EQ(ToHex(EncodeDecimal("-0.12345", 5, 5)), "7fcfc6");
  EXPECT_EQ(ToHex(EncodeDecimal("-1234567890", 10, 0)), "7ef204c72d");
  EXPECT_EQ(ToHex(EncodeDecimal("9999999999", 10, 0)), "893b9ac9ff");
  EXPECT_EQ(ToHex(EncodeDecimal("-999999999999999999", 18, 0)), "44653600c4653600");
  EXPECT_EQ(ToHex(EncodeDecimal(
                "-99999999999999999999999999999999999.999999999999999999999999999999", 65, 30)),
            "7a0a1f00c4653600c4653600c4653600c4653600c4653600c4653600fc18");
}

TEST(DecimalEncodeTest, ReadsZerofillAndShortFractions) {
  EXPECT_EQ(ToHex(EncodeDecimal("000123.45", 8, 2)), "80007b2d");  // DECIMAL(8,2) ZEROFILL
  EXPECT_EQ(EncodeDecimal("123.4", 8, 2), EncodeDecimal("123.40", 8, 2));
  EXPECT_EQ(EncodeDecimal("123", 8, 2), EncodeDecimal("123.00", 8, 2));
  EXPECT_EQ(EncodeDecimal("1.2300", 8, 2), EncodeDecimal("1.23", 8, 2));
  EXPECT_EQ(EncodeDecimal("+5", 3, 0), EncodeDecimal("5", 3, 0));
}

TEST(DecimalEncodeTest, ZeroIsAlwaysPositive) {
  EXPECT_EQ(ToHex(EncodeDecimal("0.00", 10, 2)), "8000000000");
  EXPECT_EQ(ToHex(EncodeDecimal("-0.00", 10, 2)), "8000000000");
  EXPECT_EQ(ToHex(EncodeDecimal("0", 1, 0)), "80");
}

TEST(DecimalEncodeTest, RoundTripsThroughAppendDecimalText) {
  struct Case {
    std::string text;
    int precision, scale;
  };
  const std::string nines65(65, '9');
  const Case cases[] = {
      {"0", 1, 0},
      {"9", 1, 0},
      {"-9", 1, 0},
      {"0.9", 1, 1},
      {"-0.1", 1, 1},
      {"0.000000000000000000000000000001", 30, 30},
      {"-0.999999999999999999999999999999", 30, 30},
      {nines65, 65, 0},
      {"-" + nines65, 65, 0},
      {"12345678901234567890123456789012345.123456789012345678901234567890", 65, 30},
      {"-1.000000000000000000000000000001", 65, 30},
      {"100000000", 9, 0},
      {"-123456789", 9, 0},
      {"1234567890", 10, 0},
      {"-99999999.9", 10, 1},
      {"123456789.123456789", 18, 9},
      {"-987654321.0123456789", 19, 10},
      {"18446744073709551615", 20, 0},
      {"0.123456789", 9, 9},
      {"-0.0000000001", 19, 10},
  };
  for (const Case& c : cases) {
    const std::string bytes = EncodeDecimal(c.text, c.precision, c.scale);
    EXPECT_EQ(bytes.size(), DecimalBinarySize(c.precision, c.scale)) << c.text;
    std::string back;
    Status s = AppendDecimalText(back, AsBytes(bytes), c.precision, c.scale);
    ASSERT_TRUE(s.ok()) << c.text << ": " << s.ToString();
    EXPECT_EQ(back, c.text) << "DECIMAL(" << c.precision << "," << c.scale << ")";
  }
}

TEST(DecimalEncodeTest, RejectsWhatIsNotAPlainDecimalOfTheColumn) {
  for (std::string_view text : {"", "-", ".", "1e5", "abc", "1.2.3", "1,5", " 1", "--1", "0x10"}) {
    std::string out;
    Status s = EncodeDecimalBinary(text, 10, 2, out);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << text;
  }
  std::string out;
  EXPECT_FALSE(EncodeDecimalBinary("123456789", 10, 2, out).ok());  // 9 integer digits > 8
  EXPECT_FALSE(EncodeDecimalBinary("1.234", 10, 2, out).ok());      // would need rounding
  EXPECT_FALSE(EncodeDecimalBinary("1", 66, 0, out).ok());
  EXPECT_FALSE(EncodeDecimalBinary("1", 10, 11, out).ok());
  EXPECT_TRUE(EncodeDecimalBinary("12345678", 10, 2, out).ok());
}

}  // namespace
}  // namespace rowcast::binlog
