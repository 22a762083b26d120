// Invariants the fuzz targets check beyond "no crash": every decoded cell formats to valid JSON
// under every handling mode, and reading the rows of a ROWS event always makes progress. A broken
// invariant prints what broke and aborts, which libFuzzer reports as a crash with the input.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "binlog/cell.h"
#include "binlog/rows.h"
#include "binlog/table_map.h"
#include "format/value_options.h"
#include "format/values.h"

namespace rowcast::fuzz {

[[noreturn]] inline void Fail(std::string_view what, std::string_view detail = {}) {
  std::fprintf(stderr, "\nfuzz invariant broken: %.*s\n", static_cast<int>(what.size()),
               what.data());
  if (!detail.empty()) {
    std::fprintf(stderr, "  %.*s\n", static_cast<int>(detail.size()), detail.data());
  }
  std::abort();
}

inline std::string Printable(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (c >= 0x20 && c < 0x7F && c != '\\') {
      out.push_back(static_cast<char>(c));
    } else {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

// Whether `s` is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
inline bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    size_t n = 0;
    uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      n = 1;
      cp = c & 0x1Fu;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2;
      cp = c & 0x0Fu;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3;
      cp = c & 0x07u;
    } else {
      return false;
    }
    if (i + n >= s.size()) return false;  // truncated sequence
    for (size_t k = 1; k <= n; ++k) {
      const auto b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) return false;
      cp = cp << 6 | (b & 0x3Fu);
    }
    static constexpr uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n + 1;
  }
  return true;
}

// Each mode of each Debezium handling option once; the options act on different cell kinds, so
// varying one at a time reaches every formatting branch without the full cross product.
inline const std::vector<format::ValueOptions>& EveryHandlingMode() {
  static const std::vector<format::ValueOptions> modes = [] {
    using namespace format;
    std::vector<ValueOptions> v;
    for (auto d : {DecimalMode::kPrecise, DecimalMode::kString, DecimalMode::kDouble}) {
      v.push_back(ValueOptions{.decimal = d});
    }
    for (auto t : {TimePrecisionMode::kAdaptive, TimePrecisionMode::kConnect}) {
      v.push_back(ValueOptions{.time_precision = t});
    }
    v.push_back(ValueOptions{.bigint_unsigned = BigintUnsignedMode::kPrecise});
    for (auto b : {BinaryMode::kBase64, BinaryMode::kBase64UrlSafe, BinaryMode::kHex}) {
      v.push_back(ValueOptions{.binary = b});
    }
    return v;
  }();
  return modes;
}

// Formats `cell` under every handling mode; whatever AppendCellJson accepts must be one valid
// JSON value (nlohmann's parser also rejects ill-formed UTF-8).
inline void CheckCellJson(const binlog::ColumnInfo& column, const binlog::Cell& cell) {
  std::string out;
  for (const format::ValueOptions& options : EveryHandlingMode()) {
    out.clear();
    if (!format::AppendCellJson(out, column, cell, options).ok()) continue;
    if (!nlohmann::json::accept(out)) {
      Fail("AppendCellJson wrote text that is not valid JSON",
           "column type " + std::to_string(static_cast<int>(column.type)) + ", cell kind " +
               std::to_string(static_cast<int>(cell.kind)) + ": " + Printable(out));
    }
  }
}

// Reads every row of `rows` the way the capture pipeline does (until done() or an error) and
// formats every cell.
inline void CheckRows(const binlog::RowsEvent& rows, const binlog::TableMap& table) {
  binlog::RowReader reader(rows, table);
  std::vector<binlog::Cell> before;
  std::vector<binlog::Cell> after;
  size_t count = 0;
  while (!reader.done()) {
    if (!reader.Next(before, after).ok()) return;
    // Each row must consume at least one byte, or a caller looping until done() never ends.
    if (++count > rows.rows.size()) {
      Fail("RowReader::Next keeps returning rows without consuming input",
           std::to_string(count) + " rows from " + std::to_string(rows.rows.size()) +
               " bytes of row images");
    }
    for (size_t i = 0; i < before.size() && i < table.columns.size(); ++i) {
      CheckCellJson(table.columns[i], before[i]);
    }
    for (size_t i = 0; i < after.size() && i < table.columns.size(); ++i) {
      CheckCellJson(table.columns[i], after[i]);
    }
  }
}

}  // namespace rowcast::fuzz
