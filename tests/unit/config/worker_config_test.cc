#include "config/worker_config.h"

#include <cstdio>
#include <fstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rowcast::config {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

using Props = std::vector<std::pair<std::string, std::string>>;

Props Parse(std::string_view text) {
  StatusOr<Props> props = ParseProperties(text);
  EXPECT_TRUE(props.has_value()) << props.error().ToString();
  return props.value_or(Props{});
}

WorkerConfig Worker(std::string_view text) {
  StatusOr<WorkerConfig> config = ParseWorkerConfig(text);
  EXPECT_TRUE(config.has_value()) << config.error().ToString();
  return config.value_or(WorkerConfig{});
}

std::string ErrorOf(std::string_view text) {
  StatusOr<WorkerConfig> config = ParseWorkerConfig(text);
  if (config.has_value()) return "<no error>";
  EXPECT_EQ(config.error().code(), StatusCode::kInvalidArgument);
  return config.error().message();
}

TEST(PropertiesTest, AcceptsTheThreeSeparators) {
  EXPECT_THAT(Parse("a=1\nb: 2\nc 3\n"),
              ElementsAre(Pair("a", "1"), Pair("b", "2"), Pair("c", "3")));
}

TEST(PropertiesTest, SkipsWhitespaceAroundTheSeparatorButKeepsTrailingWhitespace) {
  EXPECT_THAT(Parse("  key  =  value  \n"), ElementsAre(Pair("key", "value  ")));
}

TEST(PropertiesTest, TakesOnlyOneSeparator) {
  EXPECT_THAT(Parse("a = = b\nc:=d\ne =:f\n"),
              ElementsAre(Pair("a", "= b"), Pair("c", "=d"), Pair("e", ":f")));
}

TEST(PropertiesTest, KeyWithoutValueIsEmpty) {
  EXPECT_THAT(Parse("alone\nempty=\nspaced   \n"),
              ElementsAre(Pair("alone", ""), Pair("empty", ""), Pair("spaced", "")));
}

TEST(PropertiesTest, SkipsCommentsAndBlankLines) {
  EXPECT_THAT(Parse("# hash\n! bang\n   # indented\n\n \t \f\nk=v # not a comment\n"),
              ElementsAre(Pair("k", "v # not a comment")));
}

TEST(PropertiesTest, CommentLinesAreNotContinued) {
  EXPECT_THAT(Parse("# comment \\\nk=v\n"), ElementsAre(Pair("k", "v")));
}

TEST(PropertiesTest, BackslashContinuesTheLineAndDropsLeadingWhitespace) {
  EXPECT_THAT(Parse("list=a,\\\n    b,\\\n\tc\n"), ElementsAre(Pair("list", "a,b,c")));
}

TEST(PropertiesTest, ContinuationWorksInTheKeyToo) {
  EXPECT_THAT(Parse("long\\\n  key=v\n"), ElementsAre(Pair("longkey", "v")));
}

TEST(PropertiesTest, EvenTrailingBackslashesAreEscapedBackslashes) {
  EXPECT_THAT(Parse("a=x\\\\\nb=y\n"), ElementsAre(Pair("a", "x\\"), Pair("b", "y")));
}

TEST(PropertiesTest, OddTrailingBackslashesContinue) {
  EXPECT_THAT(Parse("a=x\\\\\\\ny\n"), ElementsAre(Pair("a", "x\\y")));
}

TEST(PropertiesTest, ContinuedLineStartingWithHashIsData) {
  EXPECT_THAT(Parse("a=1\\\n  # two\n"), ElementsAre(Pair("a", "1# two")));
}

TEST(PropertiesTest, BlankLineEndsAContinuation) {
  EXPECT_THAT(Parse("a=1\\\n\nb=2\n"), ElementsAre(Pair("a", "1"), Pair("b", "2")));
}

TEST(PropertiesTest, BackslashAtEndOfInputIsDropped) {
  EXPECT_THAT(Parse("a=1\\"), ElementsAre(Pair("a", "1")));
}

