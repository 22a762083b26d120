// Connector config validation in Kafka Connect's format, for `rowcast connect`:
// `PUT /connector-plugins/{plugin}/config/validate` answers with the ConfigInfos body built here,
// and `POST /connectors` / `PUT /connectors/{name}/config` with an invalid config answer 400 with
// InvalidConfigMessage. Every problem is reported, each under its property, not only the first
// (the checks are FromProperties', see CheckProperties in connector_config.h); warnings are not
// errors.
//
// Pure functions of their arguments; callable from any thread. Config provider references
// should be resolved (providers.h) before validating, as Kafka Connect does.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "config/connector_config.h"

namespace rowcast::config {

struct Validation {
  std::string plugin_class;  // canonical class, e.g. io.debezium.connector.mysql.MySqlConnector
  std::vector<PropertyProblem> errors;  // every problem, in FromProperties' order
  std::string body;                     // the ConfigInfos JSON text
};

// The connector plugin classes rowcast serves (GET /connector-plugins), MySQL first.
const std::vector<std::string_view>& ConnectorPluginClasses();

// A plugin as Kafka Connect accepts it in a request path: the class name, its simple name
// ("MySqlConnector") or the simple name without "Connector" ("MySql"), any case; also the other
// spellings the registry knows for connector.class. An unknown plugin is a NotFound naming the
// known ones.
[[nodiscard]] StatusOr<std::string> CanonicalPluginClass(std::string_view plugin);

// Validates `props` (name/value pairs in input order; a later duplicate wins) for `plugin`. When
// props has no connector.class, the plugin's is used; one that names another plugin is an
// InvalidArgument, as in Kafka Connect ("does not match request type"). A missing "name" is an
// error under "name", as Kafka Connect reports it.
//
// The body is Kafka Connect 3.x's ConfigInfos: {"name": <class>, "error_count": N, "groups":
// [...], "configs": [{"definition": {...}, "value": {...}}, ...]} with every registry property
// (pattern properties only as the config uses them), Kafka Connect's common ones first in group
// "Common"; values of secrets are "[hidden]", as Kafka's Password prints.
[[nodiscard]] StatusOr<Validation> ValidateConnectorConfig(
    std::string_view plugin, const std::vector<std::pair<std::string, std::string>>& props);

// Kafka Connect's 400 message for a POST/PUT of an invalid config: "Connector configuration is
// invalid and contains the following N error(s):\n<name>: <message>\n...\nYou can also find the
// above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`".
std::string InvalidConfigMessage(const Validation& v);

}  // namespace rowcast::config
