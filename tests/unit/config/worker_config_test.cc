#include "config/worker_config.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
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
  EXPECT_EQ(c.config_storage_replication_factor, 1);
  EXPECT_EQ(c.status_storage_topic, "connect-status");
  EXPECT_EQ(c.status_storage_replication_factor, 1);
  EXPECT_EQ(c.status_storage_partitions, 5);
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

TEST(WorkerConfigTest, RowcastConnectDefaults) {
  const WorkerConfig c = Worker("");
  EXPECT_FALSE(c.bootstrap_servers_set);
  EXPECT_EQ(c.data_dir, "rowcast-data");
  EXPECT_EQ(c.sink, "");
  EXPECT_EQ(c.rest_tls, RestTlsConfig{});
  EXPECT_EQ(c.rest_tls.client_auth, "none");
  EXPECT_EQ(c.rest_auth_basic_user, "");
  EXPECT_EQ(c.rest_auth_bearer_token, "");
  EXPECT_FALSE(c.rest_advertised_port.has_value());
  EXPECT_THAT(c.config_providers, IsEmpty());
}

TEST(WorkerConfigTest, RecordsThatBootstrapServersWasGiven) {
  const WorkerConfig c = Worker("bootstrap.servers=localhost:9092\n");
  EXPECT_TRUE(c.bootstrap_servers_set);
  EXPECT_EQ(c.bootstrap_servers, "localhost:9092");
}

TEST(WorkerConfigTest, ReadsRowcastDataDirAndSink) {
  const WorkerConfig c =
      Worker("rowcast.data.dir = /var/lib/rowcast \nrowcast.sink=file:/tmp/ev\n");
  EXPECT_EQ(c.data_dir, "/var/lib/rowcast");
  EXPECT_EQ(c.sink, "file:/tmp/ev");
  EXPECT_THAT(c.warnings, IsEmpty());
  EXPECT_THAT(ErrorOf("rowcast.data.dir=  \n"), HasSubstr("rowcast.data.dir"));
}

TEST(WorkerConfigTest, ReadsRestAuthentication) {
  const WorkerConfig c = Worker(
      "rowcast.rest.auth.basic.user=admin\nrowcast.rest.auth.basic.password=pa ss\n"
      "rowcast.rest.auth.bearer.token=tok-123\n");
  EXPECT_EQ(c.rest_auth_basic_user, "admin");
  EXPECT_EQ(c.rest_auth_basic_password, "pa ss");
  EXPECT_EQ(c.rest_auth_bearer_token, "tok-123");
  EXPECT_THAT(c.warnings, IsEmpty());
}

TEST(WorkerConfigTest, BasicUserAndPasswordGoTogether) {
  EXPECT_THAT(ErrorOf("rowcast.rest.auth.basic.user=admin\n"), HasSubstr("go together"));
  const std::string error = ErrorOf("rowcast.rest.auth.basic.password=hunter2-secret\n");
  EXPECT_THAT(error, HasSubstr("go together"));
  EXPECT_THAT(error, Not(HasSubstr("hunter2-secret")));
  EXPECT_THAT(ErrorOf("rowcast.rest.auth.basic.user=a:b\nrowcast.rest.auth.basic.password=x\n"),
              HasSubstr("without ':'"));
}

TEST(WorkerConfigTest, ReadsRestAdvertisedSettings) {
  const WorkerConfig c = Worker(
      "rest.advertised.host.name=connect1.example\nrest.advertised.port=443\n"
      "rest.advertised.listener=HTTPS\n");
  EXPECT_EQ(c.rest_advertised_host_name, "connect1.example");
  EXPECT_EQ(c.rest_advertised_port, 443);
  EXPECT_EQ(c.rest_advertised_listener, "https");
  EXPECT_THAT(ErrorOf("rest.advertised.port=0\n"), HasSubstr("rest.advertised.port"));
  EXPECT_THAT(ErrorOf("rest.advertised.listener=ftp\n"),
              AllOf(HasSubstr("rest.advertised.listener"), HasSubstr("http or https")));
}

TEST(WorkerConfigTest, ReadsTheHttpsListenerSettings) {
  const WorkerConfig c = Worker(R"(
listeners=https://0.0.0.0:8443
listeners.https.ssl.keystore.type=pem
listeners.https.ssl.keystore.location=/etc/rowcast/server.pem
listeners.https.ssl.key.password=key-secret
listeners.https.ssl.truststore.location=/etc/rowcast/clients-ca.pem
listeners.https.ssl.client.auth=Required
ssl.keystore.location=/etc/kafka/client.jks
ssl.keystore.type=JKS
)");
  EXPECT_EQ(c.rest_tls.keystore_location, "/etc/rowcast/server.pem");
  EXPECT_EQ(c.rest_tls.key_password, "key-secret");
  EXPECT_EQ(c.rest_tls.truststore_location, "/etc/rowcast/clients-ca.pem");
  EXPECT_EQ(c.rest_tls.client_auth, "required");
  // The un-prefixed ones stay the Kafka clients'.
  EXPECT_EQ(c.common_client.at("ssl.keystore.type"), "JKS");
  EXPECT_THAT(c.warnings, IsEmpty());
}

