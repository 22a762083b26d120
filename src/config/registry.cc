#include "config/registry.h"
#include "common/text.h"

#include <algorithm>
#include <cctype>
#include <unordered_map>
#include <utility>

namespace rowcast::config {
namespace {

constexpr int64_t kIntMax = std::numeric_limits<int32_t>::max();

// Notes shared by several properties; properties with the same note warn together.
constexpr std::string_view kNoteSnapshot = "this snapshot option is not implemented in rowcast yet";
constexpr std::string_view kNoteStreamedRows =
    "rowcast always streams snapshot rows from the server as they arrive (mysql_use_result), "
    "so no result set is held in memory whatever its size";
constexpr std::string_view kNoteTableThreads =
    "rowcast's snapshot threads each read whole tables, in primary-key chunks";
constexpr std::string_view kNoteSignals =
    "this signal channel or incremental snapshot option is not implemented in rowcast yet";
constexpr std::string_view kNoteWatermarks =
    "rowcast never writes watermarks to the database: each chunk's high watermark is the "
    "binlog position MariaDB reports for the chunk's consistent-snapshot transaction, which is "
    "exact, so incremental snapshots are always read-only";
constexpr std::string_view kNoteHistory =
    "rowcast reads the history topic back to its end offsets once at start (30 s limit) and "
    "writes each record synchronously, so this tuning has nothing to act on";
constexpr std::string_view kNoteHistoryExtras =
    "this schema history option is not implemented in rowcast yet";
constexpr std::string_view kNoteJdbc =
    "rowcast does not use JDBC (it connects with MariaDB Connector/C), so JDBC driver settings "
    "have no effect";
constexpr std::string_view kNoteSmt =
    "Kafka Connect single message transforms and predicates are Java plugins that rowcast does "
    "not run, so events are written untransformed";
constexpr std::string_view kNoteTopics =
    "rowcast names topics the default Debezium way (<topic.prefix>.<db>.<table>) and cannot "
    "change that yet";
constexpr std::string_view kNoteTransactions =
    "rowcast does not emit transaction metadata events yet";
constexpr std::string_view kNoteMetrics =
    "rowcast exposes no JMX, metrics tags, notifications or lineage yet";
constexpr std::string_view kNoteTypeExtras =
    "custom converters, source type propagation and name adjustment are not implemented in "
    "rowcast yet";
constexpr std::string_view kNoteFailureModes =
    "rowcast stops on any event it cannot process rather than skipping it, and cannot be "
    "configured otherwise yet";
constexpr std::string_view kNoteQueue =
    "rowcast has no Kafka Connect poll loop (the reader hands events to the pipeline as they "
    "arrive, and the queue is bounded by max.queue.size and max.queue.size.in.bytes)";
constexpr std::string_view kNoteConnectErrors =
    "Kafka Connect's error tolerance and dead letter queues apply to converters and "
    "transforms, which rowcast does not run; rowcast never drops an event";
constexpr std::string_view kNoteStreamingExtras =
    "this streaming option is not implemented in rowcast yet";

std::vector<Property> MakeTable() {
  using enum PropertyType;
  using enum SupportLevel;
  using enum Group;
  return {
      // Connector identity and Kafka Connect.
      {.name = "name",
       .type = kString,
       .group = kConnector,
       .doc = "The connector name, as given to Kafka Connect. It names the connector in logs, "
              "the REST API and metrics; Kafka Connect also puts it inside the config map, "
              "where it must equal the outer name."},
      {.name = "connector.class",
       .type = kClass,
       .default_value = "io.debezium.connector.mysql.MySqlConnector",
       .group = kConnector,
       .doc = "The Debezium connector class; rowcast uses it only to pick the server flavour. "
              "`io.debezium.connector.mariadb.MariaDbConnector` selects MariaDB (GTIDs in "
              "domain-server-sequence form, MariaDB TLS mode names); anything else selects "
              "MySQL."},
      {.name = "connector.adapter",
       .type = kEnum,
       .default_value = "mysql",
       .allowed = {"mysql", "mariadb"},
       .group = kConnector,
       .doc = "Debezium 2.5 and 2.6 captured MariaDB through the MySQL connector class with "
              "`connector.adapter=mariadb`; rowcast honours it as the MariaDB flavour so such "
              "configurations keep working."},
      {.name = "tasks.max",
       .type = kInt,
       .default_value = "1",
       .min = 1,
       .max = kIntMax,
       .group = kConnector,
       .support = kAccepted,
       .doc = "Maximum number of Kafka Connect tasks.",
       .note = "a MySQL or MariaDB connector is always one task, because the binlog is one "
               "ordered stream (Debezium ignores larger values too)"},
      {.name = "topic.prefix",
       .aliases = {{.name = "database.server.name"}},
       .type = kString,
       .required = true,
       .value_pattern = "[A-Za-z0-9._-]+",
       .value_pattern_help = "letters, digits, '.', '_' and '-'",
       .group = kConnector,
       .doc = "The logical name of the captured server, which prefixes every topic "
              "(`<topic.prefix>.<db>.<table>`) and keys the stored offsets (`{\"server\": "
              "<topic.prefix>}`). Never change it once the connector has run: the offsets and "
              "topics are found through it. Debezium 1.x called it `database.server.name`."},

      // Connection.
      {.name = "database.hostname",
       .type = kString,
       .required = true,
       .group = kConnection,
       .doc = "Host name or IP address of the MySQL or MariaDB server to capture."},
      {.name = "database.port",
       .type = kInt,
       .default_value = "3306",
       .min = 1,
       .max = 65535,
       .group = kConnection,
       .doc = "TCP port of the server."},
      {.name = "database.user",
       .type = kString,
       .required = true,
       .group = kConnection,
       .doc = "The account rowcast connects as. It needs REPLICATION SLAVE and REPLICATION "
              "CLIENT, plus SELECT on the captured tables."},
      {.name = "database.password",
       .type = kPassword,
       .group = kConnection,
       .doc = "Password of `database.user`. Never shown in messages, logs or the REST API."},
      {.name = "database.server.id",
       .type = kLong,
       .required = true,
       .min = 1,
       .max = 4294967295,
       .group = kConnection,
       .doc = "The replica server id rowcast registers with when it reads the binlog. It must "
              "differ from the server's own id and from every other replica and connector "
              "reading the same server, or the server disconnects one of them."},
      {.name = "database.server.id.offset",
       .type = kLong,
       .default_value = "10000",
       .min = 0,
       .max = 4294967295,
       .group = kConnection,
       .support = kAccepted,
       .doc = "Added to `database.server.id` for the extra binlog readers Debezium opens "
              "during some snapshots.",
       .note = "rowcast opens only one binlog connection per connector"},
      {.name = "connect.timeout.ms",
       .type = kLong,
       .default_value = "30000",
       .min = 1,
       .max = kIntMax,
       .group = kConnection,
       .doc = "How long to wait for a connection to the server, in milliseconds."},
      {.name = "rowcast.reconnect.backoff.max.ms",
       .type = kLong,
       .default_value = "30000",
       .min = 0,
       .max = kIntMax,
       .group = kConnection,
       .extension = true,
       .doc = "Longest wait between reconnection attempts after the server connection is "
              "lost, in milliseconds. rowcast retries without limit, doubling the wait from a "
              "short start up to this value."},
      {.name = "connect.keep.alive",
       .type = kBool,
       .default_value = "true",
       .group = kConnection,
       .support = kAccepted,
       .doc = "Whether Debezium runs a keep-alive thread that reconnects a lost binlog "
              "connection.",
       .note = "rowcast always reconnects (see `rowcast.reconnect.backoff.max.ms`) and detects "
               "a silent connection through the replication heartbeat "
               "(`rowcast.binlog.heartbeat.interval.ms`)"},
      {.name = "connect.keep.alive.interval.ms",
       .type = kLong,
       .default_value = "60000",
       .min = 1,
       .group = kConnection,
       .support = kAccepted,
       .doc = "How often Debezium's keep-alive thread checks the binlog connection.",
       .note = "rowcast always reconnects (see `rowcast.reconnect.backoff.max.ms`) and detects "
               "a silent connection through the replication heartbeat "
               "(`rowcast.binlog.heartbeat.interval.ms`)"},
      {.name = "database.ssl.mode",
       .type = kEnum,
       .default_value = "preferred",
       .allowed = {"disabled", "preferred", "required", "verify_ca", "verify_identity"},
       .value_aliases = {{.from = "disable", .to = "disabled"},
                         {.from = "trust", .to = "required"},
                         {.from = "verify-ca", .to = "verify_ca"},
                         {.from = "verify-full", .to = "verify_identity"}},
       .group = kConnection,
       .doc = "Whether to use TLS. `disabled`: never. `preferred`: when the server offers it. "
              "`required`: always, without checking the server certificate. `verify_ca`: "
              "always, and the certificate must be signed by `database.ssl.ca`. "
              "`verify_identity`: as `verify_ca`, and the certificate must name the host. The "
              "MariaDB connector's names are accepted too: `disable`, `trust`, `verify-ca`, "
              "`verify-full`. The default is `preferred` for both flavours (the Debezium "
              "MariaDB connector defaults to `disable`)."},
      {.name = "database.ssl.ca",
       .type = kString,
       .group = kConnection,
       .extension = true,
       .doc = "PEM file with the CA certificates that sign the server certificate, for "
              "`verify_ca` and `verify_identity`. A rowcast extension: Connector/C reads PEM "
              "files, not Java keystores, so it replaces `database.ssl.truststore`."},
      {.name = "database.ssl.cert",
       .type = kString,
       .group = kConnection,
       .extension = true,
       .doc = "PEM file with the client certificate, when the server requires one. A rowcast "
              "extension that replaces the certificate in `database.ssl.keystore`."},
      {.name = "database.ssl.key",
       .type = kString,
       .group = kConnection,
       .extension = true,
       .doc = "PEM file with the private key of `database.ssl.cert`. A rowcast extension that "
              "replaces the key in `database.ssl.keystore`."},
      {.name = "database.ssl.truststore",
       .type = kString,
       .group = kConnection,
       .doc = "Java truststore with the CA certificates that sign the server certificate, for "
              "`verify_ca` and `verify_identity`. rowcast reads JKS and PKCS12 truststores "
              "itself (the format is taken from the file, as Java's keystore.type.compat does; "
              "a PEM file works too) and hands their trusted certificates to Connector/C, "
              "which reads PEM only, as a private temporary file; so Debezium configurations "
              "run unchanged. `database.ssl.ca` wins when both are set. The other modes do not "
              "verify the server and do not use it."},
      {.name = "database.ssl.truststore.password",
       .type = kPassword,
       .group = kConnection,
       .doc = "Password of `database.ssl.truststore`. It opens a PKCS12 truststore and checks "
              "the integrity of a JKS one (without it, a JKS truststore is read unchecked, as "
              "Java does)."},
      {.name = "database.ssl.keystore",
       .type = kString,
       .group = kConnection,
       .support = kNotYet,
       .doc = "Java keystore with the client certificate and key.",
       .note = "rowcast cannot read Java keystores; use `database.ssl.cert` and "
               "`database.ssl.key` with PEM files",
       .warning = "{name} is a Java keystore, which rowcast cannot read; convert it "
                  "(keytool -importkeystore -srckeystore {value} -destkeystore client.p12 "
                  "-deststoretype PKCS12, then openssl pkcs12 -in client.p12 -nokeys -out "
                  "client-cert.pem and openssl pkcs12 -in client.p12 -nocerts -nodes -out "
                  "client-key.pem) and set database.ssl.cert and database.ssl.key"},
      {.name = "database.ssl.keystore.password",
       .type = kPassword,
       .group = kConnection,
       .support = kNotYet,
       .doc = "Password of `database.ssl.keystore`.",
       .note = "rowcast cannot read Java keystores; use unencrypted PEM files",
       .warning = "{name} is not needed: rowcast reads the client certificate and key from the "
                  "PEM files in database.ssl.cert and database.ssl.key"},
      {.name = "database.jdbc.driver",
       .type = kClass,
       .default_value = "com.mysql.cj.jdbc.Driver",
       .group = kConnection,
       .support = kAccepted,
       .doc = "JDBC driver class Debezium uses for queries.",
       .note = kNoteJdbc},
      {.name = "database.protocol",
       .type = kString,
       .default_value = "jdbc:mysql",
       .group = kConnection,
       .support = kAccepted,
       .doc = "JDBC URL protocol Debezium uses for queries.",
       .note = kNoteJdbc},
      {.name = "driver.*",
       .type = kString,
       .group = kConnection,
       .support = kAccepted,
       .doc = "Properties passed through to the JDBC driver (Debezium 1.x passed "
              "`database.<property>` through instead).",
       .note = kNoteJdbc,
       .warn_when_set = true},
      {.name = "database.initial.statements",
       .type = kString,
       .group = kConnection,
       .support = kNotYet,
       .doc = "Semicolon-separated SQL statements run when a query connection (not the binlog "
              "connection) is opened.",
       .note = "rowcast does not run initial statements yet"},
      {.name = "database.query.timeout.ms",
       .type = kLong,
       .default_value = "600000",
       .min = 0,
       .group = kConnection,
       .support = kNotYet,
       .doc = "Timeout of queries on the query connection, in milliseconds.",
       .note = "rowcast does not apply query timeouts yet"},
      {.name = "binlog.net.read.timeout",
       .type = kLong,
       .default_value = "0",
       .min = 0,
       .group = kConnection,
       .support = kNotYet,
       .doc = "Session `net_read_timeout` of the binlog connection, in seconds; 0 keeps the "
              "server's.",
       .note = "rowcast keeps the server's network timeouts for now"},
      {.name = "binlog.net.write.timeout",
       .type = kLong,
       .default_value = "0",
       .min = 0,
       .group = kConnection,
       .support = kNotYet,
       .doc = "Session `net_write_timeout` of the binlog connection, in seconds; 0 keeps the "
              "server's.",
       .note = "rowcast keeps the server's network timeouts for now"},
      {.name = "use.nongraceful.disconnect",
       .type = kBool,
       .default_value = "false",
       .group = kConnection,
       .support = kAccepted,
       .doc = "Closes the binlog socket with SO_LINGER=0.",
       .note = "it works around a deadlock when Java closes an SSL socket; rowcast does not "
               "use Java sockets"},

      // Filters.
      {.name = "database.include.list",
       .aliases = {{.name = "database.whitelist"}},
       .type = kList,
       .regex_items = true,
       .group = kFilters,
       .doc = "Regular expressions for the databases to capture; a database is captured when "
              "one matches its whole name. Empty: every database. Cannot be combined with "
              "`database.exclude.list`."},
      {.name = "database.exclude.list",
       .aliases = {{.name = "database.blacklist"}},
       .type = kList,
       .regex_items = true,
       .group = kFilters,
       .doc = "Regular expressions for databases not to capture, matched against the whole "
              "name. Cannot be combined with `database.include.list`."},
      {.name = "table.include.list",
       .aliases = {{.name = "table.whitelist"}},
       .type = kList,
       .regex_items = true,
       .group = kFilters,
       .doc = "Regular expressions for the tables to capture, matched against the whole "
              "`db.table` name. Empty: every table of the captured databases. Cannot be "
              "combined with `table.exclude.list`."},
      {.name = "table.exclude.list",
       .aliases = {{.name = "table.blacklist"}},
       .type = kList,
       .regex_items = true,
       .group = kFilters,
       .doc = "Regular expressions for tables not to capture, matched against the whole "
              "`db.table` name. Cannot be combined with `table.include.list`."},
      {.name = "column.include.list",
       .aliases = {{.name = "column.whitelist"}},
       .type = kList,
       .regex_items = true,
       .group = kFilters,
       .doc = "Regular expressions for the columns to include in events, matched against the "
              "whole `db.table.column` name. Empty: all columns. Cannot be combined with "
              "`column.exclude.list`."},
      {.name = "column.exclude.list",
       .aliases = {{.name = "column.blacklist"}},
       .type = kList,
       .regex_items = true,
       .group = kFilters,
       .doc = "Regular expressions for columns to leave out of events, matched against the "
              "whole `db.table.column` name. Cannot be combined with `column.include.list`."},
      {.name = "table.ignore.builtin",
       .type = kBool,
       .default_value = "true",
       .group = kFilters,
       .doc = "Skip the system databases `mysql`, `sys`, `performance_schema` and "
              "`information_schema` even when the filters would capture them."},
      {.name = "skipped.operations",
       .type = kList,
       .default_value = "t",
       .allowed = {"c", "u", "d", "t", "none"},
       .group = kFilters,
       .doc = "Operations not to emit: any of `c` (insert), `u` (update), `d` (delete), `t` "
              "(truncate), or `none` to emit all. Debezium 2.0 changed the default from "
              "`none` to `t`."},
      {.name = "skip.messages.without.change",
       .type = kBool,
       .default_value = "false",
       .group = kFilters,
       .support = kNotYet,
       .doc = "Suppress updates that change only excluded columns.",
       .note = "rowcast emits every update for now"},
      {.name = "gtid.source.includes",
       .type = kList,
       .regex_items = true,
       .group = kFilters,
       .support = kNotYet,
       .doc = "Regular expressions for the GTID source ids (MySQL server UUIDs, MariaDB domain "
              "ids) to keep when computing the GTID set to resume from. Cannot be combined "
              "with `gtid.source.excludes`.",
       .note = "rowcast resumes from the whole GTID position for now; filtering GTID sources comes "
               "with failover support"},
      {.name = "gtid.source.excludes",
       .type = kList,
       .regex_items = true,
       .group = kFilters,
       .support = kNotYet,
       .doc = "Regular expressions for GTID source ids to leave out of the GTID set to resume "
              "from. Cannot be combined with `gtid.source.includes`.",
       .note = "rowcast resumes from the whole GTID position for now; filtering GTID sources comes "
               "with failover support"},
      {.name = "gtid.source.filter.dml.events",
       .type = kBool,
       .default_value = "true",
       .group = kFilters,
       .support = kNotYet,
       .doc = "Drop row events whose GTID source is filtered out by `gtid.source.includes` or "
              "`gtid.source.excludes`.",
       .note = "rowcast resumes from the whole GTID position for now; filtering GTID sources comes "
               "with failover support"},
      {.name = "gtid.ignore.on.recovery",
       .type = kBool,
       .default_value = "false",
       .group = kFilters,
       .support = kNotYet,
       .doc = "Resume by binlog file and position instead of by GTID set.",
       .note = "rowcast always resumes by GTID set when the offset has one"},

      // Column transforms.
      {.name = "column.truncate.to.<N>.chars",
       .type = kList,
       .regex_items = true,
       .group = kColumns,
       .doc = "Regular expressions for `db.table.column` names of character columns whose "
              "values are cut to at most N characters (N at least 1)."},
      {.name = "column.mask.with.<N>.chars",
       .type = kList,
       .regex_items = true,
       .group = kColumns,
       .doc = "Regular expressions for `db.table.column` names of character columns whose "
              "values are replaced by N asterisks (N=0: an empty string)."},
      {.name = "column.mask.hash.v2.<ALGO>.with.salt.<SALT>",
       .type = kList,
       .regex_items = true,
       .group = kColumns,
       .support = kNotYet,
       .doc = "Regular expressions for columns whose values are replaced by a salted hash "
              "(Java MessageDigest algorithm ALGO); v2 hashes are stable across systems.",
       .note = "column hashing is not implemented in rowcast yet"},
      {.name = "column.mask.hash.<ALGO>.with.salt.<SALT>",
       .type = kList,
       .regex_items = true,
       .group = kColumns,
       .support = kNotYet,
       .doc = "Regular expressions for columns whose values are replaced by a salted hash "
              "(Java MessageDigest algorithm ALGO), shortened to the column length.",
       .note = "column hashing is not implemented in rowcast yet"},
      {
          .name = "message.key.columns",
          .type = kString,
          .group = kColumns,
          .doc = "Custom message keys: `<db.table regex>:<col>,<col>;...`. The listed columns, in "
                 "this order, replace the primary key as the record key (and thus the partition) "
                 "of the matching tables, and give keys to tables without a primary key. Columns "
                 "that a table lacks are left out; when none is left, the primary key is used.",
      },

      // Snapshots.
      {.name = "snapshot.mode",
       .type = kEnum,
       .default_value = "initial",
       .allowed = {"initial", "initial_only", "no_data", "never", "when_needed", "recovery",
                   "always", "configuration_based", "custom"},
       .value_aliases = {{.from = "schema_only", .to = "no_data"},
                         {.from = "schema_only_recovery", .to = "recovery"}},
       .rejected_values = {"configuration_based", "custom"},
       .rejected_reason = "rowcast does not run Java Snapshotter plugins and has no "
                          "configuration-based snapshotter; use initial, initial_only, "
                          "when_needed, always, no_data, never or recovery",
       .group = kSnapshot,
       .doc = "When existing rows are snapshotted. `initial`: rows and schemas on the first "
              "start, then streaming; `initial_only`: the same but stop after the snapshot; "
              "`when_needed`: also snapshot again when the stored position is gone from the "
              "server; `always`: on every start; `no_data` (old `schema_only`): schemas only, "
              "streaming from the current position; `never`: stream from the oldest binary "
              "log; `recovery` (old `schema_only_recovery`): rebuild a lost schema history from "
              "the server's current schemas."},
      {.name = "snapshot.locking.mode",
       .aliases = {{.name = "snapshot.minimal.locks",
                    .values = {{.from = "true", .to = "minimal"},
                               {.from = "false", .to = "extended"}}}},
       .type = kEnum,
       .default_value = "minimal",
       .allowed = {"minimal", "minimal_percona", "minimal_percona_no_table_locks", "extended",
                   "none", "custom"},
       .supported_values = {"minimal", "extended", "none"},
       .group = kSnapshot,
       .doc = "Which locks the initial snapshot takes. `minimal`: the global read lock (FLUSH "
              "TABLES WITH READ LOCK, needs RELOAD) only while the snapshot transactions are "
              "opened and the binlog position and schemas are read; `extended`: held until the "
              "snapshot ends (no writes meanwhile); `none`: no lock (for users without RELOAD): "
              "on MariaDB the position of the snapshot transaction comes from "
              "`binlog_snapshot_file`/`binlog_snapshot_position` and stays exact, but a schema "
              "change while the schemas are read can be missed; on MySQL writes committed while "
              "the snapshot starts can also be missed.",
       .note = "rowcast implements the locking modes minimal, extended and none; Percona's "
               "backup locks and custom locking are not implemented yet"},
      {.name = "snapshot.locking.mode.custom.name",
       .type = kString,
       .group = kSnapshot,
       .support = kNotYet,
       .doc = "Name of the custom SnapshotLock implementation.",
       .note = kNoteSnapshot},
      {.name = "snapshot.lock.timeout.ms",
       .type = kLong,
       .default_value = "10000",
       .min = 0,
       .group = kSnapshot,
       .doc = "How long the snapshot waits for the global read lock, in milliseconds "
              "(lock_wait_timeout, rounded up to seconds)."},
      {.name = "snapshot.query.mode",
       .type = kEnum,
       .default_value = "select_all",
       .allowed = {"select_all", "custom"},
       .group = kSnapshot,
       .support = kNotYet,
       .doc = "How snapshot queries are built.",
       .note = kNoteSnapshot},
      {.name = "snapshot.query.mode.custom.name",
       .type = kString,
       .group = kSnapshot,
       .support = kNotYet,
       .doc = "Name of the custom SnapshotQuery implementation.",
       .note = kNoteSnapshot},
      {.name = "snapshot.mode.custom.name",
       .type = kString,
       .group = kSnapshot,
       .support = kNotYet,
       .doc = "Name of the custom Snapshotter for `snapshot.mode=custom`.",
       .note = kNoteSnapshot},
      {.name = "snapshot.mode.configuration.based.snapshot.data",
       .type = kBool,
       .default_value = "false",
       .group = kSnapshot,
       .support = kNotYet,
       .doc = "With `snapshot.mode=configuration_based`: snapshot the rows.",
       .note = kNoteSnapshot},
      {.name = "snapshot.mode.configuration.based.snapshot.schema",
       .type = kBool,
       .default_value = "false",
       .group = kSnapshot,
       .support = kNotYet,
       .doc = "With `snapshot.mode=configuration_based`: snapshot the schema.",
       .note = kNoteSnapshot},
      {.name = "snapshot.mode.configuration.based.start.stream",
       .type = kBool,
       .default_value = "false",
       .group = kSnapshot,
       .support = kNotYet,
       .doc = "With `snapshot.mode=configuration_based`: stream after the snapshot.",
       .note = kNoteSnapshot},
      {.name = "snapshot.mode.configuration.based.snapshot.on.schema.error",
       .type = kBool,
       .default_value = "false",
       .group = kSnapshot,
       .support = kNotYet,
       .doc = "With `snapshot.mode=configuration_based`: snapshot the schema again when the "
              "schema history is unusable.",
       .note = kNoteSnapshot},
      {.name = "snapshot.mode.configuration.based.snapshot.on.data.error",
       .type = kBool,
       .default_value = "false",
       .group = kSnapshot,
       .support = kNotYet,
       .doc = "With `snapshot.mode=configuration_based`: snapshot the rows again when the "
              "stored binlog position is no longer available.",
       .note = kNoteSnapshot},
      {.name = "snapshot.select.statement.overrides",
       .type = kList,
       .group = kSnapshot,
       .doc = "Tables (`db.table`) whose snapshot uses the SELECT statement given in "
              "`snapshot.select.statement.overrides.<db>.<table>`."},
      {.name = "snapshot.select.statement.overrides.<DB>.<TABLE>",
       .type = kString,
       .group = kSnapshot,
       .doc = "The SELECT statement that snapshots one table (its rows are read in one statement, "
              "without chunks)."},
      {.name = "snapshot.include.collection.list",
       .type = kList,
       .regex_items = true,
       .group = kSnapshot,
       .doc = "Regular expressions for the tables to snapshot, a subset of the captured ones."},
      {.name = "snapshot.fetch.size",
       .type = kInt,
       .min = 0,
       .max = kIntMax,
       .group = kSnapshot,
       .support = kAccepted,
       .doc = "Rows fetched per round trip during a snapshot.",
       .note = kNoteStreamedRows},
      {.name = "min.row.count.to.stream.results",
       .type = kLong,
       .default_value = "1000",
       .min = 0,
       .group = kSnapshot,
       .support = kAccepted,
       .doc = "Tables with more rows than this are snapshotted with a streaming result set.",
       .note = kNoteStreamedRows},
      {.name = "snapshot.max.threads",
       .type = kInt,
       .default_value = "1",
       .min = 1,
       .max = kIntMax,
       .group = kSnapshot,
       .doc = "Connections that read tables in parallel during the initial snapshot (all inside "
              "the same point in time)."},
      {.name = "snapshot.max.threads.multiplier",
       .type = kInt,
       .default_value = "1",
       .min = 1,
       .max = kIntMax,
       .group = kSnapshot,
       .support = kAccepted,
       .doc = "Chunks per snapshot thread when one table is split across threads.",
       .note = kNoteTableThreads},
      {.name = "legacy.snapshot.max.threads",
       .type = kBool,
       .default_value = "false",
       .group = kSnapshot,
       .support = kAccepted,
       .doc = "Use the older one-table-per-thread parallel snapshot.",
       .note = kNoteTableThreads},
      {.name = "snapshot.tables.order.by.row.count",
       .type = kEnum,
       .default_value = "disabled",
       .allowed = {"disabled", "ascending", "descending"},
       .group = kSnapshot,
       .doc = "Snapshot tables in order of their row count."},
      {.name = "snapshot.delay.ms",
       .type = kLong,
       .default_value = "0",
       .min = 0,
       .group = kSnapshot,
       .doc = "Wait before starting a snapshot, in milliseconds."},
      {.name = "rowcast.snapshot.chunk.size",
       .type = kLong,
       .default_value = "100000",
       .min = 1,
       .group = kSnapshot,
       .extension = true,
       .doc = "Rows per primary-key chunk of the initial snapshot. Each completed chunk is "
              "recorded in the offset, so a restart resumes after the last one; a chunk is one "
              "SELECT ... ORDER BY key LIMIT n."},

      // Incremental snapshots and signals.
      {.name = "signal.data.collection",
       .type = kString,
       .group = kSignals,
       .doc = "The signal table (`db.table`, columns `id`, `type`, `data`): a row inserted with "
              "type `execute-snapshot` starts an incremental snapshot, `stop-snapshot` stops it; "
              "rowcast also writes its chunk watermarks there unless `read.only` is set."},
      {.name = "signal.enabled.channels",
       .type = kList,
       .default_value = "source",
       .supported_values = {"source"},
       .group = kSignals,
       .support = kNotYet,
       .doc = "Where signals come from: `source`, `kafka`, `file`, `jmx`.",
       .note = "only the signal table (`source`) channel is implemented in rowcast yet"},
      {.name = "signal.kafka.topic",
       .type = kString,
       .group = kSignals,
       .support = kNotYet,
       .doc = "Topic read by the `kafka` signal channel.",
       .note = kNoteSignals},
      {.name = "signal.file",
       .type = kString,
       .group = kSignals,
       .support = kNotYet,
       .doc = "File read by the `file` signal channel.",
       .note = kNoteSignals},
      {.name = "signal.poll.interval.ms",
       .type = kLong,
       .default_value = "5000",
       .min = 0,
       .group = kSignals,
       .support = kNotYet,
       .doc = "How often the signal channels are polled, in milliseconds.",
       .note = kNoteSignals},
      {.name = "incremental.snapshot.chunk.size",
       .type = kInt,
       .default_value = "1024",
       .min = 1,
       .max = kIntMax,
       .group = kSignals,
       .doc = "Rows per chunk of an incremental snapshot, and of the rest of an initial snapshot "
              "that a restart interrupted."},
      {.name = "incremental.snapshot.watermarking.strategy",
       .type = kEnum,
       .default_value = "insert_insert",
       .allowed = {"insert_insert", "insert_delete"},
       .group = kSignals,
       .support = kAccepted,
       .doc = "How chunk boundaries are marked in the signal table.",
       .note = kNoteWatermarks},
      {.name = "incremental.snapshot.allow.schema.changes",
       .type = kBool,
       .default_value = "false",
       .group = kSignals,
       .support = kNotYet,
       .doc = "Allow schema changes during an incremental snapshot.",
       .note = kNoteSignals},
      {.name = "read.only",
       .type = kBool,
       .default_value = "false",
       .group = kSignals,
       .support = kAccepted,
       .doc = "Incremental snapshots without writing to the database.",
       .note = kNoteWatermarks},

      // Streaming.
      {.name = "rowcast.binlog.heartbeat.interval.ms",
       .type = kLong,
       .default_value = "5000",
       .min = 0,
       .max = 4294967000,
       .group = kStreaming,
       .extension = true,
       .doc = "How often the server sends a replication heartbeat while it has no events, in "
              "milliseconds; 0 turns it off. rowcast treats a connection that stays silent "
              "much longer as dead and reconnects. Not to be confused with "
              "`heartbeat.interval.ms`, which writes heartbeat messages to Kafka."},
      {.name = "event.processing.failure.handling.mode",
       .aliases = {{.name = "event.deserialization.failure.handling.mode"}},
       .type = kEnum,
       .default_value = "fail",
       .allowed = {"fail", "warn", "skip", "ignore"},
       .rejected_values = {"warn", "skip", "ignore"},
       .rejected_reason = "rowcast never skips an event it cannot decode, because a skipped "
                          "row change is silent data loss downstream; it stops and reports the "
                          "binlog position instead",
       .group = kStreaming,
       .doc = "What to do with an event that cannot be decoded. rowcast supports only `fail`."},
      {.name = "inconsistent.schema.handling.mode",
       .type = kEnum,
       .default_value = "fail",
       .allowed = {"fail", "warn", "skip"},
       .group = kStreaming,
       .support = kNotYet,
       .doc = "What to do with row events of a table whose schema is unknown.",
       .note = kNoteFailureModes},
      {.name = "event.converting.failure.handling.mode",
       .type = kEnum,
       .default_value = "warn",
       .allowed = {"fail", "warn", "skip"},
       .group = kStreaming,
       .support = kNotYet,
       .doc = "What to do with a column value that cannot be converted to its Kafka Connect "
              "type.",
       .note = kNoteFailureModes},
      {.name = "errors.max.retries",
       .type = kInt,
       .default_value = "-1",
       .min = -1,
       .max = kIntMax,
       .group = kStreaming,
       .support = kNotYet,
       .doc = "How often Debezium restarts after a retriable error (-1: without limit).",
       .note = "rowcast retries retriable errors without limit"},
      {.name = "max.queue.size",
       .type = kInt,
       .default_value = "8192",
       .min = 1,
       .max = kIntMax,
       .group = kStreaming,
       .doc = "Most events held between the binlog reader and the pipeline; the reader waits "
              "when the queue is full."},
      {.name = "max.queue.size.in.bytes",
       .type = kLong,
       .default_value = "0",
       .min = 0,
       .group = kStreaming,
       .doc = "Most bytes held between the binlog reader and the pipeline; 0: bounded by "
              "`max.queue.size` only."},
      {.name = "max.batch.size",
       .type = kInt,
       .default_value = "2048",
       .min = 1,
       .max = kIntMax,
       .group = kStreaming,
       .support = kAccepted,
       .doc = "Most events Debezium hands to Kafka Connect per poll.",
       .note = kNoteQueue},
      {.name = "poll.interval.ms",
       .type = kLong,
       .default_value = "500",
       .min = 0,
       .group = kStreaming,
       .support = kAccepted,
       .doc = "How long Debezium waits for new events before a poll returns, in milliseconds.",
       .note = kNoteQueue},
      {.name = "poll.dispatch.interval.ms",
       .type = kLong,
       .default_value = "0",
       .min = 0,
       .group = kStreaming,
       .support = kAccepted,
       .doc = "Pause between handing batches to Kafka Connect, in milliseconds.",
       .note = kNoteQueue},
      {.name = "binlog.buffer.size",
       .type = kInt,
       .default_value = "0",
       .min = 0,
       .max = kIntMax,
       .group = kStreaming,
       .support = kNotYet,
       .doc = "Look-ahead buffer that lets Debezium drop the events of transactions rolled back "
              "to a savepoint.",
       .note = kNoteStreamingExtras},
      {.name = "streaming.delay.ms",
       .type = kLong,
       .default_value = "0",
       .min = 0,
       .group = kStreaming,
       .support = kNotYet,
       .doc = "Wait before streaming starts, in milliseconds.",
       .note = kNoteStreamingExtras},
      {.name = "enable.time.adjuster",
       .type = kBool,
       .default_value = "true",
       .group = kStreaming,
       .support = kAccepted,
       .doc = "Map two-digit years to 1970-2069.",
       .note = "row events carry YEAR values as full years, so there is nothing to adjust"},
      {.name = "ddl.parser.type",
       .type = kEnum,
       .default_value = "default",
       .allowed = {"default", "legacy"},
       .group = kStreaming,
       .support = kNotYet,
       .doc = "Which DDL grammar Debezium parses schema changes with.",
       .note = "rowcast does not parse DDL yet"},
      {.name = "resolve.create.table.like.schema",
       .type = kBool,
       .default_value = "false",
       .group = kStreaming,
       .support = kNotYet,
       .doc = "Look up the source table of `CREATE TABLE ... LIKE` in the database.",
       .note = "rowcast does not parse DDL yet"},
      {.name = "guardrail.collections.max",
       .type = kInt,
       .default_value = "0",
       .min = 0,
       .max = kIntMax,
       .group = kStreaming,
       .support = kNotYet,
       .doc = "Most tables a connector may capture; 0: no limit.",
       .note = kNoteStreamingExtras},
      {.name = "guardrail.collections.limit.action",
       .type = kEnum,
       .default_value = "warn",
       .allowed = {"warn", "fail"},
       .group = kStreaming,
       .support = kNotYet,
       .doc = "What happens when `guardrail.collections.max` is exceeded.",
       .note = kNoteStreamingExtras},

      // Event content.
      {.name = "tombstones.on.delete",
       .type = kBool,
       .default_value = "true",
       .group = kEvents,
       .doc = "Follow each delete event with a tombstone (same key, null value) so that log "
              "compaction can remove the key."},
      {.name = "include.query",
       .type = kBool,
       .default_value = "false",
       .group = kEvents,
       .doc = "Put the SQL statement that caused a row change into `source.query`. The server "
              "must log it: `binlog_rows_query_log_events=ON` (MySQL) or "
              "`binlog_annotate_row_events=ON` (MariaDB)."},
      {.name = "include.schema.changes",
       .type = kBool,
       .default_value = "true",
       .group = kEvents,
       .doc = "Publish schema changes (DDL) of captured tables and databases to the "
              "`<topic.prefix>` topic, keyed by database name, with the statement and the "
              "structure of every changed table (`tableChanges`)."},
      {.name = "include.schema.comments",
       .type = kBool,
       .default_value = "false",
       .group = kEvents,
       .doc = "Keep table and column comments in schema change events."},
      {.name = "provide.transaction.metadata",
       .type = kBool,
       .default_value = "false",
       .group = kEvents,
       .support = kNotYet,
       .doc = "Emit BEGIN/END transaction events and a `transaction` block in each event.",
       .note = kNoteTransactions},
      {.name = "source.struct.version",
       .type = kEnum,
       .default_value = "v2",
       .allowed = {"v1", "v2"},
       .group = kEvents,
       .support = kNotYet,
       .doc = "Shape of the `source` block; `v1` is the one before Debezium 0.10.",
       .note = "rowcast writes the current (v2) source block only"},

      {.name = "rowcast.kafka.cloudevents",
       .type = kEnum,
       .default_value = "none",
       .allowed = {"none", "binary"},
       .group = kEvents,
       .extension = true,
       .doc = "`binary` adds CloudEvents binary-mode headers to every row change record written "
              "to Kafka (or to the file and stdout sinks): `ce_specversion`, `ce_id`, "
              "`ce_source`, `ce_type`, `ce_time`, `ce_subject`, the `ce_iodebezium*` extensions "
              "and `content-type: application/json`, with the same attributes as the HTTP sink "
              "sends. The key and value stay the Debezium ones, so plain consumers are "
              "unaffected, while a Knative KafkaSource or `rowcast dispatch` forwards each "
              "record as the Debezium CloudEvent instead of wrapping it. Tombstones, schema "
              "change, transaction and heartbeat records get no headers."},

      // The HTTP sink (`rowcast run --sink http:URL`): delivery of CloudEvents to a function.
      {.name = "rowcast.sink.http.retry",
       .type = kInt,
       .default_value = "10",
       .min = 0,
       .max = 1000,
       .group = kEvents,
       .extension = true,
       .doc = "HTTP sink: how many times a failed request is retried (attempts = retry + 1), "
              "like KafkaSource's `delivery.retry`. Retried: no response (connection refused, "
              "timeout, TLS failure), 5xx, 404, 408, 409 and 429; any other status (400, 401, "
              "403, 413, 415, 3xx, ...) is final at once."},
      {.name = "rowcast.sink.http.backoff.policy",
       .type = kEnum,
       .default_value = "exponential",
       .allowed = {"exponential", "linear"},
       .group = kEvents,
       .extension = true,
       .doc = "HTTP sink: how the wait between retries grows, as KafkaSource's "
              "`delivery.backoffPolicy`: `exponential` waits delay·2^n before retry n (the "
              "first retry waits twice the delay), `linear` waits delay·n."},
      {.name = "rowcast.sink.http.backoff.delay",
       .type = kString,
       .default_value = "PT0.2S",
       .value_pattern = "[Pp]([0-9]+([.,][0-9]+)?[WwDd])*([Tt]([0-9]+([.,][0-9]+)?[HhMmSs])+)?",
       .value_pattern_help = "an ISO-8601 duration such as PT0.2S, PT30S or PT1M",
       .group = kEvents,
       .extension = true,
       .doc = "HTTP sink: the base delay of the backoff, an ISO-8601 duration (KafkaSource's "
              "`delivery.backoffDelay`)."},
      {.name = "rowcast.sink.http.backoff.max",
       .type = kString,
       .default_value = "PT30S",
       .value_pattern = "[Pp]([0-9]+([.,][0-9]+)?[WwDd])*([Tt]([0-9]+([.,][0-9]+)?[HhMmSs])+)?",
       .value_pattern_help = "an ISO-8601 duration such as PT0.2S, PT30S or PT1M",
       .group = kEvents,
       .extension = true,
       .doc = "HTTP sink: the longest wait between two attempts (ISO-8601 duration); `PT0S` "
              "removes the cap, as in Knative, where waits double without bound. While delivery "
              "is blocked (see `rowcast.sink.http.on.dead.letter.failure`) attempts repeat at "
              "this interval (60 s when there is no cap)."},
      {.name = "rowcast.sink.http.backoff.jitter",
       .type = kString,
       .default_value = "full",
       .value_pattern = "(?i)full|none|[0-9]+([.][0-9]+)?%",
       .value_pattern_help = "'full', 'none' or a percentage such as '20%'",
       .group = kEvents,
       .extension = true,
       .doc = "HTTP sink: randomisation of each wait so that many retrying senders do not "
              "hammer a recovering function together. `full` waits a uniformly random time "
              "between 0 and the backoff (AWS's \"full jitter\"), a percentage such as `20%` "
              "waits the backoff ±20 %, `none` waits exactly the backoff (Knative's behaviour)."},
      {.name = "rowcast.sink.http.timeout",
       .type = kString,
       .default_value = "PT30S",
       .value_pattern = "[Pp]([0-9]+([.,][0-9]+)?[WwDd])*([Tt]([0-9]+([.,][0-9]+)?[HhMmSs])+)?",
       .value_pattern_help = "an ISO-8601 duration such as PT0.2S, PT30S or PT1M",
       .group = kEvents,
       .extension = true,
       .doc = "HTTP sink: how long one request may take (connecting included), an ISO-8601 "
              "duration; a request that takes longer is retried. KafkaSource's "
              "`delivery.timeout` defaults to 10 minutes."},
      {.name = "rowcast.sink.http.retry.after.max",
       .type = kString,
       .default_value = "PT60S",
       .value_pattern = "[Pp]([0-9]+([.,][0-9]+)?[WwDd])*([Tt]([0-9]+([.,][0-9]+)?[HhMmSs])+)?",
       .value_pattern_help = "an ISO-8601 duration such as PT0.2S, PT30S or PT1M",
       .group = kEvents,
       .extension = true,
       .doc = "HTTP sink: the longest `Retry-After` (seconds or HTTP date, on a 429 or 503 "
              "response) that is honoured: the next attempt waits at least the smaller of the "
              "two. `PT0S` ignores `Retry-After`, as KafkaSource does."},
      {.name = "rowcast.sink.http.dead.letter.url",
       .type = kString,
       .value_pattern = "https?://.+",
       .value_pattern_help = "an http:// or https:// URL",
       .group = kEvents,
       .extension = true,
       .doc = "HTTP sink: the dead-letter sink. An event that fails with a status that is not "
              "retried, or after every retry, is POSTed there (with the same retry policy) "
              "with the extensions `knativeerrordest` (the sink URL), `knativeerrorcode` (the "
              "last status) and `knativeerrordata` (Base64 of the first 1024 bytes of the "
              "response body), and every `kne-<name>` response header as extension `<name>`. "
              "Without one, a status that is not retried stops the connector."},
      {.name = "rowcast.sink.http.on.dead.letter.failure",
       .type = kEnum,
       .default_value = "block",
       .allowed = {"block", "drop"},
       .group = kEvents,
       .extension = true,
       .doc = "HTTP sink: what happens to an event that neither the sink nor the dead-letter "
              "sink takes after every retry (or, without a dead-letter sink, that the sink "
              "still refuses with a retried status). `block` keeps retrying at the capped "
              "backoff, warning now and then, and holds back later events of the same key and "
              "the offsets: nothing is lost. `drop` logs the event's id as an error and moves "
              "on (Knative's behaviour, which commits the offset), with or without a "
              "dead-letter sink. Without a dead-letter sink, a status that is never retried "
              "(400, 401, 403, 413, ...) stops the connector under `block`."},
      {.name = "rowcast.sink.http.mode",
       .type = kEnum,
       .default_value = "binary",
       .allowed = {"binary", "structured"},
       .group = kEvents,
       .extension = true,
       .doc = "HTTP sink: CloudEvents HTTP content mode. `binary`: attributes in `ce-*` "
              "headers, the Debezium change event as the body (`Content-Type: "
              "application/json`); `structured`: one JSON object "
              "(`application/cloudevents+json`) with the attributes and `data`."},
      {.name = "rowcast.sink.http.bearer.token.file",
       .type = kString,
       .group = kEvents,
       .extension = true,
       .doc = "HTTP sink: a file holding a token sent as `Authorization: Bearer <token>` (for "
              "example Knative's OIDC token at /oidc/token). The file is read again whenever "
              "it changes, so rotated tokens are picked up. The token is never logged."},
      {.name = "rowcast.sink.http.ca.file",
       .type = kString,
       .group = kEvents,
       .extension = true,
       .doc = "HTTP sink: a PEM file with the certificate authorities that verify an https:// "
              "sink (and dead-letter sink) instead of the system's."},
      {.name = "rowcast.sink.http.max.in.flight",
       .type = kInt,
       .default_value = "16",
       .min = 1,
       .max = 1024,
       .group = kEvents,
       .extension = true,
       .doc = "HTTP sink: the most requests in flight at once. With "
              "`rowcast.sink.http.ordered` only one event per key (per table for tables "
              "without a key) is in flight, so this bounds how many keys progress together."},
      {.name = "rowcast.sink.http.ordered",
       .type = kBool,
       .default_value = "true",
       .group = kEvents,
       .extension = true,
       .doc = "HTTP sink: deliver the events of one row key (of one table, for tables without "
              "a key) in order: an event is sent only when the previous one of the same key is "
              "done (delivered, dead-lettered or dropped), while other keys keep flowing. "
              "`false` sends every event as soon as a request slot is free."},

      // Type handling.
      {.name = "decimal.handling.mode",
       .type = kEnum,
       .default_value = "precise",
       .allowed = {"precise", "string", "double"},
       .group = kTypes,
       .doc = "How DECIMAL and NUMERIC values are written: `precise` as Kafka Connect "
              "Decimal (exact), `string` as text, `double` as a floating-point number (may "
              "lose precision)."},
      {.name = "time.precision.mode",
       .type = kEnum,
       .default_value = "adaptive_time_microseconds",
       .allowed = {"adaptive_time_microseconds", "adaptive", "connect", "isostring", "microseconds",
                   "nanoseconds", "structured"},
       .supported_values = {"adaptive_time_microseconds", "adaptive", "connect"},
       .group = kTypes,
       .doc = "How temporal values are written. `adaptive_time_microseconds`: DATE as days, "
              "DATETIME in milli- or microseconds by the column's precision, TIME in "
              "microseconds. `adaptive`: TIME by the column's precision too. `connect`: Kafka "
              "Connect's built-in logical types, in milliseconds. The other Debezium modes "
              "are not implemented yet: they warn and rowcast uses the default."},
      {.name = "bigint.unsigned.handling.mode",
       .type = kEnum,
       .default_value = "long",
       .allowed = {"long", "precise"},
       .group = kTypes,
       .doc = "How BIGINT UNSIGNED is written: `long` as a signed 64-bit number (values above "
              "2^63-1 come out negative, as in Debezium), `precise` as Kafka Connect Decimal."},
      {.name = "binary.handling.mode",
       .type = kEnum,
       .default_value = "bytes",
       .allowed = {"bytes", "base64", "base64-url-safe", "hex"},
       .group = kTypes,
       .doc = "How BINARY, VARBINARY and BLOB values are written (BIT(n) stays base64 bytes, as in "
              "Debezium): `bytes` (base64 text in "
              "JSON, as Kafka Connect's JsonConverter writes bytes), `base64`, "
              "`base64-url-safe` or `hex` strings."},
      {.name = "schema.name.adjustment.mode",
       .type = kEnum,
       .default_value = "none",
       .allowed = {"none", "avro", "avro_unicode"},
       .group = kTypes,
       .support = kNotYet,
       .doc = "Rewrite schema names so that Avro accepts them.",
       .note = kNoteTypeExtras},
      {.name = "field.name.adjustment.mode",
       .type = kEnum,
       .default_value = "none",
       .allowed = {"none", "avro", "avro_unicode"},
       .group = kTypes,
       .support = kNotYet,
       .doc = "Rewrite field names so that Avro accepts them.",
       .note = kNoteTypeExtras},
      {.name = "sanitize.field.names",
       .type = kBool,
       .default_value = "false",
       .group = kTypes,
       .support = kNotYet,
       .doc = "Debezium 1.x switch replaced in 2.2 by `schema.name.adjustment.mode=avro` and "
              "`field.name.adjustment.mode=avro`.",
       .note = kNoteTypeExtras},
      {.name = "column.propagate.source.type",
       .type = kList,
       .regex_items = true,
       .group = kTypes,
       .support = kNotYet,
       .doc = "Regular expressions for columns whose schema carries the source column type, "
              "length and scale.",
       .note = kNoteTypeExtras},
      {.name = "datatype.propagate.source.type",
       .type = kList,
       .regex_items = true,
       .group = kTypes,
       .support = kNotYet,
       .doc = "Regular expressions for database type names whose columns' schemas carry the "
              "source type, length and scale.",
       .note = kNoteTypeExtras},
      {.name = "converters",
       .type = kList,
       .group = kTypes,
       .support = kNotYet,
       .doc = "Names of Debezium custom converters; each is configured by `<name>.type` and "
              "further `<name>.*` properties, which rowcast accepts with the same warning.",
       .note = kNoteTypeExtras},

      // Topics and heartbeats.
      {.name = "heartbeat.interval.ms",
       .type = kLong,
       .default_value = "0",
       .min = 0,
       .max = kIntMax,
       .group = kTopics,
       .support = kNotYet,
       .doc = "How often to write a heartbeat message with the current offset to the heartbeat "
              "topic (`__debezium-heartbeat.<topic.prefix>`), in milliseconds; 0 turns "
              "heartbeats off. They let offsets advance while the captured tables are idle.",
       .note = "heartbeat records come with the Kafka sink; the replication heartbeat is "
               "rowcast.binlog.heartbeat.interval.ms"},
      {.name = "heartbeat.action.query",
       .type = kString,
       .group = kTopics,
       .support = kNotYet,
       .doc = "SQL statement run on each heartbeat.",
       .note = "rowcast does not run heartbeat queries yet"},
      {.name = "topic.heartbeat.prefix",
       .aliases = {{.name = "heartbeat.topics.prefix"}},
       .type = kString,
       .default_value = "__debezium-heartbeat",
       .group = kTopics,
       .support = kNotYet,
       .doc = "Prefix of the heartbeat topic name.",
       .note = kNoteTopics},
      {.name = "topic.naming.strategy",
       .type = kClass,
       .default_value = "io.debezium.schema.DefaultTopicNamingStrategy",
       .group = kTopics,
       .support = kNotYet,
       .doc = "Class that names the topics.",
       .note = kNoteTopics},
      {.name = "topic.delimiter",
       .type = kString,
       .default_value = ".",
       .group = kTopics,
       .support = kNotYet,
       .doc = "Separator between the parts of a topic name.",
       .note = kNoteTopics},
      {.name = "topic.transaction",
       .type = kString,
       .default_value = "transaction",
       .group = kTopics,
       .support = kNotYet,
       .doc = "Suffix of the transaction metadata topic (`<topic.prefix>.transaction`).",
       .note = kNoteTransactions},
      {.name = "topic.cache.size",
       .type = kInt,
       .default_value = "10000",
       .min = 1,
       .max = kIntMax,
       .group = kTopics,
       .support = kAccepted,
       .doc = "Size of Debezium's cache of topic names.",
       .note = "rowcast sizes its own caches"},

      // Schema history.
      {.name = "schema.history.internal",
       .aliases = {{.name = "database.history"}},
       .type = kClass,
       .default_value = "io.debezium.storage.kafka.history.KafkaSchemaHistory",
       .value_aliases = {{.from = "io.debezium.relational.history.KafkaDatabaseHistory",
                          .to = "io.debezium.storage.kafka.history.KafkaSchemaHistory"},
                         {.from = "io.debezium.relational.history.FileDatabaseHistory",
                          .to = "io.debezium.storage.file.history.FileSchemaHistory"},
                         {.from = "io.debezium.relational.history.MemoryDatabaseHistory",
                          .to = "io.debezium.relational.history.MemorySchemaHistory"}},
       .group = kHistory,
       .doc = "Where the schema history is stored. The Debezium 1.x class names are translated "
              "to the 2.x ones. rowcast keeps it in the Kafka topic "
              "`schema.history.internal.kafka.topic` when one is given (unless this names "
              "FileSchemaHistory), else in the file `schema.history.internal.file.filename`."},
      {.name = "schema.history.internal.kafka.topic",
       .aliases = {{.name = "database.history.kafka.topic"}},
       .type = kString,
       .group = kHistory,
       .doc = "Topic of the schema history (one partition, infinite retention); created so "
              "when missing, refused when it could lose or reorder records."},
      {.name = "schema.history.internal.kafka.bootstrap.servers",
       .aliases = {{.name = "database.history.kafka.bootstrap.servers"}},
       .type = kString,
       .group = kHistory,
       .doc = "Kafka brokers that hold the schema history topic (default: the worker's "
              "bootstrap.servers)."},
      {.name = "schema.history.internal.kafka.recovery.poll.interval.ms",
       .aliases = {{.name = "database.history.kafka.recovery.poll.interval.ms"}},
       .type = kLong,
       .default_value = "100",
       .min = 0,
       .group = kHistory,
       .support = kAccepted,
       .doc = "Poll timeout while reading the history topic back, in milliseconds.",
       .note = kNoteHistory},
      {.name = "schema.history.internal.kafka.recovery.attempts",
       .aliases = {{.name = "database.history.kafka.recovery.attempts"}},
       .type = kInt,
       .default_value = "100",
       .min = 0,
       .max = kIntMax,
       .group = kHistory,
       .support = kAccepted,
       .doc = "Empty polls before reading the history topic back gives up.",
       .note = kNoteHistory},
      {.name = "schema.history.internal.kafka.query.timeout.ms",
       .aliases = {{.name = "database.history.kafka.query.timeout.ms"}},
       .type = kLong,
       .default_value = "3000",
       .min = 0,
       .group = kHistory,
       .support = kAccepted,
       .doc = "Timeout of Kafka admin queries about the history topic, in milliseconds.",
       .note = kNoteHistory},
      {.name = "schema.history.internal.kafka.create.timeout.ms",
       .aliases = {{.name = "database.history.kafka.create.timeout.ms"}},
       .type = kLong,
       .default_value = "30000",
       .min = 0,
       .group = kHistory,
       .support = kAccepted,
       .doc = "Timeout for creating the history topic, in milliseconds.",
       .note = kNoteHistory},
      {.name = "schema.history.internal.kafka.buffer.batch.size",
       .aliases = {{.name = "database.history.kafka.buffer.batch.size"}},
       .type = kInt,
       .default_value = "1024",
       .min = 1,
       .max = kIntMax,
       .group = kHistory,
       .support = kAccepted,
       .doc = "Records per batch while reading the history topic back.",
       .note = kNoteHistory},
      {.name = "schema.history.internal.file.filename",
       .aliases = {{.name = "database.history.file.filename"}},
       .type = kString,
       .group = kHistory,
       .doc = "File of the schema history: one JSON record per line in Debezium's history "
              "record format, appended and synced before the offset moves past a schema "
              "change. Default: `<data dir>/schema-history/<connector name>.history`."},
      {.name = "schema.history.internal.skip.unparseable.ddl",
       .aliases = {{.name = "database.history.skip.unparseable.ddl"}},
       .type = kBool,
       .default_value = "false",
       .group = kHistory,
       .doc = "Skip DDL statements the parser cannot read (with a warning) instead of stopping. "
              "Rows of a table whose DDL was skipped are still checked against the binlog's "
              "column metadata, and rowcast stops if they disagree."},
      {.name = "schema.history.internal.store.only.captured.tables.ddl",
       .aliases = {{.name = "database.history.store.only.monitored.tables.ddl"},
                   {.name = "database.history.store.only.captured.tables.ddl"}},
       .type = kBool,
       .default_value = "false",
       .group = kHistory,
       .doc = "Record only the DDL of captured tables in the history (and read only their "
              "schemas at start). Smaller history; tables added to the filters later have no "
              "schema."},
      {.name = "schema.history.internal.store.only.captured.databases.ddl",
       .aliases = {{.name = "database.history.store.only.captured.databases.ddl"}},
       .type = kBool,
       .default_value = "false",
       .group = kHistory,
       .doc = "Record only the DDL of captured databases in the history (and read only their "
              "schemas at start); every table of those databases is tracked."},
      {.name = "schema.history.internal.ddl.filter",
       .aliases = {{.name = "database.history.ddl.filter"}},
       .type = kList,
       .regex_items = true,
       .group = kHistory,
       .doc = "Regular expressions (case-insensitive, matched against the whole statement) for "
              "statements that are neither applied to the tracked schemas nor recorded in the "
              "history: for statements rowcast cannot parse and that do not change captured "
              "tables."},
      {.name = "schema.history.internal.prefer.ddl",
       .aliases = {{.name = "database.history.prefer.ddl"}},
       .type = kBool,
       .default_value = "false",
       .group = kHistory,
       .support = kNotYet,
       .doc = "Rebuild schemas from the recorded DDL rather than from the recorded table "
              "definitions.",
       .note = kNoteHistoryExtras},
      {.name = "schema.history.internal.memory.optimization",
       .type = kEnum,
       .default_value = "off",
       .allowed = {"off", "on", "shared"},
       .group = kHistory,
       .support = kNotYet,
       .doc = "Share identical strings of the in-memory schema history.",
       .note = kNoteHistoryExtras},
      {.name = "schema.history.internal.producer.*",
       .aliases = {{.name = "database.history.producer.*"}},
       .type = kString,
       .group = kHistory,
       .doc = "Settings passed to the Kafka producer that writes the history topic."},
      {.name = "schema.history.internal.consumer.*",
       .aliases = {{.name = "database.history.consumer.*"}},
       .type = kString,
       .group = kHistory,
       .doc = "Settings passed to the Kafka consumer that reads the history topic back."},

      // Offsets.
      {.name = "offset.flush.interval.ms",
       .type = kLong,
       .default_value = "60000",
       .min = 0,
       .group = kOffsets,
       .doc = "How often acknowledged offsets are committed, in milliseconds. A Kafka Connect "
              "worker setting (same default), also accepted inside the connector config."},

      // Metrics, notifications, lineage.
      {.name = "custom.metric.tags",
       .type = kString,
       .group = kMetrics,
       .support = kNotYet,
       .doc = "Extra tags for the connector's metrics (`key=value,...`).",
       .note = kNoteMetrics},
      {.name = "custom.sanitize.pattern",
       .type = kString,
       .group = kMetrics,
       .support = kNotYet,
       .doc = "Pattern for characters replaced in metric names.",
       .note = kNoteMetrics},
      {.name = "statistics.metrics.enabled",
       .type = kBool,
       .group = kMetrics,
       .support = kNotYet,
       .doc = "Collect per-table statistics metrics.",
       .note = kNoteMetrics},
      {.name = "notification.enabled.channels",
       .type = kList,
       .group = kMetrics,
       .support = kNotYet,
       .doc = "Where Debezium sends notifications: `sink`, `log`, `jmx`.",
       .note = kNoteMetrics},
      {.name = "openlineage.integration.*",
       .type = kString,
       .group = kMetrics,
       .support = kNotYet,
       .doc = "OpenLineage integration settings.",
       .note = kNoteMetrics},

      // Kafka Connect connector-level settings that appear in connector JSON.
      {.name = "key.converter",
       .type = kClass,
       .default_value = "org.apache.kafka.connect.json.JsonConverter",
       .supported_values = {"org.apache.kafka.connect.json.JsonConverter"},
       .group = kKafkaConnect,
       .doc = "Converter of record keys. rowcast writes JSON "
              "(`org.apache.kafka.connect.json.JsonConverter`); other converters warn and JSON "
              "is written."},
      {.name = "value.converter",
       .type = kClass,
       .default_value = "org.apache.kafka.connect.json.JsonConverter",
       .supported_values = {"org.apache.kafka.connect.json.JsonConverter"},
       .group = kKafkaConnect,
       .doc = "Converter of record values. rowcast writes JSON "
              "(`org.apache.kafka.connect.json.JsonConverter`); other converters warn and JSON "
              "is written."},
      {.name = "key.converter.schemas.enable",
       .type = kBool,
       .default_value = "true",
       .group = kKafkaConnect,
       .doc = "Whether JSON keys carry their Kafka Connect schema "
              "(`{\"schema\": ..., \"payload\": ...}`), as Kafka Connect's JsonConverter "
              "does by default. The schema is built once per table version."},
      {.name = "value.converter.schemas.enable",
       .type = kBool,
       .default_value = "true",
       .group = kKafkaConnect,
       .doc = "Whether JSON values carry their Kafka Connect schema "
              "(`{\"schema\": ..., \"payload\": ...}`), as Kafka Connect's JsonConverter "
              "does by default. The schema is built once per table version."},
      {.name = "key.converter.*",
       .type = kString,
       .group = kKafkaConnect,
       .support = kNotYet,
       .doc = "Further settings of the key converter (schema registry URL, ...).",
       .note = "rowcast supports only the JSON converter's `schemas.enable` so far"},
      {.name = "value.converter.*",
       .type = kString,
       .group = kKafkaConnect,
       .support = kNotYet,
       .doc = "Further settings of the value converter (schema registry URL, ...).",
       .note = "rowcast supports only the JSON converter's `schemas.enable` so far"},
      {.name = "header.converter",
       .type = kClass,
       .group = kKafkaConnect,
       .support = kAccepted,
       .doc = "Converter of record headers.",
       .note = "rowcast writes its headers itself"},
      {.name = "transforms",
       .type = kList,
       .group = kKafkaConnect,
       .support = kNotYet,
       .doc = "Names of the single message transforms to apply, each configured by "
              "`transforms.<name>.*`.",
       .note = kNoteSmt},
      {.name = "transforms.*",
       .type = kString,
       .group = kKafkaConnect,
       .support = kNotYet,
       .doc = "Settings of single message transforms.",
       .note = kNoteSmt},
      {.name = "predicates",
       .type = kList,
       .group = kKafkaConnect,
       .support = kNotYet,
       .doc = "Names of the predicates that decide which records a transform applies to.",
       .note = kNoteSmt},
      {.name = "predicates.*",
       .type = kString,
       .group = kKafkaConnect,
       .support = kNotYet,
       .doc = "Settings of predicates.",
       .note = kNoteSmt},
      {.name = "errors.*",
       .type = kString,
       .group = kKafkaConnect,
       .support = kNotYet,
       .doc = "Kafka Connect error handling: `errors.tolerance`, `errors.log.enable`, "
              "`errors.retry.timeout`, dead letter queues, ...",
       .note = kNoteConnectErrors},
      {.name = "topic.creation.*",
       .type = kString,
       .group = kKafkaConnect,
       .doc =
           "Topics the Kafka sink creates when missing, as Kafka Connect does: "
           "`topic.creation.default.partitions` and `.replication.factor` (both required; -1 "
           "for the brokers' defaults) plus any topic config (`topic.creation.default.<config>`); "
           "`topic.creation.groups` names more groups, each with `.include`/`.exclude` regexes "
           "and its own settings. `cleanup.policy` defaults to `compact` (records are keyed "
           "by primary key)."},
      {.name = "exactly.once.support",
       .type = kEnum,
       .default_value = "requested",
       .allowed = {"requested", "required"},
       .group = kKafkaConnect,
       .doc = "`required`: the Kafka sink writes change events and the offset in one Kafka "
              "transaction per commit (at most every second), so a consumer with "
              "`isolation.level=read_committed` sees every change exactly once across crashes. "
              "Needs `--sink kafka` and a worker file with `offset.storage.topic`. With "
              "`requested` (the default) transactions are used when the worker file says "
              "`exactly.once.source.support=enabled`."},
      {.name = "producer.override.*",
       .type = kString,
       .group = kKafkaConnect,
       .doc = "Per-connector overrides of the worker's Kafka producer settings (Java client "
              "names, e.g. `producer.override.compression.type`), applied to the Kafka sink."},
      {.name = "config.action.reload",
       .type = kEnum,
       .default_value = "restart",
       .allowed = {"restart", "none"},
       .group = kKafkaConnect,
       .support = kAccepted,
       .doc = "What Kafka Connect does when a config provider reports a changed value.",
       .note = "rowcast has no config providers whose values could change"},
  };
}

bool IsPattern(std::string_view name) {
  return name.find('<') != std::string_view::npos || name.ends_with('*');
}

// Matches `name` against a pattern name, collecting what each placeholder matched. Placeholders
// are `<N>` (digits), `<WORD>` (one dotted segment; the rest of the name when last) and a
// trailing `*`. Backtracks, so `<A>.x.<B>` finds the right `.x.`.
bool MatchPattern(std::string_view pattern, std::string_view name,
                  std::vector<std::string>& captures) {
  if (pattern.empty()) return name.empty();
  if (pattern == "*") {
    if (name.empty()) return false;
    captures.emplace_back(name);
    return true;
  }
  if (pattern.front() == '<') {
    const size_t close = pattern.find('>');
    if (close == std::string_view::npos) return false;
    const bool digits = pattern.substr(1, close - 1) == "N";
    const std::string_view rest = pattern.substr(close + 1);
    for (size_t len = 1; len <= name.size(); ++len) {
      const char c = name[len - 1];
      if (digits && !std::isdigit(static_cast<unsigned char>(c))) break;
      if (!rest.empty() && c == '.') break;  // only the last placeholder may span segments
      captures.emplace_back(name.substr(0, len));
      if (MatchPattern(rest, name.substr(len), captures)) return true;
      captures.pop_back();
    }
    return false;
  }
  size_t literal_end = 0;
  while (literal_end < pattern.size() && pattern[literal_end] != '<' &&
         !(pattern[literal_end] == '*' && literal_end + 1 == pattern.size())) {
    ++literal_end;
  }
  const std::string_view literal = pattern.substr(0, literal_end);
  if (!name.starts_with(literal)) return false;
  return MatchPattern(pattern.substr(literal_end), name.substr(literal_end), captures);
}

// Fills the placeholders of a pattern with captures, in order.
std::string FillPattern(std::string_view pattern, const std::vector<std::string>& captures) {
  std::string out;
  size_t next = 0;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '<') {
      const size_t close = pattern.find('>', i);
      if (next < captures.size()) out += captures[next++];
      i = close;
    } else if (pattern[i] == '*' && i + 1 == pattern.size()) {
      if (next < captures.size()) out += captures[next++];
    } else {
      out.push_back(pattern[i]);
    }
  }
  return out;
}

