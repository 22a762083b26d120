// Fuzz target: MySQL binary JSON. The input is one document (a JSON cell after its length
// prefix): AppendJsonBinaryAsText must stay within JsonTextLimit and, when its text is valid
// UTF-8, write valid JSON; JsonbValue must walk the same document without reading out of bounds.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "binlog/json_binary.h"
#include "fuzz_checks.h"

namespace {

namespace binlog = rowcast::binlog;

// Visits every key and value below `v`, at most `budget` of them in all (documents whose entries
// share offsets are exponential to walk).
void Walk(const binlog::JsonbValue& v, int depth, int& budget) {
  if (--budget < 0 || depth > binlog::kJsonMaxDepth) return;
  if (!v.is_container()) {
    std::string text;
    (void)v.AppendScalarText(text);
    return;
  }
  for (uint32_t i = 0; i < v.count() && budget > 0; ++i) {
    if (v.is_object()) (void)v.Key(i);
    auto element = v.Element(i);
    if (element.has_value()) Walk(*element, depth + 1, budget);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // An exactly sized copy: ASan then reports any read past the end.
  const std::vector<std::byte> doc(reinterpret_cast<const std::byte*>(data),
                                   reinterpret_cast<const std::byte*>(data + size));
  std::string text;
  if (binlog::AppendJsonBinaryAsText(text, doc).ok()) {
    if (text.size() > binlog::JsonTextLimit(size)) {
      rowcast::fuzz::Fail("AppendJsonBinaryAsText exceeded JsonTextLimit",
                          std::to_string(text.size()) + " bytes from " + std::to_string(size));
    }
    if (rowcast::fuzz::IsValidUtf8(text) && !nlohmann::json::accept(text)) {
      rowcast::fuzz::Fail("AppendJsonBinaryAsText wrote invalid JSON",
                          rowcast::fuzz::Printable(text.substr(0, 2000)));
    }
  }
  if (size > 0) {
    auto root = binlog::JsonbValue::ParseDocument(doc);
    int budget = 10000;
    if (root.has_value()) Walk(*root, 0, budget);
  }
  return 0;
}