TEST(PropertiesTest, AcceptsCrLfAndLoneCrLineEnds) {
  EXPECT_THAT(Parse("a=1\r\nb=2\rc=3\\\r\n  4\r"),
              ElementsAre(Pair("a", "1"), Pair("b", "2"), Pair("c", "34")));
}

TEST(PropertiesTest, LastLineNeedsNoNewline) {
  EXPECT_THAT(Parse("a=1\nb=2"), ElementsAre(Pair("a", "1"), Pair("b", "2")));
}

TEST(PropertiesTest, ResolvesEscapes) {
  EXPECT_THAT(Parse(R"(v=\t|\n|\r|\f|\\|\=|\:|\#|\!|\ |\q)"),
              ElementsAre(Pair("v", "\t|\n|\r|\f|\\|=|:|#|!| |q")));
}

TEST(PropertiesTest, KeysMayHoldEscapedSeparatorsAndSpaces) {
  EXPECT_THAT(Parse(R"(my\:key\=x\ y = v)"), ElementsAre(Pair("my:key=x y", "v")));
}

TEST(PropertiesTest, UnicodeEscapesBecomeUtf8) {
  EXPECT_THAT(Parse(R"(v=\u0041\u00e9\u20AC)"), ElementsAre(Pair("v", "A\xC3\xA9\xE2\x82\xAC")));
}

TEST(PropertiesTest, SurrogatePairsBecomeOneCharacter) {
  EXPECT_THAT(Parse(R"(v=\uD83D\uDE00)"), ElementsAre(Pair("v", "\xF0\x9F\x98\x80")));
}

TEST(PropertiesTest, KeepsRawUtf8Bytes) {
  EXPECT_THAT(Parse("v=caf\xC3\xA9\n"), ElementsAre(Pair("v", "caf\xC3\xA9")));
}

TEST(PropertiesTest, LaterDuplicateWinsInThePlaceOfTheFirst) {
  EXPECT_THAT(Parse("a=1\nb=2\na=3\n"), ElementsAre(Pair("a", "3"), Pair("b", "2")));
}

TEST(PropertiesTest, EscapedAndPlainSpellingsOfAKeyAreOneKey) {
  EXPECT_THAT(Parse("a\\b=1\nab=2\n"), ElementsAre(Pair("ab", "2")));
}

