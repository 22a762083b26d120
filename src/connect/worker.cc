#include "connect/worker.h"

#include <algorithm>
#include <utility>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "capture/connector_task.h"
#include "common/logging.h"
#include "config/connector_config.h"
#include "config/validate.h"
#include "connect/task_setup.h"
#include "sinks/kafka/offset_store.h"

namespace rowcast::connect {

std::string_view StateName(State s) {
  switch (s) {
    case State::kUnassigned:
      return "UNASSIGNED";
    case State::kRunning:
      return "RUNNING";
    case State::kPaused:
      return "PAUSED";
    case State::kStopped:
      return "STOPPED";
    case State::kFailed:
      return "FAILED";
    case State::kRestarting:
      return "RESTARTING";
  }
  return "UNASSIGNED";
}

struct Worker::Connector {
  std::string name;
  ConfigMap config;
  TargetState target = TargetState::kStarted;
  State state = State::kUnassigned;
  std::string trace;
  bool restart_pending = false;  // start a new task even if the last one failed or finished
  bool stop_requested = false;   // the running task is being stopped on purpose
  bool finished = false;         // the last task ended by itself without error
  bool deleted = false;
  bool done = false;  // the supervisor has returned
  capture::ConnectorTask* task = nullptr;
  std::thread supervisor;
};

namespace {

std::string Lookup(const ConfigMap& config, std::string_view key) {
  for (const auto& [k, v] : config) {
    if (k == key) return v;
  }
  return "";
}

State StateFor(TargetState t) {
  switch (t) {
    case TargetState::kStarted:
      return State::kRunning;
    case TargetState::kPaused:
      return State::kPaused;
    case TargetState::kStopped:
      return State::kStopped;
  }
  return State::kRunning;
}

}  // namespace

Worker::Worker(WorkerOptions options, std::unique_ptr<ConfigStore> store)
    : options_(std::move(options)), store_(std::move(store)) {}

StatusOr<std::unique_ptr<Worker>> Worker::Create(WorkerOptions options,
                                                 std::unique_ptr<ConfigStore> store) {
  return std::unique_ptr<Worker>(new Worker(std::move(options), std::move(store)));
}

Worker::~Worker() { Shutdown(); }

Status Worker::Start() {
  ROWCAST_ASSIGN_OR_RETURN_STATUS(auto stored, store_->Load());
  for (auto& s : stored) {
    auto c = std::make_unique<Connector>();
    c->name = s.name;
    c->config = std::move(s.config);
    c->target = s.target;
    spdlog::info("connector {}: found in {}, target state {}", c->name, store_->where(),
                 TargetStateName(c->target));
    Launch(std::move(c));
  }
  return OkStatus();
}

void Worker::Launch(std::unique_ptr<Connector> c) {
  std::lock_guard lock(mu_);
  Connector* raw = c.get();
  // A connector created or found paused or stopped is so at once.
  if (raw->target != TargetState::kStarted) raw->state = StateFor(raw->target);
  connectors_[raw->name] = std::move(c);
  raw->supervisor = std::thread([this, raw] { Supervise(raw); });
}

void Worker::Shutdown() {
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mu_);
    if (shutting_down_ && connectors_.empty() && retired_.empty()) return;
    shutting_down_ = true;
    for (auto& [name, c] : connectors_) StopTaskLocked(c.get());
    for (auto& c : retired_) StopTaskLocked(c.get());
    cv_.notify_all();
    for (auto& [name, c] : connectors_) {
      if (c->supervisor.joinable()) threads.push_back(std::move(c->supervisor));
    }
    for (auto& c : retired_) {
      if (c->supervisor.joinable()) threads.push_back(std::move(c->supervisor));
    }
  }
  for (auto& t : threads) t.join();
  std::lock_guard lock(mu_);
  connectors_.clear();
  retired_.clear();
}

void Worker::StopTaskLocked(Connector* c) {
  // Also when no task is registered yet: one being created sees the flag before it runs.
  c->stop_requested = true;
  if (c->task != nullptr) c->task->Stop();
}

