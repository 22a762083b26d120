// rowcast: change data capture for MySQL and MariaDB. This file only wires the command line to
// the modules; see docs/architecture.md.
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include "capture/connector_task.h"
#include "capture/replay.h"
#include "common/logging.h"
#include "config/connector_config.h"
#include "config/docs.h"
#include "config/providers.h"
#include "config/worker_config.h"
#include "connect/config_store.h"
#include "connect/rest_server.h"
#include "connect/task_setup.h"
#include "connect/worker.h"
#include "dispatch/event_display.h"
#include "dispatch/kafka_dispatcher.h"
#include "sinks/kafka/client_config.h"
#include "sinks/kafka/offset_store.h"
#include "sinks/kafka/topics_check.h"

namespace {

constexpr int kExitConfig = 2;
constexpr int kExitFatal = 1;

int Fail(const rowcast::Status& s, int code) {
  spdlog::error("{}", s.ToString());
  std::fprintf(stderr, "error: %s\n", s.message().c_str());
  return code;
}

int RunConnector(const std::string& path, const std::string& sink, const std::string& data_dir,
                 const std::string& worker_file) {
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "error: cannot read connector file %s\n", path.c_str());
    return kExitConfig;
  }
  std::stringstream text;
  text << in.rdbuf();
  auto cfg = rowcast::config::ParseConnectorJson(text.str());
  if (!cfg.has_value()) return Fail(cfg.error().WithContext(path), kExitConfig);
  for (const auto& w : cfg->warnings()) spdlog::warn("{}", w);

  // Signals are taken by a watcher thread, so stopping never runs inside a signal handler. They
  // are blocked before any thread starts (librdkafka's, the sink's), since threads inherit the
  // mask and a thread without it would take SIGTERM's default action.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGUSR1);  // internal: wakes the watcher when the task ends by itself
  pthread_sigmask(SIG_BLOCK, &set, nullptr);

  std::optional<rowcast::config::WorkerConfig> worker;
  if (!worker_file.empty()) {
    auto w = rowcast::config::LoadWorkerConfig(worker_file);
    if (!w.has_value()) return Fail(w.error(), kExitConfig);
    for (const auto& warning : w->warnings) spdlog::warn("{}: {}", worker_file, warning);
    worker = std::move(*w);
  }
  auto options = rowcast::connect::BuildTaskOptions(cfg->settings(), worker ? &*worker : nullptr,
                                                    sink, data_dir);
  if (!options.has_value()) return Fail(options.error(), kExitConfig);
  auto task = rowcast::capture::ConnectorTask::Create(std::move(*options));
  if (!task.has_value()) {
    const auto code =
        task.error().code() == rowcast::StatusCode::kInvalidArgument ? kExitConfig : kExitFatal;
    return Fail(task.error(), code);
  }

  rowcast::capture::ConnectorTask* t = task->get();
  std::thread watcher([set, t] {
    int sig = 0;
    sigwait(&set, &sig);
    if (sig == SIGINT || sig == SIGTERM) {
      spdlog::info("received {}, stopping", sig == SIGINT ? "SIGINT" : "SIGTERM");
      t->Stop();
    }
  });
  rowcast::Status s = (*task)->Run();
  // Wake the watcher if it is still waiting.
  pthread_kill(watcher.native_handle(), SIGUSR1);
  watcher.join();
  if (!s.ok()) {
    const auto code = s.code() == rowcast::StatusCode::kInvalidArgument ? kExitConfig : kExitFatal;
    return Fail(s, code);
  }
  spdlog::info("stopped; offsets committed");
  return 0;
}

