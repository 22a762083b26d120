// Kafka's config providers (KIP-297, KIP-421): values written as `${<alias>:<path>:<key>}` or
// `${<alias>:<key>}` are replaced by what the provider enabled under <alias> returns, in
// connector configs and in worker properties alike. Three providers, as Kafka ships them:
//   FileConfigProvider       ${file:/etc/kafka/secrets.properties:db.password}  a key of a
//                            Java .properties file
//   EnvVarConfigProvider     ${env:DB_PASSWORD}                                 an environment
//                            variable
//   DirectoryConfigProvider  ${dir:/run/secrets:db-password}                    the whole content
//                            of a file in a directory (Docker and Kubernetes secrets)
// They are enabled by the worker: `config.providers=file,env,dir` and
// `config.providers.<alias>.class=org.apache.kafka.common.config.provider.FileConfigProvider`
// (EnvVarConfigProvider, DirectoryConfigProvider; the simple class names work too), with Kafka's
// parameters `config.providers.<alias>.param.allowed.paths` (file, dir: comma-separated absolute
// directories; a path outside them is refused) and `config.providers.<alias>.param.
// allowlist.pattern` (env: a regex the whole variable name must match).
//
// A reference to an alias that is not enabled is left as written, as Kafka does. A reference
// that cannot be resolved is an InvalidArgument naming the property and the reference, never a
// resolved value. Unlike Kafka, which leaves a missing key or an unset variable as written,
// rowcast refuses them: a literal "${env:DB_PASSWORD}" sent to the database only hides the
// mistake.
//
// A ConfigProviders is an immutable value; resolving reads files and the environment on the
// calling thread and may be called from any thread.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace rowcast::config {

enum class ProviderKind { kFile, kEnv, kDirectory };

struct ConfigProvider {
  std::string alias;
  ProviderKind kind = ProviderKind::kFile;
  // kFile, kDirectory: allowed.paths, lexically normalised absolute directories; empty: any
  // path is allowed (Kafka's default).
  std::vector<std::string> allowed_paths;
  // kEnv: allowlist.pattern (RE2, whole-name match); empty: every variable (Kafka's ".*").
  std::string allowlist_pattern;
};

struct ConfigProviders {
  std::vector<ConfigProvider> providers;  // in config.providers order

  bool empty() const { return providers.empty(); }
  const ConfigProvider* Find(std::string_view alias) const;
};

// Builds the providers from the worker's settings: `config.providers` and every
// `config.providers.*` key (other keys are ignored, so the whole worker map may be passed). An
// alias without a `.class`, a class that is not one of the three providers, a relative or
// missing allowed path, or a pattern that does not compile is an InvalidArgument.
[[nodiscard]] StatusOr<ConfigProviders> MakeConfigProviders(
    const std::map<std::string, std::string>& settings);

// Replaces every reference in every value (several in one value are all replaced; a resolved
// value is not scanned again). Names stay as they are, and so does the order.
[[nodiscard]] StatusOr<std::vector<std::pair<std::string, std::string>>> ResolveConfig(
    const ConfigProviders& providers,
    const std::vector<std::pair<std::string, std::string>>& props);

// True when the whole value is one `${alias:[path:]key}` reference.
bool IsProviderReference(std::string_view value);

// The config as it may be shown in REST responses and logs: values of secret properties
// (IsSecretName) replaced by "[hidden]", as Kafka's Password prints, except values that are
// provider references, which hide the secret themselves and tell the operator where it lives.
std::vector<std::pair<std::string, std::string>> MaskSecrets(
    const std::vector<std::pair<std::string, std::string>>& props);

}  // namespace rowcast::config
