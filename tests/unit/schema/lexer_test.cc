#include "schema/lexer.h"

#include <gtest/gtest.h>

namespace rowcast::schema {
namespace {

std::vector<Token> Lex(std::string_view sql) {
  auto t = Tokenize(sql);
  EXPECT_TRUE(t.has_value()) << (t.has_value() ? "" : t.error().ToString());
  return t.has_value() ? *t : std::vector<Token>{};
}

TEST(LexerTest, SplitsWordsNumbersAndOperators) {
  auto t = Lex("a.b<=>1.5e3 ->> x");
  ASSERT_EQ(t.size(), 7u);
  EXPECT_EQ(t[0].kind, TokenKind::kWord);
  EXPECT_EQ(t[1].text, ".");
  EXPECT_EQ(t[3].text, "<=>");
  EXPECT_EQ(t[4].kind, TokenKind::kNumber);
  EXPECT_EQ(t[4].text, "1.5e3");
  EXPECT_EQ(t[5].text, "->>");
}

TEST(LexerTest, DecodesQuotedIdentifiersAndStrings) {
  auto t = Lex(R"(`a``b` 'it''s\n' "q""\"" N'n' X'0a' b'01' 0x1F 0b10)");
  ASSERT_EQ(t.size(), 8u);
  EXPECT_EQ(t[0].kind, TokenKind::kQuotedIdent);
  EXPECT_EQ(t[0].value, "a`b");
  EXPECT_EQ(t[1].value, "it's\n");
  EXPECT_EQ(t[2].kind, TokenKind::kDoubleQuoted);
  EXPECT_EQ(t[2].value, "q\"\"");
  EXPECT_EQ(t[3].kind, TokenKind::kString);
  EXPECT_EQ(t[4].kind, TokenKind::kHexString);
  EXPECT_EQ(t[4].value, "0a");
  EXPECT_EQ(t[5].kind, TokenKind::kBitString);
  EXPECT_EQ(t[6].kind, TokenKind::kHexString);
  EXPECT_EQ(t[7].kind, TokenKind::kBitString);
}

TEST(LexerTest, NamesMayStartWithDigits) {
  auto t = Lex("2fa_codes 12 1e5 0xZZ");
  ASSERT_EQ(t.size(), 4u);
  EXPECT_EQ(t[0].kind, TokenKind::kWord);
  EXPECT_EQ(t[1].kind, TokenKind::kNumber);
  EXPECT_EQ(t[2].kind, TokenKind::kNumber);
  EXPECT_EQ(t[3].kind, TokenKind::kWord);
}

TEST(LexerTest, DropsCommentsButKeepsVersionedCode) {
  auto t = Lex("a -- x\n b # y\n c /* z */ d /*!40101 e */ f /*M!100100 g */ /*!h*/--\n");
  std::string words;
  for (const Token& tok : t) words += tok.value;
  EXPECT_EQ(words, "abcdefgh");
}

TEST(LexerTest, DoubleDashWithoutSpaceIsNotAComment) {
  auto t = Lex("1--2");
  ASSERT_EQ(t.size(), 4u);
}

TEST(LexerTest, MariadbDumpSandboxLineIsAComment) {
  auto t = Lex("/*M!999999\\- enable the sandbox mode */ SELECT 1");
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].value, "SELECT");
}

TEST(LexerTest, OffsetsPointIntoTheText) {
  auto t = Lex("  CREATE /* c */ TABLE");
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0].offset, 2u);
  EXPECT_EQ(t[1].offset, 17u);
  EXPECT_TRUE(t[1].space_before);
}

TEST(LexerTest, RejectsUnterminatedStringsAndComments) {
  for (std::string_view bad : {"'abc", "\"abc", "`abc", "/* abc", "x'0g'", "'a\\"}) {
    auto t = Tokenize(bad);
    EXPECT_FALSE(t.has_value()) << bad;
  }
}

TEST(LexerTest, KeepsTokensBeforeAnError) {
  LexResult r = TokenizePrefix("a b 'c");
  EXPECT_FALSE(r.status.ok());
  EXPECT_EQ(r.tokens.size(), 2u);
  EXPECT_EQ(r.error_offset, 4u);
}

}  // namespace
}  // namespace rowcast::schema
