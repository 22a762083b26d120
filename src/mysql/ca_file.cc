#include "mysql/ca_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <mutex>

#include <fmt/format.h>

namespace rowcast::mysql {
namespace {

struct Files {
  std::mutex mu;
  std::string dir;                                             // empty until first use
  std::map<std::string, std::string, std::less<>> by_content;  // PEM -> path
  int next = 1;
  bool cleanup_registered = false;
};

// Never destroyed: the exit handler below still needs it after static destructors ran.
Files& State() {
  static Files* files = new Files();
  return *files;
}

void RemoveFiles() {
  Files& f = State();
  // A thread still writing a file as the process exits keeps its file; never block exit on it.
  std::unique_lock lock(f.mu, std::try_to_lock);
  if (!lock.owns_lock()) return;
  for (const auto& [pem, path] : f.by_content) ::unlink(path.c_str());
  if (!f.dir.empty()) ::rmdir(f.dir.c_str());
}

Status WriteFile(const std::string& path, std::string_view bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    return FailedPreconditionError(fmt::format("cannot write {}: {}", path, std::strerror(errno)));
  }
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int err = n < 0 ? errno : EIO;
      ::close(fd);
      ::unlink(path.c_str());
      return FailedPreconditionError(fmt::format("cannot write {}: {}", path, std::strerror(err)));
    }
    done += static_cast<size_t>(n);
  }
  if (::close(fd) != 0) {
    const int err = errno;
    ::unlink(path.c_str());
    return FailedPreconditionError(fmt::format("cannot write {}: {}", path, std::strerror(err)));
  }
  return OkStatus();
}

}  // namespace

StatusOr<std::string> PrivatePemFile(std::string_view pem) {
  Files& f = State();
  std::lock_guard lock(f.mu);
  auto it = f.by_content.find(pem);
  if (it != f.by_content.end() && ::access(it->second.c_str(), R_OK) == 0) return it->second;
  if (f.dir.empty() || ::access(f.dir.c_str(), W_OK | X_OK) != 0) {
    const char* tmpdir = std::getenv("TMPDIR");
    std::string dir =
        fmt::format("{}/rowcast-ca-XXXXXX", tmpdir != nullptr && *tmpdir != '\0' ? tmpdir : "/tmp");
    if (::mkdtemp(dir.data()) == nullptr) {  // mode 0700
      return std::unexpected(FailedPreconditionError(fmt::format(
          "cannot create a private directory {} for the CA certificates of the truststore: {}; "
          "set TMPDIR to a writable directory",
          dir, std::strerror(errno))));
    }
    f.dir = std::move(dir);
    if (!f.cleanup_registered) f.cleanup_registered = std::atexit(RemoveFiles) == 0;
  }
  std::string path = fmt::format("{}/ca-{}.pem", f.dir, f.next++);
  if (Status s = WriteFile(path, pem); !s.ok()) {
    return std::unexpected(
        s.WithContext("writing the CA certificates of the truststore for Connector/C"));
  }
  if (it != f.by_content.end()) {
    ::unlink(it->second.c_str());
    it->second = path;
  } else {
    f.by_content.emplace(std::string(pem), path);
  }
  return path;
}

}  // namespace rowcast::mysql
