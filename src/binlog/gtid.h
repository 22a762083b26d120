// GTID positions of both flavours, as text and binary.
//   MariaDB: a position is the last GTID per replication domain: "0-1-100,1-2-57".
//   MySQL:   a set of intervals per source UUID (and tag, 8.3+):
//            "3e11fa47-...:1-5:7,4a1b...:1-100:mytag:1-2".
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "binlog/events.h"
#include "common/byte_reader.h"
#include "common/status.h"

namespace rowcast::binlog {

class MariaGtidPosition {
 public:
  [[nodiscard]] static StatusOr<MariaGtidPosition> Parse(std::string_view text);

  // Records `gtid` as the last one of its domain.
  void Update(const MariaGtid& gtid) { domains_[gtid.domain_id] = gtid; }
  bool empty() const { return domains_.empty(); }
  const std::map<uint32_t, MariaGtid>& domains() const { return domains_; }
  // "0-1-100,1-2-57", domains in ascending order.
  std::string ToString() const;

  bool operator==(const MariaGtidPosition&) const = default;

 private:
  std::map<uint32_t, MariaGtid> domains_;
};

std::string FormatMariaGtid(const MariaGtid& gtid);

using Uuid = std::array<uint8_t, 16>;

// A set of MySQL GTIDs: intervals per (source UUID, tag). Tags (MySQL 8.3+) are stored lower-case;
// the empty tag is the classic untagged GTID.
class MysqlGtidSet {
 public:
  struct Interval {
    int64_t start;  // inclusive
    int64_t end;    // inclusive
    bool operator==(const Interval&) const = default;
  };
  struct Tsid {
    Uuid uuid{};
    std::string tag;
    auto operator<=>(const Tsid&) const = default;
  };

  // "uuid:1-5:7,uuid2:1-3:tag_a:1-3": after the UUID, intervals of the untagged GTIDs, then each
  // tag followed by its intervals. Tags are case-insensitive.
  [[nodiscard]] static StatusOr<MysqlGtidSet> Parse(std::string_view text);
  // The binary encoding of COM_BINLOG_DUMP_GTID and PREVIOUS_GTIDS, classic or tagged (8.3+).
  [[nodiscard]] static StatusOr<MysqlGtidSet> Decode(Bytes encoded);

  void Add(const Uuid& sid, int64_t gno) { Add(sid, {}, gno); }
  // `tag` must be valid (IsValidGtidTag) or empty; it is stored lower-case.
  void Add(const Uuid& sid, std::string_view tag, int64_t gno);
  bool Contains(const Uuid& sid, int64_t gno) const { return Contains(sid, {}, gno); }
  bool Contains(const Uuid& sid, std::string_view tag, int64_t gno) const;
  bool empty() const { return sets_.empty(); }
  bool has_tags() const;
  // Sources in UUID order; per UUID the untagged intervals first, then tags in order.
  std::string ToString() const;
  // Classic encoding unless a tag is present: servers before 8.3 reject the tagged one.
  std::string Encode() const;

  bool operator==(const MysqlGtidSet&) const = default;

 private:
  std::map<Tsid, std::vector<Interval>> sets_;
};

[[nodiscard]] StatusOr<Uuid> ParseUuid(std::string_view text);
std::string FormatUuid(const Uuid& uuid);

}  // namespace rowcast::binlog
