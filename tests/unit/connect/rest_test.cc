// The REST layer over a real Worker whose connectors are created STOPPED (so no task connects
// anywhere): paths, status codes, bodies, masking, offsets and the config store. The lifecycle
// against a real MariaDB is tested in tests/integration/test_connect.py.
#include "connect/rest_server.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "connect/config_store.h"
#include "connect/worker.h"

namespace rowcast::connect {
namespace {

using json = nlohmann::json;
using ::testing::HasSubstr;

class RestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("rowcast-rest-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    Open();
  }
  void TearDown() override {
    server_.reset();
    worker_.reset();
    std::filesystem::remove_all(dir_);
  }
  void Open() {
    server_.reset();
    worker_.reset();
    auto store = OpenFileConfigStore((dir_ / "connectors").string());
    ASSERT_TRUE(store.has_value()) << store.error().ToString();
    WorkerOptions o;
    o.data_dir = dir_.string();
    o.sink = "file:" + (dir_ / "events").string();
    o.worker_id = "127.0.0.1:8083";
    o.version = "test";
    auto w = Worker::Create(std::move(o), std::move(*store));
    ASSERT_TRUE(w.has_value());
    worker_ = std::move(*w);
    ASSERT_TRUE(worker_->Start().ok());
    auto s = RestServer::Create(RestOptions{}, worker_.get());
    ASSERT_TRUE(s.has_value()) << s.error().ToString();
    server_ = std::move(*s);
  }
  RestServer::Reply Call(std::string_view method, std::string_view path, std::string_view body = "",
                         std::string_view query = "") {
    return server_->Handle(method, path, query, body);
  }
  static std::string Body(std::string_view name, std::string_view state = "STOPPED") {
    json j;
    j["name"] = name;
    j["config"] = {{"connector.class", "io.debezium.connector.mysql.MySqlConnector"},
                   {"database.hostname", "127.0.0.1"},
                   {"database.port", "1"},
                   {"database.user", "u"},
                   {"database.password", "s3cret-pw"},
                   {"database.server.id", "5"},
                   {"topic.prefix", "p1"}};
    j["initial_state"] = state;
    return j.dump();
  }

  std::filesystem::path dir_;
  std::unique_ptr<Worker> worker_;
  std::unique_ptr<RestServer> server_;
};

TEST_F(RestTest, CreateAnswers201AndMasksTheSecret) {
  auto r = Call("POST", "/connectors", Body("c1"));
  ASSERT_EQ(r.status, 201) << r.body;
  json j = json::parse(r.body);
  EXPECT_EQ(j["name"], "c1");
  EXPECT_EQ(j["type"], "source");
  EXPECT_EQ(j["tasks"], json::array());
  EXPECT_EQ(j["config"]["database.password"], "[hidden]");
  EXPECT_EQ(j["config"]["name"], "c1");
  EXPECT_THAT(r.body, ::testing::Not(HasSubstr("s3cret")));

  r = Call("GET", "/connectors/c1/config");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body)["database.password"], "[hidden]");
  r = Call("GET", "/connectors", "", "expand=info&expand=status");
  ASSERT_EQ(r.status, 200);
  j = json::parse(r.body);
  EXPECT_EQ(j["c1"]["info"]["config"]["database.password"], "[hidden]");
  EXPECT_EQ(j["c1"]["status"]["connector"]["state"], "STOPPED");
  EXPECT_EQ(j["c1"]["status"]["tasks"], json::array());
  EXPECT_EQ(json::parse(Call("GET", "/connectors").body), json::array({"c1"}));
}

TEST_F(RestTest, ErrorsHaveConnectsShapeAndCodes) {
  ASSERT_EQ(Call("POST", "/connectors", Body("c1")).status, 201);
  auto r = Call("POST", "/connectors", Body("c1"));
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(json::parse(r.body),
            (json{{"error_code", 409}, {"message", "Connector c1 already exists"}}));
  r = Call("GET", "/connectors/nope/status");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(json::parse(r.body)["message"], "Connector nope not found");
  for (const char* path : {"/connectors/nope", "/connectors/nope/config", "/connectors/nope/tasks",
                           "/connectors/nope/offsets", "/connectors/nope/tasks/0/status"}) {
    EXPECT_EQ(Call("GET", path).status, 404) << path;
  }
  EXPECT_EQ(Call("PUT", "/connectors/nope/pause").status, 404);
  EXPECT_EQ(Call("DELETE", "/connectors/nope").status, 404);
  EXPECT_EQ(Call("GET", "/nothing/here").status, 404);
  r = Call("DELETE", "/connectors");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(json::parse(r.body)["error_code"], 405);
  r = Call("POST", "/connectors", "{\n  \"name\": \"x\",\n  \"config\": {\"a\": \"b\",}\n}");
  EXPECT_EQ(r.status, 400);
  EXPECT_THAT(r.body, HasSubstr("line 3"));
  EXPECT_THAT(r.body, HasSubstr("column"));
  json bad = json::parse(Body("c2"));
  bad["config"]["connector.class"] = "com.example.Nope";
  r = Call("POST", "/connectors", bad.dump());
  EXPECT_EQ(r.status, 400);
  EXPECT_THAT(r.body, HasSubstr("com.example.Nope"));
  bad = json::parse(Body("c3"));
  bad["config"]["database.port"] = "abc";
  r = Call("POST", "/connectors", bad.dump());
  EXPECT_EQ(r.status, 400);
  EXPECT_THAT(r.body, HasSubstr("database.port"));
}

