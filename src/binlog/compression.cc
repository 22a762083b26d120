#include "binlog/compression.h"

#include <algorithm>
#include <climits>

#include <fmt/format.h>
#include <zlib.h>
#include <zstd.h>

namespace rowcast::binlog {
namespace {

constexpr size_t kInitialInflate = 4096;

// Inflates all of `in` (zlib stream when window_bits > 0, raw deflate when < 0) into `out`, which
// must come to exactly `expected` bytes. `out` grows with the data, never straight to `expected`,
// so a hostile length alone cannot make us allocate: at most twice what really came out.
Status Inflate(Bytes in, int window_bits, size_t expected, std::string& out,
               std::string_view what) {
  out.clear();
  if (expected > kMaxDecompressedSize) {
    return DataLossError(fmt::format("{} claims {} bytes uncompressed, more than the {} allowed",
                                     what, expected, kMaxDecompressedSize));
  }
  if (in.size() > UINT_MAX) {
    return DataLossError(fmt::format("{} has {} compressed bytes", what, in.size()));
  }
  z_stream zs{};
  if (inflateInit2(&zs, window_bits) != Z_OK) {
    return InternalError(fmt::format("zlib could not start inflating {}", what));
  }
  struct End {
    z_stream* zs;
    ~End() { inflateEnd(zs); }
  } end{&zs};
  // zlib's API takes a non-const input pointer but never writes through it.
  zs.next_in = const_cast<Bytef*>(reinterpret_cast<const Bytef*>(in.data()));
  zs.avail_in = static_cast<uInt>(in.size());
  // One byte more than expected, so that a stream longer than announced is noticed.
  const size_t limit = expected + 1;
  size_t cap = std::min(limit, std::max(kInitialInflate, in.size() * 4));
  size_t produced = 0;
  out.resize(cap);
  while (true) {
    zs.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
    zs.avail_out = static_cast<uInt>(std::min<size_t>(cap - produced, UINT_MAX));
    const uInt before = zs.avail_out;
    const int rc = inflate(&zs, Z_NO_FLUSH);
    produced += before - zs.avail_out;
    if (rc == Z_STREAM_END) break;
    if (rc != Z_OK && rc != Z_BUF_ERROR) {
      return DataLossError(fmt::format("{} is not a valid {} stream: {}", what,
                                       window_bits > 0 ? "zlib" : "deflate",
                                       zs.msg != nullptr ? zs.msg : "corrupt data"));
    }
    if (zs.avail_out != 0) {
      return DataLossError(
          fmt::format("{} is truncated: the compressed stream ends after {} of {} bytes", what,
                      produced, expected));
    }
    if (produced >= limit) {
      return DataLossError(
          fmt::format("{} decompresses to more than the {} bytes it announces", what, expected));
    }
    cap = std::min(limit, cap * 2);
    out.resize(cap);
  }
  if (zs.avail_in != 0) {
    return DataLossError(
        fmt::format("{} has {} bytes after the end of its compressed stream", what, zs.avail_in));
  }
  if (produced != expected) {
    return DataLossError(
        fmt::format("{} decompresses to {} bytes but announces {}", what, produced, expected));
  }
  out.resize(produced);
  return OkStatus();
}

}  // namespace

Status InflateMariaEventData(Bytes blob, std::string& out) {
  constexpr std::string_view kWhat = "compressed event data";
  ByteReader r(blob);
  ROWCAST_ASSIGN_OR_RETURN_STATUS(uint8_t header, r.ReadU8());
  if ((header & 0x80) == 0) {
    return DataLossError(
        fmt::format("{} starts with 0x{:02x}, not a compression header", kWhat, header));
  }
  const int algorithm = (header >> 4) & 7;
  if (algorithm != 0) {
    return UnimplementedError(
        fmt::format("{} uses compression algorithm {}; only zlib (0) is known", kWhat, algorithm));
  }
  const size_t lenlen = header & 7u;
  if (lenlen < 1 || lenlen > 4) {
    return DataLossError(
        fmt::format("{} has a {}-byte length field (1..4 allowed)", kWhat, lenlen));
  }
  ROWCAST_ASSIGN_OR_RETURN_STATUS(uint64_t expected, r.ReadUintBe(lenlen));
  return Inflate(r.rest(), MAX_WBITS, static_cast<size_t>(expected), out, kWhat);
}

StatusOr<Bytes> DecodeMariaCompressedColumn(Bytes stored, size_t max_length, std::string& scratch) {
  constexpr std::string_view kWhat = "compressed column value";
  if (stored.empty()) return stored;  // an empty value is stored without a header
  ByteReader r(stored);
  ROWCAST_ASSIGN_OR_RETURN(uint8_t header, r.ReadU8());
  if (header == 0) return r.rest();  // stored as is: compression would not have saved space
  const int method = header >> 4;
  if (method != 8) {
    return std::unexpected(UnimplementedError(
        fmt::format("{} uses compression method {}; only zlib (8) is known", kWhat, method)));
  }
  const size_t lenlen = header & 7u;
  if (lenlen < 1 || lenlen > 4) {
    return std::unexpected(
        DataLossError(fmt::format("{} has a {}-byte length field (1..4 allowed)", kWhat, lenlen)));
  }
  ROWCAST_ASSIGN_OR_RETURN(uint64_t expected, r.ReadUintBe(lenlen));
  if (expected > max_length) {
    return std::unexpected(DataLossError(fmt::format(
        "{} claims {} bytes, more than the column's maximum of {}", kWhat, expected, max_length)));
  }
  // Raw deflate is MariaDB's default (column_compression_zlib_wrap=OFF).
  const int window_bits = (header & 8) != 0 ? -MAX_WBITS : MAX_WBITS;
  ROWCAST_RETURN_IF_ERROR(
      Inflate(r.rest(), window_bits, static_cast<size_t>(expected), scratch, kWhat));
  return AsBytes(scratch);
}

struct ZstdStream::Context {
  ZSTD_DCtx* dctx = nullptr;
  ~Context() { ZSTD_freeDCtx(dctx); }
};

ZstdStream::ZstdStream() = default;
ZstdStream::~ZstdStream() = default;

Status ZstdStream::Reset() {
  if (ctx_ == nullptr) {
    auto ctx = std::make_unique<Context>();
    ctx->dctx = ZSTD_createDCtx();
    if (ctx->dctx == nullptr) return InternalError("could not create a zstd decompression context");
    ctx_ = std::move(ctx);
  }
  // zstd's default window limit (ZSTD_WINDOWLOG_LIMIT_DEFAULT, 128 MiB) stays: MySQL may
  // compress at levels whose window needs it, and it bounds what a hostile frame can claim.
  const size_t rc = ZSTD_DCtx_reset(ctx_->dctx, ZSTD_reset_session_only);
  if (ZSTD_isError(rc) != 0) {
    return InternalError(fmt::format("zstd reset failed: {}", ZSTD_getErrorName(rc)));
  }
  return OkStatus();
}

StatusOr<ZstdStream::Step> ZstdStream::Decompress(Bytes in, std::span<std::byte> out) {
  if (ctx_ == nullptr) return std::unexpected(InternalError("ZstdStream used before Reset()"));
  ZSTD_inBuffer input{in.data(), in.size(), 0};
  ZSTD_outBuffer output{out.data(), out.size(), 0};
  const size_t rc = ZSTD_decompressStream(ctx_->dctx, &output, &input);
  if (ZSTD_isError(rc) != 0) {
    return std::unexpected(
        DataLossError(fmt::format("corrupt zstd data: {}", ZSTD_getErrorName(rc))));
  }
  return Step{input.pos, output.pos, rc == 0};
}

}  // namespace rowcast::binlog
