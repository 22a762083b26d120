#include "config/providers.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>
#include <system_error>

#include <fmt/format.h>
#include <re2/re2.h>

#include "common/text.h"
#include "config/registry.h"
#include "config/worker_config.h"

namespace rowcast::config {
namespace {

namespace fs = std::filesystem;

using Props = std::vector<std::pair<std::string, std::string>>;

constexpr std::string_view kProvidersKey = "config.providers";
constexpr std::string_view kProviderPackage = "org.apache.kafka.common.config.provider.";
constexpr std::string_view kHidden = "[hidden]";

struct ProviderClass {
  std::string_view simple_name;
  ProviderKind kind;
};
constexpr ProviderClass kProviderClasses[] = {
    {"FileConfigProvider", ProviderKind::kFile},
    {"EnvVarConfigProvider", ProviderKind::kEnv},
    {"DirectoryConfigProvider", ProviderKind::kDirectory},
};

std::vector<std::string> SplitList(std::string_view value) {
  std::vector<std::string> items;
  while (true) {
    const size_t comma = value.find(',');
    const std::string_view item = Trim(value.substr(0, comma));
    if (!item.empty()) items.emplace_back(item);
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return items;
}

std::string JoinPaths(const std::vector<std::string>& paths) {
  std::string out;
  for (const std::string& p : paths) {
    if (!out.empty()) out += ", ";
    out += p;
  }
  return out;
}

// `path` normalised, without the empty last component a trailing '/' leaves.
fs::path Normal(const fs::path& path) {
  fs::path normal = path.lexically_normal();
  if (!normal.has_filename() && normal.has_parent_path() && normal != normal.root_path()) {
    normal = normal.parent_path();
  }
  return normal;
}

// Java's Path.startsWith: component by component, so /etc/secrets2 is not under /etc/secrets.
bool IsWithin(const fs::path& path, const fs::path& dir) {
  const fs::path p = Normal(path);
  const fs::path d = Normal(dir);
  auto pi = p.begin();
  for (auto di = d.begin(); di != d.end(); ++di, ++pi) {
    if (pi == p.end() || *pi != *di) return false;
  }
  return true;
}

// Kafka checks allowed.paths lexically; rowcast also checks where symbolic links lead, so a
// link inside an allowed directory cannot hand out a file outside it.
bool IsAllowed(const ConfigProvider& provider, const fs::path& path) {
  if (provider.allowed_paths.empty()) return true;
  std::error_code ec;
  const fs::path real = fs::weakly_canonical(path, ec);
  const bool resolved = !ec;
  for (const std::string& allowed : provider.allowed_paths) {
    if (!IsWithin(path, allowed)) continue;
    if (!resolved) return true;
    const fs::path real_allowed = fs::weakly_canonical(allowed, ec);
    if (ec || IsWithin(real, real_allowed)) return true;
  }
  return false;
}

StatusOr<std::string> ReadWholeFile(const std::string& path) {
  auto cannot_read = [&](int error) -> Status {
    return InvalidArgumentError(fmt::format("cannot read {}: {}", path, std::strerror(error)));
  };
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return std::unexpected(cannot_read(errno));
  std::string text;
  char buffer[1 << 14];
  size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0) text.append(buffer, n);
  const int error = std::ferror(file) ? errno : 0;
  std::fclose(file);
  if (error != 0) return std::unexpected(cannot_read(error));
  return text;
}

// One `${alias:[path:]key}` as Kafka's ConfigTransformer finds it, with the pattern
// \$\{([^}]*?):(([^}]*?):)?([^}]*?)\}: the alias ends at the first ':', the path (optional) at
// the second, and the key is the rest.
struct Reference {
  size_t begin = 0;  // offset of "${"
  size_t end = 0;    // one past "}"
  std::string_view alias;
  std::optional<std::string_view> path;
  std::string_view key;
};

std::vector<Reference> FindReferences(std::string_view value) {
  std::vector<Reference> refs;
  size_t from = 0;
  while (true) {
    const size_t begin = value.find("${", from);
    if (begin == std::string_view::npos) break;
    const size_t close = value.find('}', begin + 2);
    if (close == std::string_view::npos) break;
    const std::string_view inner = value.substr(begin + 2, close - begin - 2);
    const size_t first = inner.find(':');
    if (first == std::string_view::npos) {
      from = begin + 1;
      continue;
    }
    Reference ref{.begin = begin,
                  .end = close + 1,
                  .alias = inner.substr(0, first),
                  .path = std::nullopt,
                  .key = inner.substr(first + 1)};
    if (const size_t second = ref.key.find(':'); second != std::string_view::npos) {
      ref.path = ref.key.substr(0, second);
      ref.key = ref.key.substr(second + 1);
    }
    refs.push_back(ref);
    from = close + 1;
  }
  return refs;
}

// Resolves references for one ResolveConfig call; each properties file is read once.
class Resolver {
 public:
  explicit Resolver(const ConfigProviders& providers) : providers_(providers) {}

