// Kafka Connect's REST API (3.x paths, bodies, status codes and error shape
// {"error_code": N, "message": ...}) over a Worker, served with cpp-httplib on the worker's
// listener (127.0.0.1 unless the listener names a host), optionally over HTTPS and behind basic
// or bearer-token authentication. Secrets in connector configs are masked in every response.
#pragma once

#include <memory>
#include <string>

#include "common/status.h"
#include "config/worker_config.h"
#include "connect/worker.h"

namespace rowcast::connect {

struct RestOptions {
  std::string scheme = "http";  // "http" or "https"
  std::string host = "127.0.0.1";
  uint16_t port = 8083;  // 0: any free port
  // HTTPS: a PEM file with the certificate chain and the private key (and its password).
  std::string tls_keystore;
  std::string tls_key_password;
  std::string tls_client_ca;  // clients must present a certificate signed by it
  // Authentication, when set: HTTP basic with this user and password, and/or this bearer token.
  std::string basic_user, basic_password;
  std::string bearer_token;
};

class RestServer {
 public:
  [[nodiscard]] static StatusOr<std::unique_ptr<RestServer>> Create(RestOptions options,
                                                                    Worker* worker);
  ~RestServer();
  // Binds the listener (so the port is known and taken before Serve()).
  [[nodiscard]] Status Bind();
  uint16_t port() const;
  std::string url() const;
  // Serves until Stop(); blocks.
  [[nodiscard]] Status Serve();
  void Stop();

  // The JSON answer to one request, for tests: status code and body ("" for none).
  struct Reply {
    int status = 200;
    std::string body;
  };
  Reply Handle(std::string_view method, std::string_view path, std::string_view query,
               std::string_view body);

 private:
  RestServer(RestOptions options, Worker* worker);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rowcast::connect
