#include "connect/rest_server.h"

#include <httplib.h>

#include <regex>
#include <utility>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "config/providers.h"
#include "config/validate.h"

namespace rowcast::connect {
namespace {

using json = nlohmann::ordered_json;
using Reply = RestServer::Reply;

constexpr std::string_view kHidden = "[hidden]";

Reply Json(int status, const json& body) { return Reply{status, body.dump()}; }

Reply Error(int status, std::string_view message) {
  json j;
  j["error_code"] = status;
  j["message"] = message;
  return Json(status, j);
}

// Where Kafka Connect's exception mappers put each kind of failure.
Reply ErrorFor(const Status& s) {
  switch (s.code()) {
    case StatusCode::kNotFound:
      return Error(404, s.message());
    case StatusCode::kAlreadyExists:
      return Error(409, s.message());
    case StatusCode::kInvalidArgument:
    case StatusCode::kFailedPrecondition:
      return Error(400, s.message());
    default:
      return Error(500, s.message());
  }
}

// Compares credentials in time that does not depend on where they differ.
bool SameSecret(std::string_view a, std::string_view b) {
  unsigned char diff = a.size() == b.size() ? 0 : 1;
  for (size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned char>(a[i] ^ (i < b.size() ? b[i] : 0));
  }
  return diff == 0;
}

json ConfigJson(const std::string& name, const ConfigMap& config) {
  json j = json::object();
  for (const auto& [k, v] : config::MaskSecrets(config)) j[k] = v;
  if (!j.contains("name")) j["name"] = name;
  return j;
}

json InfoJson(const ConnectorInfo& info, bool with_tasks) {
  json j;
  j["name"] = info.name;
  j["config"] = ConfigJson(info.name, info.config);
  j["tasks"] = json::array();
  if (with_tasks && info.target != TargetState::kStopped) {
    j["tasks"].push_back(json{{"connector", info.name}, {"task", 0}});
  }
  j["type"] = "source";
  return j;
}

json TaskStatusJson(const ConnectorStatus& s) {
  json t;
  t["id"] = 0;
  t["state"] = StateName(*s.task);
  t["worker_id"] = s.worker_id;
  if (*s.task == State::kFailed) t["trace"] = s.trace;
  return t;
}

json StatusJson(const ConnectorStatus& s) {
  json j;
  j["name"] = s.name;
  j["connector"] = json{{"state", StateName(s.connector)}, {"worker_id", s.worker_id}};
  j["tasks"] = json::array();
  if (s.task) j["tasks"].push_back(TaskStatusJson(s));
  j["type"] = "source";
  return j;
}

std::string PercentDecode(std::string_view s, bool plus_is_space) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() &&
        std::isxdigit(static_cast<unsigned char>(s[i + 1])) != 0 &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2])) != 0) {
      out.push_back(static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else if (plus_is_space && s[i] == '+') {
      out.push_back(' ');
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> ParseQuery(std::string_view q) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!q.empty()) {
    const size_t amp = q.find('&');
    std::string_view part = q.substr(0, amp);
    q = amp == std::string_view::npos ? std::string_view() : q.substr(amp + 1);
    if (part.empty()) continue;
    const size_t eq = part.find('=');
    out.emplace_back(PercentDecode(part.substr(0, eq), true),
                     eq == std::string_view::npos ? "" : PercentDecode(part.substr(eq + 1), true));
  }
  return out;
}

// A JSON request body; a syntax error names line and column.
StatusOr<json> ParseBody(std::string_view body) {
  try {
    return json::parse(body);
  } catch (const json::parse_error& e) {
    std::string what = e.what();
    if (const size_t p = what.find("] "); p != std::string::npos) what = what.substr(p + 2);
    return std::unexpected(
        InvalidArgumentError(fmt::format("Request body is not valid JSON: {}", what)));
  }
}

// A config object as Kafka Connect reads it: values as text, null values dropped.
StatusOr<ConfigMap> ConfigFromBody(const json& j) {
  if (!j.is_object()) {
    return std::unexpected(
        InvalidArgumentError("the connector config must be a JSON object of property names to "
                             "values"));
  }
  ConfigMap out;
  for (const auto& [k, v] : j.items()) {
    if (v.is_null()) continue;
    if (v.is_string()) {
      out.emplace_back(k, v.get<std::string>());
    } else if (v.is_number() || v.is_boolean()) {
      out.emplace_back(k, v.dump());
    } else {
      return std::unexpected(InvalidArgumentError(fmt::format(
          "the value of {} must be a string, number or boolean, not {}", k, v.type_name())));
    }
  }
  return out;
}

std::string Lookup(const ConfigMap& config, std::string_view key) {
  for (const auto& [k, v] : config) {
    if (k == key) return v;
  }
  return "";
}

// The URL's name and the config's "name" must agree; the config always carries it.
StatusOr<ConfigMap> WithName(const std::string& name, ConfigMap config) {
  for (const auto& [k, v] : config) {
    if (k == "name") {
      if (v != name) {
        return std::unexpected(InvalidArgumentError(fmt::format(
            "Connector name configuration ({}) doesn't match connector name in the URL ({})", v,
            name)));
      }
      return config;
    }
  }
  config.insert(config.begin(), {"name", name});
  return config;
}

}  // namespace

