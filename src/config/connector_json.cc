// ParseConnectorJson: the JSON body of a Kafka Connect connector request to name/value pairs,
// with errors that point at line and column; validation is FromProperties' job.
#include "config/connector_config.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace rowcast::config {
namespace {

using Json = nlohmann::ordered_json;
using Props = std::vector<std::pair<std::string, std::string>>;

struct TextPosition {
  size_t line = 1;
  size_t column = 1;  // in characters, not bytes
};

TextPosition PositionOf(std::string_view text, size_t offset) {
  TextPosition pos;
  offset = std::min(offset, text.size());
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++pos.line;
      pos.column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++pos.column;  // UTF-8 continuation bytes do not start a character
    }
  }
  return pos;
}

// nlohmann's message carries a "last read" excerpt of the input, which may be part of a
// password: keep only the description of the problem.
std::string DescribeParseError(std::string_view text, const Json::parse_error& e) {
  std::string detail = e.what();
  if (size_t at = detail.find("parse error"); at != std::string::npos) {
    if (size_t colon = detail.find(": ", at); colon != std::string::npos) {
      detail.erase(0, colon + 2);
    }
  }
  if (size_t last_read = detail.find("; last read:"); last_read != std::string::npos) {
    const size_t expected = detail.rfind("; expected ");
    std::string tail = expected != std::string::npos && expected > last_read
                           ? detail.substr(expected)
                           : std::string();
    detail.resize(last_read);
    detail += tail;
  }
  // e.byte counts the characters read, so the offending one is at byte - 1.
  const size_t offset = e.byte > 0 ? e.byte - 1 : 0;
  const TextPosition pos = PositionOf(text, offset);
  std::string message = fmt::format("connector JSON is not valid at line {}, column {}: {}",
                                    pos.line, pos.column, detail);
  if (offset < text.size() && (text[offset] == '}' || text[offset] == ']')) {
    size_t prev = offset;
    while (prev > 0 && std::isspace(static_cast<unsigned char>(text[prev - 1]))) --prev;
    if (prev > 0 && text[prev - 1] == ',') {
      const TextPosition comma = PositionOf(text, prev - 1);
      message += fmt::format(
          " (the comma at line {}, column {} is a trailing comma, which JSON does not allow: "
          "remove it)",
          comma.line, comma.column);
    }
  }
  return message;
}

std::string_view JsonTypeName(const Json& value) {
  if (value.is_array()) return "an array";
  if (value.is_object()) return "an object";
  return "not text";
}

}  // namespace

StatusOr<ConnectorConfig> ParseConnectorJson(std::string_view text) {
  // nlohmann keeps the last of duplicate keys silently; the parse callback sees each key.
  std::vector<std::string> json_warnings;
  std::vector<std::optional<std::set<std::string>>> open;  // nullopt for arrays
  auto callback = [&](int /*depth*/, Json::parse_event_t event, Json& parsed) {
    switch (event) {
      case Json::parse_event_t::object_start:
        open.emplace_back(std::set<std::string>());
        break;
      case Json::parse_event_t::array_start:
        open.emplace_back(std::nullopt);
        break;
      case Json::parse_event_t::object_end:
      case Json::parse_event_t::array_end:
        if (!open.empty()) open.pop_back();
        break;
      case Json::parse_event_t::key:
        if (!open.empty() && open.back().has_value() && parsed.is_string()) {
          const std::string& key = parsed.get_ref<const std::string&>();
          if (!open.back()->insert(key).second) {
            json_warnings.push_back(fmt::format(
                "{:?} appears more than once in the connector JSON; the last value is used", key));
          }
        }
        break;
      case Json::parse_event_t::value:
        break;
    }
    return true;
  };

  Json doc;
  try {
    doc = Json::parse(text.begin(), text.end(), callback, /*allow_exceptions=*/true,
                      /*ignore_comments=*/false);
  } catch (const Json::parse_error& e) {
    return std::unexpected(InvalidArgumentError(DescribeParseError(text, e)));
  } catch (const Json::exception& e) {
    return std::unexpected(
        InvalidArgumentError(fmt::format("connector JSON is not valid: {}", e.what())));
  }

  constexpr std::string_view kExpectedShape =
      "expected {\"name\": \"...\", \"config\": {...}} as POSTed to Kafka Connect, or the bare "
      "config map with \"name\" inside";
  if (!doc.is_object()) {
    return std::unexpected(
        InvalidArgumentError(fmt::format("connector JSON is not an object: {}", kExpectedShape)));
  }

  std::string name;
  const Json* config = &doc;
  if (auto it = doc.find("config"); it != doc.end()) {
    if (!it->is_object()) {
      return std::unexpected(InvalidArgumentError(
          fmt::format("\"config\" in the connector JSON is not an object: {}", kExpectedShape)));
    }
    config = &*it;
    if (auto n = doc.find("name"); n != doc.end()) {
      if (!n->is_string()) {
        return std::unexpected(
            InvalidArgumentError("\"name\" in the connector JSON is not a string"));
      }
      name = n->get<std::string>();
    }
    for (const auto& [key, value] : doc.items()) {
      if (key != "name" && key != "config") {
        json_warnings.push_back(fmt::format(
            "top-level key {:?} in the connector JSON is ignored: Kafka Connect's request has "
            "only \"name\" and \"config\"",
            key));
      }
    }
  } else if (!doc.contains("name")) {
    return std::unexpected(InvalidArgumentError(
        fmt::format("connector JSON has neither a \"config\" object nor a \"name\" property: {}",
                    kExpectedShape)));
  }

  Props props;
  std::vector<std::string> errors;
  for (const auto& [key, value] : config->items()) {
    switch (value.type()) {
      case Json::value_t::string:
        props.emplace_back(key, value.get<std::string>());
        break;
      case Json::value_t::boolean:
        props.emplace_back(key, value.get<bool>() ? "true" : "false");
        break;
      case Json::value_t::number_integer:
        props.emplace_back(key, std::to_string(value.get<int64_t>()));
        break;
      case Json::value_t::number_unsigned:
        props.emplace_back(key, std::to_string(value.get<uint64_t>()));
        break;
      case Json::value_t::number_float:
        props.emplace_back(key, value.dump());
        break;
      case Json::value_t::null:
        break;  // Kafka Connect treats a null value as not set
      default:
        // The value is not shown: it may hold a secret.
        errors.push_back(fmt::format(
            "{} is {} in the connector JSON; Kafka Connect accepts only strings, numbers and "
            "booleans as property values",
            key, JsonTypeName(value)));
        break;
    }
  }
  if (!errors.empty()) {
    std::string message;
    for (const std::string& e : errors) {
      if (!message.empty()) message += "; ";
      message += e;
    }
    return std::unexpected(InvalidArgumentError(std::move(message)));
  }

  ROWCAST_ASSIGN_OR_RETURN(ConnectorConfig result,
                           FromProperties(std::move(name), std::move(props)));
  result.warnings_.insert(result.warnings_.begin(), json_warnings.begin(), json_warnings.end());
  return result;
}

}  // namespace rowcast::config
