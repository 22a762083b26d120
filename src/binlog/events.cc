#include "binlog/events.h"

#include <fmt/format.h>

namespace rowcast::binlog {

// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_replication_binlog_event.html
StatusOr<EventHeader> DecodeHeader(Bytes event) {
  if (event.size() < kHeaderLength) {
    return std::unexpected(DataLossError(
        fmt::format("binlog event of {} bytes is shorter than the 19-byte header", event.size())));
  }
  ByteReader r(event);
  EventHeader h;
  ROWCAST_ASSIGN_OR_RETURN(h.timestamp, r.ReadU32Le());
  ROWCAST_ASSIGN_OR_RETURN(h.type, r.ReadU8());
  ROWCAST_ASSIGN_OR_RETURN(h.server_id, r.ReadU32Le());
  ROWCAST_ASSIGN_OR_RETURN(h.event_size, r.ReadU32Le());
  ROWCAST_ASSIGN_OR_RETURN(h.log_pos, r.ReadU32Le());
  ROWCAST_ASSIGN_OR_RETURN(h.flags, r.ReadU16Le());
  if (h.event_size != event.size()) {
    return std::unexpected(
        DataLossError(fmt::format("binlog event header says {} bytes but {} arrived (type {})",
                                  h.event_size, event.size(), EventTypeName(h.type))));
  }
  return h;
}

// FORMAT_DESCRIPTION body: binlog_version u16 | server_version char[50] | create_timestamp u32 |
// header_len u8 | post_header_len[N] | checksum_alg u8 | checksum u32 (always present).
StatusOr<FormatDescription> DecodeFormatDescription(Bytes body_with_footer) {
  constexpr size_t kFixed = 2 + 50 + 4 + 1;
  if (body_with_footer.size() < kFixed + 1 + 4) {
    return std::unexpected(DataLossError(
        fmt::format("FORMAT_DESCRIPTION body of {} bytes is too short", body_with_footer.size())));
  }
  ByteReader r(body_with_footer);
  FormatDescription fde;
  ROWCAST_ASSIGN_OR_RETURN(fde.binlog_version, r.ReadU16Le());
  if (fde.binlog_version != 4) {
    return std::unexpected(UnimplementedError(fmt::format(
        "binlog version {} is not supported (only v4, MySQL 5.0+ / MariaDB)", fde.binlog_version)));
  }
  ROWCAST_ASSIGN_OR_RETURN(std::string_view version, r.ReadString(50));
  fde.server_version.assign(version.substr(0, version.find('\0')));
  ROWCAST_ASSIGN_OR_RETURN(fde.create_timestamp, r.ReadU32Le());
  ROWCAST_ASSIGN_OR_RETURN(fde.header_length, r.ReadU8());
  if (fde.header_length != kHeaderLength) {
    return std::unexpected(DataLossError(fmt::format(
        "FORMAT_DESCRIPTION declares a {}-byte common header, expected 19", fde.header_length)));
  }
  const size_t n = r.remaining() - 1 - 4;
  ROWCAST_ASSIGN_OR_RETURN(Bytes lengths, r.ReadBytes(n));
  fde.post_header_lengths.reserve(n);
  for (std::byte b : lengths) fde.post_header_lengths.push_back(static_cast<uint8_t>(b));
  ROWCAST_ASSIGN_OR_RETURN(uint8_t alg, r.ReadU8());
  switch (alg) {
    case 0:
      fde.checksum_alg = ChecksumAlg::kOff;
      break;
    case 1:
      fde.checksum_alg = ChecksumAlg::kCrc32;
      break;
    case 255:
      fde.checksum_alg = ChecksumAlg::kUndefined;
      break;
    default:
      return std::unexpected(
          DataLossError(fmt::format("FORMAT_DESCRIPTION has unknown checksum algorithm {}", alg)));
  }
  return fde;
}

StatusOr<RotateEvent> DecodeRotate(Bytes body) {
  ByteReader r(body);
  RotateEvent e;
  ROWCAST_ASSIGN_OR_RETURN(e.position, r.ReadU64Le());
  e.next_file = AsStringView(r.ReadRest());
  if (e.next_file.empty())
    return std::unexpected(DataLossError("ROTATE event without a file name"));
  return e;
}

// https://dev.mysql.com/doc/dev/mysql-server/latest/classmysql_1_1binlog_1_1event_1_1Query__event.html
StatusOr<QueryEvent> DecodeQuery(Bytes body, size_t post_header_length) {
  ByteReader r(body);
  QueryEvent q;
  ROWCAST_ASSIGN_OR_RETURN(q.thread_id, r.ReadU32Le());
  ROWCAST_ASSIGN_OR_RETURN(q.exec_time, r.ReadU32Le());
  ROWCAST_ASSIGN_OR_RETURN(uint8_t db_len, r.ReadU8());
  ROWCAST_ASSIGN_OR_RETURN(q.error_code, r.ReadU16Le());
  uint16_t status_len = 0;
  if (post_header_length >= 13) {
    ROWCAST_ASSIGN_OR_RETURN(status_len, r.ReadU16Le());
    if (post_header_length > 13) ROWCAST_RETURN_IF_ERROR(r.Skip(post_header_length - 13));
  }
  ROWCAST_ASSIGN_OR_RETURN(ByteReader status, r.Sub(status_len));
  // Status variables: only the charset is needed here. Stop at the first code we do not know;
  // the block length lets us skip the rest safely.
  while (!status.empty()) {
    ROWCAST_ASSIGN_OR_RETURN(uint8_t code, status.ReadU8());
    bool stop = false;
    switch (code) {
      case 0:
        ROWCAST_RETURN_IF_ERROR(status.Skip(4));
        break;  // Q_FLAGS2
      case 1:
        ROWCAST_RETURN_IF_ERROR(status.Skip(8));
        break;   // Q_SQL_MODE
      case 2: {  // Q_CATALOG (old)
        ROWCAST_ASSIGN_OR_RETURN(uint8_t len, status.ReadU8());
        ROWCAST_RETURN_IF_ERROR(status.Skip(len + 1u));
        break;
      }
      case 3:
        ROWCAST_RETURN_IF_ERROR(status.Skip(4));
        break;   // Q_AUTO_INCREMENT
      case 4: {  // Q_CHARSET
        ROWCAST_ASSIGN_OR_RETURN(q.charset_client, status.ReadU16Le());
        ROWCAST_RETURN_IF_ERROR(status.Skip(4));
        break;
      }
      case 5:
      case 6: {  // Q_TIME_ZONE, Q_CATALOG_NZ
        ROWCAST_ASSIGN_OR_RETURN(uint8_t len, status.ReadU8());
        ROWCAST_RETURN_IF_ERROR(status.Skip(len));
        break;
      }
      case 7:
      case 8:
        ROWCAST_RETURN_IF_ERROR(status.Skip(2));
        break;
      case 9:
        ROWCAST_RETURN_IF_ERROR(status.Skip(8));
        break;
      case 10:
        ROWCAST_RETURN_IF_ERROR(status.Skip(4));
        break;
      default:
        stop = true;
    }
    if (stop) break;
  }
  ROWCAST_ASSIGN_OR_RETURN(q.db, r.ReadString(db_len));
  ROWCAST_RETURN_IF_ERROR(r.Skip(1));  // NUL after the database name
  q.query = AsStringView(r.ReadRest());
  return q;
}

StatusOr<XidEvent> DecodeXid(Bytes body) {
  ByteReader r(body);
  XidEvent x;
  ROWCAST_ASSIGN_OR_RETURN(x.xid, r.ReadU64Le());
  return x;
}

// https://mariadb.com/docs/server/reference/clientserver-protocol/replication-protocol/gtid_event
StatusOr<MariaGtidEvent> DecodeMariaGtid(Bytes body, uint32_t header_server_id) {
  ByteReader r(body);
  MariaGtidEvent g;
  g.server_id = header_server_id;
  ROWCAST_ASSIGN_OR_RETURN(g.seq_no, r.ReadU64Le());
  ROWCAST_ASSIGN_OR_RETURN(g.domain_id, r.ReadU32Le());
  ROWCAST_ASSIGN_OR_RETURN(g.flags2, r.ReadU8());
  if ((g.flags2 & MariaGtidEvent::kGroupCommitId) != 0) {
    ROWCAST_ASSIGN_OR_RETURN(g.commit_id, r.ReadU64Le());
  }
  // XA identifiers and flags_extra follow; nothing in them changes how rows are read.
  return g;
}

StatusOr<MariaGtidListEvent> DecodeMariaGtidList(Bytes body) {
  ByteReader r(body);
  ROWCAST_ASSIGN_OR_RETURN(uint32_t count_and_flags, r.ReadU32Le());
  MariaGtidListEvent e;
  e.flags = static_cast<uint8_t>(count_and_flags >> 28);
  const uint32_t count = count_and_flags & 0x0FFFFFFFu;
  if (static_cast<uint64_t>(count) * 16 > r.remaining()) {
    return std::unexpected(DataLossError(
        fmt::format("GTID_LIST claims {} entries but has room for {}", count, r.remaining() / 16)));
  }
  e.gtids.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    MariaGtid g;
    ROWCAST_ASSIGN_OR_RETURN(g.domain_id, r.ReadU32Le());
    ROWCAST_ASSIGN_OR_RETURN(g.server_id, r.ReadU32Le());
    ROWCAST_ASSIGN_OR_RETURN(g.seq_no, r.ReadU64Le());
    e.gtids.push_back(g);
  }
  return e;
}

