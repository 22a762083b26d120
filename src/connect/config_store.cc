#include "connect/config_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "common/json_writer.h"
#include "sinks/kafka/topic_log.h"

namespace rowcast::connect {

std::string_view TargetStateName(TargetState t) {
  switch (t) {
    case TargetState::kStarted:
      return "STARTED";
    case TargetState::kPaused:
      return "PAUSED";
    case TargetState::kStopped:
      return "STOPPED";
  }
  return "STARTED";
}

std::string ConfigToJson(const ConfigMap& config) {
  std::string out = "{";
  for (size_t i = 0; i < config.size(); ++i) {
    if (i != 0) out.push_back(',');
    AppendJsonString(out, config[i].first);
    out.push_back(':');
    AppendJsonString(out, config[i].second);
  }
  out.push_back('}');
  return out;
}

namespace {

using json = nlohmann::ordered_json;

std::optional<TargetState> ParseTarget(std::string_view s) {
  if (s == "STARTED" || s == "RUNNING") return TargetState::kStarted;
  if (s == "PAUSED") return TargetState::kPaused;
  if (s == "STOPPED") return TargetState::kStopped;
  return std::nullopt;
}

// {"k": "v", ...} into a ConfigMap; non-string scalars as text.
StatusOr<ConfigMap> ConfigFromJson(const json& j, std::string_view what) {
  if (!j.is_object()) {
    return std::unexpected(DataLossError(fmt::format("{}: the config is not a JSON object", what)));
  }
  ConfigMap out;
  for (const auto& [k, v] : j.items()) {
    if (v.is_string()) {
      out.emplace_back(k, v.get<std::string>());
    } else if (!v.is_null()) {
      out.emplace_back(k, v.dump());
    }
  }
  return out;
}

// A connector name as a file name: characters outside [A-Za-z0-9._-] as %XX.
std::string FileNameOf(std::string_view name) {
  std::string out;
  for (unsigned char c : name) {
    if (std::isalnum(c) != 0 || c == '.' || c == '_' || c == '-') {
      out.push_back(static_cast<char>(c));
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  if (out.empty() || out[0] == '.') out.insert(0, "%");  // never hidden, never "." or ".."
  return out + ".json";
}

Status WriteAtomically(const std::string& dir, const std::string& path, std::string_view body) {
  const std::string tmp = path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0)
    return UnavailableError(fmt::format("cannot write {}: {}", tmp, std::strerror(errno)));
  while (!body.empty()) {
    const ssize_t n = ::write(fd, body.data(), body.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int e = errno;
      ::close(fd);
      return UnavailableError(fmt::format("cannot write {}: {}", tmp, std::strerror(e)));
    }
    body.remove_prefix(static_cast<size_t>(n));
  }
  if (::fsync(fd) != 0) {
    const int e = errno;
    ::close(fd);
    return UnavailableError(fmt::format("fsync of {} failed: {}", tmp, std::strerror(e)));
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    return UnavailableError(
        fmt::format("cannot rename {} to {}: {}", tmp, path, std::strerror(errno)));
  }
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return OkStatus();
}

// ---- files: <dir>/<name>.json = {"name":...,"config":{...},"state":"STARTED"}

class FileConfigStore final : public ConfigStore {
 public:
  explicit FileConfigStore(std::string dir) : dir_(std::move(dir)) {}

  StatusOr<std::vector<StoredConnector>> Load() override {
    std::vector<StoredConnector> out;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir_, ec)) {
      const std::string path = entry.path().string();
      if (!path.ends_with(".json")) continue;
      std::ifstream in(path);
      std::stringstream text;
      text << in.rdbuf();
      json j = json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
      if (j.is_discarded() || !j.is_object() || !j.contains("name") || !j["name"].is_string() ||
          !j.contains("config")) {
        return std::unexpected(DataLossError(fmt::format(
            "{} is not a connector file rowcast wrote (expected {{\"name\", \"config\", "
            "\"state\"}}); move it away or fix it",
            path)));
      }
      StoredConnector c;
      c.name = j["name"].get<std::string>();
      ROWCAST_ASSIGN_OR_RETURN(c.config, ConfigFromJson(j["config"], path));
      if (j.contains("state") && j["state"].is_string()) {
        c.target = ParseTarget(j["state"].get<std::string>()).value_or(TargetState::kStarted);
      }
      out.push_back(std::move(c));
    }
    if (ec) {
      return std::unexpected(
          UnavailableError(fmt::format("cannot list {}: {}", dir_, ec.message())));
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    return out;
  }

  Status Put(const StoredConnector& c) override {
    std::string body = "{\"name\":";
    AppendJsonString(body, c.name);
    body += ",\"config\":" + ConfigToJson(c.config) + ",\"state\":\"";
    body += TargetStateName(c.target);
    body += "\"}\n";
    return WriteAtomically(dir_, dir_ + "/" + FileNameOf(c.name), body);
  }

  Status Remove(const std::string& name) override {
    const std::string path = dir_ + "/" + FileNameOf(name);
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
      return UnavailableError(fmt::format("cannot delete {}: {}", path, std::strerror(errno)));
    }
    return OkStatus();
  }

