#include "config/connector_config.h"

#include <fstream>
#include <sstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/registry.h"

namespace rowcast::config {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

using Props = std::vector<std::pair<std::string, std::string>>;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string WePayJson() {
  return ReadFile(ROWCAST_SOURCE_DIR "/../shared/examples/wepay-connector.json");
}

// The smallest valid configuration, plus `extra`.
Props Minimal(Props extra = {}) {
  Props props = {{"database.hostname", "db1"},
                 {"database.user", "cdc"},
                 {"database.server.id", "42"},
                 {"topic.prefix", "shop"}};
  props.insert(props.end(), extra.begin(), extra.end());
  return props;
}

StatusOr<ConnectorConfig> Build(Props extra) { return FromProperties("c1", Minimal(extra)); }

std::string ErrorOf(const StatusOr<ConnectorConfig>& result) {
  if (result.has_value()) return "<no error>";
  EXPECT_EQ(result.error().code(), StatusCode::kInvalidArgument);
  return result.error().message();
}

std::string AllWarnings(const ConnectorConfig& config) {
  std::string out;
  for (const std::string& w : config.warnings()) out += w + "\n";
  return out;
}

TEST(ConnectorConfigTest, AcceptsTheWePayConfigVerbatim) {
  StatusOr<ConnectorConfig> config = ParseConnectorJson(WePayJson());
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  const ConnectorSettings& s = config->settings();
  EXPECT_EQ(config->name(), "debezium-connector-microservice1");
  EXPECT_EQ(s.name, "debezium-connector-microservice1");
  EXPECT_EQ(s.flavor, Flavor::kMySql);
  EXPECT_EQ(s.hostname, "dbz-mysql01");
  EXPECT_EQ(s.port, 3306);
  EXPECT_EQ(s.user, "user");
  EXPECT_EQ(s.password, "*******");
  EXPECT_EQ(s.topic_prefix, "db.debezium.microservice1");
  EXPECT_EQ(s.server_id, 101u);
  EXPECT_EQ(s.ssl_mode, SslMode::kRequired);
  EXPECT_THAT(s.database_include, ElementsAre("microservice1_db"));
  EXPECT_THAT(s.table_include, ElementsAre("microservice1_db.table1", "microservice1_db.table2"));
  EXPECT_THAT(s.gtid_source_includes, ElementsAre("c34aeb9e-89ad-11e6-877b-42010a93af2d"));
  EXPECT_THAT(s.column_truncate,
              ElementsAre(ColumnRule{1024, {"microservice1_db.table1.text_col"}}));
  EXPECT_TRUE(s.column_mask.empty());
}

TEST(ConnectorConfigTest, ReadsTheWePayTruststore) {
  StatusOr<ConnectorConfig> config = ParseConnectorJson(WePayJson());
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  EXPECT_EQ(config->settings().ssl_truststore, "/certs/truststore");
  EXPECT_FALSE(config->settings().ssl_truststore_password.empty());
  EXPECT_THAT(AllWarnings(*config), Not(HasSubstr("database.ssl.truststore")));
}

TEST(ConnectorConfigTest, ReadsTheWePayKafkaHistoryProperties) {
  StatusOr<ConnectorConfig> config = ParseConnectorJson(WePayJson());
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  const ConnectorSettings& s = config->settings();
  EXPECT_EQ(s.history_kafka_topic, "debezium.history.microservice1");
  EXPECT_EQ(s.history_kafka_bootstrap, "kafka01:9093,kafka02:9093,kafka03:9093");
  EXPECT_EQ(s.history_producer.at("security.protocol"), "SSL");
  EXPECT_EQ(s.history_consumer.at("ssl.truststore.location"), "/certs/truststore");
  const std::string warnings = AllWarnings(*config);
  EXPECT_THAT(warnings, Not(HasSubstr("database.history.kafka.topic")));
  EXPECT_THAT(warnings, Not(HasSubstr("database.history.producer")));
}

TEST(ConnectorConfigTest, DoesNotWarnAboutRenamedOrSupportedWePayProperties) {
  StatusOr<ConnectorConfig> config = ParseConnectorJson(WePayJson());
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  const std::string warnings = AllWarnings(*config);
  for (const char* name : {"database.whitelist", "table.whitelist", "database.server.name",
                           "tasks.max", "poll.interval.ms", "column.truncate"}) {
    EXPECT_THAT(warnings, Not(HasSubstr(name)));
  }
}

TEST(ConnectorConfigTest, WarnsThatGtidSourceFilteringIsNotDoneYet) {
  StatusOr<ConnectorConfig> config = ParseConnectorJson(WePayJson());
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  EXPECT_THAT(AllWarnings(*config), HasSubstr("gtid.source.includes is ignored"));
}

TEST(ConnectorConfigTest, RejectsTheAsPublishedWePayConfigNamingLineAndColumn) {
  const std::string text =
      ReadFile(ROWCAST_SOURCE_DIR "/../shared/examples/wepay-connector-as-published.json");
  ASSERT_FALSE(text.empty());
  StatusOr<ConnectorConfig> config = ParseConnectorJson(text);
  ASSERT_FALSE(config.has_value());
  const std::string error = ErrorOf(config);
  EXPECT_THAT(error, HasSubstr("connector JSON is not valid at line 29, column 4"));
  EXPECT_THAT(error, HasSubstr("the comma at line 28, column 70 is a trailing comma"));
}

TEST(ConnectorConfigTest, CountsColumnsInCharactersNotBytes) {
  StatusOr<ConnectorConfig> config = ParseConnectorJson("{\"name\": \"é\" x}");
  EXPECT_THAT(ErrorOf(config), HasSubstr("at line 1, column 14"));
}

TEST(ConnectorConfigTest, RejectsTruncatedJsonAtItsEnd) {
  EXPECT_THAT(ErrorOf(ParseConnectorJson("{\"name\": \"a\",\n \"config\": {")),
              HasSubstr("at line 2, column 13"));
}

TEST(ConnectorConfigTest, AcceptsTheBareConfigMapWithNameInside) {
  StatusOr<ConnectorConfig> config = ParseConnectorJson(
      R"({"name": "c2", "database.hostname": "h", "database.user": "u",
          "database.server.id": "7", "topic.prefix": "p"})");
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  EXPECT_EQ(config->name(), "c2");
  EXPECT_EQ(config->settings().server_id, 7u);
}

