#include "binlog/events.h"

#include <bit>

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
  if (r.remaining() >= 4) {  // 8.0.14+
    constexpr uint32_t kHighBit = 1u << 31;
    ROWCAST_ASSIGN_OR_RETURN(uint32_t v, r.ReadU32Le());
    g.immediate_server_version = v & ~kHighBit;
    g.original_server_version = g.immediate_server_version;
    if ((v & kHighBit) != 0) {
      ROWCAST_ASSIGN_OR_RETURN(g.original_server_version, r.ReadU32Le());
    }
  }
  // The commit group ticket may follow; it does not affect decoding.
  return g;
}

StatusOr<uint64_t> ReadSerializationVarint(ByteReader& r) {
  ROWCAST_ASSIGN_OR_RETURN(uint8_t first, r.ReadU8());
  const int n = std::countr_one(first) + 1;
  if (n == 9) return r.ReadU64Le();
  uint64_t v = first;
  for (int i = 1; i < n; ++i) {
    ROWCAST_ASSIGN_OR_RETURN(uint8_t b, r.ReadU8());
    v |= static_cast<uint64_t>(b) << (8 * i);
  }
  return v >> n;
}

namespace {

// Signed integers of the serialization format: the sign in bit 0, the magnitude above it
// (x >= 0: x << 1; x < 0: (-(x + 1) << 1) | 1).
StatusOr<int64_t> ReadSerializationSigned(ByteReader& r) {
  ROWCAST_ASSIGN_OR_RETURN(uint64_t v, ReadSerializationVarint(r));
  const auto magnitude = static_cast<int64_t>(v >> 1);
  return (v & 1) != 0 ? ~magnitude : magnitude;
}

StatusOr<uint64_t> ReadSerializationBounded(ByteReader& r, uint64_t max, std::string_view what) {
  ROWCAST_ASSIGN_OR_RETURN(uint64_t v, ReadSerializationVarint(r));
  if (v > max) {
    return std::unexpected(
        DataLossError(fmt::format("GTID_TAGGED {} is {}, more than {}", what, v, max)));
  }
  return v;
}

bool IsGtidTagChar(char c, bool first) {
  if (c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return !first && c >= '0' && c <= '9';
}

}  // namespace

bool IsValidGtidTag(std::string_view tag) {
  if (tag.empty() || tag.size() > kMaxGtidTagLength) return false;
  for (size_t i = 0; i < tag.size(); ++i) {
    if (!IsGtidTagChar(tag[i], i == 0)) return false;
  }
  return true;
}

// Gtid_event::decode_tagged (libs/mysql/binlog/event/control_events.cpp, MySQL 8.3+).
StatusOr<MysqlGtidEvent> DecodeMysqlGtidTagged(Bytes body) {
  ByteReader head(body);
  ROWCAST_ASSIGN_OR_RETURN(uint64_t version, ReadSerializationVarint(head));
  (void)version;  // every version so far has the same layout; sizes make new fields skippable
  ROWCAST_ASSIGN_OR_RETURN(uint64_t size, ReadSerializationVarint(head));
  if (size > body.size() || size < head.position()) {
    return std::unexpected(DataLossError(fmt::format(
        "GTID_TAGGED message claims {} bytes but the event body has {}", size, body.size())));
  }
  ByteReader r(body.first(static_cast<size_t>(size)));
  ROWCAST_RETURN_IF_ERROR(r.Skip(head.position()));
  ROWCAST_ASSIGN_OR_RETURN(uint64_t last_non_ignorable, ReadSerializationVarint(r));
  MysqlGtidEvent g;
  bool has_uuid = false, has_gno = false, has_original_ts = false, has_original_version = false;
  while (!r.empty()) {
    ROWCAST_ASSIGN_OR_RETURN(uint64_t field, ReadSerializationVarint(r));
    bool unknown = false;
    switch (field) {
      case 0: {
        ROWCAST_ASSIGN_OR_RETURN(uint64_t flags, ReadSerializationBounded(r, 0xFF, "flags"));
        g.flags = static_cast<uint8_t>(flags);
        break;
      }
      case 1: {
        for (uint8_t& b : g.sid) {
          ROWCAST_ASSIGN_OR_RETURN(uint64_t v, ReadSerializationBounded(r, 0xFF, "uuid byte"));
          b = static_cast<uint8_t>(v);
        }
        has_uuid = true;
        break;
      }
      case 2: {
        ROWCAST_ASSIGN_OR_RETURN(g.gno, ReadSerializationSigned(r));
        has_gno = true;
        break;
      }
      case 3: {
        ROWCAST_ASSIGN_OR_RETURN(uint64_t len,
                                 ReadSerializationBounded(r, kMaxGtidTagLength, "tag length"));
        ROWCAST_ASSIGN_OR_RETURN(std::string_view tag, r.ReadString(static_cast<size_t>(len)));
        if (!tag.empty() && !IsValidGtidTag(tag)) {
          return std::unexpected(
              DataLossError(fmt::format("GTID_TAGGED carries the invalid tag '{}'", tag)));
        }
        g.tag.assign(tag);
        for (char& c : g.tag) {
          if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        }
        break;
      }
      case 4: {
        ROWCAST_ASSIGN_OR_RETURN(g.last_committed, ReadSerializationSigned(r));
        break;
      }
      case 5: {
        ROWCAST_ASSIGN_OR_RETURN(g.sequence_number, ReadSerializationSigned(r));
        break;
      }
      case 6: {
        ROWCAST_ASSIGN_OR_RETURN(g.immediate_commit_timestamp, ReadSerializationVarint(r));
        break;
      }
      case 7: {
        ROWCAST_ASSIGN_OR_RETURN(g.original_commit_timestamp, ReadSerializationVarint(r));
        has_original_ts = true;
        break;
      }
      case 8: {
        ROWCAST_ASSIGN_OR_RETURN(g.transaction_length, ReadSerializationVarint(r));
        break;
      }
      case 9: {
        ROWCAST_ASSIGN_OR_RETURN(uint64_t v,
                                 ReadSerializationBounded(r, UINT32_MAX, "server version"));
        g.immediate_server_version = static_cast<uint32_t>(v);
        break;
      }
      case 10: {
        ROWCAST_ASSIGN_OR_RETURN(uint64_t v,
                                 ReadSerializationBounded(r, UINT32_MAX, "server version"));
        g.original_server_version = static_cast<uint32_t>(v);
        has_original_version = true;
        break;
      }
      case 11: {
        ROWCAST_ASSIGN_OR_RETURN(uint64_t ticket, ReadSerializationVarint(r));
        (void)ticket;
        break;
      }
      default:
        unknown = true;
    }
    if (unknown) {
      // Simple fields carry no size, so the rest of the message cannot be walked: newer servers
      // mark what older readers may drop with last_non_ignorable_field_id.
      if (field <= last_non_ignorable) {
        return std::unexpected(UnimplementedError(
            fmt::format("GTID_TAGGED has field {}, which rowcast does not know and may not ignore "
                        "(last non-ignorable field {}): the server is newer than this rowcast",
                        field, last_non_ignorable)));
      }
      break;
    }
  }
  if (!has_uuid || !has_gno) {
    return std::unexpected(DataLossError("GTID_TAGGED without its uuid or gno"));
  }
  if (!has_original_ts) g.original_commit_timestamp = g.immediate_commit_timestamp;
  if (!has_original_version) g.original_server_version = g.immediate_server_version;
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
  bool has_file = false, has_position = false;
  while (!r.empty()) {
    ROWCAST_ASSIGN_OR_RETURN(uint64_t type, r.ReadLenEncInt());
    if (type == 0) break;
    ROWCAST_ASSIGN_OR_RETURN(uint64_t len, r.ReadLenEncInt());
    ROWCAST_ASSIGN_OR_RETURN(ByteReader value, r.Sub(len));
    if (type == 1) {
      h.file = AsStringView(value.ReadRest());
      has_file = true;
    } else if (type == 2) {
      ROWCAST_ASSIGN_OR_RETURN(h.position, value.ReadLenEncInt());
      if (!value.empty()) {
        return std::unexpected(DataLossError(
            fmt::format("HEARTBEAT_V2 position field is {} bytes but its value takes {}", len,
                        len - value.remaining())));
      }
      has_position = true;
    }
    // Other field types are newer than this reader; their length lets us skip them.
  }
  // A heartbeat exists to tell the position: one without file or position is corrupt.
  if (!has_file || !has_position || h.file.empty()) {
    return std::unexpected(DataLossError("HEARTBEAT_V2 without its binlog file name or position"));
  }
  return h;
}

StatusOr<TransactionPayloadRef> DecodeTransactionPayload(Bytes body) {
  ByteReader r(body);
  TransactionPayloadRef p;
  bool has_size = false, has_type = false;
  uint64_t payload_size = 0;
  while (true) {
    ROWCAST_ASSIGN_OR_RETURN(uint64_t type, r.ReadLenEncInt());
    if (type == 0) break;  // END_MARK: no length, no value
    ROWCAST_ASSIGN_OR_RETURN(uint64_t len, r.ReadLenEncInt());
    ROWCAST_ASSIGN_OR_RETURN(ByteReader value, r.Sub(len));
    uint64_t v = 0;
    if (type >= 1 && type <= 3) {
      ROWCAST_ASSIGN_OR_RETURN(v, value.ReadLenEncInt());
      if (!value.empty()) {
        return std::unexpected(DataLossError(
            fmt::format("TRANSACTION_PAYLOAD header field {} has {} bytes after its value", type,
                        value.remaining())));
      }
    }
    switch (type) {
      case 1:
        payload_size = v;
        has_size = true;
        break;
      case 2:
        if (v != static_cast<uint64_t>(PayloadCompression::kZstd) &&
            v != static_cast<uint64_t>(PayloadCompression::kNone)) {
          return std::unexpected(UnimplementedError(fmt::format(
              "TRANSACTION_PAYLOAD uses compression type {}; rowcast knows zstd (0) and none (255)",
              v)));
        }
        p.compression = static_cast<PayloadCompression>(v);
        has_type = true;
        break;
      case 3:
        p.uncompressed_size = v;
        p.has_uncompressed_size = true;
        break;
      default:
        break;  // a newer header field: skipped by its length
    }
  }
  p.payload = r.ReadRest();
  if (!has_type || !has_size) {
    return std::unexpected(
        DataLossError("TRANSACTION_PAYLOAD header without its compression type or payload size"));
  }
  if (payload_size != p.payload.size()) {
    return std::unexpected(DataLossError(
        fmt::format("TRANSACTION_PAYLOAD says its payload is {} bytes but {} follow the header",
                    payload_size, p.payload.size())));
  }
  return p;
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