struct Index {
  struct Entry {
    const Property* property;
    const Alias* alias;
  };
  std::unordered_map<std::string_view, Entry> exact;
  std::vector<const Property*> patterns;
  std::vector<std::string_view> suggestible;  // exact names, canonical and old
};

const Index& GetIndex() {
  static const Index* const index = [] {
    auto* idx = new Index();
    for (const Property& p : AllProperties()) {
      if (IsPattern(p.name)) {
        idx->patterns.push_back(&p);
        continue;
      }
      idx->exact.emplace(p.name, Index::Entry{&p, nullptr});
      idx->suggestible.push_back(p.name);
      for (const Alias& a : p.aliases) {
        idx->exact.emplace(a.name, Index::Entry{&p, &a});
        idx->suggestible.push_back(a.name);
      }
    }
    std::sort(idx->suggestible.begin(), idx->suggestible.end());
    return idx;
  }();
  return *index;
}

// Optimal string alignment distance: Levenshtein plus adjacent transpositions, the usual typos.
size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

}  // namespace

const std::vector<Property>& AllProperties() {
  static const std::vector<Property>* const table = new std::vector<Property>(MakeTable());
  return *table;
}

std::optional<Resolution> Resolve(std::string_view name) {
  const Index& index = GetIndex();
  if (auto it = index.exact.find(name); it != index.exact.end()) {
    return Resolution{.property = it->second.property,
                      .alias = it->second.alias,
                      .canonical_name = std::string(it->second.property->name),
                      .captures = {}};
  }
  for (const Property* p : index.patterns) {
    std::vector<std::string> captures;
    if (MatchPattern(p->name, name, captures)) {
      return Resolution{.property = p,
                        .alias = nullptr,
                        .canonical_name = std::string(name),
                        .captures = std::move(captures)};
    }
    for (const Alias& a : p->aliases) {
      captures.clear();
      if (MatchPattern(a.name, name, captures)) {
        std::string canonical = FillPattern(p->name, captures);
        return Resolution{.property = p,
                          .alias = &a,
                          .canonical_name = std::move(canonical),
                          .captures = std::move(captures)};
      }
    }
  }
  return std::nullopt;
}

