#include "config/connector_config.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <system_error>

#include <fmt/format.h>
#include <re2/re2.h>

#include "common/text.h"
#include "config/registry.h"

namespace rowcast::config {
namespace {

constexpr std::string_view kRedactedText = "********";
constexpr std::string_view kMariaDbConnectorClass =
    "io.debezium.connector.mariadb.MariaDbConnector";
constexpr std::string_view kMySqlConnectorClass = "io.debezium.connector.mysql.MySqlConnector";
// Shorter secrets are not scrubbed from messages: replacing every "ab" would garble the text
// while hiding almost nothing.
constexpr size_t kMinScrubbedSecretLength = 3;

constexpr std::string_view kTruncatePattern = "column.truncate.to.<N>.chars";
constexpr std::string_view kMaskPattern = "column.mask.with.<N>.chars";

using Props = std::vector<std::pair<std::string, std::string>>;

bool IsColumnRule(const Property& p) {
  return p.name == kTruncatePattern || p.name == kMaskPattern;
}

// Registry prose is Markdown; messages are plain text.
std::string Plain(std::string_view markdown) {
  std::string out;
  for (char c : markdown) {
    if (c != '`') out.push_back(c);
  }
  return out;
}

// The first sentence of a property's documentation, to say what a missing property is for.
std::string Purpose(const Property& p) {
  std::string doc = Plain(p.doc);
  const size_t end = doc.find(". ");
  if (end != std::string::npos) doc.resize(end);
  if (doc.ends_with('.')) doc.pop_back();
  if (doc.size() > 1 && std::isupper(static_cast<unsigned char>(doc[0])) &&
      std::islower(static_cast<unsigned char>(doc[1]))) {
    doc[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(doc[0])));
  }
  return doc;
}

std::string Quoted(std::string_view value, bool secret) {
  if (secret) return std::string(kRedactedText);
  return fmt::format("{:?}", value);
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " and " : ", ";
    out += names[i];
  }
  return out;
}

std::string JoinValues(const std::vector<std::string_view>& values, std::string_view last_sep) {
  std::string out;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += i + 1 == values.size() ? last_sep : ", ";
    out += values[i];
  }
  return out;
}

std::string RangeText(const Property& p) {
  const bool has_min = p.min != std::numeric_limits<int64_t>::min();
  const bool has_max = p.max != std::numeric_limits<int64_t>::max();
  if (has_min && has_max) return fmt::format("a whole number from {} to {}", p.min, p.max);
  if (has_min) return fmt::format("a whole number of at least {}", p.min);
  if (has_max) return fmt::format("a whole number of at most {}", p.max);
  return "a whole number";
}

enum class IntError { kNone, kNotInteger, kOutOfRange };

IntError ParseInteger(std::string_view text, int64_t& out) {
  std::string_view s = Trim(text);
  // Java's Long.parseLong, which Kafka Connect uses, accepts a leading '+'.
  if (s.starts_with('+')) s.remove_prefix(1);
  if (s.empty()) return IntError::kNotInteger;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  if (ec == std::errc::result_out_of_range) return IntError::kOutOfRange;
  if (ec != std::errc() || ptr != s.data() + s.size()) return IntError::kNotInteger;
  return IntError::kNone;
}

// Splits a comma-separated list, trimming items and dropping empty ones. In regex lists a
// backslash-escaped comma belongs to the regex, as in Debezium.
std::vector<std::string> SplitList(std::string_view value, bool regex) {
  std::vector<std::string> items;
  std::string current;
  for (size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    if (c == ',' && !(regex && i > 0 && value[i - 1] == '\\')) {
      if (std::string_view item = Trim(current); !item.empty()) items.emplace_back(item);
      current.clear();
    } else {
      current.push_back(c);
    }
  }
  if (std::string_view item = Trim(current); !item.empty()) items.emplace_back(item);
  return items;
}

std::string JoinList(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out.push_back(',');
    out += item;
  }
  return out;
}

