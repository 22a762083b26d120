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
#include "config/worker_config.h"
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

// The Kafka producer settings for `run`: the worker file's (bootstrap.servers, the shared client
// settings, producer.*), then the connector's producer.override.*, in librdkafka's names.
rowcast::StatusOr<rowcast::sinks::KafkaProperties> KafkaProducerSettings(
    const std::string& worker_file, const rowcast::config::ConnectorSettings& s) {
  rowcast::config::WorkerConfig worker;
  if (!worker_file.empty()) {
    ROWCAST_ASSIGN_OR_RETURN(worker, rowcast::config::LoadWorkerConfig(worker_file));
    for (const auto& w : worker.warnings) spdlog::warn("{}: {}", worker_file, w);
  }
  std::map<std::string, std::string> java =
      worker.ClientSettings(rowcast::config::ClientRole::kProducer);
  if (!s.producer_override.empty() && worker.connector_client_config_override_policy == "None") {
    return std::unexpected(rowcast::InvalidArgumentError(
        fmt::format("the connector sets producer.override.* but the worker's "
                    "connector.client.config.override.policy is None; allow it (All) or remove {}",
                    "producer.override." + s.producer_override.begin()->first)));
  }
  for (const auto& [k, v] : s.producer_override) java[k] = v;
  ROWCAST_ASSIGN_OR_RETURN(rowcast::sinks::kafka::ClientProperties translated,
                           rowcast::sinks::kafka::TranslateClientProperties(
                               java, rowcast::sinks::kafka::ClientRole::kProducer));
  for (const auto& w : translated.warnings) spdlog::warn("{}", w);
  return translated.set;
}

// Offsets in the worker's offset.storage.topic, when it names one (Kafka Connect's distributed
// mode); nullopt keeps them in the data directory.
rowcast::StatusOr<std::optional<rowcast::sinks::kafka::KafkaOffsetOptions>> KafkaOffsetSettings(
    const std::string& worker_file, const rowcast::config::ConnectorSettings& s) {
  using rowcast::config::ClientRole;
  using rowcast::sinks::kafka::TranslateClientProperties;
  ROWCAST_ASSIGN_OR_RETURN(rowcast::config::WorkerConfig worker,
                           rowcast::config::LoadWorkerConfig(worker_file));
  if (worker.offset_storage_topic.empty()) {
    return std::optional<rowcast::sinks::kafka::KafkaOffsetOptions>();
  }
  rowcast::sinks::kafka::KafkaOffsetOptions o;
  o.topic = worker.offset_storage_topic;
  o.connector_name = s.name;
  o.server = s.topic_prefix;
  o.create.partitions = worker.offset_storage_partitions;
  o.create.replication_factor = worker.offset_storage_replication_factor;
  ROWCAST_ASSIGN_OR_RETURN(auto producer,
                           TranslateClientProperties(worker.ClientSettings(ClientRole::kProducer),
                                                     ClientRole::kProducer));
  ROWCAST_ASSIGN_OR_RETURN(auto consumer,
                           TranslateClientProperties(worker.ClientSettings(ClientRole::kConsumer),
                                                     ClientRole::kConsumer));
  o.producer = std::move(producer.set);
  o.consumer = std::move(consumer.set);
  return std::optional(std::move(o));
}

// The schema history topic's clients: the connector's schema.history.internal.kafka.* and
// .producer.* / .consumer.* settings (brokers default to the worker's).
rowcast::StatusOr<rowcast::sinks::kafka::KafkaHistoryOptions> KafkaHistorySettings(
    const std::string& worker_file, const rowcast::config::ConnectorSettings& s) {
  using rowcast::config::ClientRole;
  using rowcast::sinks::kafka::TranslateClientProperties;
  std::string bootstrap = s.history_kafka_bootstrap;
  if (bootstrap.empty() && !worker_file.empty()) {
    ROWCAST_ASSIGN_OR_RETURN(rowcast::config::WorkerConfig worker,
                             rowcast::config::LoadWorkerConfig(worker_file));
    bootstrap = worker.bootstrap_servers;
  }
  if (bootstrap.empty()) {
    return std::unexpected(rowcast::InvalidArgumentError(
        fmt::format("schema.history.internal.kafka.topic is {} but no brokers are given: set "
                    "schema.history.internal.kafka.bootstrap.servers (or give a --worker file with "
                    "bootstrap.servers)",
                    s.history_kafka_topic)));
  }
  rowcast::sinks::kafka::KafkaHistoryOptions o;
  o.topic = s.history_kafka_topic;
  o.server = s.topic_prefix;
  auto producer = s.history_producer;
  producer["bootstrap.servers"] = bootstrap;
  auto consumer = s.history_consumer;
  consumer["bootstrap.servers"] = bootstrap;
  ROWCAST_ASSIGN_OR_RETURN(auto p, TranslateClientProperties(producer, ClientRole::kProducer));
  ROWCAST_ASSIGN_OR_RETURN(auto c, TranslateClientProperties(consumer, ClientRole::kConsumer));
  o.producer = std::move(p.set);
  o.consumer = std::move(c.set);
  return o;
}

