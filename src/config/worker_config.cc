#include "config/worker_config.h"

#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <limits>
#include <system_error>
#include <unordered_map>

#include <fmt/format.h>

#include "common/text.h"
#include "config/providers.h"
#include "config/registry.h"

namespace rowcast::config {
namespace {

using Props = std::vector<std::pair<std::string, std::string>>;

// Properties.load's whitespace: no '\n' or '\r', which end lines.
bool IsPropertiesSpace(char c) { return c == ' ' || c == '\t' || c == '\f'; }

// The 4 hex digits of a \u escape starting at s[pos]; nullopt when there are not 4.
std::optional<uint32_t> ReadHex4(std::string_view s, size_t pos) {
  if (pos + 4 > s.size()) return std::nullopt;
  uint32_t unit = 0;
  const auto [ptr, ec] = std::from_chars(s.data() + pos, s.data() + pos + 4, unit, 16);
  if (ec != std::errc() || ptr != s.data() + pos + 4) return std::nullopt;
  return unit;
}

// Properties.loadConvert: resolves the escapes of a key or a value. `what` names the part for
// the error ("the key", "the value of x").
StatusOr<std::string> Unescape(std::string_view s, int line, std::string_view what) {
  std::string out;
  out.reserve(s.size());
  auto malformed = [&](std::string_view why) {
    return std::unexpected(InvalidArgumentError(
        fmt::format("line {}: malformed \\u escape in {}: {}", line, what, why)));
  };
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\') {
      out.push_back(s[i]);
      continue;
    }
    if (++i == s.size()) break;  // a lone trailing backslash (only at end of input) is dropped
    switch (s[i]) {
      case 't':
        out.push_back('\t');
        break;
      case 'n':
        out.push_back('\n');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 'f':
        out.push_back('\f');
        break;
      case 'u': {
        const std::optional<uint32_t> unit = ReadHex4(s, i + 1);
        if (!unit) return malformed("expected 4 hex digits after \\u");
        i += 4;
        uint32_t cp = *unit;
        if (cp >= 0xDC00 && cp <= 0xDFFF) return malformed("a low surrogate without a high one");
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          // Java strings are UTF-16: a character beyond U+FFFF is written as two escapes.
          const std::optional<uint32_t> low =
              i + 2 < s.size() && s[i + 1] == '\\' && s[i + 2] == 'u' ? ReadHex4(s, i + 3)
                                                                      : std::nullopt;
          if (!low || *low < 0xDC00 || *low > 0xDFFF) {
            return malformed("a high surrogate not followed by a \\u low surrogate");
          }
          i += 6;
          cp = 0x10000 + ((cp - 0xD800) << 10) + (*low - 0xDC00);
        }
        AppendCodePoint(out, cp);
        break;
      }
      default:
        out.push_back(s[i]);  // \\ \= \: \# \! \<space> and any other character stand for it
    }
  }
  return out;
}

// Splits one logical line (escapes still in place) into key and value as Properties.load does:
// the key ends at the first unescaped '=', ':' or whitespace; whitespace around it and one
// separator are skipped.
std::pair<std::string_view, std::string_view> SplitKeyValue(std::string_view line) {
  size_t key_end = 0;
  size_t value_start = line.size();
  bool has_separator = false;
  bool escaped = false;
  for (; key_end < line.size(); ++key_end) {
    const char c = line[key_end];
    if (!escaped && (c == '=' || c == ':')) {
      value_start = key_end + 1;
      has_separator = true;
      break;
    }
    if (!escaped && IsPropertiesSpace(c)) {
      value_start = key_end + 1;
      break;
    }
    escaped = c == '\\' && !escaped;
  }
  while (value_start < line.size()) {
    const char c = line[value_start];
    if (!IsPropertiesSpace(c)) {
      if (has_separator || (c != '=' && c != ':')) break;
      has_separator = true;
    }
    ++value_start;
  }
  return {line.substr(0, key_end), line.substr(value_start)};
}