// Validates one value and returns its canonical text, or a sentence saying what is wrong.
// `key` is the name as the user wrote it.
std::expected<std::string, std::string> Normalize(const Resolution& r, std::string_view key,
                                                  std::string_view raw, bool secret) {
  const Property& p = *r.property;
  std::string value(raw);
  if (r.alias != nullptr && !r.alias->values.empty()) {
    const std::string lowered = Lower(Trim(raw));
    const auto it = std::find_if(r.alias->values.begin(), r.alias->values.end(),
                                 [&](const ValueAlias& v) { return v.from == lowered; });
    if (it == r.alias->values.end()) {
      std::vector<std::string_view> froms;
      for (const ValueAlias& v : r.alias->values) froms.push_back(v.from);
      return std::unexpected(fmt::format("{} {} is not valid: expected {}", key,
                                         Quoted(raw, secret), JoinValues(froms, " or ")));
    }
    value = std::string(it->to);
  }

  switch (p.type) {
    case PropertyType::kPassword:
      return value;
    case PropertyType::kString: {
      std::string trimmed(Trim(value));
      if (!p.value_pattern.empty() && !RE2::FullMatch(trimmed, RE2(p.value_pattern))) {
        return std::unexpected(fmt::format("{} {} is not valid: use only {}", key,
                                           Quoted(raw, secret), p.value_pattern_help));
      }
      return trimmed;
    }
    case PropertyType::kClass: {
      std::string trimmed(Trim(value));
      for (const ValueAlias& v : p.value_aliases) {
        if (EqualsIgnoreCase(v.from, trimmed)) return std::string(v.to);
      }
      return trimmed;
    }
    case PropertyType::kInt:
    case PropertyType::kLong: {
      int64_t n = 0;
      switch (ParseInteger(value, n)) {
        case IntError::kNone:
          break;
        case IntError::kNotInteger:
          return std::unexpected(fmt::format("{} {} is not an integer: expected {}", key,
                                             Quoted(raw, secret), RangeText(p)));
        case IntError::kOutOfRange:
          return std::unexpected(fmt::format("{} {} is out of range: expected {}", key,
                                             Quoted(raw, secret), RangeText(p)));
      }
      if (n < p.min || n > p.max) {
        return std::unexpected(fmt::format("{} {} is out of range: expected {}", key,
                                           Quoted(raw, secret), RangeText(p)));
      }
      return std::to_string(n);
    }
    case PropertyType::kBool: {
      std::string lowered = Lower(Trim(value));
      if (lowered != "true" && lowered != "false") {
        return std::unexpected(
            fmt::format("{} {} is not valid: expected true or false", key, Quoted(raw, secret)));
      }
      return lowered;
    }
    case PropertyType::kEnum: {
      std::string lowered = Lower(Trim(value));
      for (const ValueAlias& v : p.value_aliases) {
        if (v.from == lowered) lowered = std::string(v.to);
      }
      if (std::find(p.allowed.begin(), p.allowed.end(), lowered) == p.allowed.end()) {
        return std::unexpected(fmt::format("{} {} is not valid: expected one of {}", key,
                                           Quoted(raw, secret), JoinValues(p.allowed, ", ")));
      }
      if (std::find(p.rejected_values.begin(), p.rejected_values.end(), lowered) !=
          p.rejected_values.end()) {
        std::vector<std::string_view> accepted;
        for (std::string_view v : p.allowed) {
          if (std::find(p.rejected_values.begin(), p.rejected_values.end(), v) ==
              p.rejected_values.end()) {
            accepted.push_back(v);
          }
        }
        return std::unexpected(fmt::format("{} {} is not supported: {}; use {}", key,
                                           Quoted(raw, secret), Plain(p.rejected_reason),
                                           JoinValues(accepted, " or ")));
      }
      return lowered;
    }
    case PropertyType::kList: {
      std::vector<std::string> items = SplitList(value, p.regex_items);
      if (p.regex_items) {
        for (const std::string& item : items) {
          RE2::Options options;
          options.set_log_errors(false);
          const RE2 re(item, options);
          if (!re.ok()) {
            const bool java_only =
                re.error_code() == RE2::ErrorBadPerlOp || re.error_code() == RE2::ErrorBadEscape;
            return std::unexpected(
                fmt::format("{} item {} is not a valid regular expression: {}{}", key,
                            Quoted(item, secret), re.error(),
                            java_only ? " (rowcast uses RE2 syntax, which has no lookaround or "
                                        "backreferences)"
                                      : ""));
          }
        }
      }
      if (!p.allowed.empty()) {
        for (std::string& item : items) {
          item = Lower(item);
          if (std::find(p.allowed.begin(), p.allowed.end(), item) == p.allowed.end()) {
            return std::unexpected(fmt::format("{} item {} is not valid: expected any of {}", key,
                                               Quoted(item, secret),
                                               JoinValues(p.allowed, " or ")));
          }
        }
        if (items.size() > 1 && std::find(items.begin(), items.end(), "none") != items.end()) {
          return std::unexpected(fmt::format("{} {}: none cannot be combined with other items", key,
                                             Quoted(raw, secret)));
        }
      }
      return JoinList(items);
    }
  }
  return value;
}

// Replaces every secret value in `text` by the redaction marker.
std::string Scrub(std::string text, const std::vector<std::string>& secrets) {
  for (const std::string& secret : secrets) {
    for (size_t pos = text.find(secret); pos != std::string::npos;
         pos = text.find(secret, pos + kRedactedText.size())) {
      text.replace(pos, secret.size(), kRedactedText);
    }
  }
  return text;
}

template <typename E>
struct EnumName {
  std::string_view name;
  E value;
};

template <typename E, size_t N>
E ToEnum(std::string_view text, const EnumName<E> (&names)[N], E fallback) {
  for (const EnumName<E>& n : names) {
    if (n.name == text) return n.value;
  }
  return fallback;
}

constexpr EnumName<SslMode> kSslModes[] = {{"disabled", SslMode::kDisabled},
                                           {"preferred", SslMode::kPreferred},
                                           {"required", SslMode::kRequired},
                                           {"verify_ca", SslMode::kVerifyCa},
                                           {"verify_identity", SslMode::kVerifyIdentity}};
constexpr EnumName<DecimalMode> kDecimalModes[] = {{"precise", DecimalMode::kPrecise},
                                                   {"string", DecimalMode::kString},
                                                   {"double", DecimalMode::kDouble}};