std::optional<std::string_view> SuggestName(std::string_view unknown) {
  const std::string lowered = Lower(unknown);
  // About one typo per five characters, at most three: close enough to be a slip of the
  // fingers, far enough apart that unrelated names are not offered.
  const size_t limit = std::clamp<size_t>(lowered.size() / 5, 1, 3);
  std::optional<std::string_view> best;
  size_t best_distance = limit + 1;
  for (std::string_view candidate : GetIndex().suggestible) {
    const size_t length_gap = candidate.size() > lowered.size() ? candidate.size() - lowered.size()
                                                                : lowered.size() - candidate.size();
    if (length_gap > limit) continue;
    const size_t distance = EditDistance(lowered, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

bool IsSecretName(std::string_view name) {
  if (auto r = Resolve(name); r.has_value() && r->property->type == PropertyType::kPassword) {
    return true;
  }
  const std::string lowered = Lower(name);
  // Kafka and JDBC pass-through settings whose values are credentials or key material.
  static constexpr std::string_view kSecretParts[] = {"password",
                                                      "secret",
                                                      "jaas.config",
                                                      "credential",
                                                      "token",
                                                      "ssl.keystore.key",
                                                      "ssl.keystore.certificate.chain",
                                                      "ssl.truststore.certificates"};
  for (std::string_view part : kSecretParts) {
    if (lowered.find(part) != std::string::npos) return true;
  }
  return false;
}

std::string_view GroupTitle(Group group) {
  switch (group) {
    case Group::kConnector:
      return "Connector";
    case Group::kConnection:
      return "Connection";
    case Group::kFilters:
      return "Filters";
    case Group::kColumns:
      return "Column transforms and keys";
    case Group::kSnapshot:
      return "Snapshots";
    case Group::kSignals:
      return "Incremental snapshots and signals";
    case Group::kStreaming:
      return "Streaming";
    case Group::kEvents:
      return "Event content";
    case Group::kTypes:
      return "Type handling";
    case Group::kTopics:
      return "Topics and heartbeats";
    case Group::kHistory:
      return "Schema history";
    case Group::kOffsets:
      return "Offsets";
    case Group::kMetrics:
      return "Metrics, notifications and lineage";
    case Group::kKafkaConnect:
      return "Kafka Connect converters, transforms and errors";
  }
  return "Other";
}

std::string_view PropertyTypeName(PropertyType type) {
  switch (type) {
    case PropertyType::kString:
      return "string";
    case PropertyType::kPassword:
      return "password";
    case PropertyType::kInt:
      return "int";
    case PropertyType::kLong:
      return "long";
    case PropertyType::kBool:
      return "boolean";
    case PropertyType::kList:
      return "list";
    case PropertyType::kEnum:
      return "enum";
    case PropertyType::kClass:
      return "class";
  }
  return "string";
}

std::string_view SupportLevelName(SupportLevel level) {
  switch (level) {
    case SupportLevel::kSupported:
      return "supported";
    case SupportLevel::kAccepted:
      return "accepted, no effect";
    case SupportLevel::kNotYet:
      return "not yet";
  }
  return "supported";
}

}  // namespace rowcast::config
