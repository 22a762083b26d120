#include "sinks/kafka/topics_check.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include "sinks/kafka/history_store.h"
#include "sinks/kafka/topic_log.h"

namespace rowcast::sinks::kafka {
namespace {

std::string Config(const TopicInfo& info, const std::string& name) {
  auto it = info.configs.find(name);
  return it == info.configs.end() ? "" : it->second;
}

const TopicRule* RuleFor(const std::vector<TopicRule>& rules, const std::string& topic) {
  for (const TopicRule& r : rules) {
    bool in = r.include.empty();
    for (const auto& p : r.include) in = in || re2::RE2::FullMatch(topic, re2::RE2(p));
    for (const auto& p : r.exclude) in = in && !re2::RE2::FullMatch(topic, re2::RE2(p));
    if (in) return &r;
  }
  return nullptr;
}

}  // namespace

StatusOr<std::vector<TopicFinding>> CheckTopics(const TopicsCheckInput& in) {
  std::vector<TopicFinding> out;
  auto describe = [&](const std::string& topic) -> StatusOr<std::optional<TopicInfo>> {
    ROWCAST_ASSIGN_OR_RETURN(auto log, TopicLog::Open(topic, in.client, in.client));
    return log->Describe(in.timeout);
  };
  if (!in.history_topic.empty()) {
    ROWCAST_ASSIGN_OR_RETURN(auto info, describe(in.history_topic));
    TopicFinding f{in.history_topic, "schema history", false, ""};
    if (!info) {
      f.text = "missing: rowcast creates it (1 partition, retention.ms=-1)";
    } else if (auto problem = HistoryTopicProblem(*info)) {
      f.problem = true;
      f.text = *problem;
    } else {
      f.text = "ok: 1 partition, nothing deleted";
    }
    out.push_back(std::move(f));
  }
  if (!in.offset_topic.empty()) {
    ROWCAST_ASSIGN_OR_RETURN(auto info, describe(in.offset_topic));
    TopicFinding f{in.offset_topic, "offsets", false, ""};
    if (!info) {
      f.text = "missing: rowcast creates it compacted";
    } else if (Config(*info, "cleanup.policy").find("compact") == std::string::npos) {
      f.problem = true;
      f.text = fmt::format(
          "cleanup.policy={}: Kafka deletes offsets as they age and a restart would start "
          "over; set cleanup.policy=compact",
          Config(*info, "cleanup.policy"));
    } else {
      f.text = fmt::format("ok: compacted, {} partitions", info->partitions);
    }
    out.push_back(std::move(f));
  }
  ROWCAST_ASSIGN_OR_RETURN(std::vector<std::string> topics, ListTopics(in.client, in.timeout));
  for (const std::string& topic : topics) {
    const bool schema_changes = topic == in.prefix;
    if (!schema_changes && !topic.starts_with(in.prefix + ".")) continue;
    ROWCAST_ASSIGN_OR_RETURN(auto info, describe(topic));
    if (!info) continue;  // deleted meanwhile
    TopicFinding f{topic, schema_changes ? "schema changes" : "change events", false, ""};
    const std::string policy = Config(*info, "cleanup.policy");
    f.text = fmt::format("{} partitions, cleanup.policy={}", info->partitions, policy);
    if (policy.find("compact") == std::string::npos) {
      f.text += fmt::format(", retention.ms={}", Config(*info, "retention.ms"));
    }
    if (const TopicRule* rule = RuleFor(in.rules, topic)) {
      const TopicSpec& want = rule->spec;
      if (want.partitions > 0 && want.partitions != info->partitions) {
        f.problem = true;
        f.text += fmt::format(
            "; topic.creation group {} says {} partitions (keys are spread by partition "
            "count: changing it moves keys to other partitions)",
            rule->group, want.partitions);
      }
      for (const auto& [k, v] : want.configs) {
        const std::string have = Config(*info, k);
        if (!have.empty() && have != v) {
          f.problem = true;
          f.text += fmt::format("; topic.creation group {} says {}={}", rule->group, k, v);
        }
      }
    }
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace rowcast::sinks::kafka
