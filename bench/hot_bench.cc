// Google Benchmark for the hot functions: row decoding, cell formatting and the value envelope,
// on sysbench-shaped rows. Run: build/ci/bench/hot_bench
#include <benchmark/benchmark.h>
#include <zlib.h>

#include "binlog/decoder.h"
#include "binlog/rows.h"
#include "common/crc32.h"
#include "common/json_writer.h"
#include "format/envelope.h"
#include "sysbench_events.h"

namespace {

using namespace rowcast;

struct Fixture {
  Fixture() {
    fde = binlog::testing::MakeFde();
    table_map = binlog::testing::MakeEvent(19, binlog::testing::TableMapBody());
    rows = binlog::testing::MakeEvent(23, binlog::testing::RowsBody(1, 100));
    (void)decoder.Decode(AsBytes(fde));
    (void)decoder.Decode(AsBytes(table_map));
  }
  std::string fde, table_map, rows;
  binlog::EventDecoder decoder{binlog::ChecksumAlg::kCrc32};
};

// Decode a 100-row WRITE_ROWS event (CRC32 included) and every cell of every row.
void BM_DecodeRowsEvent(benchmark::State& state) {
  Fixture f;
  std::vector<binlog::Cell> before, after;
  for (auto _ : state) {
    auto ev = f.decoder.Decode(AsBytes(f.rows));
    const auto& rr = std::get<binlog::RowsRef>(ev->body);
    binlog::RowReader reader(rr.rows, *rr.table);
    while (!reader.done()) benchmark::DoNotOptimize(reader.Next(before, after));
  }
  state.SetItemsProcessed(state.iterations() * 100);
}
BENCHMARK(BM_DecodeRowsEvent);

// Key + value envelope of one decoded row.
void BM_FormatRow(benchmark::State& state) {
  Fixture f;
  auto ev = f.decoder.Decode(AsBytes(f.rows));
  const auto& rr = std::get<binlog::RowsRef>(ev->body);
  binlog::RowReader reader(rr.rows, *rr.table);
  std::vector<binlog::Cell> before, after;
  (void)reader.Next(before, after);
  format::EnvelopeOptions o;
  o.topic_prefix = "bench";
  auto writer = format::EnvelopeWriter::Create(o);
  format::SourceInfo src;
  src.file = "binlog.000001";
  std::string key, value;
  for (auto _ : state) {
    key.clear();
    value.clear();
    benchmark::DoNotOptimize((*writer)->AppendKey(key, *rr.table, after));
    benchmark::DoNotOptimize(
        (*writer)->AppendValue(value, *rr.table, format::Op::kCreate, before, after, src, 0));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_FormatRow);

// JSON string escaping of a 119-character ASCII value.
void BM_JsonString(benchmark::State& state) {
  const std::string s(119, 'x');
  std::string out;
  for (auto _ : state) {
    out.clear();
    AppendJsonString(out, s);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(s.size()));
}
BENCHMARK(BM_JsonString);

// CRC-32 of a 64 KiB buffer: rowcast's (carry-less multiplication) and zlib's.
void BM_Crc32(benchmark::State& state) {
  const std::string buf(65536, 'x');
  for (auto _ : state) benchmark::DoNotOptimize(Crc32(AsBytes(buf)));
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(buf.size()));
}
BENCHMARK(BM_Crc32);

void BM_Crc32Zlib(benchmark::State& state) {
  const std::string buf(65536, 'x');
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        crc32_z(0, reinterpret_cast<const unsigned char*>(buf.data()), buf.size()));
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(buf.size()));
}
BENCHMARK(BM_Crc32Zlib);

}  // namespace

BENCHMARK_MAIN();
