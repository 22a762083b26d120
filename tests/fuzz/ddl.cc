// Fuzz target: the DDL parser. ApplyDdl of arbitrary text on a catalog seeded with two tables
// must fail cleanly or leave a consistent catalog: every table's column names are distinct
// (case-insensitively), and its primary key and index columns are columns of the table.
// MayChangeSchema must not crash either.
//
// Input: the SQL text (one statement or several separated by ';').
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_checks.h"
#include "schema/ddl.h"

namespace {

bool SameName(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

const rowcast::schema::Catalog& Seeded() {
  static const rowcast::schema::Catalog catalog = [] {
    rowcast::schema::Catalog c;
    std::string db = "test";
    auto r = rowcast::schema::ApplyDdl(
        c,
        "CREATE DATABASE test CHARACTER SET latin1;"
        "CREATE TABLE t (id INT NOT NULL AUTO_INCREMENT, a VARCHAR(10), b TEXT, "
        "PRIMARY KEY (id), UNIQUE KEY ua (a), KEY kab (a, b(5)));"
        "CREATE TABLE u (x BIGINT UNSIGNED, y ENUM('p','q') NOT NULL DEFAULT 'p', "
        "CONSTRAINT fk FOREIGN KEY (x) REFERENCES t (id)) DEFAULT CHARSET=utf8mb4",
        db);
    if (!r.has_value()) rowcast::fuzz::Fail("seed DDL failed", r.error().ToString());
    return c;
  }();
  return catalog;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace schema = rowcast::schema;
  const std::string sql(reinterpret_cast<const char*>(data), size);
  (void)schema::MayChangeSchema(sql);
  schema::Catalog catalog = Seeded();
  std::string db = "test";
  auto r = schema::ApplyDdl(catalog, sql, db);
  (void)r;
  for (const std::string& name : catalog.DatabaseNames()) {
    for (const auto& t : catalog.Tables(name)) {
      for (size_t i = 0; i < t->columns.size(); ++i) {
        for (size_t j = i + 1; j < t->columns.size(); ++j) {
          if (SameName(t->columns[i].name, t->columns[j].name)) {
            rowcast::fuzz::Fail(
                "duplicate column name",
                rowcast::fuzz::Printable(t->db + "." + t->name + "." + t->columns[j].name));
          }
        }
      }
      for (const std::string& col : t->primary_key) {
        if (t->FindColumn(col) < 0) {
          rowcast::fuzz::Fail("primary key column is not a column",
                              rowcast::fuzz::Printable(t->name + "." + col));
        }
      }
      for (const auto& ix : t->indexes) {
        for (const std::string& col : ix.columns) {
          if (t->FindColumn(col) < 0) {
            rowcast::fuzz::Fail("index column is not a column",
                                rowcast::fuzz::Printable(t->name + "." + ix.name + "." + col));
          }
        }
      }
    }
  }
  return 0;
}