constexpr EnumName<TimePrecisionMode> kTimePrecisionModes[] = {
    {"adaptive_time_microseconds", TimePrecisionMode::kAdaptiveTimeMicroseconds},
    {"adaptive", TimePrecisionMode::kAdaptive},
    {"connect", TimePrecisionMode::kConnect}};
constexpr EnumName<BigintUnsignedMode> kBigintModes[] = {{"long", BigintUnsignedMode::kLong},
                                                         {"precise", BigintUnsignedMode::kPrecise}};
constexpr EnumName<BinaryMode> kBinaryModes[] = {{"bytes", BinaryMode::kBytes},
                                                 {"base64", BinaryMode::kBase64},
                                                 {"base64-url-safe", BinaryMode::kBase64UrlSafe},
                                                 {"hex", BinaryMode::kHex}};
constexpr EnumName<SnapshotMode> kSnapshotModes[] = {
    {"initial", SnapshotMode::kInitial},
    {"initial_only", SnapshotMode::kInitialOnly},
    {"no_data", SnapshotMode::kNoData},
    {"never", SnapshotMode::kNever},
    {"when_needed", SnapshotMode::kWhenNeeded},
    {"recovery", SnapshotMode::kRecovery},
    {"always", SnapshotMode::kAlways},
    {"configuration_based", SnapshotMode::kConfigurationBased},
    {"custom", SnapshotMode::kCustom}};

constexpr EnumName<SnapshotLockingMode> kLockingModes[] = {
    {"minimal", SnapshotLockingMode::kMinimal},
    {"extended", SnapshotLockingMode::kExtended},
    {"none", SnapshotLockingMode::kNone}};

constexpr EnumName<WatermarkStrategy> kWatermarkStrategies[] = {
    {"insert_insert", WatermarkStrategy::kInsertInsert},
    {"insert_delete", WatermarkStrategy::kInsertDelete}};

constexpr EnumName<SnapshotOrder> kSnapshotOrders[] = {{"disabled", SnapshotOrder::kDisabled},
                                                       {"ascending", SnapshotOrder::kAscending},
                                                       {"descending", SnapshotOrder::kDescending}};

// A property as the user set it.
struct SetValue {
  std::string key;    // as written
  std::string value;  // normalized
  const Resolution* resolution;
};

// Collects the warnings of properties that rowcast ignores, merging those that share a reason.
class IgnoredProperties {
 public:
  void Add(std::string_view reason, std::string key) {
    for (auto& [r, keys] : groups_) {
      if (r == reason) {
        keys.push_back(std::move(key));
        return;
      }
    }
    groups_.push_back({std::string(reason), {std::move(key)}});
  }

  void AppendWarnings(std::vector<std::string>& warnings) const {
    for (const auto& [reason, keys] : groups_) {
      warnings.push_back(fmt::format("{} {} ignored: {}", JoinNames(keys),
                                     keys.size() == 1 ? "is" : "are", Plain(reason)));
    }
  }

 private:
  std::vector<std::pair<std::string, std::vector<std::string>>> groups_;
};

// The properties a config sets, in input order, one per canonical name.
class SetValues {
 public:
  const SetValue* Find(std::string_view canonical) const {
    auto it = index_.find(canonical);
    return it == index_.end() ? nullptr : &values_[it->second];
  }
  void Add(SetValue v) {
    index_.emplace(v.resolution->canonical_name, values_.size());
    values_.push_back(std::move(v));
  }
  const std::vector<SetValue>& in_order() const { return values_; }

 private:
  std::vector<SetValue> values_;
  std::map<std::string, size_t, std::less<>> index_;
};

// A property given twice keeps its last value, at the place it first appeared.
Props Deduplicate(Props props, std::vector<std::string>& warnings) {
  Props unique;
  std::map<std::string, size_t, std::less<>> index;
  for (auto& [key, value] : props) {
    auto [it, inserted] = index.try_emplace(key, unique.size());
    if (inserted) {
      unique.emplace_back(std::move(key), std::move(value));
    } else {
      warnings.push_back(
          fmt::format("property {} is given more than once; the last value is used", key));
      unique[it->second].second = std::move(value);
    }
  }
  return unique;
}

