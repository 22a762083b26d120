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
#include "sysbench_events.h"

namespace {

using namespace rowcast;
using binlog::testing::MakeEvent;
using binlog::testing::MakeFde;
using binlog::testing::RowsBody;
using binlog::testing::TableMapBody;

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
