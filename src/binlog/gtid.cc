#include "binlog/gtid.h"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

namespace rowcast::binlog {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\n' || s.front() == '\t' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\n' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

template <typename T>
bool ParseNumber(std::string_view s, T& out) {
  if (s.empty()) return false;
  auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t p = s.find(sep, start);
    parts.push_back(
        s.substr(start, p == std::string_view::npos ? std::string_view::npos : p - start));
    if (p == std::string_view::npos) break;
    start = p + 1;
  }
  return parts;
}

}  // namespace

std::string FormatMariaGtid(const MariaGtid& g) {
  return fmt::format("{}-{}-{}", g.domain_id, g.server_id, g.seq_no);
}

StatusOr<MariaGtidPosition> MariaGtidPosition::Parse(std::string_view text) {
  MariaGtidPosition pos;
  text = Trim(text);
  if (text.empty()) return pos;
  for (std::string_view item : Split(text, ',')) {
    item = Trim(item);
    auto parts = Split(item, '-');
    MariaGtid g;
    if (parts.size() != 3 || !ParseNumber(parts[0], g.domain_id) ||
        !ParseNumber(parts[1], g.server_id) || !ParseNumber(parts[2], g.seq_no)) {
      return std::unexpected(InvalidArgumentError(fmt::format(
          "'{}' is not a MariaDB GTID (expected domain-server-sequence, e.g. 0-1-42)", item)));
    }
    if (pos.domains_.contains(g.domain_id)) {
      return std::unexpected(InvalidArgumentError(
          fmt::format("GTID position '{}' names domain {} twice", text, g.domain_id)));
    }
    pos.domains_[g.domain_id] = g;
  }
  return pos;
}

std::string MariaGtidPosition::ToString() const {
  std::string out;
  for (const auto& [domain, g] : domains_) {
    if (!out.empty()) out.push_back(',');
    out += FormatMariaGtid(g);
  }
  return out;
}

StatusOr<Uuid> ParseUuid(std::string_view text) {
  Uuid u{};
  size_t k = 0;
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '-') continue;
    if (k >= 32) break;
    int v = hex(text[i]);
    if (v < 0) break;
    u[k / 2] = static_cast<uint8_t>(u[k / 2] | (k % 2 == 0 ? v << 4 : v));
    ++k;
  }
  if (k != 32 || text.size() != 36) {
    return std::unexpected(InvalidArgumentError(fmt::format("'{}' is not a UUID", text)));
  }
  return u;
}

std::string FormatUuid(const Uuid& u) {
  MysqlGtidEvent e;
  e.sid = u;
  return e.SidText();
}

