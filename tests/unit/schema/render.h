// One-line renderings of tables and statement results, for the DDL corpus and the unit tests:
//   test.t (id INT NOT NULL AUTO_INCREMENT, name VARCHAR(20) DEFAULT NULL [utf8mb4/utf8mb4_bin])
//     PK(id) UNIQUE name(name) charset=utf8mb4/utf8mb4_general_ci engine=InnoDB
// (on one line). Statement results: "table create:test.t; ignored; use:db2; charset".
#pragma once

#include <string>
#include <vector>

#include "schema/ddl.h"
#include "schema/schema.h"

namespace rowcast::schema::testing {

inline std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'')
      out += "''";
    else if (c == '\n')
      out += "\\n";
    else
      out.push_back(c);
  }
  return out + "'";
}

inline std::string RenderColumn(const Column& c) {
  std::string s = c.name + " " + std::string(DataTypeName(c.type));
  if (c.type == DataType::kEnum || c.type == DataType::kSet) {
    s += "(";
    for (size_t i = 0; i < c.enum_values.size(); ++i) {
      if (i > 0) s += ",";
      s += Quote(c.enum_values[i]);
    }
    s += ")";
  }
  if (c.length || c.scale) {
    s += "(" + (c.length ? std::to_string(*c.length) : std::string()) +
         (c.scale ? "," + std::to_string(*c.scale) : std::string()) + ")";
  }
  if (c.is_unsigned) s += " UNSIGNED";
  if (c.zerofill) s += " ZEROFILL";
  if (!c.nullable) s += " NOT NULL";
  if (c.has_default) s += c.default_null ? " DEFAULT NULL" : " DEFAULT " + Quote(c.default_value);
  if (!c.charset.empty() || !c.collation.empty()) s += " [" + c.charset + "/" + c.collation + "]";
  if (c.auto_increment) s += " AUTO_INCREMENT";
  if (c.generated) {
    s += " AS (" + c.generation_expression + ")" + (c.generated_stored ? " STORED" : " VIRTUAL");
  }
  if (c.invisible) s += " INVISIBLE";
  if (c.srid) s += " SRID " + std::to_string(*c.srid);
  if (!c.comment.empty()) s += " COMMENT " + Quote(c.comment);
  return s;
}

inline std::string Join(const std::vector<std::string>& v) {
  std::string s;
  for (size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + v[i];
  return s;
}

inline std::string RenderTable(const Table& t) {
  std::string s = t.db + "." + t.name + " (";
  for (size_t i = 0; i < t.columns.size(); ++i) {
    if (i > 0) s += ", ";
    s += RenderColumn(t.columns[i]);
  }
  s += ")";
  if (!t.primary_key.empty()) s += " PK(" + Join(t.primary_key) + ")";
  for (const Index& ix : t.indexes) {
    switch (ix.kind) {
      case IndexKind::kPrimary:
        s += " PRIMARY";
        break;
      case IndexKind::kUnique:
        s += " UNIQUE";
        break;
      case IndexKind::kKey:
        s += " KEY";
        break;
      case IndexKind::kFullText:
        s += " FULLTEXT";
        break;
      case IndexKind::kSpatial:
        s += " SPATIAL";
        break;
      case IndexKind::kForeign:
        s += " FK";
        break;
    }
    s += " " + ix.name + "(" + Join(ix.columns) + ")";
  }
  s += " charset=" + t.default_charset + "/" + t.default_collation;
  if (!t.engine.empty()) s += " engine=" + t.engine;
  if (!t.comment.empty()) s += " comment=" + Quote(t.comment);
  if (t.temporary) s += " TEMPORARY";
  return s;
}

inline std::string RenderResults(const std::vector<StatementResult>& results) {
  std::string s;
  for (const StatementResult& r : results) {
    if (!s.empty()) s += "; ";
    switch (r.kind) {
      case StatementResult::Kind::kTableDdl:
        s += "table";
        break;
      case StatementResult::Kind::kDatabaseDdl:
        s += "db:" + r.db;
        break;
      case StatementResult::Kind::kUse:
        s += "use:" + r.db;
        break;
      case StatementResult::Kind::kSetCharset:
        s += "charset";
        break;
      case StatementResult::Kind::kIgnored:
        s += "ignored";
        break;
    }
    if (r.truncate) s += " truncate";
    for (const TableChange& c : r.changes) {
      switch (c.type) {
        case ChangeType::kCreate:
          s += " create:";
          break;
        case ChangeType::kAlter:
          s += " alter:";
          break;
        case ChangeType::kDrop:
          s += " drop:";
          break;
      }
      if (!c.previous_table.empty() && (c.previous_db != c.db || c.previous_table != c.table)) {
        s += c.previous_db + "." + c.previous_table + ">";
      }
      s += c.db + "." + c.table;
    }
  }
  return s;
}

}  // namespace rowcast::schema::testing