TEST(ConnectorConfigTest, RejectsJsonWithNeitherConfigNorName) {
  EXPECT_THAT(ErrorOf(ParseConnectorJson(R"({"topic.prefix": "p"})")),
              HasSubstr("neither a \"config\" object nor a \"name\""));
}

TEST(ConnectorConfigTest, RejectsDifferentOuterAndInnerNames) {
  EXPECT_THAT(ErrorOf(ParseConnectorJson(R"({"name": "a", "config": {"name": "b",
      "database.hostname": "h", "database.user": "u", "database.server.id": 1,
      "topic.prefix": "p"}})")),
              HasSubstr("\"a\" differs from the name property \"b\""));
}

TEST(ConnectorConfigTest, ConvertsJsonNumbersAndBooleansToText) {
  StatusOr<ConnectorConfig> config = ParseConnectorJson(R"({"name": "n", "config": {
      "database.hostname": "h", "database.user": "u", "database.server.id": 4294967295,
      "topic.prefix": "p", "database.port": 3307, "include.query": true,
      "tombstones.on.delete": false, "database.password": null}})");
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  EXPECT_EQ(config->settings().server_id, 4294967295u);
  EXPECT_EQ(config->settings().port, 3307);
  EXPECT_TRUE(config->settings().include_query);
  EXPECT_FALSE(config->settings().tombstones_on_delete);
  EXPECT_EQ(config->Get("database.password"), std::nullopt);
}

