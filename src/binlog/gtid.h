// GTID positions of both flavours, as text and binary.
//   MariaDB: a position is the last GTID per replication domain: "0-1-100,1-2-57".
//   MySQL:   a set of intervals per source UUID: "3e11fa47-...:1-5:7,4a1b...:1-100".
#pragma once

#include <array>
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

class MysqlGtidSet {
 public:
  struct Interval {
    int64_t start;  // inclusive
    int64_t end;    // inclusive
    bool operator==(const Interval&) const = default;
  };

  [[nodiscard]] static StatusOr<MysqlGtidSet> Parse(std::string_view text);
  // The binary encoding of COM_BINLOG_DUMP_GTID and PREVIOUS_GTIDS (untagged format).
  [[nodiscard]] static StatusOr<MysqlGtidSet> Decode(Bytes encoded);

  void Add(const Uuid& sid, int64_t gno);
  bool Contains(const Uuid& sid, int64_t gno) const;
  bool empty() const { return sets_.empty(); }
  std::string ToString() const;
  std::string Encode() const;

  bool operator==(const MysqlGtidSet&) const = default;

 private:
  std::map<Uuid, std::vector<Interval>> sets_;
};

[[nodiscard]] StatusOr<Uuid> ParseUuid(std::string_view text);
std::string FormatUuid(const Uuid& uuid);

}  // namespace rowcast::binlog
