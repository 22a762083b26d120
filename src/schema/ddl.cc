// The DDL parser. Grammar references (written from the manuals, not from the servers' parsers):
//   https://dev.mysql.com/doc/refman/8.0/en/create-table.html, alter-table.html
//   https://mariadb.com/kb/en/create-table/, https://mariadb.com/kb/en/alter-table/
// One Parser per statement walks the statement's tokens and applies it to the Catalog. Only
// loops and SkipBalanced() nest, with an explicit depth limit: no recursion on input.
#include "schema/ddl.h"

#include <algorithm>
#include <array>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "schema/lexer.h"

namespace rowcast::schema {

namespace {

constexpr int kMaxDepth = 200;        // nested parentheses in one expression
constexpr size_t kMaxColumns = 4096;  // the servers' own limit
constexpr size_t kMaxIndexes = 4096;  // far above the servers' 64
constexpr size_t kMaxEnumValues = 65535;
constexpr size_t kMaxAlterClauses = 20000;
constexpr size_t kQuoteLimit = 300;  // statement text quoted in error messages

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool IsWord(const Token* t) { return t != nullptr && t->kind == TokenKind::kWord; }
bool IsKw(const Token* t, std::string_view kw) { return IsWord(t) && KeywordEquals(t->text, kw); }
bool IsOp(const Token* t, std::string_view op) {
  return t != nullptr && t->kind == TokenKind::kOperator && t->text == op;
}
bool IsStringTok(const Token* t) {
  return t != nullptr && (t->kind == TokenKind::kString || t->kind == TokenKind::kDoubleQuoted);
}
bool IsIdentTok(const Token* t) {
  return t != nullptr && (t->kind == TokenKind::kWord || t->kind == TokenKind::kQuotedIdent ||
                          t->kind == TokenKind::kDoubleQuoted);
}

// The statement text for error messages: at most kQuoteLimit bytes, cut on a UTF-8 boundary.
std::string QuoteStatement(std::string_view s) {
  if (s.size() <= kQuoteLimit) return std::string(s);
  size_t n = kQuoteLimit;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return std::string(s.substr(0, n)) + "...";
}

std::string NormalizeCharset(std::string_view cs) {
  std::string out = Lower(cs);
  if (out == "utf8") out = "utf8mb3";
  return out;
}

std::string NormalizeCollation(std::string_view coll) {
  std::string out = Lower(coll);
  if (out.starts_with("utf8_")) out.insert(4, "mb3");
  return out;
}

// The charset of a collation: the name up to the first '_' ("utf8mb4_bin" -> utf8mb4).
std::string CharsetOfCollation(std::string_view coll) {
  const std::string c = NormalizeCollation(coll);
  if (c == "binary") return "binary";
  return NormalizeCharset(c.substr(0, c.find('_')));
}

// Default collations that MySQL 8 and MariaDB agree on. utf8mb4 is missing on purpose: its
// default is utf8mb4_0900_ai_ci on MySQL 8 and utf8mb4_general_ci on MariaDB, and the parser
// cannot know which server wrote the statement.
std::string DefaultCollation(std::string_view charset) {
  static constexpr std::pair<std::string_view, std::string_view> kDefaults[] = {
      {"armscii8", "armscii8_general_ci"}, {"ascii", "ascii_general_ci"},
      {"big5", "big5_chinese_ci"},         {"binary", "binary"},
      {"cp1250", "cp1250_general_ci"},     {"cp1251", "cp1251_general_ci"},
      {"cp1256", "cp1256_general_ci"},     {"cp1257", "cp1257_general_ci"},
      {"cp850", "cp850_general_ci"},       {"cp852", "cp852_general_ci"},
      {"cp866", "cp866_general_ci"},       {"cp932", "cp932_japanese_ci"},
      {"dec8", "dec8_swedish_ci"},         {"eucjpms", "eucjpms_japanese_ci"},
      {"euckr", "euckr_korean_ci"},        {"gb2312", "gb2312_chinese_ci"},
      {"gbk", "gbk_chinese_ci"},           {"geostd8", "geostd8_general_ci"},
      {"greek", "greek_general_ci"},       {"hebrew", "hebrew_general_ci"},
      {"hp8", "hp8_english_ci"},           {"keybcs2", "keybcs2_general_ci"},
      {"koi8r", "koi8r_general_ci"},       {"koi8u", "koi8u_general_ci"},
      {"latin1", "latin1_swedish_ci"},     {"latin2", "latin2_general_ci"},
      {"latin5", "latin5_turkish_ci"},     {"latin7", "latin7_general_ci"},
      {"macce", "macce_general_ci"},       {"macroman", "macroman_general_ci"},
      {"sjis", "sjis_japanese_ci"},        {"swe7", "swe7_swedish_ci"},
      {"tis620", "tis620_thai_ci"},        {"ucs2", "ucs2_general_ci"},
      {"ujis", "ujis_japanese_ci"},        {"utf16", "utf16_general_ci"},
      {"utf16le", "utf16le_general_ci"},   {"utf32", "utf32_general_ci"},
      {"utf8mb3", "utf8mb3_general_ci"},
  };
  for (const auto& [cs, coll] : kDefaults) {
    if (cs == charset) return std::string(coll);
  }
  return {};
}

// Bytes per character at most, for the TEXT promotion of CONVERT TO CHARACTER SET; 0 = unknown.
int MaxBytesPerChar(std::string_view charset) {
  static constexpr std::pair<std::string_view, int> kWidths[] = {
      {"armscii8", 1}, {"ascii", 1},   {"big5", 2},    {"binary", 1},  {"cp1250", 1},
      {"cp1251", 1},   {"cp1256", 1},  {"cp1257", 1},  {"cp850", 1},   {"cp852", 1},
      {"cp866", 1},    {"cp932", 2},   {"dec8", 1},    {"eucjpms", 3}, {"euckr", 2},
      {"gb2312", 2},   {"gbk", 2},     {"geostd8", 1}, {"greek", 1},   {"hebrew", 1},
      {"hp8", 1},      {"keybcs2", 1}, {"koi8r", 1},   {"koi8u", 1},   {"latin1", 1},
      {"latin2", 1},   {"latin5", 1},  {"latin7", 1},  {"macce", 1},   {"macroman", 1},
      {"sjis", 2},     {"swe7", 1},    {"tis620", 1},  {"ucs2", 2},    {"ujis", 3},
      {"utf16", 4},    {"utf16le", 4}, {"utf32", 4},   {"utf8mb3", 3}, {"utf8mb4", 4},
  };
  for (const auto& [cs, n] : kWidths) {
    if (cs == charset) return n;
  }
  return 0;
}

struct QualifiedName {
  std::string db;
  std::string name;
};

// A column definition before its charset is resolved against the table's.
struct ColumnSpec {
  Column column;
  std::string charset;            // as written (CHARACTER SET, ASCII, UNICODE, NCHAR), normalized
  std::string collation;          // as written (COLLATE), normalized
  bool binary_collation = false;  // CHAR(10) BINARY: the charset's _bin collation
  bool explicit_null = false;
  bool explicit_not_null = false;
  bool has_default = false;
  bool primary = false;  // PRIMARY KEY / KEY attribute
  bool unique = false;   // UNIQUE [KEY] attribute, SERIAL, SERIAL DEFAULT VALUE
};

// An index, key or constraint definition.
struct IndexSpec {
  Index index;
  bool named = false;
  bool if_not_exists = false;
  std::string constraint;  // CONSTRAINT name
  bool check = false;      // CHECK constraint: no index
};

std::string JoinText(std::string_view sql, const Token& first, const Token& last) {
  const size_t end = last.offset + last.text.size();
  return std::string(sql.substr(first.offset, end - first.offset));
}

// Index names are case-insensitive.
int FindIndex(const std::vector<Index>& indexes, std::string_view name) {
  for (size_t i = 0; i < indexes.size(); ++i) {
    if (KeywordEquals(indexes[i].name, name)) return static_cast<int>(i);
  }
  return -1;
}

void MakeNotNull(Column& c) {
  c.nullable = false;
  if (c.default_null) {
    c.has_default = false;
    c.default_null = false;
  }
}

// The server's promotion of TEXT types when their charset gets wider (CONVERT TO CHARACTER SET):
// the smallest TEXT type that holds as many characters in the new charset.
DataType PromoteText(DataType t, std::string_view from, std::string_view to) {
  const int a = MaxBytesPerChar(from), b = MaxBytesPerChar(to);
  if (a == 0 || b == 0) return t;
  uint64_t bytes = 0;
  switch (t) {
    case DataType::kTinyText:
      bytes = 255;
      break;
    case DataType::kText:
      bytes = 65535;
      break;
    case DataType::kMediumText:
      bytes = 16777215;
      break;
    default:
      return t;
  }
  // Never smaller than before: the server does not demote.
  const uint64_t needed = bytes / static_cast<uint64_t>(a) * static_cast<uint64_t>(b);
  if (needed <= bytes) return t;
  if (needed <= 65535) return DataType::kText;
  if (needed <= 16777215) return DataType::kMediumText;
  return DataType::kLongText;
}

// State of an ALTER TABLE while its clauses are applied. Indexes that existed before the
// statement name columns by their original names (a CHANGE renames them only at the end, as the
// server resolves every clause against the original table); indexes added by the statement use
// the new names.
struct AlterState {
  Table table;
  std::vector<std::string> original;  // per column: its name before the statement ("" = added)
  std::vector<Index> old_indexes;
  std::vector<std::string> old_pk;
  std::vector<Index> new_indexes;
  std::optional<std::vector<std::string>> new_pk;
  bool pk_dropped = false;
};

class Parser {
 public:
  Parser(std::string_view sql, const std::vector<Token>& tokens, size_t begin, size_t end,
         Catalog& catalog, std::string& current_db, const DdlOptions& options)
      : sql_(sql),
        toks_(tokens),
        begin_(begin),
        end_(end),
        pos_(begin),
        catalog_(catalog),
        current_db_(current_db),
        options_(options) {}

  StatusOr<StatementResult> Parse() {
    result_.statement = Text();
    result_.db = current_db_;
    ROWCAST_RETURN_IF_ERROR(Statement());
    return std::move(result_);
  }

 private:
  // Tokens.
  const Token* Peek(size_t k = 0) const { return pos_ + k < end_ ? &toks_[pos_ + k] : nullptr; }
  bool AtEnd() const { return pos_ >= end_; }
  bool PeekKw(std::string_view kw, size_t k = 0) const { return IsKw(Peek(k), kw); }
  bool PeekOp(std::string_view op, size_t k = 0) const { return IsOp(Peek(k), op); }
  bool AcceptKw(std::string_view kw) {
    if (!PeekKw(kw)) return false;
    ++pos_;
    return true;
  }
  bool AcceptOp(std::string_view op) {
    if (!PeekOp(op)) return false;
    ++pos_;
    return true;
  }
  Status ExpectKw(std::string_view kw) {
    if (AcceptKw(kw)) return OkStatus();
    return Error(kw);
  }
  Status ExpectOp(std::string_view op) {
    if (AcceptOp(op)) return OkStatus();
    return Error(fmt::format("'{}'", op));
  }
  // Accepts the words in order, or nothing.
  bool AcceptKws(std::initializer_list<std::string_view> kws) {
    size_t k = 0;
    for (std::string_view kw : kws) {
      if (!PeekKw(kw, k)) return false;
      ++k;
    }
    pos_ += k;
    return true;
  }

  std::string Text() const {
    if (begin_ >= end_) return {};
    return JoinText(sql_, toks_[begin_], toks_[end_ - 1]);
  }
  size_t StatementOffset() const { return begin_ < end_ ? toks_[begin_].offset : 0; }

  Status Error(std::string_view expected) const {
    std::string where;
    if (const Token* t = Peek()) {
      std::string near(t->text.substr(0, 40));
      where = fmt::format("at offset {} near '{}'", t->offset - StatementOffset(), near);
    } else {
      const size_t end = end_ > begin_ ? toks_[end_ - 1].offset + toks_[end_ - 1].text.size() : 0;
      where = fmt::format("at offset {} (end of statement)", end - StatementOffset());
    }
    return InvalidArgumentError(fmt::format("cannot parse DDL {}: expected {} in: {}", where,
                                            expected, QuoteStatement(Text())));
  }
  Status Fail(std::string message) const {
    return InvalidArgumentError(fmt::format("{} in: {}", message, QuoteStatement(Text())));
  }
  Status NotFound(std::string message) const {
    return NotFoundError(fmt::format("{} in: {}", message, QuoteStatement(Text())));
  }
  // A statement about a table the catalog does not have: the caller learns which one.
  Status UnknownTable(std::string message, std::string_view db, std::string_view table) const {
    if (options_.unknown_table != nullptr)
      *options_.unknown_table = {std::string(db), std::string(table)};
    return NotFound(std::move(message));
  }

  // Names and literals.
  StatusOr<std::string> Ident(std::string_view what) {
    const Token* t = Peek();
    if (!IsIdentTok(t)) return std::unexpected(Error(what));
    ++pos_;
    return t->value;
  }
  StatusOr<QualifiedName> TableName() {
    QualifiedName q;
    ROWCAST_ASSIGN_OR_RETURN(std::string first, Ident("a table name"));
    if (PeekOp(".") && IsIdentTok(Peek(1))) {
      ++pos_;
      q.db = std::move(first);
      ROWCAST_ASSIGN_OR_RETURN(q.name, Ident("a table name"));
    } else {
      q.db = current_db_;
      q.name = std::move(first);
    }
    if (q.db.empty()) {
      return std::unexpected(Fail(fmt::format("no database selected for table {}", q.name)));
    }
    return q;
  }
  // MariaDB: WAIT n | NOWAIT after table names of ALTER, DROP, RENAME, TRUNCATE, CREATE INDEX.
  void SkipWait() {
    if (PeekKw("WAIT") && Peek(1) != nullptr && Peek(1)->kind == TokenKind::kNumber) {
      pos_ += 2;
    } else {
      AcceptKw("NOWAIT");
    }
  }
  // Skips a charset introducer (_utf8mb4'x', _binary 0x41) before a literal.
  void SkipIntroducer() {
    const Token* t = Peek();
    const Token* n = Peek(1);
    if (IsWord(t) && t->text.starts_with("_") && n != nullptr &&
        (n->kind == TokenKind::kString || n->kind == TokenKind::kHexString ||
         n->kind == TokenKind::kBitString || n->kind == TokenKind::kDoubleQuoted)) {
      ++pos_;
    }
  }
  // 'text' ['more' ...]: adjacent strings concatenate.
  StatusOr<std::string> StringLiteral(std::string_view what) {
    SkipIntroducer();
    if (!IsStringTok(Peek())) return std::unexpected(Error(what));
    std::string out;
    while (IsStringTok(Peek())) out += toks_[pos_++].value;
    return out;
  }
  // A name that may be written as identifier or string: charsets, collations, engines.
  StatusOr<std::string> NameOrString(std::string_view what) {
    const Token* t = Peek();
    if (t == nullptr || !(IsIdentTok(t) || t->kind == TokenKind::kString)) {
      return std::unexpected(Error(what));
    }
    ++pos_;
    return t->value;
  }
  StatusOr<int64_t> Integer(std::string_view what) {
    const Token* t = Peek();
    if (t == nullptr || t->kind != TokenKind::kNumber ||
        t->text.find_first_not_of("0123456789") != std::string_view::npos) {
      return std::unexpected(Error(what));
    }
    int64_t v = 0;
    for (char c : t->text) {
      if (v > (INT64_MAX - 9) / 10) return std::unexpected(Error("a smaller number"));
      v = v * 10 + (c - '0');
    }
    ++pos_;
    return v;
  }
  // A single value token: number (with sign), string, name. For options that are skipped.
  Status SkipValue(std::string_view what) {
    if (PeekOp("-") || PeekOp("+")) ++pos_;
    SkipIntroducer();
    const Token* t = Peek();
    if (t == nullptr || t->kind == TokenKind::kOperator) {
      if (PeekOp("(")) {
        auto skipped = SkipBalanced();
        return skipped.has_value() ? OkStatus() : skipped.error();
      }
      return Error(what);
    }
    if (IsStringTok(t)) {
      while (IsStringTok(Peek())) ++pos_;
      return OkStatus();
    }
    ++pos_;
    return OkStatus();
  }