// `rowcast connect`: the worker with Kafka Connect's REST API, until SIGINT/SIGTERM.
int ConnectWorker(const std::string& worker_file) {
  using rowcast::connect::RestServer;
  using rowcast::connect::Worker;
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);

  // Without a file: Kafka Connect's defaults (listener on 127.0.0.1:8083, state in
  // ./rowcast-data, events into files there).
  auto w = worker_file.empty() ? rowcast::config::ParseWorkerConfig("")
                               : rowcast::config::LoadWorkerConfig(worker_file);
  if (!w.has_value()) return Fail(w.error(), kExitConfig);
  for (const auto& warning : w->warnings) spdlog::warn("{}: {}", worker_file, warning);
  auto listener = rowcast::config::ParseListener(w->listeners);
  if (!listener.has_value()) return Fail(listener.error().WithContext(worker_file), kExitConfig);
  auto providers = rowcast::config::MakeConfigProviders(w->config_providers);
  if (!providers.has_value()) return Fail(providers.error().WithContext(worker_file), kExitConfig);

  rowcast::connect::WorkerOptions options;
  options.worker = *w;
  options.data_dir = w->data_dir;
  options.sink = !w->sink.empty()           ? w->sink
                 : w->bootstrap_servers_set ? "kafka"
                                            : "file:" + w->data_dir + "/events";
  options.version = "0.1.0";
  options.resolve = [p = std::move(*providers)](const rowcast::connect::ConfigMap& c) {
    return rowcast::config::ResolveConfig(p, c);
  };

  std::unique_ptr<rowcast::connect::ConfigStore> store;
  if (!w->config_storage_topic.empty()) {
    using rowcast::sinks::kafka::TranslateClientProperties;
    rowcast::connect::KafkaConfigStoreOptions k;
    k.config_topic = w->config_storage_topic;
    k.status_topic = w->status_storage_topic;
    k.config_replication_factor = w->config_storage_replication_factor;
    k.status_partitions = w->status_storage_partitions;
    k.status_replication_factor = w->status_storage_replication_factor;
    auto producer =
        TranslateClientProperties(w->ClientSettings(rowcast::config::ClientRole::kProducer),
                                  rowcast::sinks::kafka::ClientRole::kProducer);
    if (!producer.has_value()) return Fail(producer.error(), kExitConfig);
    auto consumer =
        TranslateClientProperties(w->ClientSettings(rowcast::config::ClientRole::kConsumer),
                                  rowcast::sinks::kafka::ClientRole::kConsumer);
    if (!consumer.has_value()) return Fail(consumer.error(), kExitConfig);
    k.producer = producer->set;
    k.consumer = consumer->set;
    auto opened = rowcast::connect::OpenKafkaConfigStore(std::move(k));
    if (!opened.has_value()) return Fail(opened.error(), kExitFatal);
    store = std::move(*opened);
  } else {
    auto opened = rowcast::connect::OpenFileConfigStore(w->data_dir + "/connectors");
    if (!opened.has_value()) return Fail(opened.error(), kExitFatal);
    store = std::move(*opened);
  }

  auto worker = Worker::Create(std::move(options), std::move(store));
  if (!worker.has_value()) return Fail(worker.error(), kExitFatal);
  rowcast::connect::RestOptions rest;
  rest.scheme = listener->scheme;
  rest.host = listener->host;
  rest.port = listener->port;
  rest.tls_keystore = w->rest_tls.keystore_location;
  rest.tls_key_password = w->rest_tls.key_password;
  if (w->rest_tls.client_auth == "required") rest.tls_client_ca = w->rest_tls.truststore_location;
  rest.basic_user = w->rest_auth_basic_user;
  rest.basic_password = w->rest_auth_basic_password;
  rest.bearer_token = w->rest_auth_bearer_token;
  auto server = RestServer::Create(std::move(rest), worker->get());
  if (!server.has_value()) return Fail(server.error(), kExitConfig);
  if (auto s = (*server)->Bind(); !s.ok()) return Fail(s, kExitFatal);
  const std::string host =
      w->rest_advertised_host_name.empty() ? listener->host : w->rest_advertised_host_name;
  (*worker)->set_worker_id(
      fmt::format("{}:{}", host, w->rest_advertised_port.value_or((*server)->port())));
  if (auto s = (*worker)->Start(); !s.ok()) return Fail(s, kExitFatal);

  RestServer* srv = server->get();
  std::thread serving([srv] {
    if (auto s = srv->Serve(); !s.ok()) spdlog::error("{}", s.message());
  });
  spdlog::info("REST API listening on {}", srv->url());
  int sig = 0;
  sigwait(&set, &sig);
  spdlog::info("received {}, stopping the worker", sig == SIGINT ? "SIGINT" : "SIGTERM");
  srv->Stop();
  serving.join();
  (*worker)->Shutdown();
  spdlog::info("stopped; offsets committed");
  return 0;
}

struct ReplayArgs {
  std::vector<std::string> files;
  std::string config;
  std::string sink = "stdout";
  std::optional<uint64_t> start_position, stop_position;
  std::string start_datetime, stop_datetime;
  std::vector<std::string> schema_files;
};

