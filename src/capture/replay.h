// Offline replay: decodes binlog (or relay log) files into the same records `rowcast run` would
// produce for them, with the connector's filters and handling modes. For people who inspect
// binlogs, and for golden tests and benchmarks.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "config/connector_config.h"

namespace rowcast::capture {

struct ReplayOptions {
  std::vector<std::string> files;  // in order; transactions never span files
  config::ConnectorSettings settings;
  std::string sink = "stdout";
  // Like mysqlbinlog: the start position applies to the first file, the stop position to the
  // last; rows events outside [start, stop) are not emitted. Datetimes are epoch seconds (UTC)
  // compared with the event time: [start, stop).
  std::optional<uint64_t> start_position, stop_position;
  std::optional<int64_t> start_datetime, stop_datetime;
  // SQL files with the schemas of tables created before the binlog files (mysqldump
  // --no-data, SHOW CREATE TABLE output): applied in order before the first event, so that
  // files written with binlog_row_metadata=MINIMAL get column names, keys and labels.
  std::vector<std::string> schema_files;
};

struct ReplayStats {
  uint64_t events = 0;
  uint64_t records = 0;
  uint64_t bytes = 0;
};

[[nodiscard]] StatusOr<ReplayStats> Replay(const ReplayOptions& options);

// The settings replay uses when no connector config is given, and the way a connector config
// is read for replay: connection properties are not needed and filled in when absent.
[[nodiscard]] StatusOr<config::ConnectorSettings> ReplaySettings(const std::string& config_json);

// "2024-01-02 03:04:05" or "2024-01-02T03:04:05" (UTC) -> epoch seconds.
[[nodiscard]] StatusOr<int64_t> ParseDatetime(std::string_view text);

}  // namespace rowcast::capture