  // Skips "( ... )" with everything nested; returns the text including the parentheses.
  StatusOr<std::string> SkipBalanced() {
    if (!PeekOp("(")) return std::unexpected(Error("'('"));
    const size_t first = pos_;
    int depth = 0;
    while (!AtEnd()) {
      const Token& t = toks_[pos_];
      if (IsOp(&t, "(")) {
        if (++depth > kMaxDepth) {
          return std::unexpected(
              Fail(fmt::format("cannot parse DDL: parentheses nested deeper than {}", kMaxDepth)));
        }
      } else if (IsOp(&t, ")")) {
        if (--depth == 0) {
          ++pos_;
          return JoinText(sql_, toks_[first], t);
        }
      }
      ++pos_;
    }
    return std::unexpected(Error("')'"));
  }
  // The text between the parentheses of "( expr )".
  StatusOr<std::string> ParenthesizedText() {
    ROWCAST_ASSIGN_OR_RETURN(std::string text, SkipBalanced());
    std::string_view inner = std::string_view(text).substr(1, text.size() - 2);
    while (!inner.empty() && (inner.front() == ' ' || inner.front() == '\n' ||
                              inner.front() == '\t' || inner.front() == '\r')) {
      inner.remove_prefix(1);
    }
    while (!inner.empty() && (inner.back() == ' ' || inner.back() == '\n' || inner.back() == '\t' ||
                              inner.back() == '\r')) {
      inner.remove_suffix(1);
    }
    return std::string(inner);
  }
  // Skips to the end of the statement.
  void SkipRest() { pos_ = end_; }
  Status ExpectEnd() {
    if (AtEnd()) return OkStatus();
    return Error("the end of the statement");
  }

  // Statements.
  Status Statement();
  Status Create();
  Status CreateTable(bool temporary, bool or_replace);
  Status CreateIndex(IndexKind kind, bool or_replace);
  Status CreateDatabase(bool or_replace);
  Status AlterDatabase();
  Status DropDatabase();
  Status Alter();
  Status AlterTable();
  Status Drop();
  Status DropTable(bool temporary);
  Status DropIndex();
  Status Rename();
  Status Truncate();
  Status Set();

  // Table definitions.
  Status TableElement(std::vector<ColumnSpec>& columns, std::vector<IndexSpec>& indexes);
  Status ColumnDefinition(ColumnSpec& spec, std::vector<IndexSpec>& indexes);
  Status DataTypeDef(ColumnSpec& spec);
  Status ColumnAttributes(ColumnSpec& spec, std::vector<IndexSpec>& indexes);
  Status DefaultValue(Column& c, bool& is_null);
  Status TypeLength(Column& c, bool allow_scale);
  Status EnumValues(Column& c);
  StatusOr<std::string> CharsetName();
  Status IndexDefinition(std::vector<IndexSpec>& indexes);
  Status KeyParts(Index& index);
  Status IndexOptions();
  Status References();
  Status TableOptions(Table& table, bool alter, std::string* charset, std::string* collation,
                      bool* stop_at_comma);
  bool TableOption(Table& table, std::string* charset, std::string* collation, Status& status);
  Status PartitionBy();
  Status PartitionDefinitions();
  Status PartitionOptions();
  Status Names();

  // Applying definitions.
  void ResolveCharset(ColumnSpec& spec, const Table& table) const;
  Status AddIndex(std::vector<Index>& indexes, std::vector<std::string>& pk, IndexSpec spec,
                  const std::vector<Index>* other, const Table& table);
  static void FinishTable(Table& table);
  void TableCharset(Table& table, std::string charset, std::string collation) const;
  Status CheckColumns(const Table& table) const;

  // ALTER TABLE clauses.
  Status AlterClause(AlterState& st, bool& renamed, QualifiedName& new_name);
  Status AlterAdd(AlterState& st);
  Status AddColumn(AlterState& st, ColumnSpec spec, std::vector<IndexSpec> indexes);
  Status AlterDrop(AlterState& st);
  Status ChangeColumn(AlterState& st, std::string old_name, bool if_exists);
  Status AddNewIndexes(AlterState& st, std::vector<IndexSpec> indexes);
  Status ColumnPosition(AlterState& st, size_t index);
  int FindOriginal(const AlterState& st, std::string_view name) const;
  void RemoveIndex(AlterState& st, std::string_view name);
  bool PeekPartitionClause() const;
  Status AlterPartition(const Table& original);
  void ConvertCharset(AlterState& st, const std::string& charset, const std::string& collation);
  void FinishAlter(AlterState& st);

  void Change(ChangeType type, const QualifiedName& q, const QualifiedName* previous = nullptr) {
    TableChange c;
    c.type = type;
    c.db = q.db;
    c.table = q.name;
    if (previous != nullptr) {
      c.previous_db = previous->db;
      c.previous_table = previous->name;
    }
    if (result_.changes.empty()) result_.db = q.db;
    result_.changes.push_back(std::move(c));
  }

  // Foreign keys added by the statement, whose supporting key may still be missing.
  struct PendingKey {
    std::vector<std::string> columns;
    std::string name;  // constraint or index name; empty: named after the first column
  };
  void AddForeignKeyIndexes(Table& table);
  std::vector<PendingKey> pending_keys_;

