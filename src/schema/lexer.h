// The SQL tokenizer of the DDL parser (ddl.h): MySQL/MariaDB identifiers, literals, operators and
// comments. Versioned comments (/*!50100 ... */, /*!...*/, MariaDB /*M!100100 ... */) are lexed
// as code, as the server executes them; every other comment is dropped.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace rowcast::schema {

enum class TokenKind : uint8_t {
  kWord,          // bare identifier or keyword: CREATE, t1, _utf8mb4, 2fa_codes
  kQuotedIdent,   // `name` (value: `` undoubled)
  kDoubleQuoted,  // "text": an identifier (ANSI_QUOTES) or a string, as the parser expects
  kString,        // 'text', N'text' (value: escapes and '' resolved)
  kHexString,     // X'0A', 0x0A (value: the hex digits)
  kBitString,     // B'01', 0b01 (value: the binary digits)
  kNumber,        // 12, 1.5, .5, 1e10 (no sign: the parser handles signs)
  kOperator,      // punctuation and operators: ( ) , ; . = <=> := -> ->> ...
};

struct Token {
  TokenKind kind = TokenKind::kOperator;
  size_t offset = 0;      // byte offset of the token in the lexed text
  std::string_view text;  // the token as written (a view into the lexed text)
  std::string value;      // decoded value of identifiers and literals; empty for others
  // The token is directly preceded by whitespace or a comment (not glued to the previous one).
  bool space_before = false;
};

// Token limits keep memory bounded on hostile input: the lexer refuses more than this many
// tokens (a schema DDL statement has a few thousand at most).
inline constexpr size_t kMaxTokens = 1'000'000;

// Splits `sql` into tokens. Fails with InvalidArgument on an unterminated string, quoted
// identifier or comment (offset and the text near it in the message).
[[nodiscard]] StatusOr<std::vector<Token>> Tokenize(std::string_view sql);

// Same, but keeps the tokens read before an error: `status` is the error and `error_offset` where
// it happened (the statements that end before it can still be applied).
struct LexResult {
  std::vector<Token> tokens;
  Status status;
  size_t error_offset = 0;
};
// Stops after `max_tokens` tokens (MayChangeSchema needs only the first).
LexResult TokenizePrefix(std::string_view sql, size_t max_tokens = kMaxTokens);

// Case-insensitive ASCII comparison, for keywords.
bool KeywordEquals(std::string_view a, std::string_view b);

}  // namespace rowcast::schema