void Worker::ReapLocked() {
  for (auto it = retired_.begin(); it != retired_.end();) {
    if ((*it)->done) {
      if ((*it)->supervisor.joinable()) (*it)->supervisor.join();
      it = retired_.erase(it);
    } else {
      ++it;
    }
  }
}

Worker::Connector* Worker::FindLocked(const std::string& name) const {
  auto it = connectors_.find(name);
  return it == connectors_.end() ? nullptr : it->second.get();
}

void Worker::RecordStatusLocked(const Connector& c) {
  const ConnectorStatus s = StatusLocked(c);
  store_->PutStatus(c.name, StateName(s.connector), s.task ? StateName(*s.task) : "", s.trace,
                    options_.worker_id);
}

ConnectorStatus Worker::StatusLocked(const Connector& c) const {
  ConnectorStatus s;
  s.name = c.name;
  s.worker_id = options_.worker_id;
  s.task = c.state;
  // As in Kafka Connect, a failed task leaves its connector RUNNING; a stopped connector has
  // no task.
  s.connector = c.state == State::kFailed ? State::kRunning : c.state;
  if (c.state == State::kStopped) s.task.reset();
  if (c.state == State::kFailed) s.trace = c.trace;
  return s;
}

void Worker::Supervise(Connector* c) {
  LogContext log_context(c->name);
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait(lock, [&] {
      return c->deleted || shutting_down_ || c->restart_pending ||
             (c->target == TargetState::kStarted && c->state != State::kFailed && !c->finished &&
              c->state != State::kRunning) ||
             (c->target != TargetState::kStarted && c->state != StateFor(c->target));
    });
    if (c->deleted || shutting_down_) break;
    if (c->target != TargetState::kStarted) {
      c->restart_pending = false;
      c->state = StateFor(c->target);
      RecordStatusLocked(*c);
      continue;
    }
    c->restart_pending = false;
    c->finished = false;
    c->stop_requested = false;
    c->trace.clear();
    const ConfigMap config = c->config;
    lock.unlock();
    Status s = RunTask(c, config);
    lock.lock();
    c->task = nullptr;
    if (c->deleted || shutting_down_) {
      if (!s.ok()) spdlog::warn("connector {}: {}", c->name, s.message());
      break;
    }
    if (c->stop_requested) {
      // Paused, stopped, reconfigured or restarted on purpose.
      c->stop_requested = false;
      if (!s.ok()) spdlog::warn("connector {}: the task ended with: {}", c->name, s.message());
      c->state = c->target == TargetState::kStarted ? State::kRestarting : StateFor(c->target);
      if (c->target == TargetState::kStarted) c->restart_pending = true;
      RecordStatusLocked(*c);
      continue;
    }
    if (!s.ok()) {
      spdlog::error("connector {}: the task failed: {}", c->name, s.ToString());
      c->state = State::kFailed;
      c->trace = s.ToString();
    } else {
      spdlog::info("connector {}: the task has nothing more to do", c->name);
      c->finished = true;
      c->state = State::kRunning;
    }
    RecordStatusLocked(*c);
  }
  c->done = true;
}

StatusOr<config::ConnectorConfig> Worker::Parse(const std::string& name,
                                                const ConfigMap& config) const {
  ConfigMap resolved = config;
  if (options_.resolve) {
    ROWCAST_ASSIGN_OR_RETURN(resolved, options_.resolve(config));
  }
  // The worker's converter settings apply unless the connector overrides them (Kafka Connect).
  // So do its offset.flush.interval.ms (a worker property in Kafka Connect).
  const std::pair<std::string_view, std::string> from_worker[] = {
      {"key.converter.schemas.enable",
       options_.worker.key_converter_schemas_enable ? "true" : "false"},
      {"value.converter.schemas.enable",
       options_.worker.value_converter_schemas_enable ? "true" : "false"},
      {"offset.flush.interval.ms", std::to_string(options_.worker.offset_flush_interval_ms)},
  };
  for (const auto& [key, value] : from_worker) {
    if (Lookup(resolved, key).empty()) resolved.emplace_back(key, value);
  }
  return config::FromProperties(name, std::move(resolved));
}