TEST(ConnectorConfigTest, RejectsArrayValuesWithoutShowingThem) {
  const std::string error = ErrorOf(
      ParseConnectorJson(R"({"name": "n", "config": {"database.password": ["hunter2-secret"]}})"));
  EXPECT_THAT(error, HasSubstr("database.password is an array"));
  EXPECT_THAT(error, Not(HasSubstr("hunter2-secret")));
}

TEST(ConnectorConfigTest, WarnsAboutADuplicateKeyAndKeepsTheLastValue) {
  StatusOr<ConnectorConfig> config = ParseConnectorJson(R"({"name": "n", "config": {
      "database.hostname": "h", "database.user": "u", "database.server.id": "1",
      "topic.prefix": "p", "database.port": "1", "database.port": "2"}})");
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  EXPECT_EQ(config->settings().port, 2);
  EXPECT_THAT(AllWarnings(*config), HasSubstr("\"database.port\" appears more than once"));
}

TEST(ConnectorConfigTest, WarnsAboutARepeatedPropertyPairAndKeepsTheLastValue) {
  StatusOr<ConnectorConfig> config = Build({{"database.port", "1"}, {"database.port", "2"}});
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  EXPECT_EQ(config->settings().port, 2);
  EXPECT_THAT(AllWarnings(*config), HasSubstr("database.port is given more than once"));
}

TEST(ConnectorConfigTest, SuggestsTheNearestNameForAMisspeltProperty) {
  StatusOr<ConnectorConfig> config = Build({{"databse.port", "3306"}});
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  EXPECT_THAT(AllWarnings(*config),
              HasSubstr("unknown property databse.port is ignored; did you mean database.port?"));
}

TEST(ConnectorConfigTest, SuggestsAnOldNameWithItsNewName) {
  StatusOr<ConnectorConfig> config = Build({{"table.whitelst", "a.b"}});
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  EXPECT_THAT(AllWarnings(*config),
              HasSubstr("did you mean table.whitelist (today table.include.list)?"));
}

TEST(ConnectorConfigTest, WarnsAboutAFarOffUnknownPropertyWithoutSuggestion) {
  StatusOr<ConnectorConfig> config = Build({{"frobnicate", "yes"}});
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  EXPECT_THAT(AllWarnings(*config), HasSubstr("unknown property frobnicate is ignored"));
  EXPECT_THAT(AllWarnings(*config), Not(HasSubstr("did you mean")));
}

TEST(ConnectorConfigTest, HintsThatAnUnknownDatabasePropertyMayBeAJdbcSetting) {
  StatusOr<ConnectorConfig> config = Build({{"database.serverTimezone", "UTC"}});
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  EXPECT_THAT(AllWarnings(*config), HasSubstr("driver.*"));
}

TEST(ConnectorConfigTest, PointsAMissingRequiredPropertyAtItsMisspelling) {
  Props props = {{"database.hostname", "h"},
                 {"database.user", "u"},
                 {"database.server.id", "1"},
                 {"topic.prefx", "p"}};
  EXPECT_THAT(ErrorOf(FromProperties("c", props)),
              HasSubstr("(the config has topic.prefx: did you mean topic.prefix?)"));
}

TEST(ConnectorConfigTest, RejectsAnEnumValueAndNamesTheAllowedValues) {
  const std::string error = ErrorOf(Build({{"decimal.handling.mode", "exact"}}));
  EXPECT_THAT(error, HasSubstr("decimal.handling.mode \"exact\" is not valid"));
  EXPECT_THAT(error, HasSubstr("precise, string, double"));
}

TEST(ConnectorConfigTest, AcceptsEnumValuesInAnyCase) {
  StatusOr<ConnectorConfig> config = Build({{"decimal.handling.mode", "STRING"}});
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  EXPECT_EQ(config->settings().decimal_mode, DecimalMode::kString);
  EXPECT_EQ(config->Get("decimal.handling.mode"), "string");
}

TEST(ConnectorConfigTest, RejectsAPortThatIsNotAnInteger) {
  const std::string error = ErrorOf(Build({{"database.port", "33o6"}}));
  EXPECT_THAT(error, HasSubstr("database.port \"33o6\" is not an integer"));
  EXPECT_THAT(error, HasSubstr("from 1 to 65535"));
}