  std::string_view sql_;
  const std::vector<Token>& toks_;
  size_t begin_, end_, pos_;
  Catalog& catalog_;
  std::string& current_db_;
  const DdlOptions& options_;
  StatementResult result_;
};

using Kind = StatementResult::Kind;

// Statements that never change a table schema, by their first word.
constexpr std::string_view kIgnoredFirstWords[] = {
    "ANALYZE",   "BACKUP",   "BEGIN",    "BINLOG",  "CACHE",      "CALL",     "CHANGE",
    "CHECK",     "CHECKSUM", "CLONE",    "COMMIT",  "DEALLOCATE", "DECLARE",  "DELETE",
    "DESC",      "DESCRIBE", "DO",       "EXECUTE", "EXPLAIN",    "FLUSH",    "GET",
    "GRANT",     "HANDLER",  "HELP",     "IMPORT",  "INSTALL",    "INSERT",   "KILL",
    "LOAD",      "LOCK",     "OPTIMIZE", "PREPARE", "PURGE",      "RELEASE",  "REPAIR",
    "REPLACE",   "RESET",    "RESIGNAL", "RESTART", "REVOKE",     "ROLLBACK", "SAVEPOINT",
    "SELECT",    "SHOW",     "SHUTDOWN", "SIGNAL",  "START",      "STOP",     "TABLE",
    "UNINSTALL", "UNLOCK",   "UPDATE",   "VALUES",  "WITH",       "XA",
};

// Object types whose CREATE/ALTER/DROP does not change table schemas.
constexpr std::string_view kIgnoredObjects[] = {
    "AGGREGATE",  "EVENT",    "FUNCTION", "INSTANCE", "LOGFILE", "PACKAGE",
    "PROCEDURE",  "RESOURCE", "ROLE",     "SEQUENCE", "SERVER",  "SYNONYM",
    "TABLESPACE", "TRIGGER",  "UNDO",     "USER",     "VIEW",
};

bool IsIgnoredObject(const Token* t) {
  if (!IsWord(t)) return false;
  return std::any_of(std::begin(kIgnoredObjects), std::end(kIgnoredObjects),
                     [t](std::string_view w) { return KeywordEquals(t->text, w); });
}

Status Parser::Statement() {
  const Token* first = Peek();
  if (first == nullptr) return OkStatus();
  if (IsOp(first, "(")) {  // (SELECT ...) UNION ...
    result_.kind = Kind::kIgnored;
    SkipRest();
    return OkStatus();
  }
  if (!IsWord(first)) return Error("a statement");
  if (PeekKw("CREATE")) return Create();
  if (PeekKw("ALTER")) return Alter();
  if (PeekKw("DROP")) return Drop();
  if (PeekKw("RENAME")) return Rename();
  if (PeekKw("TRUNCATE")) return Truncate();
  if (PeekKw("SET")) return Set();
  if (PeekKw("USE")) {
    ++pos_;
    ROWCAST_ASSIGN_OR_RETURN_STATUS(std::string db, Ident("a database name"));
    ROWCAST_RETURN_STATUS_IF_ERROR(ExpectEnd());
    current_db_ = db;
    result_.db = db;
    result_.kind = Kind::kUse;
    return OkStatus();
  }
  for (std::string_view w : kIgnoredFirstWords) {
    if (KeywordEquals(first->text, w)) {
      result_.kind = Kind::kIgnored;
      SkipRest();
      return OkStatus();
    }
  }
  return Error("a statement");
}

Status Parser::Create() {
  ++pos_;  // CREATE
  bool or_replace = false;
  if (AcceptKw("OR")) {
    ROWCAST_RETURN_STATUS_IF_ERROR(ExpectKw("REPLACE"));
    or_replace = true;
  }
  bool temporary = false;
  std::optional<IndexKind> index_kind;
  // Modifiers of views, routines, triggers and indexes, in any order.
  for (int guard = 0; guard < 16 && !AtEnd(); ++guard) {
    if (AcceptKw("TEMPORARY")) {
      temporary = true;
    } else if (PeekKw("DEFINER") && PeekOp("=", 1)) {
      pos_ += 2;
      if (AcceptKw("CURRENT_USER")) {
        if (PeekOp("(")) ROWCAST_RETURN_STATUS_IF_ERROR(SkipBalanced());
      } else {
        ROWCAST_RETURN_STATUS_IF_ERROR(NameOrString("a user name"));
        if (AcceptOp("@")) ROWCAST_RETURN_STATUS_IF_ERROR(NameOrString("a host name"));
      }
    } else if (AcceptKws({"SQL", "SECURITY"})) {
      ROWCAST_RETURN_STATUS_IF_ERROR(Ident("DEFINER or INVOKER"));
    } else if (PeekKw("ALGORITHM") && PeekOp("=", 1)) {
      pos_ += 2;
      ROWCAST_RETURN_STATUS_IF_ERROR(Ident("a view algorithm"));
    } else if (PeekKw("UNIQUE")) {
      ++pos_;
      index_kind = IndexKind::kUnique;
    } else if (PeekKw("FULLTEXT")) {
      ++pos_;
      index_kind = IndexKind::kFullText;
    } else if (PeekKw("SPATIAL") && !PeekKw("REFERENCE", 1)) {
      ++pos_;
      index_kind = IndexKind::kSpatial;
    } else if (AcceptKw("ONLINE") || AcceptKw("OFFLINE")) {
    } else {
      break;
    }
  }
  if (AcceptKw("TABLE")) return CreateTable(temporary, or_replace);
  if (AcceptKw("INDEX")) return CreateIndex(index_kind.value_or(IndexKind::kKey), or_replace);
  if (AcceptKw("DATABASE") || AcceptKw("SCHEMA")) return CreateDatabase(or_replace);
  if (IsIgnoredObject(Peek()) || PeekKw("SPATIAL")) {
    result_.kind = Kind::kIgnored;
    SkipRest();
    return OkStatus();
  }
  return Error("TABLE, INDEX, DATABASE or another object type after CREATE");
}

Status Parser::Alter() {
  ++pos_;  // ALTER
  for (int guard = 0; guard < 8; ++guard) {
    if (AcceptKw("ONLINE") || AcceptKw("OFFLINE") || AcceptKw("IGNORE")) continue;
    if (PeekKw("DEFINER") && PeekOp("=", 1)) {
      // ALTER DEFINER=... VIEW / EVENT
      result_.kind = Kind::kIgnored;
      SkipRest();
      return OkStatus();
    }
    if (PeekKw("ALGORITHM") && PeekOp("=", 1)) {
      pos_ += 2;
      ROWCAST_RETURN_STATUS_IF_ERROR(Ident("a view algorithm"));
      continue;
    }
    if (AcceptKws({"SQL", "SECURITY"})) {
      ROWCAST_RETURN_STATUS_IF_ERROR(Ident("DEFINER or INVOKER"));
      continue;
    }
    break;
  }
  if (AcceptKw("TABLE")) return AlterTable();
  if (AcceptKw("DATABASE") || AcceptKw("SCHEMA")) return AlterDatabase();
  if (IsIgnoredObject(Peek())) {
    result_.kind = Kind::kIgnored;
    SkipRest();
    return OkStatus();
  }
  return Error("TABLE, DATABASE or another object type after ALTER");
}

Status Parser::Drop() {
  ++pos_;  // DROP
  bool temporary = AcceptKw("TEMPORARY");
  if (AcceptKw("TABLE") || AcceptKw("TABLES")) return DropTable(temporary);
  if (temporary) return Error("TABLE");
  if (AcceptKw("INDEX")) return DropIndex();
  if (AcceptKw("DATABASE") || AcceptKw("SCHEMA")) return DropDatabase();
  if (IsIgnoredObject(Peek()) || PeekKw("SPATIAL") || PeekKw("PREPARE")) {
    result_.kind = Kind::kIgnored;
    SkipRest();
    return OkStatus();
  }
  return Error("TABLE, INDEX, DATABASE or another object type after DROP");
}

Status Parser::Set() {
  ++pos_;  // SET
  result_.kind = Kind::kIgnored;
  for (int guard = 0; guard < 3; ++guard) {
    if (AcceptKw("GLOBAL") || AcceptKw("SESSION") || AcceptKw("LOCAL") || AcceptKw("PERSIST") ||
        AcceptKw("PERSIST_ONLY")) {
      continue;
    }
    if (PeekOp("@") && PeekOp("@", 1)) {
      pos_ += 2;
      if ((PeekKw("SESSION") || PeekKw("GLOBAL") || PeekKw("LOCAL")) && PeekOp(".", 1)) pos_ += 2;
      continue;
    }
    break;
  }
  if (PeekKw("NAMES") || PeekKw("CHARSET") || (PeekKw("CHARACTER") && PeekKw("SET", 1))) {
    result_.kind = Kind::kSetCharset;
  } else if (const Token* t = Peek(); IsWord(t)) {
    const std::string name = Lower(t->text);
    if (name.starts_with("character_set_") || name.starts_with("collation_")) {
      result_.kind = Kind::kSetCharset;
    }
  }
  SkipRest();
  return OkStatus();
}

// CREATE DATABASE / SCHEMA.
Status Parser::CreateDatabase(bool or_replace) {
  const bool if_not_exists = AcceptKws({"IF", "NOT", "EXISTS"});
  ROWCAST_ASSIGN_OR_RETURN_STATUS(std::string name, Ident("a database name"));
  result_.kind = Kind::kDatabaseDdl;
  result_.db = name;
  Database db;
  db.name = name;
  std::string charset, collation;
  Table scratch;
  ROWCAST_RETURN_STATUS_IF_ERROR(TableOptions(scratch, false, &charset, &collation, nullptr));
  ROWCAST_RETURN_STATUS_IF_ERROR(ExpectEnd());
  if (catalog_.FindDatabase(name) != nullptr && if_not_exists && !or_replace) return OkStatus();
  if (or_replace) catalog_.DropDatabase(name);
  if (charset.empty() && collation.empty()) {
    db.charset = catalog_.server_charset();
    db.collation = catalog_.server_collation();
  } else if (charset.empty()) {
    db.charset = CharsetOfCollation(collation);
    db.collation = collation;
  } else {
    db.charset = charset;
    db.collation = collation.empty() ? DefaultCollation(charset) : collation;
  }
  catalog_.PutDatabase(std::move(db));
  return OkStatus();
}

Status Parser::AlterDatabase() {
  result_.kind = Kind::kDatabaseDdl;
  std::string name = current_db_;
  if (!PeekKw("DEFAULT") && !PeekKw("CHARACTER") && !PeekKw("CHARSET") && !PeekKw("COLLATE") &&
      !PeekKw("UPGRADE") && !PeekKw("READ") && !PeekKw("ENCRYPTION") && !PeekKw("COMMENT") &&
      IsIdentTok(Peek())) {
    ROWCAST_ASSIGN_OR_RETURN_STATUS(name, Ident("a database name"));
  }
  result_.db = name;
  if (AcceptKws({"UPGRADE", "DATA", "DIRECTORY", "NAME"})) return ExpectEnd();
  std::string charset, collation;
  Table scratch;
  ROWCAST_RETURN_STATUS_IF_ERROR(TableOptions(scratch, false, &charset, &collation, nullptr));
  ROWCAST_RETURN_STATUS_IF_ERROR(ExpectEnd());
  if (name.empty()) return Fail("no database selected for ALTER DATABASE");
  Database db;
  if (const Database* existing = catalog_.FindDatabase(name)) {
    db = *existing;
  } else {
    db.name = name;
    db.charset = catalog_.server_charset();
    db.collation = catalog_.server_collation();
  }
  if (!charset.empty()) {
    db.charset = charset;
    db.collation = collation.empty() ? DefaultCollation(charset) : collation;
  } else if (!collation.empty()) {
    db.charset = CharsetOfCollation(collation);
    db.collation = collation;
  }
  catalog_.PutDatabase(std::move(db));
  return OkStatus();
}

Status Parser::DropDatabase() {
  AcceptKws({"IF", "EXISTS"});
  ROWCAST_ASSIGN_OR_RETURN_STATUS(std::string name, Ident("a database name"));
  ROWCAST_RETURN_STATUS_IF_ERROR(ExpectEnd());
  result_.kind = Kind::kDatabaseDdl;
  result_.db = name;
  for (const auto& t : catalog_.Tables(name)) Change(ChangeType::kDrop, {t->db, t->name});
  result_.db = name;
  catalog_.DropDatabase(name);
  if (current_db_ == name) current_db_.clear();
  return OkStatus();
}

// CREATE TABLE.
Status Parser::CreateTable(bool temporary, bool or_replace) {
  result_.kind = Kind::kTableDdl;
  const bool if_not_exists = AcceptKws({"IF", "NOT", "EXISTS"});
  ROWCAST_ASSIGN_OR_RETURN_STATUS(QualifiedName q, TableName());
  result_.db = q.db;
  const bool apply = !temporary || options_.track_temporary;
  const bool exists = catalog_.FindTable(q.db, q.name) != nullptr;

  // CREATE TABLE t LIKE other, CREATE TABLE t (LIKE other)
  if (PeekKw("LIKE") || (PeekOp("(") && PeekKw("LIKE", 1))) {
    const bool paren = AcceptOp("(");
    ++pos_;  // LIKE
    ROWCAST_ASSIGN_OR_RETURN_STATUS(QualifiedName src, TableName());
    if (paren) ROWCAST_RETURN_STATUS_IF_ERROR(ExpectOp(")"));
    ROWCAST_RETURN_STATUS_IF_ERROR(ExpectEnd());
    if (!apply || (exists && if_not_exists && !or_replace)) return OkStatus();
    auto source = catalog_.FindTable(src.db, src.name);
    if (!source) {
      return NotFound(fmt::format("CREATE TABLE {}.{} LIKE an unknown table {}.{}", q.db, q.name,
                                  src.db, src.name));
    }
    Table t = *source;
    t.db = q.db;
    t.name = q.name;
    t.temporary = temporary;
    // Foreign keys are not copied by LIKE.
    std::erase_if(t.indexes, [](const Index& i) { return i.kind == IndexKind::kForeign; });
    catalog_.PutTable(std::move(t));
    Change(ChangeType::kCreate, q);
    return OkStatus();
  }

  std::vector<ColumnSpec> columns;
  std::vector<IndexSpec> indexes;
  bool has_definitions = false;
  bool select = false;
  if (PeekOp("(") && !(PeekKw("SELECT", 1) || PeekKw("WITH", 1) || PeekKw("VALUES", 1) ||
                       PeekKw("TABLE", 1) || PeekOp("(", 1))) {
    ++pos_;
    has_definitions = true;
    while (true) {
      ROWCAST_RETURN_STATUS_IF_ERROR(TableElement(columns, indexes));
      if (AcceptOp(",")) continue;
      ROWCAST_RETURN_STATUS_IF_ERROR(ExpectOp(")"));
      break;
    }
  }
  Table t;
  t.db = q.db;
  t.name = q.name;
  t.temporary = temporary;
  std::string charset, collation;
  ROWCAST_RETURN_STATUS_IF_ERROR(TableOptions(t, false, &charset, &collation, nullptr));
  if (AcceptKws({"PARTITION", "BY"})) ROWCAST_RETURN_STATUS_IF_ERROR(PartitionBy());
  if (AcceptKw("IGNORE") || AcceptKw("REPLACE")) select = true;
  if (AcceptKw("AS")) select = true;
  if (PeekKw("SELECT") || PeekKw("WITH") || PeekKw("VALUES") || PeekKw("TABLE") || PeekOp("(")) {
    select = true;
  }
  if (select) {
    if (!has_definitions) {
      return Fail(fmt::format(
          "the schema of {}.{} cannot be derived from a CREATE TABLE ... SELECT without column "
          "definitions (its columns come from the query)",
          q.db, q.name));
    }
    SkipRest();
  }
  ROWCAST_RETURN_STATUS_IF_ERROR(ExpectEnd());
  if (!has_definitions) return Error("'(' and column definitions");
  if (!apply) return OkStatus();
  if (exists && if_not_exists && !or_replace) return OkStatus();

  TableCharset(t, std::move(charset), std::move(collation));
  for (ColumnSpec& spec : columns) {
    ResolveCharset(spec, t);
    t.columns.push_back(std::move(spec.column));
  }
  ROWCAST_RETURN_STATUS_IF_ERROR(CheckColumns(t));
  for (IndexSpec& spec : indexes) {
    ROWCAST_RETURN_STATUS_IF_ERROR(AddIndex(t.indexes, t.primary_key, std::move(spec), nullptr, t));
  }
  AddForeignKeyIndexes(t);
  FinishTable(t);
  catalog_.PutTable(std::move(t));
  Change(ChangeType::kCreate, q);
  return OkStatus();
}

// The table's default charset: its own, else its database's, else the server's.
void Parser::TableCharset(Table& table, std::string charset, std::string collation) const {
  if (charset.empty() && !collation.empty()) charset = CharsetOfCollation(collation);
  if (charset.empty()) {
    if (const Database* db = catalog_.FindDatabase(table.db)) {
      table.default_charset = db->charset;
      table.default_collation = db->collation;
    } else {
      table.default_charset = catalog_.server_charset();
      table.default_collation = catalog_.server_collation();
    }
    return;
  }
  table.default_charset = charset;
  table.default_collation = collation.empty() ? DefaultCollation(charset) : collation;
}

void Parser::ResolveCharset(ColumnSpec& spec, const Table& table) const {
  Column& c = spec.column;
  if (spec.charset == "binary" && IsCharacterType(c.type)) {
    // CHAR(n) CHARACTER SET binary is BINARY(n), VARCHAR -> VARBINARY, TEXT -> BLOB.
    switch (c.type) {
      case DataType::kChar:
        c.type = DataType::kBinary;
        break;
      case DataType::kVarChar:
        c.type = DataType::kVarBinary;
        break;
      case DataType::kTinyText:
        c.type = DataType::kTinyBlob;
        break;
      case DataType::kText:
        c.type = DataType::kBlob;
        break;
      case DataType::kMediumText:
        c.type = DataType::kMediumBlob;
        break;
      case DataType::kLongText:
        c.type = DataType::kLongBlob;
        break;
      default:
        break;
    }
  }
  if (!IsCharacterType(c.type)) {
    c.charset = spec.charset == "binary" ? "binary" : "";
    c.collation.clear();
    return;
  }
  std::string cs = spec.charset, coll = spec.collation;
  if (cs.empty() && !coll.empty()) cs = CharsetOfCollation(coll);
  if (cs.empty()) {
    cs = table.default_charset;
    if (coll.empty() && !spec.binary_collation) coll = table.default_collation;
  }
  if (coll.empty()) coll = spec.binary_collation ? cs + "_bin" : DefaultCollation(cs);
  c.charset = std::move(cs);
  c.collation = std::move(coll);
}

Status Parser::CheckColumns(const Table& table) const {
  if (table.columns.size() > kMaxColumns) {
    return Fail(
        fmt::format("{}.{} would have more than {} columns", table.db, table.name, kMaxColumns));
  }
  for (size_t i = 0; i < table.columns.size(); ++i) {
    for (size_t j = i + 1; j < table.columns.size(); ++j) {
      if (KeywordEquals(table.columns[i].name, table.columns[j].name)) {
        return Fail(fmt::format("duplicate column `{}` in {}.{}", table.columns[j].name, table.db,
                                table.name));
      }
    }
  }
  return OkStatus();
}

// Adds an index the way the server names it: unnamed keys take the name of their first column,
// with _2, _3, ... when taken; foreign keys get <table>_ibfk_<n> and an index of their own
// unless one starts with their columns.
Status Parser::AddIndex(std::vector<Index>& indexes, std::vector<std::string>& pk, IndexSpec spec,
                        const std::vector<Index>* other, const Table& table) {
  if (spec.check) return OkStatus();
  Index& index = spec.index;
  for (std::string& col : index.columns) {
    const int c = table.FindColumn(col);
    if (c < 0) {
      return NotFound(
          fmt::format("key column `{}` is not a column of {}.{}", col, table.db, table.name));
    }
    col = table.columns[static_cast<size_t>(c)].name;  // the column's own spelling
  }
  auto taken = [&](std::string_view name) {
    return FindIndex(indexes, name) >= 0 || (other != nullptr && FindIndex(*other, name) >= 0) ||
           KeywordEquals(name, "PRIMARY");
  };
  auto unique_name = [&](std::string base) {
    if (!taken(base)) return base;
    for (int n = 2; n < 100000; ++n) {
      std::string candidate = fmt::format("{}_{}", base, n);
      if (!taken(candidate)) return candidate;
    }
    return base;
  };
  if (indexes.size() >= kMaxIndexes) {
    return Fail(
        fmt::format("{}.{} would have more than {} indexes", table.db, table.name, kMaxIndexes));
  }
  if (index.kind == IndexKind::kPrimary) {
    pk = index.columns;
    return OkStatus();
  }
  if (index.kind == IndexKind::kForeign) {
    // The supporting key is added once the statement's keys are known (AddForeignKeyIndexes).
    PendingKey pending;
    pending.columns = index.columns;
    pending.name = !spec.constraint.empty() ? spec.constraint : spec.named ? index.name : "";
    pending_keys_.push_back(std::move(pending));
    Index fk;
    fk.kind = IndexKind::kForeign;
    fk.columns = index.columns;
    if (!spec.constraint.empty()) {
      fk.name = spec.constraint;
    } else if (spec.named) {
      fk.name = index.name;  // MariaDB; MySQL 8.0.16+ generates a name instead
    } else {
      int n = 1;
      while (taken(fmt::format("{}_ibfk_{}", table.name, n))) ++n;
      fk.name = fmt::format("{}_ibfk_{}", table.name, n);
    }
    indexes.push_back(std::move(fk));
    return OkStatus();
  }
  if (!spec.named && !spec.constraint.empty()) {
    index.name = spec.constraint;
    spec.named = true;
  }
  if (spec.named) {
    if (FindIndex(indexes, index.name) >= 0) {
      if (spec.if_not_exists) return OkStatus();
      return Fail(
          fmt::format("duplicate key name `{}` in {}.{}", index.name, table.db, table.name));
    }
  } else {
    if (index.columns.empty()) {
      // Only functional key parts: MySQL names these functional_index, _2, ...
      index.name = unique_name("functional_index");
    } else {
      index.name = unique_name(index.columns.front());
    }
  }
  indexes.push_back(std::move(index));
  return OkStatus();
}

// Each new foreign key needs a key whose columns start with its columns (the primary key
// counts); the server adds one when there is none, named after the constraint, else the
// foreign key's index name, else its first column.
void Parser::AddForeignKeyIndexes(Table& table) {
  for (PendingKey& p : pending_keys_) {
    if (p.columns.empty()) continue;
    auto covers = [&](const std::vector<std::string>& cols) {
      if (cols.size() < p.columns.size()) return false;
      for (size_t i = 0; i < p.columns.size(); ++i) {
        if (!KeywordEquals(cols[i], p.columns[i])) return false;
      }
      return true;
    };
    bool covered = covers(table.primary_key);
    for (const Index& i : table.indexes) {
      if (i.kind != IndexKind::kForeign && covers(i.columns)) covered = true;
    }
    if (covered) continue;
    std::string base = p.name.empty() ? p.columns.front() : p.name;
    std::string name = base;
    for (int n = 2; n < 100000; ++n) {
      bool taken = KeywordEquals(name, "PRIMARY");
      for (const Index& i : table.indexes) {
        if (i.kind != IndexKind::kForeign && KeywordEquals(i.name, name)) taken = true;
      }
      if (!taken) break;
      name = fmt::format("{}_{}", base, n);
    }
    Index key;
    key.kind = IndexKind::kKey;
    key.name = std::move(name);
    key.columns = std::move(p.columns);
    table.indexes.push_back(std::move(key));
  }
  pending_keys_.clear();
}

void Parser::FinishTable(Table& table) {
  for (const std::string& col : table.primary_key) {
    const int i = table.FindColumn(col);
    if (i >= 0) MakeNotNull(table.columns[static_cast<size_t>(i)]);
  }
}

// One element of CREATE TABLE ( ... ): a column or an index/constraint.
Status Parser::TableElement(std::vector<ColumnSpec>& columns, std::vector<IndexSpec>& indexes) {
  const Token* t = Peek();
  if (IsWord(t) && (PeekKw("CONSTRAINT") || PeekKw("PRIMARY") || PeekKw("UNIQUE") ||
                    PeekKw("KEY") || PeekKw("INDEX") || PeekKw("FULLTEXT") || PeekKw("SPATIAL") ||
                    PeekKw("FOREIGN") || PeekKw("CHECK"))) {
    return IndexDefinition(indexes);
  }
  if (PeekKw("PERIOD") && PeekKw("FOR", 1)) {
    // MariaDB: PERIOD FOR SYSTEM_TIME (start, end) / PERIOD FOR name (start, end)
    pos_ += 2;
    ROWCAST_RETURN_STATUS_IF_ERROR(Ident("a period name"));
    return SkipBalanced().has_value() ? OkStatus() : Error("'(' start, end ')'");
  }
  if (PeekKw("LIKE")) return Error("a column definition");
  ColumnSpec spec;
  ROWCAST_RETURN_STATUS_IF_ERROR(ColumnDefinition(spec, indexes));
  if (columns.size() >= kMaxColumns) {
    return Fail(fmt::format("a table with more than {} columns", kMaxColumns));
  }
  columns.push_back(std::move(spec));
  return OkStatus();
}

Status Parser::ColumnDefinition(ColumnSpec& spec, std::vector<IndexSpec>& indexes) {
  const Token* t = Peek();
  if (!IsIdentTok(t)) return Error("a column definition");
  ROWCAST_ASSIGN_OR_RETURN_STATUS(spec.column.name, Ident("a column name"));
  // A qualified column name (t.c, db.t.c) is allowed and means the same column.
  for (int i = 0; i < 2 && PeekOp(".") && IsIdentTok(Peek(1)); ++i) {
    ++pos_;
    ROWCAST_ASSIGN_OR_RETURN_STATUS(spec.column.name, Ident("a column name"));
  }
  ROWCAST_RETURN_STATUS_IF_ERROR(DataTypeDef(spec));
  ROWCAST_RETURN_STATUS_IF_ERROR(ColumnAttributes(spec, indexes));
  Column& c = spec.column;
  if (spec.unique) {  // SERIAL, SERIAL DEFAULT VALUE
    IndexSpec ix;
    ix.index.kind = IndexKind::kUnique;
    ix.index.columns.push_back(c.name);
    indexes.push_back(std::move(ix));
  }
  if (spec.explicit_not_null) c.nullable = false;
  if (spec.primary) c.nullable = false;
  if (!spec.has_default && c.nullable && !c.auto_increment && !c.generated) {
    c.has_default = true;
    c.default_null = true;
  }
  if (spec.primary) MakeNotNull(c);
  return OkStatus();
}

// (M) or (M,D).
Status Parser::TypeLength(Column& c, bool allow_scale) {
  if (!AcceptOp("(")) return OkStatus();
  ROWCAST_ASSIGN_OR_RETURN_STATUS(int64_t m, Integer("a length"));
  c.length = m;
  if (allow_scale && AcceptOp(",")) {
    ROWCAST_ASSIGN_OR_RETURN_STATUS(int64_t d, Integer("a scale"));
    if (d > INT32_MAX) return Error("a smaller scale");
    c.scale = static_cast<int32_t>(d);
  }
  return ExpectOp(")");
}

Status Parser::EnumValues(Column& c) {
  ROWCAST_RETURN_STATUS_IF_ERROR(ExpectOp("("));
  while (true) {
    ROWCAST_ASSIGN_OR_RETURN_STATUS(std::string v, StringLiteral("a quoted value"));
    if (c.enum_values.size() >= kMaxEnumValues) return Error("at most 65535 values");
    c.enum_values.push_back(std::move(v));
    if (AcceptOp(",")) continue;
    return ExpectOp(")");
  }
}

StatusOr<std::string> Parser::CharsetName() {
  if (AcceptKw("BINARY")) return std::string("binary");
  ROWCAST_ASSIGN_OR_RETURN(std::string cs, NameOrString("a character set name"));
  return NormalizeCharset(cs);
}

Status Parser::DataTypeDef(ColumnSpec& spec) {
  Column& c = spec.column;
  const Token* t = Peek();
  if (!IsWord(t)) return Error("a data type");
  const std::string w = Lower(t->text);
  ++pos_;
  struct Simple {
    std::string_view name;
    DataType type;
  };
  static constexpr Simple kIntegers[] = {
      {"tinyint", DataType::kTinyInt},     {"int1", DataType::kTinyInt},
      {"smallint", DataType::kSmallInt},   {"int2", DataType::kSmallInt},
      {"mediumint", DataType::kMediumInt}, {"int3", DataType::kMediumInt},
      {"middleint", DataType::kMediumInt}, {"int", DataType::kInt},
      {"integer", DataType::kInt},         {"int4", DataType::kInt},
      {"bigint", DataType::kBigInt},       {"int8", DataType::kBigInt},
  };
  static constexpr Simple kPlain[] = {
      {"date", DataType::kDate},
      {"tinytext", DataType::kTinyText},
      {"mediumtext", DataType::kMediumText},
      {"longtext", DataType::kLongText},
      {"clob", DataType::kLongText},
      {"tinyblob", DataType::kTinyBlob},
      {"mediumblob", DataType::kMediumBlob},
      {"longblob", DataType::kLongBlob},
      {"json", DataType::kJson},
      {"geometry", DataType::kGeometry},
      {"point", DataType::kPoint},
      {"linestring", DataType::kLineString},
      {"polygon", DataType::kPolygon},
      {"multipoint", DataType::kMultiPoint},
      {"multilinestring", DataType::kMultiLineString},
      {"multipolygon", DataType::kMultiPolygon},
      {"geometrycollection", DataType::kGeometryCollection},
      {"geomcollection", DataType::kGeometryCollection},
      {"uuid", DataType::kUuid},
      {"inet4", DataType::kInet4},
      {"inet6", DataType::kInet6},
  };
  static constexpr Simple kWithLength[] = {
      {"bit", DataType::kBit},
      {"time", DataType::kTime},
      {"datetime", DataType::kDateTime},
      {"timestamp", DataType::kTimestamp},
      {"year", DataType::kYear},
      {"varchar", DataType::kVarChar},
      {"varchar2", DataType::kVarChar},
      {"binary", DataType::kBinary},
      {"varbinary", DataType::kVarBinary},
      {"raw", DataType::kVarBinary},
      {"text", DataType::kText},
      {"blob", DataType::kBlob},
      {"vector", DataType::kVector},
  };
  for (const Simple& s : kIntegers) {
    if (s.name == w) {
      c.type = s.type;
      return TypeLength(c, false);
    }
  }
  for (const Simple& s : kPlain) {
    if (s.name == w) {
      c.type = s.type;
      return OkStatus();
    }
  }
  for (const Simple& s : kWithLength) {
    if (s.name == w) {
      c.type = s.type;
      return TypeLength(c, false);
    }
  }
  if (w == "bool" || w == "boolean") {
    c.type = DataType::kBool;
    c.length = 1;
    return OkStatus();
  }
  if (w == "serial") {
    c.type = DataType::kBigInt;
    c.is_unsigned = true;
    c.auto_increment = true;
    spec.explicit_not_null = true;
    spec.unique = true;
    return OkStatus();
  }
  if (w == "decimal" || w == "dec" || w == "numeric" || w == "fixed" || w == "number") {
    c.type = DataType::kDecimal;
    return TypeLength(c, true);
  }
  if (w == "float" || w == "float4") {
    c.type = DataType::kFloat;
    ROWCAST_RETURN_STATUS_IF_ERROR(TypeLength(c, true));
    if (c.length && !c.scale) {
      // FLOAT(p): the precision in bits picks FLOAT or DOUBLE, and is not kept.
      if (*c.length > 24) c.type = DataType::kDouble;
      c.length.reset();
    }
    return OkStatus();
  }
  if (w == "double" || w == "float8" || w == "real") {
    c.type = DataType::kDouble;
    if (w == "double") AcceptKw("PRECISION");
    return TypeLength(c, true);
  }
  if (w == "char" || w == "character" || w == "nchar" || w == "national") {
    bool national = w == "nchar" || w == "national";
    if (w == "national" && !AcceptKw("CHAR") && !AcceptKw("CHARACTER")) {
      if (AcceptKw("VARCHAR")) {
        c.type = DataType::kVarChar;
        spec.charset = "utf8mb3";
        return TypeLength(c, false);
      }
      return Error("CHAR or VARCHAR after NATIONAL");
    }
    c.type = DataType::kChar;
    if (AcceptKw("VARYING") || (w == "nchar" && AcceptKw("VARCHAR"))) c.type = DataType::kVarChar;
    if (national) spec.charset = "utf8mb3";
    ROWCAST_RETURN_STATUS_IF_ERROR(TypeLength(c, false));
    if (AcceptKw("BYTE")) c.type = DataType::kBinary;
    return OkStatus();
  }
  if (w == "nvarchar") {
    c.type = DataType::kVarChar;
    spec.charset = "utf8mb3";
    return TypeLength(c, false);
  }
  if (w == "long") {
    if (AcceptKw("VARBINARY")) {
      c.type = DataType::kMediumBlob;
    } else {
      AcceptKw("VARCHAR") || AcceptKw("CHARACTER");
      AcceptKw("VARYING");
      c.type = DataType::kMediumText;
    }
    return OkStatus();
  }
  if (w == "enum" || w == "set") {
    c.type = w == "enum" ? DataType::kEnum : DataType::kSet;
    return EnumValues(c);
  }
  --pos_;
  return Error("a data type");
}

Status Parser::DefaultValue(Column& c, bool& is_null) {
  is_null = false;
  const Token* t = Peek();
  if (t == nullptr) return Error("a default value");
  if (IsKw(t, "NULL")) {
    ++pos_;
    is_null = true;
    return OkStatus();
  }
  if (IsOp(t, "(")) {
    ROWCAST_ASSIGN_OR_RETURN_STATUS(c.default_value, SkipBalanced());
    return OkStatus();
  }
  std::string sign;
  if (IsOp(t, "-") || IsOp(t, "+")) {
    if (IsOp(t, "-")) sign = "-";
    ++pos_;
    t = Peek();
    if (t == nullptr || t->kind != TokenKind::kNumber) return Error("a number");
  }
  SkipIntroducer();
  t = Peek();
  if (t == nullptr) return Error("a default value");
  switch (t->kind) {
    case TokenKind::kNumber:
      c.default_value = sign + t->value;
      ++pos_;
      return OkStatus();
    case TokenKind::kString:
    case TokenKind::kDoubleQuoted: {
      ROWCAST_ASSIGN_OR_RETURN_STATUS(c.default_value, StringLiteral("a string"));
      return OkStatus();
    }
    case TokenKind::kHexString:
    case TokenKind::kBitString:
      c.default_value = std::string(t->text);
      ++pos_;
      return OkStatus();
    case TokenKind::kWord: {
      // DATE '2020-01-01', TIMESTAMP '...', TIME '...'
      if ((IsKw(t, "DATE") || IsKw(t, "TIME") || IsKw(t, "TIMESTAMP")) && IsStringTok(Peek(1))) {
        ++pos_;
        ROWCAST_ASSIGN_OR_RETURN_STATUS(c.default_value, StringLiteral("a string"));
        return OkStatus();
      }
      // MariaDB: DEFAULT NEXT VALUE FOR seq, DEFAULT PREVIOUS VALUE FOR seq
      if ((IsKw(t, "NEXT") || IsKw(t, "PREVIOUS")) && PeekKw("VALUE", 1) && PeekKw("FOR", 2)) {
        const Token& first = *t;
        pos_ += 3;
        ROWCAST_RETURN_STATUS_IF_ERROR(TableName());
        c.default_value = JoinText(sql_, first, toks_[pos_ - 1]);
        return OkStatus();
      }
      // Keywords and function calls: CURRENT_TIMESTAMP, current_timestamp(6), uuid(), TRUE.
      const Token& first = *t;
      ++pos_;
      if (PeekOp(".") && IsIdentTok(Peek(1))) pos_ += 2;  // db.func()
      if (PeekOp("(")) ROWCAST_RETURN_STATUS_IF_ERROR(SkipBalanced());
      c.default_value = JoinText(sql_, first, toks_[pos_ - 1]);
      return OkStatus();
    }
    default:
      return Error("a default value");
  }
}

Status Parser::ColumnAttributes(ColumnSpec& spec, std::vector<IndexSpec>& indexes) {
  Column& c = spec.column;
  while (!AtEnd()) {
    if (PeekOp(",") || PeekOp(")") || PeekKw("FIRST") || PeekKw("AFTER") || PeekPartitionClause()) {
      break;
    }
    if (AcceptKws({"NOT", "NULL"})) {
      spec.explicit_not_null = true;
      c.nullable = false;
    } else if (AcceptKw("NULL")) {
      spec.explicit_null = true;
      c.nullable = true;
    } else if (AcceptKw("DEFAULT")) {
      bool is_null = false;
      c.default_value.clear();
      ROWCAST_RETURN_STATUS_IF_ERROR(DefaultValue(c, is_null));
      spec.has_default = true;
      c.has_default = true;
      c.default_null = is_null;
    } else if (AcceptKws({"ON", "UPDATE"})) {
      Column scratch;
      bool is_null = false;
      ROWCAST_RETURN_STATUS_IF_ERROR(DefaultValue(scratch, is_null));
    } else if (AcceptKw("AUTO_INCREMENT")) {
      c.auto_increment = true;
    } else if (AcceptKws({"SERIAL", "DEFAULT", "VALUE"})) {
      c.auto_increment = true;
      spec.explicit_not_null = true;
      c.nullable = false;
      spec.unique = true;
    } else if (AcceptKw("UNIQUE")) {
      AcceptKw("KEY");
      IndexSpec ix;
      ix.index.kind = IndexKind::kUnique;
      ix.index.columns.push_back(c.name);
      indexes.push_back(std::move(ix));
    } else if (AcceptKws({"PRIMARY", "KEY"}) || AcceptKw("KEY")) {
      spec.primary = true;
      IndexSpec ix;
      ix.index.kind = IndexKind::kPrimary;
      ix.index.name = "PRIMARY";
      ix.index.columns.push_back(c.name);
      indexes.push_back(std::move(ix));
    } else if (AcceptKw("COMMENT")) {
      ROWCAST_ASSIGN_OR_RETURN_STATUS(c.comment, StringLiteral("a comment string"));
    } else if (AcceptKw("COLLATE")) {
      AcceptOp("=");
      ROWCAST_ASSIGN_OR_RETURN_STATUS(std::string coll, NameOrString("a collation name"));
      spec.collation = NormalizeCollation(coll);
    } else if (AcceptKws({"CHARACTER", "SET"}) || AcceptKw("CHARSET") ||
               AcceptKws({"CHAR", "SET"})) {
      AcceptOp("=");
      ROWCAST_ASSIGN_OR_RETURN_STATUS(spec.charset, CharsetName());
    } else if (AcceptKw("ASCII")) {
      spec.charset = "latin1";
      if (AcceptKw("BINARY")) spec.binary_collation = true;
    } else if (AcceptKw("UNICODE")) {
      spec.charset = "ucs2";
      if (AcceptKw("BINARY")) spec.binary_collation = true;
    } else if (AcceptKw("BYTE")) {
      spec.charset = "binary";
    } else if (AcceptKw("BINARY")) {
      spec.binary_collation = true;
    } else if (AcceptKw("UNSIGNED")) {
      c.is_unsigned = true;
    } else if (AcceptKw("SIGNED")) {
    } else if (AcceptKw("ZEROFILL")) {
      c.zerofill = true;
      c.is_unsigned = true;
    } else if (AcceptKw("COLUMN_FORMAT") || AcceptKw("STORAGE")) {
      ROWCAST_RETURN_STATUS_IF_ERROR(Ident("a column format or storage"));
    } else if (PeekKw("GENERATED") || PeekKw("AS")) {
      if (AcceptKw("GENERATED")) {
        ROWCAST_RETURN_STATUS_IF_ERROR(ExpectKw("ALWAYS"));
      }
      ROWCAST_RETURN_STATUS_IF_ERROR(ExpectKw("AS"));
      if (AcceptKw("ROW")) {
        // MariaDB system versioning: GENERATED ALWAYS AS ROW START|END, always set.
        if (!AcceptKw("START") && !AcceptKw("END")) return Error("START or END");
        spec.explicit_not_null = true;
        c.nullable = false;
        continue;
      }
      if (AcceptKw("IDENTITY")) continue;
      ROWCAST_ASSIGN_OR_RETURN_STATUS(c.generation_expression, ParenthesizedText());
      c.generated = true;
      c.generated_stored = false;
    } else if (AcceptKw("VIRTUAL")) {
      c.generated_stored = false;
    } else if (AcceptKw("STORED") || AcceptKw("PERSISTENT")) {
      c.generated_stored = true;
    } else if (AcceptKw("INVISIBLE")) {
      c.invisible = true;
    } else if (AcceptKw("VISIBLE")) {
      c.invisible = false;
    } else if (AcceptKw("SRID")) {
      ROWCAST_ASSIGN_OR_RETURN_STATUS(int64_t srid, Integer("an SRID"));
      if (srid > UINT32_MAX) return Error("an SRID below 2^32");
      c.srid = static_cast<uint32_t>(srid);
    } else if (AcceptKw("REF_SYSTEM_ID")) {
      AcceptOp("=");
      ROWCAST_RETURN_STATUS_IF_ERROR(Integer("an SRID"));
    } else if (PeekKw("CHECK") || PeekKw("CONSTRAINT")) {
      if (AcceptKw("CONSTRAINT") && !PeekKw("CHECK")) {
        ROWCAST_RETURN_STATUS_IF_ERROR(Ident("a constraint name"));
      }
      ROWCAST_RETURN_STATUS_IF_ERROR(ExpectKw("CHECK"));
      ROWCAST_RETURN_STATUS_IF_ERROR(SkipBalanced());
      AcceptKws({"NOT", "ENFORCED"}) || AcceptKw("ENFORCED");
    } else if (AcceptKw("REFERENCES")) {
      ROWCAST_RETURN_STATUS_IF_ERROR(References());
    } else if (AcceptKw("ENGINE_ATTRIBUTE") || AcceptKw("SECONDARY_ENGINE_ATTRIBUTE")) {
      AcceptOp("=");
      ROWCAST_RETURN_STATUS_IF_ERROR(StringLiteral("an attribute string"));
    } else if (AcceptKws({"WITH", "SYSTEM", "VERSIONING"}) ||
               AcceptKws({"WITHOUT", "SYSTEM", "VERSIONING"})) {
    } else if (AcceptKw("COMPRESSED")) {
      if (AcceptOp("=")) ROWCAST_RETURN_STATUS_IF_ERROR(Ident("a compression method"));
    } else if (AcceptKws({"NOT", "SECONDARY"})) {
    } else if (PeekKw("IGNORED") || (PeekKw("NOT") && PeekKw("IGNORED", 1))) {
      AcceptKw("NOT");
      ++pos_;
    } else {
      return Error("a column attribute");
    }
  }
  return OkStatus();
}

// REFERENCES tbl [(cols)] [MATCH ...] [ON DELETE action] [ON UPDATE action]
Status Parser::References() {
  ROWCAST_RETURN_STATUS_IF_ERROR(TableName());
  if (PeekOp("(")) ROWCAST_RETURN_STATUS_IF_ERROR(SkipBalanced());
  if (AcceptKw("MATCH")) ROWCAST_RETURN_STATUS_IF_ERROR(Ident("FULL, PARTIAL or SIMPLE"));
  while (AcceptKw("ON")) {
    if (!AcceptKw("DELETE") && !AcceptKw("UPDATE")) return Error("DELETE or UPDATE");
    if (AcceptKw("RESTRICT") || AcceptKw("CASCADE") || AcceptKws({"SET", "NULL"}) ||
        AcceptKws({"SET", "DEFAULT"}) || AcceptKws({"NO", "ACTION"})) {
      continue;
    }
    return Error("RESTRICT, CASCADE, SET NULL, SET DEFAULT or NO ACTION");
  }
  return OkStatus();
}

// ( key_part, ... ): column [(length)] [ASC|DESC] | (expr) [ASC|DESC]
Status Parser::KeyParts(Index& index) {
  ROWCAST_RETURN_STATUS_IF_ERROR(ExpectOp("("));
  while (true) {
    if (PeekOp("(")) {
      ROWCAST_RETURN_STATUS_IF_ERROR(SkipBalanced());
    } else {
      ROWCAST_ASSIGN_OR_RETURN_STATUS(std::string col, Ident("a key column"));
      if (PeekOp("(")) {
        ++pos_;
        ROWCAST_RETURN_STATUS_IF_ERROR(Integer("a key prefix length"));
        ROWCAST_RETURN_STATUS_IF_ERROR(ExpectOp(")"));
      }
      if (index.columns.size() >= kMaxColumns) return Error("fewer key parts");
      index.columns.push_back(std::move(col));
    }
    AcceptKw("ASC") || AcceptKw("DESC");
    if (AcceptOp(",")) continue;
    return ExpectOp(")");
  }
}

Status Parser::IndexOptions() {
  while (!AtEnd()) {
    if (AcceptKw("KEY_BLOCK_SIZE")) {
      AcceptOp("=");
      ROWCAST_RETURN_STATUS_IF_ERROR(Integer("a key block size"));
    } else if (AcceptKw("USING") || AcceptKw("TYPE")) {
      ROWCAST_RETURN_STATUS_IF_ERROR(Ident("BTREE, HASH or RTREE"));
    } else if (AcceptKws({"WITH", "PARSER"})) {
      ROWCAST_RETURN_STATUS_IF_ERROR(Ident("a parser name"));
    } else if (AcceptKw("COMMENT")) {
      ROWCAST_RETURN_STATUS_IF_ERROR(StringLiteral("a comment string"));
    } else if (AcceptKw("VISIBLE") || AcceptKw("INVISIBLE") || AcceptKw("IGNORED") ||
               AcceptKws({"NOT", "IGNORED"})) {
    } else if (AcceptKw("ENGINE_ATTRIBUTE") || AcceptKw("SECONDARY_ENGINE_ATTRIBUTE")) {
      AcceptOp("=");
      ROWCAST_RETURN_STATUS_IF_ERROR(StringLiteral("an attribute string"));
    } else if (PeekKw("CLUSTERING") && PeekOp("=", 1)) {
      pos_ += 2;
      ROWCAST_RETURN_STATUS_IF_ERROR(Ident("YES or NO"));
    } else {
      break;
    }
  }
  return OkStatus();
}

// PRIMARY KEY, UNIQUE, INDEX/KEY, FULLTEXT, SPATIAL, FOREIGN KEY, CHECK, with CONSTRAINT name.
Status Parser::IndexDefinition(std::vector<IndexSpec>& indexes) {
  IndexSpec spec;
  if (AcceptKw("CONSTRAINT")) {
    if (!(PeekKw("PRIMARY") || PeekKw("UNIQUE") || PeekKw("FOREIGN") || PeekKw("CHECK"))) {
      ROWCAST_ASSIGN_OR_RETURN_STATUS(spec.constraint, Ident("a constraint name"));
    }
  }
  Index& index = spec.index;
  if (AcceptKw("CHECK")) {
    ROWCAST_RETURN_STATUS_IF_ERROR(SkipBalanced());
    AcceptKws({"NOT", "ENFORCED"}) || AcceptKw("ENFORCED");
    spec.check = true;
    indexes.push_back(std::move(spec));
    return OkStatus();
  }
  if (AcceptKw("FOREIGN")) {
    ROWCAST_RETURN_STATUS_IF_ERROR(ExpectKw("KEY"));
    index.kind = IndexKind::kForeign;
    spec.if_not_exists = AcceptKws({"IF", "NOT", "EXISTS"});
    if (!PeekOp("(")) {
      ROWCAST_ASSIGN_OR_RETURN_STATUS(index.name, Ident("a foreign key name"));
      spec.named = true;
    }
    ROWCAST_RETURN_STATUS_IF_ERROR(KeyParts(index));
    ROWCAST_RETURN_STATUS_IF_ERROR(ExpectKw("REFERENCES"));
    ROWCAST_RETURN_STATUS_IF_ERROR(References());
    indexes.push_back(std::move(spec));
    return OkStatus();
  }
  if (AcceptKws({"PRIMARY", "KEY"})) {
    index.kind = IndexKind::kPrimary;
    index.name = "PRIMARY";
  } else if (AcceptKw("UNIQUE")) {
    index.kind = IndexKind::kUnique;
    AcceptKw("INDEX") || AcceptKw("KEY");
  } else if (AcceptKw("FULLTEXT") || AcceptKw("SPATIAL")) {
    index.kind = KeywordEquals(toks_[pos_ - 1].text, "FULLTEXT") ? IndexKind::kFullText
                                                                 : IndexKind::kSpatial;
    AcceptKw("INDEX") || AcceptKw("KEY");
  } else if (AcceptKw("INDEX") || AcceptKw("KEY")) {
    index.kind = IndexKind::kKey;
  } else {
    return Error("PRIMARY KEY, UNIQUE, INDEX, KEY, FULLTEXT, SPATIAL, FOREIGN KEY or CHECK");
  }
  if (index.kind != IndexKind::kPrimary) {
    spec.if_not_exists = AcceptKws({"IF", "NOT", "EXISTS"});
    if (!PeekOp("(") && !PeekKw("USING") && !PeekKw("TYPE")) {
      ROWCAST_ASSIGN_OR_RETURN_STATUS(index.name, Ident("an index name"));
      spec.named = true;
    }
  } else if (IsIdentTok(Peek()) && !PeekKw("USING") && !PeekKw("TYPE")) {
    ROWCAST_RETURN_STATUS_IF_ERROR(Ident("an index name"));  // ignored: always PRIMARY
  }
  ROWCAST_RETURN_STATUS_IF_ERROR(IndexOptions());
  ROWCAST_RETURN_STATUS_IF_ERROR(KeyParts(index));
  ROWCAST_RETURN_STATUS_IF_ERROR(IndexOptions());
  indexes.push_back(std::move(spec));
  return OkStatus();
}

// Table options, separated by spaces or commas. In ALTER TABLE a comma may also start the next
// clause: `stop_at_comma` then reports a comma that was not followed by an option.
Status Parser::TableOptions(Table& table, bool alter, std::string* charset, std::string* collation,
                            bool* stop_at_comma) {
  while (!AtEnd()) {
    const size_t start = pos_;
    Status status;
    if (TableOption(table, charset, collation, status)) {
      ROWCAST_RETURN_STATUS_IF_ERROR(status);
      if (alter && PeekOp(",")) {
        // A comma after an option in ALTER: either another option or the next clause.
        const size_t comma = pos_;
        ++pos_;
        Table probe;
        std::string a, b;
        Status s2;
        const size_t saved = pos_;
        if (TableOption(probe, &a, &b, s2) && s2.ok()) {
          pos_ = saved;
          continue;
        }
        pos_ = comma;
        if (stop_at_comma != nullptr) *stop_at_comma = true;
        return OkStatus();
      }
      if (!alter) AcceptOp(",");
      continue;
    }
    pos_ = start;
    break;
  }
  return OkStatus();
}

// One table option; false when the next tokens are not a table option.
bool Parser::TableOption(Table& table, std::string* charset, std::string* collation,
                         Status& status) {
  const size_t start = pos_;
  const bool had_default = AcceptKw("DEFAULT");
  if (AcceptKws({"CHARACTER", "SET"}) || AcceptKw("CHARSET") || AcceptKws({"CHAR", "SET"})) {
    AcceptOp("=");
    if (AcceptKw("DEFAULT")) {
      if (charset != nullptr) charset->clear();
      return true;
    }
    auto cs = CharsetName();
    if (!cs.has_value()) {
      status = cs.error();
      return true;
    }
    if (charset != nullptr) *charset = *cs;
    return true;
  }
  if (AcceptKw("COLLATE")) {
    AcceptOp("=");
    auto coll = NameOrString("a collation name");
    if (!coll.has_value()) {
      status = coll.error();
      return true;
    }
    if (collation != nullptr) *collation = NormalizeCollation(*coll);
    return true;
  }
  if (had_default) {
    // DEFAULT ENCRYPTION = 'Y' (MySQL CREATE DATABASE), else not an option.
    if (AcceptKw("ENCRYPTION")) {
      AcceptOp("=");
      status = SkipValue("'Y' or 'N'");
      return true;
    }
    pos_ = start;
    return false;
  }
  const Token* t = Peek();
  if (!IsWord(t)) return false;
  if (AcceptKw("ENGINE") || AcceptKw("TYPE") || AcceptKws({"STORAGE", "ENGINE"})) {
    AcceptOp("=");
    auto engine = NameOrString("an engine name");
    if (!engine.has_value()) {
      status = engine.error();
    } else {
      table.engine = *engine;
    }
    return true;
  }
  if (AcceptKw("COMMENT")) {
    AcceptOp("=");
    auto comment = StringLiteral("a comment string");
    if (!comment.has_value()) {
      status = comment.error();
    } else {
      table.comment = *comment;
    }
    return true;
  }
  if (AcceptKws({"DATA", "DIRECTORY"}) || AcceptKws({"INDEX", "DIRECTORY"})) {
    AcceptOp("=");
    status = StringLiteral("a directory").has_value() ? OkStatus() : Error("a directory");
    return true;
  }
  if (AcceptKw("UNION")) {
    AcceptOp("=");
    status = SkipBalanced().has_value() ? OkStatus() : Error("'(' table list ')'");
    return true;
  }
  if (AcceptKws({"START", "TRANSACTION"})) return true;
  if (AcceptKws({"WITH", "SYSTEM", "VERSIONING"})) return true;
  if (AcceptKw("TABLESPACE")) {
    AcceptOp("=");
    auto ts = NameOrString("a tablespace name");
    if (!ts.has_value()) status = ts.error();
    if (AcceptKw("STORAGE")) status = Ident("DISK or MEMORY").has_value() ? OkStatus() : status;
    return true;
  }
  if (PeekKw("STORAGE") && (PeekKw("DISK", 1) || PeekKw("MEMORY", 1))) {
    pos_ += 2;
    return true;
  }
  if (PeekKw("SECONDARY_ENGINE") && PeekKw("NULL", 1)) {
    pos_ += 2;
    return true;
  }
  static constexpr std::string_view kKnown[] = {
      "AUTO_INCREMENT",
      "AVG_ROW_LENGTH",
      "CHECKSUM",
      "TABLE_CHECKSUM",
      "COMPRESSION",
      "CONNECTION",
      "DELAY_KEY_WRITE",
      "ENCRYPTION",
      "ENCRYPTED",
      "ENCRYPTION_KEY_ID",
      "INSERT_METHOD",
      "KEY_BLOCK_SIZE",
      "MAX_ROWS",
      "MIN_ROWS",
      "PACK_KEYS",
      "PASSWORD",
      "ROW_FORMAT",
      "STATS_AUTO_RECALC",
      "STATS_PERSISTENT",
      "STATS_SAMPLE_PAGES",
      "PAGE_CHECKSUM",
      "PAGE_COMPRESSED",
      "PAGE_COMPRESSION_LEVEL",
      "TRANSACTIONAL",
      "SEQUENCE",
      "ENGINE_ATTRIBUTE",
      "SECONDARY_ENGINE",
      "SECONDARY_ENGINE_ATTRIBUTE",
      "AUTOEXTEND_SIZE",
      "IETF_QUOTES",
      "READ_ONLY",
      "ENCRYPTION_SCHEME",
  };
  bool known = false;
  for (std::string_view k : kKnown) {
    if (KeywordEquals(t->text, k)) known = true;
  }
  // Anything else of the form NAME = value (engine-defined options of MariaDB).
  if (!known && !PeekOp("=", 1)) return false;
  if (!known && (PeekKw("ALGORITHM") || PeekKw("LOCK"))) return false;
  ++pos_;
  AcceptOp("=");
  status = SkipValue("an option value");
  return true;
}

// PARTITION BY ... (after PARTITION BY), with PARTITIONS n, SUBPARTITION BY and definitions.
Status Parser::PartitionBy() {
  AcceptKw("LINEAR");
  if (AcceptKw("HASH")) {
    ROWCAST_RETURN_STATUS_IF_ERROR(SkipBalanced());
  } else if (AcceptKw("KEY")) {
    if (AcceptKw("ALGORITHM")) {
      ROWCAST_RETURN_STATUS_IF_ERROR(ExpectOp("="));
      ROWCAST_RETURN_STATUS_IF_ERROR(Integer("1 or 2"));
    }
    ROWCAST_RETURN_STATUS_IF_ERROR(SkipBalanced());
  } else if (AcceptKw("RANGE") || AcceptKw("LIST")) {
    AcceptKw("COLUMNS");
    ROWCAST_RETURN_STATUS_IF_ERROR(SkipBalanced());
  } else if (AcceptKw("SYSTEM_TIME")) {
    // MariaDB: [INTERVAL n unit [STARTS ts]] [LIMIT n] [AUTO]
    for (int guard = 0; guard < 64 && !AtEnd(); ++guard) {
      if (PeekKw("PARTITIONS") || PeekKw("SUBPARTITION") || PeekOp("(")) break;
      ++pos_;
    }
  } else {
    return Error("HASH, KEY, RANGE, LIST or SYSTEM_TIME");
  }
  if (AcceptKw("PARTITIONS")) ROWCAST_RETURN_STATUS_IF_ERROR(Integer("a partition count"));
  if (AcceptKws({"SUBPARTITION", "BY"})) {
    AcceptKw("LINEAR");
    if (AcceptKw("HASH")) {
      ROWCAST_RETURN_STATUS_IF_ERROR(SkipBalanced());
    } else if (AcceptKw("KEY")) {
      if (AcceptKw("ALGORITHM")) {
        ROWCAST_RETURN_STATUS_IF_ERROR(ExpectOp("="));
        ROWCAST_RETURN_STATUS_IF_ERROR(Integer("1 or 2"));
      }
      ROWCAST_RETURN_STATUS_IF_ERROR(SkipBalanced());
    } else {
      return Error("HASH or KEY");
    }
    if (AcceptKw("SUBPARTITIONS")) {
      ROWCAST_RETURN_STATUS_IF_ERROR(Integer("a subpartition count"));
    }
  }
  if (PeekOp("(")) return PartitionDefinitions();
  return OkStatus();
}

// ( PARTITION p [VALUES ...] [options] [(SUBPARTITION s [options], ...)], ... )
Status Parser::PartitionDefinitions() {
  ROWCAST_RETURN_STATUS_IF_ERROR(ExpectOp("("));
  while (true) {
    ROWCAST_RETURN_STATUS_IF_ERROR(ExpectKw("PARTITION"));
    ROWCAST_RETURN_STATUS_IF_ERROR(Ident("a partition name"));
    if (AcceptKw("VALUES")) {
      if (AcceptKws({"LESS", "THAN"})) {
        if (!AcceptKw("MAXVALUE")) ROWCAST_RETURN_STATUS_IF_ERROR(SkipBalanced());
      } else if (AcceptKw("IN")) {
        ROWCAST_RETURN_STATUS_IF_ERROR(SkipBalanced());
      } else {
        return Error("LESS THAN or IN");
      }
    } else if (AcceptKw("CURRENT") || AcceptKw("HISTORY") || AcceptKw("DEFAULT")) {
    }
    ROWCAST_RETURN_STATUS_IF_ERROR(PartitionOptions());
    if (PeekOp("(")) {
      ++pos_;
      while (true) {
        ROWCAST_RETURN_STATUS_IF_ERROR(ExpectKw("SUBPARTITION"));
        ROWCAST_RETURN_STATUS_IF_ERROR(Ident("a subpartition name"));
        ROWCAST_RETURN_STATUS_IF_ERROR(PartitionOptions());
        if (AcceptOp(",")) continue;
        ROWCAST_RETURN_STATUS_IF_ERROR(ExpectOp(")"));
        break;
      }
    }
    if (AcceptOp(",")) continue;
    return ExpectOp(")");
  }
}

Status Parser::PartitionOptions() {
  for (size_t guard = 0; guard < 1000 && !AtEnd(); ++guard) {
    if (PeekOp(",") || PeekOp(")") || PeekOp("(")) break;
    if (AcceptKws({"STORAGE", "ENGINE"}) || AcceptKw("ENGINE") || AcceptKw("COMMENT") ||
        AcceptKws({"DATA", "DIRECTORY"}) || AcceptKws({"INDEX", "DIRECTORY"}) ||
        AcceptKw("MAX_ROWS") || AcceptKw("MIN_ROWS") || AcceptKw("TABLESPACE") ||
        AcceptKw("NODEGROUP") || AcceptKw("ENGINE_ATTRIBUTE")) {
      AcceptOp("=");
      ROWCAST_RETURN_STATUS_IF_ERROR(SkipValue("an option value"));
      continue;
    }
    if (IsWord(Peek()) && PeekOp("=", 1)) {
      pos_ += 2;
      ROWCAST_RETURN_STATUS_IF_ERROR(SkipValue("an option value"));
      continue;
    }
    return Error("a partition option");
  }
  return OkStatus();
}

// name [, name ...] | ALL
Status Parser::Names() {
  if (AcceptKw("ALL")) return OkStatus();
  while (true) {
    ROWCAST_RETURN_STATUS_IF_ERROR(Ident("a partition name"));
    if (!AcceptOp(",")) return OkStatus();
  }
}

// CREATE [UNIQUE|FULLTEXT|SPATIAL] INDEX name [USING t] ON tbl (parts) [options] [ALGORITHM|LOCK]
Status Parser::CreateIndex(IndexKind kind, bool or_replace) {
  result_.kind = Kind::kTableDdl;
  IndexSpec spec;
  spec.index.kind = kind;
  spec.if_not_exists = AcceptKws({"IF", "NOT", "EXISTS"});
  ROWCAST_ASSIGN_OR_RETURN_STATUS(spec.index.name, Ident("an index name"));
  spec.named = true;
  ROWCAST_RETURN_STATUS_IF_ERROR(IndexOptions());
  ROWCAST_RETURN_STATUS_IF_ERROR(ExpectKw("ON"));
  ROWCAST_ASSIGN_OR_RETURN_STATUS(QualifiedName q, TableName());
  result_.db = q.db;
  SkipWait();
  ROWCAST_RETURN_STATUS_IF_ERROR(KeyParts(spec.index));
  ROWCAST_RETURN_STATUS_IF_ERROR(IndexOptions());
  while ((PeekKw("ALGORITHM") || PeekKw("LOCK")) && !AtEnd()) {
    ++pos_;
    AcceptOp("=");
    ROWCAST_RETURN_STATUS_IF_ERROR(Ident("an algorithm or lock mode"));
  }
  ROWCAST_RETURN_STATUS_IF_ERROR(ExpectEnd());
  auto existing = catalog_.FindTable(q.db, q.name);
  if (!existing)
    return UnknownTable(fmt::format("CREATE INDEX on an unknown table {}.{}", q.db, q.name), q.db,
                        q.name);
  Table t = *existing;
  if (or_replace)
    std::erase_if(t.indexes, [&](const Index& i) {
      return i.kind != IndexKind::kForeign && KeywordEquals(i.name, spec.index.name);
    });
  if (spec.if_not_exists && FindIndex(t.indexes, spec.index.name) >= 0) return OkStatus();
  ROWCAST_RETURN_STATUS_IF_ERROR(AddIndex(t.indexes, t.primary_key, std::move(spec), nullptr, t));
  FinishTable(t);
  catalog_.PutTable(std::move(t));
  Change(ChangeType::kAlter, q);
  return OkStatus();
}

// DROP INDEX [IF EXISTS] name ON tbl [ALGORITHM|LOCK]
Status Parser::DropIndex() {
  result_.kind = Kind::kTableDdl;
  const bool if_exists = AcceptKws({"IF", "EXISTS"});
  std::string name;
  if (AcceptKw("PRIMARY")) {
    name = "PRIMARY";
  } else {
    ROWCAST_ASSIGN_OR_RETURN_STATUS(name, Ident("an index name"));
  }
  ROWCAST_RETURN_STATUS_IF_ERROR(ExpectKw("ON"));
  ROWCAST_ASSIGN_OR_RETURN_STATUS(QualifiedName q, TableName());
  result_.db = q.db;
  SkipWait();
  while ((PeekKw("ALGORITHM") || PeekKw("LOCK")) && !AtEnd()) {
    ++pos_;
    AcceptOp("=");
    ROWCAST_RETURN_STATUS_IF_ERROR(Ident("an algorithm or lock mode"));
  }
  ROWCAST_RETURN_STATUS_IF_ERROR(ExpectEnd());
  auto existing = catalog_.FindTable(q.db, q.name);
  if (!existing)
    return UnknownTable(fmt::format("DROP INDEX on an unknown table {}.{}", q.db, q.name), q.db,
                        q.name);
  Table t = *existing;
  if (KeywordEquals(name, "PRIMARY")) {
    t.primary_key.clear();
  } else {
    const int i = FindIndex(t.indexes, name);
    if (i < 0) {
      if (if_exists) return OkStatus();
      return NotFound(
          fmt::format("DROP INDEX of an unknown index `{}` of {}.{}", name, q.db, q.name));
    }
    t.indexes.erase(t.indexes.begin() + i);
  }
  catalog_.PutTable(std::move(t));
  Change(ChangeType::kAlter, q);
  return OkStatus();
}

Status Parser::DropTable(bool temporary) {
  result_.kind = Kind::kTableDdl;
  const bool if_exists = AcceptKws({"IF", "EXISTS"});
  std::vector<QualifiedName> names;
  while (true) {
    ROWCAST_ASSIGN_OR_RETURN_STATUS(QualifiedName q, TableName());
    names.push_back(std::move(q));
    if (!AcceptOp(",")) break;
  }
  SkipWait();
  AcceptKw("RESTRICT") || AcceptKw("CASCADE");
  ROWCAST_RETURN_STATUS_IF_ERROR(ExpectEnd());
  if (!names.empty()) result_.db = names.front().db;
  if (temporary && !options_.track_temporary) return OkStatus();
  for (const QualifiedName& q : names) {
    auto t = catalog_.FindTable(q.db, q.name);
    if (!t) {
      if (if_exists || temporary) continue;
      return UnknownTable(fmt::format("DROP TABLE of an unknown table {}.{}", q.db, q.name), q.db,
                          q.name);
    }
    if (temporary && !t->temporary) continue;
    catalog_.DropTable(q.db, q.name);
    Change(ChangeType::kDrop, q);
  }
  return OkStatus();
}

// RENAME TABLE a TO b [, c TO d ...]
Status Parser::Rename() {
  ++pos_;  // RENAME
  if (!AcceptKw("TABLE") && !AcceptKw("TABLES")) {
    if (PeekKw("USER")) {
      result_.kind = Kind::kIgnored;
      SkipRest();
      return OkStatus();
    }
    return Error("TABLE or USER after RENAME");
  }
  result_.kind = Kind::kTableDdl;
  AcceptKws({"IF", "EXISTS"});
  std::vector<std::pair<QualifiedName, QualifiedName>> pairs;
  while (true) {
    ROWCAST_ASSIGN_OR_RETURN_STATUS(QualifiedName from, TableName());
    SkipWait();
    ROWCAST_RETURN_STATUS_IF_ERROR(ExpectKw("TO"));
    ROWCAST_ASSIGN_OR_RETURN_STATUS(QualifiedName to, TableName());
    pairs.emplace_back(std::move(from), std::move(to));
    if (!AcceptOp(",")) break;
  }
  ROWCAST_RETURN_STATUS_IF_ERROR(ExpectEnd());
  for (const auto& [from, to] : pairs) {
    auto t = catalog_.FindTable(from.db, from.name);
    if (!t) {
      return UnknownTable(fmt::format("RENAME TABLE of an unknown table {}.{}", from.db, from.name),
                          from.db, from.name);
    }
    Table renamed = *t;
    renamed.db = to.db;
    renamed.name = to.name;
    catalog_.DropTable(from.db, from.name);
    catalog_.PutTable(std::move(renamed));
    Change(ChangeType::kAlter, to, &from);
  }
  return OkStatus();
}

Status Parser::Truncate() {
  ++pos_;  // TRUNCATE
  AcceptKw("TABLE");
  ROWCAST_ASSIGN_OR_RETURN_STATUS(QualifiedName q, TableName());
  SkipWait();
  ROWCAST_RETURN_STATUS_IF_ERROR(ExpectEnd());
  result_.kind = Kind::kTableDdl;
  result_.truncate = true;
  result_.db = q.db;
  return OkStatus();
}

// ALTER TABLE.
Status Parser::AlterTable() {
  result_.kind = Kind::kTableDdl;
  AcceptKws({"IF", "EXISTS"});
  ROWCAST_ASSIGN_OR_RETURN_STATUS(QualifiedName q, TableName());
  result_.db = q.db;
  SkipWait();
  auto existing = catalog_.FindTable(q.db, q.name);
  if (!existing) {
    return UnknownTable(fmt::format("ALTER TABLE of an unknown table {}.{}", q.db, q.name), q.db,
                        q.name);
  }
  AlterState st;
  st.table = *existing;
  for (const Column& c : st.table.columns) st.original.push_back(c.name);
  st.old_indexes = std::move(st.table.indexes);
  st.table.indexes.clear();
  st.old_pk = st.table.primary_key;
  bool renamed = false;
  QualifiedName new_name = q;
  size_t clauses = 0;
  while (!AtEnd()) {
    if (++clauses > kMaxAlterClauses) return Fail("cannot parse DDL: too many ALTER TABLE clauses");
    if (PeekPartitionClause()) {
      ROWCAST_RETURN_STATUS_IF_ERROR(AlterPartition(*existing));
      if (AcceptOp(",")) continue;
      break;
    }
    ROWCAST_RETURN_STATUS_IF_ERROR(AlterClause(st, renamed, new_name));
    if (AcceptOp(",")) continue;
    if (AtEnd()) break;
    // Table options and partition clauses may follow without a comma.
    if (PeekPartitionClause()) continue;
    std::string charset, collation;
    const size_t before = pos_;
    bool comma = false;
    ROWCAST_RETURN_STATUS_IF_ERROR(TableOptions(st.table, true, &charset, &collation, &comma));
    if (pos_ == before) return Error("',' or the end of the statement");
    if (!charset.empty() || !collation.empty()) {
      if (charset.empty()) charset = CharsetOfCollation(collation);
      st.table.default_charset = charset;
      st.table.default_collation = collation.empty() ? DefaultCollation(charset) : collation;
    }
    if (comma) AcceptOp(",");
  }
  FinishAlter(st);
  ROWCAST_RETURN_STATUS_IF_ERROR(CheckColumns(st.table));
  if (renamed && (new_name.db != q.db || new_name.name != q.name)) {
    catalog_.DropTable(q.db, q.name);
    st.table.db = new_name.db;
    st.table.name = new_name.name;
    catalog_.PutTable(std::move(st.table));
    Change(ChangeType::kAlter, new_name, &q);
  } else if (!(st.table == *existing)) {
    // ENABLE KEYS, FORCE, ENGINE=... of the same engine: no new version, no change.
    catalog_.PutTable(std::move(st.table));
    Change(ChangeType::kAlter, q);
  }
  return OkStatus();
}

bool Parser::PeekPartitionClause() const {
  if (PeekKw("PARTITION") && PeekKw("BY", 1)) return true;
  if ((PeekKw("REMOVE") || PeekKw("UPGRADE")) && PeekKw("PARTITIONING", 1)) return true;
  if (PeekKw("CONVERT") && (PeekKw("PARTITION", 1) || PeekKw("TABLE", 1))) return true;
  static constexpr std::string_view kOps[] = {
      "ADD",   "DROP",     "TRUNCATE", "COALESCE", "REORGANIZE", "EXCHANGE", "ANALYZE",
      "CHECK", "OPTIMIZE", "REBUILD",  "REPAIR",   "DISCARD",    "IMPORT",
  };
  for (std::string_view op : kOps) {
    if (PeekKw(op) && PeekKw("PARTITION", 1)) return true;
  }
  return false;
}

// Partition maintenance in ALTER TABLE: parsed, no schema effect, except MariaDB's CONVERT
// PARTITION p TO TABLE t (a new table) and CONVERT TABLE t TO PARTITION p (t disappears).
Status Parser::AlterPartition(const Table& original) {
  if (AcceptKws({"PARTITION", "BY"})) return PartitionBy();
  if (AcceptKws({"REMOVE", "PARTITIONING"}) || AcceptKws({"UPGRADE", "PARTITIONING"})) {
    return OkStatus();
  }
  if (AcceptKws({"CONVERT", "PARTITION"})) {
    ROWCAST_RETURN_STATUS_IF_ERROR(Ident("a partition name"));
    ROWCAST_RETURN_STATUS_IF_ERROR(ExpectKw("TO"));
    ROWCAST_RETURN_STATUS_IF_ERROR(ExpectKw("TABLE"));
    ROWCAST_ASSIGN_OR_RETURN_STATUS(QualifiedName q, TableName());
    Table t = original;
    t.db = q.db;
    t.name = q.name;
    std::erase_if(t.indexes, [](const Index& i) { return i.kind == IndexKind::kForeign; });
    catalog_.PutTable(std::move(t));
    Change(ChangeType::kCreate, q);
    return OkStatus();
  }
  if (AcceptKws({"CONVERT", "TABLE"})) {
    ROWCAST_ASSIGN_OR_RETURN_STATUS(QualifiedName q, TableName());
    ROWCAST_RETURN_STATUS_IF_ERROR(ExpectKw("TO"));
    ROWCAST_RETURN_STATUS_IF_ERROR(ExpectKw("PARTITION"));
    ROWCAST_RETURN_STATUS_IF_ERROR(Ident("a partition name"));
    if (AcceptKw("VALUES")) {
      if (AcceptKws({"LESS", "THAN"})) {
        if (!AcceptKw("MAXVALUE")) ROWCAST_RETURN_STATUS_IF_ERROR(SkipBalanced());
      } else {
        ROWCAST_RETURN_STATUS_IF_ERROR(ExpectKw("IN"));
        ROWCAST_RETURN_STATUS_IF_ERROR(SkipBalanced());
      }
    }
    ROWCAST_RETURN_STATUS_IF_ERROR(PartitionOptions());
    if (catalog_.FindTable(q.db, q.name)) {
      catalog_.DropTable(q.db, q.name);
      Change(ChangeType::kDrop, q);
    }
    return OkStatus();
  }
  const std::string op = Lower(Peek()->text);
  pos_ += 2;  // <op> PARTITION
  if (op == "add") {
    AcceptKws({"IF", "NOT", "EXISTS"});
    if (AcceptKw("PARTITIONS"))
      return Integer("a partition count").has_value() ? OkStatus() : Error("a number");
    return PartitionDefinitions();
  }
  if (op == "coalesce") {
    return Integer("a partition count").has_value() ? OkStatus() : Error("a partition count");
  }
  if (op == "drop") AcceptKws({"IF", "EXISTS"});
  if (op == "reorganize") {
    if (AtEnd() || PeekOp(",")) return OkStatus();
    ROWCAST_RETURN_STATUS_IF_ERROR(Names());
    ROWCAST_RETURN_STATUS_IF_ERROR(ExpectKw("INTO"));
    return PartitionDefinitions();
  }
  if (op == "exchange") {
    ROWCAST_RETURN_STATUS_IF_ERROR(Ident("a partition name"));
    ROWCAST_RETURN_STATUS_IF_ERROR(ExpectKw("WITH"));
    ROWCAST_RETURN_STATUS_IF_ERROR(ExpectKw("TABLE"));
    ROWCAST_RETURN_STATUS_IF_ERROR(TableName());
    if (AcceptKw("WITH") || AcceptKw("WITHOUT")) {
      ROWCAST_RETURN_STATUS_IF_ERROR(ExpectKw("VALIDATION"));
    }
    return OkStatus();
  }
  ROWCAST_RETURN_STATUS_IF_ERROR(Names());
  if (op == "discard" || op == "import") return ExpectKw("TABLESPACE");
  return OkStatus();
}

int Parser::FindOriginal(const AlterState& st, std::string_view name) const {
  for (size_t i = 0; i < st.original.size(); ++i) {
    if (!st.original[i].empty() && KeywordEquals(st.original[i], name)) {
      return static_cast<int>(i);
    }
  }
  return st.table.FindColumn(name);
}

void Parser::RemoveIndex(AlterState& st, std::string_view name) {
  if (int i = FindIndex(st.old_indexes, name); i >= 0) {
    st.old_indexes.erase(st.old_indexes.begin() + i);
  } else if (int j = FindIndex(st.new_indexes, name); j >= 0) {
    st.new_indexes.erase(st.new_indexes.begin() + j);
  }
}

// FIRST | AFTER col, for the column at `index`.
Status Parser::ColumnPosition(AlterState& st, size_t index) {
  size_t target = index;
  if (AcceptKw("FIRST")) {
    target = 0;
  } else if (AcceptKw("AFTER")) {
    ROWCAST_ASSIGN_OR_RETURN_STATUS(std::string after, Ident("a column name"));
    int a = -1;
    for (size_t i = 0; i < st.table.columns.size(); ++i) {
      if (i != index && KeywordEquals(st.table.columns[i].name, after)) a = static_cast<int>(i);
    }
    if (a < 0) {
      return NotFound(
          fmt::format("AFTER an unknown column `{}` of {}.{}", after, st.table.db, st.table.name));
    }
    target = static_cast<size_t>(a) + (static_cast<size_t>(a) < index ? 1 : 0);
  } else {
    return OkStatus();
  }
  if (target == index) return OkStatus();
  Column c = std::move(st.table.columns[index]);
  std::string o = std::move(st.original[index]);
  st.table.columns.erase(st.table.columns.begin() + static_cast<std::ptrdiff_t>(index));
  st.original.erase(st.original.begin() + static_cast<std::ptrdiff_t>(index));
  st.table.columns.insert(st.table.columns.begin() + static_cast<std::ptrdiff_t>(target),
                          std::move(c));
  st.original.insert(st.original.begin() + static_cast<std::ptrdiff_t>(target), std::move(o));
  return OkStatus();
}

Status Parser::AddNewIndexes(AlterState& st, std::vector<IndexSpec> indexes) {
  for (IndexSpec& spec : indexes) {
    if (spec.check) continue;
    if (spec.index.kind == IndexKind::kPrimary) {
      for (std::string& col : spec.index.columns) {
        const int c = st.table.FindColumn(col);
        if (c < 0) {
          return NotFound(fmt::format("key column `{}` is not a column of {}.{}", col, st.table.db,
                                      st.table.name));
        }
        col = st.table.columns[static_cast<size_t>(c)].name;
      }
      st.new_pk = spec.index.columns;
      continue;
    }
    if (spec.if_not_exists && spec.named &&
        (FindIndex(st.old_indexes, spec.index.name) >= 0 ||
         FindIndex(st.new_indexes, spec.index.name) >= 0)) {
      continue;
    }
    if (spec.named && FindIndex(st.old_indexes, spec.index.name) >= 0) {
      return Fail(fmt::format("duplicate key name `{}` in {}.{}", spec.index.name, st.table.db,
                              st.table.name));
    }
    std::vector<std::string> scratch_pk = st.new_pk.value_or(st.old_pk);
    ROWCAST_RETURN_STATUS_IF_ERROR(
        AddIndex(st.new_indexes, scratch_pk, std::move(spec), &st.old_indexes, st.table));
  }
  return OkStatus();
}

Status Parser::AddColumn(AlterState& st, ColumnSpec spec, std::vector<IndexSpec> indexes) {
  ResolveCharset(spec, st.table);
  if (st.table.FindColumn(spec.column.name) >= 0) {
    return Fail(fmt::format("duplicate column `{}` in {}.{}", spec.column.name, st.table.db,
                            st.table.name));
  }
  if (st.table.columns.size() >= kMaxColumns) {
    return Fail(fmt::format("{}.{} would have more than {} columns", st.table.db, st.table.name,
                            kMaxColumns));
  }
  st.table.columns.push_back(std::move(spec.column));
  st.original.emplace_back();
  ROWCAST_RETURN_STATUS_IF_ERROR(ColumnPosition(st, st.table.columns.size() - 1));
  return AddNewIndexes(st, std::move(indexes));
}

// ADD ...
Status Parser::AlterAdd(AlterState& st) {
  if (PeekKw("CONSTRAINT") || PeekKw("PRIMARY") || PeekKw("UNIQUE") || PeekKw("KEY") ||
      PeekKw("INDEX") || PeekKw("FULLTEXT") || PeekKw("SPATIAL") || PeekKw("FOREIGN") ||
      PeekKw("CHECK")) {
    std::vector<IndexSpec> indexes;
    ROWCAST_RETURN_STATUS_IF_ERROR(IndexDefinition(indexes));
    return AddNewIndexes(st, std::move(indexes));
  }
  if (AcceptKws({"SYSTEM", "VERSIONING"})) return OkStatus();
  if (PeekKw("PERIOD") && PeekKw("FOR", 1)) {
    pos_ += 2;
    AcceptKws({"IF", "NOT", "EXISTS"});
    ROWCAST_RETURN_STATUS_IF_ERROR(Ident("a period name"));
    return SkipBalanced().has_value() ? OkStatus() : Error("'(' start, end ')'");
  }
  AcceptKw("COLUMN");
  const bool if_not_exists = AcceptKws({"IF", "NOT", "EXISTS"});
  if (AcceptOp("(")) {
    // ADD [COLUMN] (c1 def, c2 def, INDEX ...)
    while (true) {
      std::vector<ColumnSpec> columns;
      std::vector<IndexSpec> indexes;
      ROWCAST_RETURN_STATUS_IF_ERROR(TableElement(columns, indexes));
      if (columns.empty()) {
        ROWCAST_RETURN_STATUS_IF_ERROR(AddNewIndexes(st, std::move(indexes)));
      } else if (!(if_not_exists && st.table.FindColumn(columns.front().column.name) >= 0)) {
        ROWCAST_RETURN_STATUS_IF_ERROR(
            AddColumn(st, std::move(columns.front()), std::move(indexes)));
      }
      if (AcceptOp(",")) continue;
      return ExpectOp(")");
    }
  }
  ColumnSpec spec;
  std::vector<IndexSpec> indexes;
  ROWCAST_RETURN_STATUS_IF_ERROR(ColumnDefinition(spec, indexes));
  if (if_not_exists && st.table.FindColumn(spec.column.name) >= 0) {
    if (AcceptKw("FIRST")) return OkStatus();
    if (AcceptKw("AFTER"))
      return Ident("a column name").has_value() ? OkStatus() : Error("a column name");
    return OkStatus();
  }
  return AddColumn(st, std::move(spec), std::move(indexes));
}

// MODIFY / CHANGE: the definition (with its name) at the current token replaces `old_name`.
Status Parser::ChangeColumn(AlterState& st, std::string old_name, bool if_exists) {
  ColumnSpec spec;
  std::vector<IndexSpec> indexes;
  ROWCAST_RETURN_STATUS_IF_ERROR(ColumnDefinition(spec, indexes));
  const int found = FindOriginal(st, old_name);
  if (found < 0) {
    if (if_exists) {
      if (AcceptKw("AFTER")) ROWCAST_RETURN_STATUS_IF_ERROR(Ident("a column name"));
      AcceptKw("FIRST");
      return OkStatus();
    }
    return NotFound(
        fmt::format("unknown column `{}` in {}.{}", old_name, st.table.db, st.table.name));
  }
  const size_t index = static_cast<size_t>(found);
  ResolveCharset(spec, st.table);
  // Duplicate names are checked at the end: CHANGE a b, CHANGE b a swaps two columns.
  const std::string previous = st.table.columns[index].name;
  st.table.columns[index] = std::move(spec.column);
  const std::string& now = st.table.columns[index].name;
  if (previous != now) {
    for (Index& ix : st.new_indexes) {
      for (std::string& col : ix.columns) {
        if (KeywordEquals(col, previous)) col = now;
      }
    }
    if (st.new_pk) {
      for (std::string& col : *st.new_pk) {
        if (KeywordEquals(col, previous)) col = now;
      }
    }
  }
  ROWCAST_RETURN_STATUS_IF_ERROR(ColumnPosition(st, index));
  return AddNewIndexes(st, std::move(indexes));
}

// DROP ...
Status Parser::AlterDrop(AlterState& st) {
  if (AcceptKws({"PRIMARY", "KEY"})) {
    // The server drops before it adds: DROP PRIMARY KEY never removes one this statement adds.
    st.pk_dropped = true;
    return OkStatus();
  }
  if (AcceptKw("INDEX") || AcceptKw("KEY")) {
    const bool if_exists = AcceptKws({"IF", "EXISTS"});
    ROWCAST_ASSIGN_OR_RETURN_STATUS(std::string name, Ident("an index name"));
    if (FindIndex(st.old_indexes, name) < 0 && FindIndex(st.new_indexes, name) < 0) {
      if (if_exists) return OkStatus();
      if (KeywordEquals(name, "PRIMARY")) {
        st.pk_dropped = true;
        return OkStatus();
      }
      return NotFound(fmt::format("DROP INDEX of an unknown index `{}` of {}.{}", name, st.table.db,
                                  st.table.name));
    }
    RemoveIndex(st, name);
    return OkStatus();
  }
  if (AcceptKws({"FOREIGN", "KEY"}) || AcceptKw("CONSTRAINT") || AcceptKw("CHECK")) {
    AcceptKws({"IF", "EXISTS"});
    ROWCAST_ASSIGN_OR_RETURN_STATUS(std::string name, Ident("a constraint name"));
    // A foreign key, a unique key or a CHECK constraint (not tracked) of that name.
    std::erase_if(st.old_indexes, [&](const Index& i) {
      return i.kind != IndexKind::kKey && i.kind != IndexKind::kPrimary &&
             KeywordEquals(i.name, name);
    });
    std::erase_if(st.new_indexes, [&](const Index& i) {
      return i.kind != IndexKind::kKey && i.kind != IndexKind::kPrimary &&
             KeywordEquals(i.name, name);
    });
    return OkStatus();
  }
  if (AcceptKws({"SYSTEM", "VERSIONING"})) return OkStatus();
  if (AcceptKws({"PERIOD", "FOR"})) {
    AcceptKws({"IF", "EXISTS"});
    return Ident("a period name").has_value() ? OkStatus() : Error("a period name");
  }
  AcceptKw("COLUMN");
  const bool if_exists = AcceptKws({"IF", "EXISTS"});
  ROWCAST_ASSIGN_OR_RETURN_STATUS(std::string name, Ident("a column name"));
  AcceptKw("RESTRICT") || AcceptKw("CASCADE");
  const int found = FindOriginal(st, name);
  if (found < 0) {
    if (if_exists) return OkStatus();
    return NotFound(fmt::format("DROP COLUMN of an unknown column `{}` of {}.{}", name, st.table.db,
                                st.table.name));
  }
  const size_t index = static_cast<size_t>(found);
  const std::string current = st.table.columns[index].name;
  st.table.columns.erase(st.table.columns.begin() + found);
  st.original.erase(st.original.begin() + found);
  for (Index& ix : st.new_indexes) {
    std::erase_if(ix.columns, [&](const std::string& c) { return KeywordEquals(c, current); });
  }
  std::erase_if(st.new_indexes, [](const Index& i) { return i.columns.empty(); });
  if (st.new_pk) {
    std::erase_if(*st.new_pk, [&](const std::string& c) { return KeywordEquals(c, current); });
  }
  return OkStatus();
}

void Parser::ConvertCharset(AlterState& st, const std::string& charset,
                            const std::string& collation) {
  const std::string coll = collation.empty() ? DefaultCollation(charset) : collation;
  for (Column& c : st.table.columns) {
    if (!IsCharacterType(c.type) || c.charset == "binary") continue;
    c.type = PromoteText(c.type, c.charset, charset);
    c.charset = charset;
    c.collation = coll;
  }
  st.table.default_charset = charset;
  st.table.default_collation = coll;
}

void Parser::FinishAlter(AlterState& st) {
  auto mapped = [&](const std::vector<std::string>& cols) {
    std::vector<std::string> out;
    for (const std::string& col : cols) {
      for (size_t i = 0; i < st.original.size(); ++i) {
        if (!st.original[i].empty() && KeywordEquals(st.original[i], col)) {
          out.push_back(st.table.columns[i].name);
          break;
        }
      }
    }
    return out;
  };
  std::vector<Index> indexes;
  for (Index& ix : st.old_indexes) {
    const bool functional_only = ix.columns.empty();
    ix.columns = mapped(ix.columns);
    if (!ix.columns.empty() || functional_only) indexes.push_back(std::move(ix));
  }
  for (Index& ix : st.new_indexes) indexes.push_back(std::move(ix));
  st.table.indexes = std::move(indexes);
  if (st.new_pk) {
    st.table.primary_key = *st.new_pk;
  } else if (st.pk_dropped) {
    st.table.primary_key.clear();
  } else {
    st.table.primary_key = mapped(st.old_pk);
  }
  AddForeignKeyIndexes(st.table);
  FinishTable(st.table);
}

Status Parser::AlterClause(AlterState& st, bool& renamed, QualifiedName& new_name) {
  if (AcceptKw("ADD")) return AlterAdd(st);
  if (AcceptKw("DROP")) return AlterDrop(st);
  if (AcceptKw("MODIFY")) {
    AcceptKw("COLUMN");
    const bool if_exists = AcceptKws({"IF", "EXISTS"});
    if (!IsIdentTok(Peek())) return Error("a column definition");
    return ChangeColumn(st, Peek()->value, if_exists);
  }
  if (AcceptKw("CHANGE")) {
    AcceptKw("COLUMN");
    const bool if_exists = AcceptKws({"IF", "EXISTS"});
    ROWCAST_ASSIGN_OR_RETURN_STATUS(std::string old_name, Ident("a column name"));
    return ChangeColumn(st, std::move(old_name), if_exists);
  }
  if (AcceptKw("RENAME")) {
    if (AcceptKw("COLUMN")) {
      const bool if_exists = AcceptKws({"IF", "EXISTS"});
      ROWCAST_ASSIGN_OR_RETURN_STATUS(std::string from, Ident("a column name"));
      ROWCAST_RETURN_STATUS_IF_ERROR(ExpectKw("TO"));
      ROWCAST_ASSIGN_OR_RETURN_STATUS(std::string to, Ident("a column name"));
      const int found = FindOriginal(st, from);
      if (found < 0) {
        if (if_exists) return OkStatus();
        return NotFound(fmt::format("RENAME COLUMN of an unknown column `{}` of {}.{}", from,
                                    st.table.db, st.table.name));
      }
      std::string previous = st.table.columns[static_cast<size_t>(found)].name;
      st.table.columns[static_cast<size_t>(found)].name = to;
      for (Index& ix : st.new_indexes) {
        for (std::string& col : ix.columns) {
          if (KeywordEquals(col, previous)) col = to;
        }
      }
      if (st.new_pk) {
        for (std::string& col : *st.new_pk) {
          if (KeywordEquals(col, previous)) col = to;
        }
      }
      return OkStatus();
    }
    if (AcceptKw("INDEX") || AcceptKw("KEY")) {
      AcceptKws({"IF", "EXISTS"});
      ROWCAST_ASSIGN_OR_RETURN_STATUS(std::string from, Ident("an index name"));
      ROWCAST_RETURN_STATUS_IF_ERROR(ExpectKw("TO"));
      ROWCAST_ASSIGN_OR_RETURN_STATUS(std::string to, Ident("an index name"));
      if (int i = FindIndex(st.old_indexes, from); i >= 0) {
        st.old_indexes[static_cast<size_t>(i)].name = to;
      } else if (int j = FindIndex(st.new_indexes, from); j >= 0) {
        st.new_indexes[static_cast<size_t>(j)].name = to;
      } else {
        return NotFound(fmt::format("RENAME INDEX of an unknown index `{}` of {}.{}", from,
                                    st.table.db, st.table.name));
      }
      return OkStatus();
    }
    AcceptKw("TO") || AcceptKw("AS");
    ROWCAST_ASSIGN_OR_RETURN_STATUS(new_name, TableName());
    renamed = true;
    return OkStatus();
  }
  if (AcceptKw("ALTER")) {
    if (AcceptKw("INDEX") || AcceptKw("KEY")) {
      ROWCAST_RETURN_STATUS_IF_ERROR(Ident("an index name"));
      if (AcceptKw("VISIBLE") || AcceptKw("INVISIBLE") || AcceptKw("IGNORED") ||
          AcceptKws({"NOT", "IGNORED"})) {
        return OkStatus();
      }
      return Error("VISIBLE, INVISIBLE or IGNORED");
    }
    if (AcceptKw("CHECK") || AcceptKw("CONSTRAINT")) {
      ROWCAST_RETURN_STATUS_IF_ERROR(Ident("a constraint name"));
      if (AcceptKws({"NOT", "ENFORCED"}) || AcceptKw("ENFORCED")) return OkStatus();
      return Error("[NOT] ENFORCED");
    }
    AcceptKw("COLUMN");
    const bool if_exists = AcceptKws({"IF", "EXISTS"});
    ROWCAST_ASSIGN_OR_RETURN_STATUS(std::string name, Ident("a column name"));
    const int found = FindOriginal(st, name);
    Column scratch;
    Column& c = found >= 0 ? st.table.columns[static_cast<size_t>(found)] : scratch;
    if (AcceptKws({"SET", "DEFAULT"})) {
      bool is_null = false;
      c.default_value.clear();
      ROWCAST_RETURN_STATUS_IF_ERROR(DefaultValue(c, is_null));
      c.has_default = true;
      c.default_null = is_null;
    } else if (AcceptKws({"DROP", "DEFAULT"})) {
      c.default_value.clear();
      c.has_default = c.nullable;
      c.default_null = c.nullable;
    } else if (AcceptKws({"SET", "VISIBLE"})) {
      c.invisible = false;
    } else if (AcceptKws({"SET", "INVISIBLE"})) {
      c.invisible = true;
    } else {
      return Error("SET DEFAULT, DROP DEFAULT, SET VISIBLE or SET INVISIBLE");
    }
    if (found < 0 && !if_exists) {
      return NotFound(fmt::format("ALTER COLUMN of an unknown column `{}` of {}.{}", name,
                                  st.table.db, st.table.name));
    }
    return OkStatus();
  }
  if (AcceptKw("CONVERT")) {
    ROWCAST_RETURN_STATUS_IF_ERROR(ExpectKw("TO"));
    if (!AcceptKws({"CHARACTER", "SET"}) && !AcceptKw("CHARSET") && !AcceptKws({"CHAR", "SET"})) {
      return Error("CHARACTER SET");
    }
    AcceptOp("=");
    std::string charset, collation;
    if (AcceptKw("DEFAULT")) {
      const Database* db = catalog_.FindDatabase(st.table.db);
      charset = db != nullptr ? db->charset : catalog_.server_charset();
      collation = db != nullptr ? db->collation : catalog_.server_collation();
    } else {
      ROWCAST_ASSIGN_OR_RETURN_STATUS(charset, CharsetName());
    }
    if (AcceptKw("COLLATE")) {
      AcceptOp("=");
      ROWCAST_ASSIGN_OR_RETURN_STATUS(std::string coll, NameOrString("a collation name"));
      collation = NormalizeCollation(coll);
    }
    ConvertCharset(st, charset, collation);
    return OkStatus();
  }
  if (AcceptKw("ALGORITHM") || AcceptKw("LOCK")) {
    AcceptOp("=");
    return Ident("an algorithm or lock mode").has_value() ? OkStatus()
                                                          : Error("an algorithm or lock mode");
  }
  if (AcceptKw("FORCE")) return OkStatus();
  if (AcceptKw("ENABLE") || AcceptKw("DISABLE")) return ExpectKw("KEYS");
  if (AcceptKw("DISCARD") || AcceptKw("IMPORT")) return ExpectKw("TABLESPACE");
  if (AcceptKw("WITH") || AcceptKw("WITHOUT")) {
    if (AcceptKws({"SYSTEM", "VERSIONING"})) return OkStatus();
    return ExpectKw("VALIDATION");
  }
  if (AcceptKws({"SECONDARY_LOAD"}) || AcceptKws({"SECONDARY_UNLOAD"})) return OkStatus();
  if (AcceptKws({"ORDER", "BY"})) {
    while (true) {
      ROWCAST_RETURN_STATUS_IF_ERROR(Ident("a column name"));
      AcceptKw("ASC") || AcceptKw("DESC");
      if (PeekOp(",") && IsIdentTok(Peek(1)) && !PeekKw("ADD", 1) && !PeekKw("DROP", 1) &&
          !PeekKw("MODIFY", 1) && !PeekKw("CHANGE", 1) && !PeekKw("ALTER", 1) &&
          !PeekKw("RENAME", 1) && !PeekKw("ALGORITHM", 1) && !PeekKw("LOCK", 1) &&
          !PeekKw("ENGINE", 1) && !PeekKw("FORCE", 1)) {
        ++pos_;
        continue;
      }
      return OkStatus();
    }
  }
  std::string charset, collation;
  const size_t before = pos_;
  Status status;
  if (TableOption(st.table, &charset, &collation, status)) {
    ROWCAST_RETURN_STATUS_IF_ERROR(status);
    if (!charset.empty() || !collation.empty()) {
      if (charset.empty()) charset = CharsetOfCollation(collation);
      st.table.default_charset = charset;
      st.table.default_collation = collation.empty() ? DefaultCollation(charset) : collation;
    }
    return OkStatus();
  }
  pos_ = before;
  return Error("an ALTER TABLE clause");
}

// Statement boundaries: ';' outside strings and comments (the lexer took care of those) and
// outside the BEGIN ... END bodies of triggers, routines and events.
bool IsCompoundCapable(const std::vector<Token>& toks, size_t begin, size_t end) {
  if (begin >= end) return false;
  const Token& first = toks[begin];
  if (IsKw(&first, "BEGIN")) return begin + 1 < end && IsKw(&toks[begin + 1], "NOT");
  const bool create = IsKw(&first, "CREATE");
  if (!create && !IsKw(&first, "ALTER")) return false;
  for (size_t i = begin + 1; i < end && i < begin + 16; ++i) {
    const Token& t = toks[i];
    for (std::string_view kw : {"TRIGGER", "PROCEDURE", "FUNCTION", "EVENT", "PACKAGE"}) {
      if (IsKw(&t, kw)) return true;
    }
    for (std::string_view kw : {"TABLE", "INDEX", "DATABASE", "SCHEMA", "VIEW", "USER"}) {
      if (IsKw(&t, kw)) return false;
    }
  }
  return false;
}

size_t CompoundEnd(const std::vector<Token>& toks, size_t begin, size_t end) {
  int depth = 0;
  for (size_t i = begin; i < end; ++i) {
    const Token& t = toks[i];
    if (IsOp(&t, ";")) {
      if (depth <= 0) return i;
      continue;
    }
    if (!IsWord(&t)) continue;
    const Token* prev = i > begin ? &toks[i - 1] : nullptr;
    const bool statement_start = prev == nullptr || IsOp(prev, ";") || IsOp(prev, ":") ||
                                 IsKw(prev, "BEGIN") || IsKw(prev, "THEN") || IsKw(prev, "ELSE") ||
                                 IsKw(prev, "DO") || IsKw(prev, "ROW") || IsKw(prev, "LOOP") ||
                                 IsKw(prev, "REPEAT") || IsKw(prev, "ATOMIC");
    if (IsKw(&t, "BEGIN") || IsKw(&t, "CASE")) {
      ++depth;
    } else if ((IsKw(&t, "IF") || IsKw(&t, "LOOP") || IsKw(&t, "WHILE") || IsKw(&t, "REPEAT")) &&
               statement_start && !(i + 1 < end && IsOp(&toks[i + 1], "("))) {
      ++depth;
    } else if (IsKw(&t, "END") && depth > 0) {
      --depth;
      if (i + 1 < end) {
        const Token& n = toks[i + 1];
        if (IsKw(&n, "IF") || IsKw(&n, "LOOP") || IsKw(&n, "WHILE") || IsKw(&n, "REPEAT") ||
            IsKw(&n, "CASE")) {
          ++i;
        }
      }
    }
  }
  return end;
}

std::vector<std::pair<size_t, size_t>> SplitStatements(const std::vector<Token>& toks) {
  std::vector<std::pair<size_t, size_t>> out;
  size_t start = 0;
  size_t i = 0;
  while (i < toks.size()) {
    if (i == start && IsCompoundCapable(toks, start, toks.size())) {
      i = CompoundEnd(toks, start, toks.size());
      out.emplace_back(start, i);
      start = ++i;
      continue;
    }
    if (IsOp(&toks[i], ";")) {
      if (i > start) out.emplace_back(start, i);
      start = ++i;
      continue;
    }
    ++i;
  }
  if (start < toks.size()) out.emplace_back(start, toks.size());
  return out;
}

}  // namespace

StatusOr<std::vector<StatementResult>> ApplyDdl(Catalog& catalog, std::string_view sql,
                                                std::string& current_db,
                                                const DdlOptions& options) {
  LexResult lexed = TokenizePrefix(sql);
  const std::vector<Token>& toks = lexed.tokens;
  std::vector<std::pair<size_t, size_t>> statements = SplitStatements(toks);
  // After a lexer error, the statement it cuts short (the last one, unless it ended with ';'
  // before the error) is not applied.
  const bool cut = !lexed.status.ok();
  std::vector<StatementResult> results;
  for (size_t s = 0; s < statements.size(); ++s) {
    const auto [begin, end] = statements[s];
    if (cut && s + 1 == statements.size() && end == toks.size()) break;
    Parser parser(sql, toks, begin, end, catalog, current_db, options);
    ROWCAST_ASSIGN_OR_RETURN(StatementResult r, parser.Parse());
    results.push_back(std::move(r));
  }
  if (cut) {
    size_t start = 0;
    if (!statements.empty() && statements.back().second == toks.size()) {
      start = toks[statements.back().first].offset;
    } else if (!toks.empty()) {
      start = toks.back().offset + toks.back().text.size();
    }
    start = std::min(start, lexed.error_offset);
    std::string_view text = sql.substr(start);
    while (!text.empty() && (text.front() == ';' || text.front() == ' ' || text.front() == '\n' ||
                             text.front() == '\t' || text.front() == '\r')) {
      text.remove_prefix(1);
    }
    return std::unexpected(InvalidArgumentError(fmt::format(
        "cannot parse DDL at offset {}: {} in: {}", lexed.error_offset - (sql.size() - text.size()),
        lexed.status.message(), QuoteStatement(text))));
  }
  return results;
}

bool MayChangeSchema(std::string_view sql) {
  // Only the first two tokens matter (an unterminated comment before them means the statement
  // is broken: ApplyDdl must report it).
  LexResult lexed = TokenizePrefix(sql, 2);
  if (lexed.tokens.empty()) return !lexed.status.ok();
  const Token& t = lexed.tokens.front();
  if (t.kind != TokenKind::kWord) return true;
  for (std::string_view kw : {"BEGIN", "COMMIT", "ROLLBACK", "XA", "SAVEPOINT", "RELEASE", "INSERT",
                              "UPDATE", "DELETE", "REPLACE"}) {
    if (KeywordEquals(t.text, kw)) {
      // BEGIN NOT ATOMIC ... END is a compound statement, which may hold DDL.
      if (kw == "BEGIN" && lexed.tokens.size() > 1 && IsKw(&lexed.tokens[1], "NOT")) return true;
      return false;
    }
  }
  return true;
}

}  // namespace rowcast::schema
