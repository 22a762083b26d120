// EventDecoder: the stateful part of binlog decoding. Feed it whole events in stream order; it
// verifies checksums, tracks the format description and the table-map cache, decompresses MariaDB
// compressed events, and returns typed events. PayloadReader walks the events inside a MySQL
// TRANSACTION_PAYLOAD through the same decoder state. Pure: no I/O, no clock, no logging. One
// decoder per stream; not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <variant>

#include "binlog/compression.h"
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

// MySQL GTID_TAGGED events arrive as MysqlGtidEvent with a tag; MariaDB QUERY_COMPRESSED and
// ROWS_COMPRESSED as QueryEvent and RowsRef holding the decompressed text and rows;
// PARTIAL_UPDATE_ROWS as RowsRef with RowsEvent::partial_json. A TransactionPayloadRef must be
// walked with a PayloadReader: its inner events are the transaction's changes.
using EventBody =
    std::variant<IgnoredEvent, FormatDescription, RotateEvent, QueryEvent, XidEvent, MariaGtidEvent,
                 MariaGtidListEvent, MysqlGtidEvent, PreviousGtidsEvent, TableMapRef, RowsRef,
                 HeartbeatEvent, RowsQueryEvent, IncidentEvent, StopEvent, TransactionPayloadRef>;

struct Event {
  EventHeader header;
  Bytes raw;  // the whole event, checksum included
  EventBody body;
};

class PayloadReader;

class EventDecoder {
 public:
  // `declared` is the checksum algorithm the replica announced with @master_binlog_checksum: it
  // applies to the events the server sends before the first FORMAT_DESCRIPTION.
  explicit EventDecoder(ChecksumAlg declared = ChecksumAlg::kOff);
  ~EventDecoder();
  EventDecoder(const EventDecoder&) = delete;
  EventDecoder& operator=(const EventDecoder&) = delete;

  // Decodes one event. The result holds views into `raw`, into this decoder's table-map cache and
  // into its buffer for decompressed MariaDB events: it is valid until the next call (of Decode
  // or of a PayloadReader's Next).
  [[nodiscard]] StatusOr<Event> Decode(Bytes raw);

  const FormatDescription& format() const { return fde_; }
  bool has_format() const { return has_fde_; }
  ChecksumAlg checksum_alg() const { return checksum_alg_; }

 private:
  friend class PayloadReader;

  // An event from inside a TRANSACTION_PAYLOAD: no checksum, log_pos 0; a FORMAT_DESCRIPTION or
  // a nested payload there is corrupt.
  StatusOr<Event> DecodeEmbedded(Bytes raw);
  StatusOr<EventBody> DecodeBody(const EventHeader& h, Bytes body);
  StatusOr<EventBody> DecodeRows(const EventHeader& h, Bytes body);
  StatusOr<const TableMap*> RememberTableMap(Bytes body);

  ChecksumAlg checksum_alg_;
  FormatDescription fde_;
  bool has_fde_ = false;
  struct CachedTable {
    std::string raw;  // the TABLE_MAP body it was decoded from
    TableMap table;
  };
  std::unordered_map<uint64_t, CachedTable> tables_;
  uint64_t table_revisions_ = 0;
  // Decompressed MariaDB QUERY_COMPRESSED text or ROWS_COMPRESSED rows of the last event.
  std::string inflated_;
  // Kept between payloads so that a stream of compressed transactions reuses them.
  ZstdStream zstd_;
  std::unique_ptr<std::byte[]> spare_window_;
  size_t spare_window_size_ = 0;
  bool payload_reader_active_ = false;
};

// Walks the events inside one TRANSACTION_PAYLOAD (MySQL 8.0.20+,
// binlog_transaction_compression=ON) through `decoder`: its format description and table-map
// cache, so the TABLE_MAPs inside the payload serve the ROWS events after them. The payload is
// decompressed as a stream into a window that holds at least the current inner event (growing
// to its size, at most kMaxDecompressedSize); the UNCOMPRESSED_SIZE of the header is checked,
// never used to allocate.
//
//   ROWCAST_ASSIGN_OR_RETURN(Event ev, decoder.Decode(raw));
//   if (const auto* p = std::get_if<TransactionPayloadRef>(&ev.body)) {
//     PayloadReader inner(decoder, *p);
//     while (true) {
//       ROWCAST_ASSIGN_OR_RETURN(std::optional<Event> e, inner.Next());
//       if (!e) break;
//       ... *e as if it came from Decode (log_pos 0, no checksum) ...
//     }
//   }
//
// The outer event's buffer and the decoder must outlive the reader; while it is in use the
// decoder must not decode other events, and only one PayloadReader per decoder may exist at a
// time. Not thread-safe.
class PayloadReader {
 public:
  PayloadReader(EventDecoder& decoder, const TransactionPayloadRef& payload);
  ~PayloadReader();
  PayloadReader(const PayloadReader&) = delete;
  PayloadReader& operator=(const PayloadReader&) = delete;

  // The next inner event, or nullopt after the last one (once the whole payload was read and
  // checked). The event holds views into this reader and the decoder: valid until the next call.
  // Truncated or corrupt data is DataLoss; after an error every call returns it again.
  [[nodiscard]] StatusOr<std::optional<Event>> Next();

  // Inner events returned so far.
  size_t events() const { return events_; }

 private:
  Status Start();
  StatusOr<Bytes> NextRaw();
  Status Fill(size_t want);
  Status Grow(size_t want);
  std::string Where() const;

  EventDecoder& decoder_;
  TransactionPayloadRef payload_;
  Status error_;
  bool started_ = false;
  bool owns_decoder_state_ = false;
  size_t in_pos_ = 0;        // payload bytes consumed
  bool input_done_ = false;  // all input consumed and all output flushed
  bool frame_done_ = false;  // the zstd frame ended exactly
  uint64_t produced_ = 0;    // decompressed bytes so far
  uint64_t offset_ = 0;      // offset of the next inner event in the decompressed stream
  size_t events_ = 0;
  std::unique_ptr<std::byte[]> window_;
  size_t window_size_ = 0;
  size_t begin_ = 0;  // the window holds decompressed bytes [begin_, end_)
  size_t end_ = 0;
};

// CRC32 (zlib polynomial) over `data`.
uint32_t Crc32(Bytes data);

}  // namespace rowcast::binlog
