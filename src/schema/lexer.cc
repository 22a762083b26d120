#include "schema/lexer.h"

#include <algorithm>

#include <fmt/format.h>

namespace rowcast::schema {

namespace {

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHexDigit(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
// Identifier characters of unquoted names: ASCII letters, digits, '_', '$' and any byte of a
// multi-byte UTF-8 character.
bool IsIdentChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || IsDigit(c) || c == '_' || c == '$' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// What the text near `offset` looks like, for error messages.
std::string Near(std::string_view sql, size_t offset) {
  std::string_view s = sql.substr(offset, 30);
  const size_t nl = s.find('\n');
  if (nl != std::string_view::npos) s = s.substr(0, nl);
  return std::string(s);
}

class Lexer {
 public:
  Lexer(std::string_view sql, size_t max_tokens) : sql_(sql), max_tokens_(max_tokens) {}

  LexResult Run() {
    LexResult r;
    std::vector<Token>& out = r.tokens;
    while (true) {
      const size_t at = pos_;
      if (Status s = SkipSpaceAndComments(); !s.ok()) {
        r.status = std::move(s);
        r.error_offset = error_offset_;
        return r;
      }
      if (pos_ >= sql_.size()) break;
      if (out.size() >= max_tokens_ && max_tokens_ < kMaxTokens) break;
      if (out.size() >= kMaxTokens) {
        r.status = InvalidArgumentError(
            fmt::format("SQL text has more than {} tokens; refusing to parse it", kMaxTokens));
        r.error_offset = at;
        return r;
      }
      Token t;
      t.offset = pos_;
      t.space_before = space_before_;
      if (Status s = Next(t, out.empty() ? nullptr : &out.back()); !s.ok()) {
        r.status = std::move(s);
        r.error_offset = t.offset;
        return r;
      }
      t.text = sql_.substr(t.offset, pos_ - t.offset);
      out.push_back(std::move(t));
    }
    return r;
  }

 private:
  char At(size_t i) const { return i < sql_.size() ? sql_[i] : '\0'; }

  Status Error(size_t offset, std::string_view what) {
    error_offset_ = offset;
    return InvalidArgumentError(fmt::format("cannot parse SQL at offset {} near '{}': {}", offset,
                                            Near(sql_, offset), what));
  }

  Status SkipSpaceAndComments() {
    space_before_ = false;
    while (pos_ < sql_.size()) {
      const char c = sql_[pos_];
      if (IsSpace(c)) {
        ++pos_;
      } else if (c == '#' || (c == '-' && At(pos_ + 1) == '-' &&
                              (pos_ + 2 >= sql_.size() || IsSpace(At(pos_ + 2)) ||
                               static_cast<unsigned char>(At(pos_ + 2)) < 0x20))) {
        const size_t nl = sql_.find('\n', pos_);
        pos_ = nl == std::string_view::npos ? sql_.size() : nl + 1;
      } else if (c == '/' && At(pos_ + 1) == '*') {
        const bool versioned = At(pos_ + 2) == '!' || (At(pos_ + 2) == 'M' && At(pos_ + 3) == '!');
        size_t code = pos_ + (At(pos_ + 2) == '!' ? 3 : 4);
        while (code < sql_.size() && code < pos_ + 10 && IsDigit(sql_[code])) ++code;
        // mariadb-dump 10.11.8+ starts with /*M!999999\- enable the sandbox mode */: a command
        // of the mariadb client, not SQL.
        const bool client_command = At(code) == '\\';
        if (versioned && !in_versioned_ && !client_command) {
          // MySQL: /*!NNNNN code */, MariaDB also /*M!NNNNNN code */; the code is executed.
          pos_ += At(pos_ + 2) == '!' ? 3 : 4;
          for (int i = 0; i < 6 && IsDigit(At(pos_)); ++i) ++pos_;
          in_versioned_ = true;
        } else {
          const size_t end = sql_.find("*/", pos_ + 2);
          if (end == std::string_view::npos) return Error(pos_, "unterminated comment");
          pos_ = end + 2;
        }
      } else if (in_versioned_ && c == '*' && At(pos_ + 1) == '/') {
        pos_ += 2;
        in_versioned_ = false;
      } else {
        break;
      }
      space_before_ = true;
    }
    return OkStatus();
  }

  // Reads a quoted text starting at the opening `quote` into `value`. Backslash escapes apply to
  // strings, not to `identifiers`.
  Status Quoted(char quote, bool escapes, std::string& value) {
    const size_t start = pos_;
    ++pos_;
    while (true) {
      if (pos_ >= sql_.size()) {
        return Error(start,
                     quote == '`' ? "unterminated quoted identifier" : "unterminated string");
      }
      const char c = sql_[pos_];
      if (c == quote) {
        if (At(pos_ + 1) == quote) {
          value.push_back(quote);
          pos_ += 2;
          continue;
        }
        ++pos_;
        return OkStatus();
      }
      if (escapes && c == '\\' && pos_ + 1 < sql_.size()) {
        const char e = sql_[pos_ + 1];
        switch (e) {
          case '0':
            value.push_back('\0');
            break;
          case 'b':
            value.push_back('\b');
            break;
          case 'n':
            value.push_back('\n');
            break;
          case 'r':
            value.push_back('\r');
            break;
          case 't':
            value.push_back('\t');
            break;
          case 'Z':
            value.push_back('\x1a');
            break;
          case '%':
          case '_':
            // LIKE wildcards keep their backslash.
            value.push_back('\\');
            value.push_back(e);
            break;
          default:
            value.push_back(e);
            break;
        }
        pos_ += 2;
        continue;
      }
      value.push_back(c);
      ++pos_;
    }
  }

  void Word(Token& t) {
    while (pos_ < sql_.size() && IsIdentChar(sql_[pos_])) ++pos_;
    t.kind = TokenKind::kWord;
    t.value = std::string(sql_.substr(t.offset, pos_ - t.offset));
  }

  void Number(Token& t) {
    const size_t start = pos_;
    if (At(pos_) == '0' && (At(pos_ + 1) == 'x' || At(pos_ + 1) == 'b')) {
      const bool hex = At(pos_ + 1) == 'x';
      size_t end = pos_ + 2;
      while (end < sql_.size() &&
             (hex ? IsHexDigit(sql_[end]) : (sql_[end] == '0' || sql_[end] == '1'))) {
        ++end;
      }
      if (end > pos_ + 2 && !IsIdentChar(At(end))) {
        t.kind = hex ? TokenKind::kHexString : TokenKind::kBitString;
        t.value = std::string(sql_.substr(pos_ + 2, end - pos_ - 2));
        pos_ = end;
        return;
      }
    }
    while (IsDigit(At(pos_))) ++pos_;
    bool is_integer = true;
    if (At(pos_) == '.' && (pos_ > start || IsDigit(At(pos_ + 1)))) {
      is_integer = false;
      ++pos_;
      while (IsDigit(At(pos_))) ++pos_;
    }
    if ((At(pos_) == 'e' || At(pos_) == 'E') &&
        (IsDigit(At(pos_ + 1)) ||
         ((At(pos_ + 1) == '+' || At(pos_ + 1) == '-') && IsDigit(At(pos_ + 2))))) {
      pos_ += 2;
      while (IsDigit(At(pos_))) ++pos_;
    } else if (is_integer && IsIdentChar(At(pos_))) {
      // Names may start with digits: 2fa_codes, 1e_x.
      pos_ = start;
      Word(t);
      return;
    }
    t.kind = TokenKind::kNumber;
    t.value = std::string(sql_.substr(start, pos_ - start));
  }

  Status Next(Token& t, const Token* previous) {
    const char c = sql_[pos_];
    const char n = At(pos_ + 1);
    if (c == '\'') {
      t.kind = TokenKind::kString;
      return Quoted('\'', true, t.value);
    }
    if (c == '"') {
      t.kind = TokenKind::kDoubleQuoted;
      return Quoted('"', true, t.value);
    }
    if (c == '`') {
      t.kind = TokenKind::kQuotedIdent;
      return Quoted('`', false, t.value);
    }
    if ((c == 'N' || c == 'n') && n == '\'') {
      ++pos_;
      t.kind = TokenKind::kString;
      return Quoted('\'', true, t.value);
    }
    if ((c == 'X' || c == 'x' || c == 'B' || c == 'b') && n == '\'') {
      ++pos_;
      const size_t start = pos_;
      std::string raw;
      ROWCAST_RETURN_STATUS_IF_ERROR(Quoted('\'', false, raw));
      const bool hex = c == 'X' || c == 'x';
      const bool ok = std::all_of(raw.begin(), raw.end(), [hex](char d) {
        return hex ? IsHexDigit(d) : (d == '0' || d == '1');
      });
      if (!ok) return Error(start, hex ? "invalid hexadecimal literal" : "invalid bit literal");
      t.kind = hex ? TokenKind::kHexString : TokenKind::kBitString;
      t.value = std::move(raw);
      return OkStatus();
    }
    if (IsDigit(c)) {
      Number(t);
      return OkStatus();
    }
    if (c == '.' && IsDigit(n)) {
      const bool qualifier =
          previous != nullptr && !t.space_before &&
          (previous->kind == TokenKind::kWord || previous->kind == TokenKind::kQuotedIdent ||
           previous->kind == TokenKind::kDoubleQuoted);
      if (!qualifier) {
        Number(t);
        return OkStatus();
      }
    }
    if (IsIdentChar(c)) {
      Word(t);
      return OkStatus();
    }
    t.kind = TokenKind::kOperator;
    static constexpr std::string_view kLong[] = {
        "<=>", "->>", "<=", ">=", "<>", "!=", ":=", "||", "&&", "<<", ">>", "->"};
    for (std::string_view op : kLong) {
      if (sql_.substr(pos_, op.size()) == op) {
        pos_ += op.size();
        return OkStatus();
      }
    }
    ++pos_;
    return OkStatus();
  }

  std::string_view sql_;
  size_t pos_ = 0;
  bool in_versioned_ = false;
  bool space_before_ = false;
  size_t error_offset_ = 0;
  size_t max_tokens_ = kMaxTokens;
};

}  // namespace

bool KeywordEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (Lower(a[i]) != Lower(b[i])) return false;
  }
  return true;
}

LexResult TokenizePrefix(std::string_view sql, size_t max_tokens) {
  return Lexer(sql, max_tokens).Run();
}

StatusOr<std::vector<Token>> Tokenize(std::string_view sql) {
  LexResult r = Lexer(sql, kMaxTokens).Run();
  if (!r.status.ok()) return std::unexpected(std::move(r.status));
  return std::move(r.tokens);
}

}  // namespace rowcast::schema