StatusOr<MysqlGtidEvent> DecodeMysqlGtid(Bytes body, bool anonymous) {
  ByteReader r(body);
  MysqlGtidEvent g;
  g.anonymous = anonymous;
  ROWCAST_ASSIGN_OR_RETURN(g.flags, r.ReadU8());
  ROWCAST_ASSIGN_OR_RETURN(Bytes sid, r.ReadBytes(16));
  for (size_t i = 0; i < 16; ++i) g.sid[i] = static_cast<uint8_t>(sid[i]);
  ROWCAST_ASSIGN_OR_RETURN(uint64_t gno, r.ReadU64Le());
  g.gno = static_cast<int64_t>(gno);
  if (r.remaining() >= 17) {
    ROWCAST_ASSIGN_OR_RETURN(uint8_t lt_type, r.ReadU8());
    if (lt_type == 2) {
      ROWCAST_ASSIGN_OR_RETURN(uint64_t lc, r.ReadU64Le());
      ROWCAST_ASSIGN_OR_RETURN(uint64_t seq, r.ReadU64Le());
      g.last_committed = static_cast<int64_t>(lc);
      g.sequence_number = static_cast<int64_t>(seq);
    }
  }
  if (r.remaining() >= 7) {
    ROWCAST_ASSIGN_OR_RETURN(uint64_t ts, r.ReadUintLe(7));
    constexpr uint64_t kHighBit = 1ULL << 55;
    g.immediate_commit_timestamp = ts & ~kHighBit;
    g.original_commit_timestamp = g.immediate_commit_timestamp;
    if ((ts & kHighBit) != 0) {
      ROWCAST_ASSIGN_OR_RETURN(g.original_commit_timestamp, r.ReadUintLe(7));
    }
  }
  if (!r.empty()) {
    ROWCAST_ASSIGN_OR_RETURN(g.transaction_length, r.ReadLenEncInt());
  }
  // Server versions and the commit group ticket may follow; they do not affect decoding.
  return g;
}