struct RestServer::Impl {
  RestOptions options;
  Worker* worker = nullptr;
  std::unique_ptr<httplib::Server> server;
  int port = 0;

  Reply CreateConnector(std::string_view body);
  Reply ListConnectors(const std::vector<std::pair<std::string, std::string>>& query);
  Reply PutConfig(const std::string& name, std::string_view body);
  Reply Offsets(std::string_view method, const std::string& name, std::string_view body);
  Reply Validate(const std::string& plugin, std::string_view body);
  Reply Route(std::string_view method, std::string_view path, std::string_view query,
              std::string_view body);
};

Reply RestServer::Impl::CreateConnector(std::string_view body) {
  auto j = ParseBody(body);
  if (!j.has_value()) return ErrorFor(j.error());
  if (!j->is_object()) return Error(400, "the request body must be a JSON object");
  const json* config_json = j->contains("config") ? &(*j)["config"] : nullptr;
  if (config_json == nullptr || !config_json->is_object()) {
    return Error(400,
                 "the request must have a \"config\" object: {\"name\": ..., \"config\": "
                 "{...}}");
  }
  auto config = ConfigFromBody(*config_json);
  if (!config.has_value()) return ErrorFor(config.error());
  std::string name;
  if (j->contains("name") && (*j)["name"].is_string()) {
    name = (*j)["name"].get<std::string>();
  } else {
    name = Lookup(*config, "name");
  }
  if (name.empty()) return Error(400, "Connector name cannot be empty");
  auto named = WithName(name, std::move(*config));
  if (!named.has_value()) return ErrorFor(named.error());
  TargetState initial = TargetState::kStarted;
  if (j->contains("initial_state") && !(*j)["initial_state"].is_null()) {
    const auto& v = (*j)["initial_state"];
    const std::string s = v.is_string() ? v.get<std::string>() : v.dump();
    if (s == "RUNNING") {
      initial = TargetState::kStarted;
    } else if (s == "PAUSED") {
      initial = TargetState::kPaused;
    } else if (s == "STOPPED") {
      initial = TargetState::kStopped;
    } else {
      return Error(400, fmt::format("initial_state {} is not one of RUNNING, PAUSED, STOPPED", s));
    }
  }
  Status s = worker->CreateConnector(name, *named, initial);
  if (!s.ok()) return ErrorFor(s);
  ConnectorInfo info{name, std::move(*named), initial};
  return Json(201, InfoJson(info, /*with_tasks=*/false));
}

