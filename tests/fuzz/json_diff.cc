// Fuzz target: JSON diffs of PARTIAL_UPDATE_ROWS. ApplyJsonDiff of a before document and a diff
// vector must fail cleanly or return the after document as JSON text (valid JSON when it is
// valid UTF-8); the diff vector and its paths are also parsed on their own.
//
// Input: before_length u16le | before image (binary JSON) | diff vector (the rest).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "binlog/json_diff.h"
#include "common/byte_reader.h"
#include "fuzz_checks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace binlog = rowcast::binlog;
  if (size < 2) return 0;
  size_t before_length = static_cast<size_t>(data[0]) | static_cast<size_t>(data[1]) << 8;
  data += 2;
  size -= 2;
  if (before_length > size) before_length = size;
  // Exactly sized copies: ASan then reports any read past the end.
  const std::vector<std::byte> before(reinterpret_cast<const std::byte*>(data),
                                      reinterpret_cast<const std::byte*>(data + before_length));
  const std::vector<std::byte> diff(reinterpret_cast<const std::byte*>(data + before_length),
                                    reinterpret_cast<const std::byte*>(data + size));

  if (auto diffs = binlog::ParseJsonDiffVector(diff); diffs.has_value()) {
    for (const binlog::JsonDiff& d : *diffs) (void)binlog::ParseJsonPath(d.path);
  }
  (void)binlog::ParseJsonPath(rowcast::AsStringView(diff));

  auto after = binlog::ApplyJsonDiff(before, diff);
  if (after.has_value() && rowcast::fuzz::IsValidUtf8(*after) && !nlohmann::json::accept(*after)) {
    rowcast::fuzz::Fail("ApplyJsonDiff returned invalid JSON",
                        rowcast::fuzz::Printable(after->substr(0, 2000)));
  }
  return 0;
}
