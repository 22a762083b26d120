#include "binlog/decoder.h"

#include <gtest/gtest.h>

#include "binlog/gtid.h"
#include "binlog/rows.h"
#include "binlog_events.h"

namespace rowcast::binlog {
namespace {

using testing::FromHex;
using testing::GoldenTableMapBody;
using testing::GoldenWriteRowsBody;
using testing::MakeEvent;
using testing::MakeFde;

class DecoderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fde_ = MakeFde();
    auto ev = decoder_.Decode(AsBytes(fde_));
    ASSERT_TRUE(ev.has_value()) << ev.error().ToString();
  }
  StatusOr<Event> Decode(const std::string& raw) { return decoder_.Decode(AsBytes(raw)); }

  EventDecoder decoder_{ChecksumAlg::kCrc32};
  std::string fde_;
};

TEST_F(DecoderTest, ReadsTheFormatDescription) {
  EXPECT_TRUE(decoder_.format().is_mariadb());
  EXPECT_EQ(decoder_.format().server_version, "10.11.19-MariaDB-log");
  EXPECT_EQ(decoder_.checksum_alg(), ChecksumAlg::kCrc32);
  EXPECT_EQ(decoder_.format().table_id_length(), 6u);
}

TEST_F(DecoderTest, DecodesTheGoldenTableMapWithFullMetadata) {
  const std::string raw = MakeEvent(19, GoldenTableMapBody());
  auto ev = Decode(raw);
  ASSERT_TRUE(ev.has_value()) << ev.error().ToString();
  const TableMap& t = *std::get<TableMapRef>(ev->body).table;
  EXPECT_EQ(t.table_id, 18u);
  EXPECT_EQ(t.db, "t");
  EXPECT_EQ(t.table, "a");
  ASSERT_EQ(t.columns.size(), 9u);
  const char* names[] = {"id", "u", "b", "c", "t2", "d", "j", "y", "ui"};
  for (size_t i = 0; i < 9; ++i) EXPECT_EQ(t.columns[i].name, names[i]);
  EXPECT_FALSE(t.columns[0].nullable);
  EXPECT_TRUE(t.columns[1].nullable);
  EXPECT_EQ(t.columns[1].max_length, 16u);
  EXPECT_EQ(t.columns[1].collation, 63u);
  EXPECT_EQ(t.columns[3].collation, 8u);
  EXPECT_EQ(t.columns[6].collation, 46u);
  EXPECT_FALSE(t.columns[0].is_unsigned);
  EXPECT_TRUE(t.columns[7].is_unsigned);  // MariaDB sets the YEAR bit
  EXPECT_TRUE(t.columns[8].is_unsigned);
  EXPECT_EQ(t.primary_key, std::vector<uint32_t>{0});
}

TEST_F(DecoderTest, DecodesEveryCellOfTheGoldenRows) {
  const std::string tm = MakeEvent(19, GoldenTableMapBody());
  ASSERT_TRUE(Decode(tm).has_value());
  const std::string raw = MakeEvent(23, GoldenWriteRowsBody());
  auto ev = Decode(raw);
  ASSERT_TRUE(ev.has_value()) << ev.error().ToString();
  const auto& rr = std::get<RowsRef>(ev->body);
  RowReader reader(rr.rows, *rr.table);
  std::vector<Cell> before, after;
  ASSERT_TRUE(reader.Next(before, after).ok());
  EXPECT_TRUE(before.empty());
  EXPECT_EQ(after[0].i, 1);
  EXPECT_EQ(after[1].kind, CellKind::kBytes);
  EXPECT_EQ(after[1].bytes.size(), 15u);
  EXPECT_EQ(after[1].pad_to, 16u);
  EXPECT_EQ(after[2].bytes.size(), 2u);
  EXPECT_EQ(after[3].kind, CellKind::kString);
  EXPECT_EQ(AsStringView(after[3].bytes), "ab");
  EXPECT_EQ(after[4].kind, CellKind::kTime);
  EXPECT_TRUE(after[4].temporal.negative);
  EXPECT_EQ(after[4].temporal.hour, 1u);
  EXPECT_EQ(after[4].temporal.minute, 2);
  EXPECT_EQ(after[4].temporal.second, 3);
  EXPECT_EQ(after[4].temporal.micros, 450000u);
  std::string dec;
  ASSERT_TRUE(AppendDecimalText(dec, after[5].bytes, 10, 4).ok());
  EXPECT_EQ(dec, "-1234.5678");
  EXPECT_EQ(AsStringView(after[6].bytes), "{\"a\":1}");
  EXPECT_EQ(after[7].i, 2024);
  EXPECT_EQ(after[8].kind, CellKind::kUint);
  EXPECT_EQ(after[8].u, 4294967295u);

  ASSERT_TRUE(reader.Next(before, after).ok());
  EXPECT_EQ(after[0].i, 2);
  EXPECT_EQ(after[2].bytes.size(), 0u);
  EXPECT_EQ(after[2].pad_to, 4u);
  EXPECT_EQ(AsStringView(after[3].bytes), "\xe9");
  EXPECT_FALSE(after[4].temporal.negative);
  EXPECT_EQ(after[4].temporal.hour, 838u);
  EXPECT_EQ(after[4].temporal.minute, 59);
  EXPECT_EQ(after[4].temporal.second, 59);
  dec.clear();
  ASSERT_TRUE(AppendDecimalText(dec, after[5].bytes, 10, 4).ok());
  EXPECT_EQ(dec, "0.0001");
  EXPECT_EQ(after[6].kind, CellKind::kNull);
  EXPECT_EQ(after[7].kind, CellKind::kNull);
  EXPECT_EQ(after[8].u, 0u);
  EXPECT_TRUE(reader.done());
}