  std::string where() const override { return "the directory " + dir_; }

 private:
  std::string dir_;
};

// ---- Kafka: Kafka Connect's config and status topics

class KafkaConfigStore final : public ConfigStore {
 public:
  static StatusOr<std::unique_ptr<ConfigStore>> Open(KafkaConfigStoreOptions o) {
    auto store = std::unique_ptr<KafkaConfigStore>(new KafkaConfigStore());
    constexpr auto kTimeout = std::chrono::seconds(30);
    ROWCAST_ASSIGN_OR_RETURN(store->config_,
                             sinks::kafka::TopicLog::Open(o.config_topic, o.producer, o.consumer));
    ROWCAST_ASSIGN_OR_RETURN(auto info, store->config_->Describe(kTimeout));
    if (!info) {
      // Kafka Connect's config topic: one partition (its order is the order of changes),
      // compacted.
      sinks::kafka::TopicSpec spec{1, o.config_replication_factor, {{"cleanup.policy", "compact"}}};
      ROWCAST_RETURN_IF_ERROR(store->config_->Create(spec, kTimeout));
    } else if (info->partitions != 1) {
      return std::unexpected(FailedPreconditionError(fmt::format(
          "the config storage topic {} has {} partitions; Kafka Connect and rowcast need exactly "
          "one, so that changes keep their order. Point config.storage.topic at a new topic",
          o.config_topic, info->partitions)));
    }
    if (!o.status_topic.empty()) {
      ROWCAST_ASSIGN_OR_RETURN(
          store->status_, sinks::kafka::TopicLog::Open(o.status_topic, o.producer, o.consumer));
      ROWCAST_ASSIGN_OR_RETURN(auto sinfo, store->status_->Describe(kTimeout));
      if (!sinfo) {
        sinks::kafka::TopicSpec spec{
            o.status_partitions, o.status_replication_factor, {{"cleanup.policy", "compact"}}};
        ROWCAST_RETURN_IF_ERROR(store->status_->Create(spec, kTimeout));
      }
    }
    return std::unique_ptr<ConfigStore>(std::move(store));
  }

  StatusOr<std::vector<StoredConnector>> Load() override {
    ROWCAST_ASSIGN_OR_RETURN(auto records, config_->ReadAll(std::chrono::seconds(60)));
    std::map<std::string, StoredConnector> by_name;
    std::map<std::string, TargetState> targets;
    for (const auto& r : records) {
      if (!r.key) continue;
      const std::string& key = *r.key;
      if (key.starts_with("connector-")) {
        const std::string name = key.substr(10);
        if (!r.value) {
          by_name.erase(name);
          continue;
        }
        json j = json::parse(*r.value, nullptr, false);
        if (j.is_discarded() || !j.is_object() || !j.contains("properties")) {
          spdlog::warn("{}: skipping the unreadable record {} at offset {}", config_->topic(), key,
                       r.offset);
          continue;
        }
        auto config = ConfigFromJson(j["properties"], key);
        if (!config.has_value()) {
          spdlog::warn("{}: skipping {} at offset {}: {}", config_->topic(), key, r.offset,
                       config.error().message());
          continue;
        }
        StoredConnector& c = by_name[name];
        c.name = name;
        c.config = std::move(*config);
      } else if (key.starts_with("target-state-")) {
        const std::string name = key.substr(13);
        if (!r.value) {
          targets.erase(name);
          continue;
        }
        json j = json::parse(*r.value, nullptr, false);
        if (j.is_discarded() || !j.is_object()) continue;
        // Kafka Connect 3.5+ writes "state.v2" (which may say STOPPED) beside "state".
        std::optional<TargetState> t;
        for (const char* field : {"state.v2", "state"}) {
          if (!t && j.contains(field) && j[field].is_string()) {
            t = ParseTarget(j[field].get<std::string>());
          }
        }
        if (t) targets[name] = *t;
      }
    }
    std::vector<StoredConnector> out;
    for (auto& [name, c] : by_name) {
      if (auto it = targets.find(name); it != targets.end()) c.target = it->second;
      out.push_back(std::move(c));
    }
    return out;
  }

