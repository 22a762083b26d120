#include "common/java_keystore.h"

#include <openssl/evp.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rowcast {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

namespace fs = std::filesystem;

constexpr std::string_view kPassword = "s3cret-store";

// A self-signed P-256 CA (CN=rowcast-test-ca, valid until 2126), for the hand-made stores.
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

// The DER inside a one-certificate PEM.
std::string DerOf(std::string_view pem) {
  std::string b64;
  std::istringstream lines{std::string(pem)};
  for (std::string line; std::getline(lines, line);) {
    if (!line.starts_with("-----")) b64 += line;
  }
  std::string der(b64.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(der.data()),
                                reinterpret_cast<const unsigned char*>(b64.data()),
                                static_cast<int>(b64.size()));
  EXPECT_GT(n, 0);
  der.resize(static_cast<size_t>(n) - (b64.ends_with("==") ? 2 : b64.ends_with("=") ? 1 : 0));
  return der;
}

// Writes JKS structures by hand, big-endian like java.io.DataOutputStream.
class JksBuilder {
 public:
  JksBuilder& U16(uint32_t v) { return Be(v, 2); }
  JksBuilder& U32(uint32_t v) { return Be(v, 4); }
  JksBuilder& U64(uint64_t v) { return Be(v, 8); }
  JksBuilder& Utf(std::string_view s) {
    U16(static_cast<uint32_t>(s.size()));
    return Raw(s);
  }
  JksBuilder& Raw(std::string_view s) {
    bytes_.append(s);
    return *this;
  }
  JksBuilder& Header(uint32_t version, uint32_t count) {
    return U32(0xFEEDFEED).U32(version).U32(count);
  }
  // A version 2 trusted-certificate entry.
  JksBuilder& TrustedCert(std::string_view alias, std::string_view der,
                          std::string_view type = "X.509") {
    U32(2).Utf(alias).U64(1700000000000).Utf(type).U32(static_cast<uint32_t>(der.size()));
    return Raw(der);
  }
  // The body and its integrity digest.
  std::string Store(std::string_view password = kPassword) const {
    const std::array<uint8_t, 20> d = JksDigest(AsBytes(bytes_), password);
    return bytes_ + std::string(reinterpret_cast<const char*>(d.data()), d.size());
  }

 private:
  JksBuilder& Be(uint64_t v, int n) {
    for (int i = n - 1; i >= 0; --i) bytes_.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
    return *this;
  }
  std::string bytes_;
};

StatusOr<TrustedCertificates> Read(std::string_view bytes,
                                   std::optional<std::string_view> password = kPassword) {
  return ReadTrustStore(AsBytes(bytes), password);
}

std::string ErrorOf(std::string_view bytes, std::optional<std::string_view> password = kPassword) {
  StatusOr<TrustedCertificates> r = Read(bytes, password);
  if (r.has_value()) return "<no error>";
  EXPECT_EQ(r.error().code(), StatusCode::kInvalidArgument) << r.error().ToString();
  EXPECT_THAT(r.error().message(), Not(HasSubstr(kPassword)));
  return r.error().message();
}

// ---- hand-made JKS stores: the parser's checks

TEST(JksParserTest, ReadsATrustedCertificateEntry) {
  const std::string store = JksBuilder().Header(2, 1).TrustedCert("ca", DerOf(kCaPem)).Store();
  StatusOr<TrustedCertificates> r = Read(store);
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_EQ(r->format, TrustStoreFormat::kJks);
  EXPECT_EQ(r->pem, kCaPem);
  EXPECT_EQ(r->count, 1u);
}

TEST(JksParserTest, ReadsVersionOneEntriesWithoutCertificateType) {
  const std::string der = DerOf(kCaPem);
  JksBuilder b;
  b.Header(1, 1).U32(2).Utf("ca").U64(0).U32(static_cast<uint32_t>(der.size())).Raw(der);
  StatusOr<TrustedCertificates> r = Read(b.Store());
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_EQ(r->pem, kCaPem);
}

TEST(JksParserTest, SkipsPrivateKeyEntriesAndTheirChains) {
  const std::string der = DerOf(kCaPem);
  JksBuilder b;
  b.Header(2, 2).U32(1).Utf("client").U64(0).U32(3).Raw("key").U32(1);
  b.Utf("X.509").U32(static_cast<uint32_t>(der.size())).Raw(der);
  b.TrustedCert("ca", der);
  StatusOr<std::vector<std::string>> certs = ReadJksCertificates(AsBytes(b.Store()), kPassword);
  ASSERT_TRUE(certs.has_value()) << certs.error().ToString();
  EXPECT_EQ(certs->size(), 1u);
}

