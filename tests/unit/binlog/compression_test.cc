// Compressed binlog data: MariaDB compressed events and columns (zlib) and MySQL
// TRANSACTION_PAYLOAD (zstd), from real samples and from fixtures compressed here, including
// corrupt data and sizes chosen to make a careless reader allocate gigabytes.
#include "binlog/compression.h"

#include <gtest/gtest.h>
#include <zlib.h>
#include <zstd.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <optional>

#include "binlog/decoder.h"
#include "binlog/rows.h"
#include "binlog_events.h"
#include "binlog_samples.h"

// Records the largest single allocation made through operator new while tracking is on, so the
// tests can show that hostile sizes do not turn into allocations. (zstd's own context memory
// comes from malloc and is bounded by its window limit.)
namespace {
std::atomic<bool> g_track_allocations{false};
std::atomic<size_t> g_largest_allocation{0};
}  // namespace

void* operator new(std::size_t n) {
  if (g_track_allocations.load(std::memory_order_relaxed)) {
    size_t seen = g_largest_allocation.load(std::memory_order_relaxed);
    while (n > seen && !g_largest_allocation.compare_exchange_weak(seen, n)) {
    }
  }
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
// Not inlined: GCC would otherwise pair the inlined free() with the new-expression and warn.
[[gnu::noinline]] void operator delete(void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace rowcast::binlog {
namespace {

using testing::FromHex;
using testing::GoldenTableMapBody;
using testing::GoldenWriteRowsBody;
using testing::MakeEvent;
using testing::MakeFde;
using testing::PutLe;

constexpr size_t kSmallAllocation = size_t{4} << 20;

class AllocationWatch {
 public:
  AllocationWatch() {
    g_largest_allocation = 0;
    g_track_allocations = true;
  }
  ~AllocationWatch() { g_track_allocations = false; }
  size_t largest() const { return g_largest_allocation.load(); }
};

void PutBe(std::string& s, uint64_t v, int n) {
  for (int i = n - 1; i >= 0; --i) s.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

std::string ZlibCompress(std::string_view data) {
  uLongf size = compressBound(static_cast<uLong>(data.size()));
  std::string out(size, '\0');
  EXPECT_EQ(
      compress2(reinterpret_cast<Bytef*>(out.data()), &size,
                reinterpret_cast<const Bytef*>(data.data()), static_cast<uLong>(data.size()), 6),
      Z_OK);
  out.resize(size);
  return out;
}

std::string RawDeflate(std::string_view data) {
  z_stream zs{};
  EXPECT_EQ(deflateInit2(&zs, 6, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&zs, static_cast<uLong>(data.size())), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

// MariaDB's compressed event data: 0x80 | lenlen, the length big-endian, a zlib stream.
std::string MariaCompress(std::string_view data, int lenlen = 0,
                          std::optional<uint64_t> announced = std::nullopt) {
  if (lenlen == 0) lenlen = data.size() < 256 ? 1 : data.size() < 65536 ? 2 : 3;
  std::string out(1, static_cast<char>(0x80 | lenlen));
  PutBe(out, announced.value_or(data.size()), lenlen);
  return out + ZlibCompress(data);
}

std::string QueryBody(std::string_view db, std::string_view query_field) {
  std::string body =
      FromHex("05000000 00000000") + static_cast<char>(db.size()) + FromHex("0000 0000");
  body += db;
  body.push_back('\0');
  body += query_field;
  return body;
}

// Cells as text, to compare row images decoded from different events.
std::string Render(const std::vector<Cell>& cells) {
  std::string out;
  for (const Cell& c : cells) {
    out += std::to_string(static_cast<int>(c.kind)) + ":" + std::to_string(c.i) + "," +
           std::to_string(c.u) + "," + std::string(AsStringView(c.bytes)) + "," +
           std::to_string(c.temporal.hour) + "." + std::to_string(c.temporal.micros) + "|";
  }
  return out;
}

// All rows of a rows event, rendered.
std::vector<std::string> RenderRows(const Event& ev) {
  std::vector<std::string> out;
  const auto* rr = std::get_if<RowsRef>(&ev.body);
  EXPECT_NE(rr, nullptr);
  if (rr == nullptr) return out;
  RowReader reader(rr->rows, *rr->table);
  std::vector<Cell> before, after;
  while (!reader.done()) {
    Status s = reader.Next(before, after);
    EXPECT_TRUE(s.ok()) << s.ToString();
    if (!s.ok()) break;
    out.push_back(Render(before) + " => " + Render(after));
  }
  return out;
}

class MariaCompressedEventTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fde_ = MakeFde();
    ASSERT_TRUE(decoder_.Decode(AsBytes(fde_)).has_value());
  }
  StatusOr<Event> Decode(const std::string& raw) { return decoder_.Decode(AsBytes(raw)); }

  EventDecoder decoder_{ChecksumAlg::kCrc32};
  std::string fde_;
};

TEST_F(MariaCompressedEventTest, CompressedQueryBecomesAQueryEventWithTheText) {
  const std::string text = "INSERT INTO t VALUES " + std::string(400, 'x');
  const std::string raw = MakeEvent(165, QueryBody("shop", MariaCompress(text)));
  auto ev = Decode(raw);
  ASSERT_TRUE(ev.has_value()) << ev.error().ToString();
  const auto* q = std::get_if<QueryEvent>(&ev->body);
  ASSERT_NE(q, nullptr);
  EXPECT_EQ(q->db, "shop");
  EXPECT_EQ(q->thread_id, 5u);
  EXPECT_EQ(q->query, text);
}

TEST_F(MariaCompressedEventTest, CompressedWriteRowsDecodeLikeTheUncompressedEvent) {
  ASSERT_TRUE(Decode(MakeEvent(19, GoldenTableMapBody())).has_value());
  const std::string body = GoldenWriteRowsBody();
  const std::string plain = MakeEvent(23, body);
  auto expected_ev = Decode(plain);
  ASSERT_TRUE(expected_ev.has_value()) << expected_ev.error().ToString();
  const std::vector<std::string> expected = RenderRows(*expected_ev);
  ASSERT_EQ(expected.size(), 2u);

  // Everything after the column bitmap (11 bytes here) is compressed.
  const std::string compressed =
      MakeEvent(166, body.substr(0, 11) + MariaCompress(body.substr(11)));
  auto ev = Decode(compressed);
  ASSERT_TRUE(ev.has_value()) << ev.error().ToString();
  EXPECT_EQ(std::get<RowsRef>(ev->body).rows.kind, RowsKind::kWrite);
  EXPECT_EQ(RenderRows(*ev), expected);
}

// CREATE TABLE t.b (id INT NOT NULL, name VARCHAR(20)) with column names.
std::string SmallTableMap() {
  return FromHex(
      "2a0000000000 0100 01 74 00 01 62 00 02 03 0f 02 1400 02 04 08 02 6964 04 6e616d65");
}

std::string SmallRow(uint32_t id, std::string_view name) {
  std::string row(1, '\0');
  PutLe(row, id, 4);
  row.push_back(static_cast<char>(name.size()));
  row += name;
  return row;
}

struct CompressedRowsCase {
  uint8_t compressed_type;
  uint8_t plain_type;
  bool v2;
  bool update;
};

class MariaCompressedRowsTest : public MariaCompressedEventTest,
                                public ::testing::WithParamInterface<CompressedRowsCase> {};

TEST_P(MariaCompressedRowsTest, DecodesLikeItsUncompressedCounterpart) {
  const CompressedRowsCase c = GetParam();
  ASSERT_TRUE(Decode(MakeEvent(19, SmallTableMap())).has_value());
  std::string head = FromHex("2a0000000000 0100");
  if (c.v2) head += FromHex("0200");
  head += FromHex(c.update ? "02 03 03" : "02 03");
  std::string rows;
  for (uint32_t i = 1; i <= 20; ++i) {
    rows += SmallRow(i, "name-" + std::to_string(i));
    if (c.update) rows += SmallRow(i, "renamed-" + std::to_string(i));
  }
  const std::string plain_raw = MakeEvent(c.plain_type, head + rows);
  auto plain = Decode(plain_raw);
  ASSERT_TRUE(plain.has_value()) << plain.error().ToString();
  const std::vector<std::string> expected = RenderRows(*plain);
  ASSERT_EQ(expected.size(), 20u);

  const std::string raw = MakeEvent(c.compressed_type, head + MariaCompress(rows));
  auto ev = Decode(raw);
  ASSERT_TRUE(ev.has_value()) << ev.error().ToString();
  EXPECT_EQ(std::get<RowsRef>(ev->body).rows.kind, std::get<RowsRef>(plain->body).rows.kind);
  EXPECT_EQ(RenderRows(*ev), expected);
}

INSTANTIATE_TEST_SUITE_P(AllSixTypes, MariaCompressedRowsTest,
                         ::testing::Values(CompressedRowsCase{166, 23, false, false},
                                           CompressedRowsCase{167, 24, false, true},
                                           CompressedRowsCase{168, 25, false, false},
                                           CompressedRowsCase{169, 30, true, false},
                                           CompressedRowsCase{170, 31, true, true},
                                           CompressedRowsCase{171, 32, true, false}));

TEST_F(MariaCompressedEventTest, CorruptZlibDataIsDataLoss) {
  std::string blob = MariaCompress("SELECT " + std::string(300, 'y'));
  blob[blob.size() / 2] = static_cast<char>(blob[blob.size() / 2] ^ 0x40);
  auto ev = Decode(MakeEvent(165, QueryBody("d", blob)));
  ASSERT_FALSE(ev.has_value());
  EXPECT_EQ(ev.error().code(), StatusCode::kDataLoss) << ev.error().ToString();
  EXPECT_NE(ev.error().message().find("QUERY_COMPRESSED"), std::string::npos);
}

TEST_F(MariaCompressedEventTest, TruncatedZlibStreamIsDataLossAtEveryCut) {
  const std::string blob = MariaCompress("SELECT " + std::string(300, 'y'));
  for (size_t cut = 0; cut < blob.size(); ++cut) {
    auto ev = Decode(MakeEvent(165, QueryBody("d", blob.substr(0, cut))));
    ASSERT_FALSE(ev.has_value()) << "cut at " << cut;
    EXPECT_EQ(ev.error().code(), StatusCode::kDataLoss) << ev.error().ToString();
  }
}

TEST_F(MariaCompressedEventTest, AnnouncedLengthMustMatchTheStream) {
  const std::string text(300, 'z');
  for (uint64_t announced : {uint64_t{299}, uint64_t{301}, uint64_t{0}}) {
    auto ev = Decode(MakeEvent(165, QueryBody("d", MariaCompress(text, 2, announced))));
    ASSERT_FALSE(ev.has_value()) << "announced " << announced;
    EXPECT_EQ(ev.error().code(), StatusCode::kDataLoss) << ev.error().ToString();
  }
}

TEST_F(MariaCompressedEventTest, BytesAfterTheStreamAreDataLoss) {
  auto ev = Decode(MakeEvent(165, QueryBody("d", MariaCompress("COMMIT") + "junk")));
  ASSERT_FALSE(ev.has_value());
  EXPECT_EQ(ev.error().code(), StatusCode::kDataLoss);
}

TEST_F(MariaCompressedEventTest, MalformedHeadersAreRejected) {
  const std::string z = ZlibCompress("COMMIT");
  struct Case {
    std::string header;
    StatusCode code;
  };
  for (const Case& c : {Case{FromHex("06"), StatusCode::kDataLoss},             // no 0x80 bit
                        Case{FromHex("80"), StatusCode::kDataLoss},             // lenlen 0
                        Case{FromHex("85 0000000006"), StatusCode::kDataLoss},  // lenlen 5
                        Case{FromHex("91 06"), StatusCode::kUnimplemented}}) {  // algorithm 1
    auto ev = Decode(MakeEvent(165, QueryBody("d", c.header + z)));
    ASSERT_FALSE(ev.has_value());
    EXPECT_EQ(ev.error().code(), c.code) << ev.error().ToString();
  }
}

TEST_F(MariaCompressedEventTest, HostileAnnouncedLengthAllocatesOnlyWhatArrives) {
  const std::string text(1000, 'q');
  AllocationWatch watch;
  // 1 GiB - 1 announced, 1000 bytes in the stream.
  auto ev = Decode(MakeEvent(165, QueryBody("d", MariaCompress(text, 4, (uint64_t{1} << 30) - 1))));
  ASSERT_FALSE(ev.has_value());
  EXPECT_EQ(ev.error().code(), StatusCode::kDataLoss);
  EXPECT_LT(watch.largest(), kSmallAllocation);
}

TEST_F(MariaCompressedEventTest, AnnouncedLengthAboveTheCapIsDataLoss) {
  auto ev = Decode(MakeEvent(165, QueryBody("d", MariaCompress("x", 4, 0xFFFFFFFFu))));
  ASSERT_FALSE(ev.has_value());
  EXPECT_EQ(ev.error().code(), StatusCode::kDataLoss);
  EXPECT_NE(ev.error().message().find("more than"), std::string::npos) << ev.error().ToString();
}

TEST_F(MariaCompressedEventTest, CorruptCompressedRowsAreDataLoss) {
  ASSERT_TRUE(Decode(MakeEvent(19, SmallTableMap())).has_value());
  std::string blob = MariaCompress(SmallRow(1, "one") + SmallRow(2, "two"));
  blob.resize(blob.size() - 3);
  auto ev = Decode(MakeEvent(166, FromHex("2a0000000000 0100 02 03") + blob));
  ASSERT_FALSE(ev.has_value());
  EXPECT_EQ(ev.error().code(), StatusCode::kDataLoss);
  EXPECT_NE(ev.error().message().find("WRITE_ROWS_COMPRESSED_V1"), std::string::npos)
      << ev.error().ToString();
}

// CREATE TABLE t.c (id INT, v VARCHAR(2000) COMPRESSED, b BLOB COMPRESSED,
//                   bin BLOB COMPRESSED CHARACTER SET binary) DEFAULT CHARSET latin1
// VARCHAR metadata counts the compression header: 2001.
std::string CompressedColumnsTableMap() {
  return FromHex(
      "2b0000000000 0100 01 74 00 01 63 00 04 03 8d 8c 8c 04 d107 02 02 0e"
      " 02 03 08 02 3f"                         // DEFAULT_CHARSET latin1, character column 2 binary
      " 04 0b 02 6964 01 76 01 62 03 62696e");  // COLUMN_NAME
}

std::string Prefixed2(std::string_view stored) {
  std::string out;
  PutLe(out, stored.size(), 2);
  return out + std::string(stored);
}

// Column value with MariaDB's header: method 8 (zlib), raw deflate flag, lenlen 2.
std::string RawDeflatedValue(std::string_view value) {
  std::string out(1, static_cast<char>(0x8a));
  PutBe(out, value.size(), 2);
  return out + RawDeflate(value);
}

std::string ZlibWrappedValue(std::string_view value) {
  std::string out(1, static_cast<char>(0x82));
  PutBe(out, value.size(), 2);
  return out + ZlibCompress(value);
}

class CompressedColumnTest : public MariaCompressedEventTest {
 protected:
  void SetUp() override {
    MariaCompressedEventTest::SetUp();
    auto tm = Decode(MakeEvent(19, CompressedColumnsTableMap()));
    ASSERT_TRUE(tm.has_value()) << tm.error().ToString();
    table_ = std::get<TableMapRef>(tm->body).table;
  }
  const TableMap* table_ = nullptr;
};

TEST_F(CompressedColumnTest, TableMapReadsTheMetadataOfCompressedColumns) {
  ASSERT_EQ(table_->columns.size(), 4u);
  EXPECT_EQ(table_->columns[1].type, ColumnType::kMariaVarcharCompressed);
  EXPECT_EQ(table_->columns[1].meta, 2001);
  EXPECT_EQ(table_->columns[2].type, ColumnType::kMariaBlobCompressed);
  EXPECT_EQ(table_->columns[2].meta, 2);
  EXPECT_EQ(table_->columns[1].collation, 8u);
  EXPECT_EQ(table_->columns[3].collation, 63u);
  EXPECT_EQ(table_->columns[3].name, "bin");
}

TEST_F(CompressedColumnTest, CompressedValuesDecodeToOrdinaryStringAndBytesCells) {
  const std::string v(600, 'a');
  const std::string b = "blob text " + std::string(200, 'b');
  const std::string bin = std::string(100, '\x01') + std::string(50, '\xff');
  std::string rows = FromHex("00 01000000");
  rows += Prefixed2(RawDeflatedValue(v)) + Prefixed2(ZlibWrappedValue(b)) +
          Prefixed2(RawDeflatedValue(bin));
  // Second row: empty VARCHAR, NULL blob, a value stored uncompressed (header 0).
  rows += FromHex("04 02000000") + Prefixed2("") + Prefixed2(std::string(1, '\0') + "ab");
  const std::string raw = MakeEvent(23, FromHex("2b0000000000 0100 04 0f") + rows);
  auto ev = Decode(raw);
  ASSERT_TRUE(ev.has_value()) << ev.error().ToString();
  const auto& rr = std::get<RowsRef>(ev->body);
  RowReader reader(rr.rows, *rr.table);
  std::vector<Cell> before, after;
  ASSERT_TRUE(reader.Next(before, after).ok());
  EXPECT_EQ(after[1].kind, CellKind::kString);
  EXPECT_EQ(AsStringView(after[1].bytes), v);
  EXPECT_EQ(after[2].kind, CellKind::kString);
  EXPECT_EQ(AsStringView(after[2].bytes), b);
  EXPECT_EQ(after[3].kind, CellKind::kBytes);
  EXPECT_EQ(AsStringView(after[3].bytes), bin);
  Status s = reader.Next(before, after);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(after[0].i, 2);
  EXPECT_EQ(after[1].kind, CellKind::kString);
  EXPECT_TRUE(after[1].bytes.empty());
  EXPECT_EQ(after[2].kind, CellKind::kNull);
  EXPECT_EQ(AsStringView(after[3].bytes), "ab");
  EXPECT_TRUE(reader.done());
}

TEST_F(CompressedColumnTest, BeforeAndAfterValuesOfOneRowStayValidTogether) {
  const std::string old_v(700, 'o'), new_v(900, 'n'), old_b(300, 'p'), new_b(400, 'r');
  auto image = [&](uint32_t id, const std::string& v, const std::string& b) {
    std::string out = FromHex("08");
    PutLe(out, id, 4);
    return out + Prefixed2(RawDeflatedValue(v)) + Prefixed2(RawDeflatedValue(b));
  };
  const std::string rows = image(1, old_v, old_b) + image(1, new_v, new_b) +
                           image(2, old_b, old_v) + image(2, new_b, new_v);
  const std::string raw = MakeEvent(24, FromHex("2b0000000000 0100 04 0f 0f") + rows);
  auto ev = Decode(raw);
  ASSERT_TRUE(ev.has_value()) << ev.error().ToString();
  const auto& rr = std::get<RowsRef>(ev->body);
  RowReader reader(rr.rows, *rr.table);
  std::vector<Cell> before, after;
  ASSERT_TRUE(reader.Next(before, after).ok());
  EXPECT_EQ(AsStringView(before[1].bytes), old_v);
  EXPECT_EQ(AsStringView(before[2].bytes), old_b);
  EXPECT_EQ(AsStringView(after[1].bytes), new_v);
  EXPECT_EQ(AsStringView(after[2].bytes), new_b);
  ASSERT_TRUE(reader.Next(before, after).ok());
  EXPECT_EQ(AsStringView(before[1].bytes), old_b);
  EXPECT_EQ(AsStringView(before[2].bytes), old_v);
  EXPECT_EQ(AsStringView(after[1].bytes), new_b);
  EXPECT_EQ(AsStringView(after[2].bytes), new_v);
}

Status FirstRowStatus(const Event& ev) {
  const auto& rr = std::get<RowsRef>(ev.body);
  RowReader reader(rr.rows, *rr.table);
  std::vector<Cell> before, after;
  return reader.Next(before, after);
}

TEST_F(CompressedColumnTest, TruncatedCompressedValueIsDataLossNamingTheColumn) {
  std::string v = RawDeflatedValue(std::string(600, 'a'));
  v.resize(v.size() - 2);
  const std::string raw =
      MakeEvent(23, FromHex("2b0000000000 0100 04 0f 0c 01000000") + Prefixed2(v));
  auto ev = Decode(raw);
  ASSERT_TRUE(ev.has_value());
  Status s = FirstRowStatus(*ev);
  EXPECT_EQ(s.code(), StatusCode::kDataLoss) << s.ToString();
  EXPECT_NE(s.message().find("`v`"), std::string::npos) << s.ToString();
}

TEST_F(CompressedColumnTest, ValueLongerThanTheColumnIsDataLoss) {
  const std::string raw = MakeEvent(23, FromHex("2b0000000000 0100 04 0f 0c 01000000") +
                                            Prefixed2(RawDeflatedValue(std::string(3000, 'a'))));
  auto ev = Decode(raw);
  ASSERT_TRUE(ev.has_value());
  EXPECT_EQ(FirstRowStatus(*ev).code(), StatusCode::kDataLoss);
}

TEST_F(CompressedColumnTest, UnknownCompressionMethodIsUnimplemented) {
  std::string v = RawDeflatedValue("abc");
  v[0] = static_cast<char>(0x3a);  // method 3
  const std::string raw =
      MakeEvent(23, FromHex("2b0000000000 0100 04 0f 0c 01000000") + Prefixed2(v));
  auto ev = Decode(raw);
  ASSERT_TRUE(ev.has_value());
  EXPECT_EQ(FirstRowStatus(*ev).code(), StatusCode::kUnimplemented);
}

TEST(CompressedColumnCellTest, CompressedValueWithoutAnArenaIsAnInternalError) {
  ColumnInfo c;
  c.type = c.real_type = ColumnType::kMariaBlobCompressed;
  c.meta = 2;
  const std::string bytes = Prefixed2(RawDeflatedValue("hello"));
  ByteReader r(AsBytes(bytes));
  Cell cell;
  EXPECT_EQ(DecodeCell(r, c, cell).code(), StatusCode::kInternal);
}

// ---- MySQL TRANSACTION_PAYLOAD ----

std::string LenEnc(uint64_t v) {
  std::string out;
  if (v < 0xFB) {
    out.push_back(static_cast<char>(v));
  } else if (v <= 0xFFFF) {
    out.push_back(static_cast<char>(0xFC));
    PutLe(out, v, 2);
  } else if (v <= 0xFFFFFF) {
    out.push_back(static_cast<char>(0xFD));
    PutLe(out, v, 3);
  } else {
    out.push_back(static_cast<char>(0xFE));
    PutLe(out, v, 8);
  }
  return out;
}

std::string Field(uint64_t type, uint64_t value) {
  const std::string v = LenEnc(value);
  return LenEnc(type) + LenEnc(v.size()) + v;
}

std::string PayloadBody(std::string_view payload, uint64_t compression,
                        std::optional<uint64_t> uncompressed) {
  std::string body = Field(1, payload.size()) + Field(2, compression);
  if (uncompressed) body += Field(3, *uncompressed);
  body.push_back('\0');
  return body + std::string(payload);
}

std::string Zstd(std::string_view data) {
  std::string out(ZSTD_compressBound(data.size()), '\0');
  const size_t n = ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 3);
  EXPECT_EQ(ZSTD_isError(n), 0u);
  out.resize(n);
  return out;
}

// An inner event: no checksum, log_pos 0.
std::string Inner(uint8_t type, std::string_view body) { return MakeEvent(type, body, 0, false); }

std::string XidBody(uint64_t xid) {
  std::string b;
  PutLe(b, xid, 8);
  return b;
}

class TransactionPayloadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The FORMAT_DESCRIPTION of a real MySQL 8.0.32 file (CRC32, ROWS v2, 6-byte table ids).
    const std::string file =
        testing::ReadBinlogSample("transaction-payload-zstd-8.0.32.binlog.b64.txt");
    ASSERT_GT(file.size(), 126u) << "missing sample";
    fde_ = file.substr(4, 122);
    auto ev = decoder_.Decode(AsBytes(fde_));
    ASSERT_TRUE(ev.has_value()) << ev.error().ToString();
  }

  // Reads every inner event of a payload event; the first error stops.
  struct Inners {
    Status status;
    std::vector<EventHeader> headers;
    std::vector<std::string> bodies;  // copies
  };
  Inners ReadAll(const std::string& payload_event) {
    Inners out;
    auto ev = decoder_.Decode(AsBytes(payload_event));
    if (!ev) {
      out.status = ev.error();
      return out;
    }
    const auto* p = std::get_if<TransactionPayloadRef>(&ev->body);
    EXPECT_NE(p, nullptr);
    if (p == nullptr) return out;
    PayloadReader reader(decoder_, *p);
    while (true) {
      auto next = reader.Next();
      if (!next) {
        out.status = next.error();
        return out;
      }
      if (!*next) break;
      out.headers.push_back((*next)->header);
      out.bodies.emplace_back(AsStringView((*next)->raw.subspan(kHeaderLength)));
      if (const auto* rr = std::get_if<RowsRef>(&(*next)->body)) {
        RowReader rows(rr->rows, *rr->table);
        std::vector<Cell> before, after;
        while (!rows.done()) {
          Status s = rows.Next(before, after);
          if (!s.ok()) {
            out.status = s;
            return out;
          }
        }
      }
    }
    return out;
  }

  EventDecoder decoder_{ChecksumAlg::kOff};
  std::string fde_;
};

TEST_F(TransactionPayloadTest, RealZstdFrameYieldsItsEightInnerEvents) {
  std::string frame;
  for (const auto& block :
       testing::ReadHexBlocks("transaction-payload-zstd-frame-8.0.27.hex.txt")) {
    frame += block.bytes;
  }
  ASSERT_EQ(frame.size(), 355u);
  Inners inner = ReadAll(MakeEvent(40, PayloadBody(frame, 0, 2442)));
  ASSERT_TRUE(inner.status.ok()) << inner.status.ToString();
  std::vector<uint8_t> types;
  for (const EventHeader& h : inner.headers) {
    types.push_back(h.type);
    EXPECT_EQ(h.log_pos, 0u);
  }
  EXPECT_EQ(types, (std::vector<uint8_t>{2, 19, 30, 19, 31, 19, 32, 16}));
  EXPECT_EQ(inner.headers[4].event_size, 1378u);
}

TEST_F(TransactionPayloadTest, HeaderFieldsAreDecoded) {
  const std::string raw = MakeEvent(40, PayloadBody("abc", 255, 3));
  auto ev = decoder_.Decode(AsBytes(raw));
  ASSERT_TRUE(ev.has_value()) << ev.error().ToString();
  const auto& p = std::get<TransactionPayloadRef>(ev->body);
  EXPECT_EQ(p.compression, PayloadCompression::kNone);
  EXPECT_TRUE(p.has_uncompressed_size);
  EXPECT_EQ(p.uncompressed_size, 3u);
  EXPECT_EQ(AsStringView(p.payload), "abc");
  EXPECT_EQ(p.log_pos, 1000u);
}

TEST_F(TransactionPayloadTest, UnknownHeaderFieldsAreSkippedByTheirLength) {
  const std::string inner = Inner(16, XidBody(7));
  std::string body =
      Field(9, 123456) + Field(1, inner.size()) + Field(2, 255) + Field(3, inner.size());
  body += std::string(1, '\0') + inner;
  Inners got = ReadAll(MakeEvent(40, body));
  ASSERT_TRUE(got.status.ok()) << got.status.ToString();
  ASSERT_EQ(got.headers.size(), 1u);
}

TEST_F(TransactionPayloadTest, MalformedHeadersAreRejected) {
  const std::string xid = Inner(16, XidBody(7));
  struct Case {
    std::string body;
    StatusCode code;
  };
  for (const Case& c :
       {Case{Field(1, xid.size()) + std::string(1, '\0') + xid, StatusCode::kDataLoss},
        Case{Field(1, xid.size() + 1) + Field(2, 255) + std::string(1, '\0') + xid,
             StatusCode::kDataLoss},
        Case{Field(1, xid.size()) + Field(2, 1) + std::string(1, '\0') + xid,
             StatusCode::kUnimplemented},
        Case{Field(1, xid.size()) + Field(2, 255), StatusCode::kDataLoss}}) {
    auto ev = decoder_.Decode(AsBytes(MakeEvent(40, c.body)));
    ASSERT_FALSE(ev.has_value());
    EXPECT_EQ(ev.error().code(), c.code) << ev.error().ToString();
  }
}

// A transaction of `n` inner events: BEGIN, TABLE_MAP and WRITE_ROWS of t.b, XIDs.
std::string SmallTransaction(size_t xids) {
  std::string out = Inner(2, QueryBody("t", "BEGIN"));
  out += Inner(19, SmallTableMap());
  out += Inner(30, FromHex("2a0000000000 0100 0200 02 03") + SmallRow(1, "one"));
  for (size_t i = 0; i < xids; ++i) out += Inner(16, XidBody(i));
  return out;
}

TEST_F(TransactionPayloadTest, InnerTableMapsServeLaterRowsEventsOfTheStream) {
  const std::string events = SmallTransaction(1);
  Inners got = ReadAll(MakeEvent(40, PayloadBody(Zstd(events), 0, events.size())));
  ASSERT_TRUE(got.status.ok()) << got.status.ToString();
  ASSERT_EQ(got.headers.size(), 4u);
  // A later uncompressed ROWS event of the same table finds the TABLE_MAP from the payload.
  const std::string rows =
      MakeEvent(30, FromHex("2a0000000000 0100 0200 02 03") + SmallRow(2, "x"));
  auto ev = decoder_.Decode(AsBytes(rows));
  ASSERT_TRUE(ev.has_value()) << ev.error().ToString();
  EXPECT_EQ(std::get<RowsRef>(ev->body).table->table, "b");
}

TEST_F(TransactionPayloadTest, UncompressedPayloadIsReadInPlace) {
  const std::string events = SmallTransaction(3);
  Inners got = ReadAll(MakeEvent(40, PayloadBody(events, 255, events.size())));
  ASSERT_TRUE(got.status.ok()) << got.status.ToString();
  EXPECT_EQ(got.headers.size(), 6u);
}

TEST_F(TransactionPayloadTest, ThousandsOfSmallEventsCrossTheWindowBoundaries) {
  const std::string events = SmallTransaction(20000);  // about 540 KB decompressed
  Inners got = ReadAll(MakeEvent(40, PayloadBody(Zstd(events), 0, events.size())));
  ASSERT_TRUE(got.status.ok()) << got.status.ToString();
  ASSERT_EQ(got.headers.size(), 20003u);
  for (size_t i = 0; i < 20000; ++i) {
    ASSERT_EQ(got.bodies[3 + i], XidBody(i)) << "xid " << i;
  }
}

TEST_F(TransactionPayloadTest, AnInnerEventLargerThanTheWindowIsReadWhole) {
  std::string text = "INSERT INTO t VALUES ";
  for (int i = 0; text.size() < 3'000'000; ++i) text += "(" + std::to_string(i * 7919) + "),";
  const std::string events =
      Inner(2, QueryBody("t", "BEGIN")) + Inner(2, QueryBody("t", text)) + Inner(16, XidBody(1));
  Inners got = ReadAll(MakeEvent(40, PayloadBody(Zstd(events), 0, events.size())));
  ASSERT_TRUE(got.status.ok()) << got.status.ToString();
  ASSERT_EQ(got.headers.size(), 3u);
  EXPECT_EQ(got.bodies[1], QueryBody("t", text));
}

TEST_F(TransactionPayloadTest, TruncatedFrameIsDataLossAtEveryCut) {
  const std::string events = SmallTransaction(2);
  const std::string frame = Zstd(events);
  for (size_t cut = 0; cut < frame.size(); ++cut) {
    Inners got = ReadAll(MakeEvent(40, PayloadBody(frame.substr(0, cut), 0, events.size())));
    EXPECT_EQ(got.status.code(), StatusCode::kDataLoss) << "cut at " << cut;
  }
}

TEST_F(TransactionPayloadTest, CorruptFrameIsDataLoss) {
  std::string frame = Zstd(SmallTransaction(2));
  frame[0] = 'X';  // not the zstd magic
  Inners got = ReadAll(MakeEvent(40, PayloadBody(frame, 0, std::nullopt)));
  EXPECT_EQ(got.status.code(), StatusCode::kDataLoss) << got.status.ToString();
}

TEST_F(TransactionPayloadTest, UncompressedSizeMustMatchTheData) {
  const std::string events = SmallTransaction(2);
  for (uint64_t size : {events.size() - 1, events.size() + 1}) {
    Inners got = ReadAll(MakeEvent(40, PayloadBody(Zstd(events), 0, size)));
    EXPECT_EQ(got.status.code(), StatusCode::kDataLoss) << "size " << size;
  }
}

TEST_F(TransactionPayloadTest, HostileUncompressedSizeIsNotAllocated) {
  const std::string events = SmallTransaction(2);
  const std::string raw = MakeEvent(40, PayloadBody(Zstd(events), 0, uint64_t{1} << 62));
  AllocationWatch watch;
  Inners got = ReadAll(raw);
  EXPECT_EQ(got.status.code(), StatusCode::kDataLoss) << got.status.ToString();
  EXPECT_EQ(got.headers.size(), 5u);  // every event was read, then the size did not match
  EXPECT_LT(watch.largest(), kSmallAllocation);
}

TEST_F(TransactionPayloadTest, HostileInnerEventSizeIsNotAllocated) {
  // An inner header claiming 900 MB, followed by a few real bytes.
  std::string header = Inner(2, QueryBody("t", "BEGIN")).substr(0, kHeaderLength);
  header[9] = header[10] = header[11] = 0;
  header[12] = 0x36;  // 0x36000000 = 905969664
  const std::string events = header + std::string(1000, 'x');
  for (std::optional<uint64_t> announced :
       {std::optional<uint64_t>(events.size()), std::optional<uint64_t>(uint64_t{1} << 40)}) {
    const std::string raw = MakeEvent(40, PayloadBody(Zstd(events), 0, announced));
    AllocationWatch watch;
    Inners got = ReadAll(raw);
    EXPECT_EQ(got.status.code(), StatusCode::kDataLoss) << got.status.ToString();
    EXPECT_LT(watch.largest(), kSmallAllocation);
  }
}

TEST_F(TransactionPayloadTest, InnerEventAboveTheCapIsDataLoss) {
  std::string header = Inner(16, XidBody(1));
  header[9] = header[10] = header[11] = header[12] = static_cast<char>(0xFF);
  Inners got = ReadAll(MakeEvent(40, PayloadBody(Zstd(header), 0, std::nullopt)));
  EXPECT_EQ(got.status.code(), StatusCode::kDataLoss) << got.status.ToString();
}

TEST_F(TransactionPayloadTest, InnerEventShorterThanAHeaderIsDataLoss) {
  std::string xid = Inner(16, XidBody(1));
  xid[9] = 5;
  Inners got = ReadAll(MakeEvent(40, PayloadBody(Zstd(xid), 0, xid.size())));
  EXPECT_EQ(got.status.code(), StatusCode::kDataLoss) << got.status.ToString();
}

TEST_F(TransactionPayloadTest, FormatDescriptionOrNestedPayloadInsideIsDataLoss) {
  const std::string nested = Inner(40, PayloadBody("", 255, 0));
  const std::string fde = fde_;
  for (const std::string& inner : {nested, fde}) {
    Inners got = ReadAll(MakeEvent(40, PayloadBody(Zstd(inner), 0, inner.size())));
    EXPECT_EQ(got.status.code(), StatusCode::kDataLoss) << got.status.ToString();
  }
}

TEST_F(TransactionPayloadTest, AnUndecodableInnerEventNamesItsPlaceInThePayload) {
  const std::string events = Inner(2, QueryBody("t", "BEGIN")) + Inner(99, "zz");
  Inners got = ReadAll(MakeEvent(40, PayloadBody(Zstd(events), 0, events.size()), 5555));
  EXPECT_EQ(got.status.code(), StatusCode::kUnimplemented);
  EXPECT_NE(got.status.message().find("inner event 2"), std::string::npos) << got.status.ToString();
  EXPECT_NE(got.status.message().find("5555"), std::string::npos) << got.status.ToString();
}

TEST_F(TransactionPayloadTest, AfterAnErrorNextKeepsReturningIt) {
  const std::string events = SmallTransaction(1);
  const std::string frame = Zstd(events);
  const std::string raw =
      MakeEvent(40, PayloadBody(frame.substr(0, frame.size() - 4), 0, std::nullopt));
  auto ev = decoder_.Decode(AsBytes(raw));
  ASSERT_TRUE(ev.has_value());
  PayloadReader reader(decoder_, std::get<TransactionPayloadRef>(ev->body));
  StatusOr<std::optional<Event>> next;
  do {
    next = reader.Next();
  } while (next.has_value() && next->has_value());
  ASSERT_FALSE(next.has_value());
  auto again = reader.Next();
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().message(), next.error().message());
}

TEST_F(TransactionPayloadTest, OnlyOneReaderPerDecoderAtATime) {
  const std::string events = SmallTransaction(1);
  const std::string raw = MakeEvent(40, PayloadBody(Zstd(events), 0, events.size()));
  auto ev = decoder_.Decode(AsBytes(raw));
  ASSERT_TRUE(ev.has_value());
  const auto& p = std::get<TransactionPayloadRef>(ev->body);
  PayloadReader first(decoder_, p);
  ASSERT_TRUE(first.Next().has_value());
  PayloadReader second(decoder_, p);
  auto next = second.Next();
  ASSERT_FALSE(next.has_value());
  EXPECT_EQ(next.error().code(), StatusCode::kInternal);
}

TEST_F(TransactionPayloadTest, ConsecutivePayloadsReuseTheDecoder) {
  for (int i = 0; i < 3; ++i) {
    const std::string events = SmallTransaction(10);
    Inners got = ReadAll(MakeEvent(40, PayloadBody(Zstd(events), 0, events.size())));
    ASSERT_TRUE(got.status.ok()) << got.status.ToString();
    EXPECT_EQ(got.headers.size(), 13u);
  }
}

}  // namespace
}  // namespace rowcast::binlog
