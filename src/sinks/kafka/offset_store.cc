#include "sinks/kafka/offset_store.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "common/json_writer.h"

namespace rowcast::sinks::kafka {

std::string ConnectOffsetKey(std::string_view connector_name, std::string_view server) {
  // Kafka Connect's JsonConverter (schemas disabled) writes it compactly, in this order.
  std::string key = "[";
  AppendJsonString(key, connector_name);
  key += ",{\"server\":";
  AppendJsonString(key, server);
  key += "}]";
  return key;
}

namespace {

// Compares parsed JSON, so that a key written with other spacing still matches.
bool SameKey(const std::optional<std::string>& raw, std::string_view name,
             std::string_view server) {
  if (!raw) return false;
  const nlohmann::json j = nlohmann::json::parse(*raw, nullptr, /*allow_exceptions=*/false);
  return j.is_array() && j.size() == 2 && j[0] == name && j[1].is_object() && j[1].size() == 1 &&
         j[1].contains("server") && j[1]["server"] == server;
}

}  // namespace

StatusOr<std::unique_ptr<KafkaOffsetStore>> KafkaOffsetStore::Open(KafkaOffsetOptions o) {
  std::unique_ptr<KafkaOffsetStore> store(new KafkaOffsetStore());
  store->options_ = std::move(o);
  const KafkaOffsetOptions& opt = store->options_;
  store->key_ = ConnectOffsetKey(opt.connector_name, opt.server);
  ROWCAST_ASSIGN_OR_RETURN(store->log_, TopicLog::Open(opt.topic, opt.producer, opt.consumer));
  ROWCAST_ASSIGN_OR_RETURN(std::optional<TopicInfo> info, store->log_->Describe(opt.timeout));
  if (!info) {
    TopicSpec spec = opt.create;
    spec.configs.emplace("cleanup.policy", "compact");
    if (Status s = store->log_->Create(spec, opt.timeout); !s.ok()) {
      return std::unexpected(FailedPreconditionError(fmt::format(
          "{}. Set offset.storage.replication.factor (and offset.storage.partitions) in the "
          "worker file to what the cluster allows, or create the topic yourself with "
          "cleanup.policy=compact",
          s.message())));
    }
    spdlog::info("created the offset topic {} ({} partitions, cleanup.policy=compact)", opt.topic,
                 spec.partitions);
  } else if (auto it = info->configs.find("cleanup.policy");
             it != info->configs.end() && it->second.find("compact") == std::string::npos) {
    return std::unexpected(FailedPreconditionError(fmt::format(
        "the offset topic {} has cleanup.policy={}: Kafka would delete offsets as they age, "
        "and a restart would then start over. Set cleanup.policy=compact on it "
        "(kafka-configs --alter --entity-type topics --entity-name {} --add-config "
        "cleanup.policy=compact), as Kafka Connect requires",
        opt.topic, it->second, opt.topic)));
  }
  return store;
}

StatusOr<std::optional<offsets::BinlogOffset>> KafkaOffsetStore::Load() {
  ROWCAST_ASSIGN_OR_RETURN(std::vector<LogRecord> records, log_->ReadAll(options_.timeout));
  const LogRecord* last = nullptr;
  for (const LogRecord& r : records) {
    if (SameKey(r.key, options_.connector_name, options_.server)) last = &r;
  }
  if (last == nullptr || !last->value) return std::optional<offsets::BinlogOffset>();
  auto offset = offsets::OffsetFromJson(*last->value);
  if (!offset.has_value()) {
    return std::unexpected(
        offset.error().WithContext(fmt::format("the offset in topic {} (partition {}, offset {})",
                                               options_.topic, last->partition, last->offset)));
  }
  return std::optional<offsets::BinlogOffset>(std::move(*offset));
}

Status KafkaOffsetStore::Save(const offsets::BinlogOffset& offset) {
  return log_->Append(key_, offsets::OffsetToJson(offset), -1, options_.timeout);
}

Status KafkaOffsetStore::Reset() { return log_->Append(key_, std::nullopt, -1, options_.timeout); }

std::string KafkaOffsetStore::where() const {
  return fmt::format("topic {} (key {})", options_.topic, key_);
}

std::string KafkaOffsetStore::reset_hint() const {
  return fmt::format(
      "write a tombstone (null value) with the key {} to the offset topic {} while rowcast is "
      "stopped",
      key_, options_.topic);
}

}  // namespace rowcast::sinks::kafka