TEST_F(DecoderTest, RejectsAnEventWhoseChecksumDoesNotMatch) {
  std::string raw = MakeEvent(16, FromHex("0102030405060708"));
  raw[20] ^= 0x01;  // flip a body bit, keep the old CRC
  auto ev = Decode(raw);
  ASSERT_FALSE(ev.has_value());
  EXPECT_EQ(ev.error().code(), StatusCode::kDataLoss);
  EXPECT_NE(ev.error().message().find("CRC32 mismatch"), std::string::npos);
}

TEST_F(DecoderTest, RejectsAnEventShorterThanItsHeaderClaims) {
  std::string raw = MakeEvent(16, FromHex("0102030405060708"));
  raw.resize(raw.size() - 3);
  auto ev = Decode(raw);
  ASSERT_FALSE(ev.has_value());
  EXPECT_EQ(ev.error().code(), StatusCode::kDataLoss);
}

TEST_F(DecoderTest, RejectsRowsWithoutTheirTableMap) {
  auto ev = Decode(MakeEvent(23, GoldenWriteRowsBody()));
  ASSERT_FALSE(ev.has_value());
  EXPECT_NE(ev.error().message().find("without its TABLE_MAP"), std::string::npos);
}

TEST_F(DecoderTest, ForgetsTableMapsAtANewFormatDescription) {
  ASSERT_TRUE(Decode(MakeEvent(19, GoldenTableMapBody())).has_value());
  ASSERT_TRUE(Decode(fde_).has_value());
  EXPECT_FALSE(Decode(MakeEvent(23, GoldenWriteRowsBody())).has_value());
}

TEST_F(DecoderTest, TruncatedRowsAreAnErrorAtEveryLength) {
  ASSERT_TRUE(Decode(MakeEvent(19, GoldenTableMapBody())).has_value());
  const std::string body = GoldenWriteRowsBody();
  // The row images start after 11 bytes and the first row ends at byte 63: a cut anywhere in
  // between must be an error, never a crash or a short row.
  for (size_t cut = 12; cut < 63; ++cut) {
    const std::string raw = MakeEvent(23, body.substr(0, cut));  // decoded views point into it
    auto ev = Decode(raw);
    ASSERT_TRUE(ev.has_value()) << "cut at " << cut << ": " << ev.error().ToString();
    const auto& rr = std::get<RowsRef>(ev->body);
    RowReader reader(rr.rows, *rr.table);
    std::vector<Cell> b, a;
    Status s = reader.Next(b, a);
    EXPECT_FALSE(s.ok()) << "cut at " << cut;
    EXPECT_EQ(s.code(), StatusCode::kDataLoss) << s.ToString();
  }
}

TEST_F(DecoderTest, CorruptTableMapsNeverCrash) {
  const std::string body = GoldenTableMapBody();
  for (size_t i = 0; i < body.size(); ++i) {
    for (int bit : {0, 3, 7}) {
      std::string b = body;
      b[i] = static_cast<char>(b[i] ^ (1 << bit));
      auto ev = Decode(MakeEvent(19, b));  // must return, with a value or an error
      (void)ev;
    }
    auto cut = Decode(MakeEvent(19, body.substr(0, i)));
    (void)cut;
  }
  SUCCEED();
}

