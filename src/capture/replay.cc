#include "capture/replay.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "binlog/decoder.h"
#include "capture/change_processor.h"
#include "sinks/sink.h"

namespace rowcast::capture {
namespace {

// A read-only memory map of a whole file; decoded events are views into it.
class MappedFile {
 public:
  static StatusOr<MappedFile> Open(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      return std::unexpected(
          NotFoundError(fmt::format("cannot open {}: {}", path, std::strerror(errno))));
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
      ::close(fd);
      return std::unexpected(InternalError(fmt::format("cannot stat {}", path)));
    }
    MappedFile f;
    f.size_ = static_cast<size_t>(st.st_size);
    if (f.size_ > 0) {
      void* p = ::mmap(nullptr, f.size_, PROT_READ, MAP_PRIVATE, fd, 0);
      if (p == MAP_FAILED) {
        ::close(fd);
        return std::unexpected(
            InternalError(fmt::format("cannot map {}: {}", path, std::strerror(errno))));
      }
      ::madvise(p, f.size_, MADV_SEQUENTIAL);
      f.data_ = static_cast<const std::byte*>(p);
    }
    ::close(fd);
    return f;
  }
  MappedFile() = default;
  MappedFile(MappedFile&& o) noexcept : data_(o.data_), size_(o.size_) { o.data_ = nullptr; }
  MappedFile& operator=(MappedFile&&) = delete;
  ~MappedFile() {
    if (data_ != nullptr) ::munmap(const_cast<std::byte*>(data_), size_);
  }
  Bytes bytes() const { return {data_, size_}; }
  // Drops the pages before `offset` from memory: replay reads each byte once, and without this
  // a large file would show up whole in the resident set.
  void Release(size_t offset) {
    const size_t page = 1u << 16;
    const size_t end = offset / page * page;
    if (end > released_) {
      ::madvise(const_cast<std::byte*>(data_) + released_, end - released_, MADV_DONTNEED);
      released_ = end;
    }
  }

 private:
  const std::byte* data_ = nullptr;
  size_t size_ = 0;
  size_t released_ = 0;
};

class SinkOutput final : public RecordOutput {
 public:
  explicit SinkOutput(sinks::Sink& sink) : sink_(sink) {}
  Status Emit(sinks::Record record, std::optional<offsets::OffsetRef>) override {
    return sink_.Send(seq_++, std::move(record));
  }
  void Advance(offsets::OffsetRef) override {}

 private:
  sinks::Sink& sink_;
  uint64_t seq_ = 1;
};

}  // namespace

