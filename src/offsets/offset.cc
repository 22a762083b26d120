#include "offsets/offset.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/json_writer.h"

namespace rowcast::offsets {

std::string OffsetToJson(const BinlogOffset& o) {
  std::string out;
  JsonWriter w(out);
  w.BeginObject();
  w.Key("file");
  w.String(o.file);
  w.Key("pos");
  w.Uint(o.pos);
  if (!o.gtids.empty()) {
    w.Key("gtids");
    w.String(o.gtids);
  }
  if (o.event > 0) {
    w.Key("event");
    w.Uint(o.event);
  }
  if (o.row > 0) {
    w.Key("row");
    w.Uint(o.row);
  }
  w.Key("ts_sec");
  w.Int(o.ts_sec);
  w.Key("server_id");
  w.Uint(o.server_id);
  if (o.history_records > 0) {
    w.Key("history_records");
    w.Uint(o.history_records);
  }
  if (o.snapshot) {
    w.Key("snapshot");
    w.Bool(true);
  }
  if (!o.snapshot_progress.empty()) {
    w.Key("rowcast_snapshot");
    w.Raw(o.snapshot_progress);
  }
  w.EndObject();
  return out;
}

StatusOr<BinlogOffset> OffsetFromJson(std::string_view json) {
  nlohmann::json j = nlohmann::json::parse(json, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return std::unexpected(DataLossError("stored offset is not a JSON object"));
  }
  BinlogOffset o;
  try {
    o.file = j.at("file").get<std::string>();
    o.pos = j.at("pos").get<uint64_t>();
    o.gtids = j.value("gtids", "");
    o.event = j.value("event", uint64_t{0});
    o.row = j.value("row", uint64_t{0});
    o.ts_sec = j.value("ts_sec", int64_t{0});
    o.server_id = j.value("server_id", uint32_t{0});
    o.history_records = j.value("history_records", uint64_t{0});
    // Debezium writes a boolean, or since 3.x the snapshot kind ("INITIAL", ...).
    if (auto it = j.find("snapshot"); it != j.end()) {
      o.snapshot = it->is_boolean() ? it->get<bool>() : it->is_string();
    }
    if (auto it = j.find("rowcast_snapshot"); it != j.end() && it->is_object()) {
      o.snapshot_progress = it->dump();
    }
  } catch (const nlohmann::json::exception& e) {
    return std::unexpected(DataLossError(fmt::format("stored offset is malformed: {}", e.what())));
  }
  return o;
}

FileOffsetStore::FileOffsetStore(std::string dir, std::string connector_name, std::string server)
    : dir_(std::move(dir)), server_(std::move(server)) {
  std::string safe = connector_name;
  for (char& c : safe) {
    if (c == '/') c = '_';
  }
  path_ = fmt::format("{}/{}.json", dir_, safe);
}

StatusOr<std::optional<BinlogOffset>> FileOffsetStore::Load() {
  std::ifstream in(path_);
  if (!in) return std::optional<BinlogOffset>();
  std::stringstream ss;
  ss << in.rdbuf();
  nlohmann::json j = nlohmann::json::parse(ss.str(), nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("offset")) {
    return std::unexpected(DataLossError(fmt::format(
        "offset file {} is corrupt; move it away to start from scratch (changes may then be "
        "repeated or missed)",
        path_)));
  }
  const std::string server = j.value("/partition/server"_json_pointer, std::string());
  if (server != server_) {
    return std::unexpected(
        FailedPreconditionError(fmt::format("offset file {} belongs to topic.prefix '{}', but the "
                                            "connector has '{}'; topic.prefix must "
                                            "not change once a connector has run",
                                            path_, server, server_)));
  }
  auto o = OffsetFromJson(j["offset"].dump());
  if (!o.has_value()) return std::unexpected(o.error().WithContext(path_));
  return std::optional<BinlogOffset>(*o);
}

Status FileOffsetStore::Save(const BinlogOffset& offset) {
  if (::mkdir(dir_.c_str(), 0755) != 0 && errno != EEXIST) {
    return FailedPreconditionError(fmt::format("cannot create {}: {}", dir_, std::strerror(errno)));
  }
  std::string body = "{\"partition\":{\"server\":";
  AppendJsonString(body, server_);
  body += "},\"offset\":" + OffsetToJson(offset) + "}\n";
  const std::string tmp = path_ + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    return UnavailableError(fmt::format("cannot write {}: {}", tmp, std::strerror(errno)));
  std::string_view rest = body;
  while (!rest.empty()) {
    const ssize_t n = ::write(fd, rest.data(), rest.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int e = errno;
      ::close(fd);
      return UnavailableError(fmt::format("cannot write {}: {}", tmp, std::strerror(e)));
    }
    rest.remove_prefix(static_cast<size_t>(n));
  }
  if (::fsync(fd) != 0) {
    const int e = errno;
    ::close(fd);
    return UnavailableError(fmt::format("fsync of {} failed: {}", tmp, std::strerror(e)));
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path_.c_str()) != 0) {
    return UnavailableError(
        fmt::format("cannot rename {} to {}: {}", tmp, path_, std::strerror(errno)));
  }
  const int dfd = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return OkStatus();
}