  // nullopt when the alias is not enabled: the reference stays as written. Errors say why
  // without any resolved value; the caller adds the property and the reference.
  StatusOr<std::optional<std::string>> Resolve(const Reference& ref) {
    const ConfigProvider* provider = providers_.Find(ref.alias);
    if (provider == nullptr) return std::nullopt;
    switch (provider->kind) {
      case ProviderKind::kEnv:
        return Env(*provider, ref);
      case ProviderKind::kFile:
        return File(*provider, ref);
      case ProviderKind::kDirectory:
        return Directory(*provider, ref);
    }
    return std::unexpected(InternalError("unknown config provider kind"));
  }

 private:
  static Status Refused(const ConfigProvider& provider, std::string_view path) {
    return InvalidArgumentError(fmt::format(
        "{} is outside config.providers.{}.param.allowed.paths ({}); move the file there or "
        "extend the list in the worker properties",
        path, provider.alias, JoinPaths(provider.allowed_paths)));
  }

  StatusOr<std::optional<std::string>> Env(const ConfigProvider& provider, const Reference& ref) {
    if (ref.path.has_value() && !ref.path->empty()) {
      return std::unexpected(InvalidArgumentError(fmt::format(
          "EnvVarConfigProvider takes no path: write ${{{}:<VARIABLE>}}", provider.alias)));
    }
    const std::string name(ref.key);
    if (name.empty()) {
      return std::unexpected(InvalidArgumentError("the environment variable name is empty"));
    }
    if (!provider.allowlist_pattern.empty() &&
        !RE2::FullMatch(name, RE2(provider.allowlist_pattern, RE2::Quiet))) {
      return std::unexpected(
          InvalidArgumentError(fmt::format("the environment variable {} does not match "
                                           "config.providers.{}.param.allowlist.pattern",
                                           name, provider.alias)));
    }
    const char* value = std::getenv(name.c_str());
    if (value == nullptr) {
      return std::unexpected(InvalidArgumentError(
          fmt::format("the environment variable {} is not set in rowcast's environment", name)));
    }
    return std::string(value);
  }

  StatusOr<std::optional<std::string>> File(const ConfigProvider& provider, const Reference& ref) {
    if (!ref.path.has_value() || ref.path->empty()) {
      return std::unexpected(InvalidArgumentError(
          fmt::format("FileConfigProvider needs a file: write ${{{}:/path/to/file.properties:key}}",
                      provider.alias)));
    }
    const std::string path(*ref.path);
    if (!IsAllowed(provider, path)) return std::unexpected(Refused(provider, path));
    auto it = files_.find(path);
    if (it == files_.end()) {
      ROWCAST_ASSIGN_OR_RETURN(const std::string text, ReadWholeFile(path));
      StatusOr<Props> props = ParseProperties(text);
      if (!props.has_value()) return std::unexpected(props.error().WithContext(path));
      it = files_.emplace(path, std::move(*props)).first;
    }
    for (const auto& [key, value] : it->second) {
      if (key == ref.key) return value;
    }
    return std::unexpected(
        InvalidArgumentError(fmt::format("{} has no key {:?}", path, std::string(ref.key))));
  }

  StatusOr<std::optional<std::string>> Directory(const ConfigProvider& provider,
                                                 const Reference& ref) {
    if (!ref.path.has_value() || ref.path->empty()) {
      return std::unexpected(InvalidArgumentError(
          fmt::format("DirectoryConfigProvider needs a directory: write ${{{}:/path/to/dir:file}}",
                      provider.alias)));
    }
    const std::string dir(*ref.path);
    if (!IsAllowed(provider, dir)) return std::unexpected(Refused(provider, dir));
    // Kafka lists the directory's regular files, so the key is a plain file name.
    if (ref.key.empty() || ref.key == "." || ref.key == ".." ||
        ref.key.find('/') != std::string_view::npos) {
      return std::unexpected(InvalidArgumentError(
          fmt::format("{:?} is not a file name in {}", std::string(ref.key), dir)));
    }
    const fs::path file = fs::path(dir) / std::string(ref.key);
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) {
      return std::unexpected(InvalidArgumentError(
          fmt::format("{} is not a regular file{}", file.string(),
                      ec ? fmt::format(" ({})", ec.message()) : std::string())));
    }
    ROWCAST_ASSIGN_OR_RETURN(std::string content, ReadWholeFile(file.string()));
    return content;
  }

  const ConfigProviders& providers_;
  std::map<std::string, Props> files_;
};

bool IsProvidersKey(std::string_view key) {
  return key == kProvidersKey ||
         (key.starts_with(kProvidersKey) && key.substr(kProvidersKey.size()).starts_with('.'));
}

}  // namespace