  Status Put(const StoredConnector& c) override {
    constexpr auto kTimeout = std::chrono::seconds(30);
    const std::string properties = "{\"properties\":" + ConfigToJson(c.config) + "}";
    // Kafka Connect's order: the target state first (so that the connector never starts in
    // the wrong state), then the config, then its task's config and the commit of the tasks.
    std::string state =
        fmt::format("{{\"state\":\"{}\",\"state.v2\":\"{}\"}}",
                    c.target == TargetState::kStopped ? "PAUSED" : TargetStateName(c.target),
                    TargetStateName(c.target));
    ROWCAST_RETURN_STATUS_IF_ERROR(config_->Append("target-state-" + c.name, state, 0, kTimeout));
    ROWCAST_RETURN_STATUS_IF_ERROR(config_->Append("connector-" + c.name, properties, 0, kTimeout));
    ROWCAST_RETURN_STATUS_IF_ERROR(
        config_->Append("task-" + c.name + "-0", properties, 0, kTimeout));
    return config_->Append("commit-" + c.name, std::string("{\"tasks\":1}"), 0, kTimeout);
  }

  Status Remove(const std::string& name) override {
    constexpr auto kTimeout = std::chrono::seconds(30);
    ROWCAST_RETURN_STATUS_IF_ERROR(config_->Append("connector-" + name, std::nullopt, 0, kTimeout));
    return config_->Append("target-state-" + name, std::nullopt, 0, kTimeout);
  }

  void PutStatus(const std::string& name, std::string_view connector_state,
                 std::string_view task_state, std::string_view trace,
                 const std::string& worker_id) override {
    if (!status_) return;
    auto value = [&](std::string_view state) {
      std::string v = "{\"state\":";
      AppendJsonString(v, state);
      v += ",\"trace\":";
      if (trace.empty() || state != "FAILED") {
        v += "null";
      } else {
        AppendJsonString(v, trace);
      }
      v += ",\"worker_id\":";
      AppendJsonString(v, worker_id);
      v += ",\"generation\":0}";
      return v;
    };
    constexpr auto kTimeout = std::chrono::seconds(10);
    Status s = status_->Append("status-connector-" + name, value(connector_state), -1, kTimeout);
    if (s.ok() && !task_state.empty()) {
      s = status_->Append("status-task-" + name + "-0", value(task_state), -1, kTimeout);
    }
    if (!s.ok()) spdlog::warn("cannot record the state of {}: {}", name, s.message());
  }

  std::string where() const override { return "the Kafka topic " + config_->topic(); }

 private:
  KafkaConfigStore() = default;
  std::unique_ptr<sinks::kafka::TopicLog> config_;
  std::unique_ptr<sinks::kafka::TopicLog> status_;
};

}  // namespace

StatusOr<std::unique_ptr<ConfigStore>> OpenFileConfigStore(std::string dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return std::unexpected(
        FailedPreconditionError(fmt::format("cannot create {}: {}", dir, ec.message())));
  }
  return std::unique_ptr<ConfigStore>(new FileConfigStore(std::move(dir)));
}

StatusOr<std::unique_ptr<ConfigStore>> OpenKafkaConfigStore(KafkaConfigStoreOptions options) {
  return KafkaConfigStore::Open(std::move(options));
}

}  // namespace rowcast::connect
