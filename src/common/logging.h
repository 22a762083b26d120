// Logging setup: one spdlog logger writing to stderr, so stdout stays free for records.
#pragma once

#include <string>
#include <string_view>

#include <spdlog/spdlog.h>

namespace rowcast {

// level: trace, debug, info, warn, error. Unknown names fall back to info.
void InitLogging(std::string_view level);

// Names what the current thread works for (a connector of `rowcast connect`): while a
// LogContext lives, log lines from its thread start with "[name] ". Threads a task starts take
// the context of the thread that starts them (CurrentLogContext()).
class LogContext {
 public:
  explicit LogContext(std::string name);
  ~LogContext();
  LogContext(const LogContext&) = delete;
  LogContext& operator=(const LogContext&) = delete;

 private:
  std::string previous_;
};
const std::string& CurrentLogContext();

}  // namespace rowcast
