// The table schema model: what rowcast knows about a table's columns and keys at one binlog
// position. Built by the DDL parser (ddl.h) from CREATE/ALTER statements, SHOW CREATE TABLE
// output and the schema history; read by the binder (bind.h) and the formatters.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rowcast::schema {

// Column data types as MySQL and MariaDB name them, aliases resolved (INTEGER -> kInt,
// BOOL/BOOLEAN -> kBool with length 1, NUMERIC/DEC/FIXED -> kDecimal, REAL -> kDouble, LONG
// VARCHAR -> kMediumText, NCHAR -> kChar with charset utf8mb3, ...).
enum class DataType : uint8_t {
  kTinyInt,
  kSmallInt,
  kMediumInt,
  kInt,
  kBigInt,
  kDecimal,
  kFloat,
  kDouble,
  kBit,
  kBool,  // only when written BOOL/BOOLEAN (the server stores TINYINT(1))
  kDate,
  kTime,
  kDateTime,
  kTimestamp,
  kYear,
  kChar,
  kVarChar,
  kBinary,
  kVarBinary,
  kTinyText,
  kText,
  kMediumText,
  kLongText,
  kTinyBlob,
  kBlob,
  kMediumBlob,
  kLongBlob,
  kEnum,
  kSet,
  kJson,
  kGeometry,
  kPoint,
  kLineString,
  kPolygon,
  kMultiPoint,
  kMultiLineString,
  kMultiPolygon,
  kGeometryCollection,
  kUuid,    // MariaDB 10.7+
  kInet4,   // MariaDB 10.10+
  kInet6,   // MariaDB 10.5+
  kVector,  // MySQL 9.0+, MariaDB 11.7+
};

// The upper-case SQL name of a type: "INT", "VARCHAR", "GEOMETRYCOLLECTION", "INET6", ...
std::string_view DataTypeName(DataType t);

bool IsCharacterType(DataType t);     // CHAR, VARCHAR, *TEXT, ENUM, SET (the ones with a charset)
bool IsIntegerType(DataType t);       // TINYINT .. BIGINT, BOOL
bool IsBinaryStringType(DataType t);  // BINARY, VARBINARY, *BLOB (no charset)

struct Column {
  std::string name;
  DataType type = DataType::kInt;
  // (M) or (fsp) as written: display width of integers, length of strings and BIT, precision of
  // DECIMAL/FLOAT(M,D), fractional seconds of TIME/DATETIME/TIMESTAMP. nullopt when not given.
  std::optional<int64_t> length;
  std::optional<int32_t> scale;  // D of DECIMAL(M,D), FLOAT(M,D), DOUBLE(M,D)
  bool is_unsigned = false;
  bool zerofill = false;
  bool nullable = true;
  // DEFAULT: literals unquoted ('a''b' -> a'b), numbers and keywords as written
  // (CURRENT_TIMESTAMP(6), -1, b'101', X'0A'), expressions with their text as written, outer
  // parentheses included ("(uuid())", "nextval(`s`)"). `default_null` marks an explicit or
  // implied DEFAULT NULL (a nullable column without DEFAULT).
  bool has_default = false;
  bool default_null = false;
  std::string default_value;
  // Character columns: the effective charset and collation (column, else table, else database,
  // else server default), lower case, "utf8" spelled "utf8mb3". Empty for other types; binary
  // strings (BINARY, VARBINARY, BLOB) have charset "binary" only if written so.
  std::string charset;
  std::string collation;
  std::vector<std::string> enum_values;  // ENUM and SET labels, unquoted, in order
  bool auto_increment = false;
  bool generated = false;         // GENERATED ALWAYS AS (...) / AS (...)
  bool generated_stored = false;  // STORED/PERSISTENT (else VIRTUAL)
  std::string generation_expression;
  bool invisible = false;
  std::string comment;
  std::optional<uint32_t> srid;  // SPATIAL columns with SRID n (MySQL 8)

  bool operator==(const Column&) const = default;
};

enum class IndexKind : uint8_t { kPrimary, kUnique, kKey, kFullText, kSpatial, kForeign };

struct Index {
  std::string name;  // "PRIMARY" for the primary key
  IndexKind kind = IndexKind::kKey;
  std::vector<std::string> columns;  // column names in key order (functional parts omitted)

  bool operator==(const Index&) const = default;
};

struct Table {
  std::string db;
  std::string name;
  std::vector<Column> columns;
  std::vector<std::string> primary_key;  // column names in key order; empty = none
  std::vector<Index> indexes;            // every index but the primary key, in definition order
  std::string default_charset;           // effective table charset (table, else database)
  std::string default_collation;
  std::string comment;
  std::string engine;
  bool temporary = false;

  // Index of the column named `name` (column names are case-insensitive), or -1.
  int FindColumn(std::string_view name) const;

  bool operator==(const Table&) const = default;
};

struct Database {
  std::string name;
  std::string charset;
  std::string collation;
};

// The schemas of every known database and table: the state that DDL statements advance. Tables
// are immutable once published (shared_ptr<const Table>); a change publishes a new object with a
// new `version`, so anything that caches per table version stays valid for readers.
class Catalog {
 public:
  Catalog();
  Catalog(const Catalog&);
  Catalog& operator=(const Catalog&);
  ~Catalog();

  // Server defaults for CREATE DATABASE without a charset (character_set_server,
  // collation_server). Initially utf8mb4 / utf8mb4_general_ci.
  void SetServerDefaults(std::string charset, std::string collation);
  const std::string& server_charset() const { return server_charset_; }
  const std::string& server_collation() const { return server_collation_; }

  const Database* FindDatabase(std::string_view db) const;
  std::shared_ptr<const Table> FindTable(std::string_view db, std::string_view table) const;
  // Version of the current definition of db.table (0 = unknown table). Unique across tables.
  uint64_t TableVersion(std::string_view db, std::string_view table) const;

  void PutDatabase(Database db);
  void DropDatabase(std::string_view db);  // and its tables
  // Publishes `table` under table.db/table.name with a fresh version.
  void PutTable(Table table);
  void DropTable(std::string_view db, std::string_view table);

  std::vector<std::string> DatabaseNames() const;
  std::vector<std::shared_ptr<const Table>> Tables(std::string_view db) const;
  size_t table_count() const;

 private:
  struct Entry {
    std::shared_ptr<const Table> table;
    uint64_t version = 0;
  };
  std::string server_charset_ = "utf8mb4";
  std::string server_collation_ = "utf8mb4_general_ci";
  std::map<std::string, Database, std::less<>> databases_;
  // Versions come from a process-wide counter (schema.cc), so that they stay unique across
  // copies of a catalog.
  std::map<std::pair<std::string, std::string>, Entry, std::less<>> tables_;
};

}  // namespace rowcast::schema