Reply RestServer::Impl::ListConnectors(
    const std::vector<std::pair<std::string, std::string>>& query) {
  bool status = false;
  bool info = false;
  for (const auto& [k, v] : query) {
    if (k != "expand") continue;
    status = status || v == "status";
    info = info || v == "info";
  }
  const std::vector<std::string> names = worker->Names();
  if (!status && !info) return Json(200, json(names));
  json out = json::object();
  for (const auto& name : names) {
    json entry = json::object();
    if (status) {
      auto st = worker->GetStatus(name);
      if (!st.has_value()) continue;  // deleted meanwhile
      entry["status"] = StatusJson(*st);
    }
    if (info) {
      auto in = worker->Info(name);
      if (!in.has_value()) continue;
      entry["info"] = InfoJson(*in, true);
    }
    out[name] = std::move(entry);
  }
  return Json(200, out);
}

Reply RestServer::Impl::PutConfig(const std::string& name, std::string_view body) {
  auto j = ParseBody(body);
  if (!j.has_value()) return ErrorFor(j.error());
  auto config = ConfigFromBody(*j);
  if (!config.has_value()) return ErrorFor(config.error());
  auto named = WithName(name, std::move(*config));
  if (!named.has_value()) return ErrorFor(named.error());
  // A secret sent back as it was shown ("[hidden]") keeps its stored value.
  if (auto existing = worker->Info(name); existing.has_value()) {
    for (auto& [k, v] : *named) {
      if (v == kHidden) {
        if (std::string old = Lookup(existing->config, k); !old.empty()) v = old;
      }
    }
  }
  auto created = worker->PutConfig(name, *named);
  if (!created.has_value()) return ErrorFor(created.error());
  auto info = worker->Info(name);
  if (!info.has_value()) return ErrorFor(info.error());
  return Json(*created ? 201 : 200, InfoJson(*info, !*created));
}

Reply RestServer::Impl::Offsets(std::string_view method, const std::string& name,
                                std::string_view body) {
  if (method == "GET") {
    auto o = worker->GetOffset(name);
    if (!o.has_value()) return ErrorFor(o.error());
    json j;
    j["offsets"] = json::array();
    if (*o) {
      j["offsets"].push_back(json{{"partition", json{{"server", (*o)->server}}},
                                  {"offset", json::parse((*o)->offset_json)}});
    }
    return Json(200, j);
  }
  if (method == "DELETE") {
    Status s = worker->ResetOffset(name);
    if (!s.ok()) return ErrorFor(s);
    return Json(200, json{{"message",
                           "The offsets for this connector have been reset "
                           "successfully"}});
  }
  // PATCH {"offsets": [{"partition": {"server": ...}, "offset": {...} | null}]}
  if (auto st = worker->GetStatus(name); !st.has_value()) return ErrorFor(st.error());
  auto j = ParseBody(body);
  if (!j.has_value()) return ErrorFor(j.error());
  if (!j->is_object() || !j->contains("offsets") || !(*j)["offsets"].is_array() ||
      (*j)["offsets"].empty()) {
    return Error(400,
                 "Partitions / offsets need to be provided in order to modify offsets: "
                 "{\"offsets\": [{\"partition\": {\"server\": ...}, \"offset\": {...}}]}");
  }
  for (const auto& entry : (*j)["offsets"]) {
    if (!entry.is_object() || !entry.contains("partition") || !entry["partition"].is_object() ||
        !entry["partition"].contains("server") || !entry["partition"]["server"].is_string()) {
      return Error(400, "each entry needs \"partition\": {\"server\": \"<topic.prefix>\"}");
    }
    const std::string partition = entry["partition"]["server"].get<std::string>();
    if (!entry.contains("offset") || entry["offset"].is_null()) {
      // A null offset resets the partition, as in Kafka Connect.
      Status s = worker->ResetOffset(name);
      if (!s.ok()) return ErrorFor(s);
      continue;
    }
    if (!entry["offset"].is_object()) return Error(400, "\"offset\" must be an object or null");
    Status s = worker->AlterOffset(name, ConnectorOffset{partition, entry["offset"].dump()});
    if (!s.ok()) return ErrorFor(s);
  }
  return Json(200,
              json{{"message", "The offsets for this connector have been altered successfully"}});
}

