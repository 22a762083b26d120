// Fuzz target: GTID positions and sets. The input is read as the binary GTID set encoding
// (MysqlGtidSet::Decode) and as text (MysqlGtidSet::Parse, MariaGtidPosition::Parse); whatever
// decodes must survive a round trip: Parse(ToString(x)) == x, and Decode(Encode(x)) == x.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "binlog/gtid.h"
#include "common/byte_reader.h"
#include "fuzz_checks.h"

namespace {

using rowcast::fuzz::Fail;
using rowcast::fuzz::Printable;
namespace binlog = rowcast::binlog;

void CheckMysqlSet(const binlog::MysqlGtidSet& set, std::string_view from) {
  const std::string text = set.ToString();
  auto parsed = binlog::MysqlGtidSet::Parse(text);
  if (!parsed.has_value()) {
    Fail("MysqlGtidSet::Parse rejects the ToString() of a set from " + std::string(from),
         Printable(text) + ": " + parsed.error().message());
  }
  if (!(*parsed == set)) {
    Fail("MysqlGtidSet::Parse(ToString(x)) != x for a set from " + std::string(from),
         Printable(text) + " reads back as " + Printable(parsed->ToString()));
  }
  const std::string encoded = set.Encode();
  auto decoded = binlog::MysqlGtidSet::Decode(rowcast::AsBytes(encoded));
  if (!decoded.has_value() || !(*decoded == set)) {
    Fail("MysqlGtidSet::Decode(Encode(x)) != x for a set from " + std::string(from),
         Printable(text));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // An exactly sized copy: ASan then reports any read past the end.
  const std::vector<std::byte> bytes(reinterpret_cast<const std::byte*>(data),
                                     reinterpret_cast<const std::byte*>(data + size));
  const std::string_view text = rowcast::AsStringView(bytes);

  if (auto set = binlog::MysqlGtidSet::Decode(bytes); set.has_value()) {
    CheckMysqlSet(*set, "Decode");
  }
  if (auto set = binlog::MysqlGtidSet::Parse(text); set.has_value()) {
    CheckMysqlSet(*set, "Parse");
  }
  if (auto pos = binlog::MariaGtidPosition::Parse(text); pos.has_value()) {
    const std::string again = pos->ToString();
    auto parsed = binlog::MariaGtidPosition::Parse(again);
    if (!parsed.has_value() || !(*parsed == *pos)) {
      Fail("MariaGtidPosition::Parse(ToString(x)) != x", Printable(again));
    }
  }
  return 0;
}