const ConfigProvider* ConfigProviders::Find(std::string_view alias) const {
  for (const ConfigProvider& p : providers) {
    if (p.alias == alias) return &p;
  }
  return nullptr;
}

StatusOr<ConfigProviders> MakeConfigProviders(const std::map<std::string, std::string>& settings) {
  ConfigProviders out;
  const auto list = settings.find(std::string(kProvidersKey));
  if (list == settings.end()) return out;
  for (const std::string& alias : SplitList(list->second)) {
    if (out.Find(alias) != nullptr) continue;
    const std::string prefix = fmt::format("{}.{}.", kProvidersKey, alias);
    auto setting = [&](std::string_view name) -> std::string {
      const auto it = settings.find(prefix + std::string(name));
      return it == settings.end() ? std::string() : std::string(Trim(it->second));
    };
    const std::string class_name = setting("class");
    if (class_name.empty()) {
      return std::unexpected(InvalidArgumentError(fmt::format(
          "config.providers lists {} but {}class is not set: set it to {}FileConfigProvider, "
          "EnvVarConfigProvider or DirectoryConfigProvider",
          alias, prefix, kProviderPackage)));
    }
    ConfigProvider provider{.alias = alias};
    const auto known = std::find_if(
        std::begin(kProviderClasses), std::end(kProviderClasses), [&](const ProviderClass& c) {
          return class_name == c.simple_name ||
                 class_name == fmt::format("{}{}", kProviderPackage, c.simple_name);
        });
    if (known == std::end(kProviderClasses)) {
      return std::unexpected(InvalidArgumentError(fmt::format(
          "{}class {:?} is not a config provider rowcast has: use {}FileConfigProvider, "
          "EnvVarConfigProvider or DirectoryConfigProvider (rowcast cannot load Java classes)",
          prefix, class_name, kProviderPackage)));
    }
    provider.kind = known->kind;
    if (provider.kind == ProviderKind::kEnv) {
      provider.allowlist_pattern = setting("param.allowlist.pattern");
      if (!provider.allowlist_pattern.empty()) {
        const RE2 re(provider.allowlist_pattern, RE2::Quiet);
        if (!re.ok()) {
          return std::unexpected(InvalidArgumentError(
              fmt::format("{}param.allowlist.pattern {:?} is not a valid regular expression: {}",
                          prefix, provider.allowlist_pattern, re.error())));
        }
      }
    } else {
      for (const std::string& item : SplitList(setting("param.allowed.paths"))) {
        const fs::path path = Normal(item);
        if (!path.is_absolute()) {
          return std::unexpected(InvalidArgumentError(
              fmt::format("{}param.allowed.paths: {} is not an absolute path", prefix, item)));
        }
        std::error_code ec;
        if (!fs::exists(path, ec)) {
          return std::unexpected(InvalidArgumentError(
              fmt::format("{}param.allowed.paths: {} does not exist", prefix, item)));
        }
        provider.allowed_paths.push_back(path.string());
      }
    }
    out.providers.push_back(std::move(provider));
  }
  return out;
}

StatusOr<Props> ResolveConfig(const ConfigProviders& providers, const Props& props) {
  if (providers.empty()) return props;
  Resolver resolver(providers);
  Props out;
  out.reserve(props.size());
  for (const auto& [key, value] : props) {
    const std::vector<Reference> refs =
        IsProvidersKey(key) ? std::vector<Reference>() : FindReferences(value);
    if (refs.empty()) {
      out.emplace_back(key, value);
      continue;
    }
    std::string resolved;
    size_t copied = 0;
    for (const Reference& ref : refs) {
      resolved.append(value, copied, ref.begin - copied);
      copied = ref.end;
      StatusOr<std::optional<std::string>> replacement = resolver.Resolve(ref);
      const std::string_view text = std::string_view(value).substr(ref.begin, ref.end - ref.begin);
      if (!replacement.has_value()) {
        return std::unexpected(InvalidArgumentError(
            fmt::format("{}: the config provider reference {} cannot be resolved: {}", key, text,
                        replacement.error().message())));
      }
      if (replacement->has_value()) {
        resolved += **replacement;
      } else {
        resolved += text;  // an alias that is not enabled, as Kafka leaves it
      }
    }
    resolved.append(value, copied);
    out.emplace_back(key, std::move(resolved));
  }
  return out;
}

bool IsProviderReference(std::string_view value) {
  const std::vector<Reference> refs = FindReferences(value);
  return refs.size() == 1 && refs[0].begin == 0 && refs[0].end == value.size();
}

Props MaskSecrets(const Props& props) {
  Props out;
  out.reserve(props.size());
  for (const auto& [key, value] : props) {
    if (IsSecretName(key) && !IsProviderReference(value)) {
      out.emplace_back(key, kHidden);
    } else {
      out.emplace_back(key, value);
    }
  }
  return out;
}

}  // namespace rowcast::config
