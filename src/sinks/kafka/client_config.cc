#include "sinks/kafka/client_config.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>
#include <system_error>

#include <fmt/format.h>

#include "common/java_keystore.h"
#include "common/text.h"
#include "config/registry.h"

namespace rowcast::sinks::kafka {
namespace {

using JavaMap = std::map<std::string, std::string>;

constexpr int64_t kJavaIntMax = 2147483647;  // Integer.MAX_VALUE: Kafka Connect's "no limit"

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool IsHidden(std::string_view key) {
  return config::IsSecretName(key) || Lower(key).find("jaas") != std::string::npos;
}

std::string Shown(std::string_view key, std::string_view value) {
  if (IsHidden(key)) return "(hidden)";
  return fmt::format("{:?}", value);
}

Status BadValue(std::string_view key, std::string_view value, std::string_view expected) {
  return InvalidArgumentError(
      fmt::format("{} {} is not valid: expected {}", key, Shown(key, value), expected));
}

std::optional<int64_t> ParseLong(std::string_view s) {
  if (s.starts_with('+')) s.remove_prefix(1);
  int64_t n = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  return n;
}

// The output, with each librdkafka name set once: two Java names landing on the same property
// is a mistake worth stopping for, unless they agree.
class Output {
 public:
  Status Set(std::string_view java_key, std::string_view name, std::string_view value) {
    for (size_t i = 0; i < props_.set.size(); ++i) {
      if (props_.set[i].first != name) continue;
      if (props_.set[i].second == value) return OkStatus();
      return InvalidArgumentError(
          fmt::format("{} and {} both set librdkafka's {}, to different values; keep one",
                      sources_[i], java_key, name));
    }
    props_.set.emplace_back(name, value);
    sources_.emplace_back(java_key);
    return OkStatus();
  }

  void Warn(std::string warning) { props_.warnings.push_back(std::move(warning)); }

  ClientProperties Take() && { return std::move(props_); }

 private:
  ClientProperties props_;
  std::vector<std::string> sources_;  // the Java name behind each entry of props_.set
};

// One entry of a JAAS configuration, as Kafka's JaasConfig reads it with java.io.StreamTokenizer:
//   <login module class> <required|requisite|sufficient|optional> [<option>=<value>]... ;
// Values are words or quoted strings ("..." or '...', with \-escapes); // and /* */ comments.
struct JaasEntry {
  std::string module;
  std::vector<std::pair<std::string, std::string>> options;
};

class JaasTokenizer {
 public:
  enum class Kind { kEnd, kWord, kQuoted, kChar, kError };
  struct Token {
    Kind kind = Kind::kEnd;
    std::string text;  // the word, the unescaped string, the character, or what is wrong
  };

  explicit JaasTokenizer(std::string_view s) : s_(s) {}

  Token Next() {
    SkipSpaceAndComments();
    if (pos_ >= s_.size()) return {Kind::kEnd, {}};
    const char c = s_[pos_];
    if (IsWordChar(c)) {
      const size_t start = pos_;
      while (pos_ < s_.size() && IsWordChar(s_[pos_])) ++pos_;
      return {Kind::kWord, std::string(s_.substr(start, pos_ - start))};
    }
    if (c == '"' || c == '\'') return Quoted(c);
    ++pos_;
    return {Kind::kChar, std::string(1, c)};
  }

 private:
  static bool IsWordChar(char c) {
    const auto u = static_cast<unsigned char>(c);
    return std::isalnum(u) || c == '-' || c == '_' || c == '$' || c == '.' || u >= 0x80;
  }

  void SkipSpaceAndComments() {
    while (pos_ < s_.size()) {
      if (std::isspace(static_cast<unsigned char>(s_[pos_]))) {
        ++pos_;
      } else if (s_.substr(pos_).starts_with("//")) {
        const size_t eol = s_.find_first_of("\r\n", pos_);
        pos_ = eol == std::string_view::npos ? s_.size() : eol;
      } else if (s_.substr(pos_).starts_with("/*")) {
        const size_t end = s_.find("*/", pos_ + 2);
        pos_ = end == std::string_view::npos ? s_.size() : end + 2;
      } else {
        return;
      }
    }
  }