TEST(WorkerConfigTest, HttpsListenerFallsBackToUnprefixedSslSettings) {
  const WorkerConfig c = Worker(R"(
listeners=http://:8083,https://:8443
ssl.keystore.location=/etc/rowcast/server.pem
ssl.key.password=pw
ssl.client.auth=requested
)");
  EXPECT_EQ(c.rest_tls.keystore_location, "/etc/rowcast/server.pem");
  EXPECT_EQ(c.rest_tls.key_password, "pw");
  EXPECT_EQ(c.rest_tls.client_auth, "requested");
  EXPECT_EQ(c.common_client.at("ssl.keystore.location"), "/etc/rowcast/server.pem");
}

TEST(WorkerConfigTest, AnyPrefixedHttpsSettingTurnsTheFallbackOff) {
  const WorkerConfig c = Worker(R"(
listeners=https://:8443
listeners.https.ssl.client.auth=none
ssl.keystore.location=/etc/kafka/client.pem
)");
  EXPECT_EQ(c.rest_tls.keystore_location, "");
}

TEST(WorkerConfigTest, UnprefixedSslSettingsAreNotTheRestServersWithoutHttps) {
  const WorkerConfig c = Worker("ssl.keystore.type=JKS\nssl.keystore.location=/k.jks\n");
  EXPECT_EQ(c.rest_tls.keystore_location, "");
  EXPECT_EQ(c.common_client.at("ssl.keystore.type"), "JKS");
}

TEST(WorkerConfigTest, HttpsKeystoreMustBePem) {
  EXPECT_THAT(ErrorOf("listeners.https.ssl.keystore.type=JKS\n"),
              AllOf(HasSubstr("listeners.https.ssl.keystore.type"), HasSubstr("\"JKS\""),
                    HasSubstr("PEM")));
  EXPECT_THAT(ErrorOf("listeners=https://:8443\nssl.keystore.type=PKCS12\n"),
              AllOf(HasSubstr("ssl.keystore.type"), HasSubstr("PEM")));
  EXPECT_THAT(ErrorOf("listeners.https.ssl.truststore.type=JKS\n"), HasSubstr("PEM"));
  EXPECT_THAT(ErrorOf("listeners.https.ssl.client.auth=always\n"),
              AllOf(HasSubstr("listeners.https.ssl.client.auth"),
                    HasSubstr("none, requested or required")));
}

TEST(WorkerConfigTest, WarnsAboutInlinePemForTheHttpsListener) {
  const WorkerConfig c = Worker("listeners.https.ssl.keystore.key=-----BEGIN PRIVATE KEY-----\n");
  ASSERT_EQ(c.warnings.size(), 1u);
  EXPECT_THAT(c.warnings[0], AllOf(HasSubstr("listeners.https.ssl.keystore.key is ignored"),
                                   Not(HasSubstr("BEGIN"))));
}

TEST(WorkerConfigTest, RejectsListenersThatDoNotParse) {
  EXPECT_THAT(ErrorOf("listeners=localhost:8083\n"),
              AllOf(HasSubstr("listeners"), HasSubstr("scheme")));
  EXPECT_THAT(ErrorOf("listeners=http://:8083,ftp://:21\n"), HasSubstr("http or https"));
  EXPECT_THAT(ErrorOf("listeners=\n"), HasSubstr("listeners is empty"));
}

TEST(ListenerTest, EmptyHostBindsLoopbackNotEveryInterface) {
  StatusOr<Listener> l = ParseListener("http://:8083");
  ASSERT_TRUE(l.has_value()) << l.error().ToString();
  EXPECT_EQ(*l, (Listener{.scheme = "http", .host = "127.0.0.1", .port = 8083}));
}

TEST(ListenerTest, TakesTheFirstListener) {
  StatusOr<Listener> l = ParseListener(" HTTPS://0.0.0.0:8443 , http://:8083");
  ASSERT_TRUE(l.has_value()) << l.error().ToString();
  EXPECT_EQ(*l, (Listener{.scheme = "https", .host = "0.0.0.0", .port = 8443}));
}