TEST(ConnectorConfigTest, RejectsServerIdZero) {
  const std::string error = ErrorOf(Build({{"database.server.id", "0"}}));
  EXPECT_THAT(error, HasSubstr("database.server.id \"0\" is out of range"));
  EXPECT_THAT(error, HasSubstr("from 1 to 4294967295"));
}

TEST(ConnectorConfigTest, RejectsServerIdAboveThirtyTwoBits) {
  EXPECT_THAT(ErrorOf(Build({{"database.server.id", "4294967296"}})),
              HasSubstr("database.server.id \"4294967296\" is out of range"));
  EXPECT_THAT(ErrorOf(Build({{"database.server.id", "99999999999999999999"}})),
              HasSubstr("is out of range"));
}

TEST(ConnectorConfigTest, RejectsAMissingTopicPrefixAndSaysWhatItIsFor) {
  Props props = {{"database.hostname", "h"}, {"database.user", "u"}, {"database.server.id", "1"}};
  const std::string error = ErrorOf(FromProperties("c", props));
  EXPECT_THAT(error, HasSubstr("topic.prefix is required"));
  EXPECT_THAT(error, HasSubstr("prefixes every topic"));
}

TEST(ConnectorConfigTest, RejectsATopicPrefixWithCharactersKafkaDoesNotAllow) {
  EXPECT_THAT(ErrorOf(Build({{"topic.prefix", "my shop"}})),
              HasSubstr("topic.prefix \"my shop\" is not valid: use only letters, digits"));
}

TEST(ConnectorConfigTest, RejectsOldAndNewNamesWithDifferentValues) {
  const std::string error = ErrorOf(Build({{"database.server.name", "legacy"}}));
  EXPECT_THAT(error, HasSubstr("topic.prefix and database.server.name are two names of the same "
                               "property"));
  EXPECT_THAT(error, HasSubstr("\"shop\" and \"legacy\""));
}

TEST(ConnectorConfigTest, AcceptsOldAndNewNamesWithTheSameValue) {
  StatusOr<ConnectorConfig> config =
      Build({{"database.whitelist", "a, b"}, {"database.include.list", "a,b"}});
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  EXPECT_THAT(config->settings().database_include, ElementsAre("a", "b"));
}

TEST(ConnectorConfigTest, RejectsIncludeAndExcludeListsTogether) {
  EXPECT_THAT(ErrorOf(Build({{"table.whitelist", "a.b"}, {"table.exclude.list", "a.c"}})),
              HasSubstr("table.whitelist and table.exclude.list cannot be used together"));
}

TEST(ConnectorConfigTest, RejectsAnInvalidRegexAndNamesTheProperty) {
  const std::string error = ErrorOf(Build({{"table.include.list", "shop.orders, shop.(items"}}));
  EXPECT_THAT(error, HasSubstr("table.include.list item \"shop.(items\" is not a valid regular "
                               "expression"));
}

TEST(ConnectorConfigTest, ExplainsThatJavaOnlyRegexFeaturesAreMissing) {
  EXPECT_THAT(ErrorOf(Build({{"table.include.list", "shop\\.(?!tmp_).*"}})),
              HasSubstr("no lookaround or backreferences"));
}

TEST(ConnectorConfigTest, TrimsListItemsAndDropsEmptyOnes) {
  StatusOr<ConnectorConfig> config = Build({{"table.include.list", " a.b ,, a.c , "}});
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  EXPECT_THAT(config->settings().table_include, ElementsAre("a.b", "a.c"));
  EXPECT_EQ(config->Get("table.include.list"), "a.b,a.c");
}

TEST(ConnectorConfigTest, KeepsEscapedCommasInsideRegexes) {
  StatusOr<ConnectorConfig> config = Build({{"table.include.list", "a\\.t{1\\,3},b.c"}});
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  EXPECT_THAT(config->settings().table_include, ElementsAre("a\\.t{1\\,3}", "b.c"));
}

