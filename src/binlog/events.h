// Decoded binlog events. Each decoder reads one event body (header and checksum removed) through a
// ByteReader and returns a value that may hold views into the event buffer: such a value must not
// outlive the buffer it was decoded from.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "binlog/event_type.h"
#include "common/byte_reader.h"
#include "common/status.h"

namespace rowcast::binlog {

inline constexpr size_t kHeaderLength = 19;
inline constexpr size_t kChecksumLength = 4;

// Common header, binlog v4 (19 bytes):
// timestamp u32 | type u8 | server_id u32 | event_size u32 | log_pos u32 | flags u16.
struct EventHeader {
  uint32_t timestamp = 0;
  uint8_t type = 0;
  uint32_t server_id = 0;
  uint32_t event_size = 0;
  uint32_t log_pos = 0;  // position of the NEXT event; 0 for artificial events
  uint16_t flags = 0;

  bool artificial() const {
    return (flags & kFlagArtificial) != 0 || (log_pos == 0 && timestamp == 0);
  }
};

[[nodiscard]] StatusOr<EventHeader> DecodeHeader(Bytes event);

enum class ChecksumAlg : uint8_t { kOff = 0, kCrc32 = 1, kUndefined = 255 };

// FORMAT_DESCRIPTION body: binlog_version u16 | server_version char[50] | create_timestamp u32 |
// header_len u8 | post_header_len u8[N] | checksum_alg u8 | (checksum u32, part of the footer).
struct FormatDescription {
  uint16_t binlog_version = 4;
  std::string server_version;
  uint32_t create_timestamp = 0;
  uint8_t header_length = kHeaderLength;
  std::vector<uint8_t> post_header_lengths;
  ChecksumAlg checksum_alg = ChecksumAlg::kOff;

  bool is_mariadb() const { return server_version.find("MariaDB") != std::string::npos; }
  // Post-header length of `type`, or `fallback` when the FDE does not describe it.
  uint8_t PostHeaderLength(uint8_t type, uint8_t fallback) const {
    if (type == 0 || type > post_header_lengths.size()) return fallback;
    return post_header_lengths[type - 1];
  }
  // TABLE_MAP and ROWS events carry a 6-byte table id unless TABLE_MAP's post-header is 6.
  size_t table_id_length() const {
    return PostHeaderLength(static_cast<uint8_t>(EventType::kTableMap), 8) == 6 ? 4 : 6;
  }
};

// Decodes an FDE from the whole event (header included): the FDE's own checksum algorithm byte
// decides whether its last 4 bytes are a CRC, so it is parsed before anything else is known.
[[nodiscard]] StatusOr<FormatDescription> DecodeFormatDescription(Bytes body_with_footer);

// ROTATE body: position u64le | next binlog file name (rest of event).
struct RotateEvent {
  uint64_t position = 4;
  std::string_view next_file;
};
[[nodiscard]] StatusOr<RotateEvent> DecodeRotate(Bytes body);

// QUERY post-header: thread_id u32 | exec_time u32 | db_len u8 | error_code u16 | status_vars_len
// u16; body: status vars | db NUL | query (rest).
struct QueryEvent {
  uint32_t thread_id = 0;
  uint32_t exec_time = 0;
  uint16_t error_code = 0;
  std::string_view db;
  std::string_view query;
  uint16_t charset_client = 0;  // Q_CHARSET_CODE, 0 when absent
};
[[nodiscard]] StatusOr<QueryEvent> DecodeQuery(Bytes body, size_t post_header_length);

// XID body: xid u64le.
struct XidEvent {
  uint64_t xid = 0;
};
[[nodiscard]] StatusOr<XidEvent> DecodeXid(Bytes body);

// MariaDB GTID: seq_no u64 | domain_id u32 | flags2 u8 | [commit_id u64] | [XA ids] | [flags_extra
// ...].
struct MariaGtidEvent {
  static constexpr uint8_t kStandalone = 0x01;
  static constexpr uint8_t kGroupCommitId = 0x02;
  static constexpr uint8_t kTransactional = 0x04;
  static constexpr uint8_t kDdl = 0x20;
  static constexpr uint8_t kPreparedXa = 0x40;
  static constexpr uint8_t kCompletedXa = 0x80;

  uint64_t seq_no = 0;
  uint32_t domain_id = 0;
  uint32_t server_id = 0;  // from the event header
  uint8_t flags2 = 0;
  uint64_t commit_id = 0;