Status FileOffsetStore::Reset() {
  if (::unlink(path_.c_str()) != 0 && errno != ENOENT) {
    return UnavailableError(fmt::format("cannot delete {}: {}", path_, std::strerror(errno)));
  }
  return OkStatus();
}

void OffsetTracker::Track(uint64_t seq, std::optional<OffsetRef> offset) {
  std::lock_guard lock(mu_);
  if (offset) {
    latest_ = offset;
    latest_changed_ = true;
  }
  last_seq_ = seq;
  entries_.push_back(Entry{seq, false, std::move(offset)});
}

void OffsetTracker::Advance(OffsetRef offset) {
  std::lock_guard lock(mu_);
  latest_ = offset;
  latest_changed_ = true;
  if (entries_.empty()) {
    committable_ = std::move(offset);
    changed_ = true;
    return;
  }
  // A marker takes the number of the record before it, so entries stay sorted by seq.
  entries_.push_back(Entry{last_seq_, true, std::move(offset)});
}

void OffsetTracker::Ack(uint64_t seq) {
  std::lock_guard lock(mu_);
  // Entries are sorted by seq (a record before the markers that share its number); with many
  // partitions acks arrive out of order, so search rather than scan.
  auto it = std::lower_bound(entries_.begin(), entries_.end(), seq,
                             [](const Entry& e, uint64_t s) { return e.seq < s; });
  if (it != entries_.end() && it->seq == seq) {
    it->acked = true;
  } else {
    for (Entry& e : entries_) {  // not sorted after all: never expected
      if (e.seq == seq) e.acked = true;
    }
  }
  Drain();
}

void OffsetTracker::Drain() {
  while (!entries_.empty() && entries_.front().acked) {
    if (entries_.front().offset) {
      committable_ = std::move(entries_.front().offset);
      changed_ = true;
    }
    entries_.pop_front();
  }
}

std::optional<BinlogOffset> OffsetTracker::TakeLatest() {
  std::lock_guard lock(mu_);
  if (!latest_changed_ || !latest_) return std::nullopt;
  latest_changed_ = false;
  return latest_->Materialize();
}

std::optional<BinlogOffset> OffsetTracker::TakeCommittable() {
  std::lock_guard lock(mu_);
  Drain();
  if (!changed_) return std::nullopt;
  changed_ = false;
  if (!committable_) return std::nullopt;
  return committable_->Materialize();
}

size_t OffsetTracker::in_flight() const {
  std::lock_guard lock(mu_);
  return entries_.size();
}

}  // namespace rowcast::offsets