TEST(PropertiesTest, RejectsMalformedUnicodeEscapeNamingTheLine) {
  StatusOr<Props> props = ParseProperties("a=1\n\nb=x\\u12G4\n");
  ASSERT_FALSE(props.has_value());
  EXPECT_EQ(props.error().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(props.error().message(), AllOf(HasSubstr("line 3"), HasSubstr("value of b")));
}

TEST(PropertiesTest, RejectsTruncatedUnicodeEscape) {
  EXPECT_FALSE(ParseProperties("k=\\u12").has_value());
  EXPECT_FALSE(ParseProperties("k\\u1=v").has_value());
}

TEST(PropertiesTest, RejectsUnpairedSurrogates) {
  EXPECT_FALSE(ParseProperties(R"(v=\uD83D)").has_value());
  EXPECT_FALSE(ParseProperties(R"(v=\uD83Dx)").has_value());
  EXPECT_FALSE(ParseProperties(R"(v=\uDE00)").has_value());
}

TEST(PropertiesTest, MalformedEscapeInASecretDoesNotShowTheValue) {
  StatusOr<Props> props = ParseProperties("ssl.key.password=hunter2\\uZZZZ\n");
  ASSERT_FALSE(props.has_value());
  EXPECT_THAT(props.error().message(), Not(HasSubstr("hunter2")));
}

TEST(PropertiesTest, EmptyTextHasNoProperties) {
  EXPECT_THAT(Parse(""), IsEmpty());
  EXPECT_THAT(Parse("\n\n# only comments\n"), IsEmpty());
}

TEST(WorkerConfigTest, EmptyFileGivesKafkaConnectDefaults) {
  const WorkerConfig c = Worker("");
  EXPECT_EQ(c.bootstrap_servers, "localhost:9092");
  EXPECT_EQ(c.offset_storage_partitions, 25);
  EXPECT_EQ(c.offset_storage_replication_factor, 3);
  EXPECT_EQ(c.offset_flush_interval_ms, 60000);
  EXPECT_EQ(c.offset_flush_timeout_ms, 5000);
  EXPECT_EQ(c.connector_client_config_override_policy, "All");
  EXPECT_EQ(c.listeners, "http://:8083");
  EXPECT_FALSE(c.rest_port.has_value());
  EXPECT_EQ(c.key_converter, kJsonConverter);
  EXPECT_EQ(c.value_converter, kJsonConverter);
  EXPECT_TRUE(c.key_converter_schemas_enable);
  EXPECT_TRUE(c.value_converter_schemas_enable);
  EXPECT_EQ(c.exactly_once_source_support, "disabled");
  EXPECT_TRUE(c.topic_creation_enable);
  EXPECT_THAT(c.warnings, IsEmpty());
}

// Kafka 3.x config/connect-standalone.properties, as shipped.
TEST(WorkerConfigTest, ReadsTheStockStandaloneFileWithoutWarnings) {
  const WorkerConfig c =
      Worker(R"(# Licensed to the Apache Software Foundation (ASF) under one or more
bootstrap.servers=localhost:9092

# The converters specify the format of data in Kafka and how to translate it into Connect data.
key.converter=org.apache.kafka.connect.json.JsonConverter
value.converter=org.apache.kafka.connect.json.JsonConverter
key.converter.schemas.enable=true
value.converter.schemas.enable=true

offset.storage.file.filename=/tmp/connect.offsets
# Flush much faster than normal, which is useful for testing/debugging
offset.flush.interval.ms=10000

#plugin.path=
plugin.path=/usr/share/java,/opt/connectors
)");
  EXPECT_EQ(c.offset_storage_file_filename, "/tmp/connect.offsets");
  EXPECT_EQ(c.offset_flush_interval_ms, 10000);
  EXPECT_THAT(c.warnings, IsEmpty());
}

TEST(WorkerConfigTest, ReadsADistributedFile) {
  const WorkerConfig c = Worker(R"(
bootstrap.servers = kafka1:9092, kafka2:9092 ,
group.id=connect-cluster
offset.storage.topic=connect-offsets
offset.storage.replication.factor=-1
offset.storage.partitions=50
config.storage.topic=connect-configs
config.storage.replication.factor=1
status.storage.topic=connect-status
status.storage.replication.factor=1
offset.flush.timeout.ms = 10000
listeners=HTTP://:8083, https://0.0.0.0:8443
exactly.once.source.support=Enabled
topic.creation.enable=false
key.converter.schemas.enable=FALSE
connector.client.config.override.policy=None
)");
  EXPECT_EQ(c.bootstrap_servers, "kafka1:9092,kafka2:9092");
  EXPECT_EQ(c.group_id, "connect-cluster");
  EXPECT_EQ(c.offset_storage_topic, "connect-offsets");
  EXPECT_EQ(c.offset_storage_replication_factor, -1);
  EXPECT_EQ(c.offset_storage_partitions, 50);
  EXPECT_EQ(c.config_storage_topic, "connect-configs");
  EXPECT_EQ(c.status_storage_topic, "connect-status");
  EXPECT_EQ(c.offset_flush_timeout_ms, 10000);
  EXPECT_EQ(c.listeners, "HTTP://:8083,https://0.0.0.0:8443");
  EXPECT_EQ(c.exactly_once_source_support, "enabled");
  EXPECT_FALSE(c.topic_creation_enable);
  EXPECT_FALSE(c.key_converter_schemas_enable);
  EXPECT_TRUE(c.value_converter_schemas_enable);
  EXPECT_EQ(c.connector_client_config_override_policy, "None");
  EXPECT_THAT(c.warnings, IsEmpty());
}

TEST(WorkerConfigTest, SortsClientSettingsByPrefix) {
  const WorkerConfig c = Worker(R"(
security.protocol=SASL_SSL
sasl.mechanism=PLAIN
ssl.truststore.location=/etc/ca.pem
request.timeout.ms=20000
producer.compression.type=zstd
producer.security.protocol=SSL
consumer.max.poll.records=10
admin.request.timeout.ms=5000
admin.listeners=http://localhost:8084
admin.listeners.https.ssl.keystore.location=/x
)");
  EXPECT_THAT(c.common_client, UnorderedElementsAre(Pair("security.protocol", "SASL_SSL"),
                                                    Pair("sasl.mechanism", "PLAIN"),
                                                    Pair("ssl.truststore.location", "/etc/ca.pem"),
                                                    Pair("request.timeout.ms", "20000")));
  EXPECT_THAT(c.producer, UnorderedElementsAre(Pair("compression.type", "zstd"),
                                               Pair("security.protocol", "SSL")));
  EXPECT_THAT(c.consumer, UnorderedElementsAre(Pair("max.poll.records", "10")));
  EXPECT_THAT(c.admin, UnorderedElementsAre(Pair("request.timeout.ms", "5000")));
  EXPECT_THAT(c.warnings, IsEmpty());
}

TEST(WorkerConfigTest, ClientSettingsMergeCommonThenRoleWithBootstrapServers) {
  const WorkerConfig c = Worker(R"(
bootstrap.servers=k:9092
security.protocol=SASL_SSL
send.buffer.bytes=1000
producer.security.protocol=SSL
producer.linger.ms=5
consumer.group.id=g
)");
  EXPECT_THAT(c.ClientSettings(ClientRole::kProducer),
              ElementsAre(Pair("bootstrap.servers", "k:9092"), Pair("linger.ms", "5"),
                          Pair("security.protocol", "SSL"), Pair("send.buffer.bytes", "1000")));
  EXPECT_THAT(
      c.ClientSettings(ClientRole::kConsumer),
      ElementsAre(Pair("bootstrap.servers", "k:9092"), Pair("group.id", "g"),
                  Pair("security.protocol", "SASL_SSL"), Pair("send.buffer.bytes", "1000")));
  EXPECT_THAT(
      c.ClientSettings(ClientRole::kAdmin),
      ElementsAre(Pair("bootstrap.servers", "k:9092"), Pair("security.protocol", "SASL_SSL"),
                  Pair("send.buffer.bytes", "1000")));
}

TEST(WorkerConfigTest, PrefixedBootstrapServersWinForThatRole) {
  const WorkerConfig c = Worker("bootstrap.servers=a:1\nproducer.bootstrap.servers=b:2\n");
  EXPECT_EQ(c.ClientSettings(ClientRole::kProducer).at("bootstrap.servers"), "b:2");
  EXPECT_EQ(c.ClientSettings(ClientRole::kConsumer).at("bootstrap.servers"), "a:1");
}

TEST(WorkerConfigTest, WarnsAboutUnknownPropertiesByNameOnly) {
  const WorkerConfig c = Worker("foo.bar=1\nmy.password=hunter2\nproducer.=x\n");
  EXPECT_THAT(c.warnings, ElementsAre("unknown worker property foo.bar is ignored",
                                      "unknown worker property my.password is ignored",
                                      "unknown worker property producer. is ignored"));
}

TEST(WorkerConfigTest, AcceptsKnownKafkaConnectSettingsSilently) {
  const WorkerConfig c = Worker(R"(
plugin.path=/opt
plugin.discovery=hybrid_warn
key.converter.schema.registry.url=http://sr
value.converter.replace.null.with.default=false
header.converter=org.apache.kafka.connect.storage.SimpleHeaderConverter
internal.key.converter=org.apache.kafka.connect.json.JsonConverter
rest.advertised.host.name=connect1
config.storage.replication.factor=3
status.storage.partitions=5
offset.storage.cleanup.policy=compact
scheduled.rebalance.max.delay.ms=300000
task.shutdown.graceful.timeout.ms=5000
metrics.recording.level=INFO
metric.reporters=
config.providers=file
config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider
client.id=worker-1
heartbeat.interval.ms=3000
session.timeout.ms=10000
rebalance.timeout.ms=60000
worker.sync.timeout.ms=3000
listeners.https.ssl.keystore.location=/k
access.control.allow.origin=*
response.http.headers.config=add X-Frame-Options: DENY
topic.tracking.enable=true
inter.worker.key.ttl.ms=3600000
connect.protocol=sessioned
)");
  EXPECT_THAT(c.warnings, IsEmpty());
  EXPECT_THAT(c.common_client, IsEmpty());
}

TEST(WorkerConfigTest, ExpandsJsonConverterAlias) {
  const WorkerConfig c = Worker("key.converter=JsonConverter\n");
  EXPECT_EQ(c.key_converter, kJsonConverter);
  EXPECT_THAT(c.warnings, IsEmpty());
}

TEST(WorkerConfigTest, WarnsAboutOtherConverters) {
  const WorkerConfig c = Worker("value.converter=io.confluent.connect.avro.AvroConverter\n");
  EXPECT_EQ(c.value_converter, "io.confluent.connect.avro.AvroConverter");
  ASSERT_EQ(c.warnings.size(), 1u);
  EXPECT_THAT(c.warnings[0], AllOf(HasSubstr("value.converter"), HasSubstr("AvroConverter"),
                                   HasSubstr("not supported")));
}

TEST(WorkerConfigTest, AcceptsOverridePolicyAliasesAndClassNames) {
  EXPECT_EQ(Worker("connector.client.config.override.policy=principal\n")
                .connector_client_config_override_policy,
            "Principal");
  EXPECT_EQ(Worker("connector.client.config.override.policy=org.apache.kafka.connect.connector."
                   "policy.NoneConnectorClientConfigOverridePolicy\n")
                .connector_client_config_override_policy,
            "None");
  EXPECT_EQ(Worker("connector.client.config.override.policy=AllConnectorClientConfigOverridePolicy")
                .connector_client_config_override_policy,
            "All");
}

TEST(WorkerConfigTest, DerivesListenersFromDeprecatedRestPort) {
  const WorkerConfig c = Worker("rest.port=8084\nrest.host.name=0.0.0.0\n");
  EXPECT_EQ(c.rest_port, 8084);
  EXPECT_EQ(c.listeners, "http://0.0.0.0:8084");
  EXPECT_EQ(Worker("rest.port=9000\n").listeners, "http://:9000");
}

TEST(WorkerConfigTest, ListenersWinOverRestPort) {
  const WorkerConfig c = Worker("rest.port=8084\nlisteners=http://:9999\n");
  EXPECT_EQ(c.listeners, "http://:9999");
  EXPECT_EQ(c.rest_port, 8084);
}

TEST(WorkerConfigTest, TrimsNumbersAndAcceptsLeadingPlus) {
  const WorkerConfig c = Worker("offset.flush.interval.ms= +500 \t\n");
  EXPECT_EQ(c.offset_flush_interval_ms, 500);
}

TEST(WorkerConfigTest, RejectsBadNumbersNamingKeyValueAndRange) {
  EXPECT_THAT(ErrorOf("offset.storage.partitions=many\n"),
              AllOf(HasSubstr("offset.storage.partitions"), HasSubstr("\"many\""),
                    HasSubstr("-1 (the broker's default) or a whole number from 1")));
  EXPECT_THAT(ErrorOf("offset.storage.partitions=0\n"), HasSubstr("offset.storage.partitions"));
  EXPECT_THAT(ErrorOf("offset.storage.partitions=2147483648\n"),
              HasSubstr("offset.storage.partitions"));
  EXPECT_THAT(ErrorOf("offset.storage.replication.factor=0\n"),
              AllOf(HasSubstr("offset.storage.replication.factor"), HasSubstr("\"0\"")));
  EXPECT_THAT(ErrorOf("offset.storage.replication.factor=-2\n"),
              HasSubstr("offset.storage.replication.factor"));
  EXPECT_THAT(ErrorOf("offset.storage.replication.factor=40000\n"), HasSubstr("32767"));
  EXPECT_THAT(ErrorOf("offset.flush.interval.ms=-1\n"),
              AllOf(HasSubstr("offset.flush.interval.ms"), HasSubstr("at least 0")));
  EXPECT_THAT(ErrorOf("offset.flush.timeout.ms=5s\n"), HasSubstr("offset.flush.timeout.ms"));
  EXPECT_THAT(ErrorOf("rest.port=70000\n"), AllOf(HasSubstr("rest.port"), HasSubstr("65535")));
  EXPECT_THAT(ErrorOf("bootstrap.servers= , \n"), HasSubstr("bootstrap.servers"));
}

TEST(WorkerConfigTest, RejectsBadBooleansAndEnums) {
  EXPECT_THAT(
      ErrorOf("topic.creation.enable=yes\n"),
      AllOf(HasSubstr("topic.creation.enable"), HasSubstr("\"yes\""), HasSubstr("true or false")));
  EXPECT_THAT(ErrorOf("value.converter.schemas.enable=1\n"),
              HasSubstr("value.converter.schemas.enable"));
  EXPECT_THAT(ErrorOf("exactly.once.source.support=on\n"),
              AllOf(HasSubstr("exactly.once.source.support"), HasSubstr("\"on\""),
                    HasSubstr("disabled, preparing or enabled")));
  EXPECT_THAT(ErrorOf("connector.client.config.override.policy=Some\n"),
              AllOf(HasSubstr("connector.client.config.override.policy"), HasSubstr("\"Some\""),
                    HasSubstr("None, Principal or All")));
}

TEST(WorkerConfigTest, PropertiesSyntaxErrorsAreInvalidArgument) {
  EXPECT_THAT(ErrorOf("group.id=\\uXYZW\n"), HasSubstr("line 1"));
}

TEST(WorkerConfigTest, LoadsAFile) {
  const std::string path = ::testing::TempDir() + "/worker_config_test.properties";
  {
    std::ofstream out(path, std::ios::binary);
    out << "bootstrap.servers=k:1\nproducer.acks=all\n";
  }
  StatusOr<WorkerConfig> c = LoadWorkerConfig(path);
  std::remove(path.c_str());
  ASSERT_TRUE(c.has_value()) << c.error().ToString();
  EXPECT_EQ(c->bootstrap_servers, "k:1");
  EXPECT_THAT(c->producer, ElementsAre(Pair("acks", "all")));
}

TEST(WorkerConfigTest, MissingFileErrorNamesPathAndReason) {
  StatusOr<WorkerConfig> c = LoadWorkerConfig("/nonexistent/connect.properties");
  ASSERT_FALSE(c.has_value());
  EXPECT_EQ(c.error().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(c.error().message(),
              AllOf(HasSubstr("/nonexistent/connect.properties"), HasSubstr("No such file")));
}

TEST(WorkerConfigTest, DirectoryErrorNamesPathAndReason) {
  StatusOr<WorkerConfig> c = LoadWorkerConfig(::testing::TempDir());
  ASSERT_FALSE(c.has_value());
  EXPECT_THAT(c.error().message(), HasSubstr("directory"));
}

TEST(WorkerConfigTest, ParseErrorsInAFileNameThePath) {
  const std::string path = ::testing::TempDir() + "/worker_config_bad.properties";
  {
    std::ofstream out(path, std::ios::binary);
    out << "offset.flush.interval.ms=soon\n";
  }
  StatusOr<WorkerConfig> c = LoadWorkerConfig(path);
  std::remove(path.c_str());
  ASSERT_FALSE(c.has_value());
  EXPECT_THAT(c.error().message(), AllOf(HasSubstr(path), HasSubstr("offset.flush.interval.ms")));
}

}  // namespace
}  // namespace rowcast::config