size_t TrailingBackslashes(std::string_view s) {
  size_t n = 0;
  while (n < s.size() && s[s.size() - 1 - n] == '\\') ++n;
  return n;
}

// Values of keys like these are never shown.
bool IsHidden(std::string_view key) {
  return IsSecretName(key) || Lower(key).find("jaas") != std::string::npos;
}

std::string Shown(std::string_view key, std::string_view value) {
  if (IsHidden(key)) return "(hidden)";
  return fmt::format("{:?}", value);
}

Status BadValue(std::string_view key, std::string_view value, std::string_view expected) {
  return InvalidArgumentError(
      fmt::format("{} {} is not valid: expected {}", key, Shown(key, value), expected));
}

// Java's Integer/Long.parseInt on the trimmed value, as Kafka's ConfigDef does, then a range.
template <typename T>
Status ParseWhole(std::string_view key, std::string_view value, int64_t min, int64_t max,
                  std::string_view expected, T& out) {
  std::string_view s = Trim(value);
  if (s.starts_with('+')) s.remove_prefix(1);
  int64_t n = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size() || n < min || n > max) {
    return BadValue(key, value, expected);
  }
  out = static_cast<T>(n);
  return OkStatus();
}

Status ParseBool(std::string_view key, std::string_view value, bool& out) {
  const std::string lowered = Lower(Trim(value));
  if (lowered != "true" && lowered != "false") return BadValue(key, value, "true or false");
  out = lowered == "true";
  return OkStatus();
}