  // StreamTokenizer's escapes: \a \b \f \n \r \t \v, octal \0 to \377, any other \c is c.
  Token Quoted(char quote) {
    std::string out;
    for (++pos_; pos_ < s_.size(); ++pos_) {
      char c = s_[pos_];
      if (c == quote) {
        ++pos_;
        return {Kind::kQuoted, std::move(out)};
      }
      if (c == '\n' || c == '\r') break;  // StreamTokenizer ends a string at the line end
      if (c == '\\' && pos_ + 1 < s_.size()) {
        c = s_[++pos_];
        switch (c) {
          case 'a':
            c = '\a';
            break;
          case 'b':
            c = '\b';
            break;
          case 'f':
            c = '\f';
            break;
          case 'n':
            c = '\n';
            break;
          case 'r':
            c = '\r';
            break;
          case 't':
            c = '\t';
            break;
          case 'v':
            c = '\v';
            break;
          default:
            if (c >= '0' && c <= '7') {
              int v = c - '0';
              // A third octal digit only while the value stays below \400.
              const int max_digits = c <= '3' ? 3 : 2;
              for (int d = 1; d < max_digits && pos_ + 1 < s_.size() && s_[pos_ + 1] >= '0' &&
                              s_[pos_ + 1] <= '7';
                   ++d) {
                v = v * 8 + (s_[++pos_] - '0');
              }
              c = static_cast<char>(v);
            }
        }
      }
      out.push_back(c);
    }
    return {Kind::kError, "a quoted value is not closed"};
  }

