// Decode + format throughput of the hot path, without I/O: sysbench-shaped rows
// (id INT PK, k INT, c CHAR(120), pad CHAR(60)) in WRITE_ROWS events of 100 rows, decoded with
// EventDecoder/RowReader and written as Debezium key + value JSON by EnvelopeWriter.
// Prints rows per second and nanoseconds per row. Usage: pipeline_bench [rows]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "binlog/decoder.h"
#include "binlog/rows.h"
#include "binlog_events.h"
#include "format/envelope.h"

namespace {

using namespace rowcast;
using binlog::testing::MakeEvent;
using binlog::testing::MakeFde;
using binlog::testing::PutLe;

std::string TableMapBody() {
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

std::string RowsBody(uint32_t first_id, int rows) {
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

}  // namespace

int main(int argc, char** argv) {
  const long total = argc > 1 ? std::atol(argv[1]) : 2'000'000;
  constexpr int kRowsPerEvent = 100;
  std::vector<std::string> events;
  events.push_back(MakeFde());
  uint32_t pos = 256;
  for (long id = 0; id < total; id += kRowsPerEvent) {
    events.push_back(MakeEvent(19, TableMapBody(), pos += 100));
    events.push_back(
        MakeEvent(23, RowsBody(static_cast<uint32_t>(id), kRowsPerEvent), pos += 20000));
  }
  format::EnvelopeOptions opts;
  opts.topic_prefix = "bench";
  auto writer = format::EnvelopeWriter::Create(opts);
  if (!writer) return 1;
  binlog::EventDecoder decoder(binlog::ChecksumAlg::kCrc32);
  std::vector<binlog::Cell> before, after;
  std::string key, value, topic;
  size_t bytes_out = 0;
  long rows = 0;
  const auto t0 = std::chrono::steady_clock::now();
  for (const auto& raw : events) {
    auto ev = decoder.Decode(AsBytes(raw));
    if (!ev) {
      std::fprintf(stderr, "%s\n", ev.error().ToString().c_str());
      return 1;
    }
    const auto* rr = std::get_if<binlog::RowsRef>(&ev->body);
    if (rr == nullptr) continue;
    binlog::RowReader reader(rr->rows, *rr->table);
    while (!reader.done()) {
      if (!reader.Next(before, after).ok()) return 1;
      key.clear();
      value.clear();
      topic = (*writer)->Topic(*rr->table);
      format::SourceInfo src;
      src.file = "binlog.000001";
      if (!(*writer)->AppendKey(key, *rr->table, after).ok()) return 1;
      if (!(*writer)
               ->AppendValue(value, *rr->table, format::Op::kCreate, before, after, src, 0)
               .ok())
        return 1;
      bytes_out += key.size() + value.size() + topic.size();
      ++rows;
    }
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf(
      "pipeline_bench: %ld rows in %.3f s: %.0f rows/s, %.0f ns/row, %.1f MB JSON/s (one core)\n",
      rows, secs, static_cast<double>(rows) / secs, secs * 1e9 / static_cast<double>(rows),
      static_cast<double>(bytes_out) / secs / 1e6);
  return 0;
}
