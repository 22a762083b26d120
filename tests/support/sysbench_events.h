// Sysbench-shaped binlog events (sbtest1: id INT PRIMARY KEY, k INT, c CHAR(120), pad CHAR(60),
// latin1, binlog_row_metadata=FULL) for benchmarks: a TABLE_MAP body and WRITE_ROWS bodies.
#pragma once

#include <cstdint>
#include <string>

#include "binlog_events.h"

namespace rowcast::binlog::testing {

inline std::string TableMapBody() {
  std::string b;
  PutLe(b, 42, 6);
  PutLe(b, 1, 2);
  b += std::string("\x06sbtest\0", 8);
  b += std::string("\x07sbtest1\0", 9);
  b.push_back(4);
  b += std::string("\x03\x03\xfe\xfe", 4);
  b += std::string("\x04\xfe\x78\xfe\x3c", 5);  // metadata: CHAR(120), CHAR(60)
  b.push_back(0x0c);                            // c, pad nullable
  std::string names;
  for (const char* n : {"id", "k", "c", "pad"}) {
    names.push_back(static_cast<char>(std::string(n).size()));
    names += n;
  }
  b.push_back(4);
  b.push_back(static_cast<char>(names.size()));
  b += names;
  b += std::string("\x03\x02\x08\x08", 4);  // COLUMN_CHARSET: latin1 for both CHAR columns
  b += std::string("\x08\x01\x00", 3);      // SIMPLE_PRIMARY_KEY: column 0
  return b;
}

inline std::string RowsBody(uint32_t first_id, int rows) {
  std::string b;
  PutLe(b, 42, 6);
  PutLe(b, 1, 2);
  b.push_back(4);
  b.push_back(0x0f);
  const std::string c =
      "83868641912-28773972837-60736120486-75162659906-27563526494-20381887404-41576422241-"
      "93426793964-56405065102-33518432330";
  const std::string pad = "67847967377-48000963322-62604785301-91415491898-96926520291";
  for (int i = 0; i < rows; ++i) {
    b.push_back(static_cast<char>(0xf0));  // null bitmap: no NULLs, padding bits set
    PutLe(b, first_id + static_cast<uint32_t>(i), 4);
    PutLe(b, 5000 + static_cast<uint32_t>(i % 1000), 4);
    b.push_back(static_cast<char>(119));
    b += c.substr(0, 119);
    b.push_back(static_cast<char>(pad.size()));
    b += pad;
  }
  return b;
}

}  // namespace rowcast::binlog::testing