  bool standalone() const { return (flags2 & kStandalone) != 0; }
};
[[nodiscard]] StatusOr<MariaGtidEvent> DecodeMariaGtid(Bytes body, uint32_t header_server_id);

struct MariaGtid {
  uint32_t domain_id = 0;
  uint32_t server_id = 0;
  uint64_t seq_no = 0;
  bool operator==(const MariaGtid&) const = default;
};

// MariaDB GTID_LIST: count_and_flags u32 | count × (domain u32, server u32, seq u64).
struct MariaGtidListEvent {
  uint8_t flags = 0;
  std::vector<MariaGtid> gtids;
};
[[nodiscard]] StatusOr<MariaGtidListEvent> DecodeMariaGtidList(Bytes body);

// MySQL GTID / ANONYMOUS_GTID: flags u8 | sid 16 | gno i64 | [lt_type u8 | last_committed i64 |
// sequence_number i64] | [immediate_commit_ts u56 (+original u56)] | [transaction_length lenenc] |
// ...
struct MysqlGtidEvent {
  uint8_t flags = 0;
  std::array<uint8_t, 16> sid{};
  int64_t gno = 0;
  int64_t last_committed = 0;
  int64_t sequence_number = 0;
  uint64_t immediate_commit_timestamp = 0;  // microseconds since epoch, 0 when absent
  uint64_t original_commit_timestamp = 0;
  uint64_t transaction_length = 0;
  uint32_t immediate_server_version = 0;  // e.g. 80019; 0 when absent (before 8.0.14)
  uint32_t original_server_version = 0;
  bool anonymous = false;
  std::string tag;  // GTID_TAGGED (MySQL 8.3+): lower-case tag; empty for untagged GTIDs

  std::string SidText() const;
};
[[nodiscard]] StatusOr<MysqlGtidEvent> DecodeMysqlGtid(Bytes body, bool anonymous);

// GTID_TAGGED (42, MySQL 8.3+): a mysql::serialization message, not fixed offsets:
// version varint | size varint (bytes of the whole message) | last_non_ignorable_field_id varint |
// (field_id varint, value)*; fields 0 flags, 1 uuid (16 varint bytes), 2 gno (signed), 3 tag
// (varint length + chars), 4 last_committed (signed), 5 sequence_number (signed), 6 immediate
// commit ts, 7 original commit ts, 8 transaction_length, 9 immediate server version, 10 original
// server version, 11 commit group ticket.
// https://dev.mysql.com/doc/dev/mysql-server/latest/PageLibsMysqlSerialization.html
[[nodiscard]] StatusOr<MysqlGtidEvent> DecodeMysqlGtidTagged(Bytes body);

// GTID tags (MySQL 8.3+): 1..32 characters, a letter or '_' first, then letters, digits, '_'.
inline constexpr size_t kMaxGtidTagLength = 32;
bool IsValidGtidTag(std::string_view tag);

// A mysql::serialization variable-length integer: the number of trailing 1-bits of the first
// byte + 1 is the length (1..9 bytes); the little-endian value of those bytes shifted right by the
// length is the number (9 bytes: first byte 0xff, the next 8 are the number).
[[nodiscard]] StatusOr<uint64_t> ReadSerializationVarint(ByteReader& r);

// HEARTBEAT (27): body = current binlog file name; the position is the header's log_pos.
struct HeartbeatEvent {
  std::string_view file;
  uint64_t position = 0;
};
[[nodiscard]] StatusOr<HeartbeatEvent> DecodeHeartbeat(Bytes body, uint32_t header_log_pos);
// HEARTBEAT_V2 (41): TLVs (lenenc type, lenenc length, value) until type 0; 1 = file, 2 = position.
[[nodiscard]] StatusOr<HeartbeatEvent> DecodeHeartbeatV2(Bytes body);

// ANNOTATE_ROWS (MariaDB) body = statement text; ROWS_QUERY (MySQL) = u8 length (ignored) + text.
struct RowsQueryEvent {
  std::string_view query;
};
[[nodiscard]] StatusOr<RowsQueryEvent> DecodeAnnotateRows(Bytes body);
[[nodiscard]] StatusOr<RowsQueryEvent> DecodeRowsQuery(Bytes body);

// INCIDENT: type u16 | message length u8 | message.
struct IncidentEvent {
  uint16_t incident = 0;
  std::string_view message;
};
[[nodiscard]] StatusOr<IncidentEvent> DecodeIncident(Bytes body);

// PREVIOUS_GTIDS body: the binary GTID set encoding (kept raw; see gtid.h to decode).
struct PreviousGtidsEvent {
  Bytes encoded;
};

// TRANSACTION_PAYLOAD (40, MySQL 8.0.20+ binlog_transaction_compression=ON) body: header fields
// (lenenc type, lenenc length, value; 1 PAYLOAD_SIZE, 2 COMPRESSION_TYPE, 3 UNCOMPRESSED_SIZE,
// values lenenc integers) until type 0 | payload (the rest): inner events without checksums.
// https://dev.mysql.com/doc/dev/mysql-server/latest/classmysql_1_1binlog_1_1event_1_1Transaction__payload__event.html
enum class PayloadCompression : uint8_t { kZstd = 0, kNone = 255 };

struct TransactionPayloadRef {
  PayloadCompression compression = PayloadCompression::kNone;
  // As the header claims: checked against the data while reading, never used to allocate.
  uint64_t uncompressed_size = 0;
  bool has_uncompressed_size = false;
  Bytes payload;         // view into the event: the (compressed) inner events
  uint32_t log_pos = 0;  // end position of the TRANSACTION_PAYLOAD event itself, for messages
};
[[nodiscard]] StatusOr<TransactionPayloadRef> DecodeTransactionPayload(Bytes body);

}  // namespace rowcast::binlog
