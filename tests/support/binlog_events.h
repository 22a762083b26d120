// Builds binlog events byte by byte, for tests and benchmarks (tests/support is on their include
// path).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "binlog/decoder.h"

namespace rowcast::binlog::testing {

inline std::string FromHex(std::string_view hex) {
  std::string out;
  int hi = -1;
  for (char c : hex) {
    int v;
    if (c >= '0' && c <= '9')
      v = c - '0';
    else if (c >= 'a' && c <= 'f')
      v = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F')
      v = c - 'A' + 10;
    else
      continue;  // spaces and separators
    if (hi < 0) {
      hi = v;
    } else {
      out.push_back(static_cast<char>(hi << 4 | v));
      hi = -1;
    }
  }
  return out;
}

inline void PutLe(std::string& s, uint64_t v, int n) {
  for (int i = 0; i < n; ++i) s.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

// A whole event: 19-byte header, body, and a CRC32 footer when `crc` is set.
inline std::string MakeEvent(uint8_t type, std::string_view body, uint32_t log_pos = 1000,
                             bool crc = true, uint32_t timestamp = 1700000000,
                             uint32_t server_id = 1, uint16_t flags = 0) {
  std::string e;
  PutLe(e, timestamp, 4);
  e.push_back(static_cast<char>(type));
  PutLe(e, server_id, 4);
  PutLe(e, 19 + body.size() + (crc ? 4 : 0), 4);
  PutLe(e, log_pos, 4);
  PutLe(e, flags, 2);
  e.append(body);
  if (crc) PutLe(e, Crc32(AsBytes(e)), 4);
  return e;
}

// A MariaDB 10.11-style FORMAT_DESCRIPTION with CRC32 checksums.
inline std::string MakeFde(bool crc = true) {
  std::string body;
  PutLe(body, 4, 2);
  std::string version = "10.11.19-MariaDB-log";
  version.resize(50, '\0');
  body += version;
  PutLe(body, 0, 4);
  body.push_back(19);
  std::string lengths(172, '\0');
  lengths[2 - 1] = 13;  // QUERY
  lengths[4 - 1] = 8;   // ROTATE
  lengths[19 - 1] = 8;  // TABLE_MAP
  lengths[23 - 1] = lengths[24 - 1] = lengths[25 - 1] = 8;
  lengths[162 - 1] = 19;
  lengths[163 - 1] = 4;
  body += lengths;
  body.push_back(crc ? 1 : 0);
  std::string e;
  PutLe(e, 1700000000, 4);
  e.push_back(15);
  PutLe(e, 1, 4);
  PutLe(e, 19 + body.size() + 4, 4);
  PutLe(e, 256, 4);
  PutLe(e, 0, 2);
  e += body;
  PutLe(e, crc ? Crc32(AsBytes(e)) : 0, 4);
  return e;
}

// TABLE_MAP and WRITE_ROWS_V1 bodies observed on MariaDB 10.11.19 for
// CREATE TABLE a (id INT PRIMARY KEY, u UUID, b BINARY(4), c CHAR(3) CHARACTER SET latin1,
//                 t2 TIME(3), d DECIMAL(10,4), j JSON, y YEAR, ui INT UNSIGNED)
inline std::string GoldenTableMapBody() {
  return FromHex(
      "120000000000 0100 01 74 00 01 61 00 09 03 fe fe fe 13 f6 fc 0d 03 0a fe10 fe04 fe03 03 0a04 "
      "04"
      " fe 01 01 01 30 03 04 3f 3f 08 2e 04 15 02 6964 01 75 01 62 01 63 02 7432 01 64 01 6a 01 79"
      " 02 7569 08 01 00");
}

inline std::string GoldenWriteRowsBody() {
  return FromHex(
      "120000000000 0100 09 ff01"
      " 00 fe 01000000 0f 010000000000000000000000000001 02 0102 02 6162 7fef7c ee6c 7ffb2de9d1"
      " 07000000 7b2261223a317d 7c ffffffff"
      " c0 fe 02000000 10 6ccd780cbaba102695645b8c656024db 00 01 e9 b46efb 0000 8000000001 "
      "00000000");
}

}  // namespace rowcast::binlog::testing