Status Worker::CheckConfig(const std::string& name, const ConfigMap& config) const {
  const std::string cls = Lookup(config, "connector.class");
  if (cls.empty()) {
    return InvalidArgumentError(
        fmt::format("Connector config of {} contains no connector type: set connector.class to "
                    "io.debezium.connector.mysql.MySqlConnector or "
                    "io.debezium.connector.mariadb.MariaDbConnector",
                    name));
  }
  if (auto known = config::CanonicalPluginClass(cls); !known.has_value()) {
    return InvalidArgumentError(known.error().message());
  }
  ConfigMap resolved = config;
  if (options_.resolve) {
    ROWCAST_ASSIGN_OR_RETURN_STATUS(resolved, options_.resolve(config));
  }
  ROWCAST_ASSIGN_OR_RETURN_STATUS(config::Validation v,
                                  config::ValidateConnectorConfig(cls, resolved));
  if (!v.errors.empty()) return InvalidArgumentError(config::InvalidConfigMessage(v));
  ROWCAST_ASSIGN_OR_RETURN_STATUS(auto parsed, Parse(name, config));
  ROWCAST_ASSIGN_OR_RETURN_STATUS(
      auto task_options,
      BuildTaskOptions(parsed.settings(), &options_.worker, options_.sink, options_.data_dir));
  (void)task_options;
  return OkStatus();
}

Status Worker::RunTask(Connector* c, const ConfigMap& config) {
  ROWCAST_ASSIGN_OR_RETURN_STATUS(auto parsed, Parse(c->name, config));
  for (const auto& w : parsed.warnings()) spdlog::warn("connector {}: {}", c->name, w);
  ROWCAST_ASSIGN_OR_RETURN_STATUS(
      auto task_options,
      BuildTaskOptions(parsed.settings(), &options_.worker, options_.sink, options_.data_dir));
  ROWCAST_ASSIGN_OR_RETURN_STATUS(auto task,
                                  capture::ConnectorTask::Create(std::move(task_options)));
  {
    std::lock_guard lock(mu_);
    if (c->stop_requested || c->deleted || shutting_down_ || c->target != TargetState::kStarted) {
      c->stop_requested = true;  // the supervisor then settles the state the target says
      return OkStatus();
    }
    c->task = task.get();
    c->state = State::kRunning;
    RecordStatusLocked(*c);
  }
  spdlog::info("connector {}: task 0 started", c->name);
  Status s = task->Run();
  {
    std::lock_guard lock(mu_);
    c->task = nullptr;
  }
  return s;
}

std::vector<std::string> Worker::Names() const {
  std::lock_guard lock(mu_);
  std::vector<std::string> out;
  for (const auto& [name, c] : connectors_) out.push_back(name);
  return out;
}

namespace {
Status NotFound(const std::string& name) {
  return NotFoundError(fmt::format("Connector {} not found", name));
}
}  // namespace

StatusOr<ConnectorInfo> Worker::Info(const std::string& name) const {
  std::lock_guard lock(mu_);
  const Connector* c = FindLocked(name);
  if (c == nullptr) return std::unexpected(NotFound(name));
  return ConnectorInfo{c->name, c->config, c->target};
}

StatusOr<ConnectorStatus> Worker::GetStatus(const std::string& name) const {
  std::lock_guard lock(mu_);
  const Connector* c = FindLocked(name);
  if (c == nullptr) return std::unexpected(NotFound(name));
  return StatusLocked(*c);
}

