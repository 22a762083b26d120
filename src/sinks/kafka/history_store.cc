#include "sinks/kafka/history_store.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace rowcast::sinks::kafka {

std::optional<std::string> HistoryTopicProblem(const TopicInfo& info) {
  auto config = [&](const std::string& name) -> std::string {
    auto it = info.configs.find(name);
    return it == info.configs.end() ? std::string() : it->second;
  };
  if (info.partitions != 1) {
    return fmt::format(
        "it has {} partitions, so schema changes could be read back out of order; it needs "
        "exactly 1",
        info.partitions);
  }
  if (config("cleanup.policy").find("compact") != std::string::npos) {
    return fmt::format(
        "its cleanup.policy is {}: compaction keeps one record per key and would drop schema "
        "changes; set cleanup.policy=delete",
        config("cleanup.policy"));
  }
  const std::string retention = config("retention.ms");
  if (!retention.empty() && retention != "-1" && retention != "9223372036854775807") {
    return fmt::format(
        "its retention.ms is {}: Kafka would delete old schema changes; set retention.ms=-1",
        retention);
  }
  const std::string bytes = config("retention.bytes");
  if (!bytes.empty() && bytes != "-1") {
    return fmt::format(
        "its retention.bytes is {}: Kafka would delete old schema changes; set "
        "retention.bytes=-1",
        bytes);
  }
  return std::nullopt;
}

StatusOr<std::unique_ptr<KafkaSchemaHistory>> KafkaSchemaHistory::Open(KafkaHistoryOptions o) {
  std::unique_ptr<KafkaSchemaHistory> h(new KafkaSchemaHistory());
  h->options_ = std::move(o);
  const KafkaHistoryOptions& opt = h->options_;
  ROWCAST_ASSIGN_OR_RETURN(h->log_, TopicLog::Open(opt.topic, opt.producer, opt.consumer));
  ROWCAST_ASSIGN_OR_RETURN(std::optional<TopicInfo> info, h->log_->Describe(opt.timeout));
  if (!info) {
    TopicSpec spec;
    spec.partitions = 1;
    spec.replication_factor = opt.replication_factor;
    spec.configs = {
        {"cleanup.policy", "delete"}, {"retention.ms", "-1"}, {"retention.bytes", "-1"}};
    ROWCAST_RETURN_IF_ERROR(h->log_->Create(spec, opt.timeout));
    spdlog::info("created the schema history topic {} (1 partition, retention.ms=-1)", opt.topic);
  } else if (auto problem = HistoryTopicProblem(*info)) {
    return std::unexpected(FailedPreconditionError(fmt::format(
        "the schema history topic {} cannot be used: {}. Change the topic (kafka-configs "
        "--alter), or give schema.history.internal.kafka.topic a new topic and let rowcast "
        "create it (then start with snapshot.mode=recovery if offsets exist)",
        opt.topic, *problem)));
  }
  return h;
}

StatusOr<std::vector<std::string>> KafkaSchemaHistory::ReadLines() {
  ROWCAST_ASSIGN_OR_RETURN(std::vector<LogRecord> records, log_->ReadAll(options_.timeout));
  std::vector<std::string> lines;
  lines.reserve(records.size());
  for (LogRecord& r : records) {
    if (r.value) lines.push_back(std::move(*r.value));
  }
  count_ = lines.size();
  return lines;
}

bool KafkaSchemaHistory::Exists() {
  auto lines = ReadLines();
  return lines.has_value() && !lines->empty();
}

StatusOr<std::vector<schema::HistoryRecord>> KafkaSchemaHistory::ReadAll() {
  ROWCAST_ASSIGN_OR_RETURN(std::vector<std::string> lines, ReadLines());
  std::vector<schema::HistoryRecord> out;
  out.reserve(lines.size());
  for (size_t i = 0; i < lines.size(); ++i) {
    auto r = schema::HistoryRecordFromJson(lines[i]);
    if (!r.has_value()) {
      return std::unexpected(
          DataLossError(fmt::format("schema history topic {} record {} is not a history record: {}",
                                    options_.topic, i + 1, r.error().message())));
    }
    out.push_back(std::move(*r));
  }
  return out;
}

Status KafkaSchemaHistory::Append(const std::vector<schema::HistoryRecord>& records) {
  for (const auto& r : records) {
    ROWCAST_RETURN_STATUS_IF_ERROR(log_->Append(std::nullopt,
                                                schema::HistoryRecordToJson(r, options_.server),
                                                /*partition=*/0, options_.timeout));
    ++count_;
  }
  return OkStatus();
}

Status KafkaSchemaHistory::Rewrite(const std::vector<schema::HistoryRecord>& records) {
  ROWCAST_ASSIGN_OR_RETURN_STATUS(std::vector<std::string> lines, ReadLines());
  // Cut back to a resume point: what is stored starts with `records` already.
  bool prefix = records.size() <= lines.size();
  for (size_t i = 0; prefix && i < records.size(); ++i) {
    prefix = schema::HistoryRecordToJson(records[i], options_.server) == lines[i];
  }
  if (prefix && !records.empty()) return OkStatus();
  return Append(records);
}

}  // namespace rowcast::sinks::kafka