// Values that must never appear in a message, longest first: those of secret properties, and
// of unknown names that look like a misspelt secret ("database.pasword").
std::vector<std::string> CollectSecrets(const Props& props,
                                        const std::vector<std::optional<Resolution>>& resolutions) {
  std::vector<std::string> secrets;
  for (size_t i = 0; i < props.size(); ++i) {
    const auto& [key, value] = props[i];
    bool secret = IsSecretName(key);
    if (!secret && !resolutions[i].has_value()) {
      std::optional<std::string_view> suggestion = SuggestName(key);
      secret = suggestion.has_value() && IsSecretName(*suggestion);
    }
    // A placeholder such as "*******" already hides itself.
    const bool placeholder = value.find_first_not_of('*') == std::string::npos;
    if (secret && !placeholder && value.size() >= kMinScrubbedSecretLength) {
      secrets.push_back(value);
    }
  }
  std::sort(secrets.begin(), secrets.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  return secrets;
}

// column.truncate.to.<N>.chars needs N >= 1, column.mask.with.<N>.chars N >= 0.
std::optional<std::string> CheckColumnRuleLength(const Resolution& r, std::string_view key) {
  if (!IsColumnRule(*r.property)) return std::nullopt;
  int64_t length = 0;
  const int64_t min_length = r.property->name == kTruncatePattern ? 1 : 0;
  if (ParseInteger(r.captures.at(0), length) != IntError::kNone || length < min_length ||
      length > std::numeric_limits<int>::max()) {
    return fmt::format("{}: the length {} is not valid: expected {} to {}", key, r.captures.at(0),
                       min_length, std::numeric_limits<int>::max());
  }
  return std::nullopt;
}

// The connector name: the argument, the "name" property, or both when they agree.
void CheckName(std::string& name, const SetValues& set, std::vector<PropertyProblem>& problems) {
  const SetValue* inner = set.Find("name");
  const std::string key = inner != nullptr ? inner->key : "name";
  if (inner != nullptr) {
    if (name.empty()) {
      name = inner->value;
    } else if (inner->value != name) {
      problems.push_back(
          {key,
           fmt::format("the connector name {:?} differs from the name property {:?} inside the "
                       "config; Kafka Connect requires them to be equal",
                       name, inner->value)});
    }
  }
  if (name.empty()) {
    problems.push_back({key, "the connector has no name: set \"name\""});
  } else if (name.find('/') != std::string::npos) {
    problems.push_back(
        {key,
         fmt::format("the connector name {:?} contains '/', which Kafka Connect does not allow",
                     name)});
  }
}

// topic.creation.<rest> values by <rest>.
std::map<std::string, std::string> TopicCreationProperties(const SetValues& set) {
  std::map<std::string, std::string> out;
  for (const SetValue& v : set.in_order()) {
    if (v.resolution->property->name == "topic.creation.*") {
      out[v.resolution->captures.at(0)] = v.value;
    }
  }
  return out;
}

// Debezium refuses both sides of a filter, since it cannot tell which one should win.
void CheckExclusiveLists(const SetValues& set, std::vector<PropertyProblem>& problems) {
  static constexpr std::pair<std::string_view, std::string_view> kExclusive[] = {
      {"database.include.list", "database.exclude.list"},
      {"table.include.list", "table.exclude.list"},
      {"column.include.list", "column.exclude.list"},
      {"gtid.source.includes", "gtid.source.excludes"}};
  for (const auto& [include, exclude] : kExclusive) {
    const SetValue* in = set.Find(include);
    const SetValue* ex = set.Find(exclude);
    if (in != nullptr && ex != nullptr && !in->value.empty() && !ex->value.empty()) {
      std::string message =
          fmt::format("{} and {} cannot be used together: set only one of them", in->key, ex->key);
      problems.push_back({in->key, message});
      problems.push_back({ex->key, std::move(message)});
    }
  }
}

void CheckRequired(const SetValues& set, const Props& props,
                   const std::vector<std::optional<Resolution>>& resolutions,
                   std::vector<PropertyProblem>& problems) {
  for (const Property& p : AllProperties()) {
    if (!p.required) continue;
    const SetValue* s = set.Find(p.name);
    if (s != nullptr && !Trim(s->value).empty()) continue;
    // Given, but with a value already reported as not valid: not also missing.
    bool rejected = false;
    for (size_t i = 0; i < props.size(); ++i) {
      rejected = rejected || (s == nullptr && resolutions[i].has_value() &&
                              resolutions[i]->property == &p && !Trim(props[i].second).empty());
    }
    if (rejected) continue;
    std::string error = fmt::format("{} is required: {}", p.name, Purpose(p));
    // A misspelt required property shows up as unknown; point at it.
    for (size_t i = 0; i < props.size(); ++i) {
      if (resolutions[i].has_value()) continue;
      std::optional<std::string_view> suggestion = SuggestName(props[i].first);
      if (!suggestion.has_value()) continue;
      std::optional<Resolution> r = Resolve(*suggestion);
      if (r.has_value() && r->property == &p) {
        error += fmt::format(" (the config has {}: did you mean {}?)", props[i].first, *suggestion);
      }
    }
    problems.push_back({std::string(p.name), std::move(error)});
  }
}

// Every value has been validated, and every property read here has a default or is required,
// so the lookups and conversions cannot fail.
ConnectorSettings BuildSettings(const std::map<std::string, std::string, std::less<>>& values,
                                const SetValues& set, std::vector<std::string>& warnings) {
  auto text = [&](std::string_view canonical) -> std::string {
    auto it = values.find(canonical);
    return it == values.end() ? std::string() : it->second;
  };
  auto number = [&](std::string_view canonical) -> int64_t {
    int64_t n = 0;
    (void)ParseInteger(text(canonical), n);
    return n;
  };
  auto flag = [&](std::string_view canonical) { return text(canonical) == "true"; };
  auto list = [&](std::string_view canonical) { return SplitList(text(canonical), true); };

  ConnectorSettings s;
  s.name = text("name");
  s.connector_class = text("connector.class");
  s.flavor = s.connector_class == kMariaDbConnectorClass || text("connector.adapter") == "mariadb"
                 ? Flavor::kMariaDb
                 : Flavor::kMySql;
  if (s.connector_class != kMariaDbConnectorClass && s.connector_class != kMySqlConnectorClass) {
    warnings.push_back(fmt::format(
        "connector.class {} is not the Debezium MySQL or MariaDB connector; rowcast reads the "
        "config as a MySQL connector's",
        s.connector_class));
  }
  s.hostname = text("database.hostname");
  s.port = static_cast<uint16_t>(number("database.port"));
  s.user = text("database.user");
  s.password = text("database.password");
  s.server_id = static_cast<uint32_t>(number("database.server.id"));
  s.topic_prefix = text("topic.prefix");
  s.ssl_mode = ToEnum(text("database.ssl.mode"), kSslModes, SslMode::kPreferred);
  s.ssl_ca = text("database.ssl.ca");
  s.ssl_cert = text("database.ssl.cert");
  s.ssl_key = text("database.ssl.key");
  s.ssl_truststore = text("database.ssl.truststore");
  s.ssl_truststore_password = text("database.ssl.truststore.password");
  s.database_include = list("database.include.list");
  s.database_exclude = list("database.exclude.list");
  s.table_include = list("table.include.list");
  s.table_exclude = list("table.exclude.list");
  s.column_include = list("column.include.list");
  s.column_exclude = list("column.exclude.list");
  s.table_ignore_builtin = flag("table.ignore.builtin");
  s.gtid_source_includes = list("gtid.source.includes");
  s.gtid_source_excludes = list("gtid.source.excludes");
  s.gtid_source_filter_dml_events = flag("gtid.source.filter.dml.events");
  s.snapshot_mode = ToEnum(text("snapshot.mode"), kSnapshotModes, SnapshotMode::kInitial);
  s.snapshot_locking_mode =
      ToEnum(text("snapshot.locking.mode"), kLockingModes, SnapshotLockingMode::kMinimal);
  s.snapshot_lock_timeout_ms = number("snapshot.lock.timeout.ms");
  s.snapshot_max_threads = number("snapshot.max.threads");
  s.snapshot_chunk_size = number("rowcast.snapshot.chunk.size");
  s.snapshot_delay_ms = number("snapshot.delay.ms");
  s.snapshot_order =
      ToEnum(text("snapshot.tables.order.by.row.count"), kSnapshotOrders, SnapshotOrder::kDisabled);
  s.snapshot_include = list("snapshot.include.collection.list");
  s.signal_data_collection = text("signal.data.collection");
  s.incremental_chunk_size = number("incremental.snapshot.chunk.size");
  s.watermark_strategy = ToEnum(text("incremental.snapshot.watermarking.strategy"),
                                kWatermarkStrategies, WatermarkStrategy::kInsertInsert);
  s.read_only = flag("read.only");
  s.decimal_mode = ToEnum(text("decimal.handling.mode"), kDecimalModes, DecimalMode::kPrecise);
  // Values outside these enums are warned about above and fall back to the default.
  s.time_precision_mode = ToEnum(text("time.precision.mode"), kTimePrecisionModes,
                                 TimePrecisionMode::kAdaptiveTimeMicroseconds);
  s.bigint_unsigned_mode =
      ToEnum(text("bigint.unsigned.handling.mode"), kBigintModes, BigintUnsignedMode::kLong);
  s.binary_mode = ToEnum(text("binary.handling.mode"), kBinaryModes, BinaryMode::kBytes);
  s.tombstones_on_delete = flag("tombstones.on.delete");
  s.include_query = flag("include.query");
  s.include_schema_changes = flag("include.schema.changes");
  s.include_schema_comments = flag("include.schema.comments");
  s.key_schemas_enable = flag("key.converter.schemas.enable");
  s.value_schemas_enable = flag("value.converter.schemas.enable");
  s.history_file = text("schema.history.internal.file.filename");
  if (text("schema.history.internal") != "io.debezium.storage.file.history.FileSchemaHistory") {
    s.history_kafka_topic = text("schema.history.internal.kafka.topic");
  }
  s.history_kafka_bootstrap = text("schema.history.internal.kafka.bootstrap.servers");
  s.exactly_once_required = text("exactly.once.support") == "required";
  s.skip_unparseable_ddl = flag("schema.history.internal.skip.unparseable.ddl");
  s.history_store_only_captured = flag("schema.history.internal.store.only.captured.tables.ddl");
  s.history_store_only_captured_databases =
      flag("schema.history.internal.store.only.captured.databases.ddl");
  s.history_ddl_filter = list("schema.history.internal.ddl.filter");
  const std::vector<std::string> skipped = SplitList(text("skipped.operations"), false);
  auto skips = [&](std::string_view op) {
    return std::find(skipped.begin(), skipped.end(), op) != skipped.end();
  };
  s.skip_creates = skips("c");
  s.skip_updates = skips("u");
  s.skip_deletes = skips("d");
  s.skip_truncates = skips("t");
  s.offset_flush_interval_ms = number("offset.flush.interval.ms");
  s.connect_timeout_ms = number("connect.timeout.ms");
  s.heartbeat_interval_ms = number("heartbeat.interval.ms");
  s.binlog_heartbeat_interval_ms = number("rowcast.binlog.heartbeat.interval.ms");
  s.reconnect_backoff_max_ms = number("rowcast.reconnect.backoff.max.ms");
  s.max_queue_size = number("max.queue.size");
  s.max_queue_size_in_bytes = number("max.queue.size.in.bytes");
  s.kafka_cloudevents = text("rowcast.kafka.cloudevents") == "binary";
  s.http_sink.retry = number("rowcast.sink.http.retry");
  s.http_sink.backoff_policy = text("rowcast.sink.http.backoff.policy");
  s.http_sink.backoff_delay = text("rowcast.sink.http.backoff.delay");
  s.http_sink.backoff_max = text("rowcast.sink.http.backoff.max");
  s.http_sink.backoff_jitter = text("rowcast.sink.http.backoff.jitter");
  s.http_sink.timeout = text("rowcast.sink.http.timeout");
  s.http_sink.retry_after_max = text("rowcast.sink.http.retry.after.max");
  s.http_sink.dead_letter_url = text("rowcast.sink.http.dead.letter.url");
  s.http_sink.on_dead_letter_failure = text("rowcast.sink.http.on.dead.letter.failure");
  s.http_sink.mode = text("rowcast.sink.http.mode");
  s.http_sink.bearer_token_file = text("rowcast.sink.http.bearer.token.file");
  s.http_sink.ca_file = text("rowcast.sink.http.ca.file");
  s.http_sink.max_in_flight = number("rowcast.sink.http.max.in.flight");
  s.http_sink.ordered = flag("rowcast.sink.http.ordered");
  const std::vector<std::string> overridden = list("snapshot.select.statement.overrides");
  for (const std::string& table : overridden) {
    const std::string sql = text("snapshot.select.statement.overrides." + table);
    if (!sql.empty()) s.snapshot_select_overrides.emplace_back(table, sql);
  }
  for (const SetValue& v : set.in_order()) {
    const Property& p = *v.resolution->property;
    if (p.name == "producer.override.*") {
      s.producer_override[v.resolution->captures.at(0)] = v.value;
      continue;
    }
    if (p.name == "schema.history.internal.producer.*") {
      s.history_producer[v.resolution->captures.at(0)] = v.value;
      continue;
    }
    if (p.name == "schema.history.internal.consumer.*") {
      s.history_consumer[v.resolution->captures.at(0)] = v.value;
      continue;
    }
    if (!IsColumnRule(p)) continue;
    int64_t length = 0;
    (void)ParseInteger(v.resolution->captures.at(0), length);
    ColumnRule rule{static_cast<int>(length), SplitList(v.value, true)};
    (p.name == kTruncatePattern ? s.column_truncate : s.column_mask).push_back(std::move(rule));
  }
  if (auto groups = ParseTopicCreation(TopicCreationProperties(set)); groups.has_value()) {
    s.topic_creation = std::move(*groups);
  }
  if (auto keys = ParseKeyColumns(text("message.key.columns")); keys.has_value()) {
    s.message_key_columns = std::move(*keys);
  }
  return s;
}

std::string UnknownPropertyWarning(std::string_view key) {
  std::string warning = fmt::format("unknown property {} is ignored", key);
  if (std::optional<std::string_view> suggestion = SuggestName(key)) {
    const std::optional<Resolution> r = Resolve(*suggestion);
    if (r.has_value() && r->alias != nullptr) {
      warning += fmt::format("; did you mean {} (today {})?", *suggestion, r->canonical_name);
    } else {
      warning += fmt::format("; did you mean {}?", *suggestion);
    }
  } else if (key.starts_with("database.")) {
    warning +=
        " (if it is a JDBC driver property: Debezium 2.0 moved those from database.* to "
        "driver.*, and rowcast does not use JDBC)";
  }
  return warning;
}

// ParseTopicCreation, collecting every problem (each under its topic.creation.* property) in
// the order ParseTopicCreation would meet them; the groups are meaningful only without problems.
std::vector<TopicCreationGroup> CollectTopicCreation(
    const std::map<std::string, std::string>& properties, std::vector<PropertyProblem>& problems) {
  auto problem = [&](std::string_view rest, std::string message) {
    problems.push_back({fmt::format("topic.creation.{}", rest), std::move(message)});
  };
  const size_t first_problem = problems.size();
  std::vector<std::string> names;
  if (auto it = properties.find("groups"); it != properties.end()) {
    names = SplitList(it->second, false);
  }
  std::map<std::string, TopicCreationGroup> groups;
  groups["default"].name = "default";
  for (const std::string& n : names) groups[n].name = n;
  std::set<std::string> given;          // "<group>.partitions" / "<group>.replication.factor"
  std::set<std::string> include_given;  // groups with an include setting, valid or not
  for (const auto& [rest, value] : properties) {
    if (rest == "groups") continue;
    const size_t dot = rest.find('.');
    const std::string group = rest.substr(0, dot);
    const std::string key = dot == std::string::npos ? "" : rest.substr(dot + 1);
    auto it = groups.find(group);
    if (it == groups.end() || key.empty()) {
      problem(
          rest,
          fmt::format("topic.creation.{}: {} is not a group in topic.creation.groups (nor default)",
                      rest, group));
      continue;
    }
    TopicCreationGroup& g = it->second;
    if (key == "partitions" || key == "replication.factor") {
      int64_t n = 0;
      const int64_t max = key == "partitions" ? std::numeric_limits<int32_t>::max() : 32767;
      given.insert(group + "." + key);
      if (ParseInteger(value, n) != IntError::kNone || n == 0 || n < -1 || n > max) {
        problem(rest, fmt::format("topic.creation.{}: {:?} is not valid: expected -1 (the "
                                  "brokers' default) or 1 to {}",
                                  rest, value, max));
        continue;
      }
      (key == "partitions" ? g.partitions : g.replication_factor) = static_cast<int>(n);
    } else if (key == "include" || key == "exclude") {
      if (key == "include") include_given.insert(group);
      for (std::string& item : SplitList(value, true)) {
        const RE2 re(item, RE2::Quiet);
        if (!re.ok()) {
          problem(rest, fmt::format("topic.creation.{}: {:?} is not a valid regular expression: {}",
                                    rest, item, re.error()));
          break;
        }
        (key == "include" ? g.include : g.exclude).push_back(std::move(item));
      }
    } else {
      g.configs[key] = value;
    }
  }
  const bool has_default =
      given.contains("default.partitions") && given.contains("default.replication.factor");
  if (!has_default) {
    if (!names.empty() || !given.empty()) {
      for (std::string_view rest : {"default.replication.factor", "default.partitions"}) {
        if (given.contains(std::string(rest))) continue;
        problem(rest,
                "topic.creation.default.replication.factor and topic.creation.default.partitions "
                "are both required for topic creation (set -1 for the brokers' defaults)");
      }
    }
    return {};
  }
  const TopicCreationGroup& def = groups["default"];
  std::vector<TopicCreationGroup> out;
  for (const std::string& n : names) {
    TopicCreationGroup g = groups[n];
    if (g.include.empty() && !include_given.contains(n)) {
      problem(
          n + ".include",
          fmt::format("topic.creation.{}.include is required: which topics does group {} cover?", n,
                      n));
    }
    if (!given.contains(n + ".partitions")) g.partitions = def.partitions;
    if (!given.contains(n + ".replication.factor")) g.replication_factor = def.replication_factor;
    g.configs.emplace("cleanup.policy", "compact");
    out.push_back(std::move(g));
  }
  TopicCreationGroup d = def;
  d.include.clear();
  // Change events are keyed by primary key: compaction keeps the latest state of every row.
  d.configs.emplace("cleanup.policy", "compact");
  out.push_back(std::move(d));
  if (problems.size() != first_problem) return {};
  return out;
}

// Everything FromProperties checks, and what it needs afterwards to build the config.
struct Checked {
  std::string name;
  Props props;  // deduplicated
  std::vector<std::optional<Resolution>> resolutions;
  std::vector<std::string> secrets;  // values never to show
  SetValues set;                     // points into `resolutions`
  std::vector<std::string> warnings;
  std::vector<PropertyProblem> problems;
};

void Check(std::string given_name, Props given, Checked& c) {
  std::string& name = c.name;
  name = std::move(given_name);
  Props& props = c.props;
  std::vector<std::optional<Resolution>>& resolutions = c.resolutions;
  SetValues& set = c.set;
  std::vector<std::string>& warnings = c.warnings;
  std::vector<PropertyProblem>& problems = c.problems;

  props = Deduplicate(std::move(given), warnings);
  for (const auto& [key, value] : props) resolutions.push_back(Resolve(key));
  c.secrets = CollectSecrets(props, resolutions);

  // Debezium custom converters are configured under their own names: `<name>.type`, ...
  std::vector<std::string> converter_names;
  for (const auto& [key, value] : props) {
    if (key == "converters") converter_names = SplitList(value, false);
  }
  const std::string_view converters_note = Resolve("converters")->property->note;

  IgnoredProperties ignored;
  for (size_t i = 0; i < props.size(); ++i) {
    const auto& [key, raw] = props[i];
    const std::optional<Resolution>& r = resolutions[i];
    if (!r.has_value()) {
      const size_t dot = key.find('.');
      if (dot != std::string::npos && std::find(converter_names.begin(), converter_names.end(),
                                                key.substr(0, dot)) != converter_names.end()) {
        ignored.Add(converters_note, key);
      } else {
        warnings.push_back(UnknownPropertyWarning(key));
      }
      continue;
    }
    const Property& p = *r->property;
    const bool secret = IsSecretName(key);
    std::expected<std::string, std::string> value = Normalize(*r, key, raw, secret);
    if (!value.has_value()) {
      problems.push_back({key, std::move(value).error()});
      continue;
    }
    if (const SetValue* same = set.Find(r->canonical_name)) {
      if (same->value != *value) {
        problems.push_back(
            {key, fmt::format("{} and {} are two names of the same property ({}) and have "
                              "different values, {} and {}; keep only {}",
                              same->key, key, r->canonical_name, Quoted(same->value, secret),
                              Quoted(*value, secret), r->canonical_name)});
      }
      continue;
    }
    if (std::optional<std::string> error = CheckColumnRuleLength(*r, key)) {
      problems.push_back({key, std::move(*error)});
      continue;
    }
    if (p.name == "message.key.columns") {
      if (auto keys = ParseKeyColumns(*value); !keys.has_value()) {
        problems.push_back({key, fmt::format("{}: {}", key, keys.error())});
        continue;
      }
    }
    set.Add({key, *value, &*r});

    // Report what rowcast will not honour.
    const bool is_default = !p.default_value.empty() && *value == p.default_value;
    if (p.support == SupportLevel::kNotYet && !is_default) {
      if (!p.warning.empty()) {
        warnings.push_back(fmt::format(fmt::runtime(p.warning), fmt::arg("name", key),
                                       fmt::arg("value", secret ? kRedactedText : *value)));
      } else {
        ignored.Add(p.note, key);
      }
    } else if (p.support == SupportLevel::kAccepted && p.warn_when_set) {
      ignored.Add(p.note, key);
    }
    if (!p.supported_values.empty() &&
        std::none_of(p.supported_values.begin(), p.supported_values.end(),
                     [&](std::string_view v) { return EqualsIgnoreCase(v, *value); })) {
      warnings.push_back(fmt::format(
          "{}={} is valid in Debezium but not implemented in rowcast yet; rowcast behaves as "
          "with {}={}",
          key, *value, p.name, p.default_value));
    }
  }
  ignored.AppendWarnings(warnings);

  CheckName(name, set, problems);
  CheckExclusiveLists(set, problems);
  (void)CollectTopicCreation(TopicCreationProperties(set), problems);
  CheckRequired(set, props, resolutions, problems);
}

}  // namespace