Status Worker::CreateConnector(const std::string& name, ConfigMap config, TargetState initial) {
  {
    std::lock_guard lock(mu_);
    ReapLocked();
    if (FindLocked(name) != nullptr) {
      return AlreadyExistsError(fmt::format("Connector {} already exists", name));
    }
  }
  ROWCAST_RETURN_STATUS_IF_ERROR(CheckConfig(name, config));
  // A connector of the same name deleted a moment ago may still be committing its offsets:
  // the new one starts from them, so wait for it.
  std::vector<std::thread> ending;
  {
    std::lock_guard lock(mu_);
    for (auto& old : retired_) {
      if (old->name == name && old->supervisor.joinable()) {
        ending.push_back(std::move(old->supervisor));
      }
    }
  }
  for (auto& t : ending) t.join();
  auto c = std::make_unique<Connector>();
  c->name = name;
  c->config = std::move(config);
  c->target = initial;
  {
    std::lock_guard lock(mu_);
    if (FindLocked(name) != nullptr) {
      return AlreadyExistsError(fmt::format("Connector {} already exists", name));
    }
    if (shutting_down_) return UnavailableError("the worker is shutting down");
  }
  ROWCAST_RETURN_STATUS_IF_ERROR(store_->Put(StoredConnector{c->name, c->config, c->target}));
  spdlog::info("connector {}: created, target state {}", name, TargetStateName(initial));
  Launch(std::move(c));
  return OkStatus();
}

StatusOr<bool> Worker::PutConfig(const std::string& name, ConfigMap config) {
  bool exists = false;
  {
    std::lock_guard lock(mu_);
    exists = FindLocked(name) != nullptr;
  }
  if (!exists) {
    ROWCAST_RETURN_IF_ERROR(CreateConnector(name, std::move(config), TargetState::kStarted));
    return true;
  }
  ROWCAST_RETURN_IF_ERROR(CheckConfig(name, config));
  std::lock_guard lock(mu_);
  Connector* c = FindLocked(name);
  if (c == nullptr) return std::unexpected(NotFound(name));
  ROWCAST_RETURN_IF_ERROR(store_->Put(StoredConnector{name, config, c->target}));
  c->config = std::move(config);
  spdlog::info("connector {}: new config", name);
  if (c->target == TargetState::kStarted) {
    c->restart_pending = true;
    if (c->state == State::kRunning) c->state = State::kRestarting;
    StopTaskLocked(c);
    cv_.notify_all();
  }
  return false;
}

Status Worker::Delete(const std::string& name) {
  std::lock_guard lock(mu_);
  ReapLocked();
  auto it = connectors_.find(name);
  if (it == connectors_.end()) return NotFound(name);
  ROWCAST_RETURN_STATUS_IF_ERROR(store_->Remove(name));
  Connector* c = it->second.get();
  c->deleted = true;
  StopTaskLocked(c);
  store_->PutStatus(name, "UNASSIGNED", "", "", options_.worker_id);
  retired_.push_back(std::move(it->second));
  connectors_.erase(it);
  cv_.notify_all();
  spdlog::info("connector {}: deleted (its offsets are kept)", name);
  return OkStatus();
}

Status Worker::SetTarget(const std::string& name, TargetState target) {
  std::lock_guard lock(mu_);
  Connector* c = FindLocked(name);
  if (c == nullptr) return NotFound(name);
  if (c->target == target) return OkStatus();
  ROWCAST_RETURN_STATUS_IF_ERROR(store_->Put(StoredConnector{name, c->config, target}));
  c->target = target;
  spdlog::info("connector {}: target state {}", name, TargetStateName(target));
  if (target != TargetState::kStarted) {
    StopTaskLocked(c);
  } else if (c->state == State::kFailed) {
    c->restart_pending = true;  // resuming a failed connector tries again
  }
  cv_.notify_all();
  return OkStatus();
}

StatusOr<ConnectorStatus> Worker::Restart(const std::string& name, bool only_failed) {
  std::lock_guard lock(mu_);
  Connector* c = FindLocked(name);
  if (c == nullptr) return std::unexpected(NotFound(name));
  const bool failed = c->state == State::kFailed;
  if (c->target == TargetState::kStarted && (!only_failed || failed)) {
    spdlog::info("connector {}: restarting", name);
    c->restart_pending = true;
    c->state = State::kRestarting;
    StopTaskLocked(c);
    cv_.notify_all();
  }
  return StatusLocked(*c);
}