TEST(JksParserTest, AStoreOfPrivateKeysOnlyHasNoTrustedCertificate) {
  JksBuilder b;
  b.Header(2, 1).U32(1).Utf("client").U64(0).U32(3).Raw("key").U32(0);
  EXPECT_THAT(ErrorOf(b.Store()),
              AllOf(HasSubstr("no trusted certificate"), HasSubstr("1 private-key entries"),
                    HasSubstr("keytool -importcert")));
}

TEST(JksParserTest, AnEmptyStoreHasNoTrustedCertificate) {
  EXPECT_THAT(ErrorOf(JksBuilder().Header(2, 0).Store()), HasSubstr("no trusted certificate"));
}

TEST(JksParserTest, ChecksTheDigestOnlyWithAPassword) {
  const std::string store = JksBuilder().Header(2, 1).TrustedCert("ca", DerOf(kCaPem)).Store();
  EXPECT_THAT(ErrorOf(store, "other-password"),
              AllOf(HasSubstr("integrity check failed"), HasSubstr("password is wrong")));
  EXPECT_TRUE(Read(store, std::nullopt).has_value());
}

TEST(JksParserTest, RejectsACountLargerThanTheFileCanHold) {
  EXPECT_THAT(ErrorOf(JksBuilder().Header(2, 0xFFFFFFFF).Raw(std::string(40, 'x')).Store()),
              AllOf(HasSubstr("truncated or corrupt"), HasSubstr("4294967295 entries")));
}

TEST(JksParserTest, RejectsACertificateLongerThanWhatRemains) {
  JksBuilder b;
  b.Header(2, 1).U32(2).Utf("ca").U64(0).Utf("X.509").U32(0x7FFFFFFF).Raw("short");
  EXPECT_THAT(ErrorOf(b.Store()),
              AllOf(HasSubstr("entry 1 of 1 (alias \"ca\")"), HasSubstr("2147483647 bytes")));
}

TEST(JksParserTest, RejectsAnAliasLongerThanWhatRemains) {
  JksBuilder b;
  b.Header(2, 1).U32(2).U16(0xFFFF).Raw(std::string(20, 'a'));
  EXPECT_THAT(ErrorOf(b.Store()), AllOf(HasSubstr("entry 1 of 1"), HasSubstr("truncated")));
}

TEST(JksParserTest, RejectsAKeyLongerThanWhatRemains) {
  JksBuilder b;
  b.Header(2, 1).U32(1).Utf("k").U64(0).U32(1000).Raw(std::string(20, 'k'));
  EXPECT_THAT(ErrorOf(b.Store()), HasSubstr("entry 1 of 1 (alias \"k\")"));
}

TEST(JksParserTest, RejectsAChainCountLargerThanWhatRemains) {
  JksBuilder b;
  b.Header(2, 1).U32(1).Utf("k").U64(0).U32(1).Raw("k").U32(1000000).Raw(std::string(8, 'c'));
  EXPECT_THAT(ErrorOf(b.Store()), HasSubstr("a chain of 1000000 certificates"));
}

TEST(JksParserTest, RejectsUnknownEntryTags) {
  JksBuilder b;
  b.Header(2, 1).U32(3).Utf("secret").U64(0).Raw(std::string(20, 's'));
  EXPECT_THAT(ErrorOf(b.Store()), HasSubstr("tag 3 is neither"));
}

TEST(JksParserTest, RejectsUnknownVersions) {
  EXPECT_THAT(ErrorOf(JksBuilder().Header(3, 0).Raw(std::string(20, 'x')).Store()),
              HasSubstr("version 3 is not 1 or 2"));
}

TEST(JksParserTest, RejectsBytesAfterTheLastEntry) {
  EXPECT_THAT(
      ErrorOf(JksBuilder().Header(2, 1).TrustedCert("ca", DerOf(kCaPem)).Raw("extra").Store()),
      HasSubstr("5 bytes follow the last entry"));
}

TEST(JksParserTest, RejectsAStoreShorterThanHeaderAndDigest) {
  EXPECT_THAT(ErrorOf(JksBuilder().Header(2, 0).Raw("short").Store().substr(0, 30)),
              HasSubstr("fewer than a header"));
}

TEST(JksParserTest, RejectsCertificatesThatAreNotX509) {
  EXPECT_THAT(ErrorOf(JksBuilder().Header(2, 1).TrustedCert("ca", "\x30\x03zzz").Store()),
              HasSubstr("not a valid X.509 certificate"));
  EXPECT_THAT(ErrorOf(JksBuilder().Header(2, 1).TrustedCert("pgp", DerOf(kCaPem), "PGP").Store()),
              AllOf(HasSubstr("\"pgp\""), HasSubstr("type \"PGP\"")));
}

