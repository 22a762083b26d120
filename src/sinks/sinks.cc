#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <vector>

#include <fmt/format.h>

#include "common/json_writer.h"
#include "sinks/http/http_sink.h"
#include "sinks/kafka/kafka_sink.h"
#include "sinks/sink.h"

namespace rowcast::sinks {

void AppendRecordLine(std::string& out, const Record& r) {
  out.append("{\"topic\":");
  AppendJsonString(out, r.topic);
  out.append(",\"key\":");
  out.append(r.key);
  out.append(",\"value\":");
  if (r.value) {
    out.append(*r.value);
  } else {
    out.append("null");
  }
  if (!r.headers.empty()) {
    out.append(",\"headers\":{");
    for (size_t i = 0; i < r.headers.size(); ++i) {
      if (i != 0) out.push_back(',');
      AppendJsonString(out, r.headers[i].name);
      out.push_back(':');
      AppendJsonString(out, r.headers[i].value);
    }
    out.push_back('}');
  }
  out.append("}\n");
}

namespace {

std::string Errno(int e) { return std::strerror(e); }

Status WriteAll(int fd, std::string_view data, std::string_view what) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return UnavailableError(fmt::format("writing {} failed: {}", what, Errno(errno)));
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return OkStatus();
}

// Buffers lines and acknowledges them when they are written (and, for files, fsync'ed).
class BufferedSink : public Sink {
 public:
  explicit BufferedSink(AckCallback ack) : ack_(std::move(ack)) {}

  Status Flush(std::chrono::milliseconds) override {
    ROWCAST_RETURN_STATUS_IF_ERROR(WriteOut());
    ROWCAST_RETURN_STATUS_IF_ERROR(Sync());
    for (uint64_t seq : pending_) ack_(seq, OkStatus());
    pending_.clear();
    return OkStatus();
  }

 protected:
  virtual Status WriteOut() = 0;
  virtual Status Sync() = 0;
  void Pending(uint64_t seq) { pending_.push_back(seq); }
  // Bounds what waits for an acknowledgement (and so the offset tracker's memory).
  Status MaybeFlush() {
    if (pending_.size() < kMaxPending) return OkStatus();
    return Flush(std::chrono::milliseconds(0));
  }
  static constexpr size_t kMaxPending = 65536;

  AckCallback ack_;
  std::vector<uint64_t> pending_;
};

class StdoutSink final : public BufferedSink {
 public:
  using BufferedSink::BufferedSink;
  Status Send(uint64_t seq, Record record) override {
    AppendRecordLine(buffer_, record);
    Pending(seq);
    if (buffer_.size() >= (1u << 16)) ROWCAST_RETURN_STATUS_IF_ERROR(WriteOut());
    return MaybeFlush();
  }
  std::string_view name() const override { return "stdout"; }

 private:
  Status WriteOut() override {
    Status s = WriteAll(STDOUT_FILENO, buffer_, "standard output");
    buffer_.clear();
    return s;
  }
  Status Sync() override { return OkStatus(); }
  std::string buffer_;
};

// One NDJSON file per topic in a directory. A line cut short by a crash is removed when the file
// is opened again, so every line in the files is a whole record.
class FileSink final : public BufferedSink {
 public:
  FileSink(std::string dir, AckCallback ack) : BufferedSink(std::move(ack)), dir_(std::move(dir)) {}
  ~FileSink() override {
    for (auto& [topic, f] : files_) ::close(f.fd);
  }

  Status Open() {
    if (::mkdir(dir_.c_str(), 0755) != 0 && errno != EEXIST) {
      return FailedPreconditionError(
          fmt::format("cannot create sink directory {}: {}", dir_, Errno(errno)));
    }
    dir_fd_ = ::open(dir_.c_str(), O_RDONLY | O_DIRECTORY);
    if (dir_fd_ < 0)
      return FailedPreconditionError(fmt::format("cannot open {}: {}", dir_, Errno(errno)));
    return OkStatus();
  }

  Status Send(uint64_t seq, Record record) override {
    auto it = files_.find(record.topic);
    if (it == files_.end()) {
      ROWCAST_ASSIGN_OR_RETURN_STATUS(int fd, OpenTopic(record.topic));
      it = files_.emplace(record.topic, TopicFile{fd, {}}).first;
    }
    AppendRecordLine(it->second.buffer, record);
    buffered_ += it->second.buffer.size();
    Pending(seq);
    if (it->second.buffer.size() >= (1u << 16)) {
      ROWCAST_RETURN_STATUS_IF_ERROR(
          WriteAll(it->second.fd, it->second.buffer, Path(record.topic)));
      it->second.buffer.clear();
      it->second.dirty = true;
    }
    return MaybeFlush();
  }
  std::string_view name() const override { return "file"; }