struct TopicsCheckArgs {
  std::string connector_file, worker_file, bootstrap;
};

// `rowcast topics check`: prints one line per topic the connector depends on; exit 1 when one
// of them is misconfigured.
int TopicsCheck(const TopicsCheckArgs& a) {
  using rowcast::config::ClientRole;
  std::ifstream in(a.connector_file);
  if (!in) {
    std::fprintf(stderr, "error: cannot read connector file %s\n", a.connector_file.c_str());
    return kExitConfig;
  }
  std::stringstream text;
  text << in.rdbuf();
  auto cfg = rowcast::config::ParseConnectorJson(text.str());
  if (!cfg.has_value()) return Fail(cfg.error().WithContext(a.connector_file), kExitConfig);
  const auto& s = cfg->settings();
  rowcast::config::WorkerConfig worker;
  if (!a.worker_file.empty()) {
    auto w = rowcast::config::LoadWorkerConfig(a.worker_file);
    if (!w.has_value()) return Fail(w.error(), kExitConfig);
    worker = std::move(*w);
  }
  std::map<std::string, std::string> java = worker.ClientSettings(ClientRole::kAdmin);
  if (!a.bootstrap.empty()) {
    java["bootstrap.servers"] = a.bootstrap;
  } else if (a.worker_file.empty() && !s.history_kafka_bootstrap.empty()) {
    java["bootstrap.servers"] = s.history_kafka_bootstrap;
  } else if (a.worker_file.empty()) {
    std::fprintf(stderr, "error: which Kafka? give --bootstrap HOST:PORT or --worker FILE\n");
    return kExitConfig;
  }
  auto client = rowcast::sinks::kafka::TranslateClientProperties(java, ClientRole::kAdmin);
  if (!client.has_value()) return Fail(client.error(), kExitConfig);
  rowcast::sinks::kafka::TopicsCheckInput check;
  check.client = client->set;
  check.prefix = s.topic_prefix;
  check.history_topic = s.history_kafka_topic;
  check.offset_topic = worker.offset_storage_topic;
  for (const auto& g : s.topic_creation) {
    check.rules.push_back(rowcast::sinks::kafka::TopicRule{
        g.name, g.include, g.exclude, {g.partitions, g.replication_factor, g.configs}});
  }
  auto findings = rowcast::sinks::kafka::CheckTopics(check);
  if (!findings.has_value()) return Fail(findings.error(), kExitFatal);
  int problems = 0;
  for (const auto& f : *findings) {
    problems += f.problem ? 1 : 0;
    std::printf("%-8s %s (%s): %s\n", f.problem ? "PROBLEM" : "ok", f.topic.c_str(), f.role.c_str(),
                f.text.c_str());
  }
  std::printf("%zu topic(s) checked, %d problem(s)\n", findings->size(), problems);
  return problems == 0 ? 0 : 1;
}