// Kafka LIST values: items trimmed, empty ones dropped, joined by ','.
std::string NormalizeList(std::string_view value) {
  std::string out;
  while (!value.empty()) {
    const size_t comma = value.find(',');
    const std::string_view item = Trim(value.substr(0, comma));
    if (!item.empty()) {
      if (!out.empty()) out.push_back(',');
      out += item;
    }
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return out;
}

std::string Converter(std::string_view key, std::string_view value,
                      std::vector<std::string>& warnings) {
  std::string name(Trim(value));
  if (EqualsIgnoreCase(name, "JsonConverter")) name = std::string(kJsonConverter);
  if (name != kJsonConverter) {
    warnings.push_back(fmt::format("{} {} is not supported: rowcast writes JSON as {} does", key,
                                   name, kJsonConverter));
  }
  return name;
}

Status ParseOverridePolicy(std::string_view key, std::string_view value, std::string& out) {
  const std::string_view v = Trim(value);
  for (std::string_view name : {"None", "Principal", "All"}) {
    // Kafka Connect accepts the alias or the class name (simple or fully qualified).
    const std::string simple = fmt::format("{}ConnectorClientConfigOverridePolicy", name);
    if (EqualsIgnoreCase(v, name) || v == simple ||
        v == "org.apache.kafka.connect.connector.policy." + simple) {
      out = std::string(name);
      return OkStatus();
    }
  }
  return BadValue(key, value, "None, Principal or All");
}

// Top-level settings Kafka Connect hands to its Kafka clients (CommonClientConfigs), apart from
// bootstrap.servers.
bool IsCommonClientSetting(std::string_view key) {
  static constexpr std::string_view kExact[] = {"security.protocol",
                                                "security.providers",
                                                "client.dns.lookup",
                                                "connections.max.idle.ms",
                                                "receive.buffer.bytes",
                                                "send.buffer.bytes",
                                                "request.timeout.ms",
                                                "retry.backoff.ms",
                                                "retry.backoff.max.ms",
                                                "metadata.max.age.ms",
                                                "metadata.recovery.strategy",
                                                "metadata.recovery.rebootstrap.trigger.ms",
                                                "socket.connection.setup.timeout.ms",
                                                "socket.connection.setup.timeout.max.ms"};
  static constexpr std::string_view kPrefixes[] = {"ssl.", "sasl.", "reconnect.backoff."};
  for (std::string_view k : kExact) {
    if (key == k) return true;
  }
  for (std::string_view p : kPrefixes) {
    if (key.starts_with(p)) return true;
  }
  return false;
}

// Kafka Connect worker settings rowcast does not model; accepted without a warning because they
// belong in a worker file and say nothing rowcast needs (REST, rebalancing, metrics, plugins,
// internal topic details, converter settings beyond schemas.enable).
bool IsKnownUnmodeled(std::string_view key) {
  static constexpr std::string_view kExact[] = {"plugin.path",
                                                "plugin.discovery",
                                                "header.converter",
                                                "metric.reporters",
                                                "auto.include.jmx.reporter",
                                                "client.id",
                                                "heartbeat.interval.ms",
                                                "session.timeout.ms",
                                                "rebalance.timeout.ms",
                                                "scheduled.rebalance.max.delay.ms",
                                                "task.shutdown.graceful.timeout.ms",
                                                "connect.protocol",
                                                "response.http.headers.config"};
  static constexpr std::string_view kPrefixes[] = {
      "key.converter.",  "value.converter.", "header.converter.", "internal.",    "rest.",
      "config.storage.", "status.storage.",  "offset.storage.",   "metrics.",     "worker.",
      "listeners.",      "access.control.",  "topic.tracking.",   "inter.worker."};
  for (std::string_view k : kExact) {
    if (key == k) return true;
  }
  for (std::string_view p : kPrefixes) {
    if (key.starts_with(p)) return true;
  }
  return false;
}

constexpr std::string_view kHttpsPrefix = "listeners.https.";

bool IsConfigProvidersKey(std::string_view key) {
  return key == "config.providers" || key.starts_with("config.providers.");
}

// The REST https listener's ssl.* settings, from listeners.https.* or the un-prefixed ones.
// `source` maps the setting (without prefix) to the key as written and its value.
Status ParseRestTls(const std::map<std::string, std::pair<std::string, std::string>>& source,
                    RestTlsConfig& tls) {
  auto find = [&](std::string_view name) -> const std::pair<std::string, std::string>* {
    const auto it = source.find(std::string(name));
    return it == source.end() ? nullptr : &it->second;
  };
  for (std::string_view type : {"ssl.keystore.type", "ssl.truststore.type"}) {
    if (const auto* t = find(type); t != nullptr && !EqualsIgnoreCase(Trim(t->second), "PEM")) {
      return InvalidArgumentError(fmt::format(
          "{} {} is not supported for the REST https listener: rowcast reads PEM files only; "
          "convert the store to PEM (e.g. keytool -importkeystore -deststoretype PKCS12, then "
          "openssl pkcs12 -nodes) and set {}=PEM",
          t->first, Shown(t->first, t->second), t->first));
    }
  }
  if (const auto* v = find("ssl.keystore.location")) tls.keystore_location = Trim(v->second);
  if (const auto* v = find("ssl.key.password")) tls.key_password = v->second;
  if (const auto* v = find("ssl.truststore.location")) tls.truststore_location = Trim(v->second);
  if (const auto* v = find("ssl.client.auth")) {
    const std::string lowered = Lower(Trim(v->second));
    if (lowered != "none" && lowered != "requested" && lowered != "required") {
      return BadValue(v->first, v->second, "none, requested or required");
    }
    tls.client_auth = lowered;
  }
  return OkStatus();
}

// Replaces, in an error about values resolved through config providers, each quoted resolved
// value (every message quotes values with {:?}) by the reference as written: a provider may hold
// a secret under a name that does not look like one.
Status ShowReferences(const Status& s, const Props& raw, const Props& resolved) {
  std::string message = s.message();
  for (size_t i = 0; i < raw.size() && i < resolved.size(); ++i) {
    if (raw[i].second == resolved[i].second || resolved[i].second.empty()) continue;
    const std::string shown = fmt::format("{:?}", resolved[i].second);
    const std::string reference = fmt::format("{:?} (from a config provider)", raw[i].second);
    for (size_t pos = message.find(shown); pos != std::string::npos;
         pos = message.find(shown, pos + reference.size())) {
      message.replace(pos, shown.size(), reference);
    }
  }
  return Status(s.code(), std::move(message));
}

}  // namespace