Reply RestServer::Impl::Validate(const std::string& plugin, std::string_view body) {
  auto j = ParseBody(body);
  if (!j.has_value()) return ErrorFor(j.error());
  auto config = ConfigFromBody(*j);
  if (!config.has_value()) return ErrorFor(config.error());
  if (worker->options().resolve) {
    auto resolved = worker->options().resolve(*config);
    if (!resolved.has_value()) return ErrorFor(resolved.error());
    config = std::move(*resolved);
  }
  auto v = config::ValidateConnectorConfig(plugin, *config);
  if (!v.has_value()) return ErrorFor(v.error());
  return Reply{200, v->body};
}

Reply RestServer::Impl::Route(std::string_view method, std::string_view path,
                              std::string_view query, std::string_view body) {
  static const std::regex kConnector(R"(^/connectors/([^/]+)$)");
  static const std::regex kSub(R"(^/connectors/([^/]+)/([a-z]+)$)");
  static const std::regex kTask(R"(^/connectors/([^/]+)/tasks/([^/]+)/(status|restart)$)");
  static const std::regex kValidate(R"(^/connector-plugins/([^/]+)/config/validate/?$)");
  std::string p(path);
  if (p.size() > 1 && p.back() == '/') p.pop_back();
  const auto q = ParseQuery(query);
  auto flag = [&](std::string_view key) {
    for (const auto& [k, v] : q) {
      if (k == key) return v == "true";
    }
    return false;
  };
  std::smatch m;
  auto not_allowed = [] { return Error(405, "HTTP 405 Method Not Allowed"); };

  if (p == "/" || p.empty()) {
    if (method != "GET") return not_allowed();
    return Json(200, json{{"version", worker->options().version},
                          {"commit", "rowcast"},
                          {"kafka_cluster_id", nullptr}});
  }
  if (p == "/connectors") {
    if (method == "GET") return ListConnectors(q);
    if (method == "POST") return CreateConnector(body);
    return not_allowed();
  }
  if (p == "/connector-plugins") {
    if (method != "GET") return not_allowed();
    json j = json::array();
    for (std::string_view cls : config::ConnectorPluginClasses()) {
      j.push_back(json{{"class", cls}, {"type", "source"}, {"version", worker->options().version}});
    }
    return Json(200, j);
  }
  if (std::regex_match(p, m, kValidate)) {
    if (method != "PUT") return not_allowed();
    return Validate(PercentDecode(m[1].str(), false), body);
  }
  if (std::regex_match(p, m, kConnector)) {
    const std::string name = PercentDecode(m[1].str(), false);
    if (method == "GET") {
      auto info = worker->Info(name);
      if (!info.has_value()) return ErrorFor(info.error());
      return Json(200, InfoJson(*info, true));
    }
    if (method == "DELETE") {
      Status s = worker->Delete(name);
      if (!s.ok()) return ErrorFor(s);
      return Reply{204, ""};
    }
    return not_allowed();
  }
  if (std::regex_match(p, m, kTask)) {
    const std::string name = PercentDecode(m[1].str(), false);
    const std::string id = m[2].str();
    const std::string what = m[3].str();
    if ((what == "status" && method != "GET") || (what == "restart" && method != "POST")) {
      return not_allowed();
    }
    auto st = worker->GetStatus(name);
    if (!st.has_value()) return ErrorFor(st.error());
    if (id != "0" || !st->task) return Error(404, fmt::format("Unknown task id: {}-{}", name, id));
    if (what == "status") return Json(200, TaskStatusJson(*st));
    auto r = worker->Restart(name, /*only_failed=*/false);
    if (!r.has_value()) return ErrorFor(r.error());
    return Reply{204, ""};
  }
  if (std::regex_match(p, m, kSub)) {
    const std::string name = PercentDecode(m[1].str(), false);
    const std::string what = m[2].str();
    if (what == "config") {
      if (method == "GET") {
        auto info = worker->Info(name);
        if (!info.has_value()) return ErrorFor(info.error());
        return Json(200, ConfigJson(name, info->config));
      }
      if (method == "PUT") return PutConfig(name, body);
      return not_allowed();
    }
    if (what == "status") {
      if (method != "GET") return not_allowed();
      auto st = worker->GetStatus(name);
      if (!st.has_value()) return ErrorFor(st.error());
      return Json(200, StatusJson(*st));
    }
    if (what == "tasks") {
      if (method != "GET") return not_allowed();
      auto info = worker->Info(name);
      if (!info.has_value()) return ErrorFor(info.error());
      json j = json::array();
      if (info->target != TargetState::kStopped) {
        j.push_back(json{{"id", json{{"connector", name}, {"task", 0}}},
                         {"config", ConfigJson(name, info->config)}});
      }
      return Json(200, j);
    }
    if (what == "restart") {
      if (method != "POST") return not_allowed();
      const bool include_tasks = flag("includeTasks");
      const bool only_failed = flag("onlyFailed");
      auto st = worker->Restart(name, only_failed);
      if (!st.has_value()) return ErrorFor(st.error());
      if (!include_tasks && !only_failed) return Reply{204, ""};
      return Json(202, StatusJson(*st));
    }
    if (what == "pause" || what == "resume" || what == "stop") {
      if (method != "PUT") return not_allowed();
      const TargetState t = what == "pause"    ? TargetState::kPaused
                            : what == "resume" ? TargetState::kStarted
                                               : TargetState::kStopped;
      Status s = worker->SetTarget(name, t);
      if (!s.ok()) return ErrorFor(s);
      return Reply{what == "stop" ? 204 : 202, ""};
    }
    if (what == "offsets") {
      if (method != "GET" && method != "PATCH" && method != "DELETE") return not_allowed();
      return Offsets(method, name, body);
    }
    if (what == "topics") {
      if (method != "GET") return not_allowed();
      auto info = worker->Info(name);
      if (!info.has_value()) return ErrorFor(info.error());
      return Error(404, "rowcast does not track the topics of a connector (no topic tracking)");
    }
  }
  return Error(404, "HTTP 404 Not Found");
}