std::string Redacted(std::string_view canonical_or_alias, std::string_view value) {
  if (IsSecretName(canonical_or_alias)) return std::string(kRedactedText);
  return std::string(value);
}

std::optional<std::string_view> ConnectorConfig::Get(std::string_view name) const {
  if (auto it = values_.find(name); it != values_.end()) return it->second;
  if (std::optional<Resolution> r = Resolve(name)) {
    if (auto it = values_.find(r->canonical_name); it != values_.end()) return it->second;
  }
  return std::nullopt;
}

StatusOr<ConnectorConfig> FromProperties(std::string name, Props props) {
  Checked c;
  Check(std::move(name), std::move(props), c);
  if (!c.problems.empty()) {
    std::string message;
    const std::string* previous = nullptr;
    for (const PropertyProblem& problem : c.problems) {
      // A problem listed under two properties is said once.
      if (previous != nullptr && *previous == problem.message) continue;
      if (!message.empty()) message += "; ";
      message += problem.message;
      previous = &problem.message;
    }
    return std::unexpected(InvalidArgumentError(Scrub(std::move(message), c.secrets)));
  }

  ConnectorConfig config;
  std::vector<std::string>& warnings = config.warnings_;
  warnings = std::move(c.warnings);
  for (const SetValue& v : c.set.in_order()) {
    config.values_[v.resolution->canonical_name] = v.value;
  }
  for (const Property& p : AllProperties()) {
    if (!p.default_value.empty() && !config.values_.contains(p.name)) {
      config.values_[std::string(p.name)] = std::string(p.default_value);
    }
  }
  config.values_["name"] = c.name;
  config.name_ = c.name;
  config.settings_ = BuildSettings(config.values_, c.set, warnings);
  for (std::string& w : warnings) w = Scrub(std::move(w), c.secrets);
  return config;
}

