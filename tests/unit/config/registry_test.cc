#include "config/registry.h"

#include <set>
#include <string>

#include <gtest/gtest.h>

namespace rowcast::config {
namespace {

std::string CanonicalOf(std::string_view name) {
  std::optional<Resolution> r = Resolve(name);
  return r.has_value() ? r->canonical_name : "<unknown>";
}

TEST(RegistryTest, ResolvesOldFilterNamesToIncludeAndExcludeLists) {
  EXPECT_EQ(CanonicalOf("database.whitelist"), "database.include.list");
  EXPECT_EQ(CanonicalOf("database.blacklist"), "database.exclude.list");
  EXPECT_EQ(CanonicalOf("table.whitelist"), "table.include.list");
  EXPECT_EQ(CanonicalOf("table.blacklist"), "table.exclude.list");
  EXPECT_EQ(CanonicalOf("column.whitelist"), "column.include.list");
  EXPECT_EQ(CanonicalOf("column.blacklist"), "column.exclude.list");
}

TEST(RegistryTest, ResolvesOtherRenamedProperties) {
  EXPECT_EQ(CanonicalOf("database.server.name"), "topic.prefix");
  EXPECT_EQ(CanonicalOf("event.deserialization.failure.handling.mode"),
            "event.processing.failure.handling.mode");
  EXPECT_EQ(CanonicalOf("heartbeat.topics.prefix"), "topic.heartbeat.prefix");
  EXPECT_EQ(CanonicalOf("snapshot.minimal.locks"), "snapshot.locking.mode");
  EXPECT_EQ(CanonicalOf("database.history"), "schema.history.internal");
  EXPECT_EQ(CanonicalOf("database.history.kafka.topic"), "schema.history.internal.kafka.topic");
  EXPECT_EQ(CanonicalOf("database.history.store.only.monitored.tables.ddl"),
            "schema.history.internal.store.only.captured.tables.ddl");
}

TEST(RegistryTest, TellsWhenANameIsAnOldAlias) {
  std::optional<Resolution> old_name = Resolve("database.whitelist");
  ASSERT_TRUE(old_name.has_value());
  EXPECT_NE(old_name->alias, nullptr);
  std::optional<Resolution> new_name = Resolve("database.include.list");
  ASSERT_TRUE(new_name.has_value());
  EXPECT_EQ(new_name->alias, nullptr);
}

TEST(RegistryTest, ResolvesColumnRulePatternsWithTheirLength) {
  std::optional<Resolution> r = Resolve("column.truncate.to.1024.chars");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->property->name, "column.truncate.to.<N>.chars");
  EXPECT_EQ(r->canonical_name, "column.truncate.to.1024.chars");
  EXPECT_EQ(r->captures, std::vector<std::string>{"1024"});
  EXPECT_FALSE(Resolve("column.truncate.to.ten.chars").has_value());
}

TEST(RegistryTest, ResolvesHashMaskPatternsWithAlgorithmAndSalt) {
  std::optional<Resolution> r = Resolve("column.mask.hash.SHA-256.with.salt.pepper.and.salt");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->property->name, "column.mask.hash.<ALGO>.with.salt.<SALT>");
  EXPECT_EQ(r->captures, (std::vector<std::string>{"SHA-256", "pepper.and.salt"}));
  std::optional<Resolution> v2 = Resolve("column.mask.hash.v2.SHA-256.with.salt.x");
  ASSERT_TRUE(v2.has_value());
  EXPECT_EQ(v2->property->name, "column.mask.hash.v2.<ALGO>.with.salt.<SALT>");
}

TEST(RegistryTest, ResolvesOldHistoryPassThroughUnderTheNewPrefix) {
  EXPECT_EQ(CanonicalOf("database.history.producer.security.protocol"),
            "schema.history.internal.producer.security.protocol");
  EXPECT_EQ(CanonicalOf("database.history.consumer.ssl.truststore.location"),
            "schema.history.internal.consumer.ssl.truststore.location");
}

TEST(RegistryTest, PrefersExactNamesOverPatterns) {
  std::optional<Resolution> r = Resolve("value.converter.schemas.enable");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->property->name, "value.converter.schemas.enable");
  std::optional<Resolution> other = Resolve("value.converter.schema.registry.url");
  ASSERT_TRUE(other.has_value());
  EXPECT_EQ(other->property->name, "value.converter.*");
}

