// ByteReader: the one way rowcast reads binary wire data. Every read checks what remains and
// returns DataLoss on a short buffer; integers are assembled with shifts, never memcpy'd.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "common/status.h"

namespace rowcast {

using Bytes = std::span<const std::byte>;

inline Bytes AsBytes(std::string_view s) {
  return {reinterpret_cast<const std::byte*>(s.data()), s.size()};
}
inline std::string_view AsStringView(Bytes b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

class ByteReader {
 public:
  explicit ByteReader(Bytes data) : data_(data) {}

  size_t remaining() const { return data_.size() - pos_; }
  size_t position() const { return pos_; }
  bool empty() const { return remaining() == 0; }
  Bytes rest() const { return data_.subspan(pos_); }

  StatusOr<uint8_t> ReadU8() {
    if (remaining() < 1) return std::unexpected(Short(1));
    return static_cast<uint8_t>(data_[pos_++]);
  }
  StatusOr<uint16_t> ReadU16Le() { return ReadLe<uint16_t>(2); }
  StatusOr<uint32_t> ReadU24Le() { return ReadLe<uint32_t>(3); }
  StatusOr<uint32_t> ReadU32Le() { return ReadLe<uint32_t>(4); }
  StatusOr<uint64_t> ReadU48Le() { return ReadLe<uint64_t>(6); }
  StatusOr<uint64_t> ReadU64Le() { return ReadLe<uint64_t>(8); }
  // Little-endian unsigned of `n` bytes, n in 1..8.
  StatusOr<uint64_t> ReadUintLe(size_t n) { return ReadLe<uint64_t>(n); }
  // Big-endian unsigned of `n` bytes, n in 1..8 (DECIMAL groups, temporal types, BIT).
  StatusOr<uint64_t> ReadUintBe(size_t n) {
    if (n == 0 || n > 8) return std::unexpected(InternalError("ReadUintBe width out of range"));
    if (remaining() < n) return std::unexpected(Short(n));
    uint64_t v = 0;
    for (size_t i = 0; i < n; ++i) v = (v << 8) | static_cast<uint64_t>(data_[pos_ + i]);
    pos_ += n;
    return v;
  }

  // MySQL length-encoded integer: < 0xFB value; 0xFC u16; 0xFD u24; 0xFE u64. 0xFB/0xFF are errors.
  StatusOr<uint64_t> ReadLenEncInt() {
    ROWCAST_ASSIGN_OR_RETURN(uint8_t first, ReadU8());
    if (first < 0xFB) return first;
    switch (first) {
      case 0xFC:
        return ReadLe<uint64_t>(2);
      case 0xFD:
        return ReadLe<uint64_t>(3);
      case 0xFE:
        return ReadLe<uint64_t>(8);
      default:
        return std::unexpected(
            DataLossError("invalid length-encoded integer prefix 0x" + Hex(first) + At()));
    }
  }

  StatusOr<Bytes> ReadBytes(size_t n) {
    if (remaining() < n) return std::unexpected(Short(n));
    Bytes out = data_.subspan(pos_, n);
    pos_ += n;
    return out;
  }
  StatusOr<std::string_view> ReadString(size_t n) {
    ROWCAST_ASSIGN_OR_RETURN(Bytes b, ReadBytes(n));
    return AsStringView(b);
  }
  // A reader over the next n bytes; this reader moves past them.
  StatusOr<ByteReader> Sub(size_t n) {
    ROWCAST_ASSIGN_OR_RETURN(Bytes b, ReadBytes(n));
    return ByteReader(b);
  }
  Status Skip(size_t n) {
    if (remaining() < n) return Short(n);
    pos_ += n;
    return OkStatus();
  }
  Bytes ReadRest() {
    Bytes out = data_.subspan(pos_);
    pos_ = data_.size();
    return out;
  }

 private:
  template <typename T>
  StatusOr<T> ReadLe(size_t n) {
    if (remaining() < n) return std::unexpected(Short(n));
    T v = 0;
    for (size_t i = 0; i < n; ++i) v |= static_cast<T>(static_cast<T>(data_[pos_ + i]) << (8 * i));
    pos_ += n;
    return v;
  }
  Status Short(size_t wanted) const {
    return DataLossError("truncated data: need " + std::to_string(wanted) + " bytes at offset " +
                         std::to_string(pos_) + ", " + std::to_string(remaining()) + " left");
  }
  std::string At() const { return " at offset " + std::to_string(pos_ - 1); }
  static std::string Hex(uint8_t b) {
    static constexpr char kDigits[] = "0123456789abcdef";
    return {kDigits[b >> 4], kDigits[b & 15]};
  }

  Bytes data_;
  size_t pos_ = 0;
};

}  // namespace rowcast
