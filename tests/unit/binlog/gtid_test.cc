#include "binlog/gtid.h"

#include <gtest/gtest.h>

namespace rowcast::binlog {
namespace {

TEST(MariaGtidPositionTest, ParsesAndFormatsInDomainOrder) {
  auto p = MariaGtidPosition::Parse("1-2-57, 0-1-100");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->ToString(), "0-1-100,1-2-57");
}

TEST(MariaGtidPositionTest, UpdateReplacesTheDomain) {
  MariaGtidPosition p;
  p.Update({0, 1, 5});
  p.Update({0, 2, 6});
  EXPECT_EQ(p.ToString(), "0-2-6");
}

TEST(MariaGtidPositionTest, RejectsMalformedText) {
  EXPECT_FALSE(MariaGtidPosition::Parse("0-1").has_value());
  EXPECT_FALSE(MariaGtidPosition::Parse("a-b-c").has_value());
  EXPECT_FALSE(MariaGtidPosition::Parse("0-1-2,0-1-3").has_value());
  EXPECT_TRUE(MariaGtidPosition::Parse("").has_value());
}

TEST(MysqlGtidSetTest, AddMergesAdjacentIntervals) {
  auto uuid = ParseUuid("3e11fa47-71ca-11e1-9e33-c80aa9429562");
  ASSERT_TRUE(uuid.has_value());
  MysqlGtidSet s;
  for (int64_t g : {1, 2, 3, 5, 4, 9}) s.Add(*uuid, g);
  EXPECT_EQ(s.ToString(), "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:9");
  EXPECT_TRUE(s.Contains(*uuid, 4));
  EXPECT_FALSE(s.Contains(*uuid, 6));
}

TEST(MysqlGtidSetTest, TextAndBinaryRoundTrip) {
  auto s = MysqlGtidSet::Parse(
      "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:7,\n4a1b0000-0000-0000-0000-000000000001:1-100");
  ASSERT_TRUE(s.has_value()) << s.error().ToString();
  const std::string encoded = s->Encode();
  auto back = MysqlGtidSet::Decode(AsBytes(encoded));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, *s);
  EXPECT_EQ(
      back->ToString(),
      "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5:7,4a1b0000-0000-0000-0000-000000000001:1-100");
}

TEST(MysqlGtidSetTest, RejectsAnIntervalThatEndsBeforeItStarts) {
  EXPECT_FALSE(MysqlGtidSet::Parse("3e11fa47-71ca-11e1-9e33-c80aa9429562:5-1").has_value());
}

}  // namespace
}  // namespace rowcast::binlog

namespace rowcast::binlog {
namespace {

TEST(MysqlGtidSetTest, RejectsTheEndMarkerAsATransactionNumber) {
  // Found by fuzzing: 2^63-1 was accepted and overflowed when encoded.
  EXPECT_FALSE(MysqlGtidSet::Parse("3e11fa47-71ca-11e1-9e33-c80aa9429562:1-9223372036854775807")
                   .has_value());
}

TEST(MysqlGtidSetTest, DropsASourceWithoutIntervalsWhenDecoding) {
  // Found by fuzzing: such a set printed as text that Parse rejected.
  const std::string encoded(
      "\x01\0\0\0\0\0\0\0"
      "\x3e\x11\xfa\x47\x71\xca\x11\xe1\x9e\x33\xc8\x0a\xa9\x42\x95\x62"
      "\0\0\0\0\0\0\0\0",
      32);
  auto s = MysqlGtidSet::Decode(AsBytes(encoded));
  ASSERT_TRUE(s.has_value()) << s.error().ToString();
  EXPECT_TRUE(s->empty());
  EXPECT_TRUE(MysqlGtidSet::Parse(s->ToString()).has_value());
}

}  // namespace
}  // namespace rowcast::binlog
