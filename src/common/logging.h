// Logging setup: one spdlog logger writing to stderr, so stdout stays free for records.
#pragma once

#include <string_view>

#include <spdlog/spdlog.h>

namespace rowcast {

// level: trace, debug, info, warn, error. Unknown names fall back to info.
void InitLogging(std::string_view level);

}  // namespace rowcast