TEST(ListenerTest, ReadsHostNamesIpv6AndPortZero) {
  EXPECT_EQ(ParseListener("http://connect-1.example:80")->host, "connect-1.example");
  EXPECT_EQ(ParseListener("http://[::1]:8083")->host, "::1");
  EXPECT_EQ(ParseListener("http://[::]:0")->port, 0);
}

TEST(ListenerTest, RejectsGarbageSayingWhatIsExpected) {
  for (std::string_view bad :
       {"", "8083", "http//:8083", "tcp://:8083", "http://host", "http://:port", "http://:70000",
        "http://::1:8083", "http://[::1]8083", "http://host/path:80", "http://:-1"}) {
    StatusOr<Listener> l = ParseListener(bad);
    ASSERT_FALSE(l.has_value()) << bad;
    EXPECT_EQ(l.error().code(), StatusCode::kInvalidArgument);
    EXPECT_THAT(l.error().message(), HasSubstr("<scheme>://<host>:<port>")) << bad;
  }
}

// A directory with a secrets file for the config provider tests, removed at the end.
class WorkerProvidersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "/worker_providers_" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::filesystem::create_directories(dir_);
    std::ofstream(dir_ + "/secrets.properties", std::ios::binary)
        << "rest.password=rest-secret-1\nport=8090\nbad.port=eighty-eighty\n";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Providers() const {
    return "config.providers=file,env\n"
           "config.providers.file.class=org.apache.kafka.common.config.provider."
           "FileConfigProvider\n"
           "config.providers.file.param.allowed.paths=" +
           dir_ +
           "\n"
           "config.providers.env.class=org.apache.kafka.common.config.provider."
           "EnvVarConfigProvider\n";
  }

  std::string dir_;
};

TEST_F(WorkerProvidersTest, ResolvesWorkerValuesAndKeepsTheProviderSettings) {
  ::setenv("ROWCAST_WORKER_TEST_TOKEN", "env-token-1", 1);
  const WorkerConfig c = Worker(Providers() +
                                "rowcast.rest.auth.basic.user=admin\n"
                                "rowcast.rest.auth.basic.password=${file:" +
                                dir_ +
                                "/secrets.properties:rest.password}\n"
                                "rowcast.rest.auth.bearer.token=${env:ROWCAST_WORKER_TEST_TOKEN}\n"
                                "rest.advertised.port=${file:" +
                                dir_ + "/secrets.properties:port}\n");
  EXPECT_EQ(c.rest_auth_basic_password, "rest-secret-1");
  EXPECT_EQ(c.rest_auth_bearer_token, "env-token-1");
  EXPECT_EQ(c.rest_advertised_port, 8090);
  EXPECT_EQ(c.config_providers.at("config.providers"), "file,env");
  EXPECT_EQ(c.config_providers.at("config.providers.file.param.allowed.paths"), dir_);
  EXPECT_EQ(c.config_providers.size(), 4u);
  EXPECT_THAT(c.warnings, IsEmpty());
}

TEST_F(WorkerProvidersTest, UnknownProviderClassFailsTheWorker) {
  EXPECT_THAT(ErrorOf("config.providers=vault\nconfig.providers.vault.class=com.example.Vault\n"),
              AllOf(HasSubstr("config.providers.vault.class"), HasSubstr("com.example.Vault")));
}

TEST_F(WorkerProvidersTest, FailingReferenceNamesKeyAndReference) {
  const std::string ref = "${file:" + dir_ + "/secrets.properties:nope}";
  EXPECT_THAT(ErrorOf(Providers() + "rowcast.rest.auth.bearer.token=" + ref + "\n"),
              AllOf(HasSubstr("rowcast.rest.auth.bearer.token"), HasSubstr(ref)));
}

TEST_F(WorkerProvidersTest, PathOutsideAllowedPathsIsRefused) {
  EXPECT_THAT(ErrorOf(Providers() + "group.id=${file:/etc/passwd:root}\n"),
              HasSubstr("outside config.providers.file.param.allowed.paths"));
}

TEST_F(WorkerProvidersTest, BadResolvedValueShowsTheReferenceNotTheValue) {
  const std::string ref = "${file:" + dir_ + "/secrets.properties:bad.port}";
  const std::string error = ErrorOf(Providers() + "rest.advertised.port=" + ref + "\n");
  EXPECT_THAT(error, AllOf(HasSubstr("rest.advertised.port"), HasSubstr(ref),
                           HasSubstr("from a config provider")));
  EXPECT_THAT(error, Not(HasSubstr("eighty-eighty")));
}

TEST_F(WorkerProvidersTest, ReferencesWithoutProvidersStayAsWritten) {
  EXPECT_EQ(Worker("group.id=${file:/x:y}\n").group_id, "${file:/x:y}");
}

}  // namespace
}  // namespace rowcast::config
