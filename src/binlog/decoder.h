// EventDecoder: the stateful part of binlog decoding. Feed it whole events in stream order; it
// verifies checksums, tracks the format description and the table-map cache, and returns typed
// events. Pure: no I/O, no clock, no logging. One decoder per stream; not thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <variant>

#include "binlog/events.h"
#include "binlog/rows.h"
#include "binlog/table_map.h"
#include "common/byte_reader.h"
#include "common/status.h"

namespace rowcast::binlog {

struct IgnoredEvent {};
struct StopEvent {};
struct TableMapRef {
  const TableMap* table = nullptr;
};
struct RowsRef {
  RowsEvent rows;
  const TableMap* table = nullptr;
};

using EventBody =
    std::variant<IgnoredEvent, FormatDescription, RotateEvent, QueryEvent, XidEvent, MariaGtidEvent,
                 MariaGtidListEvent, MysqlGtidEvent, PreviousGtidsEvent, TableMapRef, RowsRef,
                 HeartbeatEvent, RowsQueryEvent, IncidentEvent, StopEvent>;

struct Event {
  EventHeader header;
  Bytes raw;  // the whole event, checksum included
  EventBody body;
};

class EventDecoder {
 public:
  // `declared` is the checksum algorithm the replica announced with @master_binlog_checksum: it
  // applies to the events the server sends before the first FORMAT_DESCRIPTION.
  explicit EventDecoder(ChecksumAlg declared = ChecksumAlg::kOff) : checksum_alg_(declared) {}

  // Decodes one event. The result holds views into `raw` and into this decoder's table-map cache:
  // it is valid until the next call.
  [[nodiscard]] StatusOr<Event> Decode(Bytes raw);

  const FormatDescription& format() const { return fde_; }
  bool has_format() const { return has_fde_; }
  ChecksumAlg checksum_alg() const { return checksum_alg_; }

 private:
  StatusOr<EventBody> DecodeBody(const EventHeader& h, Bytes body, Bytes raw);
  StatusOr<const TableMap*> RememberTableMap(Bytes body);

  ChecksumAlg checksum_alg_;
  FormatDescription fde_;
  bool has_fde_ = false;
  struct CachedTable {
    std::string raw;  // the TABLE_MAP body it was decoded from
    TableMap table;
  };
  std::unordered_map<uint64_t, CachedTable> tables_;
};

// CRC32 (zlib polynomial) over `data`.
uint32_t Crc32(Bytes data);

}  // namespace rowcast::binlog
