#include "common/logging.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>

#include <memory>
#include <utility>

namespace rowcast {
namespace {

thread_local std::string context;

// %* in the pattern: "[name] " when the thread has a context, nothing otherwise.
class ContextFlag final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg&, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    if (context.empty()) return;
    dest.push_back('[');
    dest.append(context.data(), context.data() + context.size());
    dest.push_back(']');
    dest.push_back(' ');
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<ContextFlag>();
  }
};

}  // namespace

void InitLogging(std::string_view level) {
  auto logger = spdlog::stderr_color_mt("rowcast");
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  formatter->add_flag<ContextFlag>('*').set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%-5l%$ %*%v");
  logger->set_formatter(std::move(formatter));
  logger->set_level(spdlog::level::from_str(std::string(level)));
  spdlog::set_default_logger(logger);
}

LogContext::LogContext(std::string name) : previous_(std::exchange(context, std::move(name))) {}

LogContext::~LogContext() { context = std::move(previous_); }

const std::string& CurrentLogContext() { return context; }

}  // namespace rowcast
