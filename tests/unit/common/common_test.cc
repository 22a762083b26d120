#include <gtest/gtest.h>

#include <zlib.h>

#include "common/byte_reader.h"
#include "common/crc32.h"
#include "common/json_writer.h"

namespace rowcast {
namespace {

std::string Quoted(std::string_view s) {
  std::string out;
  AppendJsonString(out, s);
  return out;
}

TEST(JsonStringTest, EscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(Quoted("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(Quoted("line\nnext\ttab"), "\"line\\nnext\\ttab\"");
  EXPECT_EQ(Quoted(std::string_view("\x01\x1f", 2)), "\"\\u0001\\u001f\"");
}

TEST(JsonStringTest, KeepsValidUtf8AndReplacesInvalidBytes) {
  EXPECT_EQ(Quoted("h\xc3\xa9llo \xf0\x9f\x98\x80"), "\"h\xc3\xa9llo \xf0\x9f\x98\x80\"");
  EXPECT_EQ(Quoted("a\xff"
                   "b"),
            "\"a\xef\xbf\xbd"
            "b\"");
  EXPECT_EQ(Quoted("\xc3"), "\"\xef\xbf\xbd\"");  // truncated sequence
  EXPECT_EQ(Quoted("\xed\xa0\x80"), "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");  // surrogate
}

TEST(JsonNumberTest, DoublesKeepAFractionLikeJava) {
  std::string out;
  AppendJsonDouble(out, 3.0);
  out.push_back(' ');
  AppendJsonDouble(out, 0.1);
  out.push_back(' ');
  AppendJsonFloat(out, 1.1f);
  EXPECT_EQ(out, "3.0 0.1 1.1");
}

TEST(Base64Test, StandardAndUrlSafeAlphabets) {
  const std::string bytes("\xfb\xff\x00\x01", 4);
  std::string std_out, url_out;
  AppendBase64(std_out, AsBytes(std::string_view(bytes.data(), 4)));
  AppendBase64(url_out, AsBytes(std::string_view(bytes.data(), 4)), Base64Alphabet::kUrlSafe);
  EXPECT_EQ(std_out, "+/8AAQ==");
  EXPECT_EQ(url_out, "-_8AAQ==");
}

TEST(JsonWriterTest, SeparatesMembersAndElements) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject();
  w.Key("a");
  w.Int(1);
  w.Key("b");
  w.BeginArray();
  w.Bool(true);
  w.Null();
  w.EndArray();
  w.EndObject();
  EXPECT_EQ(out, "{\"a\":1,\"b\":[true,null]}");
}

TEST(ByteReaderTest, ReadsLittleAndBigEndianAndLengthEncoded) {
  const std::string data = "\x01\x02\x03\x04\xfc\x10\x27\x7f";
  ByteReader r(AsBytes(std::string_view(data.data(), data.size())));
  EXPECT_EQ(*r.ReadU16Le(), 0x0201u);
  EXPECT_EQ(*r.ReadUintBe(2), 0x0304u);
  EXPECT_EQ(*r.ReadLenEncInt(), 10000u);
  EXPECT_EQ(*r.ReadU8(), 0x7fu);
  EXPECT_TRUE(r.empty());
}

TEST(ByteReaderTest, EveryShortReadIsDataLoss) {
  const std::string data = "\x01\x02\x03";
  ByteReader r(AsBytes(data));
  auto v = r.ReadU32Le();
  ASSERT_FALSE(v.has_value());
  EXPECT_EQ(v.error().code(), StatusCode::kDataLoss);
  EXPECT_EQ(r.position(), 0u);  // nothing consumed
  EXPECT_FALSE(r.ReadBytes(4).has_value());
  ByteReader bad(AsBytes(std::string_view("\xfb", 1)));
  EXPECT_FALSE(bad.ReadLenEncInt().has_value());
}

}  // namespace
}  // namespace rowcast

namespace rowcast {
namespace {

TEST(Crc32Test, MatchesZlibForEveryLengthAndAlignment) {
  std::string data(4096 + 64, '\0');
  uint32_t seed = 12345;
  for (char& c : data) {
    seed = seed * 1103515245u + 12345u;
    c = static_cast<char>(seed >> 24);
  }
  for (size_t offset : {0, 1, 7}) {
    for (size_t len = 0; len <= 600; ++len) {
      const auto* p = reinterpret_cast<const unsigned char*>(data.data() + offset);
      const uint32_t expected = static_cast<uint32_t>(crc32_z(0, p, len));
      ASSERT_EQ(Crc32(AsBytes(std::string_view(data.data() + offset, len))), expected)
          << "length " << len << " offset " << offset;
    }
  }
  const auto* all = reinterpret_cast<const unsigned char*>(data.data());
  EXPECT_EQ(Crc32(AsBytes(data)), static_cast<uint32_t>(crc32_z(0, all, data.size())));
}

}  // namespace
}  // namespace rowcast