int ReplayFiles(const ReplayArgs& a) {
  rowcast::capture::ReplayOptions o;
  o.files = a.files;
  o.sink = a.sink;
  o.start_position = a.start_position;
  o.stop_position = a.stop_position;
  o.schema_files = a.schema_files;
  std::string config_text = R"({"name": "replay", "config": {}})";
  if (!a.config.empty()) {
    std::ifstream in(a.config);
    if (!in) {
      std::fprintf(stderr, "error: cannot read connector file %s\n", a.config.c_str());
      return kExitConfig;
    }
    std::stringstream text;
    text << in.rdbuf();
    config_text = text.str();
  }
  auto settings = rowcast::capture::ReplaySettings(config_text);
  if (!settings.has_value()) return Fail(settings.error().WithContext(a.config), kExitConfig);
  o.settings = *settings;
  for (auto [text, target] : {std::pair{&a.start_datetime, &o.start_datetime},
                              std::pair{&a.stop_datetime, &o.stop_datetime}}) {
    if (text->empty()) continue;
    auto t = rowcast::capture::ParseDatetime(*text);
    if (!t.has_value()) return Fail(t.error(), kExitConfig);
    *target = *t;
  }
  const auto started = std::chrono::steady_clock::now();
  auto stats = rowcast::capture::Replay(o);
  if (!stats.has_value()) {
    const auto code =
        stats.error().code() == rowcast::StatusCode::kInvalidArgument ? kExitConfig : kExitFatal;
    return Fail(stats.error(), code);
  }
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  spdlog::info("replayed {} events ({:.1f} MB) into {} records in {:.3f} s", stats->events,
               static_cast<double>(stats->bytes) / 1e6, stats->records, secs);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "rowcast: change data capture for MySQL and MariaDB.\n"
      "Reads the row-based binary log as a replica and writes one Debezium-compatible event per\n"
      "committed row change. Takes the same connector JSON as Kafka Connect's POST /connectors."};
  app.set_version_flag("--version", std::string("rowcast 0.1.0"));
  app.require_subcommand(1);
  app.fallthrough();  // --log-level may come after the subcommand
  std::string log_level = "info";
  app.add_option("--log-level", log_level, "trace, debug, info, warn or error (logs go to stderr)");

  auto* run = app.add_subcommand(
      "run",
      "Run one connector in the foreground until SIGINT/SIGTERM.\n"
      "CONNECTOR.json is {\"name\": ..., \"config\": {...}} exactly as POSTed to Kafka Connect;\n"
      "2017-era Debezium property names are accepted. Offsets are committed every\n"
      "offset.flush.interval.ms and at shutdown; a restart resumes where the last commit left "
      "off.");
  std::string connector_file;
  std::string sink = "stdout";
  std::string data_dir = "rowcast-data";
  run->add_option("CONNECTOR.json", connector_file, "connector configuration file")->required();
  std::string worker_file;
  run->add_option(
         "--sink", sink,
         "where records go: 'stdout' (one JSON line per record), 'file:DIR' (one NDJSON file "
         "per topic in DIR), 'kafka' (bootstrap.servers from --worker), 'kafka:HOST:PORT', or "
         "'http:URL' (each row change POSTed as a CloudEvent; 'http' alone: the URL in K_SINK)")
      ->capture_default_str();
  run->add_option("--worker", worker_file,
                  "Kafka Connect worker properties (connect-standalone.properties): "
                  "bootstrap.servers, producer.*, security settings");
  run->add_option("--data-dir", data_dir, "directory for offsets (DIR/offsets/<name>.json)")
      ->capture_default_str();

  auto* connect = app.add_subcommand(
      "connect",
      "Run a worker that serves Kafka Connect's REST API (POST /connectors, status, pause,\n"
      "resume, restart, offsets, ...) and runs many connectors, until SIGINT/SIGTERM.\n"
      "WORKER.properties uses Kafka Connect's names (listeners, bootstrap.servers,\n"
      "config/offset/status.storage.topic, ...) plus rowcast.data.dir and rowcast.sink; see\n"
      "docs/rest-api.md.");
  std::string connect_worker_file;
  connect
      ->add_option("WORKER.properties", connect_worker_file,
                   "worker properties (default: listeners=http://127.0.0.1:8083, "
                   "rowcast.data.dir=rowcast-data)")
      ->check(CLI::ExistingFile);

  auto* topics = app.add_subcommand("topics", "Kafka topics of a connector");
  topics->require_subcommand(1);
  TopicsCheckArgs topics_args;
  auto* topics_check = topics->add_subcommand(
      "check",
      "Checks the Kafka topics a connector depends on: the schema history topic (one partition, "
      "nothing deleted), the offset topic (compacted) and the change-event topics (against "
      "topic.creation). Exit code 1 when one is misconfigured.");
  topics_check->add_option("CONNECTOR.json", topics_args.connector_file, "connector configuration")
      ->required();
  topics_check->add_option("--worker", topics_args.worker_file,
                           "Kafka Connect worker properties (brokers, security, offset topic)");
  topics_check->add_option("--bootstrap", topics_args.bootstrap,
                           "brokers, HOST:PORT[,...] (default: the worker's)");

  auto* replay = app.add_subcommand(
      "replay",
      "Decode binlog or relay log files offline into the records `rowcast run` would produce\n"
      "(NDJSON, one {\"topic\",\"key\",\"value\"} line per record), with the filters and handling\n"
      "modes of a connector config. Works for MySQL and MariaDB files.");
  ReplayArgs replay_args;
  replay->add_option("FILE", replay_args.files, "binlog files, in order")
      ->required()
      ->check(CLI::ExistingFile);
  replay->add_option("--config", replay_args.config,
                     "connector JSON for filters, topic.prefix and handling modes (connection "
                     "settings are ignored)");
  replay->add_option("--sink", replay_args.sink, "'stdout' or 'file:DIR'")->capture_default_str();
  replay->add_option("--schema", replay_args.schema_files,
                     "SQL file with the CREATE TABLE statements of tables created before the "
                     "files (mysqldump --no-data, SHOW CREATE TABLE); repeatable");
  replay->add_option("--start-position", replay_args.start_position,
                     "in the first file, emit only rows events at or after this position");
  replay->add_option("--stop-position", replay_args.stop_position,
                     "in the last file, stop reading at the first event at or after this position");
  replay->add_option("--start-datetime", replay_args.start_datetime,
                     "emit only rows events at or after this time, 'YYYY-MM-DD HH:MM:SS' UTC");
  replay->add_option("--stop-datetime", replay_args.stop_datetime,
                     "emit only rows events before this time, 'YYYY-MM-DD HH:MM:SS' UTC");

  auto* docs = app.add_subcommand("config-docs",
                                  "Print the configuration reference (docs/configuration.md)");

  auto* event_display = app.add_subcommand(
      "event-display",
      "Receive CloudEvents over HTTP (binary or structured mode) and print each one as Knative's\n"
      "event-display does. Answers 200 (or --status), 400 for an invalid event, 415 for a\n"
      "request that is not a CloudEvent.");
  std::string display_listen = "127.0.0.1:8080";
  std::optional<int> display_status;
  uint64_t display_count = 0;
  event_display->add_option("--listen", display_listen, "HOST:PORT to listen on (port 0: any)")
      ->capture_default_str();
  event_display->add_option("--status", display_status, "answer every event with this status");
  event_display->add_option("--count", display_count, "exit after this many events (0: never)");
  bool display_quiet = false;
  event_display->add_flag("--quiet", display_quiet,
                          "check and count events without printing them (benchmarks)");

  auto* dispatch = app.add_subcommand(
      "dispatch",
      "Consume Kafka topics in a consumer group and POST each record to an HTTP sink as a\n"
      "CloudEvent, as Knative's KafkaSource does: records that are CloudEvents are forwarded,\n"
      "others get KafkaSource's attributes. Retries, dead-letter sink, ordered per partition;\n"
      "offsets are committed only for records done. Properties: docs/serverless.md.");
  std::string dispatch_file;
  std::vector<std::string> dispatch_set;
  std::string dispatch_bootstrap, dispatch_topics, dispatch_group, dispatch_sink;
  dispatch->add_option("properties", dispatch_file, "dispatch properties file")
      ->check(CLI::ExistingFile);
  dispatch->add_option("--bootstrap-servers", dispatch_bootstrap, "Kafka brokers (host:port,...)");
  dispatch->add_option("--topics", dispatch_topics, "topics to consume, comma-separated");
  dispatch->add_option("--group", dispatch_group, "consumer group id");
  dispatch->add_option("--sink", dispatch_sink, "URL to POST events to (default: $K_SINK)");
  dispatch->add_option("--set", dispatch_set, "NAME=VALUE: a property (repeatable)");

  CLI11_PARSE(app, argc, argv);
  rowcast::InitLogging(log_level);
  if (run->parsed()) return RunConnector(connector_file, sink, data_dir, worker_file);
  if (connect->parsed()) return ConnectWorker(connect_worker_file);
  if (topics_check->parsed()) return TopicsCheck(topics_args);
  if (replay->parsed()) return ReplayFiles(replay_args);
  if (event_display->parsed()) {
    return rowcast::dispatch::RunEventDisplay(display_listen, display_status, display_count,
                                              display_quiet);
  }
  if (dispatch->parsed()) {
    std::vector<std::string> set;
    if (!dispatch_bootstrap.empty()) set.push_back("bootstrap.servers=" + dispatch_bootstrap);
    if (!dispatch_topics.empty()) set.push_back("topics=" + dispatch_topics);
    if (!dispatch_group.empty()) set.push_back("group.id=" + dispatch_group);
    if (!dispatch_sink.empty()) set.push_back("sink=" + dispatch_sink);
    set.insert(set.end(), dispatch_set.begin(), dispatch_set.end());
    return rowcast::dispatch::RunDispatchCommand(dispatch_file, set);
  }
  if (docs->parsed()) {
    std::cout << rowcast::config::GenerateConfigurationMarkdown();
    return 0;
  }
  return 0;
}
