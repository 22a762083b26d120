#include "mysql/server_check.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include <fmt/format.h>

namespace rowcast::mysql {
namespace {

std::string Upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
  return s;
}

StatusOr<std::string> Variable(Connection& conn, std::string_view name) {
  ROWCAST_ASSIGN_OR_RETURN(std::optional<std::string> v,
                           conn.QueryValue(fmt::format("SELECT @@GLOBAL.{}", name)));
  return v.value_or("");
}

uint64_t ToU64(const std::optional<std::string>& s) {
  uint64_t v = 0;
  if (s) std::from_chars(s->data(), s->data() + s->size(), v);
  return v;
}

}  // namespace

StatusOr<ServerInfo> InspectServer(Connection& conn) {
  ServerInfo info;
  info.mariadb = conn.is_mariadb();
  info.version = conn.server_version();
  ROWCAST_ASSIGN_OR_RETURN(std::string server_id, Variable(conn, "server_id"));
  info.server_id = static_cast<uint32_t>(ToU64(server_id));
  auto log_bin = Variable(conn, "log_bin");
  if (!log_bin.has_value()) return std::unexpected(log_bin.error());
  info.log_bin = *log_bin == "1" || Upper(*log_bin) == "ON";
  ROWCAST_ASSIGN_OR_RETURN(info.binlog_format, Variable(conn, "binlog_format"));
  ROWCAST_ASSIGN_OR_RETURN(info.binlog_row_image, Variable(conn, "binlog_row_image"));
  ROWCAST_ASSIGN_OR_RETURN(info.binlog_checksum, Variable(conn, "binlog_checksum"));
  if (auto v = Variable(conn, "binlog_row_metadata"); v.has_value()) info.binlog_row_metadata = *v;
  if (info.mariadb) {
    ROWCAST_ASSIGN_OR_RETURN(info.gtid_binlog_pos, Variable(conn, "gtid_binlog_pos"));
  } else {
    ROWCAST_ASSIGN_OR_RETURN(info.gtid_mode, Variable(conn, "gtid_mode"));
    ROWCAST_ASSIGN_OR_RETURN(info.gtid_executed, Variable(conn, "gtid_executed"));
    ROWCAST_ASSIGN_OR_RETURN(info.gtid_purged, Variable(conn, "gtid_purged"));
  }
  if (!info.log_bin) return info;
  auto logs = conn.Query("SHOW BINARY LOGS");
  if (!logs.has_value()) {
    if (logs.error().code() == StatusCode::kPermissionDenied) {
      return std::unexpected(PermissionDeniedError(fmt::format(
          "user '{}' may not list binary logs: {}. Grant it with: GRANT REPLICATION CLIENT ON *.* "
          "TO '{}' (MariaDB 10.5+: BINLOG MONITOR)",
          conn.options().user, logs.error().message(), conn.options().user)));
    }
    return std::unexpected(logs.error());
  }
  for (size_t i = 0; i < logs->rows.size(); ++i) {
    info.binlogs.push_back(
        BinlogFile{logs->Get(i, "Log_name").value_or(""), ToU64(logs->Get(i, "File_size"))});
  }
  auto status = conn.Query(info.mariadb ? "SHOW MASTER STATUS" : "SHOW MASTER STATUS");
  if (!status.has_value() && !info.mariadb) status = conn.Query("SHOW BINARY LOG STATUS");  // 8.4+
  if (!status.has_value()) return std::unexpected(status.error());
  if (!status->rows.empty()) {
    info.current_file = status->Get(0, "File").value_or("");
    info.current_position = ToU64(status->Get(0, "Position"));
  }
  return info;
}

Status CheckPrivileges(Connection& conn) {
  const std::string where = fmt::format("{}:{}", conn.options().host, conn.options().port);
  // Privileges, from the grants of the account as the server sees it.
  ROWCAST_ASSIGN_OR_RETURN_STATUS(ResultSet grants, conn.Query("SHOW GRANTS FOR CURRENT_USER()"));
  bool all = false, repl_slave = false, repl_client = false;
  for (const auto& row : grants.rows) {
    if (row.empty() || !row[0]) continue;
    const std::string g = Upper(*row[0]);
    if (g.find(" ON *.* ") == std::string::npos) continue;
    if (g.find("ALL PRIVILEGES") != std::string::npos) all = true;
    if (g.find("REPLICATION SLAVE") != std::string::npos ||
        g.find("REPLICATION REPLICA") != std::string::npos)
      repl_slave = true;
    if (g.find("REPLICATION CLIENT") != std::string::npos ||
        g.find("BINLOG MONITOR") != std::string::npos || g.find("SUPER") != std::string::npos) {
      repl_client = true;
    }
  }
  std::vector<std::string> missing;
  if (!all && !repl_slave) missing.emplace_back("REPLICATION SLAVE");
  if (!all && !repl_client)
    missing.emplace_back(conn.is_mariadb() ? "BINLOG MONITOR" : "REPLICATION CLIENT");
  if (!missing.empty()) {
    const std::string list = fmt::format("{}", fmt::join(missing, ", "));
    return PermissionDeniedError(fmt::format(
        "user '{}' lacks {} on {}; rowcast reads the binlog as a replica. Grant it with: GRANT {} "
        "ON *.* TO '{}'@'<host>'",
        conn.options().user, list, where, list, conn.options().user));
  }

  return OkStatus();
}

Status CheckServerForCdc(Connection& conn, const ServerInfo& info, uint32_t our_server_id,
                         const std::string& report_host) {
  const std::string where = fmt::format("{}:{}", conn.options().host, conn.options().port);
  if (!info.log_bin) {
    return FailedPreconditionError(fmt::format(
        "the binary log of {} is off (log_bin=OFF): rowcast reads row changes from it. Start the "
        "server with --log-bin --binlog-format=ROW --binlog-row-image=FULL",
        where));
  }
  if (Upper(info.binlog_format) != "ROW") {
    return FailedPreconditionError(fmt::format(
        "{} logs changes as binlog_format={}; rowcast needs binlog_format=ROW to see row changes. "
        "Run SET GLOBAL binlog_format=ROW and set binlog_format=ROW in the server configuration "
        "(sessions already open keep their format until they reconnect)",
        where, info.binlog_format));
  }
  if (Upper(info.binlog_row_image) != "FULL") {
    return FailedPreconditionError(fmt::format(
        "{} has binlog_row_image={}; rowcast needs FULL so that every event carries whole rows. "
        "Run SET GLOBAL binlog_row_image=FULL and set it in the server configuration",
        where, info.binlog_row_image));
  }
  if (our_server_id == 0) {
    return InvalidArgumentError(
        "database.server.id must not be 0: the server treats replica id 0 specially");
  }
  if (our_server_id == info.server_id) {
    return InvalidArgumentError(fmt::format(
        "database.server.id={} is the server_id of {} itself; choose an id that no server or "
        "replica in the topology uses",
        our_server_id, where));
  }

  // Another replica with our id would make the server drop one of us, over and over.
  auto hosts = conn.Query("SHOW SLAVE HOSTS");
  if (hosts.has_value()) {
    for (size_t i = 0; i < hosts->rows.size(); ++i) {
      if (ToU64(hosts->Get(i, "Server_id")) != our_server_id) continue;
      const std::string host = hosts->Get(i, "Host").value_or("");
      if (host == report_host) continue;  // our own previous run; the server replaces it
      return FailedPreconditionError(fmt::format(
          "database.server.id={} is already used by another replica of {} (registered as '{}'); "
          "give each connector its own database.server.id",
          our_server_id, where, host));
    }
  }
  return OkStatus();
}

}  // namespace rowcast::mysql