std::string MysqlGtidEvent::SidText() const {
  std::string out;
  out.reserve(36);
  static constexpr char kHex[] = "0123456789abcdef";
  for (size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
    out.push_back(kHex[sid[i] >> 4]);
    out.push_back(kHex[sid[i] & 15]);
  }
  return out;
}

StatusOr<HeartbeatEvent> DecodeHeartbeat(Bytes body, uint32_t header_log_pos) {
  return HeartbeatEvent{AsStringView(body), header_log_pos};
}

StatusOr<HeartbeatEvent> DecodeHeartbeatV2(Bytes body) {
  ByteReader r(body);
  HeartbeatEvent h;
  while (!r.empty()) {
    ROWCAST_ASSIGN_OR_RETURN(uint64_t type, r.ReadLenEncInt());
    if (type == 0) break;
    ROWCAST_ASSIGN_OR_RETURN(uint64_t len, r.ReadLenEncInt());
    ROWCAST_ASSIGN_OR_RETURN(ByteReader value, r.Sub(len));
    if (type == 1) {
      h.file = AsStringView(value.ReadRest());
    } else if (type == 2) {
      ROWCAST_ASSIGN_OR_RETURN(h.position, value.ReadLenEncInt());
    }
  }
  return h;
}

StatusOr<RowsQueryEvent> DecodeAnnotateRows(Bytes body) {
  return RowsQueryEvent{AsStringView(body)};
}

StatusOr<RowsQueryEvent> DecodeRowsQuery(Bytes body) {
  ByteReader r(body);
  ROWCAST_RETURN_IF_ERROR(r.Skip(1));  // length byte, truncated at 255: the rest is authoritative
  return RowsQueryEvent{AsStringView(r.ReadRest())};
}