TEST(ConnectorConfigTest, MapsSnapshotMinimalLocksToLockingMode) {
  StatusOr<ConnectorConfig> config = Build({{"snapshot.minimal.locks", "false"}});
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  EXPECT_EQ(config->Get("snapshot.locking.mode"), "extended");
  EXPECT_THAT(ErrorOf(Build({{"snapshot.minimal.locks", "maybe"}})),
              HasSubstr("snapshot.minimal.locks \"maybe\" is not valid: expected true or false"));
}

TEST(ConnectorConfigTest, MapsRemovedSnapshotModes) {
  StatusOr<ConnectorConfig> no_data = Build({{"snapshot.mode", "schema_only"}});
  ASSERT_TRUE(no_data.has_value()) << no_data.error().ToString();
  EXPECT_EQ(no_data->settings().snapshot_mode, SnapshotMode::kNoData);
  StatusOr<ConnectorConfig> recovery = Build({{"snapshot.mode", "schema_only_recovery"}});
  ASSERT_TRUE(recovery.has_value()) << recovery.error().ToString();
  EXPECT_EQ(recovery->settings().snapshot_mode, SnapshotMode::kRecovery);
}

TEST(ConnectorConfigTest, MapsMariaDbSslModeNames) {
  const std::pair<const char*, SslMode> kCases[] = {{"disable", SslMode::kDisabled},
                                                    {"trust", SslMode::kRequired},
                                                    {"verify-ca", SslMode::kVerifyCa},
                                                    {"verify-full", SslMode::kVerifyIdentity},
                                                    {"VERIFY_IDENTITY", SslMode::kVerifyIdentity}};
  for (const auto& [text, mode] : kCases) {
    StatusOr<ConnectorConfig> config = Build({{"database.ssl.mode", text}});
    ASSERT_TRUE(config.has_value()) << config.error().ToString();
    EXPECT_EQ(config->settings().ssl_mode, mode) << text;
  }
}

TEST(ConnectorConfigTest, SelectsTheMariaDbFlavorFromTheConnectorClass) {
  StatusOr<ConnectorConfig> config =
      Build({{"connector.class", "io.debezium.connector.mariadb.MariaDbConnector"}});
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  EXPECT_EQ(config->settings().flavor, Flavor::kMariaDb);
  EXPECT_TRUE(config->warnings().empty()) << AllWarnings(*config);
}

TEST(ConnectorConfigTest, WarnsAboutAConnectorClassThatIsNotMySqlOrMariaDb) {
  StatusOr<ConnectorConfig> config =
      Build({{"connector.class", "io.debezium.connector.postgresql.PostgresConnector"}});
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  EXPECT_EQ(config->settings().flavor, Flavor::kMySql);
  EXPECT_THAT(AllWarnings(*config), HasSubstr("is not the Debezium MySQL or MariaDB connector"));
}

TEST(ConnectorConfigTest, WarnsAboutATimePrecisionModeNotImplementedAndUsesTheDefault) {
  StatusOr<ConnectorConfig> config = Build({{"time.precision.mode", "isostring"}});
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  EXPECT_EQ(config->settings().time_precision_mode, TimePrecisionMode::kAdaptiveTimeMicroseconds);
  EXPECT_THAT(AllWarnings(*config), HasSubstr("time.precision.mode=isostring"));
}

TEST(ConnectorConfigTest, RefusesFailureModesThatSkipEvents) {
  const std::string error =
      ErrorOf(Build({{"event.deserialization.failure.handling.mode", "warn"}}));
  EXPECT_THAT(error, HasSubstr("event.deserialization.failure.handling.mode \"warn\" is not "
                               "supported: rowcast never skips"));
  EXPECT_THAT(error, HasSubstr("use fail"));
}

TEST(ConnectorConfigTest, ParsesSkippedOperations) {
  StatusOr<ConnectorConfig> config = Build({{"skipped.operations", "c, d"}});
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  const ConnectorSettings& s = config->settings();
  EXPECT_TRUE(s.skip_creates);
  EXPECT_FALSE(s.skip_updates);
  EXPECT_TRUE(s.skip_deletes);
  EXPECT_FALSE(s.skip_truncates);
}

