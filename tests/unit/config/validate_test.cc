#include "config/validate.h"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "config/connector_config.h"

namespace rowcast::config {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

using Json = nlohmann::json;
using Props = std::vector<std::pair<std::string, std::string>>;

constexpr std::string_view kMySql = "io.debezium.connector.mysql.MySqlConnector";
constexpr std::string_view kMariaDb = "io.debezium.connector.mariadb.MariaDbConnector";

Props Minimal(Props extra = {}) {
  Props props = {{"name", "c1"},
                 {"database.hostname", "db1"},
                 {"database.user", "cdc"},
                 {"database.server.id", "42"},
                 {"topic.prefix", "shop"}};
  props.insert(props.end(), extra.begin(), extra.end());
  return props;
}

Validation Validate(const Props& props, std::string_view plugin = "MySqlConnector") {
  StatusOr<Validation> v = ValidateConnectorConfig(plugin, props);
  EXPECT_TRUE(v.has_value()) << v.error().ToString();
  return v.value_or(Validation{});
}

Json Body(const Validation& v) { return Json::parse(v.body); }

// The "configs" entry for `name`; null when there is none.
Json ConfigOf(const Json& body, std::string_view name) {
  for (const Json& c : body.at("configs")) {
    if (c.at("definition").at("name") == name) return c;
  }
  return Json();
}

std::vector<std::string> ErrorsOf(const Json& body, std::string_view name) {
  const Json c = ConfigOf(body, name);
  if (c.is_null()) return {"<no entry for " + std::string(name) + ">"};
  return c.at("value").at("errors").get<std::vector<std::string>>();
}

std::vector<std::string> NamesWithProblems(const Validation& v) {
  std::vector<std::string> names;
  for (const PropertyProblem& p : v.errors) names.push_back(p.name);
  return names;
}

TEST(ValidateConnectorConfigTest, AcceptsAValidConfigWithNoErrors) {
  const Validation v = Validate(Minimal());
  EXPECT_EQ(v.plugin_class, kMySql);
  EXPECT_THAT(v.errors, IsEmpty());
  const Json body = Body(v);
  EXPECT_EQ(body.at("name"), kMySql);
  EXPECT_EQ(body.at("error_count"), 0);
  for (const Json& c : body.at("configs")) EXPECT_THAT(c.at("value").at("errors"), IsEmpty());
}

TEST(ValidateConnectorConfigTest, AcceptsThePluginAsClassSimpleNameOrPrunedName) {
  for (std::string_view plugin : {"io.debezium.connector.mysql.MySqlConnector", "MySqlConnector",
                                  "MySql", "mysqlconnector"}) {
    EXPECT_EQ(Validate(Minimal(), plugin).plugin_class, kMySql) << plugin;
  }
  for (std::string_view plugin :
       {"io.debezium.connector.mariadb.MariaDbConnector", "MariaDbConnector", "MariaDb"}) {
    EXPECT_EQ(Validate(Minimal(), plugin).plugin_class, kMariaDb) << plugin;
  }
}

TEST(ValidateConnectorConfigTest, UnknownPluginIsNotFoundNamingTheKnownOnes) {
  StatusOr<Validation> v = ValidateConnectorConfig("PostgresConnector", Minimal());
  ASSERT_FALSE(v.has_value());
  EXPECT_EQ(v.error().code(), StatusCode::kNotFound);
  EXPECT_THAT(v.error().message(),
              AllOf(HasSubstr("PostgresConnector"), HasSubstr(kMySql), HasSubstr(kMariaDb)));
}

TEST(ValidateConnectorConfigTest, ConnectorClassOfAnotherPluginIsInvalidArgument) {
  StatusOr<Validation> v = ValidateConnectorConfig(
      "MariaDbConnector", Minimal({{"connector.class", std::string(kMySql)}}));
  ASSERT_FALSE(v.has_value());
  EXPECT_EQ(v.error().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(v.error().message(), HasSubstr("does not match the plugin"));
  // The same plugin in another spelling matches.
  EXPECT_THAT(Validate(Minimal({{"connector.class", "MySqlConnector"}})).errors, IsEmpty());
}

TEST(ValidateConnectorConfigTest, ConnectorClassDefaultsToThePlugin) {
  const Json body = Body(Validate(Minimal(), "MariaDb"));
  EXPECT_EQ(ConfigOf(body, "connector.class").at("value").at("value"), kMariaDb);
}

TEST(ValidateConnectorConfigTest, ReportsEveryErrorUnderItsProperty) {
  const Validation v = Validate({{"name", "c1"},
                                 {"database.user", "cdc"},
                                 {"database.server.id", "42"},
                                 {"database.port", "33o6"},
                                 {"snapshot.mode", "sometimes"},
                                 {"include.query", "maybe"},
                                 {"table.include.list", "shop.orders, shop.(items"},
                                 {"snapshot.lock.timeout.ms", "99999999999999999999"},
                                 {"skipped.operations", "c,x"}});
  EXPECT_THAT(NamesWithProblems(v),
              ElementsAre("database.port", "snapshot.mode", "include.query", "table.include.list",
                          "snapshot.lock.timeout.ms", "skipped.operations", "topic.prefix",
                          "database.hostname"));
  const Json body = Body(v);
  EXPECT_EQ(body.at("error_count"), 8);
  EXPECT_THAT(ErrorsOf(body, "database.port"),
              ElementsAre(HasSubstr("database.port \"33o6\" is not an integer")));
  EXPECT_THAT(ErrorsOf(body, "snapshot.mode"), ElementsAre(HasSubstr("\"sometimes\"")));
  EXPECT_THAT(ErrorsOf(body, "include.query"), ElementsAre(HasSubstr("true or false")));
  EXPECT_THAT(ErrorsOf(body, "table.include.list"),
              ElementsAre(HasSubstr("not a valid regular expression")));
  EXPECT_THAT(ErrorsOf(body, "snapshot.lock.timeout.ms"), ElementsAre(HasSubstr("out of range")));
  EXPECT_THAT(ErrorsOf(body, "skipped.operations"), ElementsAre(HasSubstr("\"x\"")));
  EXPECT_THAT(ErrorsOf(body, "topic.prefix"), ElementsAre(HasSubstr("topic.prefix is required")));
  EXPECT_THAT(ErrorsOf(body, "database.hostname"),
              ElementsAre(HasSubstr("database.hostname is required")));
  EXPECT_THAT(ErrorsOf(body, "database.user"), IsEmpty());
}

TEST(ValidateConnectorConfigTest, AnInvalidRequiredValueIsNotAlsoReportedMissing) {
  const Validation v = Validate(Minimal({{"database.server.id", "0"}}));
  EXPECT_THAT(NamesWithProblems(v), ElementsAre("database.server.id"));
  EXPECT_THAT(v.errors[0].message, HasSubstr("out of range"));
}

TEST(ValidateConnectorConfigTest, MissingNameIsAnErrorUnderName) {
  Props props = Minimal();
  props.erase(props.begin());
  const Validation v = Validate(props);
  EXPECT_THAT(NamesWithProblems(v), ElementsAre("name"));
  EXPECT_THAT(ErrorsOf(Body(v), "name"), ElementsAre(HasSubstr("has no name")));
  EXPECT_EQ(ConfigOf(Body(v), "name").at("definition").at("required"), true);
}

TEST(ValidateConnectorConfigTest, OldAndNewNameWithDifferentValuesIsAnErrorUnderTheLaterName) {
  const Validation v = Validate(Minimal({{"database.server.name", "legacy"}}));
  EXPECT_THAT(NamesWithProblems(v), ElementsAre("database.server.name"));
  EXPECT_THAT(ErrorsOf(Body(v), "topic.prefix"),
              ElementsAre(HasSubstr("two names of the same property")));
}

TEST(ValidateConnectorConfigTest, ExclusiveListsAreAnErrorUnderBoth) {
  const Validation v =
      Validate(Minimal({{"table.whitelist", "a.b"}, {"table.exclude.list", "a.c"}}));
  EXPECT_THAT(NamesWithProblems(v), ElementsAre("table.whitelist", "table.exclude.list"));
  const Json body = Body(v);
  EXPECT_EQ(body.at("error_count"), 2);
  EXPECT_THAT(ErrorsOf(body, "table.include.list"), ElementsAre(HasSubstr("cannot be used")));
  EXPECT_THAT(ErrorsOf(body, "table.exclude.list"), ElementsAre(HasSubstr("cannot be used")));
}

TEST(ValidateConnectorConfigTest, RejectedValuesAndBadValuePatternsAreErrors) {
  const Validation v = Validate(Minimal(
      {{"event.deserialization.failure.handling.mode", "warn"}, {"topic.prefix", "my shop"}}));
  // topic.prefix keeps the place of its first occurrence in Minimal().
  EXPECT_THAT(NamesWithProblems(v),
              ElementsAre("topic.prefix", "event.deserialization.failure.handling.mode"));
}

TEST(ValidateConnectorConfigTest, TopicCreationProblemsAreEachUnderTheirProperty) {
  const Validation v = Validate(Minimal({{"topic.creation.groups", "g"},
                                         {"topic.creation.default.partitions", "0"},
                                         {"topic.creation.g.exclude", "(x"}}));
  EXPECT_THAT(NamesWithProblems(v),
              ElementsAre("topic.creation.default.partitions", "topic.creation.g.exclude",
                          "topic.creation.default.replication.factor"));
  const Json body = Body(v);
  EXPECT_THAT(ErrorsOf(body, "topic.creation.default.replication.factor"),
              ElementsAre(HasSubstr("both required")));
  EXPECT_THAT(ErrorsOf(body, "topic.creation.g.exclude"),
              ElementsAre(HasSubstr("not a valid regular expression")));
}

TEST(ValidateConnectorConfigTest, ColumnRuleLengthAndKeyColumnsErrors) {
  const Validation v = Validate(Minimal(
      {{"column.truncate.to.0.chars", "a.b.c"}, {"message.key.columns", "inventory.customers"}}));
  EXPECT_THAT(NamesWithProblems(v),
              ElementsAre("column.truncate.to.0.chars", "message.key.columns"));
  EXPECT_THAT(ErrorsOf(Body(v), "column.truncate.to.0.chars"),
              ElementsAre(HasSubstr("the length 0 is not valid")));
}

TEST(ValidateConnectorConfigTest, WarningsAreNotErrors) {
  const Validation v =
      Validate(Minimal({{"frobnicate", "1"}, {"time.precision.mode", "isostring"}}));
  EXPECT_THAT(v.errors, IsEmpty());
  EXPECT_TRUE(ConfigOf(Body(v), "frobnicate").is_null());
}

TEST(ValidateConnectorConfigTest, ProblemsAreFromPropertiesMessagesInOrder) {
  const Props props = Minimal({{"database.port", "x"},
                               {"table.whitelist", "a.b"},
                               {"table.exclude.list", "a.c"},
                               {"database.server.name", "legacy"}});
  StatusOr<ConnectorConfig> config = FromProperties("", props);
  ASSERT_FALSE(config.has_value());
  std::string joined;
  const std::vector<PropertyProblem> problems = CheckProperties("", props);
  for (size_t i = 0; i < problems.size(); ++i) {
    if (i > 0 && problems[i].message == problems[i - 1].message) continue;
    if (!joined.empty()) joined += "; ";
    joined += problems[i].message;
  }
  EXPECT_EQ(config.error().message(), joined);
  EXPECT_THAT(CheckProperties("", Minimal()), IsEmpty());
}

TEST(ValidateConnectorConfigTest, BodyHasKafkaConnectsConfigInfosShape) {
  const Json body = Body(Validate(Minimal({{"database.password", "pw-123456"}})));
  ASSERT_TRUE(body.is_object());
  EXPECT_THAT(body.at("groups").get<std::vector<std::string>>(),
              AllOf(Contains("Common"), Contains("Connection"), Contains("Snapshots")));
  EXPECT_EQ(body.at("groups").at(0), "Common");
  const Json first = body.at("configs").at(0);
  EXPECT_EQ(first.at("definition").at("name"), "name");
  EXPECT_EQ(first.at("definition").at("group"), "Common");
  EXPECT_EQ(first.at("definition").at("order"), 1);

  const Json host = ConfigOf(body, "database.hostname");
  ASSERT_FALSE(host.is_null());
  const Json& d = host.at("definition");
  for (const char* field :
       {"name", "type", "required", "default_value", "importance", "documentation", "group",
        "width", "display_name", "dependents", "order"}) {
    EXPECT_TRUE(d.contains(field)) << field;
  }
  EXPECT_EQ(d.at("type"), "STRING");
  EXPECT_EQ(d.at("required"), true);
  EXPECT_TRUE(d.at("default_value").is_null());
  EXPECT_EQ(d.at("importance"), "HIGH");
  EXPECT_EQ(d.at("group"), "Connection");
  EXPECT_THAT(d.at("documentation").get<std::string>(), HasSubstr("Host name"));
  EXPECT_TRUE(d.at("dependents").is_array());
  const Json& value = host.at("value");
  EXPECT_EQ(value.at("name"), "database.hostname");
  EXPECT_EQ(value.at("value"), "db1");
  EXPECT_TRUE(value.at("recommended_values").is_array());
  EXPECT_EQ(value.at("visible"), true);

  EXPECT_EQ(ConfigOf(body, "database.port").at("definition").at("type"), "INT");
  EXPECT_EQ(ConfigOf(body, "database.port").at("definition").at("default_value"), "3306");
  EXPECT_EQ(ConfigOf(body, "database.port").at("value").at("value"), "3306");
  EXPECT_EQ(ConfigOf(body, "database.server.id").at("definition").at("type"), "LONG");
  EXPECT_EQ(ConfigOf(body, "database.password").at("definition").at("type"), "PASSWORD");
  EXPECT_EQ(ConfigOf(body, "table.include.list").at("definition").at("type"), "LIST");
  EXPECT_EQ(ConfigOf(body, "include.query").at("definition").at("type"), "BOOLEAN");
  EXPECT_EQ(ConfigOf(body, "connector.class").at("definition").at("type"), "CLASS");
  EXPECT_EQ(ConfigOf(body, "connector.class").at("definition").at("group"), "Common");
  EXPECT_EQ(ConfigOf(body, "errors.tolerance").at("definition").at("group"), "Common");
  const Json mode = ConfigOf(body, "snapshot.mode");
  EXPECT_EQ(mode.at("definition").at("type"), "STRING");
  EXPECT_THAT(mode.at("value").at("recommended_values").get<std::vector<std::string>>(),
              AllOf(Contains("initial"), Contains("no_data")));
  EXPECT_TRUE(ConfigOf(body, "table.include.list").at("value").at("value").is_null());
}

TEST(ValidateConnectorConfigTest, ListsPatternPropertiesOnlyWhenUsed) {
  const Json plain = Body(Validate(Minimal()));
  for (const Json& c : plain.at("configs")) {
    const std::string name = c.at("definition").at("name");
    EXPECT_EQ(name.find('<'), std::string::npos) << name;
    EXPECT_FALSE(name.ends_with('*')) << name;
  }
  const Json used = Body(Validate(Minimal(
      {{"column.truncate.to.20.chars", "a.b.c"}, {"database.history.producer.acks", "all"}})));
  EXPECT_EQ(ConfigOf(used, "column.truncate.to.20.chars").at("value").at("value"), "a.b.c");
  EXPECT_EQ(ConfigOf(used, "schema.history.internal.producer.acks").at("value").at("value"), "all");
}

TEST(ValidateConnectorConfigTest, OldNamesShowTheirValueUnderTheCanonicalName) {
  const Json body = Body(Validate(Minimal({{"table.whitelist", "shop.orders"}})));
  EXPECT_EQ(ConfigOf(body, "table.include.list").at("value").at("value"), "shop.orders");
}

TEST(ValidateConnectorConfigTest, SecretsAreHiddenInTheBodyAndNeverInMessages) {
  const std::string secret = "hunter2-secret";
  const Validation v = Validate(Minimal({{"database.password", secret},
                                         {"table.include.list", secret + "("},
                                         {"database.history.producer.ssl.key.password", secret},
                                         {"database.port", secret}}));
  EXPECT_THAT(v.errors, SizeIs(2));
  EXPECT_EQ(v.body.find(secret), std::string::npos) << v.body;
  EXPECT_THAT(InvalidConfigMessage(v), Not(HasSubstr(secret)));
  for (const PropertyProblem& p : v.errors) EXPECT_THAT(p.message, Not(HasSubstr(secret)));
  const Json body = Body(v);
  EXPECT_EQ(ConfigOf(body, "database.password").at("value").at("value"), "[hidden]");
  EXPECT_EQ(
      ConfigOf(body, "schema.history.internal.producer.ssl.key.password").at("value").at("value"),
      "[hidden]");
}

TEST(ValidateConnectorConfigTest, InvalidConfigMessageIsKafkaConnects) {
  const Validation v = Validate({{"name", "c1"},
                                 {"database.hostname", "db1"},
                                 {"database.user", "cdc"},
                                 {"database.server.id", "42"},
                                 {"database.port", "x"}});
  ASSERT_THAT(v.errors, SizeIs(2));
  EXPECT_EQ(InvalidConfigMessage(v),
            "Connector configuration is invalid and contains the following 2 error(s):\n"
            "database.port: " +
                v.errors[0].message + "\ntopic.prefix: " + v.errors[1].message +
                "\nYou can also find the above list of errors at the endpoint "
                "`/connector-plugins/{connectorType}/config/validate`");
}

TEST(ValidateConnectorConfigTest, ErrorCountIsTheNumberOfMessagesInTheBody) {
  const Validation v = Validate({{"database.port", "x"}, {"include.query", "y"}});
  const Json body = Body(v);
  size_t messages = 0;
  for (const Json& c : body.at("configs")) messages += c.at("value").at("errors").size();
  EXPECT_EQ(body.at("error_count"), messages);
  EXPECT_EQ(messages, v.errors.size());
  EXPECT_THAT(v.errors, Contains(Field(&PropertyProblem::name, "database.server.id")));
}

TEST(ValidateConnectorConfigTest, BodyIsValidJsonEvenForValuesThatAreNotUtf8) {
  const Validation v = Validate(Minimal({{"database.hostname", "db\xff"}}));
  EXPECT_TRUE(Json::accept(v.body));
}

}  // namespace
}  // namespace rowcast::config