TEST(JksParserTest, KeepsEachCertificateOnce) {
  const std::string der = DerOf(kCaPem);
  StatusOr<TrustedCertificates> r =
      Read(JksBuilder().Header(2, 2).TrustedCert("a", der).TrustedCert("b", der).Store());
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_EQ(r->count, 1u);
  EXPECT_EQ(r->pem, kCaPem);
}

TEST(JksParserTest, SurvivesEveryTruncation) {
  const std::string store = JksBuilder().Header(2, 1).TrustedCert("ca", DerOf(kCaPem)).Store();
  for (size_t n = 0; n < store.size(); ++n) {
    StatusOr<TrustedCertificates> r = Read(store.substr(0, n));
    EXPECT_FALSE(r.has_value()) << "prefix of " << n << " bytes";
  }
}

// ---- format detection

TEST(TrustStoreFormatTest, PemIsReturnedAsIs) {
  const std::string pem = "# our CA\n" + std::string(kCaPem);
  StatusOr<TrustedCertificates> r = Read(pem, std::nullopt);
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_EQ(r->format, TrustStoreFormat::kPem);
  EXPECT_EQ(r->pem, pem);
  EXPECT_EQ(r->count, 1u);
}

TEST(TrustStoreFormatTest, RejectsWhatIsNoKeystore) {
  EXPECT_THAT(ErrorOf("hello world"),
              AllOf(HasSubstr("not a JKS, PKCS#12 or PEM file"), HasSubstr("68 65 6c 6c")));
  EXPECT_THAT(ErrorOf(""), HasSubstr("empty"));
  EXPECT_THAT(ErrorOf("-----BEGIN RSA PRIVATE KEY-----\n"), HasSubstr("without a -----BEGIN"));
  EXPECT_THAT(ErrorOf(std::string("\xCE\xCE\xCE\xCE", 4) + std::string(40, '\0')),
              HasSubstr("JCEKS"));
  EXPECT_THAT(ErrorOf(std::string("\x30\x82\x01\x00", 4) + "junk"),
              AllOf(HasSubstr("PKCS#12"), HasSubstr("truncated or corrupt")));
  EXPECT_THAT(ErrorOf(DerOf(kCaPem)), HasSubstr("single DER certificate"));
}

// ---- stores written by the real keytool

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void Spit(const fs::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

bool Shell(const std::string& command) {
  const int rc = std::system((command + " >/dev/null 2>&1").c_str());
  return rc == 0;
}

// One CA and the stores keytool makes of it, shared by the tests (keytool starts a JVM).
class KeytoolStores : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!Shell("command -v keytool") || !Shell("command -v openssl")) {
      skip_ = "keytool or openssl is not installed";
      return;
    }
    std::string tmpl = (fs::temp_directory_path() / "rowcast-keystore-test-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) {
      skip_ = "cannot make a temporary directory";
      return;
    }
    dir_ = tmpl;
    const std::string d = dir_.string();
    const std::string p(kPassword);
    const std::string import = fmt::format(
        "keytool -importcert -noprompt -alias ca -file {0}/ca.pem -storepass {1} ", d, p);
    const bool ok =
        Shell(fmt::format("openssl req -x509 -newkey rsa:2048 -nodes -keyout {0}/ca.key -out "
                          "{0}/ca.pem -days 30 -subj /CN=rowcast-keytool-ca",
                          d)) &&
        Shell(import + fmt::format("-keystore {}/ts.jks -storetype JKS", d)) &&
        Shell(import + fmt::format("-keystore {}/ts.p12 -storetype PKCS12", d)) &&
        // Java 8's PKCS#12 encryption (RC2-40 certificates), OpenSSL 3's legacy provider.
        Shell(fmt::format("openssl pkcs12 -export -legacy -nokeys -in {0}/ca.pem -out "
                          "{0}/legacy.p12 -passout pass:{1}",
                          d, p)) &&
        // A keystore with a private key and the CA: only the CA is trusted.
        Shell(fmt::format("keytool -genkeypair -keyalg EC -alias client -dname CN=client "
                          "-keystore {0}/mixed.jks -storetype JKS -storepass {1} -keypass {1}",
                          d, p)) &&
        Shell(import + fmt::format("-keystore {}/mixed.jks -storetype JKS", d)) &&
        Shell(fmt::format("keytool -genkeypair -keyalg EC -alias client -dname CN=client "
                          "-keystore {0}/keyonly.jks -storetype JKS -storepass {1} -keypass {1}",
                          d, p));
    if (!ok) skip_ = "keytool or openssl failed to make the test stores";
  }

  static void TearDownTestSuite() {
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  void SetUp() override {
    if (!skip_.empty()) GTEST_SKIP() << skip_;
  }

  static fs::path Path(std::string_view name) { return dir_ / name; }
  static std::string CaPem() { return Slurp(Path("ca.pem")); }

  static StatusOr<TrustedCertificates> ReadFile(
      std::string_view name, std::optional<std::string_view> password = kPassword) {
    return ReadTrustStoreFile(Path(name).string(), password);
  }

  static std::string FileError(std::string_view name,
                               std::optional<std::string_view> password = kPassword) {
    StatusOr<TrustedCertificates> r = ReadFile(name, password);
    if (r.has_value()) return "<no error>";
    EXPECT_EQ(r.error().code(), StatusCode::kInvalidArgument) << r.error().ToString();
    return r.error().message();
  }

  static inline fs::path dir_;
  static inline std::string skip_;
};

