// Fuzz target: a binlog event stream through binlog::EventDecoder. The decoder first gets a fixed,
// valid FORMAT_DESCRIPTION, then the input cut into events; the rows of every ROWS event are read
// with RowReader and every cell is formatted as JSON.
//
// Input: options u8 | events back to back, each as long as the event_size of its header (an event
// whose size is out of range takes the rest of the input, so size checks are fuzzed too). The
// events inside a TRANSACTION_PAYLOAD are walked with PayloadReader; MariaDB compressed events
// decompress inside the decoder.
//   options bit 0: 1 = CRC32: the fixed FDE declares CRC32 and the harness writes the right CRC
//   into
//                  the last 4 bytes of every event, so mutations get past the checksum check;
//                  0 = checksums off.
//   options bit 1: flavour of the fixed FDE: 0 = MariaDB 10.11, 1 = MySQL 8.0.40 (other post-header
//                  lengths: ROWS v2, 6-byte table ids).
#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "binlog/decoder.h"
#include "binlog/gtid.h"
#include "binlog_events.h"
#include "fuzz_checks.h"

namespace {

using rowcast::AsBytes;
using rowcast::Bytes;
using rowcast::binlog::kChecksumLength;
using rowcast::binlog::kHeaderLength;
namespace binlog = rowcast::binlog;
namespace testing = rowcast::binlog::testing;

// FORMAT_DESCRIPTION of MySQL 8.0.40 (post-header lengths as in
// shared/data/mysql8/minimal-row-metadata-8.0.40).
std::string MysqlFde(bool crc) {
  std::string body;
  testing::PutLe(body, 4, 2);
  std::string version = "8.0.40";
  version.resize(50, '\0');
  body += version;
  testing::PutLe(body, 0, 4);
  body.push_back(static_cast<char>(kHeaderLength));
  body += testing::FromHex(
      "000d0008000000000400040000006200041a08000000080808020000000a0a0a2a2a001234000a2800");
  body.push_back(crc ? 1 : 0);
  std::string e;
  testing::PutLe(e, 1700000000, 4);
  e.push_back(15);
  testing::PutLe(e, 1, 4);
  testing::PutLe(e, kHeaderLength + body.size() + kChecksumLength, 4);
  testing::PutLe(e, 126, 4);
  testing::PutLe(e, 0, 2);
  e += body;
  testing::PutLe(e, crc ? binlog::Crc32(AsBytes(e)) : 0, 4);
  return e;
}

uint32_t ReadU32Le(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 |
         static_cast<uint32_t>(p[2]) << 16 | static_cast<uint32_t>(p[3]) << 24;
}

void CheckBody(const binlog::Event& event) {
  if (const auto* rows = std::get_if<binlog::RowsRef>(&event.body)) {
    if (rows->table == nullptr) rowcast::fuzz::Fail("RowsRef without its table");
    rowcast::fuzz::CheckRows(rows->rows, *rows->table);
  } else if (const auto* previous = std::get_if<binlog::PreviousGtidsEvent>(&event.body)) {
    (void)binlog::MysqlGtidSet::Decode(previous->encoded);
  }
}

void DecodeOne(binlog::EventDecoder& decoder, Bytes raw) {
  auto event = decoder.Decode(raw);
  if (!event.has_value()) return;
  CheckBody(*event);
  if (const auto* payload = std::get_if<binlog::TransactionPayloadRef>(&event->body)) {
    binlog::PayloadReader inner(decoder, *payload);
    while (true) {
      auto next = inner.Next();
      if (!next.has_value() || !next->has_value()) break;
      CheckBody(**next);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const bool crc = (data[0] & 1) != 0;
  const bool mysql = (data[0] & 2) != 0;

  binlog::EventDecoder decoder;
  const std::string fde = mysql ? MysqlFde(crc) : testing::MakeFde(crc);
  if (!decoder.Decode(AsBytes(fde)).has_value()) {
    rowcast::fuzz::Fail("the fixed FORMAT_DESCRIPTION does not decode");
  }

  size_t pos = 1;
  while (pos < size) {
    const size_t left = size - pos;
    size_t n = left;
    if (left >= kHeaderLength) {
      const uint32_t declared = ReadU32Le(data + pos + 9);
      if (declared >= kHeaderLength && declared <= left) n = declared;
    }
    // An exactly sized copy: ASan then reports any read past the end of the event.
    std::vector<std::byte> event(reinterpret_cast<const std::byte*>(data + pos),
                                 reinterpret_cast<const std::byte*>(data + pos + n));
    if (crc && n >= kHeaderLength + kChecksumLength) {
      const uint32_t sum = binlog::Crc32(Bytes(event).first(n - kChecksumLength));
      for (size_t i = 0; i < kChecksumLength; ++i) {
        event[n - kChecksumLength + i] = static_cast<std::byte>((sum >> (8 * i)) & 0xFF);
      }
    }
    DecodeOne(decoder, event);
    pos += n;
  }
  return 0;
}
