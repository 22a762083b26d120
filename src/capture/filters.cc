#include "capture/filters.h"

#include <fmt/format.h>
#include <re2/re2.h>

namespace rowcast::capture {
namespace {

StatusOr<std::vector<std::unique_ptr<re2::RE2>>> CompileAll(
    const std::vector<std::string>& patterns, std::string_view property) {
  std::vector<std::unique_ptr<re2::RE2>> out;
  re2::RE2::Options opts;
  opts.set_case_sensitive(false);
  opts.set_log_errors(false);
  for (const auto& p : patterns) {
    auto re = std::make_unique<re2::RE2>(p, opts);
    if (!re->ok()) {
      return std::unexpected(InvalidArgumentError(
          fmt::format("{}: '{}' is not a valid regular expression: {}", property, p, re->error())));
    }
    out.push_back(std::move(re));
  }
  return out;
}

bool AnyFullMatch(const std::vector<std::unique_ptr<re2::RE2>>& res, std::string_view s) {
  for (const auto& re : res) {
    if (re2::RE2::FullMatch(re2::StringPiece(s.data(), s.size()), *re)) return true;
  }
  return false;
}

bool IsBuiltinSchema(std::string_view db) {
  return db == "mysql" || db == "sys" || db == "performance_schema" || db == "information_schema";
}

}  // namespace

TableFilter::TableFilter(TableFilter&&) noexcept = default;
TableFilter& TableFilter::operator=(TableFilter&&) noexcept = default;
TableFilter::~TableFilter() = default;

StatusOr<TableFilter> TableFilter::Create(const FilterLists& lists) {
  TableFilter f;
  ROWCAST_ASSIGN_OR_RETURN(f.db_include_,
                           CompileAll(lists.database_include, "database.include.list"));
  ROWCAST_ASSIGN_OR_RETURN(f.db_exclude_,
                           CompileAll(lists.database_exclude, "database.exclude.list"));
  ROWCAST_ASSIGN_OR_RETURN(f.table_include_, CompileAll(lists.table_include, "table.include.list"));
  ROWCAST_ASSIGN_OR_RETURN(f.table_exclude_, CompileAll(lists.table_exclude, "table.exclude.list"));
  f.ignore_builtin_ = lists.ignore_builtin;
  return f;
}

bool TableFilter::Evaluate(std::string_view db, std::string_view table) const {
  if (ignore_builtin_ && IsBuiltinSchema(db)) return false;
  if (!db_include_.empty() && !AnyFullMatch(db_include_, db)) return false;
  if (AnyFullMatch(db_exclude_, db)) return false;
  const std::string id = fmt::format("{}.{}", db, table);
  if (!table_include_.empty() && !AnyFullMatch(table_include_, id)) return false;
  if (AnyFullMatch(table_exclude_, id)) return false;
  return true;
}

bool TableFilter::CapturesDatabase(std::string_view db) const {
  if (ignore_builtin_ && IsBuiltinSchema(db)) return false;
  if (!db_include_.empty() && !AnyFullMatch(db_include_, db)) return false;
  return !AnyFullMatch(db_exclude_, db);
}

bool TableFilter::Captures(std::string_view db, std::string_view table) {
  key_.assign(db);
  key_.push_back('.');
  key_.append(table);
  auto it = cache_.find(key_);
  if (it != cache_.end()) return it->second;
  const bool v = Evaluate(db, table);
  cache_.emplace(key_, v);
  return v;
}

}  // namespace rowcast::capture
