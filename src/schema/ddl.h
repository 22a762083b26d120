// The DDL parser: a hand-written recursive-descent parser for the MySQL 8.x and MariaDB 10.x
// statements that change table schemas, applied to a Catalog. Statements that cannot change a
// table's schema (GRANT, CREATE USER, views, routines, triggers, events, SET, FLUSH, ...) are
// recognised and skipped.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "schema/schema.h"

namespace rowcast::schema {

enum class ChangeType : uint8_t { kCreate, kAlter, kDrop };

// One table changed by a statement. A rename is a kAlter whose `previous_*` names differ.
struct TableChange {
  ChangeType type = ChangeType::kCreate;
  std::string db;
  std::string table;
  std::string previous_db;  // renames only: where the table was before
  std::string previous_table;
};

// What one statement did.
struct StatementResult {
  std::string statement;  // the statement's text (without the trailing ';')
  std::string db;         // the database it applied to (for USE: the new current database)
  // kind of statement, for logs and schema change events
  enum class Kind : uint8_t {
    kTableDdl,     // CREATE/ALTER/DROP/RENAME/TRUNCATE TABLE, CREATE/DROP INDEX
    kDatabaseDdl,  // CREATE/ALTER/DROP DATABASE|SCHEMA
    kUse,          // USE db
    kSetCharset,   // SET NAMES / SET character_set_* (no schema effect)
    kIgnored,      // recognised, does not change table schemas
  } kind = Kind::kIgnored;
  std::vector<TableChange> changes;  // empty for non-table statements (and TRUNCATE)
  bool truncate = false;             // TRUNCATE [TABLE]
};

struct DdlOptions {
  // Apply CREATE TEMPORARY TABLE / DROP TEMPORARY TABLE to the catalog (they never reach the
  // binlog in ROW format on current servers; off by default).
  bool track_temporary = false;
  // When set, a NotFound error about a statement on an unknown table (ALTER, DROP, RENAME,
  // CREATE/DROP INDEX) names that table here.
  std::pair<std::string, std::string>* unknown_table = nullptr;
};

// Parses `sql` (one statement or several separated by ';') in the context of `current_db` (the
// database of the QUERY event, updated by USE) and applies each statement to `catalog` in order.
// Returns one result per statement. On a syntax error returns InvalidArgument with the
// statement text, the byte offset and the token where parsing failed; the statements before it
// stay applied. Never crashes, never loops, bounded memory on any input.
[[nodiscard]] StatusOr<std::vector<StatementResult>> ApplyDdl(Catalog& catalog,
                                                              std::string_view sql,
                                                              std::string& current_db,
                                                              const DdlOptions& options = {});

// True when a QUERY event's text may change schemas and must go through ApplyDdl: anything but
// BEGIN, COMMIT, ROLLBACK, XA ..., SAVEPOINT, and DML (INSERT/UPDATE/DELETE/REPLACE written in
// STATEMENT format by mixed mode). Cheap: looks at the first keyword after comments.
bool MayChangeSchema(std::string_view sql);

}  // namespace rowcast::schema