TEST_F(RestTest, PutConfigKeepsAHiddenSecretAndSurvivesARestart) {
  ASSERT_EQ(Call("POST", "/connectors", Body("c1")).status, 201);
  json config = json::parse(Call("GET", "/connectors/c1/config").body);
  config["topic.prefix"] = "p2";
  auto r = Call("PUT", "/connectors/c1/config", config.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  auto info = worker_->Info("c1");
  ASSERT_TRUE(info.has_value());
  bool found = false;
  for (const auto& [k, v] : info->config) {
    if (k == "database.password") {
      EXPECT_EQ(v, "s3cret-pw");
      found = true;
    }
  }
  EXPECT_TRUE(found);
  // A new worker on the same data directory finds the connector, its config and its state.
  Open();
  r = Call("GET", "/connectors/c1/config");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body)["topic.prefix"], "p2");
  EXPECT_EQ(json::parse(Call("GET", "/connectors/c1/status").body)["connector"]["state"],
            "STOPPED");
  // The config file never holds the password in a response, but does keep it for the task.
  r = Call("PUT", "/connectors/c9/config", json::parse(Body("c9"))["config"].dump());
  EXPECT_EQ(r.status, 201) << r.body;
  Status s = worker_->SetTarget("c9", TargetState::kStopped);
  EXPECT_TRUE(s.ok());
}

TEST_F(RestTest, OffsetsCanBeAlteredAndResetOnlyWhenStopped) {
  ASSERT_EQ(Call("POST", "/connectors", Body("c1")).status, 201);
  auto r = Call("GET", "/connectors/c1/offsets");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body), (json{{"offsets", json::array()}}));
  const std::string patch =
      R"({"offsets":[{"partition":{"server":"p1"},"offset":{"file":"binlog.000003","pos":1234}}]})";
  r = Call("PATCH", "/connectors/c1/offsets", patch);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_THAT(r.body, HasSubstr("altered successfully"));
  r = Call("GET", "/connectors/c1/offsets");
  json j = json::parse(r.body);
  ASSERT_EQ(j["offsets"].size(), 1u);
  EXPECT_EQ(j["offsets"][0]["partition"]["server"], "p1");
  EXPECT_EQ(j["offsets"][0]["offset"]["file"], "binlog.000003");
  EXPECT_EQ(j["offsets"][0]["offset"]["pos"], 1234);
  // Another connector's partition is refused.
  r = Call("PATCH", "/connectors/c1/offsets",
           R"({"offsets":[{"partition":{"server":"other"},"offset":{"file":"b","pos":4}}]})");
  EXPECT_EQ(r.status, 400);
  r = Call("DELETE", "/connectors/c1/offsets");
  ASSERT_EQ(r.status, 200);
  EXPECT_THAT(r.body, HasSubstr("reset successfully"));
  EXPECT_EQ(json::parse(Call("GET", "/connectors/c1/offsets").body)["offsets"], json::array());

  ASSERT_EQ(Call("POST", "/connectors", Body("c2", "PAUSED")).status, 201);
  r = Call("PATCH", "/connectors/c2/offsets", patch);
  EXPECT_EQ(r.status, 400);
  EXPECT_THAT(r.body, HasSubstr("STOPPED"));
  EXPECT_EQ(Call("DELETE", "/connectors/c2/offsets").status, 400);
}

TEST_F(RestTest, DeleteForgetsTheConnectorButKeepsItsOffsets) {
  ASSERT_EQ(Call("POST", "/connectors", Body("c1")).status, 201);
  ASSERT_EQ(Call("PATCH", "/connectors/c1/offsets",
                 R"({"offsets":[{"partition":{"server":"p1"},"offset":{"file":"b.1","pos":4}}]})")
                .status,
            200);
  EXPECT_EQ(Call("DELETE", "/connectors/c1").status, 204);
  EXPECT_EQ(Call("GET", "/connectors/c1").status, 404);
  EXPECT_EQ(json::parse(Call("GET", "/connectors").body), json::array());
  ASSERT_EQ(Call("POST", "/connectors", Body("c1")).status, 201);
  json j = json::parse(Call("GET", "/connectors/c1/offsets").body);
  ASSERT_EQ(j["offsets"].size(), 1u);
  EXPECT_EQ(j["offsets"][0]["offset"]["file"], "b.1");
}

TEST_F(RestTest, PluginsAndVersion) {
  auto r = Call("GET", "/");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(json::parse(r.body).contains("version"));
  r = Call("GET", "/connector-plugins");
  json j = json::parse(r.body);
  ASSERT_GE(j.size(), 2u);
  EXPECT_EQ(j[0]["class"], "io.debezium.connector.mysql.MySqlConnector");
  EXPECT_EQ(j[0]["type"], "source");
  r = Call("PUT", "/connector-plugins/MySqlConnector/config/validate",
           R"({"connector.class": "io.debezium.connector.mysql.MySqlConnector",
               "name": "v", "database.port": "abc"})");
  ASSERT_EQ(r.status, 200) << r.body;
  j = json::parse(r.body);
  EXPECT_GE(j["error_count"].get<int>(), 1);
  bool port_error = false;
  for (const auto& c : j["configs"]) {
    if (c["value"]["name"] == "database.port") port_error = !c["value"]["errors"].empty();
  }
  EXPECT_TRUE(port_error);
  EXPECT_EQ(Call("PUT", "/connector-plugins/Nope/config/validate", "{}").status, 404);
}

}  // namespace
}  // namespace rowcast::connect
