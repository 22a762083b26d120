// What rowcast asks of a server before it streams: binary log on, ROW format, FULL row image,
// the replication privileges, a server id nobody else uses. Each failure says what to change.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "mysql/connection.h"

namespace rowcast::mysql {

struct BinlogFile {
  std::string name;
  uint64_t size = 0;
};

struct ServerInfo {
  bool mariadb = false;
  std::string version;
  uint32_t server_id = 0;
  bool log_bin = false;
  std::string binlog_format;
  std::string binlog_row_image;
  std::string binlog_row_metadata;  // empty when the server has no such variable
  std::string binlog_checksum;      // "CRC32" or "NONE"
  std::string gtid_binlog_pos;      // MariaDB: last GTID per domain in the binlog
  std::string gtid_mode;            // MySQL
  std::string gtid_executed;        // MySQL
  std::string gtid_purged;          // MySQL
  std::vector<BinlogFile> binlogs;  // SHOW BINARY LOGS, oldest first
  std::string current_file;         // SHOW MASTER STATUS
  uint64_t current_position = 0;
};

// Checks that the account may read the binlog (REPLICATION SLAVE and REPLICATION CLIENT /
// BINLOG MONITOR); the message says which GRANT is missing.
[[nodiscard]] Status CheckPrivileges(Connection& conn);

// Reads the server variables and binlog coordinates rowcast needs.
[[nodiscard]] StatusOr<ServerInfo> InspectServer(Connection& conn);

// Checks the server and the account for change data capture. `report_host` is how this
// connector registers itself, so a stale registration of its own previous run is not mistaken
// for another replica.
[[nodiscard]] Status CheckServerForCdc(Connection& conn, const ServerInfo& info,
                                       uint32_t our_server_id, const std::string& report_host);

}  // namespace rowcast::mysql