StatusOr<int64_t> ParseDatetime(std::string_view text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  const std::string t(text);
  char sep = ' ';
  const int n = std::sscanf(t.c_str(), "%4d-%2d-%2d%c%2d:%2d:%2d", &y, &mo, &d, &sep, &h, &mi, &s);
  if (!(n == 3 || n == 7) || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60 ||
      (n == 7 && sep != ' ' && sep != 'T')) {
    return std::unexpected(InvalidArgumentError(
        fmt::format("'{}' is not a datetime; use 'YYYY-MM-DD HH:MM:SS' (UTC)", text)));
  }
  // Days from civil (proleptic Gregorian).
  const int64_t yy = y - (mo <= 2 ? 1 : 0);
  const int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
  const int64_t yoe = yy - era * 400;
  const int64_t doy = (153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const int64_t days = era * 146097 + doe - 719468;
  return days * 86400 + h * 3600 + mi * 60 + s;
}

StatusOr<config::ConnectorSettings> ReplaySettings(const std::string& config_json) {
  nlohmann::json j = nlohmann::json::parse(config_json, nullptr, false);
  if (!j.is_object()) {
    // Let the connector parser produce its precise error (line, column).
    auto cfg = config::ParseConnectorJson(config_json);
    if (!cfg.has_value()) return std::unexpected(cfg.error());
    return cfg->settings();
  }
  nlohmann::json& props = j.contains("config") && j["config"].is_object() ? j["config"] : j;
  // Connection properties do not matter offline; fill in what the parser requires.
  for (const auto& [k, v] : {std::pair{"database.hostname", "replay"},
                             {"database.user", "replay"},
                             {"database.server.id", "1"}}) {
    if (!props.contains(k)) props[k] = v;
  }
  if (!props.contains("topic.prefix") && !props.contains("database.server.name")) {
    props["topic.prefix"] = "replay";
  }
  if (!j.contains("name") && !props.contains("name")) j["name"] = "replay";
  auto cfg = config::ParseConnectorJson(j.dump());
  if (!cfg.has_value()) return std::unexpected(cfg.error());
  for (const auto& w : cfg->warnings()) spdlog::warn("{}", w);
  return cfg->settings();
}

StatusOr<ReplayStats> Replay(const ReplayOptions& options) {
  ROWCAST_ASSIGN_OR_RETURN(auto sink,
                           sinks::CreateSink(options.sink, [](uint64_t, const Status&) {}));
  SinkOutput out(*sink);
  ROWCAST_ASSIGN_OR_RETURN(
      auto processor,
      ChangeProcessor::Create(
          options.settings, out,
          ProcessorOptions{.history_path = "", .lenient_schemas = true, .history = nullptr}));
  processor->AllowUnnamedColumns();
  for (const auto& path : options.schema_files) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::unexpected(InvalidArgumentError("cannot read schema file " + path));
    const std::string sql((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    schema::HistoryPosition at;
    at.file = path;
    at.snapshot = true;
    auto applied = processor->schema().ApplyDdl("", sql, at, 0);
    if (!applied.has_value()) {
      return std::unexpected(
          InvalidArgumentError(fmt::format("--schema {}: {}", path, applied.error().message())));
    }
  }
  ReplayStats stats;
  uint64_t event_offset = 0;
  bool first_file = true;
  bool last_file = false;
  processor->SetRowsWindow([&](const binlog::EventHeader& h) {
    if (first_file && options.start_position && event_offset < *options.start_position)
      return false;
    if (options.start_datetime && static_cast<int64_t>(h.timestamp) < *options.start_datetime)
      return false;
    if (options.stop_datetime && static_cast<int64_t>(h.timestamp) >= *options.stop_datetime)
      return false;
    return true;
  });
  for (size_t i = 0; i < options.files.size(); ++i) {
    const std::string& path = options.files[i];
    first_file = i == 0;
    last_file = i + 1 == options.files.size();
    ROWCAST_ASSIGN_OR_RETURN(MappedFile file, MappedFile::Open(path));
    const Bytes data = file.bytes();
    if (data.size() < 4 || AsStringView(data.first(4)) != std::string_view("\xfe"
                                                                           "bin",
                                                                           4)) {
      return std::unexpected(InvalidArgumentError(fmt::format(
          "{} is not a binlog file (it does not start with the magic bytes fe 62 69 6e)", path)));
    }
    binlog::EventDecoder decoder(binlog::ChecksumAlg::kOff);
    const std::string name = std::filesystem::path(path).filename().string();
    bool in_use = false;
    bool reset = false;
    size_t at = 4;
    while (at < data.size()) {
      event_offset = at;
      if (last_file && options.stop_position && at >= *options.stop_position) break;
      const size_t left = data.size() - at;
      uint32_t size = 0;
      if (left >= binlog::kHeaderLength) {
        ByteReader h(data.subspan(at + 9, 4));
        size = *h.ReadU32Le();
      }
      if (left < binlog::kHeaderLength || size < binlog::kHeaderLength || size > left) {
        const bool partial = left < binlog::kHeaderLength || size > left;
        if (in_use && partial) {
          spdlog::warn("{} ends in a partial event at {} (the server is still writing it)", path,
                       at);
          break;
        }
        return std::unexpected(
            DataLossError(fmt::format("{}: event at position {} claims {} bytes but {} remain; the "
                                      "file is truncated or corrupt",
                                      path, at, size, left)));
      }
      auto ev = decoder.Decode(data.subspan(at, size));
      if (!ev.has_value())
        return std::unexpected(ev.error().WithContext(fmt::format("{}:{}", path, at)));
      if (!reset) {
        // The first event is the file's FORMAT_DESCRIPTION: it tells the flavour.
        if (!decoder.has_format()) {
          return std::unexpected(
              DataLossError(fmt::format("{}: the first event is not a FORMAT_DESCRIPTION", path)));
        }
        in_use = (ev->header.flags & binlog::kFlagBinlogInUse) != 0;
        ROWCAST_RETURN_IF_ERROR(
            processor->Reset(Resume{name, 4, "", 0, 0}, decoder.format().is_mariadb()));
        reset = true;
      }
      Status s = processor->Process(*ev, decoder);
      if (!s.ok()) return std::unexpected(s.WithContext(fmt::format("{}:{}", path, at)));
      ++stats.events;
      stats.bytes += size;
      at += size;
      if ((stats.events & 4095) == 0) file.Release(at);
    }
  }
  ROWCAST_RETURN_IF_ERROR(sink->Flush(std::chrono::seconds(60)));
  stats.records = processor->records();
  return stats;
}

}  // namespace rowcast::capture