TEST(ConnectorConfigTest, SkipsNoOperationWithNone) {
  StatusOr<ConnectorConfig> config = Build({{"skipped.operations", "none"}});
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  EXPECT_FALSE(config->settings().skip_truncates);
  EXPECT_THAT(ErrorOf(Build({{"skipped.operations", "c,x"}})),
              HasSubstr("skipped.operations item \"x\" is not valid"));
  EXPECT_THAT(ErrorOf(Build({{"skipped.operations", "none,c"}})),
              HasSubstr("none cannot be combined"));
}

TEST(ConnectorConfigTest, ParsesColumnMaskRulesInOrder) {
  StatusOr<ConnectorConfig> config = Build({{"column.mask.with.8.chars", "shop.users.email"},
                                            {"column.mask.with.0.chars", "shop.users.ssn"}});
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  EXPECT_THAT(config->settings().column_mask,
              ElementsAre(ColumnRule{8, {"shop.users.email"}}, ColumnRule{0, {"shop.users.ssn"}}));
}

TEST(ConnectorConfigTest, ParsesMessageKeyColumns) {
  StatusOr<ConnectorConfig> config =
      Build({{"message.key.columns", "inventory.customers:pk1, pk2; (.*).purchaseorders:pk3;"}});
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  EXPECT_THAT(config->settings().message_key_columns,
              ElementsAre(KeyColumns{"inventory.customers", {"pk1", "pk2"}},
                          KeyColumns{"(.*).purchaseorders", {"pk3"}}));
  EXPECT_THAT(ErrorOf(Build({{"message.key.columns", "inventory.customers"}})),
              HasSubstr("message.key.columns: \"inventory.customers\" has no ':'"));
  EXPECT_THAT(ErrorOf(Build({{"message.key.columns", "a.b:"}})),
              HasSubstr("needs a table and at least one column"));
  EXPECT_THAT(ErrorOf(Build({{"message.key.columns", "a.(b:c"}})),
              HasSubstr("not a valid regular expression"));
}

TEST(ConnectorConfigTest, ParsesTopicCreationGroups) {
  StatusOr<ConnectorConfig> config =
      Build({{"topic.creation.groups", "big"},
             {"topic.creation.default.partitions", "3"},
             {"topic.creation.default.replication.factor", "-1"},
             {"topic.creation.big.include", "p\\.shop\\..*, p\\.crm\\.orders"},
             {"topic.creation.big.partitions", "12"},
             {"topic.creation.big.cleanup.policy", "delete"},
             {"topic.creation.big.retention.ms", "86400000"}});
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  const auto& groups = config->settings().topic_creation;
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].name, "big");
  EXPECT_THAT(groups[0].include, ElementsAre("p\\.shop\\..*", "p\\.crm\\.orders"));
  EXPECT_EQ(groups[0].partitions, 12);
  EXPECT_EQ(groups[0].replication_factor, -1);  // from the default group
  EXPECT_EQ(groups[0].configs.at("cleanup.policy"), "delete");
  EXPECT_EQ(groups[1].name, "default");
  EXPECT_EQ(groups[1].partitions, 3);
  EXPECT_EQ(groups[1].configs.at("cleanup.policy"), "compact");  // keyed records

  EXPECT_TRUE(Build({})->settings().topic_creation.empty());
  EXPECT_THAT(ErrorOf(Build({{"topic.creation.default.partitions", "3"}})),
              HasSubstr("both required"));
  EXPECT_THAT(ErrorOf(Build({{"topic.creation.default.partitions", "3"},
                             {"topic.creation.default.replication.factor", "0"}})),
              HasSubstr("expected -1"));
  EXPECT_THAT(ErrorOf(Build({{"topic.creation.default.partitions", "3"},
                             {"topic.creation.default.replication.factor", "1"},
                             {"topic.creation.other.partitions", "2"}})),
              HasSubstr("not a group in topic.creation.groups"));
  EXPECT_THAT(ErrorOf(Build({{"topic.creation.groups", "g"},
                             {"topic.creation.default.partitions", "3"},
                             {"topic.creation.default.replication.factor", "1"}})),
              HasSubstr("topic.creation.g.include is required"));
}

