#include "capture/replay.h"

#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rowcast::capture {
namespace {

TEST(ParseDatetimeTest, ReadsUtcDatetimesAndDates) {
  EXPECT_EQ(*ParseDatetime("1970-01-01 00:00:00"), 0);
  EXPECT_EQ(*ParseDatetime("2024-01-02T03:04:05"), 1704164645);
  EXPECT_EQ(*ParseDatetime("2024-01-02"), 1704153600);
}

TEST(ParseDatetimeTest, RejectsWhatIsNotADatetime) {
  EXPECT_FALSE(ParseDatetime("yesterday").has_value());
  EXPECT_FALSE(ParseDatetime("2024-13-01 00:00:00").has_value());
  EXPECT_FALSE(ParseDatetime("2024-01-01 25:00:00").has_value());
}

TEST(ReplaySettingsTest, NeedsNoConnectionProperties) {
  auto s = ReplaySettings(R"({"name": "x", "config": {"database.server.name": "legacy",
                              "decimal.handling.mode": "string"}})");
  ASSERT_TRUE(s.has_value()) << s.error().ToString();
  EXPECT_EQ(s->topic_prefix, "legacy");
  EXPECT_EQ(s->decimal_mode, config::DecimalMode::kString);
}

TEST(ReplaySettingsTest, StillRejectsBadValues) {
  auto s = ReplaySettings(R"({"name": "x", "config": {"decimal.handling.mode": "exact"}})");
  ASSERT_FALSE(s.has_value());
  EXPECT_NE(s.error().message().find("decimal.handling.mode"), std::string::npos);
}

}  // namespace
}  // namespace rowcast::capture

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "binlog_samples.h"

namespace rowcast::capture {
namespace {

// Replays a MySQL 8 sample file through the whole record path into a file sink.
// Row change records, or with `schema_changes` the schema change events (topic "g").
std::vector<nlohmann::json> ReplaySample(const std::string& sample, const std::string& config,
                                         bool schema_changes = false) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("rowcast-replay-" + std::to_string(::getpid()) + "-" + sample);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string bin = (dir / "binlog.000001").string();
  std::ofstream(bin, std::ios::binary) << binlog::testing::ReadBinlogSample(sample);
  ReplayOptions o;
  o.files = {bin};
  o.sink = "file:" + (dir / "out").string();
  auto settings = ReplaySettings(config);
  EXPECT_TRUE(settings.has_value());
  o.settings = *settings;
  auto stats = Replay(o);
  EXPECT_TRUE(stats.has_value()) << stats.error().ToString();
  std::vector<nlohmann::json> records;
  if (std::filesystem::exists(dir / "out")) {
    for (const auto& f : std::filesystem::directory_iterator(dir / "out")) {
      std::ifstream in(f.path());
      std::string line;
      while (std::getline(in, line)) {
        // Kafka Connect's JsonConverter envelope (schemas.enable=true): keep the payloads.
        auto rec = nlohmann::json::parse(line);
        for (const char* part : {"key", "value"}) {
          if (rec[part].is_object() && rec[part].contains("payload")) {
            rec[part] = nlohmann::json(rec[part]["payload"]);
          }
        }
        if ((rec["topic"] == "g") == schema_changes) records.push_back(std::move(rec));
      }
    }
  }
  std::filesystem::remove_all(dir);
  return records;
}

TEST(ReplayGoldenTest, MysqlCompressedTransactionBecomesAnUpdateEvent) {
  auto records = ReplaySample("transaction-payload-update-8.0.28.binlog.b64.txt",
                              R"({"name": "g", "config": {"topic.prefix": "g"}})");
  ASSERT_EQ(records.size(), 1u);
  const auto& v = records[0]["value"];
  EXPECT_EQ(records[0]["topic"], "g.demo.movies");
  EXPECT_EQ(v["op"], "u");
  EXPECT_EQ(v["before"]["_5"], "Western");
  EXPECT_EQ(v["after"]["_5"], "Western|Action");
  EXPECT_EQ(v["after"]["_2"], "Once Upon a Time in the West");
  EXPECT_EQ(v["after"]["_3"], 1968);
  EXPECT_EQ(v["source"]["server_id"], 223344);
  EXPECT_EQ(v["source"]["ts_ms"], 1646406641000LL);
}

TEST(ReplayGoldenTest, MysqlEnumSetAndTextWithFullMetadata) {
  // The sample's table lives in the `mysql` schema, which is skipped unless asked for.
  auto records = ReplaySample(
      "enum-set-char-varchar-text-8.0.28.binlog.b64.txt",
      R"({"name": "g", "config": {"topic.prefix": "g", "table.ignore.builtin": "false"}})");
  ASSERT_EQ(records.size(), 4u);  // create, update, delete, tombstone
  const auto& c = records[0]["value"];
  EXPECT_EQ(c["op"], "c");
  EXPECT_EQ(c["after"]["f3"], "var1");
  EXPECT_EQ(c["after"]["f4"], "one,three");
  EXPECT_EQ(c["after"]["f5"], "0123456789");
  EXPECT_EQ(c["after"]["f1"].get<std::string>().size(), 100u);
  EXPECT_EQ(c["after"]["f2"].get<std::string>().size(), 298u);
  const auto& u = records[1]["value"];
  EXPECT_EQ(u["op"], "u");
  EXPECT_EQ(u["after"]["f1"], "field1");
  EXPECT_EQ(u["after"]["f3"], "variant2");
  EXPECT_EQ(u["after"]["f4"], "two,four");
  EXPECT_EQ(records[2]["value"]["op"], "d");
  EXPECT_TRUE(records[3]["value"].is_null());
}

// A MySQL 8.0.40 file written with binlog_row_metadata=MINIMAL: no names, no key. A schema file
// supplies them; a schema that disagrees with what the binlog does say (types, signedness)
// stops the replay instead of mislabelling columns.
std::pair<std::vector<nlohmann::json>, Status> ReplayWithSchema(const std::string& ddl) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("rowcast-replay-schema-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string bin = (dir / "binlog.000001").string();
  std::ofstream(bin, std::ios::binary)
      << binlog::testing::ReadBinlogSample("minimal-row-metadata-8.0.40.binlog.b64.txt");
  std::ofstream(dir / "schema.sql") << ddl;
  ReplayOptions o;
  o.files = {bin};
  o.sink = "file:" + (dir / "out").string();
  o.schema_files = {(dir / "schema.sql").string()};
  o.settings = *ReplaySettings(R"({"name": "g", "config": {"topic.prefix": "g",
      "key.converter.schemas.enable": "false", "value.converter.schemas.enable": "false"}})");
  auto stats = Replay(o);
  std::vector<nlohmann::json> records;
  std::ifstream in(dir / "out" / "g.noria.t1.ndjson");
  for (std::string line; std::getline(in, line);) records.push_back(nlohmann::json::parse(line));
  std::filesystem::remove_all(dir);
  return {records, stats.has_value() ? OkStatus() : stats.error()};
}

