// CRC-32 (the zlib / IEEE 802.3 polynomial, as binlog checksums use). Uses carry-less
// multiplication (PCLMULQDQ) on x86-64 CPUs that have it, zlib otherwise.
#pragma once

#include <cstdint>
#include <span>

namespace rowcast {

uint32_t Crc32(std::span<const std::byte> data);

}  // namespace rowcast