TEST_F(KeytoolStores, JksYieldsTheCaAsPem) {
  StatusOr<TrustedCertificates> r = ReadFile("ts.jks");
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_EQ(r->format, TrustStoreFormat::kJks);
  EXPECT_EQ(r->pem, CaPem());
  EXPECT_EQ(r->count, 1u);
}

TEST_F(KeytoolStores, Pkcs12YieldsTheCaAsPem) {
  StatusOr<TrustedCertificates> r = ReadFile("ts.p12");
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_EQ(r->format, TrustStoreFormat::kPkcs12);
  EXPECT_EQ(r->pem, CaPem());
}

TEST_F(KeytoolStores, LegacyPkcs12YieldsTheCaAsPem) {
  StatusOr<TrustedCertificates> r = ReadFile("legacy.p12");
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_EQ(r->pem, CaPem());
}

TEST_F(KeytoolStores, JksWithoutPasswordSkipsTheIntegrityCheck) {
  StatusOr<TrustedCertificates> r = ReadFile("ts.jks", std::nullopt);
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_EQ(r->pem, CaPem());
}

TEST_F(KeytoolStores, Pkcs12WithoutPasswordSaysOneIsNeeded) {
  EXPECT_THAT(FileError("ts.p12", std::nullopt), HasSubstr("protected by a password"));
}

TEST_F(KeytoolStores, WrongPasswordIsAClearError) {
  for (const char* name : {"ts.jks", "ts.p12"}) {
    const std::string error = FileError(name, "wrong-password");
    EXPECT_THAT(error, AllOf(HasSubstr(Path(name).string()), HasSubstr("password is wrong")));
    EXPECT_THAT(error, Not(HasSubstr("wrong-password")));
  }
}

TEST_F(KeytoolStores, AFlippedByteFailsTheJksIntegrityCheck) {
  std::string store = Slurp(Path("ts.jks"));
  const std::string der = DerOf(CaPem());
  const size_t at = store.find(der);
  ASSERT_NE(at, std::string::npos);
  store[at + der.size() / 2] ^= 0x01;
  Spit(Path("flipped.jks"), store);
  EXPECT_THAT(FileError("flipped.jks"), HasSubstr("integrity check failed"));

  // With the digest fixed, a broken certificate is found by parsing it.
  store = Slurp(Path("ts.jks"));
  store[at] = 0x04;  // the certificate's SEQUENCE becomes an OCTET STRING
  const std::string body = store.substr(0, store.size() - 20);
  const std::array<uint8_t, 20> d = JksDigest(AsBytes(body), kPassword);
  Spit(Path("fixed.jks"), body + std::string(reinterpret_cast<const char*>(d.data()), 20));
  EXPECT_THAT(FileError("fixed.jks"), HasSubstr("not a valid X.509 certificate"));
}

TEST_F(KeytoolStores, TruncatedStoresAreClearErrors) {
  for (const char* name : {"ts.jks", "ts.p12"}) {
    const std::string store = Slurp(Path(name));
    Spit(Path("truncated"), store.substr(0, store.size() - 40));
    EXPECT_THAT(FileError("truncated"), HasSubstr("truncated or corrupt")) << name;
  }
}

TEST_F(KeytoolStores, PrivateKeyEntriesAreNotTrusted) {
  StatusOr<TrustedCertificates> r = ReadFile("mixed.jks");
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_EQ(r->pem, CaPem());
  EXPECT_THAT(FileError("keyonly.jks"), HasSubstr("1 private-key entries"));
}

TEST_F(KeytoolStores, TheFormatComesFromTheBytesNotTheName) {
  fs::copy_file(Path("ts.p12"), Path("really-p12.jks"), fs::copy_options::overwrite_existing);
  StatusOr<TrustedCertificates> r = ReadFile("really-p12.jks");
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_EQ(r->format, TrustStoreFormat::kPkcs12);
}

TEST_F(KeytoolStores, UnreadableFilesNameThePathAndTheReason) {
  EXPECT_THAT(FileError("missing.jks"),
              AllOf(HasSubstr(Path("missing.jks").string()), HasSubstr("No such file")));
  EXPECT_THAT(FileError("."), HasSubstr("not a regular file"));
}

}  // namespace
}  // namespace rowcast