StatusOr<Listener> ParseListener(std::string_view listeners) {
  std::string_view item;
  for (std::string_view rest = listeners; item.empty();) {
    const size_t comma = rest.find(',');
    item = Trim(rest.substr(0, comma));
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  auto bad = [&](std::string_view why) {
    return std::unexpected(InvalidArgumentError(
        fmt::format("listeners {:?} is not valid: {}; expected <scheme>://<host>:<port>, e.g. "
                    "http://127.0.0.1:8083 (an empty host means 127.0.0.1)",
                    listeners, why)));
  };
  if (item.empty()) return bad("there is no listener");
  const size_t sep = item.find("://");
  if (sep == std::string_view::npos) return bad("the scheme is missing");
  Listener l;
  l.scheme = Lower(item.substr(0, sep));
  if (l.scheme != "http" && l.scheme != "https") return bad("the scheme must be http or https");
  std::string_view rest = item.substr(sep + 3);
  std::string_view port;
  if (rest.starts_with('[')) {
    const size_t close = rest.find(']');
    if (close == std::string_view::npos || close + 1 >= rest.size() || rest[close + 1] != ':') {
      return bad("an IPv6 host needs its closing ']' and then :<port>");
    }
    l.host = rest.substr(1, close - 1);
    port = rest.substr(close + 2);
  } else {
    const size_t colon = rest.rfind(':');
    if (colon == std::string_view::npos) return bad("the port is missing");
    l.host = rest.substr(0, colon);
    port = rest.substr(colon + 1);
    if (l.host.find(':') != std::string::npos) return bad("write an IPv6 host in brackets");
  }
  // Kafka's listener pattern: host characters [0-9a-zA-Z-%._:].
  for (char c : l.host) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '%' && c != '.' &&
        c != '_' && c != ':') {
      return bad(fmt::format("the host has the character {:?}", c));
    }
  }
  uint32_t number = 0;
  const auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), number);
  if (port.empty() || ec != std::errc() || ptr != port.data() + port.size() || number > 65535) {
    return bad("the port must be a number from 0 to 65535");
  }
  l.port = static_cast<uint16_t>(number);
  if (l.host.empty()) l.host = "127.0.0.1";
  return l;
}