StatusOr<IncidentEvent> DecodeIncident(Bytes body) {
  ByteReader r(body);
  IncidentEvent e;
  ROWCAST_ASSIGN_OR_RETURN(e.incident, r.ReadU16Le());
  if (!r.empty()) {
    ROWCAST_ASSIGN_OR_RETURN(uint8_t len, r.ReadU8());
    ROWCAST_ASSIGN_OR_RETURN(e.message, r.ReadString(std::min<size_t>(len, r.remaining())));
  }
  return e;
}

std::string_view EventTypeName(uint8_t type) {
  switch (static_cast<EventType>(type)) {
    case EventType::kUnknown:
      return "UNKNOWN";
    case EventType::kStartV3:
      return "START_V3";
    case EventType::kQuery:
      return "QUERY";
    case EventType::kStop:
      return "STOP";
    case EventType::kRotate:
      return "ROTATE";
    case EventType::kIntvar:
      return "INTVAR";
    case EventType::kRand:
      return "RAND";
    case EventType::kUserVar:
      return "USER_VAR";
    case EventType::kFormatDescription:
      return "FORMAT_DESCRIPTION";
    case EventType::kXid:
      return "XID";
    case EventType::kBeginLoadQuery:
      return "BEGIN_LOAD_QUERY";
    case EventType::kExecuteLoadQuery:
      return "EXECUTE_LOAD_QUERY";
    case EventType::kTableMap:
      return "TABLE_MAP";
    case EventType::kWriteRowsV1:
      return "WRITE_ROWS_V1";
    case EventType::kUpdateRowsV1:
      return "UPDATE_ROWS_V1";
    case EventType::kDeleteRowsV1:
      return "DELETE_ROWS_V1";
    case EventType::kIncident:
      return "INCIDENT";
    case EventType::kHeartbeat:
      return "HEARTBEAT";
    case EventType::kIgnorable:
      return "IGNORABLE";
    case EventType::kRowsQuery:
      return "ROWS_QUERY";
    case EventType::kWriteRowsV2:
      return "WRITE_ROWS";
    case EventType::kUpdateRowsV2:
      return "UPDATE_ROWS";
    case EventType::kDeleteRowsV2:
      return "DELETE_ROWS";
    case EventType::kGtid:
      return "GTID";
    case EventType::kAnonymousGtid:
      return "ANONYMOUS_GTID";
    case EventType::kPreviousGtids:
      return "PREVIOUS_GTIDS";
    case EventType::kTransactionContext:
      return "TRANSACTION_CONTEXT";
    case EventType::kViewChange:
      return "VIEW_CHANGE";
    case EventType::kXaPrepare:
      return "XA_PREPARE";
    case EventType::kPartialUpdateRows:
      return "PARTIAL_UPDATE_ROWS";
    case EventType::kTransactionPayload:
      return "TRANSACTION_PAYLOAD";
    case EventType::kHeartbeatV2:
      return "HEARTBEAT_V2";
    case EventType::kGtidTagged:
      return "GTID_TAGGED";
    case EventType::kMariaAnnotateRows:
      return "ANNOTATE_ROWS";
    case EventType::kMariaBinlogCheckpoint:
      return "BINLOG_CHECKPOINT";
    case EventType::kMariaGtid:
      return "MARIADB_GTID";
    case EventType::kMariaGtidList:
      return "GTID_LIST";
    case EventType::kMariaStartEncryption:
      return "START_ENCRYPTION";
    case EventType::kMariaQueryCompressed:
      return "QUERY_COMPRESSED";
    case EventType::kMariaWriteRowsCompressedV1:
      return "WRITE_ROWS_COMPRESSED_V1";
    case EventType::kMariaUpdateRowsCompressedV1:
      return "UPDATE_ROWS_COMPRESSED_V1";
    case EventType::kMariaDeleteRowsCompressedV1:
      return "DELETE_ROWS_COMPRESSED_V1";
    case EventType::kMariaWriteRowsCompressed:
      return "WRITE_ROWS_COMPRESSED";
    case EventType::kMariaUpdateRowsCompressed:
      return "UPDATE_ROWS_COMPRESSED";
    case EventType::kMariaDeleteRowsCompressed:
      return "DELETE_ROWS_COMPRESSED";
  }
  return "UNRECOGNISED";
}

}  // namespace rowcast::binlog
