// Decompression of the compressed shapes a binlog stream can carry:
//   - MariaDB compressed events (log_bin_compress=ON): the query text of QUERY_COMPRESSED and the
//     row images of ROWS_COMPRESSED, zlib;
//   - MariaDB compressed columns (`col ... COMPRESSED`, binlog types 140/141), zlib or raw deflate;
//   - MySQL TRANSACTION_PAYLOAD (binlog_transaction_compression=ON), zstd, streamed.
// Sizes announced by the wire are checked, capped and never used to allocate up front: buffers
// grow with the data that really arrives.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "common/byte_reader.h"
#include "common/status.h"

namespace rowcast::binlog {

// Largest decompressed event or value rowcast accepts: MariaDB and MySQL cap events and packets
// at 1 GiB (max_allowed_packet), so anything larger is corrupt.
inline constexpr size_t kMaxDecompressedSize = size_t{1} << 30;

// MariaDB compressed event data (QUERY_COMPRESSED query text, ROWS_COMPRESSED row images):
// header u8 = 0x80 | algorithm << 4 (0 = zlib) | lenlen (1..4) | uncompressed length, lenlen
// bytes big-endian | zlib stream, to the end of `blob`.
// Replaces the contents of `out` with the decompressed bytes (`out` keeps its capacity).
// https://mariadb.com/docs/server/reference/clientserver-protocol/replication-protocol/rows_event_v1v2-rows_compressed_event_v1
[[nodiscard]] Status InflateMariaEventData(Bytes blob, std::string& out);

// MariaDB compressed column value, after the column's length prefix (sql/field_comp.cc):
// empty = empty value; header u8 = 0: the rest is the value as is; else header >> 4 = method
// (8 = zlib), header & 8 = raw deflate (no zlib wrapper), header & 7 = lenlen, then the original
// length (lenlen bytes big-endian) and the stream.
// Returns the value: a view into `stored` when it is not compressed, else into `scratch`, whose
// contents it replaces. `max_length` is the column's maximum length in bytes.
[[nodiscard]] StatusOr<Bytes> DecodeMariaCompressedColumn(Bytes stored, size_t max_length,
                                                          std::string& scratch);

// A zstd decompression context for streaming (ZSTD_decompressStream). Reusable: Reset() starts a
// new stream. Owned by one EventDecoder; not thread-safe.
class ZstdStream {
 public:
  ZstdStream();
  ~ZstdStream();
  ZstdStream(const ZstdStream&) = delete;
  ZstdStream& operator=(const ZstdStream&) = delete;

  // Starts a new stream (creates the context on first use).
  [[nodiscard]] Status Reset();

  struct Step {
    size_t consumed = 0;      // input bytes used
    size_t produced = 0;      // output bytes written
    bool frame_done = false;  // the last frame ended exactly (zstd returned 0)
  };
  // Decompresses from `in` into `out` as far as either allows.
  [[nodiscard]] StatusOr<Step> Decompress(Bytes in, std::span<std::byte> out);

 private:
  struct Context;
  std::unique_ptr<Context> ctx_;
};

}  // namespace rowcast::binlog