namespace {

// The worker settings from resolved properties.
StatusOr<WorkerConfig> Interpret(const Props& props, WorkerConfig c) {
  bool listeners_given = false;
  std::string rest_host_name;
  // ssl.* settings for the https listener, by name without prefix: key as written and value.
  std::map<std::string, std::pair<std::string, std::string>> https_ssl, plain_ssl;
  bool https_prefixed = false;

  for (const auto& [key, value] : props) {
    Status s;
    if (IsConfigProvidersKey(key)) {
      // Kept as written in c.config_providers.
    } else if (key == "bootstrap.servers") {
      c.bootstrap_servers_set = true;
      c.bootstrap_servers = NormalizeList(value);
      if (c.bootstrap_servers.empty()) {
        s = BadValue(key, value, "a comma-separated list of host:port");
      }
    } else if (key == "group.id") {
      c.group_id = Trim(value);
    } else if (key == "offset.storage.topic") {
      c.offset_storage_topic = Trim(value);
    } else if (key == "offset.storage.file.filename") {
      c.offset_storage_file_filename = Trim(value);
    } else if (key == "offset.storage.partitions") {
      // Kafka Connect: positive, or -1 for the broker's num.partitions.
      constexpr std::string_view kExpected =
          "-1 (the broker's default) or a whole number from 1 to 2147483647";
      s = ParseWhole(key, value, -1, std::numeric_limits<int32_t>::max(), kExpected,
                     c.offset_storage_partitions);
      if (s.ok() && c.offset_storage_partitions == 0) s = BadValue(key, value, kExpected);
    } else if (key == "offset.storage.replication.factor") {
      constexpr std::string_view kExpected =
          "-1 (the broker's default) or a whole number from 1 to 32767";
      s = ParseWhole(key, value, -1, std::numeric_limits<int16_t>::max(), kExpected,
                     c.offset_storage_replication_factor);
      if (s.ok() && c.offset_storage_replication_factor == 0) s = BadValue(key, value, kExpected);
    } else if (key == "config.storage.replication.factor" ||
               key == "status.storage.replication.factor") {
      constexpr std::string_view kExpected =
          "-1 (the broker's default) or a whole number from 1 to 32767";
      int16_t& rf = key.starts_with("config") ? c.config_storage_replication_factor
                                              : c.status_storage_replication_factor;
      s = ParseWhole(key, value, -1, std::numeric_limits<int16_t>::max(), kExpected, rf);
      if (s.ok() && rf == 0) s = BadValue(key, value, kExpected);
    } else if (key == "status.storage.partitions") {
      constexpr std::string_view kExpected =
          "-1 (the broker's default) or a whole number from 1 to 2147483647";
      s = ParseWhole(key, value, -1, std::numeric_limits<int32_t>::max(), kExpected,
                     c.status_storage_partitions);
      if (s.ok() && c.status_storage_partitions == 0) s = BadValue(key, value, kExpected);
    } else if (key == "config.storage.topic") {
      c.config_storage_topic = Trim(value);
    } else if (key == "status.storage.topic") {
      c.status_storage_topic = Trim(value);
    } else if (key == "offset.flush.interval.ms") {
      s = ParseWhole(key, value, 0, std::numeric_limits<int64_t>::max(),
                     "a whole number of milliseconds, at least 0", c.offset_flush_interval_ms);
    } else if (key == "offset.flush.timeout.ms") {
      s = ParseWhole(key, value, 0, std::numeric_limits<int64_t>::max(),
                     "a whole number of milliseconds, at least 0", c.offset_flush_timeout_ms);
    } else if (key == "connector.client.config.override.policy") {
      s = ParseOverridePolicy(key, value, c.connector_client_config_override_policy);
    } else if (key == "listeners") {
      c.listeners = NormalizeList(value);
      listeners_given = true;
    } else if (key == "rest.port") {
      uint16_t port = 0;
      s = ParseWhole(key, value, 0, 65535, "a port number from 0 to 65535", port);
      if (s.ok()) c.rest_port = port;
    } else if (key == "rest.host.name") {
      rest_host_name = Trim(value);
    } else if (key == "rest.advertised.host.name") {
      c.rest_advertised_host_name = Trim(value);
    } else if (key == "rest.advertised.port") {
      uint16_t port = 0;
      s = ParseWhole(key, value, 1, 65535, "a port number from 1 to 65535", port);
      if (s.ok()) c.rest_advertised_port = port;
    } else if (key == "rest.advertised.listener") {
      c.rest_advertised_listener = Lower(Trim(value));
      if (c.rest_advertised_listener != "http" && c.rest_advertised_listener != "https" &&
          !c.rest_advertised_listener.empty()) {
        s = BadValue(key, value, "http or https");
      }
    } else if (key == "rowcast.rest.auth.basic.user") {
      c.rest_auth_basic_user = value;
      if (value.find(':') != std::string::npos) {
        s = BadValue(key, value, "a user name without ':' (HTTP Basic authentication, RFC 7617)");
      }
    } else if (key == "rowcast.rest.auth.basic.password") {
      c.rest_auth_basic_password = value;
    } else if (key == "rowcast.rest.auth.bearer.token") {
      c.rest_auth_bearer_token = value;
    } else if (key == "rowcast.data.dir") {
      c.data_dir = Trim(value);
      if (c.data_dir.empty()) s = BadValue(key, value, "a directory path");
    } else if (key == "rowcast.sink") {
      c.sink = Trim(value);
    } else if (key.starts_with(kHttpsPrefix)) {
      https_prefixed = true;
      const std::string name = key.substr(kHttpsPrefix.size());
      https_ssl[name] = {key, value};
      if (name == "ssl.keystore.key" || name == "ssl.keystore.certificate.chain" ||
          name == "ssl.truststore.certificates") {
        c.warnings.push_back(
            fmt::format("{} is ignored: rowcast reads the https listener's PEM from files; set {}"
                        "ssl.keystore.location (and ssl.truststore.location) instead",
                        key, kHttpsPrefix));
      }
    } else if (key == "key.converter") {
      c.key_converter = Converter(key, value, c.warnings);
    } else if (key == "value.converter") {
      c.value_converter = Converter(key, value, c.warnings);
    } else if (key == "key.converter.schemas.enable") {
      s = ParseBool(key, value, c.key_converter_schemas_enable);
    } else if (key == "value.converter.schemas.enable") {
      s = ParseBool(key, value, c.value_converter_schemas_enable);
    } else if (key == "exactly.once.source.support") {
      const std::string lowered = Lower(Trim(value));
      if (lowered == "disabled" || lowered == "preparing" || lowered == "enabled") {
        c.exactly_once_source_support = lowered;
      } else {
        s = BadValue(key, value, "disabled, preparing or enabled");
      }
    } else if (key == "topic.creation.enable") {
      s = ParseBool(key, value, c.topic_creation_enable);
    } else if (key == "admin.listeners" || key.starts_with("admin.listeners.")) {
      // The REST admin listeners, not an admin client setting: checked before "admin.".
    } else if (key.starts_with("producer.") && key.size() > 9) {
      c.producer[key.substr(9)] = value;
    } else if (key.starts_with("consumer.") && key.size() > 9) {
      c.consumer[key.substr(9)] = value;
    } else if (key.starts_with("admin.") && key.size() > 6) {
      c.admin[key.substr(6)] = value;
    } else if (IsCommonClientSetting(key)) {
      c.common_client[key] = value;
      if (key.starts_with("ssl.")) plain_ssl[key] = {key, value};
    } else if (!IsKnownUnmodeled(key)) {
      c.warnings.push_back(
          fmt::format("unknown worker property {} is ignored", key.empty() ? "\"\"" : key));
    }
    if (!s.ok()) return std::unexpected(s);
  }

  if (!listeners_given && (c.rest_port.has_value() || !rest_host_name.empty())) {
    c.listeners = fmt::format("http://{}:{}", rest_host_name, c.rest_port.value_or(8083));
  }
  if (c.listeners.empty()) {
    return std::unexpected(InvalidArgumentError(
        "listeners is empty: give at least one listener, e.g. http://127.0.0.1:8083"));
  }
  bool https_listener = false;
  for (std::string_view rest = c.listeners; !rest.empty();) {
    const size_t comma = rest.find(',');  // NormalizeList left no empty or padded items
    ROWCAST_ASSIGN_OR_RETURN(const Listener listener, ParseListener(rest.substr(0, comma)));
    https_listener = https_listener || listener.scheme == "https";
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  // Kafka Connect's valuesWithPrefixAllOrNothing: any listeners.https.* setting means the
  // un-prefixed ones are not looked at. Those are the Kafka clients' too, so they are checked
  // for the REST server only when it has an https listener.
  if (https_prefixed) {
    ROWCAST_RETURN_IF_ERROR(ParseRestTls(https_ssl, c.rest_tls));
  } else if (https_listener) {
    ROWCAST_RETURN_IF_ERROR(ParseRestTls(plain_ssl, c.rest_tls));
  }
  if (c.rest_auth_basic_user.empty() != c.rest_auth_basic_password.empty()) {
    return std::unexpected(InvalidArgumentError(
        "rowcast.rest.auth.basic.user and rowcast.rest.auth.basic.password go together: set "
        "both, or neither"));
  }
  return c;
}

}  // namespace

StatusOr<Props> ParseProperties(std::string_view text) {
  Props props;
  std::unordered_map<std::string, size_t> index;
  std::string logical;  // escapes still in place, continuations joined
  int logical_line = 0;
  bool continuing = false;

  auto finish = [&]() -> Status {
    const auto [raw_key, raw_value] = SplitKeyValue(logical);
    ROWCAST_ASSIGN_OR_RETURN_STATUS(std::string key, Unescape(raw_key, logical_line, "the key"));
    ROWCAST_ASSIGN_OR_RETURN_STATUS(
        std::string value, Unescape(raw_value, logical_line, fmt::format("the value of {}", key)));
    if (auto it = index.find(key); it != index.end()) {
      props[it->second].second = std::move(value);
    } else {
      index.emplace(key, props.size());
      props.emplace_back(std::move(key), std::move(value));
    }
    logical.clear();
    return OkStatus();
  };

  int line_number = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    // Natural lines end at "\n", "\r" or "\r\n".
    size_t end = text.find_first_of("\r\n", pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end;
    if (pos < text.size())
      pos += text[pos] == '\r' && pos + 1 < text.size() && text[pos + 1] == '\n' ? 2 : 1;
    ++line_number;

    while (!line.empty() && IsPropertiesSpace(line.front())) line.remove_prefix(1);
    if (!continuing) {
      // A comment cannot be continued: every comment line needs its own '#' or '!'.
      if (line.empty() || line.front() == '#' || line.front() == '!') continue;
      logical_line = line_number;
    }
    // An odd number of trailing backslashes escapes the line end; an even number is escaped
    // backslashes.
    continuing = TrailingBackslashes(line) % 2 == 1;
    if (continuing) line.remove_suffix(1);
    logical += line;
    if (!continuing) ROWCAST_RETURN_IF_ERROR(finish());
  }
  if (continuing) ROWCAST_RETURN_IF_ERROR(finish());  // a backslash at the very end is dropped
  return props;
}

std::map<std::string, std::string> WorkerConfig::ClientSettings(ClientRole role) const {
  std::map<std::string, std::string> out = {{"bootstrap.servers", bootstrap_servers}};
  for (const auto& [k, v] : common_client) out[k] = v;
  const std::map<std::string, std::string>& own = role == ClientRole::kProducer   ? producer
                                                  : role == ClientRole::kConsumer ? consumer
                                                                                  : admin;
  for (const auto& [k, v] : own) out[k] = v;
  return out;
}

StatusOr<WorkerConfig> ParseWorkerConfig(std::string_view text) {
  ROWCAST_ASSIGN_OR_RETURN(const Props raw, ParseProperties(text));
  WorkerConfig c;
  for (const auto& [key, value] : raw) {
    if (IsConfigProvidersKey(key)) c.config_providers[key] = value;
  }
  ROWCAST_ASSIGN_OR_RETURN(const ConfigProviders providers,
                           MakeConfigProviders(c.config_providers));
  ROWCAST_ASSIGN_OR_RETURN(const Props resolved, ResolveConfig(providers, raw));
  StatusOr<WorkerConfig> config = Interpret(resolved, std::move(c));
  if (!config.has_value() && !providers.empty()) {
    return std::unexpected(ShowReferences(config.error(), raw, resolved));
  }
  return config;
}

StatusOr<WorkerConfig> LoadWorkerConfig(const std::string& path) {
  auto cannot_read = [&](int error) {
    return std::unexpected(InvalidArgumentError(
        fmt::format("cannot read worker config {}: {}", path, std::strerror(error))));
  };
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return cannot_read(errno);
  std::string text;
  char buffer[1 << 16];
  size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0) text.append(buffer, n);
  const int error = std::ferror(file) ? errno : 0;
  std::fclose(file);
  if (error != 0) return cannot_read(error);

  StatusOr<WorkerConfig> config = ParseWorkerConfig(text);
  if (!config.has_value()) return std::unexpected(config.error().WithContext(path));
  return config;
}

}  // namespace rowcast::config
