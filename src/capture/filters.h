// Which tables a connector captures: database and table include/exclude lists (anchored,
// case-insensitive regular expressions, as in Debezium) and the built-in system schemas.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/status.h"

namespace re2 {
class RE2;
}

namespace rowcast::capture {

struct FilterLists {
  std::vector<std::string> database_include, database_exclude, table_include, table_exclude;
  bool ignore_builtin = true;
};

class TableFilter {
 public:
  [[nodiscard]] static StatusOr<TableFilter> Create(const FilterLists& lists);
  TableFilter(TableFilter&&) noexcept;
  TableFilter& operator=(TableFilter&&) noexcept;
  ~TableFilter();

  // True when changes of db.table are captured. Remembers answers.
  bool Captures(std::string_view db, std::string_view table);
  // True when tables of `db` may be captured (the database lists and built-in schemas only).
  bool CapturesDatabase(std::string_view db) const;

 private:
  TableFilter() = default;
  bool Evaluate(std::string_view db, std::string_view table) const;

  using Regexes = std::vector<std::unique_ptr<re2::RE2>>;
  Regexes db_include_, db_exclude_, table_include_, table_exclude_;
  bool ignore_builtin_ = true;
  std::unordered_map<std::string, bool> cache_;
  std::string key_;
};

}  // namespace rowcast::capture