TEST(ReplayGoldenTest, SchemaFileNamesTheColumnsOfAMinimalMetadataFile) {
  auto [records, status] = ReplayWithSchema(
      "CREATE TABLE noria.t1 (a INT PRIMARY KEY, b TEXT, c CHAR(10), d INT, e INT UNSIGNED);");
  ASSERT_TRUE(status.ok()) << status.ToString();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0]["key"], nlohmann::json::parse(R"({"a":1})"));
  // MINIMAL row image: only the columns the statement set are logged.
  EXPECT_EQ(records[0]["value"]["after"],
            nlohmann::json::parse(R"({"a":1,"c":"a","e":3230202323})"));
}

TEST(ReplayGoldenTest, SchemaThatDisagreesWithTheBinlogStops) {
  auto [records, status] =
      ReplayWithSchema("CREATE TABLE noria.t1 (a INT, b TEXT, c CHAR(10), d INT, e INT);");
  EXPECT_EQ(status.code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(status.message(), ::testing::HasSubstr("column 5 (`e`)"));
  EXPECT_THAT(status.message(), ::testing::HasSubstr("UNSIGNED in the binlog, signed"));
  EXPECT_TRUE(records.empty());
  auto [r2, s2] =
      ReplayWithSchema("CREATE TABLE noria.t1 (a INT, b INT, c CHAR(10), d INT, e INT UNSIGNED);");
  EXPECT_THAT(s2.message(),
              ::testing::HasSubstr("logged as type 252 (BLOB (any BLOB or TEXT)), tracked as INT"));
}

TEST(ReplayGoldenTest, DdlInTheFileBecomesASchemaChangeEvent) {
  auto changes = ReplaySample(
      "enum-set-char-varchar-text-8.0.28.binlog.b64.txt",
      R"({"name": "g", "config": {"topic.prefix": "g", "table.ignore.builtin": "false"}})", true);
  ASSERT_FALSE(changes.empty());
  const auto& v = changes.back()["value"];
  EXPECT_EQ(changes.back()["key"]["databaseName"], "mysql");
  EXPECT_EQ(v["databaseName"], "mysql");
  EXPECT_NE(v["ddl"].get<std::string>().find("CREATE TABLE"), std::string::npos) << v.dump();
  ASSERT_EQ(v["tableChanges"].size(), 1u);
  EXPECT_EQ(v["tableChanges"][0]["type"], "CREATE");
  EXPECT_EQ(v["tableChanges"][0]["table"]["columns"].size(), 5u) << v.dump();
}

}  // namespace
}  // namespace rowcast::capture

namespace rowcast::capture {
namespace {

TEST(ReplayGoldenTest, TaggedGtidsKeepTheirTag) {
  auto records = ReplaySample(
      "tagged-gtid-9.6.0.binlog.b64.txt",
      R"({"name": "g", "config": {"topic.prefix": "g", "table.ignore.builtin": "false"}})");
  ASSERT_FALSE(records.empty());
  EXPECT_EQ(records[0]["value"]["source"]["gtid"], "55778904-0299-11f1-b1b8-4ef0c4956feb:mytag:3");
}

}  // namespace
}  // namespace rowcast::capture