RestServer::RestServer(RestOptions options, Worker* worker) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->worker = worker;
}

RestServer::~RestServer() { Stop(); }

StatusOr<std::unique_ptr<RestServer>> RestServer::Create(RestOptions options, Worker* worker) {
  auto server = std::unique_ptr<RestServer>(new RestServer(std::move(options), worker));
  Impl& impl = *server->impl_;
  const RestOptions& o = impl.options;
  if (o.scheme == "https") {
    if (o.tls_keystore.empty()) {
      return std::unexpected(InvalidArgumentError(
          "an https listener needs listeners.https.ssl.keystore.location: a PEM file with the "
          "certificate chain and the private key"));
    }
    auto ssl = std::make_unique<httplib::SSLServer>(
        o.tls_keystore.c_str(), o.tls_keystore.c_str(),
        o.tls_client_ca.empty() ? nullptr : o.tls_client_ca.c_str(), nullptr,
        o.tls_key_password.empty() ? nullptr : o.tls_key_password.c_str());
    if (!ssl->is_valid()) {
      return std::unexpected(InvalidArgumentError(fmt::format(
          "cannot use {} for HTTPS: it must hold the certificate chain and the private key in "
          "PEM (and listeners.https.ssl.key.password must open an encrypted key)",
          o.tls_keystore)));
    }
    impl.server = std::move(ssl);
  } else if (o.scheme == "http") {
    impl.server = std::make_unique<httplib::Server>();
  } else {
    return std::unexpected(
        InvalidArgumentError(fmt::format("listener scheme {} is not http or https", o.scheme)));
  }
  httplib::Server& svr = *impl.server;
  auto handler = [&impl](const httplib::Request& req, httplib::Response& res) {
    std::string query;
    if (const size_t q = req.target.find('?'); q != std::string::npos) {
      query = req.target.substr(q + 1);
    }
    std::string raw_path = req.target.substr(0, req.target.find('?'));
    Reply r = impl.Route(req.method, raw_path, query, req.body);
    res.status = r.status;
    if (!r.body.empty()) res.set_content(r.body, "application/json");
  };
  svr.set_pre_routing_handler([&impl, handler](const httplib::Request& req,
                                               httplib::Response& res) {
    const RestOptions& ro = impl.options;
    // `curl -X PUT .../pause` sends no body and no Content-Length; cpp-httplib would answer
    // 400 while waiting for a body, so such requests are answered here, with an empty body.
    const bool bodiless = (req.method == "PUT" || req.method == "POST" || req.method == "PATCH") &&
                          !req.has_header("Content-Length") &&
                          req.get_header_value("Transfer-Encoding") != "chunked";
    if (ro.basic_user.empty() && ro.bearer_token.empty()) {
      if (bodiless) {
        handler(req, res);
        return httplib::Server::HandlerResponse::Handled;
      }
      return httplib::Server::HandlerResponse::Unhandled;
    }
    const std::string auth = req.get_header_value("Authorization");
    bool ok = false;
    if (!ro.bearer_token.empty() && SameSecret(auth, "Bearer " + ro.bearer_token)) ok = true;
    if (!ro.basic_user.empty() && auth.starts_with("Basic ")) {
      const auto want = httplib::make_basic_authentication_header(ro.basic_user, ro.basic_password);
      ok = ok || SameSecret(auth, want.second);
    }
    if (ok && bodiless) {
      handler(req, res);
      return httplib::Server::HandlerResponse::Handled;
    }
    if (ok) return httplib::Server::HandlerResponse::Unhandled;
    const Reply r = Error(401, auth.empty() ? "Authentication required: send an Authorization "
                                              "header (Basic or Bearer)"
                                            : "Authentication failed: wrong credentials");
    res.status = r.status;
    if (!ro.basic_user.empty()) res.set_header("WWW-Authenticate", "Basic realm=\"rowcast\"");
    res.set_content(r.body, "application/json");
    return httplib::Server::HandlerResponse::Handled;
  });
  svr.Get(".*", handler);
  svr.Post(".*", handler);
  svr.Put(".*", handler);
  svr.Patch(".*", handler);
  svr.Delete(".*", handler);
  svr.Options(".*", handler);
  svr.set_payload_max_length(16 << 20);
  return server;
}

