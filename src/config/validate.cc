#include "config/validate.h"

#include <algorithm>
#include <map>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/text.h"
#include "config/registry.h"

namespace rowcast::config {
namespace {

using Json = nlohmann::ordered_json;
using Props = std::vector<std::pair<std::string, std::string>>;

constexpr std::string_view kCommonGroup = "Common";
constexpr std::string_view kHidden = "[hidden]";
constexpr std::string_view kConnectorClass = "connector.class";

// Kafka Connect's own connector settings (ConnectorConfig), listed first in group "Common" as
// Kafka Connect lists them. Those the registry knows take its definition; the errors.* ones are
// defined here because the registry has them only as the pattern errors.*.
struct CommonSetting {
  std::string_view name;
  PropertyType type;  // when the registry has no exact entry
  std::string_view default_value;
  std::vector<std::string_view> allowed;
  std::string_view doc;
};

const std::vector<CommonSetting>& CommonSettings() {
  static const std::vector<CommonSetting>* const settings = new std::vector<CommonSetting>{
      {"name", PropertyType::kString, "", {}, "Globally unique name to use for this connector."},
      {"connector.class", PropertyType::kClass, "", {}, "The connector class."},
      {"tasks.max", PropertyType::kInt, "1", {}, "Maximum number of tasks."},
      {"key.converter", PropertyType::kClass, "", {}, "Converter of record keys."},
      {"value.converter", PropertyType::kClass, "", {}, "Converter of record values."},
      {"header.converter", PropertyType::kClass, "", {}, "Converter of record headers."},
      {"config.action.reload", PropertyType::kEnum, "restart", {"none", "restart"}, ""},
      {"transforms", PropertyType::kList, "", {}, "Aliases of the transformations."},
      {"predicates", PropertyType::kList, "", {}, "Aliases of the predicates."},
      {"errors.retry.timeout",
       PropertyType::kLong,
       "0",
       {},
       "How long a failed operation is retried, in milliseconds (Kafka Connect error handling, "
       "which applies to converters and transforms: rowcast runs none and never drops an "
       "event)."},
      {"errors.retry.delay.max.ms",
       PropertyType::kLong,
       "60000",
       {},
       "The longest delay between retries, in milliseconds (Kafka Connect error handling)."},
      {"errors.tolerance",
       PropertyType::kEnum,
       "none",
       {"none", "all"},
       "Whether records that fail conversion or transformation are skipped (Kafka Connect error "
       "handling; rowcast never skips an event)."},
      {"errors.log.enable",
       PropertyType::kBool,
       "false",
       {},
       "Whether failed operations are logged (Kafka Connect error handling)."},
      {"errors.log.include.messages",
       PropertyType::kBool,
       "false",
       {},
       "Whether logged failures include the record (Kafka Connect error handling)."},
  };
  return *settings;
}

// Registry prose is Markdown; ConfigInfos documentation is plain text.
std::string Plain(std::string_view markdown) {
  std::string out;
  for (char c : markdown) {
    if (c != '`') out.push_back(c);
  }
  return out;
}

// Kafka's ConfigDef.Type names.
std::string_view KafkaType(PropertyType type) {
  switch (type) {
    case PropertyType::kString:
    case PropertyType::kEnum:
      return "STRING";
    case PropertyType::kPassword:
      return "PASSWORD";
    case PropertyType::kInt:
      return "INT";
    case PropertyType::kLong:
      return "LONG";
    case PropertyType::kBool:
      return "BOOLEAN";
    case PropertyType::kList:
      return "LIST";
    case PropertyType::kClass:
      return "CLASS";
  }
  return "STRING";
}

std::string_view Width(PropertyType type) {
  switch (type) {
    case PropertyType::kInt:
    case PropertyType::kLong:
    case PropertyType::kBool:
      return "SHORT";
    case PropertyType::kList:
    case PropertyType::kClass:
      return "LONG";
    default:
      return "MEDIUM";
  }
}

// One entry of "configs".
struct Entry {
  std::string name;  // canonical
  PropertyType type = PropertyType::kString;
  bool required = false;
  std::optional<std::string> default_value;
  std::string importance = "MEDIUM";
  std::string documentation;
  std::string group;
  std::vector<std::string> recommended;
  bool secret = false;
  std::optional<std::string> value;
  std::vector<std::string> errors;
};

Entry FromProperty(const Property& p, std::string name, std::string group) {
  Entry e;
  e.name = std::move(name);
  e.type = p.type;
  e.required = p.required;
  if (!p.default_value.empty()) e.default_value = std::string(p.default_value);
  if (p.required || p.group == Group::kConnection) e.importance = "HIGH";
  e.documentation = Plain(p.doc);
  if (!p.note.empty()) {
    e.documentation += fmt::format(" rowcast: {}: {}.", SupportLevelName(p.support), Plain(p.note));
  }
  e.group = std::move(group);
  if (p.type == PropertyType::kEnum || (p.type == PropertyType::kList && !p.allowed.empty())) {
    for (std::string_view v : p.allowed) {
      if (std::find(p.rejected_values.begin(), p.rejected_values.end(), v) ==
          p.rejected_values.end()) {
        e.recommended.emplace_back(v);
      }
    }
  }
  e.secret = p.type == PropertyType::kPassword || IsSecretName(e.name);
  return e;
}

Entry FromCommon(const CommonSetting& s) {
  if (const std::optional<Resolution> r = Resolve(s.name);
      r.has_value() && r->property->name == s.name) {
    Entry e = FromProperty(*r->property, std::string(s.name), std::string(kCommonGroup));
    if (s.name == "name" || s.name == kConnectorClass) e.importance = "HIGH";
    e.required = e.required || s.name == "name";  // Kafka Connect: no default
    return e;
  }
  Entry e;
  e.name = std::string(s.name);
  e.type = s.type;
  if (!s.default_value.empty()) e.default_value = std::string(s.default_value);
  e.documentation = std::string(s.doc);
  e.group = std::string(kCommonGroup);
  for (std::string_view v : s.allowed) e.recommended.emplace_back(v);
  e.secret = IsSecretName(e.name);
  return e;
}

Json ToJson(const Entry& e, int order) {
  Json definition = Json::object();
  definition["name"] = e.name;
  definition["type"] = KafkaType(e.type);
  definition["required"] = e.required;
  definition["default_value"] = e.default_value.has_value() ? Json(*e.default_value) : Json();
  definition["importance"] = e.importance;
  definition["documentation"] = e.documentation;
  definition["group"] = e.group;
  definition["width"] = Width(e.type);
  definition["display_name"] = e.name;  // Kafka's default when a definition gives none
  definition["dependents"] = Json::array();
  definition["order"] = order;
  Json value = Json::object();
  value["name"] = e.name;
  if (e.value.has_value()) {
    value["value"] = e.secret ? std::string(kHidden) : *e.value;
  } else {
    value["value"] = e.default_value.has_value() ? Json(*e.default_value) : Json();
  }
  value["recommended_values"] = e.recommended;
  value["errors"] = e.errors;
  value["visible"] = true;
  Json config = Json::object();
  config["definition"] = std::move(definition);
  config["value"] = std::move(value);
  return config;
}

// The registry's other spellings of connector.class values (from -> to).
std::optional<std::string> RegistryClassAlias(std::string_view name) {
  const std::optional<Resolution> r = Resolve(kConnectorClass);
  if (!r.has_value()) return std::nullopt;
  for (const ValueAlias& a : r->property->value_aliases) {
    if (EqualsIgnoreCase(a.from, name)) return std::string(a.to);
  }
  return std::nullopt;
}

std::string SimpleName(std::string_view class_name) {
  const size_t dot = class_name.rfind('.');
  return std::string(dot == std::string_view::npos ? class_name : class_name.substr(dot + 1));
}

std::optional<std::string> FindPlugin(std::string_view plugin) {
  const std::string_view name = Trim(plugin);
  for (std::string_view c : ConnectorPluginClasses()) {
    const std::string simple = SimpleName(c);
    const std::string pruned =
        simple.ends_with("Connector") ? simple.substr(0, simple.size() - 9) : simple;
    if (EqualsIgnoreCase(name, c) || EqualsIgnoreCase(name, simple) ||
        EqualsIgnoreCase(name, pruned)) {
      return std::string(c);
    }
  }
  if (std::optional<std::string> to = RegistryClassAlias(name)) {
    if (std::find(ConnectorPluginClasses().begin(), ConnectorPluginClasses().end(), *to) !=
        ConnectorPluginClasses().end()) {
      return to;
    }
  }
  return std::nullopt;
}

// Values of secret properties, longest first: a non-secret value that contains one (a password
// pasted into the wrong field) is shown with it hidden. Short ones are left, as in FromProperties.
std::vector<std::string> Secrets(const Props& props) {
  std::vector<std::string> secrets;
  for (const auto& [key, value] : props) {
    if (IsSecretName(key) && value.size() >= 3 &&
        value.find_first_not_of('*') != std::string::npos) {
      secrets.push_back(value);
    }
  }
  std::sort(secrets.begin(), secrets.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  return secrets;
}

std::string Scrub(std::string text, const std::vector<std::string>& secrets) {
  for (const std::string& secret : secrets) {
    for (size_t pos = text.find(secret); pos != std::string::npos;
         pos = text.find(secret, pos + kHidden.size())) {
      text.replace(pos, secret.size(), kHidden);
    }
  }
  return text;
}

}  // namespace

const std::vector<std::string_view>& ConnectorPluginClasses() {
  static const std::vector<std::string_view>* const classes = new std::vector<std::string_view>{
      "io.debezium.connector.mysql.MySqlConnector",
      "io.debezium.connector.mariadb.MariaDbConnector",
  };
  return *classes;
}

StatusOr<std::string> CanonicalPluginClass(std::string_view plugin) {
  if (std::optional<std::string> c = FindPlugin(plugin)) return *c;
  std::string known;
  for (std::string_view c : ConnectorPluginClasses()) {
    if (!known.empty()) known += ", ";
    known += fmt::format("{} ({})", c, SimpleName(c));
  }
  return std::unexpected(NotFoundError(fmt::format(
      "connector plugin {:?} is not one rowcast has; the plugins are {}", plugin, known)));
}

StatusOr<Validation> ValidateConnectorConfig(std::string_view plugin, const Props& props) {
  Validation v;
  ROWCAST_ASSIGN_OR_RETURN(v.plugin_class, CanonicalPluginClass(plugin));

  // Later duplicates win, as in FromProperties; values by canonical name.
  std::map<std::string, std::string, std::less<>> values;
  bool has_class = false;
  for (const auto& [key, value] : props) {
    if (key == kConnectorClass) {
      has_class = true;
      const std::optional<std::string> given = FindPlugin(value);
      if (!given.has_value() || *given != v.plugin_class) {
        return std::unexpected(InvalidArgumentError(fmt::format(
            "connector.class {:?} in the config does not match the plugin {} of the request; "
            "leave connector.class out or make it {}",
            value, plugin, v.plugin_class)));
      }
    }
    if (const std::optional<Resolution> r = Resolve(key)) values[r->canonical_name] = value;
  }
  Props checked = props;
  if (!has_class) {
    checked.emplace_back(kConnectorClass, v.plugin_class);
    values[std::string(kConnectorClass)] = v.plugin_class;
  }
  v.errors = CheckProperties("", std::move(checked));

  // The entries: Common first, then the registry in documentation order, pattern properties as
  // the config (or a problem) names them.
  std::vector<Entry> entries;
  std::map<std::string, size_t, std::less<>> index;
  auto add = [&](Entry e) {
    index.emplace(e.name, entries.size());
    entries.push_back(std::move(e));
  };
  for (const CommonSetting& s : CommonSettings()) add(FromCommon(s));
  std::vector<std::string> pattern_names;  // canonical names of pattern properties, in order
  for (const auto& [key, value] : props) {
    if (const std::optional<Resolution> r = Resolve(key); r.has_value() && !r->captures.empty()) {
      pattern_names.push_back(r->canonical_name);
    }
  }
  for (const PropertyProblem& p : v.errors) {
    if (const std::optional<Resolution> r = Resolve(p.name);
        r.has_value() && !r->captures.empty()) {
      pattern_names.push_back(r->canonical_name);
    }
  }
  for (const Property& p : AllProperties()) {
    const std::string group(GroupTitle(p.group));
    if (p.name.find('<') == std::string_view::npos && !p.name.ends_with('*')) {
      if (!index.contains(p.name)) add(FromProperty(p, std::string(p.name), group));
      continue;
    }
    for (const std::string& name : pattern_names) {
      const std::optional<Resolution> r = Resolve(name);
      if (r.has_value() && r->property == &p && !index.contains(name)) {
        add(FromProperty(p, name, group));
      }
    }
  }
  const std::vector<std::string> secrets = Secrets(props);
  for (auto& [name, value] : values) {
    if (auto it = index.find(name); it != index.end()) {
      entries[it->second].value = Scrub(value, secrets);
    }
  }
  for (const PropertyProblem& p : v.errors) {
    std::optional<Resolution> r = Resolve(p.name);
    const std::string name = r.has_value() ? r->canonical_name : p.name;
    auto it = index.find(name);
    if (it == index.end()) {
      Entry e;
      e.name = name;
      e.group = std::string(kCommonGroup);
      e.secret = IsSecretName(name);
      add(std::move(e));
      it = index.find(name);
    }
    entries[it->second].errors.push_back(p.message);
  }

  std::vector<std::string> groups;
  for (const Entry& e : entries) {
    if (std::find(groups.begin(), groups.end(), e.group) == groups.end()) groups.push_back(e.group);
  }
  Json configs = Json::array();
  for (const std::string& group : groups) {
    int order = 0;
    for (const Entry& e : entries) {
      if (e.group == group) configs.push_back(ToJson(e, ++order));
    }
  }
  Json body = Json::object();
  body["name"] = v.plugin_class;
  body["error_count"] = v.errors.size();
  body["groups"] = groups;
  body["configs"] = std::move(configs);
  // Values are the user's text, which may not be UTF-8: replace rather than throw.
  v.body = body.dump(-1, ' ', false, Json::error_handler_t::replace);
  return v;
}

std::string InvalidConfigMessage(const Validation& v) {
  std::string message =
      fmt::format("Connector configuration is invalid and contains the following {} error(s):\n",
                  v.errors.size());
  for (const PropertyProblem& p : v.errors) message += fmt::format("{}: {}\n", p.name, p.message);
  message +=
      "You can also find the above list of errors at the endpoint "
      "`/connector-plugins/{connectorType}/config/validate`";
  return message;
}

}  // namespace rowcast::config
