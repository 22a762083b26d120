#include "config/docs.h"

#include <limits>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "config/registry.h"

namespace rowcast::config {
namespace {

constexpr std::string_view kIntro = R"(# rowcast configuration

<!-- Generated from src/config/registry.cc by rowcast_config_docs; do not edit by hand.
     Regenerate with: build/ci/src/config/rowcast_config_docs > docs/configuration.md -->

rowcast reads the connector configuration that people POST to Kafka Connect for the Debezium
MySQL connector: `{"name": "...", "config": {...}}`, or the bare config map with `"name"` inside
(the body of `PUT /connectors/<name>/config`). Property values may be JSON strings, numbers or
booleans; `null` means not set.

## Names old and new

Each property is listed under its Debezium 3.x name. The names older Debezium versions used
(`database.whitelist`, `database.server.name`, `database.history.*`, ...; see the Aliases
column) are accepted as well and mean the same property, so a 2017-era configuration works
verbatim. A few old values are translated too: `snapshot.mode=schema_only` is `no_data`,
`schema_only_recovery` is `recovery`, `snapshot.minimal.locks=true` is
`snapshot.locking.mode=minimal`, and the MariaDB connector's `database.ssl.mode` names
(`disable`, `trust`, `verify-ca`, `verify-full`) are the MySQL ones. Giving the old and the new
name of one property with different values is an error. Defaults are today's Debezium defaults,
not those of the version an old configuration was written for (for example TLS is `preferred`,
not `disabled`, and `database.server.id` is required).

Names with placeholders stand for a family: `<N>` is a number, `<ALGO>`, `<SALT>`, `<DB>` and
`<TABLE>` are free text, and `*` is any suffix.

## Values

- Lists are comma-separated; items are trimmed and empty items dropped.
- Regular expressions must match the whole name (`db`, `db.table` or `db.table.column`). rowcast
  uses RE2 syntax, which is Java's without lookaround and backreferences; in a list, a comma
  that belongs to a regex is written `\,`.
- Booleans are `true` or `false`, enum values any case.
- A value that is not valid (not a number, out of range, not one of the allowed values, a regex
  that does not compile) is an error naming the property, the value and what is allowed.
  Passwords and other secrets never appear in messages or logs.
- An unknown property is a warning, with the nearest known name when it looks like a typo.

## Support levels

| Level | Meaning |
|---|---|
| supported | rowcast uses the value. |
| accepted, no effect | accepted without effect, by design; the description says why. No warning, except where marked "warns when set". |
| not yet | a Debezium feature rowcast does not implement yet. Setting it to anything but its default is a warning that names the property, and rowcast runs without it. |

Some supported properties have values that are not implemented yet; using one of those warns
and rowcast behaves as with the default. Properties marked "rowcast extension" are not
Debezium's.
)";

constexpr Group kGroups[] = {
    Group::kConnector, Group::kConnection, Group::kFilters, Group::kColumns,      Group::kSnapshot,
    Group::kSignals,   Group::kStreaming,  Group::kEvents,  Group::kTypes,        Group::kTopics,
    Group::kHistory,   Group::kOffsets,    Group::kMetrics, Group::kKafkaConnect,
};

// Table cells hold no pipes or line breaks.
std::string Cell(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string Code(std::string_view text) { return fmt::format("`{}`", text); }

std::string CodeList(const std::vector<std::string_view>& values) {
  std::string out;
  for (std::string_view v : values) {
    if (!out.empty()) out += ", ";
    out += Code(v);
  }
  return out;
}

std::string Aliases(const Property& p) {
  std::string out;
  for (const Alias& a : p.aliases) {
    if (!out.empty()) out += ", ";
    out += Code(a.name);
    if (!a.values.empty()) {
      std::string mapping;
      for (const ValueAlias& v : a.values) {
        if (!mapping.empty()) mapping += ", ";
        mapping += fmt::format("`{}` = `{}`", v.from, v.to);
      }
      out += fmt::format(" ({})", mapping);
    }
  }
  return out;
}

std::string Default(const Property& p) {
  if (p.required) return "required";
  if (p.default_value.empty()) return "";
  return Code(p.default_value);
}

std::string Range(const Property& p) {
  const bool has_min = p.min != std::numeric_limits<int64_t>::min();
  const bool has_max = p.max != std::numeric_limits<int64_t>::max();
  if (has_min && has_max) return fmt::format("{} to {}", p.min, p.max);
  if (has_min) return fmt::format("at least {}", p.min);
  if (has_max) return fmt::format("at most {}", p.max);
  return "any integer";
}

std::string AllowedValues(const Property& p) {
  std::string out;
  switch (p.type) {
    case PropertyType::kEnum:
      out = CodeList(p.allowed);
      break;
    case PropertyType::kBool:
      out = "`true`, `false`";
      break;
    case PropertyType::kInt:
    case PropertyType::kLong:
      out = Range(p);
      break;
    case PropertyType::kList:
      if (p.regex_items) {
        out = "comma-separated regexes";
      } else if (!p.allowed.empty()) {
        out = "comma-separated: " + CodeList(p.allowed);
      } else {
        out = "comma-separated list";
      }
      break;
    case PropertyType::kString:
      out = std::string(p.value_pattern_help);
      break;
    case PropertyType::kPassword:
    case PropertyType::kClass:
      break;
  }
  if (!p.value_aliases.empty()) {
    std::string mapping;
    for (const ValueAlias& v : p.value_aliases) {
      if (!mapping.empty()) mapping += ", ";
      mapping += fmt::format("`{}` = `{}`", v.from, v.to);
    }
    out += fmt::format("{}also {}", out.empty() ? "" : "; ", mapping);
  }
  return out;
}

std::string Support(const Property& p) {
  std::string out(SupportLevelName(p.support));
  if (!p.supported_values.empty()) {
    std::vector<std::string_view> missing;
    for (std::string_view v : p.allowed) {
      bool supported = false;
      for (std::string_view s : p.supported_values) supported = supported || s == v;
      if (!supported) missing.push_back(v);
    }
    if (!missing.empty()) {
      out += "; not yet: " + CodeList(missing);
    } else {
      out += "; only " + CodeList(p.supported_values);
    }
  }
  if (p.warn_when_set) out += "; warns when set";
  if (!p.rejected_values.empty()) out += "; refused: " + CodeList(p.rejected_values);
  if (p.extension) out += "; rowcast extension";
  return out;
}

std::string Description(const Property& p) {
  std::string out(p.doc);
  if (!p.note.empty()) {
    const std::string_view label = p.support == SupportLevel::kAccepted ? "No effect" : "Not yet";
    out += fmt::format(" {}: {}.", label, p.note);
  }
  if (!p.rejected_reason.empty()) out += fmt::format(" Why: {}.", p.rejected_reason);
  return out;
}

}  // namespace

std::string GenerateConfigurationMarkdown() {
  std::string out(kIntro);
  for (Group group : kGroups) {
    out += fmt::format("\n## {}\n\n", GroupTitle(group));
    out += "| Property | Aliases | Type | Default | Allowed values | Support | Description |\n";
    out += "|---|---|---|---|---|---|---|\n";
    for (const Property& p : AllProperties()) {
      if (p.group != group) continue;
      out += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", Cell(Code(p.name)),
                         Cell(Aliases(p)), PropertyTypeName(p.type), Cell(Default(p)),
                         Cell(AllowedValues(p)), Cell(Support(p)), Cell(Description(p)));
    }
  }
  return out;
}

}  // namespace rowcast::config