TEST_F(DecoderTest, DecodesMariaDbGtidAndXid) {
  auto ev = Decode(MakeEvent(162, FromHex("0700000000000000 00000000 01 000000000000"), 2000, true,
                             1700000000, 7));
  ASSERT_TRUE(ev.has_value()) << ev.error().ToString();
  const auto& g = std::get<MariaGtidEvent>(ev->body);
  EXPECT_EQ(g.seq_no, 7u);
  EXPECT_EQ(g.domain_id, 0u);
  EXPECT_EQ(g.server_id, 7u);
  EXPECT_TRUE(g.standalone());
  auto xid = Decode(MakeEvent(16, FromHex("2a00000000000000")));
  ASSERT_TRUE(xid.has_value());
  EXPECT_EQ(std::get<XidEvent>(xid->body).xid, 42u);
}

TEST_F(DecoderTest, DecodesQueryTextAndDatabase) {
  std::string body =
      FromHex("05000000 00000000 04 0000 0000") + "shop" + std::string(1, '\0') + "BEGIN";
  const std::string raw = MakeEvent(2, body);
  auto ev = Decode(raw);
  ASSERT_TRUE(ev.has_value()) << ev.error().ToString();
  const auto& q = std::get<QueryEvent>(ev->body);
  EXPECT_EQ(q.thread_id, 5u);
  EXPECT_EQ(q.db, "shop");
  EXPECT_EQ(q.query, "BEGIN");
}

TEST_F(DecoderTest, StopsOnUnknownEventsUnlessIgnorable) {
  auto ev = Decode(MakeEvent(99, "xx"));
  ASSERT_FALSE(ev.has_value());
  EXPECT_EQ(ev.error().code(), StatusCode::kUnimplemented);
  auto ignorable = Decode(MakeEvent(99, "xx", 1000, true, 1700000000, 1, kFlagIgnorable));
  ASSERT_TRUE(ignorable.has_value());
  EXPECT_TRUE(std::holds_alternative<IgnoredEvent>(ignorable->body));
}

TEST(DecoderWithoutChecksumTest, DecodesEventsWhenTheFdeSaysOff) {
  EventDecoder d(ChecksumAlg::kOff);
  const std::string fde = testing::MakeFde(false);
  ASSERT_TRUE(d.Decode(AsBytes(fde)).has_value());
  EXPECT_EQ(d.checksum_alg(), ChecksumAlg::kOff);
  const std::string xid = MakeEvent(16, FromHex("0100000000000000"), 1000, false);
  auto ev = d.Decode(AsBytes(xid));
  ASSERT_TRUE(ev.has_value()) << ev.error().ToString();
  EXPECT_EQ(std::get<XidEvent>(ev->body).xid, 1u);
}

TEST(RotateTest, ReadsPositionAndFile) {
  const std::string body = FromHex("0400000000000000") + "binlog.000002";
  auto r = DecodeRotate(AsBytes(body));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->position, 4u);
  EXPECT_EQ(r->next_file, "binlog.000002");
}

TEST(GtidListTest, RejectsACountLargerThanTheBody) {
  const std::string body = FromHex("05000000 0000000001000000 0100000000000000");
  auto r = DecodeMariaGtidList(AsBytes(body));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code(), StatusCode::kDataLoss);
}

}  // namespace
}  // namespace rowcast::binlog

namespace rowcast::binlog {
namespace {

TEST(RowReaderTest, ARowImageWithNoColumnsIsDataLossNotAnEndlessLoop) {
  // Found by fuzzing: an all-zero present bitmap made every row read zero bytes.
  TableMap t;
  t.db = "d";
  t.table = "t";
  t.columns.resize(1);
  t.columns[0].type = t.columns[0].real_type = ColumnType::kLong;
  const std::string body("\x01\0\0\0\0\0\0\0\x01\x00\x00", 11);
  auto rows = DecodeRowsEvent(AsBytes(body), 23, 6);
  ASSERT_TRUE(rows.has_value()) << rows.error().ToString();
  RowReader reader(*rows, t);
  std::vector<Cell> before, after;
  Status s = reader.Next(before, after);
  EXPECT_EQ(s.code(), StatusCode::kDataLoss);
}

}  // namespace
}  // namespace rowcast::binlog
