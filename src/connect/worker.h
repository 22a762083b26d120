// The worker behind `rowcast connect`: many connectors at once, each with its own task thread,
// offsets and schema history, driven by the REST API (rest_server.h) the way a Kafka Connect
// worker drives its connectors. Configurations and target states are kept in a ConfigStore, so
// a restarted worker starts every connector again where it was.
//
// Lifecycle of one connector: a supervisor thread per connector runs its task
// (capture::ConnectorTask) while the target state is STARTED; pause and stop end the task
// after it commits its offsets (the next start resumes from them, so nothing is lost); a config
// change or a restart ends it and starts a new one; a task that fails stays FAILED, with its
// error as the trace, until it is restarted. Every method is thread-safe and returns quickly:
// state changes take effect in the background, as with Kafka Connect.
#pragma once

#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/status.h"
#include "config/connector_config.h"
#include "config/worker_config.h"
#include "connect/config_store.h"
#include "offsets/offset.h"

namespace rowcast::capture {
class ConnectorTask;
}

namespace rowcast::connect {

// Kafka Connect's connector and task states.
enum class State { kUnassigned, kRunning, kPaused, kStopped, kFailed, kRestarting };
std::string_view StateName(State s);

struct WorkerOptions {
  config::WorkerConfig worker;
  std::string sink;       // sinks::CreateSink spec for every connector
  std::string data_dir;   // offsets and schema history files (and configs without Kafka)
  std::string worker_id;  // "host:port", as status bodies show it
  std::string version;
  // Turns stored values with config-provider references into the values a task uses; the
  // identity when null.
  std::function<StatusOr<ConfigMap>(const ConfigMap&)> resolve;
};

struct ConnectorStatus {
  std::string name;
  State connector = State::kUnassigned;
  std::optional<State> task;  // nullopt: no task (STOPPED)
  std::string trace;          // the task's error when FAILED
  std::string worker_id;
};

struct ConnectorInfo {
  std::string name;
  ConfigMap config;  // as stored (secrets not masked: the REST layer masks them)
  TargetState target = TargetState::kStarted;
};

// A connector's offset in Kafka Connect's terms: partition {"server": server}, the Debezium
// offset JSON.
struct ConnectorOffset {
  std::string server;
  std::string offset_json;
};

class Worker {
 public:
  [[nodiscard]] static StatusOr<std::unique_ptr<Worker>> Create(WorkerOptions options,
                                                                std::unique_ptr<ConfigStore> store);
  ~Worker();  // Shutdown()

  // Starts every stored connector in its target state.
  [[nodiscard]] Status Start();
  // Stops every task (offsets committed) and waits for them.
  void Shutdown();

  const WorkerOptions& options() const { return options_; }
  // Set once the REST listener is bound, before Start().
  void set_worker_id(std::string id) { options_.worker_id = std::move(id); }

  std::vector<std::string> Names() const;
  [[nodiscard]] StatusOr<ConnectorInfo> Info(const std::string& name) const;
  [[nodiscard]] StatusOr<ConnectorStatus> GetStatus(const std::string& name) const;

  // Checks the config (InvalidArgument with every problem) and stores it; AlreadyExists when
  // the name is taken.
  [[nodiscard]] Status CreateConnector(const std::string& name, ConfigMap config,
                                       TargetState initial);
  // Creates or replaces; true when created. A running connector restarts with the new config.
  [[nodiscard]] StatusOr<bool> PutConfig(const std::string& name, ConfigMap config);
  // Stops and forgets the connector; its offsets stay.
  [[nodiscard]] Status Delete(const std::string& name);
  [[nodiscard]] Status SetTarget(const std::string& name, TargetState target);
  // Restarts the task (only when FAILED if `only_failed`); returns the status right after.
  [[nodiscard]] StatusOr<ConnectorStatus> Restart(const std::string& name, bool only_failed);

  // KIP-875 offsets. Altering and resetting need the connector STOPPED.
  [[nodiscard]] StatusOr<std::optional<ConnectorOffset>> GetOffset(const std::string& name);
  [[nodiscard]] Status AlterOffset(const std::string& name, const ConnectorOffset& offset);
  [[nodiscard]] Status ResetOffset(const std::string& name);

  // Checks a config the way CreateConnector does: the settings a task would run with.
  [[nodiscard]] Status CheckConfig(const std::string& name, const ConfigMap& config) const;

 private:
  struct Connector;
  explicit Worker(WorkerOptions options, std::unique_ptr<ConfigStore> store);
  // The settings a task runs with: providers resolved, the worker's converter settings
  // applied where the connector has none.
  StatusOr<config::ConnectorConfig> Parse(const std::string& name, const ConfigMap& config) const;
  void Supervise(Connector* c);
  // Runs one task of `c` until it ends; the task is reachable through c->task meanwhile.
  Status RunTask(Connector* c, const ConfigMap& config);
  void StopTaskLocked(Connector* c);
  void Launch(std::unique_ptr<Connector> c);
  void RecordStatusLocked(const Connector& c);
  ConnectorStatus StatusLocked(const Connector& c) const;
  Connector* FindLocked(const std::string& name) const;
  void ReapLocked();
  // The offset store of a connector (the same one its task uses).
  StatusOr<std::unique_ptr<offsets::OffsetStore>> OffsetStoreFor(const ConfigMap& config);

  WorkerOptions options_;
  std::unique_ptr<ConfigStore> store_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool shutting_down_ = false;
  std::map<std::string, std::unique_ptr<Connector>> connectors_;
  std::vector<std::unique_ptr<Connector>> retired_;  // deleted, supervisor ending
};

}  // namespace rowcast::connect
