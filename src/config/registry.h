// The one table of every connector property rowcast knows: today's Debezium 3.x name, the older
// names people still have in their configs, type, default, allowed values, documentation and how
// far rowcast supports it. Parsing (connector_config.h) and docs/configuration.md (docs.h) both
// read this table, so the documentation cannot drift from what the parser accepts.
//
// The table is immutable after first use and safe to read from any thread.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rowcast::config {

enum class PropertyType {
  kString,
  kPassword,  // never shown in messages, logs or docs
  kInt,       // 32-bit in Debezium; range checked against min/max
  kLong,
  kBool,   // true / false, case-insensitive like Kafka Connect's ConfigDef
  kList,   // comma-separated; items trimmed, empty items dropped
  kEnum,   // one of `allowed`, case-insensitive
  kClass,  // a Java class name
};

enum class SupportLevel {
  kSupported,  // rowcast uses the value
  kAccepted,   // accepted without effect, by design (the note says why)
  kNotYet,     // a Debezium feature rowcast does not implement yet: setting it warns
};

// Groups in the order the documentation lists them.
enum class Group {
  kConnector,
  kConnection,
  kFilters,
  kColumns,
  kSnapshot,
  kSignals,
  kStreaming,
  kEvents,
  kTypes,
  kTopics,
  kHistory,
  kOffsets,
  kMetrics,
  kKafkaConnect,
};

// A value that an old name, or another flavour, spells differently: `from` is compared
// case-insensitively and replaced by `to` before validation.
struct ValueAlias {
  std::string_view from = {};
  std::string_view to = {};
};

struct Alias {
  std::string_view name = {};
  // When non-empty, the only values the old name accepts, each translated to the canonical
  // property's value (snapshot.minimal.locks=true means snapshot.locking.mode=minimal).
  std::vector<ValueAlias> values = {};
};

struct Property {
  // Canonical name. Pattern properties use placeholders: `<N>` (digits), `<NAME>` (one dotted
  // segment, or the rest of the name when last) and a trailing `*` (anything non-empty).
  std::string_view name = {};
  std::vector<Alias> aliases = {};
  PropertyType type = PropertyType::kString;
  // Text form of the default; empty when there is none.
  std::string_view default_value = {};
  bool required = false;
  // kEnum: every valid value. kList: the valid items (empty: any item).
  std::vector<std::string_view> allowed = {};
  // Other spellings of valid values (removed Debezium values, MariaDB connector values).
  std::vector<ValueAlias> value_aliases = {};
  // When non-empty, valid values outside this set are Debezium features rowcast does not
  // implement yet: they warn and rowcast behaves as with the default.
  std::vector<std::string_view> supported_values = {};
  // Valid in Debezium but refused by rowcast (the reason says why).
  std::vector<std::string_view> rejected_values = {};
  std::string_view rejected_reason = {};
  // kInt / kLong bounds.
  int64_t min = std::numeric_limits<int64_t>::min();
  int64_t max = std::numeric_limits<int64_t>::max();
  // kList: each item is a regular expression (validated with RE2 here, compiled by the user).
  bool regex_items = false;
  // kString: an RE2 pattern the whole value must match, and how to say it to a human.
  std::string_view value_pattern = {};
  std::string_view value_pattern_help = {};
  Group group = Group::kConnector;
  SupportLevel support = SupportLevel::kSupported;
  // Not a Debezium property: rowcast's own.
  bool extension = false;
  // One paragraph; the first sentence says what the property is for (used in error messages).
  std::string_view doc = {};
  // kAccepted / kNotYet: why. Properties that share a note are reported in one warning.
  std::string_view note = {};
  // kAccepted properties normally stay silent; this one warns when set, because people expect
  // an effect that rowcast cannot give.
  bool warn_when_set = false;
  // Replaces the generic warning for kNotYet properties: `{name}` is the name as written and
  // `{value}` its value (never used for secrets).
  std::string_view warning = {};
};

// The table, in documentation order.
const std::vector<Property>& AllProperties();

// The result of looking a name up.
struct Resolution {
  const Property* property = nullptr;
  const Alias* alias = nullptr;       // set when `name` is an old name
  std::string canonical_name;         // placeholders filled in for pattern properties
  std::vector<std::string> captures;  // the text each placeholder matched, in order
};

// Looks up a canonical name, an old alias or a name matching a pattern property.
std::optional<Resolution> Resolve(std::string_view name);

// The known name (canonical or old) nearest to `unknown` by edit distance, when it is close
// enough to be a likely typo; nullopt otherwise.
std::optional<std::string_view> SuggestName(std::string_view unknown);

// True when values of this property must never be shown: password-typed properties and
// pass-through names that carry secrets (`*.password`, `sasl.jaas.config`, ...).
bool IsSecretName(std::string_view name);

std::string_view GroupTitle(Group group);
std::string_view PropertyTypeName(PropertyType type);
std::string_view SupportLevelName(SupportLevel level);

}  // namespace rowcast::config