namespace {

std::string LowerTag(std::string_view tag) {
  std::string out(tag);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Sorts and merges overlapping or adjacent intervals.
void Normalize(std::vector<MysqlGtidSet::Interval>& v) {
  using Interval = MysqlGtidSet::Interval;
  std::sort(v.begin(), v.end(),
            [](const Interval& x, const Interval& y) { return x.start < y.start; });
  std::vector<Interval> merged;
  merged.reserve(v.size());
  for (const Interval& iv : v) {
    if (!merged.empty() && iv.start <= merged.back().end + 1) {
      merged.back().end = std::max(merged.back().end, iv.end);
    } else {
      merged.push_back(iv);
    }
  }
  v = std::move(merged);
}

void PutU64(std::string& out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

}  // namespace

void MysqlGtidSet::Add(const Uuid& sid, std::string_view tag, int64_t gno) {
  auto& v = sets_[Tsid{sid, LowerTag(tag)}];
  auto it = std::lower_bound(v.begin(), v.end(), gno,
                             [](const Interval& a, int64_t g) { return a.end < g; });
  if (it != v.end() && it->start <= gno && gno <= it->end) return;
  // Extend a neighbour or insert a new interval, then merge.
  if (it != v.end() && it->start == gno + 1) {
    it->start = gno;
  } else if (it != v.begin() && std::prev(it)->end == gno - 1) {
    --it;
    it->end = gno;
  } else {
    it = v.insert(it, Interval{gno, gno});
  }
  if (std::next(it) != v.end() && std::next(it)->start == it->end + 1) {
    it->end = std::next(it)->end;
    v.erase(std::next(it));
  }
  if (it != v.begin() && std::prev(it)->end + 1 == it->start) {
    std::prev(it)->end = it->end;
    v.erase(it);
  }
}

bool MysqlGtidSet::Contains(const Uuid& sid, std::string_view tag, int64_t gno) const {
  auto s = sets_.find(Tsid{sid, LowerTag(tag)});
  if (s == sets_.end()) return false;
  for (const Interval& i : s->second) {
    if (i.start <= gno && gno <= i.end) return true;
  }
  return false;
}

bool MysqlGtidSet::has_tags() const {
  for (const auto& [tsid, intervals] : sets_) {
    if (!tsid.tag.empty()) return true;
  }
  return false;
}

StatusOr<MysqlGtidSet> MysqlGtidSet::Parse(std::string_view text) {
  MysqlGtidSet set;
  text = Trim(text);
  if (text.empty()) return set;
  for (std::string_view item : Split(text, ',')) {
    item = Trim(item);
    auto parts = Split(item, ':');
    ROWCAST_ASSIGN_OR_RETURN(Uuid sid, ParseUuid(Trim(parts[0])));
    if (parts.size() < 2) {
      return std::unexpected(
          InvalidArgumentError(fmt::format("GTID set item '{}' has no intervals", item)));
    }
    std::string tag;
    bool tag_has_intervals = true;
    for (size_t i = 1; i < parts.size(); ++i) {
      const std::string_view part = Trim(parts[i]);
      if (!part.empty() && (part.front() < '0' || part.front() > '9')) {
        if (!IsValidGtidTag(part)) {
          return std::unexpected(InvalidArgumentError(fmt::format(
              "GTID set item '{}': '{}' is neither an interval nor a tag (1-32 letters, digits "
              "or '_', not starting with a digit)",
              item, part)));
        }
        if (!tag_has_intervals) break;
        tag = LowerTag(part);
        tag_has_intervals = false;
        continue;
      }
      auto range = Split(part, '-');
      int64_t a = 0, b = 0;
      if (range.size() == 1 && ParseNumber(range[0], a)) {
        b = a;
      } else if (range.size() != 2 || !ParseNumber(range[0], a) || !ParseNumber(range[1], b) ||
                 b < a) {
        return std::unexpected(InvalidArgumentError(
            fmt::format("GTID set item '{}': '{}' is not an interval", item, parts[i])));
      }
      if (a < 1) {
        return std::unexpected(InvalidArgumentError(
            fmt::format("GTID set item '{}': '{}' starts below 1, the first transaction number",
                        item, parts[i])));
      }
      // GNOs end at 2^63-2: MySQL uses 2^63-1 as the end marker of a set.
      if (b >= INT64_MAX) {
        return std::unexpected(InvalidArgumentError(fmt::format(
            "GTID set item '{}': '{}' goes beyond the largest transaction number 2^63-2", item,
            parts[i])));
      }
      set.sets_[Tsid{sid, tag}].push_back(Interval{a, b});
      tag_has_intervals = true;
    }
    if (!tag_has_intervals) {
      return std::unexpected(InvalidArgumentError(
          fmt::format("GTID set item '{}': tag '{}' has no intervals", item, tag)));
    }
  }
  for (auto& [tsid, intervals] : set.sets_) Normalize(intervals);
  return set;
}

std::string MysqlGtidSet::ToString() const {
  std::string out;
  const Uuid* previous = nullptr;
  for (const auto& [tsid, intervals] : sets_) {
    if (previous == nullptr || *previous != tsid.uuid) {
      if (!out.empty()) out.push_back(',');
      out += FormatUuid(tsid.uuid);
      previous = &tsid.uuid;
    }
    if (!tsid.tag.empty()) {
      out.push_back(':');
      out += tsid.tag;
    }
    for (const Interval& i : intervals) {
      out += i.start == i.end ? fmt::format(":{}", i.start) : fmt::format(":{}-{}", i.start, i.end);
    }
  }
  return out;
}

// Classic: n_sids u64 | per sid: uuid[16] | n_intervals u64 | (start u64, end_exclusive u64)*
// Tagged (8.3+): (1 << 56 | n << 8 | 1) u64 | per (uuid, tag): uuid[16] | tag length as a
// serialization varint, tag | n_intervals u64 | intervals as above.
std::string MysqlGtidSet::Encode() const {
  std::string out;
  const bool tagged = has_tags();
  PutU64(out, tagged ? (uint64_t{1} << 56) | (uint64_t{sets_.size()} << 8) | 1 : sets_.size());
  for (const auto& [tsid, intervals] : sets_) {
    out.append(reinterpret_cast<const char*>(tsid.uuid.data()), tsid.uuid.size());
    if (tagged) {
      // A tag has at most 32 characters, so its length is a one-byte varint: length << 1.
      out.push_back(static_cast<char>(tsid.tag.size() << 1));
      out += tsid.tag;
    }
    PutU64(out, intervals.size());
    for (const Interval& i : intervals) {
      PutU64(out, static_cast<uint64_t>(i.start));
      PutU64(out, static_cast<uint64_t>(i.end + 1));
    }
  }
  return out;
}

// sql/rpl_gtid_set.cc Gtid_set::decode: the tagged format has format byte 1 at both ends of
// the first u64; a classic count never reaches the top byte.
StatusOr<MysqlGtidSet> MysqlGtidSet::Decode(Bytes encoded) {
  ByteReader r(encoded);
  MysqlGtidSet set;
  ROWCAST_ASSIGN_OR_RETURN(uint64_t header, r.ReadU64Le());
  const uint8_t top = static_cast<uint8_t>(header >> 56);
  const bool tagged = top != 0;
  if (tagged && (top != 1 || (header & 0xFF) != 1)) {
    return std::unexpected(DataLossError(fmt::format(
        "GTID set encoding 0x{:016x} is neither the classic nor the tagged format", header)));
  }
  const uint64_t n = tagged ? (header >> 8) & 0xFFFFFFFFFFFFu : header;
  // Each source takes at least 24 (classic) or 25 (tagged) bytes.
  if (n > r.remaining() / 24)
    return std::unexpected(DataLossError("GTID set claims too many sources"));
  for (uint64_t i = 0; i < n; ++i) {
    ROWCAST_ASSIGN_OR_RETURN(Bytes sid_bytes, r.ReadBytes(16));
    Tsid tsid;
    for (size_t k = 0; k < 16; ++k) tsid.uuid[k] = static_cast<uint8_t>(sid_bytes[k]);
    if (tagged) {
      ROWCAST_ASSIGN_OR_RETURN(uint64_t len, ReadSerializationVarint(r));
      if (len > kMaxGtidTagLength) {
        return std::unexpected(
            DataLossError(fmt::format("GTID set tag of {} characters (at most 32)", len)));
      }
      ROWCAST_ASSIGN_OR_RETURN(std::string_view tag, r.ReadString(static_cast<size_t>(len)));
      if (!tag.empty() && !IsValidGtidTag(tag)) {
        return std::unexpected(
            DataLossError(fmt::format("GTID set has the invalid tag '{}'", tag)));
      }
      tsid.tag = LowerTag(tag);
    }
    ROWCAST_ASSIGN_OR_RETURN(uint64_t count, r.ReadU64Le());
    if (count > r.remaining() / 16)
      return std::unexpected(DataLossError("GTID set claims too many intervals"));
    if (count == 0) continue;  // a source with no transactions is no part of the set
    auto& v = set.sets_[std::move(tsid)];
    for (uint64_t k = 0; k < count; ++k) {
      ROWCAST_ASSIGN_OR_RETURN(uint64_t start, r.ReadU64Le());
      ROWCAST_ASSIGN_OR_RETURN(uint64_t end, r.ReadU64Le());
      if (end <= start) return std::unexpected(DataLossError("GTID interval with end <= start"));
      if (start < 1 || end - 1 >= static_cast<uint64_t>(INT64_MAX)) {
        return std::unexpected(
            DataLossError(fmt::format("GTID interval {}-{} is out of range", start, end - 1)));
      }
      v.push_back(Interval{static_cast<int64_t>(start), static_cast<int64_t>(end - 1)});
    }
  }
  if (!r.empty()) {
    return std::unexpected(
        DataLossError(fmt::format("GTID set has {} bytes after its last source", r.remaining())));
  }
  for (auto& [tsid, intervals] : set.sets_) Normalize(intervals);
  return set;
}

}  // namespace rowcast::binlog