 private:
  struct TopicFile {
    int fd;
    std::string buffer;
    bool dirty = false;
  };

  std::string Path(std::string_view topic) const {
    std::string safe(topic);
    for (char& c : safe) {
      if (c == '/') c = '_';
    }
    return fmt::format("{}/{}.ndjson", dir_, safe);
  }

  StatusOr<int> OpenTopic(const std::string& topic) {
    const std::string path = Path(topic);
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0)
      return std::unexpected(
          FailedPreconditionError(fmt::format("cannot open {}: {}", path, Errno(errno))));
    // Drop a trailing partial line left by a crash.
    struct stat st {};
    if (::fstat(fd, &st) == 0 && st.st_size > 0) {
      off_t end = st.st_size;
      char c = 0;
      if (::pread(fd, &c, 1, end - 1) == 1 && c != '\n') {
        off_t keep = 0;
        std::vector<char> chunk(65536);
        off_t at = end;
        while (at > 0 && keep == 0) {
          const off_t from =
              at > static_cast<off_t>(chunk.size()) ? at - static_cast<off_t>(chunk.size()) : 0;
          const ssize_t n = ::pread(fd, chunk.data(), static_cast<size_t>(at - from), from);
          if (n <= 0) break;
          for (ssize_t i = n; i-- > 0;) {
            if (chunk[static_cast<size_t>(i)] == '\n') {
              keep = from + i + 1;
              break;
            }
          }
          at = from;
        }
        if (::ftruncate(fd, keep) != 0) {
          ::close(fd);
          return std::unexpected(DataLossError(
              fmt::format("cannot cut the partial last line of {}: {}", path, Errno(errno))));
        }
      }
    }
    new_files_ = true;
    return fd;
  }

  Status WriteOut() override {
    for (auto& [topic, f] : files_) {
      if (f.buffer.empty()) continue;
      ROWCAST_RETURN_STATUS_IF_ERROR(WriteAll(f.fd, f.buffer, Path(topic)));
      f.buffer.clear();
      f.dirty = true;
    }
    buffered_ = 0;
    return OkStatus();
  }

  Status Sync() override {
    for (auto& [topic, f] : files_) {
      if (!f.dirty) continue;
      if (::fdatasync(f.fd) != 0)
        return UnavailableError(fmt::format("fsync of {} failed: {}", Path(topic), Errno(errno)));
      f.dirty = false;
    }
    if (new_files_) {
      if (::fsync(dir_fd_) != 0)
        return UnavailableError(fmt::format("fsync of {} failed: {}", dir_, Errno(errno)));
      new_files_ = false;
    }
    return OkStatus();
  }

  std::string dir_;
  int dir_fd_ = -1;
  std::map<std::string, TopicFile> files_;
  size_t buffered_ = 0;
  bool new_files_ = false;
};

}  // namespace

StatusOr<std::unique_ptr<Sink>> CreateSink(std::string_view spec, AckCallback ack,
                                           const KafkaOptions& kafka, const HttpOptions& http) {
  if (spec == "stdout") return std::make_unique<StdoutSink>(std::move(ack));
  if (spec == "http" || spec.starts_with("http:") || spec.starts_with("https:")) {
    return http::CreateHttpSink(spec, std::move(ack), http);
  }
  if (spec == "kafka" || (spec.starts_with("kafka:") && spec.size() > 6)) {
    KafkaProperties properties = kafka.properties;
    if (spec.size() > 6) properties.emplace_back("bootstrap.servers", spec.substr(6));
    return kafka::CreateKafkaSink(properties, std::move(ack), kafka.topic_rules);
  }
  if (spec.starts_with("file:") && spec.size() > 5) {
    auto sink = std::make_unique<FileSink>(std::string(spec.substr(5)), std::move(ack));
    ROWCAST_RETURN_IF_ERROR(sink->Open());
    return sink;
  }
  return std::unexpected(InvalidArgumentError(
      fmt::format("--sink '{}' is not a sink rowcast knows; use 'stdout', 'file:DIR', 'kafka', "
                  "'kafka:HOST:PORT' or 'http:URL'",
                  spec)));
}

}  // namespace rowcast::sinks
