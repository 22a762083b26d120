#include "binlog/decoder.h"

#include <cstring>

#include <fmt/format.h>
#include <zlib.h>

namespace rowcast::binlog {

uint32_t Crc32(Bytes data) {
  return static_cast<uint32_t>(
      crc32_z(0L, reinterpret_cast<const Bytef*>(data.data()), data.size()));
}

namespace {

Status VerifyCrc(const EventHeader& h, Bytes raw) {
  const size_t n = raw.size() - kChecksumLength;
  ByteReader footer(raw.subspan(n));
  ROWCAST_ASSIGN_OR_RETURN_STATUS(uint32_t stored, footer.ReadU32Le());
  const uint32_t computed = Crc32(raw.first(n));
  if (stored != computed) {
    return DataLossError(fmt::format(
        "CRC32 mismatch in {} event ending at position {}: stored {:08x}, computed {:08x}; the "
        "event is corrupt",
        EventTypeName(h.type), h.log_pos, stored, computed));
  }
  return OkStatus();
}

}  // namespace

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
  ROWCAST_ASSIGN_OR_RETURN(ev.body, DecodeBody(h, rest, raw));
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
  ROWCAST_ASSIGN_OR_RETURN(TableMap t, DecodeTableMap(body, id_len));
  CachedTable& slot = tables_[id];
  slot.raw.assign(reinterpret_cast<const char*>(body.data()), body.size());
  slot.table = std::move(t);
  return &slot.table;
}

StatusOr<EventBody> EventDecoder::DecodeBody(const EventHeader& h, Bytes body, Bytes raw) {
  (void)raw;
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
    case EventType::kDeleteRowsV2: {
      ROWCAST_ASSIGN_OR_RETURN(RowsEvent rows,
                               DecodeRowsEvent(body, h.type, fde_.table_id_length()));
      auto it = tables_.find(rows.table_id);
      if (it == tables_.end()) {
        if (rows.table_id == 0x00FFFFFF && (rows.flags & kRowsFlagStmtEnd) != 0)
          return IgnoredEvent{};
        return std::unexpected(
            DataLossError(fmt::format("{} event for table id {} arrived without its TABLE_MAP "
                                      "(stream started mid-transaction?)",
                                      EventTypeName(h.type), rows.table_id)));
      }
      return RowsRef{rows, &it->second.table};
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
    case EventType::kMariaQueryCompressed:
    case EventType::kMariaWriteRowsCompressedV1:
    case EventType::kMariaUpdateRowsCompressedV1:
    case EventType::kMariaDeleteRowsCompressedV1:
    case EventType::kMariaWriteRowsCompressed:
    case EventType::kMariaUpdateRowsCompressed:
    case EventType::kMariaDeleteRowsCompressed:
      return std::unexpected(UnimplementedError(fmt::format(
          "{} event at position {}: compressed binlog events (log_bin_compress=ON) are not "
          "supported yet; set log_bin_compress=OFF on the server",
          EventTypeName(h.type), h.log_pos)));
    case EventType::kTransactionPayload:
    case EventType::kPartialUpdateRows:
    case EventType::kGtidTagged:
    case EventType::kXaPrepare:
    default:
      break;
  }
  if ((h.flags & kFlagIgnorable) != 0) return IgnoredEvent{};
  return std::unexpected(UnimplementedError(fmt::format(
      "binlog event type {} ({}) at position {} is not supported yet and is not marked ignorable; "
      "rowcast stops rather than skip row changes it cannot read",
      static_cast<int>(h.type), EventTypeName(h.type), h.log_pos)));
}

}  // namespace rowcast::binlog
