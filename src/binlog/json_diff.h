// JSON diffs of PARTIAL_UPDATE_ROWS_EVENT (type 39, MySQL 8.0.3+ with
// binlog_row_value_options=PARTIAL_JSON): a JSON cell of the after image whose partial bit is set
// holds the changes JSON_SET/JSON_REPLACE/JSON_REMOVE made, not the document. Applying them to
// the before image gives the after document, as MySQL text. Pure functions, no state.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/byte_reader.h"
#include "common/status.h"

namespace rowcast::binlog {

enum class JsonDiffOperation : uint8_t { kReplace = 0, kInsert = 1, kRemove = 2 };

struct JsonDiff {
  JsonDiffOperation operation = JsonDiffOperation::kReplace;
  std::string_view path;  // MySQL path text: $.a, $."b c"[2]
  Bytes value;            // binary JSON; empty for kRemove
};

// One leg of a JSON path: an object member or an array cell ($[3], $[last], $[last-1]).
struct JsonPathLeg {
  bool is_member = false;
  std::string member;     // unescaped key (is_member)
  uint32_t index = 0;     // array cell
  bool from_end = false;  // index counts back from the last element

  bool operator==(const JsonPathLeg&) const = default;
};

// The paths MySQL writes into diffs: `$` followed by `.key`, `."quoted key"` (JSON string
// escapes) and `[n]` / `[last]` / `[last-n]` legs, whitespace allowed between tokens. Wildcards,
// ranges and `**` never occur in a diff and are rejected with DataLoss.
[[nodiscard]] StatusOr<std::vector<JsonPathLeg>> ParseJsonPath(std::string_view path);

// Diff vector layout (sql/json_diff.cc, Json_diff_vector::write_binary), entries until the end:
//   operation u8 (0 REPLACE, 1 INSERT, 2 REMOVE) | lenenc path length | path |
//   [not REMOVE: lenenc value length | binary JSON value]
// `diff_vector` is the JSON cell after its u32 length prefix; empty means no change. The result
// views into `diff_vector`.
[[nodiscard]] StatusOr<std::vector<JsonDiff>> ParseJsonDiffVector(Bytes diff_vector);

// Applies a diff vector to the before image (binary JSON; zero-length is JSON null) and returns
// the after document as MySQL prints it (see AppendJsonBinaryAsText). Follows MySQL's
// apply_json_diffs: REPLACE needs the path to exist; INSERT adds a missing object member (keys
// stay in MySQL's order: by length, then bytes) or inserts into an array (past the end appends);
// REMOVE needs the member or cell to exist. A diff that does not apply means the before image
// is not the one the server changed: DataLoss, never a guess.
[[nodiscard]] StatusOr<std::string> ApplyJsonDiff(Bytes before_binary_json, Bytes diff_vector);

}  // namespace rowcast::binlog