std::vector<PropertyProblem> CheckProperties(std::string name, Props props) {
  Checked c;
  Check(std::move(name), std::move(props), c);
  for (PropertyProblem& problem : c.problems) {
    problem.message = Scrub(std::move(problem.message), c.secrets);
  }
  return std::move(c.problems);
}

std::expected<std::vector<TopicCreationGroup>, std::string> ParseTopicCreation(
    const std::map<std::string, std::string>& properties) {
  std::vector<PropertyProblem> problems;
  std::vector<TopicCreationGroup> groups = CollectTopicCreation(properties, problems);
  if (!problems.empty()) return std::unexpected(std::move(problems.front().message));
  return groups;
}

std::expected<std::vector<KeyColumns>, std::string> ParseKeyColumns(std::string_view value) {
  std::vector<KeyColumns> out;
  size_t start = 0;
  while (start <= value.size()) {
    size_t end = value.find(';', start);
    if (end == std::string_view::npos) end = value.size();
    const std::string_view group = Trim(value.substr(start, end - start));
    start = end + 1;
    if (group.empty()) continue;
    const size_t colon = group.rfind(':');
    if (colon == std::string_view::npos) {
      return std::unexpected(fmt::format(
          "{:?} has no ':'; write <db>.<table>:<column>,<column> and separate tables with ';'",
          group));
    }
    KeyColumns k{std::string(Trim(group.substr(0, colon))),
                 SplitList(group.substr(colon + 1), false)};
    if (k.table.empty() || k.columns.empty()) {
      return std::unexpected(fmt::format(
          "{:?} needs a table and at least one column: <db>.<table>:<column>,<column>", group));
    }
    const RE2 re(k.table, RE2::Quiet);
    if (!re.ok()) {
      return std::unexpected(fmt::format(
          "the table pattern {:?} is not a valid regular expression: {}", k.table, re.error()));
    }
    out.push_back(std::move(k));
  }
  return out;
}

}  // namespace rowcast::config