TEST(RegistryTest, DoesNotKnowMadeUpNames) {
  EXPECT_FALSE(Resolve("made.up.property").has_value());
  EXPECT_FALSE(Resolve("driver.").has_value());
}

TEST(RegistryTest, CoversEveryPropertyOfTheDebeziumReference) {
  // Debezium 3.x properties listed in shared/reference/debezium-and-peers.md section 1.2.
  const char* const kReference[] = {
      "name", "connector.class", "tasks.max", "topic.prefix", "database.hostname", "database.port",
      "database.user", "database.password", "database.server.id", "database.server.id.offset",
      "connect.timeout.ms", "connect.keep.alive", "connect.keep.alive.interval.ms",
      "database.ssl.mode", "database.ssl.keystore", "database.ssl.keystore.password",
      "database.ssl.truststore", "database.ssl.truststore.password", "database.jdbc.driver",
      "database.protocol", "database.initial.statements", "database.query.timeout.ms",
      "binlog.net.read.timeout", "binlog.net.write.timeout", "use.nongraceful.disconnect",
      "driver.serverTimezone", "database.include.list", "database.exclude.list",
      "table.include.list", "table.exclude.list", "column.include.list", "column.exclude.list",
      "table.ignore.builtin", "skipped.operations", "skip.messages.without.change",
      "gtid.source.includes", "gtid.source.excludes", "gtid.source.filter.dml.events",
      "gtid.ignore.on.recovery", "column.truncate.to.20.chars", "column.mask.with.0.chars",
      "column.mask.hash.SHA-256.with.salt.abc", "column.mask.hash.v2.MD5.with.salt.abc",
      "column.propagate.source.type", "datatype.propagate.source.type", "message.key.columns",
      "snapshot.mode", "snapshot.mode.configuration.based.snapshot.data",
      "snapshot.mode.configuration.based.snapshot.schema",
      "snapshot.mode.configuration.based.start.stream",
      "snapshot.mode.configuration.based.snapshot.on.schema.error",
      "snapshot.mode.configuration.based.snapshot.on.data.error", "snapshot.mode.custom.name",
      "snapshot.locking.mode", "snapshot.locking.mode.custom.name", "snapshot.lock.timeout.ms",
      "snapshot.query.mode", "snapshot.query.mode.custom.name",
      "snapshot.select.statement.overrides", "snapshot.select.statement.overrides.db.t",
      "snapshot.include.collection.list", "snapshot.fetch.size", "min.row.count.to.stream.results",
      "snapshot.max.threads", "snapshot.max.threads.multiplier", "legacy.snapshot.max.threads",
      "snapshot.tables.order.by.row.count", "snapshot.delay.ms", "streaming.delay.ms",
      "signal.data.collection", "signal.enabled.channels", "signal.kafka.topic", "signal.file",
      "signal.poll.interval.ms", "incremental.snapshot.chunk.size",
      "incremental.snapshot.watermarking.strategy", "incremental.snapshot.allow.schema.changes",
      "read.only", "binlog.buffer.size", "include.query", "enable.time.adjuster",
      "inconsistent.schema.handling.mode", "event.processing.failure.handling.mode",
      "event.converting.failure.handling.mode", "ddl.parser.type",
      "resolve.create.table.like.schema", "errors.max.retries", "max.batch.size", "max.queue.size",
      "max.queue.size.in.bytes", "poll.interval.ms", "poll.dispatch.interval.ms",
      "guardrail.collections.max", "guardrail.collections.limit.action", "decimal.handling.mode",
      "time.precision.mode", "bigint.unsigned.handling.mode", "binary.handling.mode",
      "schema.name.adjustment.mode", "field.name.adjustment.mode", "converters",
      "include.schema.changes", "include.schema.comments", "schema.history.internal",
      "schema.history.internal.kafka.topic", "schema.history.internal.kafka.bootstrap.servers",
      "schema.history.internal.kafka.recovery.poll.interval.ms",
      "schema.history.internal.kafka.recovery.attempts",
      "schema.history.internal.kafka.query.timeout.ms",
      "schema.history.internal.kafka.create.timeout.ms",
      "schema.history.internal.kafka.buffer.batch.size",
      "schema.history.internal.skip.unparseable.ddl",
      "schema.history.internal.store.only.captured.tables.ddl",
      "schema.history.internal.store.only.captured.databases.ddl",
      "schema.history.internal.memory.optimization", "schema.history.internal.prefer.ddl",
      "schema.history.internal.producer.acks", "schema.history.internal.consumer.group.id",
      "topic.naming.strategy", "topic.delimiter", "topic.cache.size", "topic.heartbeat.prefix",
      "heartbeat.interval.ms", "heartbeat.action.query", "tombstones.on.delete",
      "provide.transaction.metadata", "topic.transaction", "notification.enabled.channels",
      "custom.metric.tags", "custom.sanitize.pattern", "statistics.metrics.enabled",
      "source.struct.version", "openlineage.integration.enabled",
      // Kafka Connect names that appear in connector JSON, and rowcast's own.
      "key.converter", "value.converter", "key.converter.schemas.enable",
      "value.converter.schemas.enable", "header.converter", "transforms", "transforms.unwrap.type",
      "predicates", "predicates.isTable.type", "errors.tolerance",
      "topic.creation.default.partitions", "config.action.reload", "offset.flush.interval.ms",
      "database.ssl.ca", "database.ssl.cert", "database.ssl.key",
      "rowcast.binlog.heartbeat.interval.ms", "rowcast.reconnect.backoff.max.ms"};
  for (const char* name : kReference) {
    EXPECT_TRUE(Resolve(name).has_value()) << name;
  }
}

