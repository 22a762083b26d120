#include "sinks/kafka/client_config.h"

#include <openssl/evp.h>
#include <unistd.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/java_keystore.h"

namespace rowcast::sinks::kafka {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

using Java = std::map<std::string, std::string>;
using Set = std::map<std::string, std::string>;

constexpr std::string_view kSecret = "s3cr3t-Value";

// The translated settings as a map; every librdkafka name must appear once.
Set Translate(const Java& java, ClientRole role = ClientRole::kProducer,
              std::vector<std::string>* warnings = nullptr) {
  StatusOr<ClientProperties> p = TranslateClientProperties(java, role);
  EXPECT_TRUE(p.has_value()) << p.error().ToString();
  if (!p.has_value()) return {};
  Set out;
  for (const auto& [k, v] : p->set) EXPECT_TRUE(out.emplace(k, v).second) << "twice: " << k;
  if (warnings != nullptr) {
    *warnings = p->warnings;
  } else {
    EXPECT_THAT(p->warnings, IsEmpty());
  }
  return out;
}

std::vector<std::string> WarningsOf(const Java& java, ClientRole role = ClientRole::kProducer) {
  std::vector<std::string> warnings;
  Translate(java, role, &warnings);
  return warnings;
}

std::string ErrorOf(const Java& java, ClientRole role = ClientRole::kProducer) {
  StatusOr<ClientProperties> p = TranslateClientProperties(java, role);
  if (p.has_value()) return "<no error>";
  EXPECT_EQ(p.error().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(p.error().message(), Not(HasSubstr(kSecret)));
  return p.error().message();
}

TEST(ClientConfigTest, PassesThroughNamesWithTheSameMeaning) {
  const Java java = {{"bootstrap.servers", "k1:9092,k2:9092"},
                     {"client.id", "rowcast"},
                     {"acks", "all"},
                     {"linger.ms", "10"},
                     {"batch.size", "65536"},
                     {"compression.type", "zstd"},
                     {"enable.idempotence", "true"},
                     {"max.in.flight.requests.per.connection", "5"},
                     {"request.timeout.ms", "30000"},
                     {"retry.backoff.ms", "200"},
                     {"retries", "2147483647"},
                     {"transactional.id", "tx-1"},
                     {"transaction.timeout.ms", "60000"},
                     {"ssl.key.password", "pw"},
                     {"socket.connection.setup.timeout.ms", "10000"},
                     {"reconnect.backoff.ms", "50"},
                     {"reconnect.backoff.max.ms", "1000"},
                     {"connections.max.idle.ms", "540000"},
                     {"client.rack", "eu-1a"}};
  EXPECT_EQ(Translate(java), Set(java.begin(), java.end()));
}

TEST(ClientConfigTest, PassesThroughConsumerNames) {
  const Java java = {{"group.id", "g"},
                     {"group.instance.id", "i"},
                     {"isolation.level", "read_committed"},
                     {"enable.auto.commit", "false"},
                     {"auto.commit.interval.ms", "1000"},
                     {"session.timeout.ms", "45000"},
                     {"heartbeat.interval.ms", "3000"},
                     {"max.poll.interval.ms", "300000"},
                     {"fetch.min.bytes", "1"},
                     {"fetch.max.bytes", "52428800"},
                     {"max.partition.fetch.bytes", "1048576"},
                     {"check.crcs", "true"}};
  EXPECT_EQ(Translate(java, ClientRole::kConsumer), Set(java.begin(), java.end()));
}

TEST(ClientConfigTest, PassesThroughUnknownAndLibrdkafkaNames) {
  EXPECT_THAT(Translate({{"queue.buffering.max.messages", "1000"}, {"no.such.thing", "x"}}),
              UnorderedElementsAre(Pair("queue.buffering.max.messages", "1000"),
                                   Pair("no.such.thing", "x")));
}

TEST(ClientConfigTest, TrimsValuesAsJavaDoes) {
  EXPECT_THAT(Translate({{"linger.ms", " 5 \t"}}), ElementsAre(Pair("linger.ms", "5")));
}

TEST(ClientConfigTest, LowerCasesSecurityProtocol) {
  EXPECT_THAT(Translate({{"security.protocol", "SASL_SSL"}}),
              ElementsAre(Pair("security.protocol", "sasl_ssl")));
  EXPECT_THAT(Translate({{"security.protocol", "Plaintext"}}),
              ElementsAre(Pair("security.protocol", "plaintext")));
}

TEST(ClientConfigTest, RejectsUnknownSecurityProtocol) {
  EXPECT_THAT(ErrorOf({{"security.protocol", "TLS"}}),
              AllOf(HasSubstr("security.protocol"), HasSubstr("\"TLS\""),
                    HasSubstr("PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL")));
}

TEST(ClientConfigTest, RenamesSocketBuffersAndMapsOsDefault) {
  EXPECT_THAT(Translate({{"receive.buffer.bytes", "65536"}, {"send.buffer.bytes", "-1"}}),
              UnorderedElementsAre(Pair("socket.receive.buffer.bytes", "65536"),
                                   Pair("socket.send.buffer.bytes", "0")));
  EXPECT_THAT(ErrorOf({{"send.buffer.bytes", "-5"}}), HasSubstr("send.buffer.bytes"));
}

TEST(ClientConfigTest, DeliveryTimeoutBecomesMessageTimeout) {
  EXPECT_THAT(Translate({{"delivery.timeout.ms", "120000"}}),
              ElementsAre(Pair("message.timeout.ms", "120000")));
}

TEST(ClientConfigTest, JavaIntMaxDeliveryTimeoutBecomesInfinite) {
  EXPECT_THAT(Translate({{"delivery.timeout.ms", "2147483647"}}),
              ElementsAre(Pair("message.timeout.ms", "0")));
}

TEST(ClientConfigTest, RejectsDeliveryTimeoutThatLibrdkafkaWouldReadAsInfinite) {
  EXPECT_THAT(ErrorOf({{"delivery.timeout.ms", "0"}}),
              AllOf(HasSubstr("delivery.timeout.ms"), HasSubstr("\"0\"")));
  EXPECT_THAT(ErrorOf({{"delivery.timeout.ms", "2147483648"}}), HasSubstr("delivery.timeout.ms"));
  EXPECT_THAT(ErrorOf({{"delivery.timeout.ms", "2m"}}), HasSubstr("delivery.timeout.ms"));
}

TEST(ClientConfigTest, BufferMemoryBecomesKilobytesRoundedUp) {
  EXPECT_THAT(Translate({{"buffer.memory", "33554432"}}),
              ElementsAre(Pair("queue.buffering.max.kbytes", "32768")));
  EXPECT_THAT(Translate({{"buffer.memory", "1025"}}),
              ElementsAre(Pair("queue.buffering.max.kbytes", "2")));
  EXPECT_THAT(Translate({{"buffer.memory", "1"}}),
              ElementsAre(Pair("queue.buffering.max.kbytes", "1")));
  EXPECT_THAT(ErrorOf({{"buffer.memory", "0"}}), HasSubstr("buffer.memory"));
}

TEST(ClientConfigTest, RenamesJavaOnlySpellings) {
  EXPECT_THAT(Translate({{"max.request.size", "2097152"},
                         {"sasl.mechanism", "SCRAM-SHA-512"},
                         {"fetch.max.wait.ms", "100"},
                         {"metadata.max.age.ms", "60000"}}),
              UnorderedElementsAre(Pair("message.max.bytes", "2097152"),
                                   Pair("sasl.mechanisms", "SCRAM-SHA-512"),
                                   Pair("fetch.wait.max.ms", "100"),
                                   Pair("topic.metadata.refresh.interval.ms", "60000")));
}

TEST(ClientConfigTest, TwoJavaNamesForOneLibrdkafkaNameMustAgree) {
  EXPECT_THAT(ErrorOf({{"delivery.timeout.ms", "1000"}, {"message.timeout.ms", "2000"}}),
              AllOf(HasSubstr("delivery.timeout.ms"), HasSubstr("message.timeout.ms"),
                    HasSubstr("keep one")));
  EXPECT_THAT(Translate({{"delivery.timeout.ms", "1000"}, {"message.timeout.ms", "1000"}}),
              ElementsAre(Pair("message.timeout.ms", "1000")));
}

TEST(ClientConfigTest, ConflictErrorsDoNotShowSecrets) {
  const std::string jaas = fmt::format(
      R"(org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="{}";)",
      kSecret);
  EXPECT_THAT(ErrorOf({{"sasl.jaas.config", jaas}, {"sasl.password", "other"}}),
              AllOf(HasSubstr("sasl.jaas.config"), HasSubstr("sasl.password")));
}

TEST(ClientConfigTest, PlainJaasBecomesUsernameAndPassword) {
  EXPECT_THAT(
      Translate({{"sasl.jaas.config",
                  "org.apache.kafka.common.security.plain.PlainLoginModule required "
                  "username=\"alice\" password=\"a b;c=d\";"}}),
      UnorderedElementsAre(Pair("sasl.username", "alice"), Pair("sasl.password", "a b;c=d")));
}

TEST(ClientConfigTest, ScramJaasBecomesUsernameAndPassword) {
  EXPECT_THAT(
      Translate({{"sasl.jaas.config",
                  "org.apache.kafka.common.security.scram.ScramLoginModule REQUIRED\n"
                  "  username='bob'\n  password='p\\'w\\\\d\\n';"}}),
      UnorderedElementsAre(Pair("sasl.username", "bob"), Pair("sasl.password", "p'w\\d\n")));
}

TEST(ClientConfigTest, JaasAcceptsUnquotedWordsCommentsAndShadedModules) {
  EXPECT_THAT(Translate({{"sasl.jaas.config",
                          "/* confluent cloud */ kafkashaded.org.apache.kafka.common.security."
                          "plain.PlainLoginModule required // key\n username=API_KEY-1 "
                          "password=\"x\" ;"}}),
              UnorderedElementsAre(Pair("sasl.username", "API_KEY-1"), Pair("sasl.password", "x")));
}

TEST(ClientConfigTest, JaasOctalEscapes) {
  EXPECT_THAT(Translate({{"sasl.jaas.config",
                          R"(org.apache.kafka.common.security.plain.PlainLoginModule required )"
                          R"(username="\101\60" password="\7\0778";)"}}),
              UnorderedElementsAre(Pair("sasl.username", "A0"),
                                   Pair("sasl.password", std::string("\a?8"))));
}

TEST(ClientConfigTest, WarnsAboutOtherJaasOptions) {
  std::vector<std::string> warnings;
  Translate({{"sasl.jaas.config",
              "org.apache.kafka.common.security.scram.ScramLoginModule required "
              "username=\"u\" password=\"p\" tokenauth=\"true\";"}},
            ClientRole::kProducer, &warnings);
  EXPECT_THAT(warnings, ElementsAre(HasSubstr("tokenauth")));
}

TEST(ClientConfigTest, RejectsOtherLoginModulesNamingThem) {
  const std::string error = ErrorOf(
      {{"sasl.jaas.config", "software.amazon.msk.auth.iam.IAMLoginModule required awsRoleArn=\"" +
                                std::string(kSecret) + "\";"}});
  EXPECT_THAT(error, AllOf(HasSubstr("software.amazon.msk.auth.iam.IAMLoginModule"),
                           HasSubstr("PLAIN"), HasSubstr("SCRAM")));
}

TEST(ClientConfigTest, KerberosLoginModuleErrorPointsToLibrdkafkaSettings) {
  EXPECT_THAT(ErrorOf({{"sasl.jaas.config",
                        "com.sun.security.auth.module.Krb5LoginModule required useKeyTab=true "
                        "keyTab=\"/etc/k.keytab\" principal=\"c@R\";"}}),
              AllOf(HasSubstr("Krb5LoginModule"), HasSubstr("sasl.kerberos.keytab")));
}

TEST(ClientConfigTest, RejectsMalformedJaasWithoutShowingIt) {
  const std::string prefix = "org.apache.kafka.common.security.plain.PlainLoginModule ";
  const std::string creds = "username=\"u\" password=\"" + std::string(kSecret) + "\"";
  EXPECT_THAT(ErrorOf({{"sasl.jaas.config", prefix + "required " + creds}}),
              AllOf(HasSubstr("sasl.jaas.config"), HasSubstr("';'")));
  EXPECT_THAT(ErrorOf({{"sasl.jaas.config", prefix + creds + ";"}}), HasSubstr("required"));
  EXPECT_THAT(
      ErrorOf({{"sasl.jaas.config", prefix + "required password=\"" + std::string(kSecret) + ";"}}),
      HasSubstr("not closed"));
  EXPECT_THAT(ErrorOf({{"sasl.jaas.config", prefix + "required username=;"}}),
              HasSubstr("username has no value"));
  EXPECT_THAT(ErrorOf({{"sasl.jaas.config", prefix + "required username=\"u\" password=my " +
                                                std::string(kSecret) + ";"}}),
              HasSubstr("an option is not followed by '='"));
  EXPECT_THAT(ErrorOf({{"sasl.jaas.config", prefix + "required username=\"u\";"}}),
              HasSubstr("username and password"));
  EXPECT_THAT(
      ErrorOf({{"sasl.jaas.config", prefix + "required " + creds + "; " + prefix + "required;"}}),
      HasSubstr("more than one"));
  EXPECT_THAT(ErrorOf({{"sasl.jaas.config", "\"quoted\" required;"}}), HasSubstr("login module"));
}

TEST(ClientConfigTest, EndpointIdentification) {
  EXPECT_THAT(Translate({{"ssl.endpoint.identification.algorithm", "HTTPS"}}),
              ElementsAre(Pair("ssl.endpoint.identification.algorithm", "https")));
  EXPECT_THAT(Translate({{"ssl.endpoint.identification.algorithm", ""}}),
              ElementsAre(Pair("ssl.endpoint.identification.algorithm", "none")));
  EXPECT_THAT(Translate({{"ssl.endpoint.identification.algorithm", "  "}}),
              ElementsAre(Pair("ssl.endpoint.identification.algorithm", "none")));
  EXPECT_THAT(ErrorOf({{"ssl.endpoint.identification.algorithm", "ldap"}}),
              AllOf(HasSubstr("ssl.endpoint.identification.algorithm"), HasSubstr("\"ldap\"")));
}

TEST(ClientConfigTest, PemTrustStoreFileBecomesCaLocation) {
  EXPECT_THAT(Translate({{"ssl.truststore.type", "pem"},
                         {"ssl.truststore.location", "/etc/kafka/ca.pem"},
                         {"ssl.truststore.password", "ignored"}}),
              ElementsAre(Pair("ssl.ca.location", "/etc/kafka/ca.pem")));
}

TEST(ClientConfigTest, InlineTrustedCertificatesBecomeCaPem) {
  const std::string pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----";
  EXPECT_THAT(Translate({{"ssl.truststore.type", "PEM"}, {"ssl.truststore.certificates", pem}}),
              ElementsAre(Pair("ssl.ca.pem", pem)));
  EXPECT_THAT(Translate({{"ssl.truststore.certificates", pem}}),
              ElementsAre(Pair("ssl.ca.pem", pem)));
}

TEST(ClientConfigTest, RejectsInlineCertificatesWithAnotherType) {
  EXPECT_THAT(ErrorOf({{"ssl.truststore.type", "JKS"}, {"ssl.truststore.certificates", "x"}}),
              HasSubstr("PEM"));
  EXPECT_THAT(ErrorOf({{"ssl.truststore.location", "/a.pem"},
                       {"ssl.truststore.type", "PEM"},
                       {"ssl.truststore.certificates", "x"}}),
              HasSubstr("keep one"));
}

// A self-signed P-256 CA (CN=rowcast-test-ca, valid until 2126).
constexpr std::string_view kCaPem =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIBijCCATGgAwIBAgIUcgZZJEcxSuDRCBNFSPVUuRicaPcwCgYIKoZIzj0EAwIw\n"
    "GjEYMBYGA1UEAwwPcm93Y2FzdC10ZXN0LWNhMCAXDTI2MTEyMjAwMjkyOVoYDzIx\n"
    "MjYxMDI5MDAyOTI5WjAaMRgwFgYDVQQDDA9yb3djYXN0LXRlc3QtY2EwWTATBgcq\n"
    "hkjOPQIBBggqhkjOPQMBBwNCAAQlk869nngVFwJLKX0wCq7Uw1OmGiJkJxFWTrrq\n"
    "G/9IvrV4fMKNl2+ERFHWmk9lnHB7324STfj59PdafLXAeuB5o1MwUTAdBgNVHQ4E\n"
    "FgQUvkDWQQaC7K9GKv/1Gmdoyv/rDWIwHwYDVR0jBBgwFoAUvkDWQQaC7K9GKv/1\n"
    "Gmdoyv/rDWIwDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjOPQQDAgNHADBEAiBP7F+c\n"
    "F4hWhh8YWtJ5yOz7j/w+HUliXSGLKUOc8zuTGwIgP6wervzlo0fVWNZ4MlGDtMYf\n"
    "Fu0Wpy8yZENULwF+69Y=\n"
    "-----END CERTIFICATE-----\n";

// A JKS truststore (version 2) holding kCaPem, as keytool -importcert writes it, in a temporary
// file removed at the end of the test.
class JksFile {
 public:
  explicit JksFile(std::string_view password) {
    std::string b64;
    for (std::string_view rest = kCaPem; !rest.empty();) {
      const size_t eol = rest.find('\n');
      const std::string_view line = rest.substr(0, eol);
      if (!line.starts_with("-----")) b64 += line;
      rest = eol == std::string_view::npos ? std::string_view() : rest.substr(eol + 1);
    }
    std::string der(b64.size() / 4 * 3, '\0');
    const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(der.data()),
                                  reinterpret_cast<const unsigned char*>(b64.data()),
                                  static_cast<int>(b64.size()));
    der.resize(static_cast<size_t>(n) - (b64.ends_with("==") ? 2 : b64.ends_with("=") ? 1 : 0));
    std::string body;
    auto be = [&body](uint64_t v, int bytes) {
      for (int i = bytes - 1; i >= 0; --i) body.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
    };
    be(0xFEEDFEED, 4);  // magic
    be(2, 4);           // version
    be(1, 4);           // one entry
    be(2, 4);           // a trusted certificate
    be(2, 2);
    body += "ca";  // alias
    be(0, 8);      // date
    be(5, 2);
    body += "X.509";
    be(der.size(), 4);
    body += der;
    const std::array<uint8_t, 20> digest = JksDigest(AsBytes(body), password);
    body.append(reinterpret_cast<const char*>(digest.data()), digest.size());
    path_ = std::filesystem::temp_directory_path() /
            fmt::format("rowcast-client-config-test-{}.jks", ::getpid());
    std::ofstream(path_, std::ios::binary) << body;
  }
  ~JksFile() { std::filesystem::remove(path_); }
  JksFile(const JksFile&) = delete;
  JksFile& operator=(const JksFile&) = delete;

  std::string path() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

TEST(ClientConfigTest, JksTrustStoreBecomesInlineCaPem) {
  const JksFile jks(kSecret);
  // No type: JKS, Java's default.
  EXPECT_THAT(Translate({{"ssl.truststore.location", jks.path()},
                         {"ssl.truststore.password", std::string(kSecret)}}),
              ElementsAre(Pair("ssl.ca.pem", std::string(kCaPem))));
  // Like Java (keystore.type.compat), the file's format counts, not the type.
  EXPECT_THAT(Translate({{"ssl.truststore.type", "PKCS12"},
                         {"ssl.truststore.location", jks.path()},
                         {"ssl.truststore.password", std::string(kSecret)}}),
              ElementsAre(Pair("ssl.ca.pem", std::string(kCaPem))));
  // Without a password Java skips the integrity check, and so do we.
  EXPECT_THAT(Translate({{"ssl.truststore.type", "jks"}, {"ssl.truststore.location", jks.path()}}),
              ElementsAre(Pair("ssl.ca.pem", std::string(kCaPem))));
}

TEST(ClientConfigTest, JksTrustStoreWithTheWrongPasswordIsAClearError) {
  const JksFile jks("the-right-one");
  EXPECT_THAT(ErrorOf({{"ssl.truststore.location", jks.path()},
                       {"ssl.truststore.password", std::string(kSecret)}}),
              AllOf(HasSubstr("ssl.truststore.location"), HasSubstr(jks.path()),
                    HasSubstr("password is wrong")));
}

TEST(ClientConfigTest, MissingTrustStoreFileIsAClearError) {
  EXPECT_THAT(ErrorOf({{"ssl.truststore.location", "/var/private/ssl/truststore.jks"},
                       {"ssl.truststore.password", std::string(kSecret)}}),
              AllOf(HasSubstr("ssl.truststore.location"), HasSubstr("JKS, the Java default"),
                    HasSubstr("/var/private/ssl/truststore.jks"), HasSubstr("No such file")));
  EXPECT_THAT(ErrorOf({{"ssl.truststore.type", "PKCS12"}, {"ssl.truststore.location", "/t.p12"}}),
              AllOf(HasSubstr("type PKCS12"), HasSubstr("/t.p12")));
}

TEST(ClientConfigTest, RejectsUnknownStoreTypes) {
  EXPECT_THAT(ErrorOf({{"ssl.truststore.type", "BCFKS"}, {"ssl.truststore.location", "/t"}}),
              HasSubstr("BCFKS"));
  EXPECT_THAT(ErrorOf({{"ssl.keystore.type", "BCFKS"}, {"ssl.keystore.location", "/k"}}),
              HasSubstr("BCFKS"));
}

TEST(ClientConfigTest, StoreTypeOrPasswordAloneMeanNothing) {
  EXPECT_THAT(Translate({{"ssl.truststore.type", "JKS"},
                         {"ssl.truststore.password", "x"},
                         {"ssl.keystore.type", "JKS"},
                         {"ssl.keystore.password", "y"}}),
              IsEmpty());
}

TEST(ClientConfigTest, PemKeyStoreFileBecomesCertificateAndKeyLocation) {
  EXPECT_THAT(Translate({{"ssl.keystore.type", "PEM"},
                         {"ssl.keystore.location", "/etc/kafka/client.pem"},
                         {"ssl.key.password", "kp"}}),
              UnorderedElementsAre(Pair("ssl.certificate.location", "/etc/kafka/client.pem"),
                                   Pair("ssl.key.location", "/etc/kafka/client.pem"),
                                   Pair("ssl.key.password", "kp")));
}

TEST(ClientConfigTest, InlinePemKeyAndChainBecomePemStrings) {
  EXPECT_THAT(
      Translate({{"ssl.keystore.type", "PEM"},
                 {"ssl.keystore.certificate.chain", "CHAIN"},
                 {"ssl.keystore.key", "KEY"}}),
      UnorderedElementsAre(Pair("ssl.certificate.pem", "CHAIN"), Pair("ssl.key.pem", "KEY")));
}

TEST(ClientConfigTest, WarnsThatLibrdkafkaSendsOnlyTheFirstInlineCertificate) {
  const std::string cert = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
  std::vector<std::string> warnings;
  EXPECT_THAT(
      Translate({{"ssl.keystore.certificate.chain", cert + cert}, {"ssl.keystore.key", "K"}},
                ClientRole::kProducer, &warnings),
      UnorderedElementsAre(Pair("ssl.certificate.pem", cert + cert.substr(0, cert.size() - 1)),
                           Pair("ssl.key.pem", "K")));
  EXPECT_THAT(warnings, ElementsAre(AllOf(HasSubstr("ssl.keystore.certificate.chain"),
                                          HasSubstr("ssl.keystore.location"))));
  EXPECT_THAT(WarningsOf({{"ssl.keystore.certificate.chain", cert}, {"ssl.keystore.key", "K"}}),
              IsEmpty());
}

TEST(ClientConfigTest, InlinePemKeyNeedsItsChain) {
  EXPECT_THAT(ErrorOf({{"ssl.keystore.key", std::string(kSecret)}}), HasSubstr("together"));
  EXPECT_THAT(ErrorOf({{"ssl.keystore.type", "PKCS12"},
                       {"ssl.keystore.key", std::string(kSecret)},
                       {"ssl.keystore.certificate.chain", "C"}}),
              HasSubstr("PEM"));
  EXPECT_THAT(ErrorOf({{"ssl.keystore.location", "/k.pem"},
                       {"ssl.keystore.key", std::string(kSecret)},
                       {"ssl.keystore.certificate.chain", "C"}}),
              HasSubstr("keep one"));
}

TEST(ClientConfigTest, Pkcs12KeyStorePassesToLibrdkafka) {
  EXPECT_THAT(Translate({{"ssl.keystore.type", "pkcs12"},
                         {"ssl.keystore.location", "/k.p12"},
                         {"ssl.keystore.password", "pw"}}),
              UnorderedElementsAre(Pair("ssl.keystore.location", "/k.p12"),
                                   Pair("ssl.keystore.password", "pw")));
}

TEST(ClientConfigTest, JksKeyStoreIsRejectedWithHowToConvert) {
  EXPECT_THAT(ErrorOf({{"ssl.keystore.location", "/k.jks"},
                       {"ssl.keystore.password", std::string(kSecret)}}),
              AllOf(HasSubstr("ssl.keystore.location"), HasSubstr("JKS"), HasSubstr("keytool"),
                    HasSubstr("PKCS12"), HasSubstr("PEM")));
  EXPECT_THAT(ErrorOf({{"ssl.keystore.type", "jks"}, {"ssl.keystore.location", "/k.jks"}}),
              HasSubstr("JKS"));
}

TEST(ClientConfigTest, DropsJavaOnlySettingsSilently) {
  EXPECT_THAT(
      Translate(
          {{"key.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer"},
           {"value.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer"},
           {"key.deserializer", "x"},
           {"value.deserializer", "x"},
           {"max.block.ms", "60000"},
           {"partitioner.class", "org.apache.kafka.clients.producer.internals.DefaultPartitioner"},
           {"partitioner.ignore.keys", "false"},
           {"partitioner.adaptive.partitioning.enable", "true"},
           {"ssl.protocol", "TLSv1.3"},
           {"ssl.enabled.protocols", "TLSv1.2,TLSv1.3"},
           {"ssl.keymanager.algorithm", "SunX509"},
           {"ssl.trustmanager.algorithm", "PKIX"},
           {"ssl.secure.random.implementation", "SHA1PRNG"},
           {"ssl.client.auth", "required"},
           {"metric.reporters", ""},
           {"metrics.num.samples", "2"},
           {"metrics.recording.level", "INFO"},
           {"auto.include.jmx.reporter", "true"},
           {"sasl.login.refresh.window.factor", "0.8"},
           {"sasl.login.callback.handler.class", "x"},
           {"allow.auto.create.topics", "true"},
           {"client.dns.lookup", "use_all_dns_ips"},
           {"interceptor.classes", ""},
           {"enable.metrics.push", "false"}}),
      IsEmpty());
}

TEST(ClientConfigTest, BuiltInPartitionerAndEmptyClassAreTheDefault) {
  EXPECT_THAT(Translate({{"partitioner.class",
                          "org.apache.kafka.clients.producer.internals.BuiltInPartitioner"}}),
              IsEmpty());
  EXPECT_THAT(Translate({{"partitioner.class", ""}}), IsEmpty());
}

TEST(ClientConfigTest, RejectsCustomPartitioners) {
  EXPECT_THAT(
      ErrorOf({{"partitioner.class", "org.apache.kafka.clients.producer.RoundRobinPartitioner"}}),
      AllOf(HasSubstr("partitioner.class"), HasSubstr("RoundRobinPartitioner"),
            HasSubstr("custom Java partitioners cannot run here")));
}

TEST(ClientConfigTest, WarnsWhenIgnoringKeysIsRequested) {
  EXPECT_THAT(WarningsOf({{"partitioner.ignore.keys", "TRUE"}}),
              ElementsAre(HasSubstr("partitioner.ignore.keys")));
}

TEST(ClientConfigTest, WarnsAboutInterceptors) {
  EXPECT_THAT(WarningsOf({{"interceptor.classes",
                           "io.confluent.monitoring.clients.interceptor."
                           "MonitoringProducerInterceptor"}}),
              ElementsAre(HasSubstr("interceptor.classes")));
}

TEST(ClientConfigTest, KerberosSettingsOfLibrdkafkaPassAndJavaOnesWarn) {
  std::vector<std::string> warnings;
  EXPECT_THAT(Translate({{"sasl.kerberos.service.name", "kafka"},
                         {"sasl.kerberos.keytab", "/k.keytab"},
                         {"sasl.kerberos.principal", "c@R"},
                         {"sasl.kerberos.ticket.renew.jitter", "0.05"},
                         {"sasl.kerberos.kinit.cmd", "/usr/bin/kinit"}},
                        ClientRole::kProducer, &warnings),
              UnorderedElementsAre(Pair("sasl.kerberos.service.name", "kafka"),
                                   Pair("sasl.kerberos.keytab", "/k.keytab"),
                                   Pair("sasl.kerberos.principal", "c@R")));
  EXPECT_THAT(warnings, ElementsAre(HasSubstr("sasl.kerberos.kinit.cmd"),
                                    HasSubstr("sasl.kerberos.ticket.renew.jitter")));
}

TEST(ClientConfigTest, WarnsAboutSettingsLibrdkafka20Lacks) {
  EXPECT_THAT(
      WarningsOf({{"retry.backoff.max.ms", "1000"},
                  {"socket.connection.setup.timeout.max.ms", "30000"},
                  {"client.dns.lookup", "resolve_canonical_bootstrap_servers_only"},
                  {"metadata.recovery.strategy", "rebootstrap"},
                  {"security.providers", "x"},
                  {"sasl.client.callback.handler.class", "x"}}),
      ElementsAre(HasSubstr("client.dns.lookup"), HasSubstr("metadata.recovery.strategy"),
                  HasSubstr("retry.backoff.max.ms"),
                  HasSubstr("sasl.client.callback.handler.class"), HasSubstr("security.providers"),
                  HasSubstr("socket.connection.setup.timeout.max.ms")));
}

TEST(ClientConfigTest, WarnsAboutJavaCipherSuiteNames) {
  std::vector<std::string> warnings;
  EXPECT_THAT(Translate({{"ssl.cipher.suites", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"}},
                        ClientRole::kProducer, &warnings),
              ElementsAre(Pair("ssl.cipher.suites", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384")));
  EXPECT_THAT(warnings, ElementsAre(HasSubstr("OpenSSL")));
  EXPECT_THAT(Translate({{"ssl.cipher.suites", "ECDHE-RSA-AES256-GCM-SHA384"}}),
              ElementsAre(Pair("ssl.cipher.suites", "ECDHE-RSA-AES256-GCM-SHA384")));
}

TEST(ClientConfigTest, AutoCreateTopicsPassesOnlyForConsumers) {
  EXPECT_THAT(Translate({{"allow.auto.create.topics", "false"}}, ClientRole::kConsumer),
              ElementsAre(Pair("allow.auto.create.topics", "false")));
  EXPECT_THAT(Translate({{"allow.auto.create.topics", "false"}}, ClientRole::kAdmin), IsEmpty());
}

TEST(ClientConfigTest, AutoOffsetResetNoneBecomesError) {
  EXPECT_THAT(Translate({{"auto.offset.reset", "none"}}, ClientRole::kConsumer),
              ElementsAre(Pair("auto.offset.reset", "error")));
  EXPECT_THAT(Translate({{"auto.offset.reset", "earliest"}}, ClientRole::kConsumer),
              ElementsAre(Pair("auto.offset.reset", "earliest")));
  EXPECT_THAT(ErrorOf({{"auto.offset.reset", "smallest"}}, ClientRole::kConsumer),
              HasSubstr("earliest, latest or none"));
}

TEST(ClientConfigTest, AssignorClassNamesBecomeLibrdkafkaNames) {
  EXPECT_THAT(Translate({{"partition.assignment.strategy",
                          "org.apache.kafka.clients.consumer.RoundRobinAssignor"}},
                        ClientRole::kConsumer),
              ElementsAre(Pair("partition.assignment.strategy", "roundrobin")));
  EXPECT_THAT(Translate({{"partition.assignment.strategy", "CooperativeStickyAssignor"}},
                        ClientRole::kConsumer),
              ElementsAre(Pair("partition.assignment.strategy", "cooperative-sticky")));
}

TEST(ClientConfigTest, JavaDefaultAssignorsBecomeRangeBecauseLibrdkafkaCannotMixProtocols) {
  EXPECT_THAT(Translate({{"partition.assignment.strategy",
                          "org.apache.kafka.clients.consumer.RangeAssignor, "
                          "org.apache.kafka.clients.consumer.CooperativeStickyAssignor"}},
                        ClientRole::kConsumer),
              ElementsAre(Pair("partition.assignment.strategy", "range")));
}

TEST(ClientConfigTest, RejectsAssignorsLibrdkafkaLacks) {
  EXPECT_THAT(ErrorOf({{"partition.assignment.strategy",
                        "org.apache.kafka.clients.consumer.StickyAssignor"}},
                      ClientRole::kConsumer),
              HasSubstr("StickyAssignor"));
}

TEST(ClientConfigTest, CompressionLevelOfTheChosenCodecOnly) {
  EXPECT_THAT(
      Translate({{"compression.type", "zstd"},
                 {"compression.zstd.level", "3"},
                 {"compression.gzip.level", "9"}}),
      UnorderedElementsAre(Pair("compression.type", "zstd"), Pair("compression.level", "3")));
  EXPECT_THAT(Translate({{"compression.gzip.level", "9"}}), IsEmpty());
}

TEST(ClientConfigTest, StoresComeLastInTheOutput) {
  StatusOr<ClientProperties> p = TranslateClientProperties(
      {{"ssl.truststore.type", "PEM"}, {"ssl.truststore.location", "/ca"}, {"zz", "1"}},
      ClientRole::kProducer);
  ASSERT_TRUE(p.has_value());
  EXPECT_THAT(p->set, ElementsAre(Pair("zz", "1"), Pair("ssl.ca.location", "/ca")));
}

TEST(ClientConfigTest, ConfluentCloudStyleConfig) {
  const Java java = {
      {"bootstrap.servers", "pkc-123.eu-west-1.aws.confluent.cloud:9092"},
      {"security.protocol", "SASL_SSL"},
      {"sasl.mechanism", "PLAIN"},
      {"sasl.jaas.config",
       "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"KEY\" "
       "password=\"SECRET\";"},
      {"ssl.endpoint.identification.algorithm", "https"},
      {"client.dns.lookup", "use_all_dns_ips"},
      {"request.timeout.ms", "20000"},
      {"retry.backoff.ms", "500"},
      {"session.timeout.ms", "45000"}};
  EXPECT_EQ(Translate(java),
            (Set{{"bootstrap.servers", "pkc-123.eu-west-1.aws.confluent.cloud:9092"},
                 {"security.protocol", "sasl_ssl"},
                 {"sasl.mechanisms", "PLAIN"},
                 {"sasl.username", "KEY"},
                 {"sasl.password", "SECRET"},
                 {"ssl.endpoint.identification.algorithm", "https"},
                 {"request.timeout.ms", "20000"},
                 {"retry.backoff.ms", "500"},
                 {"session.timeout.ms", "45000"}}));
}

TEST(ClientConfigTest, NoWarningOrErrorShowsASecret) {
  const std::string s(kSecret);
  const std::vector<Java> configs = {
      {{"ssl.truststore.location", "/t.jks"}, {"ssl.truststore.password", s}},
      {{"ssl.keystore.location", "/k.jks"}, {"ssl.keystore.password", s}},
      {{"sasl.jaas.config", "x.Y required password=\"" + s + "\";"}},
      {{"sasl.jaas.config",
        "org.apache.kafka.common.security.plain.PlainLoginModule required "
        "username=\"" +
            s + "\" password=\"" + s + "\" other=\"" + s + "\";"}},
      {{"ssl.key.password", s}, {"ssl.keystore.key", s}},
  };
  for (const Java& java : configs) {
    StatusOr<ClientProperties> p = TranslateClientProperties(java, ClientRole::kProducer);
    if (!p.has_value()) {
      EXPECT_THAT(p.error().message(), Not(HasSubstr(s)));
      continue;
    }
    for (const std::string& w : p->warnings) EXPECT_THAT(w, Not(HasSubstr(s)));
  }
}

}  // namespace
}  // namespace rowcast::sinks::kafka
