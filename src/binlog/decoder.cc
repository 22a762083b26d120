#include "binlog/decoder.h"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include <zlib.h>
#include "common/crc32.h"

namespace rowcast::binlog {

uint32_t Crc32(Bytes data) { return rowcast::Crc32(data); }

namespace {

// Where an event is, for messages. MariaDB 11.4+ writes log_pos 0 in the events of a transaction
// and MySQL in the events inside a TRANSACTION_PAYLOAD: the caller knows the position then.
std::string Where(const EventHeader& h) {
  if (h.log_pos == 0) return "with log_pos 0 (position not in the header)";
  return fmt::format("ending at position {}", h.log_pos);
}

Status VerifyCrc(const EventHeader& h, Bytes raw) {
  const size_t n = raw.size() - kChecksumLength;
  ByteReader footer(raw.subspan(n));
  ROWCAST_ASSIGN_OR_RETURN_STATUS(uint32_t stored, footer.ReadU32Le());
  const uint32_t computed = Crc32(raw.first(n));
  if (stored != computed) {
    return DataLossError(fmt::format(
        "CRC32 mismatch in {} event {}: stored {:08x}, computed {:08x}; the event is corrupt",
        EventTypeName(h.type), Where(h), stored, computed));
  }
  return OkStatus();
}

}  // namespace

EventDecoder::EventDecoder(ChecksumAlg declared) : checksum_alg_(declared) {}
EventDecoder::~EventDecoder() = default;

StatusOr<Event> EventDecoder::Decode(Bytes raw) {
  ROWCAST_ASSIGN_OR_RETURN(EventHeader h, DecodeHeader(raw));
  Event ev;
  ev.header = h;
  ev.raw = raw;
  Bytes rest = raw.subspan(kHeaderLength);
  if (h.type == static_cast<uint8_t>(EventType::kFormatDescription)) {
    // The FDE declares its own checksum algorithm and always ends with 4 checksum bytes.
    ROWCAST_ASSIGN_OR_RETURN(FormatDescription fde, DecodeFormatDescription(rest));
    if (fde.checksum_alg == ChecksumAlg::kCrc32) {
      Status crc = VerifyCrc(h, raw);
      // MySQL computes the FDE checksum with LOG_EVENT_BINLOG_IN_USE_F cleared, so that clearing
      // the flag in place when the file is closed keeps the CRC valid; files copied while in
      // use carry the flag (Log_event_footer::event_checksum_test does the same).
      if (!crc.ok() && (h.flags & kFlagBinlogInUse) != 0) {
        std::string copy(AsStringView(raw));
        copy[17] = static_cast<char>(static_cast<uint8_t>(copy[17]) & ~kFlagBinlogInUse);
        crc = VerifyCrc(h, AsBytes(copy));
      }
      ROWCAST_RETURN_IF_ERROR(crc);
    }
    checksum_alg_ =
        fde.checksum_alg == ChecksumAlg::kCrc32 ? ChecksumAlg::kCrc32 : ChecksumAlg::kOff;
    fde_ = fde;
    has_fde_ = true;
    // Table ids are reused across files and server restarts.
    tables_.clear();
    ev.body = std::move(fde);
    return ev;
  }
  if (checksum_alg_ == ChecksumAlg::kCrc32) {
    if (rest.size() < kChecksumLength) {
      return std::unexpected(
          DataLossError(fmt::format("{} event too short for its checksum", EventTypeName(h.type))));
    }
    ROWCAST_RETURN_IF_ERROR(VerifyCrc(h, raw));
    rest = rest.first(rest.size() - kChecksumLength);
  }
  ROWCAST_ASSIGN_OR_RETURN(ev.body, DecodeBody(h, rest));
  return ev;
}

StatusOr<Event> EventDecoder::DecodeEmbedded(Bytes raw) {
  ROWCAST_ASSIGN_OR_RETURN(EventHeader h, DecodeHeader(raw));
  if (h.type == static_cast<uint8_t>(EventType::kFormatDescription) ||
      h.type == static_cast<uint8_t>(EventType::kTransactionPayload)) {
    return std::unexpected(DataLossError(fmt::format(
        "{} event inside a TRANSACTION_PAYLOAD: the payload is corrupt", EventTypeName(h.type))));
  }
  Event ev;
  ev.header = h;
  ev.raw = raw;
  ROWCAST_ASSIGN_OR_RETURN(ev.body, DecodeBody(h, raw.subspan(kHeaderLength)));
  return ev;
}

StatusOr<const TableMap*> EventDecoder::RememberTableMap(Bytes body) {
  const size_t id_len = fde_.table_id_length();
  ByteReader r(body);
  ROWCAST_ASSIGN_OR_RETURN(uint64_t id, r.ReadUintLe(id_len));
  auto it = tables_.find(id);
  // The same statement shape logs the same TABLE_MAP again and again: reuse the decoded one.
  if (it != tables_.end() && it->second.raw.size() == body.size() &&
      std::memcmp(it->second.raw.data(), body.data(), body.size()) == 0) {
    return &it->second.table;
  }
  ROWCAST_ASSIGN_OR_RETURN(TableMap t, DecodeTableMap(body, id_len, fde_.is_mariadb()));
  CachedTable& slot = tables_[id];
  slot.raw.assign(reinterpret_cast<const char*>(body.data()), body.size());
  slot.table = std::move(t);
  slot.table.revision = ++table_revisions_;
  return &slot.table;
}

StatusOr<EventBody> EventDecoder::DecodeRows(const EventHeader& h, Bytes body) {
  if (!has_fde_) {
    return std::unexpected(
        DataLossError(fmt::format("{} before any FORMAT_DESCRIPTION", EventTypeName(h.type))));
  }
  ROWCAST_ASSIGN_OR_RETURN(RowsEvent rows, DecodeRowsEvent(body, h.type, fde_.table_id_length()));
  if (IsCompressedRowsEvent(h.type)) {
    // MariaDB log_bin_compress: everything after the column bitmaps is compressed.
    Status s = InflateMariaEventData(rows.rows, inflated_);
    if (!s.ok()) {
      return std::unexpected(
          s.WithContext(fmt::format("{} event {}", EventTypeName(h.type), Where(h))));
    }
    rows.rows = AsBytes(inflated_);
  }
  auto it = tables_.find(rows.table_id);
  if (it == tables_.end()) {
    if (rows.table_id == 0x00FFFFFF && (rows.flags & kRowsFlagStmtEnd) != 0) return IgnoredEvent{};
    return std::unexpected(
        DataLossError(fmt::format("{} event for table id {} arrived without its TABLE_MAP "
                                  "(stream started mid-transaction?)",
                                  EventTypeName(h.type), rows.table_id)));
  }
  return RowsRef{rows, &it->second.table};
}

StatusOr<EventBody> EventDecoder::DecodeBody(const EventHeader& h, Bytes body) {
  const auto type = static_cast<EventType>(h.type);
  switch (type) {
    case EventType::kRotate: {
      ROWCAST_ASSIGN_OR_RETURN(RotateEvent e, DecodeRotate(body));
      return e;
    }
    case EventType::kQuery: {
      ROWCAST_ASSIGN_OR_RETURN(QueryEvent e, DecodeQuery(body, fde_.PostHeaderLength(h.type, 13)));
      return e;
    }
    case EventType::kMariaQueryCompressed: {
      // A QUERY whose text is compressed (MariaDB log_bin_compress=ON). Its post-header is
      // QUERY's; fall back to that when the FDE does not describe type 165.
      uint8_t post_header = fde_.PostHeaderLength(h.type, 0);
      if (post_header == 0) {
        post_header = fde_.PostHeaderLength(static_cast<uint8_t>(EventType::kQuery), 13);
      }
      ROWCAST_ASSIGN_OR_RETURN(QueryEvent e, DecodeQuery(body, post_header));
      Status s = InflateMariaEventData(AsBytes(e.query), inflated_);
      if (!s.ok()) {
        return std::unexpected(s.WithContext(fmt::format("QUERY_COMPRESSED event {}", Where(h))));
      }
      e.query = inflated_;
      return e;
    }
    case EventType::kXid: {
      ROWCAST_ASSIGN_OR_RETURN(XidEvent e, DecodeXid(body));
      return e;
    }
    case EventType::kMariaGtid: {
      ROWCAST_ASSIGN_OR_RETURN(MariaGtidEvent e, DecodeMariaGtid(body, h.server_id));
      return e;
    }
    case EventType::kMariaGtidList: {
      ROWCAST_ASSIGN_OR_RETURN(MariaGtidListEvent e, DecodeMariaGtidList(body));
      return e;
    }
    case EventType::kGtid:
    case EventType::kAnonymousGtid: {
      ROWCAST_ASSIGN_OR_RETURN(MysqlGtidEvent e,
                               DecodeMysqlGtid(body, type == EventType::kAnonymousGtid));
      return e;
    }
    case EventType::kGtidTagged: {
      ROWCAST_ASSIGN_OR_RETURN(MysqlGtidEvent e, DecodeMysqlGtidTagged(body));
      return e;
    }
    case EventType::kPreviousGtids:
      return PreviousGtidsEvent{body};
    case EventType::kTableMap: {
      if (!has_fde_)
        return std::unexpected(DataLossError("TABLE_MAP before any FORMAT_DESCRIPTION"));
      ROWCAST_ASSIGN_OR_RETURN(const TableMap* t, RememberTableMap(body));
      return TableMapRef{t};
    }
    case EventType::kWriteRowsV1:
    case EventType::kUpdateRowsV1:
    case EventType::kDeleteRowsV1:
    case EventType::kWriteRowsV2:
    case EventType::kUpdateRowsV2:
    case EventType::kDeleteRowsV2:
    case EventType::kPartialUpdateRows:
    case EventType::kMariaWriteRowsCompressedV1:
    case EventType::kMariaUpdateRowsCompressedV1:
    case EventType::kMariaDeleteRowsCompressedV1:
    case EventType::kMariaWriteRowsCompressed:
    case EventType::kMariaUpdateRowsCompressed:
    case EventType::kMariaDeleteRowsCompressed:
      return DecodeRows(h, body);
    case EventType::kTransactionPayload: {
      ROWCAST_ASSIGN_OR_RETURN(TransactionPayloadRef p, DecodeTransactionPayload(body));
      p.log_pos = h.log_pos;
      return p;
    }
    case EventType::kHeartbeat: {
      ROWCAST_ASSIGN_OR_RETURN(HeartbeatEvent e, DecodeHeartbeat(body, h.log_pos));
      return e;
    }
    case EventType::kHeartbeatV2: {
      ROWCAST_ASSIGN_OR_RETURN(HeartbeatEvent e, DecodeHeartbeatV2(body));
      return e;
    }
    case EventType::kMariaAnnotateRows: {
      ROWCAST_ASSIGN_OR_RETURN(RowsQueryEvent e, DecodeAnnotateRows(body));
      return e;
    }
    case EventType::kRowsQuery: {
      ROWCAST_ASSIGN_OR_RETURN(RowsQueryEvent e, DecodeRowsQuery(body));
      return e;
    }
    case EventType::kIncident: {
      ROWCAST_ASSIGN_OR_RETURN(IncidentEvent e, DecodeIncident(body));
      return e;
    }
    case EventType::kStop:
      return StopEvent{};
    case EventType::kIntvar:
    case EventType::kRand:
    case EventType::kUserVar:
    case EventType::kIgnorable:
    case EventType::kTransactionContext:
    case EventType::kViewChange:
    case EventType::kMariaBinlogCheckpoint:
    case EventType::kMariaStartEncryption:
    case EventType::kBeginLoadQuery:
    case EventType::kExecuteLoadQuery:
      return IgnoredEvent{};
    case EventType::kXaPrepare:
    default:
      break;
  }
  if ((h.flags & kFlagIgnorable) != 0) return IgnoredEvent{};
  return std::unexpected(UnimplementedError(fmt::format(
      "binlog event type {} ({}) {} is not supported yet and is not marked ignorable; rowcast "
      "stops rather than skip row changes it cannot read",
      static_cast<int>(h.type), EventTypeName(h.type), Where(h))));
}

PayloadReader::PayloadReader(EventDecoder& decoder, const TransactionPayloadRef& payload)
    : decoder_(decoder), payload_(payload) {}

PayloadReader::~PayloadReader() {
  if (!owns_decoder_state_) return;
  decoder_.payload_reader_active_ = false;
  // Keep an ordinary window for the next payload; give back what one huge event needed.
  constexpr size_t kKeepWindow = size_t{4} << 20;
  if (window_size_ <= kKeepWindow && window_size_ >= decoder_.spare_window_size_) {
    decoder_.spare_window_ = std::move(window_);
    decoder_.spare_window_size_ = window_size_;
  }
}

std::string PayloadReader::Where() const {
  return fmt::format("inner event {} at byte {} of the TRANSACTION_PAYLOAD {}", events_ + 1,
                     offset_,
                     payload_.log_pos != 0 ? fmt::format("ending at position {}", payload_.log_pos)
                                           : std::string("event"));
}

Status PayloadReader::Start() {
  started_ = true;
  if (decoder_.payload_reader_active_) {
    return InternalError("two PayloadReaders over one EventDecoder at the same time");
  }
  decoder_.payload_reader_active_ = true;
  owns_decoder_state_ = true;
  if (payload_.compression == PayloadCompression::kNone) return OkStatus();
  window_ = std::move(decoder_.spare_window_);
  window_size_ = window_ != nullptr ? decoder_.spare_window_size_ : 0;
  decoder_.spare_window_size_ = 0;
  return decoder_.zstd_.Reset();
}

// Grows the window so that it can hold `want` bytes: geometrically while data keeps arriving,
// so an event size read from corrupt data cannot make us allocate before the data is there.
Status PayloadReader::Grow(size_t want) {
  constexpr size_t kInitialWindow = size_t{64} << 10;
  size_t size = std::max(window_size_ * 2, kInitialWindow);
  size = std::min(size, std::max(want, kInitialWindow));
  if (size <= window_size_) return InternalError("payload window cannot grow");
  auto bigger = std::make_unique_for_overwrite<std::byte[]>(size);
  if (end_ > begin_) std::memcpy(bigger.get(), window_.get() + begin_, end_ - begin_);
  end_ -= begin_;
  begin_ = 0;
  window_ = std::move(bigger);
  window_size_ = size;
  return OkStatus();
}

// Decompresses until the window holds `want` bytes from begin_ or the payload is exhausted.
Status PayloadReader::Fill(size_t want) {
  while (end_ - begin_ < want && !input_done_) {
    if (end_ == window_size_ && begin_ > 0) {
      // Events before begin_ were handed out by earlier calls and are no longer needed.
      std::memmove(window_.get(), window_.get() + begin_, end_ - begin_);
      end_ -= begin_;
      begin_ = 0;
    }
    if (end_ == window_size_) ROWCAST_RETURN_STATUS_IF_ERROR(Grow(want));
    ROWCAST_ASSIGN_OR_RETURN_STATUS(
        ZstdStream::Step step,
        decoder_.zstd_.Decompress(payload_.payload.subspan(in_pos_),
                                  std::span<std::byte>(window_.get() + end_, window_size_ - end_)));
    in_pos_ += step.consumed;
    end_ += step.produced;
    produced_ += step.produced;
    frame_done_ = step.frame_done;
    if (payload_.has_uncompressed_size && produced_ > payload_.uncompressed_size) {
      return DataLossError(fmt::format(
          "TRANSACTION_PAYLOAD decompresses to more than the {} bytes its header announces",
          payload_.uncompressed_size));
    }
    // zstd flushes what it can: output space left over means nothing more is pending.
    if (in_pos_ == payload_.payload.size() && end_ < window_size_) {
      input_done_ = true;
    } else if (step.consumed == 0 && step.produced == 0 && end_ < window_size_) {
      return InternalError("zstd made no progress on a TRANSACTION_PAYLOAD");
    }
  }
  return OkStatus();
}

// The bytes of the next inner event, or empty at the end of the payload.
StatusOr<Bytes> PayloadReader::NextRaw() {
  Bytes available;
  if (payload_.compression == PayloadCompression::kNone) {
    available = payload_.payload.subspan(in_pos_);
  } else {
    if (begin_ == end_) begin_ = end_ = 0;
    ROWCAST_RETURN_IF_ERROR(Fill(kHeaderLength));
    available = Bytes(window_.get() + begin_, end_ - begin_);
  }
  if (available.empty()) {
    if (payload_.compression == PayloadCompression::kZstd && !frame_done_) {
      return std::unexpected(DataLossError(
          fmt::format("the zstd frame of the TRANSACTION_PAYLOAD is truncated after {} "
                      "decompressed bytes",
                      produced_)));
    }
    if (payload_.has_uncompressed_size && offset_ != payload_.uncompressed_size) {
      return std::unexpected(DataLossError(
          fmt::format("TRANSACTION_PAYLOAD holds {} bytes of events but its header announces {}",
                      offset_, payload_.uncompressed_size)));
    }
    return Bytes{};
  }
  if (available.size() < kHeaderLength) {
    return std::unexpected(DataLossError(fmt::format(
        "{}: the payload ends {} bytes into an event header", Where(), available.size())));
  }
  ByteReader size_field(available.subspan(9, 4));
  ROWCAST_ASSIGN_OR_RETURN(uint32_t size, size_field.ReadU32Le());
  if (size < kHeaderLength) {
    return std::unexpected(
        DataLossError(fmt::format("{} claims {} bytes, less than a header", Where(), size)));
  }
  if (size > kMaxDecompressedSize ||
      (payload_.has_uncompressed_size && size > payload_.uncompressed_size - offset_)) {
    return std::unexpected(DataLossError(
        fmt::format("{} claims {} bytes, more than the payload has left", Where(), size)));
  }
  if (payload_.compression == PayloadCompression::kZstd) {
    ROWCAST_RETURN_IF_ERROR(Fill(size));
    available = Bytes(window_.get() + begin_, end_ - begin_);
  }
  if (available.size() < size) {
    return std::unexpected(DataLossError(fmt::format(
        "{} claims {} bytes but the payload ends after {}", Where(), size, available.size())));
  }
  if (payload_.compression == PayloadCompression::kNone) {
    in_pos_ += size;
  } else {
    begin_ += size;
  }
  return available.first(size);
}

StatusOr<std::optional<Event>> PayloadReader::Next() {
  if (!error_.ok()) return std::unexpected(error_);
  auto fail = [this](Status s) -> StatusOr<std::optional<Event>> {
    error_ = std::move(s);
    return std::unexpected(error_);
  };
  if (!started_) {
    Status s = Start();
    if (!s.ok()) return fail(std::move(s));
  }
  auto raw = NextRaw();
  if (!raw.has_value()) return fail(raw.error());
  if (raw->empty()) return std::optional<Event>();
  auto ev = decoder_.DecodeEmbedded(*raw);
  if (!ev.has_value()) return fail(ev.error().WithContext(Where()));
  offset_ += raw->size();
  ++events_;
  return std::optional<Event>(std::move(*ev));
}

}  // namespace rowcast::binlog