TEST(RegistryTest, DeclaresEveryNameOnce) {
  std::set<std::string_view> names;
  for (const Property& p : AllProperties()) {
    EXPECT_TRUE(names.insert(p.name).second) << p.name;
    for (const Alias& a : p.aliases) {
      EXPECT_TRUE(names.insert(a.name).second) << a.name;
    }
  }
}

TEST(RegistryTest, DocumentsEveryPropertyAndSaysWhyWhenItIsNotUsed) {
  for (const Property& p : AllProperties()) {
    EXPECT_FALSE(p.doc.empty()) << p.name;
    EXPECT_TRUE(p.doc.ends_with('.')) << p.name;
    if (p.support != SupportLevel::kSupported) {
      EXPECT_FALSE(p.note.empty()) << p.name;
    }
  }
}

TEST(RegistryTest, GivesEnumsAllowedValuesAndAValidDefault) {
  for (const Property& p : AllProperties()) {
    if (p.type != PropertyType::kEnum) continue;
    EXPECT_FALSE(p.allowed.empty()) << p.name;
    if (!p.default_value.empty()) {
      EXPECT_NE(std::find(p.allowed.begin(), p.allowed.end(), p.default_value), p.allowed.end())
          << p.name;
    }
  }
}

TEST(RegistryTest, SuggestsTheNearestNameForATypo) {
  EXPECT_EQ(SuggestName("databse.hostname"), "database.hostname");
  EXPECT_EQ(SuggestName("topic.prefx"), "topic.prefix");
  EXPECT_EQ(SuggestName("Database.Port"), "database.port");
  EXPECT_EQ(SuggestName("database.histroy.kafka.topic"), "database.history.kafka.topic");
}

TEST(RegistryTest, SuggestsNothingForNamesThatAreFarOff) {
  EXPECT_FALSE(SuggestName("completely.different").has_value());
  EXPECT_FALSE(SuggestName("xyz").has_value());
  EXPECT_FALSE(SuggestName("database.serverTimezone").has_value());
}

TEST(RegistryTest, TreatsPasswordsAndCredentialsAsSecret) {
  EXPECT_TRUE(IsSecretName("database.password"));
  EXPECT_TRUE(IsSecretName("database.ssl.truststore.password"));
  EXPECT_TRUE(IsSecretName("database.history.producer.ssl.truststore.password"));
  EXPECT_TRUE(IsSecretName("schema.history.internal.producer.sasl.jaas.config"));
  EXPECT_FALSE(IsSecretName("database.user"));
  EXPECT_FALSE(IsSecretName("database.ssl.key"));  // a file path, not key material
}

}  // namespace
}  // namespace rowcast::config