TEST(ConnectorConfigTest, RejectsTruncationToZeroCharacters) {
  EXPECT_THAT(ErrorOf(Build({{"column.truncate.to.0.chars", "a.b.c"}})),
              HasSubstr("column.truncate.to.0.chars: the length 0 is not valid"));
}

TEST(ConnectorConfigTest, SchemasEnableDefaultsToTrueAndOtherConvertersWarn) {
  StatusOr<ConnectorConfig> config =
      Build({{"key.converter", "io.confluent.connect.avro.AvroConverter"},
             {"value.converter", "org.apache.kafka.connect.json.JsonConverter"},
             {"key.converter.schemas.enable", "false"}});
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  const std::string warnings = AllWarnings(*config);
  EXPECT_THAT(warnings, HasSubstr("key.converter=io.confluent.connect.avro.AvroConverter"));
  EXPECT_EQ(config->warnings().size(), 1u) << warnings;
  EXPECT_TRUE(config->settings().value_schemas_enable);
  EXPECT_FALSE(config->settings().key_schemas_enable);
}

TEST(ConnectorConfigTest, AcceptsKafkaConnectTaskSettingsSilently) {
  StatusOr<ConnectorConfig> config =
      Build({{"tasks.max", "1"}, {"max.batch.size", "100"}, {"poll.interval.ms", "2"}});
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  EXPECT_TRUE(config->warnings().empty()) << AllWarnings(*config);
}

TEST(ConnectorConfigTest, MergesWarningsOfPropertiesIgnoredForTheSameReason) {
  StatusOr<ConnectorConfig> config =
      Build({{"transforms", "unwrap"},
             {"transforms.unwrap.type", "io.debezium.transforms.ExtractNewRecordState"}});
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  ASSERT_EQ(config->warnings().size(), 1u) << AllWarnings(*config);
  EXPECT_THAT(config->warnings()[0],
              HasSubstr("transforms and transforms.unwrap.type are ignored: Kafka Connect single "
                        "message transforms"));
}

TEST(ConnectorConfigTest, DoesNotWarnAboutUnimplementedPropertiesSetToTheirDefault) {
  StatusOr<ConnectorConfig> config =
      Build({{"include.schema.changes", "true"}, {"snapshot.locking.mode", "minimal"}});
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  EXPECT_TRUE(config->warnings().empty()) << AllWarnings(*config);
}

TEST(ConnectorConfigTest, AcceptsPropertiesOfDeclaredCustomConverters) {
  StatusOr<ConnectorConfig> config = Build(
      {{"converters", "boolean"},
       {"boolean.type", "io.debezium.connector.binlog.converters.TinyIntOneToBooleanConverter"}});
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  EXPECT_THAT(AllWarnings(*config), HasSubstr("converters and boolean.type are ignored"));
  EXPECT_THAT(AllWarnings(*config), Not(HasSubstr("unknown")));
}

TEST(ConnectorConfigTest, GetReturnsDefaultsAndCanonicalValues) {
  StatusOr<ConnectorConfig> config = Build({{"database.whitelist", "shop"}});
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  EXPECT_EQ(config->Get("database.port"), "3306");
  EXPECT_EQ(config->Get("database.include.list"), "shop");
  EXPECT_EQ(config->Get("database.whitelist"), "shop");
  EXPECT_EQ(config->Get("name"), "c1");
  EXPECT_EQ(config->Get("database.ssl.ca"), std::nullopt);
  EXPECT_EQ(config->Get("no.such.property"), std::nullopt);
}

