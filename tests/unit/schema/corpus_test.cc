// Replays the DDL corpus in tests/unit/schema/corpus/*.sql. Each file starts from an empty
// catalog with current database `test`. SQL lines accumulate until a directive line:
//   -- expect: db.t (...) ...   the table's rendering (render.h) after the SQL above
//   -- absent: db.t             the table is not in the catalog
//   -- result: table create:test.t; ignored   the statement results of the SQL above
//   -- error: NotFound some text   ApplyDdl fails with that code and message substring
//   -- server: latin1 latin1_swedish_ci   Catalog::SetServerDefaults
// Several directives may follow one block; the block runs once, at the first of them.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "render.h"
#include "schema/ddl.h"

namespace rowcast::schema {
namespace {

namespace fs = std::filesystem;
using testing::RenderResults;
using testing::RenderTable;

fs::path CorpusDir() { return fs::path(ROWCAST_SOURCE_DIR) / "tests/unit/schema/corpus"; }

std::vector<std::string> CorpusFiles() {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(CorpusDir(), ec)) {
    if (e.path().extension() == ".sql") out.push_back(e.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool Directive(const std::string& line, std::string_view name, std::string& rest) {
  const std::string prefix = "-- " + std::string(name) + ":";
  if (!line.starts_with(prefix)) return false;
  rest = line.substr(prefix.size());
  while (!rest.empty() && rest.front() == ' ') rest.erase(0, 1);
  while (!rest.empty() && (rest.back() == ' ' || rest.back() == '\r')) rest.pop_back();
  return true;
}

class CorpusTest : public ::testing::TestWithParam<std::string> {};

TEST_P(CorpusTest, MatchesExpectedSchemas) {
  std::ifstream in(CorpusDir() / GetParam());
  ASSERT_TRUE(in) << GetParam();
  Catalog catalog;
  std::string current_db = "test";
  std::string sql;
  bool ran = false;
  StatusOr<std::vector<StatementResult>> last = std::vector<StatementResult>{};
  std::string line;
  int line_no = 0, block_line = 1, checks = 0;
  auto run = [&] {
    if (ran) return;
    ran = true;
    last = ApplyDdl(catalog, sql, current_db);
  };
  while (std::getline(in, line)) {
    ++line_no;
    std::string rest;
    const std::string where = GetParam() + ":" + std::to_string(line_no) + " (SQL from line " +
                              std::to_string(block_line) + ")";
    if (Directive(line, "server", rest)) {
      const size_t sp = rest.find(' ');
      catalog.SetServerDefaults(rest.substr(0, sp),
                                sp == std::string::npos ? "" : rest.substr(sp + 1));
      continue;
    }
    if (Directive(line, "expect", rest)) {
      run();
      ++checks;
      ASSERT_TRUE(last.has_value()) << where << ": " << last.error().ToString();
      const std::string name = rest.substr(0, rest.find(' '));
      const size_t dot = name.find('.');
      auto t = catalog.FindTable(name.substr(0, dot), name.substr(dot + 1));
      ASSERT_TRUE(t != nullptr) << where << ": no table " << name;
      EXPECT_EQ(RenderTable(*t), rest) << where;
      continue;
    }
    if (Directive(line, "absent", rest)) {
      run();
      ++checks;
      ASSERT_TRUE(last.has_value()) << where << ": " << last.error().ToString();
      const size_t dot = rest.find('.');
      EXPECT_EQ(catalog.FindTable(rest.substr(0, dot), rest.substr(dot + 1)), nullptr) << where;
      continue;
    }
    if (Directive(line, "result", rest)) {
      run();
      ++checks;
      ASSERT_TRUE(last.has_value()) << where << ": " << last.error().ToString();
      EXPECT_EQ(RenderResults(*last), rest) << where;
      continue;
    }
    if (Directive(line, "error", rest)) {
      run();
      ++checks;
      ASSERT_FALSE(last.has_value()) << where << ": succeeded: " << RenderResults(*last);
      const std::string code = rest.substr(0, rest.find(' '));
      const std::string text =
          rest.find(' ') == std::string::npos ? "" : rest.substr(rest.find(' ') + 1);
      EXPECT_EQ(std::string(StatusCodeName(last.error().code())), code) << where;
      EXPECT_NE(last.error().message().find(text), std::string::npos)
          << where << ": " << last.error().message();
      continue;
    }
    if (ran) {
      sql.clear();
      ran = false;
      block_line = line_no;
    }
    sql += line;
    sql += '\n';
  }
  EXPECT_GT(checks, 0) << GetParam() << " has no directives";
  RecordProperty("checks", checks);
}

INSTANTIATE_TEST_SUITE_P(Corpus, CorpusTest, ::testing::ValuesIn(CorpusFiles()),
                         [](const ::testing::TestParamInfo<std::string>& p) {
                           std::string name = p.param.substr(0, p.param.find('.'));
                           std::replace_if(
                               name.begin(), name.end(),
                               [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); },
                               '_');
                           return name;
                         });

}  // namespace
}  // namespace rowcast::schema