  std::string_view s_;
  size_t pos_ = 0;
};

StatusOr<JaasEntry> ParseJaas(std::string_view text) {
  auto bad = [](std::string_view why) {
    return std::unexpected(InvalidArgumentError(
        fmt::format("sasl.jaas.config is not valid: {}; expected <LoginModule class> required "
                    "username=\"...\" password=\"...\";",
                    why)));
  };
  using Kind = JaasTokenizer::Kind;
  JaasTokenizer tokens(text);
  JaasEntry entry;
  JaasTokenizer::Token t = tokens.Next();
  if (t.kind != Kind::kWord) return bad("it does not start with a login module class name");
  entry.module = std::move(t.text);
  t = tokens.Next();
  static constexpr std::string_view kFlags[] = {"required", "requisite", "sufficient", "optional"};
  if (t.kind != Kind::kWord ||
      std::find(std::begin(kFlags), std::end(kFlags), Lower(t.text)) == std::end(kFlags)) {
    return bad(fmt::format("{} is not followed by required, requisite, sufficient or optional",
                           entry.module));
  }
  for (t = tokens.Next(); !(t.kind == Kind::kChar && t.text == ";"); t = tokens.Next()) {
    if (t.kind == Kind::kEnd) return bad("it does not end with ';'");
    if (t.kind == Kind::kError) return bad(t.text);
    if (t.kind != Kind::kWord) return bad("an option name is missing");
    std::string name = std::move(t.text);
    // A word in the wrong place may be part of an unquoted password: only well-known option
    // names are shown.
    const std::string shown =
        name == "username" || name == "password" ? "option " + name : std::string("an option");
    t = tokens.Next();
    if (t.kind != Kind::kChar || t.text != "=") {
      return bad(fmt::format("{} is not followed by '='", shown));
    }
    t = tokens.Next();
    if (t.kind == Kind::kError) return bad(t.text);
    if (t.kind != Kind::kWord && t.kind != Kind::kQuoted) {
      return bad(fmt::format("{} has no value", shown));
    }
    entry.options.emplace_back(std::move(name), std::move(t.text));
  }
  if (tokens.Next().kind != Kind::kEnd) {
    return bad("it holds more than one login module; Kafka clients take exactly one");
  }
  return entry;
}

Status TranslateJaas(std::string_view java_key, std::string_view value, Output& out) {
  ROWCAST_ASSIGN_OR_RETURN_STATUS(JaasEntry entry, ParseJaas(value));
  // Shaded copies of the Kafka client (kafkashaded.org.apache...) use the same modules.
  const bool plain =
      entry.module.ends_with("org.apache.kafka.common.security.plain.PlainLoginModule");
  const bool scram =
      entry.module.ends_with("org.apache.kafka.common.security.scram.ScramLoginModule");
  if (!plain && !scram) {
    std::string hint;
    if (entry.module.ends_with("Krb5LoginModule")) {
      hint =
          "; for GSSAPI set sasl.kerberos.principal and sasl.kerberos.keytab (librdkafka's "
          "names, used by its kinit command) instead";
    } else if (entry.module.ends_with("OAuthBearerLoginModule")) {
      hint = "; OAUTHBEARER needs librdkafka's own sasl.oauthbearer.* settings";
    }
    return InvalidArgumentError(fmt::format(
        "sasl.jaas.config uses the login module {}, which cannot run here: librdkafka takes "
        "credentials from PlainLoginModule (SASL PLAIN) and ScramLoginModule (SCRAM-SHA-256/512) "
        "only{}",
        entry.module, hint));
  }
  std::optional<std::string> username, password;
  for (auto& [name, v] : entry.options) {
    if (name == "username") {
      username = std::move(v);
    } else if (name == "password") {
      password = std::move(v);
    } else {
      out.Warn(
          fmt::format("sasl.jaas.config option {} is ignored: librdkafka takes only the "
                      "username and password",
                      name));
    }
  }
  if (!username || !password) {
    return InvalidArgumentError(fmt::format("sasl.jaas.config: {} needs both username and password",
                                            plain ? "PlainLoginModule" : "ScramLoginModule"));
  }
  ROWCAST_RETURN_STATUS_IF_ERROR(out.Set(java_key, "sasl.username", *username));
  return out.Set(java_key, "sasl.password", *password);
}

std::string_view Get(const JavaMap& java, std::string_view key) {
  const auto it = java.find(std::string(key));
  return it == java.end() ? std::string_view() : Trim(it->second);
}

// `type` is the effective type: the given one, or JKS (Java's default) when none is given.
Status UnreadableStore(std::string_view which, std::string_view given_type, std::string_view type,
                       std::string_view how) {
  return InvalidArgumentError(fmt::format(
      "ssl.{0}.location is a {1} {0} (ssl.{0}.type {2}), which librdkafka cannot read: {3}", which,
      type, given_type.empty() ? "not set: JKS is the Java default" : type, how));
}

Status TranslateTrustStore(const JavaMap& java, Output& out) {
  const std::string type = Upper(Get(java, "ssl.truststore.type"));
  const std::string_view location = Get(java, "ssl.truststore.location");
  const std::string_view certificates = Get(java, "ssl.truststore.certificates");
  if (!certificates.empty()) {
    if (!type.empty() && type != "PEM") {
      return InvalidArgumentError(
          fmt::format("ssl.truststore.certificates needs ssl.truststore.type PEM, not {}", type));
    }
    if (!location.empty()) {
      return InvalidArgumentError(
          "ssl.truststore.location and ssl.truststore.certificates are both set; keep one");
    }
    return out.Set("ssl.truststore.certificates", "ssl.ca.pem", certificates);
  }
  if (location.empty()) return OkStatus();  // the type or password alone mean nothing
  const std::string effective = type.empty() ? "JKS" : type;
  if (effective == "PEM") return out.Set("ssl.truststore.location", "ssl.ca.location", location);
  if (effective != "JKS" && effective != "PKCS12") {
    return InvalidArgumentError(fmt::format(
        "ssl.truststore.type {} is not supported: rowcast reads JKS, PKCS12 and PEM truststores",
        type));
  }
  // librdkafka reads CA certificates from PEM only: the store is read here and its
  // certificates handed over inline. Like Java (keystore.type.compat), the format is taken from
  // the file, so a PKCS12 file works with type JKS and the reverse. Java reads a JKS store
  // without a password too, only skipping its integrity check.
  const std::string_view password = Get(java, "ssl.truststore.password");
  StatusOr<TrustedCertificates> certs = ReadTrustStoreFile(
      std::string(location),
      password.empty() ? std::nullopt : std::optional<std::string_view>(password));
  if (!certs.has_value()) {
    return Status(certs.error().code(),
                  fmt::format("ssl.truststore.location (type {}{}) cannot be used: {}", effective,
                              type.empty() ? ", the Java default" : "", certs.error().message()));
  }
  return out.Set("ssl.truststore.location", "ssl.ca.pem", certs->pem);
}

size_t CountCertificates(std::string_view pem) {
  size_t n = 0;
  for (size_t pos = pem.find("-----BEGIN CERTIFICATE-----"); pos != std::string_view::npos;
       pos = pem.find("-----BEGIN CERTIFICATE-----", pos + 1)) {
    ++n;
  }
  return n;
}

Status TranslateKeyStore(const JavaMap& java, Output& out) {
  const std::string type = Upper(Get(java, "ssl.keystore.type"));
  const std::string_view location = Get(java, "ssl.keystore.location");
  const std::string_view key = Get(java, "ssl.keystore.key");
  const std::string_view chain = Get(java, "ssl.keystore.certificate.chain");
  if (!key.empty() || !chain.empty()) {
    if (!type.empty() && type != "PEM") {
      return InvalidArgumentError(fmt::format(
          "ssl.keystore.key and ssl.keystore.certificate.chain need ssl.keystore.type PEM, not {}",
          type));
    }
    if (!location.empty()) {
      return InvalidArgumentError(
          "ssl.keystore.location and ssl.keystore.key/ssl.keystore.certificate.chain are both "
          "set; keep one");
    }
    if (key.empty() || chain.empty()) {
      return InvalidArgumentError(
          "ssl.keystore.key and ssl.keystore.certificate.chain must be set together");
    }
    ROWCAST_RETURN_STATUS_IF_ERROR(
        out.Set("ssl.keystore.certificate.chain", "ssl.certificate.pem", chain));
    // librdkafka 2.0.2 reads only the first certificate of ssl.certificate.pem (checked against
    // openssl s_server); a file given as ssl.certificate.location is read as a chain.
    if (CountCertificates(chain) > 1) {
      out.Warn(
          "ssl.keystore.certificate.chain holds more than one certificate, but librdkafka 2.0 "
          "sends only the first, so a broker that trusts only the root CA rejects the client; "
          "put key and chain in one PEM file and set ssl.keystore.location instead");
    }
    // The key's passphrase, if any, is ssl.key.password, which passes through.
    return out.Set("ssl.keystore.key", "ssl.key.pem", key);
  }
  if (location.empty()) return OkStatus();
  const std::string effective = type.empty() ? "JKS" : type;
  if (effective == "PEM") {
    // Java reads key and certificate chain from one PEM file; so does librdkafka, given the
    // file twice (the key is found among the certificates).
    ROWCAST_RETURN_STATUS_IF_ERROR(
        out.Set("ssl.keystore.location", "ssl.certificate.location", location));
    return out.Set("ssl.keystore.location", "ssl.key.location", location);
  }
  if (effective == "PKCS12") {
    // librdkafka 2.0.2 sends only the client certificate of a PKCS#12 file, not the
    // intermediate CA certificates in it (Java sends them): with an intermediate CA, a PEM file
    // works where the PKCS#12 file does not. The file is not read here, so no warning.
    ROWCAST_RETURN_STATUS_IF_ERROR(
        out.Set("ssl.keystore.location", "ssl.keystore.location", location));
    if (const std::string_view password = Get(java, "ssl.keystore.password"); !password.empty()) {
      return out.Set("ssl.keystore.password", "ssl.keystore.password", password);
    }
    return OkStatus();
  }
  if (effective == "JKS") {
    return UnreadableStore(
        "keystore", type, effective,
        "convert it with keytool -importkeystore -deststoretype PKCS12 and set "
        "ssl.keystore.type=PKCS12, or export key and certificates to PEM and set "
        "ssl.keystore.type=PEM");
  }
  return InvalidArgumentError(fmt::format(
      "ssl.keystore.type {} is not supported: librdkafka reads PKCS12 and PEM key stores", type));
}

// Java's partitioners that librdkafka's murmur2_random reproduces (the sink sets it).
bool IsDefaultJavaPartitioner(std::string_view cls) {
  return cls.empty() || cls == "org.apache.kafka.clients.producer.internals.DefaultPartitioner" ||
         cls == "org.apache.kafka.clients.producer.internals.BuiltInPartitioner";
}

// Java-only settings whose absence changes nothing here: serialisation, blocking, JVM TLS and
// login plumbing, metrics, and tuning of Java client internals.
bool IsSilentlyDropped(std::string_view key) {
  static constexpr std::string_view kExact[] = {
      "key.serializer",
      "value.serializer",
      "key.deserializer",
      "value.deserializer",
      "max.block.ms",
      "ssl.protocol",
      "ssl.enabled.protocols",
      "ssl.keymanager.algorithm",
      "ssl.trustmanager.algorithm",
      "ssl.secure.random.implementation",
      "ssl.provider",
      "ssl.client.auth",  // a server setting, found among a worker's top-level ssl.*
      "ssl.truststore.type",
      "ssl.truststore.location",
      "ssl.truststore.password",
      "ssl.truststore.certificates",
      "ssl.keystore.type",
      "ssl.keystore.location",
      "ssl.keystore.password",
      "ssl.keystore.key",
      "ssl.keystore.certificate.chain",
      "metric.reporters",
      "auto.include.jmx.reporter",
      "enable.metrics.push",
      "partitioner.adaptive.partitioning.enable",
      "partitioner.availability.timeout.ms",
      "max.poll.records",
      "default.api.timeout.ms",
      "exclude.internal.topics",
      "metadata.recovery.rebootstrap.trigger.ms",
  };
  static constexpr std::string_view kPrefixes[] = {"metrics.", "sasl.login.", "internal."};
  for (std::string_view k : kExact) {
    if (key == k) return true;
  }
  for (std::string_view p : kPrefixes) {
    if (key.starts_with(p)) return true;
  }
  return false;
}

// Java value -> librdkafka value of partition.assignment.strategy. librdkafka cannot mix eager
// and cooperative assignors, so Java's default "range, cooperative-sticky" (which uses range
// until every member can upgrade) becomes "range".
Status TranslateAssignors(std::string_view key, std::string_view value, Output& out) {
  std::vector<std::string> eager, cooperative;
  std::string_view rest = value;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    const std::string_view item = Trim(rest.substr(0, comma));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    if (item.empty()) continue;
    const std::string_view simple = item.substr(item.rfind('.') + 1);
    if (simple == "RangeAssignor" || item == "range") {
      eager.emplace_back("range");
    } else if (simple == "RoundRobinAssignor" || item == "roundrobin") {
      eager.emplace_back("roundrobin");
    } else if (simple == "CooperativeStickyAssignor" || item == "cooperative-sticky") {
      cooperative.emplace_back("cooperative-sticky");
    } else {
      return InvalidArgumentError(fmt::format(
          "{} item {} is not supported: librdkafka offers RangeAssignor, RoundRobinAssignor and "
          "CooperativeStickyAssignor",
          key, item));
    }
  }
  if (eager.empty() && cooperative.empty()) return OkStatus();
  const std::vector<std::string>& chosen = eager.empty() ? cooperative : eager;
  std::string joined;
  for (const std::string& a : chosen) joined += (joined.empty() ? "" : ",") + a;
  return out.Set(key, "partition.assignment.strategy", joined);
}

// Java -1 means the OS default; librdkafka says that with 0.
Status TranslateBufferBytes(std::string_view key, std::string_view value, std::string_view name,
                            Output& out) {
  const std::optional<int64_t> n = ParseLong(value);
  if (!n || *n < -1) return BadValue(key, value, "a number of bytes, or -1 for the OS default");
  return out.Set(key, name, std::to_string(*n == -1 ? 0 : *n));
}

Status TranslateOne(std::string_view key, std::string_view value, const JavaMap& java,
                    ClientRole role, Output& out) {
  if (key == "security.protocol") {
    const std::string lowered = Lower(value);
    if (lowered != "plaintext" && lowered != "ssl" && lowered != "sasl_plaintext" &&
        lowered != "sasl_ssl") {
      return BadValue(key, value, "PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL");
    }
    return out.Set(key, key, lowered);
  }
  if (key == "delivery.timeout.ms") {
    const std::optional<int64_t> n = ParseLong(value);
    if (!n || *n < 1 || *n > kJavaIntMax) {
      // Java rejects 0 too; librdkafka would read it as "no limit", the opposite.
      return BadValue(key, value, "a whole number of milliseconds from 1 to 2147483647 (no limit)");
    }
    return out.Set(key, "message.timeout.ms", std::to_string(*n == kJavaIntMax ? 0 : *n));
  }
  if (key == "buffer.memory") {
    const std::optional<int64_t> n = ParseLong(value);
    if (!n || *n < 1) return BadValue(key, value, "a positive number of bytes");
    return out.Set(key, "queue.buffering.max.kbytes", std::to_string((*n - 1) / 1024 + 1));
  }
  if (key == "max.request.size") return out.Set(key, "message.max.bytes", value);
  if (key == "receive.buffer.bytes") {
    return TranslateBufferBytes(key, value, "socket.receive.buffer.bytes", out);
  }
  if (key == "send.buffer.bytes") {
    return TranslateBufferBytes(key, value, "socket.send.buffer.bytes", out);
  }
  if (key == "fetch.max.wait.ms") return out.Set(key, "fetch.wait.max.ms", value);
  if (key == "metadata.max.age.ms") {
    // Java: how often metadata is refreshed. librdkafka's metadata.max.age.ms is the cache
    // lifetime; its refresh period has this name (and the cache then lives 3 periods).
    return out.Set(key, "topic.metadata.refresh.interval.ms", value);
  }
  if (key == "sasl.mechanism") return out.Set(key, "sasl.mechanisms", value);
  if (key == "sasl.jaas.config") return TranslateJaas(key, value, out);
  if (key == "ssl.endpoint.identification.algorithm") {
    if (value.empty()) return out.Set(key, key, "none");
    if (Lower(value) == "https") return out.Set(key, key, "https");
    return BadValue(key, value, "https, or empty to turn host name verification off");
  }
  if (key == "ssl.cipher.suites") {
    if (value.find("TLS_") != std::string_view::npos) {
      out.Warn(
          "ssl.cipher.suites looks like Java (IANA) cipher names; librdkafka hands the list to "
          "OpenSSL, which knows names like ECDHE-RSA-AES256-GCM-SHA384 and skips the others");
    }
    return out.Set(key, key, value);
  }
  if (key == "auto.offset.reset") {
    const std::string lowered = Lower(value);
    if (lowered == "none") return out.Set(key, key, "error");  // fail when there is no offset
    if (lowered != "earliest" && lowered != "latest") {
      return BadValue(key, value, "earliest, latest or none");
    }
    return out.Set(key, key, lowered);
  }
  if (key == "partition.assignment.strategy") return TranslateAssignors(key, value, out);
  if (key == "compression.gzip.level" || key == "compression.lz4.level" ||
      key == "compression.zstd.level") {
    // Java 3.8+ keeps one level per codec; librdkafka one level for the codec in use.
    const std::string codec = Lower(Get(java, "compression.type"));
    if (key == fmt::format("compression.{}.level", codec)) {
      return out.Set(key, "compression.level", value);
    }
    return OkStatus();
  }
  if (key == "partitioner.class") {
    if (IsDefaultJavaPartitioner(value)) return OkStatus();
    return InvalidArgumentError(fmt::format(
        "partitioner.class {} is not supported: custom Java partitioners cannot run here; keyed "
        "records go to the partition Java's default partitioner picks (murmur2 of the key)",
        value));
  }
  if (key == "partitioner.ignore.keys") {
    if (Lower(value) == "true") {
      out.Warn(
          "partitioner.ignore.keys=true is ignored: keyed records go to the partition of their "
          "key, as Debezium consumers expect");
    }
    return OkStatus();
  }
  if (key == "interceptor.classes") {
    if (!value.empty()) {
      out.Warn("interceptor.classes is ignored: Java interceptors cannot run here");
    }
    return OkStatus();
  }
  if (key == "ssl.engine.factory.class") {
    return InvalidArgumentError(
        "ssl.engine.factory.class is not supported: a custom Java SSL engine cannot run here; "
        "configure TLS with ssl.truststore.* and ssl.keystore.* (PEM or PKCS12)");
  }
  if (key == "allow.auto.create.topics") {
    // A consumer setting in Java; librdkafka has it with the same meaning for consumers.
    if (role == ClientRole::kConsumer) return out.Set(key, key, value);
    return OkStatus();
  }
  if (key == "client.dns.lookup") {
    // librdkafka 2.0 tries every address a name resolves to, like Java's use_all_dns_ips.
    const std::string lowered = Lower(value);
    if (lowered != "use_all_dns_ips" && lowered != "default") {
      out.Warn(fmt::format(
          "client.dns.lookup {} is ignored: librdkafka 2.0 has no such setting and uses every "
          "address of each bootstrap server",
          Shown(key, value)));
    }
    return OkStatus();
  }
  if (key == "metadata.recovery.strategy") {
    if (Lower(value) == "rebootstrap") {
      out.Warn(
          "metadata.recovery.strategy rebootstrap is ignored: librdkafka 2.0 cannot go back to "
          "bootstrap.servers once it knows the cluster");
    }
    return OkStatus();
  }
  if (key == "retry.backoff.max.ms") {
    out.Warn("retry.backoff.max.ms is ignored: librdkafka 2.0 retries at a fixed retry.backoff.ms");
    return OkStatus();
  }
  if (key == "socket.connection.setup.timeout.max.ms") {
    out.Warn(
        "socket.connection.setup.timeout.max.ms is ignored: librdkafka 2.0 uses "
        "socket.connection.setup.timeout.ms for every attempt");
    return OkStatus();
  }
  if (key == "security.providers" || key == "sasl.client.callback.handler.class") {
    out.Warn(fmt::format("{} is ignored: Java code cannot run here", key));
    return OkStatus();
  }
  if (key.starts_with("sasl.kerberos.")) {
    // Same names and meanings in librdkafka (keytab and principal are its own, for kinit).
    if (key == "sasl.kerberos.service.name" || key == "sasl.kerberos.principal" ||
        key == "sasl.kerberos.keytab" || key == "sasl.kerberos.min.time.before.relogin") {
      return out.Set(key, key, value);
    }
    out.Warn(fmt::format(
        "{} is ignored: a setting of Java's Kerberos login (librdkafka runs "
        "sasl.kerberos.kinit.cmd with sasl.kerberos.principal and sasl.kerberos.keytab)",
        key));
    return OkStatus();
  }
  if (IsSilentlyDropped(key)) return OkStatus();
  // Same name and meaning (bootstrap.servers, acks, linger.ms, batch.size, compression.type,
  // enable.idempotence, retries, group.id, ...), or a librdkafka name written directly; an
  // unknown one is rejected when the client is configured.
  return out.Set(key, key, value);
}

}  // namespace

StatusOr<ClientProperties> TranslateClientProperties(const std::map<std::string, std::string>& java,
                                                     ClientRole role) {
  JavaMap trimmed;
  for (const auto& [k, v] : java) trimmed.emplace(k, Trim(v));
  Output out;
  for (const auto& [key, value] : trimmed) {
    ROWCAST_RETURN_IF_ERROR(TranslateOne(key, value, trimmed, role, out));
  }
  ROWCAST_RETURN_IF_ERROR(TranslateTrustStore(trimmed, out));
  ROWCAST_RETURN_IF_ERROR(TranslateKeyStore(trimmed, out));
  return std::move(out).Take();
}

}  // namespace rowcast::sinks::kafka
