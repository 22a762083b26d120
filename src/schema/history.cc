#include "schema/history.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace rowcast::schema {

namespace {

Status Errno(std::string_view what, const std::string& path) {
  return UnavailableError(fmt::format("{} {}: {}", what, path, std::strerror(errno)));
}

Status WriteAll(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return Errno("writing", path);
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return OkStatus();
}

Status SyncDirectory(const std::string& path) {
  const std::string dir = std::filesystem::path(path).parent_path().string();
  const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Errno("opening directory of", path);
  const int rc = ::fsync(fd);
  ::close(fd);
  return rc == 0 ? OkStatus() : Errno("syncing directory of", path);
}

}  // namespace

std::string HistoryRecordToJson(const HistoryRecord& r, std::string_view server) {
  nlohmann::ordered_json pos;
  pos["ts_sec"] = r.position.ts_sec;
  pos["file"] = r.position.file;
  pos["pos"] = r.position.pos;
  if (!r.position.gtids.empty()) pos["gtids"] = r.position.gtids;
  if (!r.position.gtid.empty()) pos["gtid"] = r.position.gtid;
  pos["server_id"] = r.position.server_id;
  if (r.position.snapshot) pos["snapshot"] = true;
  nlohmann::ordered_json j;
  j["source"] = {{"server", server}};
  j["position"] = std::move(pos);
  j["ts_ms"] = r.ts_ms;
  j["databaseName"] = r.database;
  j["ddl"] = r.ddl;
  // tableChanges is written as given; parse it so the line stays one valid document.
  j["tableChanges"] = nlohmann::ordered_json::parse(
      r.table_changes.empty() ? std::string_view("[]") : std::string_view(r.table_changes), nullptr,
      false);
  if (j["tableChanges"].is_discarded()) j["tableChanges"] = nlohmann::ordered_json::array();
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

StatusOr<HistoryRecord> HistoryRecordFromJson(std::string_view line) {
  auto j = nlohmann::json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object()) {
    return std::unexpected(DataLossError("not a JSON document"));
  }
  if (!j.contains("position") || !j["position"].is_object() || !j.contains("ddl") ||
      !j["ddl"].is_string()) {
    return std::unexpected(DataLossError("not a schema history record (no position or ddl)"));
  }
  HistoryRecord r;
  const auto& p = j["position"];
  try {
    r.position.file = p.value("file", "");
    r.position.pos = p.value("pos", uint64_t{0});
    r.position.gtids = p.value("gtids", "");
    r.position.gtid = p.value("gtid", "");
    r.position.server_id = p.value("server_id", uint32_t{0});
    r.position.ts_sec = p.value("ts_sec", int64_t{0});
    r.position.snapshot = p.value("snapshot", false);
    r.ts_ms = j.value("ts_ms", int64_t{0});
    r.database = j.value("databaseName", "");
    r.ddl = j["ddl"].get<std::string>();
    r.table_changes = j.contains("tableChanges") ? j["tableChanges"].dump() : "[]";
  } catch (const nlohmann::json::exception& e) {
    return std::unexpected(DataLossError(fmt::format("malformed history record: {}", e.what())));
  }
  return r;
}

FileSchemaHistory::FileSchemaHistory(std::string path, std::string server)
    : path_(std::move(path)), server_(std::move(server)) {}

FileSchemaHistory::~FileSchemaHistory() {
  if (fd_ >= 0) ::close(fd_);
}

bool FileSchemaHistory::Exists() {
  struct stat st {};
  return ::stat(path_.c_str(), &st) == 0;
}

StatusOr<std::vector<HistoryRecord>> FileSchemaHistory::ReadAll() {
  std::ifstream in(path_, std::ios::binary);
  if (!in) {
    return std::unexpected(NotFoundError(fmt::format("cannot open schema history {}", path_)));
  }
  std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<HistoryRecord> out;
  size_t start = 0;
  uint64_t line_no = 0;
  while (start < all.size()) {
    ++line_no;
    const size_t nl = all.find('\n', start);
    if (nl == std::string::npos) {
      return std::unexpected(DataLossError(fmt::format(
          "schema history {} ends in the middle of record {} (the file was truncated or a write "
          "was torn)",
          path_, line_no)));
    }
    const std::string_view line(all.data() + start, nl - start);
    start = nl + 1;
    if (line.empty()) continue;
    auto r = HistoryRecordFromJson(line);
    if (!r.has_value()) {
      return std::unexpected(DataLossError(
          fmt::format("schema history {} line {}: {}", path_, line_no, r.error().message())));
    }
    out.push_back(std::move(*r));
  }
  count_ = out.size();
  return out;
}

Status FileSchemaHistory::Append(const std::vector<HistoryRecord>& records) {
  if (records.empty()) return OkStatus();
  if (fd_ < 0) {
    std::error_code ec;
    const auto dir = std::filesystem::path(path_).parent_path();
    if (!dir.empty()) std::filesystem::create_directories(dir, ec);
    const bool existed = Exists();
    fd_ = ::open(path_.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) return Errno("opening schema history", path_);
    if (!existed) ROWCAST_RETURN_STATUS_IF_ERROR(SyncDirectory(path_));
  }
  std::string buf;
  for (const auto& r : records) {
    buf += HistoryRecordToJson(r, server_);
    buf.push_back('\n');
  }
  ROWCAST_RETURN_STATUS_IF_ERROR(WriteAll(fd_, buf, path_));
  if (::fdatasync(fd_) != 0) return Errno("syncing schema history", path_);
  count_ += records.size();
  return OkStatus();
}

Status FileSchemaHistory::Rewrite(const std::vector<HistoryRecord>& records) {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
  std::error_code ec;
  const auto dir = std::filesystem::path(path_).parent_path();
  if (!dir.empty()) std::filesystem::create_directories(dir, ec);
  const std::string tmp = path_ + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Errno("creating", tmp);
  std::string buf;
  for (const auto& r : records) {
    buf += HistoryRecordToJson(r, server_);
    buf.push_back('\n');
  }
  Status s = WriteAll(fd, buf, tmp);
  if (s.ok() && ::fsync(fd) != 0) s = Errno("syncing", tmp);
  ::close(fd);
  ROWCAST_RETURN_STATUS_IF_ERROR(s);
  if (::rename(tmp.c_str(), path_.c_str()) != 0) return Errno("renaming to", path_);
  ROWCAST_RETURN_STATUS_IF_ERROR(SyncDirectory(path_));
  count_ = records.size();
  return OkStatus();
}

}  // namespace rowcast::schema