Status RestServer::Bind() {
  Impl& impl = *impl_;
  if (impl.options.port == 0) {
    impl.port = impl.server->bind_to_any_port(impl.options.host);
    if (impl.port <= 0) {
      return UnavailableError(fmt::format("cannot listen on {}: no free port", impl.options.host));
    }
  } else {
    if (!impl.server->bind_to_port(impl.options.host, impl.options.port)) {
      return UnavailableError(
          fmt::format("cannot listen on {}:{}: {} (is another worker running there?)",
                      impl.options.host, impl.options.port, std::strerror(errno)));
    }
    impl.port = impl.options.port;
  }
  return OkStatus();
}

uint16_t RestServer::port() const { return static_cast<uint16_t>(impl_->port); }

std::string RestServer::url() const {
  return fmt::format("{}://{}:{}", impl_->options.scheme, impl_->options.host, impl_->port);
}

Status RestServer::Serve() {
  if (!impl_->server->listen_after_bind()) {
    return UnavailableError(fmt::format("the REST server at {} stopped with an error", url()));
  }
  return OkStatus();
}

void RestServer::Stop() {
  if (impl_ && impl_->server) impl_->server->stop();
}

RestServer::Reply RestServer::Handle(std::string_view method, std::string_view path,
                                     std::string_view query, std::string_view body) {
  return impl_->Route(method, path, query, body);
}

}  // namespace rowcast::connect