StatusOr<std::unique_ptr<offsets::OffsetStore>> Worker::OffsetStoreFor(const ConfigMap& config) {
  ROWCAST_ASSIGN_OR_RETURN(auto parsed, Parse("", config));
  ROWCAST_ASSIGN_OR_RETURN(auto o, BuildTaskOptions(parsed.settings(), &options_.worker,
                                                    options_.sink, options_.data_dir));
  if (o.kafka_offsets) {
    ROWCAST_ASSIGN_OR_RETURN(auto store, sinks::kafka::KafkaOffsetStore::Open(*o.kafka_offsets));
    return std::unique_ptr<offsets::OffsetStore>(std::move(store));
  }
  return std::unique_ptr<offsets::OffsetStore>(std::make_unique<offsets::FileOffsetStore>(
      options_.data_dir + "/offsets", parsed.settings().name, parsed.settings().topic_prefix));
}

StatusOr<std::optional<ConnectorOffset>> Worker::GetOffset(const std::string& name) {
  ROWCAST_ASSIGN_OR_RETURN(ConnectorInfo info, Info(name));
  ROWCAST_ASSIGN_OR_RETURN(auto store, OffsetStoreFor(info.config));
  ROWCAST_ASSIGN_OR_RETURN(auto offset, store->Load());
  if (!offset) return std::optional<ConnectorOffset>();
  ROWCAST_ASSIGN_OR_RETURN(auto parsed, Parse("", info.config));
  return std::optional(
      ConnectorOffset{parsed.settings().topic_prefix, offsets::OffsetToJson(*offset)});
}

namespace {
Status MustBeStopped(const std::string& name) {
  return FailedPreconditionError(fmt::format(
      "Connectors must be in the STOPPED state before their offsets can be modified. This can be "
      "done for the specified connector by issuing a 'PUT' request to the "
      "'/connectors/{}/stop' endpoint",
      name));
}
}  // namespace

Status Worker::AlterOffset(const std::string& name, const ConnectorOffset& offset) {
  ROWCAST_ASSIGN_OR_RETURN_STATUS(auto st, GetStatus(name));
  if (st.connector != State::kStopped) return MustBeStopped(name);
  ROWCAST_ASSIGN_OR_RETURN_STATUS(ConnectorInfo info, Info(name));
  ROWCAST_ASSIGN_OR_RETURN_STATUS(auto parsed, Parse("", info.config));
  if (offset.server != parsed.settings().topic_prefix) {
    return InvalidArgumentError(
        fmt::format("the offset's partition is {{\"server\": \"{}\"}} but this connector's is "
                    "{{\"server\": \"{}\"}} (its topic.prefix)",
                    offset.server, parsed.settings().topic_prefix));
  }
  ROWCAST_ASSIGN_OR_RETURN_STATUS(offsets::BinlogOffset o,
                                  offsets::OffsetFromJson(offset.offset_json));
  ROWCAST_ASSIGN_OR_RETURN_STATUS(auto store, OffsetStoreFor(info.config));
  spdlog::info("connector {}: offset set to {}", name, offsets::OffsetToJson(o));
  return store->Save(o);
}

Status Worker::ResetOffset(const std::string& name) {
  ROWCAST_ASSIGN_OR_RETURN_STATUS(auto st, GetStatus(name));
  if (st.connector != State::kStopped) return MustBeStopped(name);
  ROWCAST_ASSIGN_OR_RETURN_STATUS(ConnectorInfo info, Info(name));
  ROWCAST_ASSIGN_OR_RETURN_STATUS(auto store, OffsetStoreFor(info.config));
  spdlog::info("connector {}: offset reset ({})", name, store->where());
  return store->Reset();
}

}  // namespace rowcast::connect
