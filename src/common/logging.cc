#include "common/logging.h"

#include <spdlog/sinks/stdout_color_sinks.h>

namespace rowcast {

void InitLogging(std::string_view level) {
  auto logger = spdlog::stderr_color_mt("rowcast");
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%-5l%$ %v");
  logger->set_level(spdlog::level::from_str(std::string(level)));
  spdlog::set_default_logger(logger);
}

}  // namespace rowcast