// The transactional id when exactly-once delivery is on (exactly.once.support=required, or the
// worker's exactly.once.source.support=enabled), else "".
rowcast::StatusOr<std::string> ExactlyOnce(const std::string& worker_file,
                                           const rowcast::config::ConnectorSettings& s,
                                           const std::string& sink) {
  rowcast::config::WorkerConfig worker;
  if (!worker_file.empty()) {
    ROWCAST_ASSIGN_OR_RETURN(worker, rowcast::config::LoadWorkerConfig(worker_file));
  }
  if (!s.exactly_once_required && worker.exactly_once_source_support != "enabled") return "";
  if (!sink.starts_with("kafka")) {
    return std::unexpected(rowcast::InvalidArgumentError(
        "exactly-once delivery (exactly.once.support=required or the worker's "
        "exactly.once.source.support=enabled) needs the Kafka sink: --sink kafka"));
  }
  return worker.group_id.empty() ? "rowcast-" + s.name
                                 : fmt::format("{}-{}-0", worker.group_id, s.name);
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

  rowcast::capture::TaskOptions options;
  options.settings = cfg->settings();
  options.sink = sink;
  options.data_dir = data_dir;
  if (sink.starts_with("kafka")) {
    auto kafka = KafkaProducerSettings(worker_file, options.settings);
    if (!kafka.has_value()) return Fail(kafka.error(), kExitConfig);
    options.kafka.properties = std::move(*kafka);
    for (const auto& g : options.settings.topic_creation) {
      options.kafka.topic_rules.push_back(rowcast::sinks::kafka::TopicRule{
          g.name, g.include, g.exclude, {g.partitions, g.replication_factor, g.configs}});
    }
  }
  if (!options.settings.history_kafka_topic.empty()) {
    auto history = KafkaHistorySettings(worker_file, options.settings);
    if (!history.has_value()) return Fail(history.error(), kExitConfig);
    options.kafka_history = std::move(*history);
  }
  if (!worker_file.empty()) {
    auto offsets = KafkaOffsetSettings(worker_file, options.settings);
    if (!offsets.has_value()) return Fail(offsets.error(), kExitConfig);
    options.kafka_offsets = std::move(*offsets);
  }
  if (auto eos = ExactlyOnce(worker_file, options.settings, sink); !eos.has_value()) {
    return Fail(eos.error(), kExitConfig);
  } else if (!eos->empty()) {
    // Transactions: Kafka Connect's transactional id when the worker is a distributed one (so
    // rowcast fences the Kafka Connect task it replaces), else one of rowcast's own. Records
    // may then wait for brokers at most one transaction timeout.
    options.kafka.properties.emplace_back("transactional.id", *eos);
    options.kafka.properties.emplace_back("message.timeout.ms", "60000");
  }
  auto task = rowcast::capture::ConnectorTask::Create(std::move(options));
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
         "per topic in DIR), 'kafka' (bootstrap.servers from --worker) or 'kafka:HOST:PORT'")
      ->capture_default_str();
  run->add_option("--worker", worker_file,
                  "Kafka Connect worker properties (connect-standalone.properties): "
                  "bootstrap.servers, producer.*, security settings");
  run->add_option("--data-dir", data_dir, "directory for offsets (DIR/offsets/<name>.json)")
      ->capture_default_str();

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

  CLI11_PARSE(app, argc, argv);
  rowcast::InitLogging(log_level);
  if (run->parsed()) return RunConnector(connector_file, sink, data_dir, worker_file);
  if (topics_check->parsed()) return TopicsCheck(topics_args);
  if (replay->parsed()) return ReplayFiles(replay_args);
  if (docs->parsed()) {
    std::cout << rowcast::config::GenerateConfigurationMarkdown();
    return 0;
  }
  return 0;
}