TEST(ConnectorConfigTest, DefaultSettingsMatchTheRegistryDefaults) {
  StatusOr<ConnectorConfig> config = Build({});
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  EXPECT_TRUE(config->warnings().empty()) << AllWarnings(*config);
  ConnectorSettings expected;
  expected.name = "c1";
  expected.hostname = "db1";
  expected.user = "cdc";
  expected.server_id = 42;
  expected.topic_prefix = "shop";
  EXPECT_TRUE(config->settings() == expected);
}

TEST(ConnectorConfigTest, ReadsRowcastExtensions) {
  StatusOr<ConnectorConfig> config = Build({{"database.ssl.ca", "/etc/ca.pem"},
                                            {"rowcast.binlog.heartbeat.interval.ms", "1000"},
                                            {"rowcast.reconnect.backoff.max.ms", "5000"}});
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  EXPECT_EQ(config->settings().ssl_ca, "/etc/ca.pem");
  EXPECT_EQ(config->settings().binlog_heartbeat_interval_ms, 1000);
  EXPECT_EQ(config->settings().reconnect_backoff_max_ms, 5000);
}

TEST(ConnectorConfigTest, AcceptsEveryDefaultAsAnExplicitValue) {
  for (const Property& p : AllProperties()) {
    if (p.default_value.empty() || p.name.find('<') != std::string_view::npos) continue;
    StatusOr<ConnectorConfig> config = Build({{std::string(p.name), std::string(p.default_value)}});
    EXPECT_TRUE(config.has_value()) << p.name << ": " << config.error().ToString();
  }
}

TEST(ConnectorConfigTest, ReportsEveryProblemAtOnce) {
  const std::string error =
      ErrorOf(Build({{"database.port", "x"}, {"decimal.handling.mode", "exact"}}));
  EXPECT_THAT(error, HasSubstr("database.port"));
  EXPECT_THAT(error, HasSubstr("decimal.handling.mode"));
}

constexpr char kSecret[] = "Tr0ub4dor&3";

TEST(ConnectorConfigTest, NeverShowsAPasswordGivenUnderAWrongTypedProperty) {
  StatusOr<ConnectorConfig> config =
      Build({{"database.password", kSecret}, {"database.port", kSecret}});
  const std::string error = ErrorOf(config);
  EXPECT_THAT(error, HasSubstr("database.port \"********\" is not an integer"));
  EXPECT_THAT(error, Not(HasSubstr(kSecret)));
}

TEST(ConnectorConfigTest, NeverShowsAPasswordGivenUnderAMisspeltName) {
  StatusOr<ConnectorConfig> config =
      Build({{"database.pasword", kSecret}, {"database.server.id", kSecret}});
  const std::string error = ErrorOf(config);
  EXPECT_THAT(error, HasSubstr("database.server.id"));
  EXPECT_THAT(error, Not(HasSubstr(kSecret)));
}

TEST(ConnectorConfigTest, NeverShowsAPasswordInWarnings) {
  StatusOr<ConnectorConfig> config = Build({{"database.pasword", kSecret},
                                            {"database.ssl.keystore.password", kSecret},
                                            {"database.history.producer.sasl.jaas.config", kSecret},
                                            {"database.ssl.truststore", kSecret}});
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  EXPECT_FALSE(config->warnings().empty());
  EXPECT_THAT(AllWarnings(*config), Not(HasSubstr(kSecret)));
}

TEST(ConnectorConfigTest, NeverShowsAPasswordFromInvalidJson) {
  const std::string text =
      std::string(R"({"name": "n", "config": {"database.password": ")") + kSecret + "\\q\"}}";
  const std::string error = ErrorOf(ParseConnectorJson(text));
  EXPECT_THAT(error, HasSubstr("connector JSON is not valid at line 1"));
  EXPECT_THAT(error, Not(HasSubstr("Tr0ub4dor")));
}

TEST(ConnectorConfigTest, RedactsSecretsByName) {
  EXPECT_EQ(Redacted("database.password", kSecret), "********");
  EXPECT_EQ(Redacted("database.history.consumer.ssl.truststore.password", kSecret), "********");
  EXPECT_EQ(Redacted("database.hostname", "db1"), "db1");
}

}  // namespace
}  // namespace rowcast::config
