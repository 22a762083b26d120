#include "common/java_keystore.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <memory>
#include <set>

#include <fmt/format.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <openssl/x509.h>

namespace rowcast {
namespace {

constexpr uint32_t kJksMagic = 0xFEEDFEED;
constexpr uint32_t kJceksMagic = 0xCECECECE;
constexpr size_t kJksDigestSize = 20;
constexpr uint32_t kJksPrivateKeyEntry = 1;
constexpr uint32_t kJksTrustedCertEntry = 2;
// The smallest entry: tag u32 | alias u16 (empty) | date u64 | cert length u32 (empty).
constexpr size_t kJksMinEntrySize = 4 + 2 + 8 + 4;
// Far beyond any real store (a JDK's cacerts holds ~150 certificates in ~200 KB).
constexpr size_t kMaxStoreSize = 64u << 20;
constexpr size_t kMaxCertificateSize = 1u << 20;
constexpr int kMaxSafeContentsDepth = 4;

template <auto Free>
struct Deleter {
  template <typename T>
  void operator()(T* p) const {
    Free(p);
  }
};
using Pkcs12Ptr = std::unique_ptr<PKCS12, Deleter<PKCS12_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX_free>>;

void FreeAuthSafes(STACK_OF(PKCS7) * s) { sk_PKCS7_pop_free(s, PKCS7_free); }
void FreeBags(STACK_OF(PKCS12_SAFEBAG) * s) { sk_PKCS12_SAFEBAG_pop_free(s, PKCS12_SAFEBAG_free); }
using AuthSafesPtr = std::unique_ptr<STACK_OF(PKCS7), Deleter<FreeAuthSafes>>;
using BagsPtr = std::unique_ptr<STACK_OF(PKCS12_SAFEBAG), Deleter<FreeBags>>;

// OpenSSL reports errors in a per-thread queue that librdkafka and Connector/C read too: leave
// it empty, whatever happens here.
class ClearOpensslErrors {
 public:
  ClearOpensslErrors() { ERR_clear_error(); }
  ~ClearOpensslErrors() { ERR_clear_error(); }
  ClearOpensslErrors(const ClearOpensslErrors&) = delete;
  ClearOpensslErrors& operator=(const ClearOpensslErrors&) = delete;
};

// The first error of the queue, for messages: "unsupported cipher", "mac verify failure", ...
std::string OpensslError() {
  const unsigned long e = ERR_peek_error();
  if (e == 0) return "no OpenSSL error recorded";
  char buf[256];
  ERR_error_string_n(e, buf, sizeof(buf));
  return buf;
}

std::string HexPrefix(Bytes data) {
  std::string out;
  for (size_t i = 0; i < data.size() && i < 4; ++i) {
    out += fmt::format("{}{:02x}", i == 0 ? "" : " ", static_cast<uint8_t>(data[i]));
  }
  return out;
}

bool StartsWithU32Be(Bytes data, uint32_t magic) {
  if (data.size() < 4) return false;
  uint32_t v = 0;
  for (size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<uint32_t>(data[i]);
  return v == magic;
}

// Java strings are UTF-16: the password's UTF-8 bytes decoded to code points, then written as
// UTF-16BE code units (surrogate pairs above U+FFFF). A byte that is not valid UTF-8 stands for
// the Latin-1 character of that value.
std::string PasswordUtf16Be(std::string_view password) {
  std::string out;
  auto put_unit = [&out](uint32_t unit) {
    out.push_back(static_cast<char>((unit >> 8) & 0xFF));
    out.push_back(static_cast<char>(unit & 0xFF));
  };
  size_t i = 0;
  while (i < password.size()) {
    const auto b0 = static_cast<uint8_t>(password[i]);
    size_t len = 0;
    uint32_t cp = 0;
    if (b0 < 0x80) {
      len = 1;
      cp = b0;
    } else if ((b0 & 0xE0) == 0xC0) {
      len = 2;
      cp = b0 & 0x1Fu;
    } else if ((b0 & 0xF0) == 0xE0) {
      len = 3;
      cp = b0 & 0x0Fu;
    } else if ((b0 & 0xF8) == 0xF0) {
      len = 4;
      cp = b0 & 0x07u;
    }
    bool valid = len > 0 && i + len <= password.size();
    for (size_t k = 1; valid && k < len; ++k) {
      const auto b = static_cast<uint8_t>(password[i + k]);
      if ((b & 0xC0) != 0x80) valid = false;
      cp = (cp << 6) | (b & 0x3Fu);
    }
    if (!valid || cp > 0x10FFFF) {
      put_unit(b0);
      ++i;
      continue;
    }
    if (cp >= 0x10000) {
      cp -= 0x10000;
      put_unit(0xD800 + (cp >> 10));
      put_unit(0xDC00 + (cp & 0x3FF));
    } else {
      put_unit(cp);
    }
    i += len;
  }
  return out;
}

std::string PemOf(std::string_view der) {
  std::string b64(4 * ((der.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(b64.data()),
                                reinterpret_cast<const unsigned char*>(der.data()),
                                static_cast<int>(der.size()));
  b64.resize(static_cast<size_t>(n));
  std::string out = "-----BEGIN CERTIFICATE-----\n";
  for (size_t pos = 0; pos < b64.size(); pos += 64) {
    out.append(b64, pos, 64);
    out.push_back('\n');
  }
  out += "-----END CERTIFICATE-----\n";
  return out;
}

size_t CountPemCertificates(std::string_view pem) {
  size_t n = 0;
  for (size_t pos = pem.find("-----BEGIN CERTIFICATE-----"); pos != std::string_view::npos;
       pos = pem.find("-----BEGIN CERTIFICATE-----", pos + 1)) {
    ++n;
  }
  return n;
}

// ---- JKS

// sun.security.provider.JavaKeyStore (engineLoad):
//   magic u32be 0xFEEDFEED | version u32be (1, 2) | count u32be | count entries | SHA-1 digest.
//   entry: tag u32be | alias (u16be length + modified UTF-8) | date u64be ms | body, where the
//   body of tag 1 (private key) is key length u32be + protected key | chain count u32be |
//   chain certificates, and of tag 2 (trusted certificate) one certificate. A certificate is
//   [version 2: type, u16be length + modified UTF-8] | DER length u32be | DER.
struct JksContents {
  std::vector<std::string> certificates;  // DER, trusted-certificate entries, in file order
  size_t private_keys = 0;
};

Status JksCorrupt(std::string_view what) {
  return InvalidArgumentError(
      fmt::format("the JKS truststore is truncated or corrupt: {}; use the file keytool wrote, or "
                  "check it with keytool -list",
                  what));
}

StatusOr<uint32_t> ReadU32Be(ByteReader& r) {
  ROWCAST_ASSIGN_OR_RETURN(uint64_t v, r.ReadUintBe(4));
  return static_cast<uint32_t>(v);
}

StatusOr<std::string_view> ReadJavaUtf(ByteReader& r) {
  ROWCAST_ASSIGN_OR_RETURN(uint64_t len, r.ReadUintBe(2));
  return r.ReadString(static_cast<size_t>(len));
}

// One certificate of an entry: its type (version 2) and DER bytes.
struct JksCertificate {
  std::string_view type = "X.509";
  Bytes der;
};

StatusOr<JksCertificate> ReadJksCertificate(ByteReader& r, uint32_t version) {
  JksCertificate cert;
  if (version == 2) {
    ROWCAST_ASSIGN_OR_RETURN(cert.type, ReadJavaUtf(r));
  }
  ROWCAST_ASSIGN_OR_RETURN(uint32_t len, ReadU32Be(r));
  if (len > r.remaining()) {
    return std::unexpected(DataLossError(fmt::format(
        "a certificate of {} bytes is announced, but only {} bytes are left", len, r.remaining())));
  }
  ROWCAST_ASSIGN_OR_RETURN(cert.der, r.ReadBytes(len));
  return cert;
}

// The entries of a JKS body (everything before the digest). Errors are the reader's; the caller
// says which entry.
StatusOr<JksContents> ParseJksBody(Bytes body) {
  ByteReader r(body);
  JksContents out;
  ROWCAST_ASSIGN_OR_RETURN(uint32_t magic, ReadU32Be(r));
  if (magic != kJksMagic) {
    return std::unexpected(JksCorrupt(fmt::format("magic 0x{:08x} is not 0xfeedfeed", magic)));
  }
  ROWCAST_ASSIGN_OR_RETURN(uint32_t version, ReadU32Be(r));
  if (version != 1 && version != 2) {
    return std::unexpected(JksCorrupt(fmt::format("version {} is not 1 or 2", version)));
  }
  ROWCAST_ASSIGN_OR_RETURN(uint32_t count, ReadU32Be(r));
  if (count > r.remaining() / kJksMinEntrySize) {
    return std::unexpected(JksCorrupt(
        fmt::format("{} entries announced, but only {} bytes follow", count, r.remaining())));
  }
  for (uint32_t i = 0; i < count; ++i) {
    auto entry = [&](std::string_view alias, const Status& s) {
      return JksCorrupt(fmt::format("entry {} of {}{}: {}", i + 1, count,
                                    alias.empty() ? "" : fmt::format(" (alias {:?})", alias),
                                    s.message()));
    };
    StatusOr<uint32_t> tag = ReadU32Be(r);
    if (!tag.has_value()) return std::unexpected(entry({}, tag.error()));
    StatusOr<std::string_view> alias = ReadJavaUtf(r);
    if (!alias.has_value()) return std::unexpected(entry({}, alias.error()));
    if (Status s = r.Skip(8); !s.ok()) return std::unexpected(entry(*alias, s));  // date
    if (*tag == kJksTrustedCertEntry) {
      StatusOr<JksCertificate> cert = ReadJksCertificate(r, version);
      if (!cert.has_value()) return std::unexpected(entry(*alias, cert.error()));
      if (cert->type != "X.509") {
        return std::unexpected(InvalidArgumentError(fmt::format(
            "the JKS truststore's entry {:?} holds a certificate of type {:?}; only X.509 "
            "certificates can be used",
            *alias, cert->type)));
      }
      if (cert->der.size() > kMaxCertificateSize) {
        return std::unexpected(entry(
            *alias, DataLossError(fmt::format("a certificate of {} bytes", cert->der.size()))));
      }
      out.certificates.emplace_back(AsStringView(cert->der));
    } else if (*tag == kJksPrivateKeyEntry) {
      // Java's trust managers use trusted-certificate entries only; so do we.
      StatusOr<uint32_t> key_len = ReadU32Be(r);
      if (!key_len.has_value()) return std::unexpected(entry(*alias, key_len.error()));
      if (Status s = r.Skip(*key_len); !s.ok()) return std::unexpected(entry(*alias, s));
      StatusOr<uint32_t> chain = ReadU32Be(r);
      if (!chain.has_value()) return std::unexpected(entry(*alias, chain.error()));
      if (*chain > r.remaining() / 4) {
        return std::unexpected(
            entry(*alias, DataLossError(fmt::format("a chain of {} certificates in {} bytes",
                                                    *chain, r.remaining()))));
      }
      for (uint32_t c = 0; c < *chain; ++c) {
        StatusOr<JksCertificate> cert = ReadJksCertificate(r, version);
        if (!cert.has_value()) return std::unexpected(entry(*alias, cert.error()));
      }
      ++out.private_keys;
    } else {
      return std::unexpected(entry(
          *alias, DataLossError(fmt::format("tag {} is neither 1 (private key) nor 2 (trusted "
                                            "certificate)",
                                            *tag))));
    }
  }
  if (!r.empty()) {
    return std::unexpected(
        JksCorrupt(fmt::format("{} bytes follow the last entry", r.remaining())));
  }
  return out;
}

StatusOr<JksContents> ReadJks(Bytes data, const std::optional<std::string_view>& password) {
  if (data.size() < 12 + kJksDigestSize) {
    return std::unexpected(JksCorrupt(
        fmt::format("{} bytes are fewer than a header and the integrity digest", data.size())));
  }
  const Bytes body = data.first(data.size() - kJksDigestSize);
  ROWCAST_ASSIGN_OR_RETURN(JksContents contents, ParseJksBody(body));
  if (password.has_value()) {
    const std::array<uint8_t, 20> digest = JksDigest(body, *password);
    if (CRYPTO_memcmp(digest.data(), data.last(kJksDigestSize).data(), kJksDigestSize) != 0) {
      return std::unexpected(InvalidArgumentError(
          "the JKS truststore's integrity check failed: the password is wrong, or the file is "
          "corrupt"));
    }
  }
  return contents;
}

// ---- PKCS#12

// A library context with the default and legacy providers, for PKCS#12 files that Java 8 and
// early Java 11 keytool wrote (certificates encrypted with RC2-40, which OpenSSL 3 moved to the
// legacy provider). Null when the legacy provider is not installed. Created once, never freed.
OSSL_LIB_CTX* LegacyContext() {
  static OSSL_LIB_CTX* ctx = [] {
    OSSL_LIB_CTX* c = OSSL_LIB_CTX_new();
    if (c == nullptr) return c;
    OSSL_PROVIDER* legacy = OSSL_PROVIDER_load(c, "legacy");
    OSSL_PROVIDER* fallback = legacy == nullptr ? nullptr : OSSL_PROVIDER_load(c, "default");
    if (fallback == nullptr) {
      if (legacy != nullptr) OSSL_PROVIDER_unload(legacy);
      OSSL_LIB_CTX_free(c);
      ERR_clear_error();
      return static_cast<OSSL_LIB_CTX*>(nullptr);
    }
    return c;
  }();
  return ctx;
}

struct Pkcs12Password {
  const char* data = nullptr;  // null: no password
  int size = 0;
};

Status CollectBags(const STACK_OF(PKCS12_SAFEBAG) * bags, int depth,
                   std::vector<std::string>& out) {
  for (int i = 0; i < sk_PKCS12_SAFEBAG_num(bags); ++i) {
    const PKCS12_SAFEBAG* bag = sk_PKCS12_SAFEBAG_value(bags, i);
    const int nid = PKCS12_SAFEBAG_get_nid(bag);
    if (nid == NID_safeContentsBag) {
      if (depth >= kMaxSafeContentsDepth) {
        return InvalidArgumentError(
            fmt::format("the PKCS#12 truststore nests safe contents deeper than {} levels",
                        kMaxSafeContentsDepth));
      }
      ROWCAST_RETURN_STATUS_IF_ERROR(CollectBags(PKCS12_SAFEBAG_get0_safes(bag), depth + 1, out));
      continue;
    }
    // Keys (shrouded or not), CRLs and secrets are not certificates to trust.
    if (nid != NID_certBag || PKCS12_SAFEBAG_get_bag_nid(bag) != NID_x509Certificate) continue;
    X509Ptr cert(PKCS12_SAFEBAG_get1_cert(bag));
    if (cert == nullptr) {
      return InvalidArgumentError(fmt::format(
          "a certificate of the PKCS#12 truststore cannot be read: {}", OpensslError()));
    }
    unsigned char* der = nullptr;
    const int len = i2d_X509(cert.get(), &der);
    if (len <= 0) {
      return InternalError(fmt::format("encoding a certificate failed: {}", OpensslError()));
    }
    out.emplace_back(reinterpret_cast<const char*>(der), static_cast<size_t>(len));
    OPENSSL_free(der);
  }
  return OkStatus();
}

// Every certificate bag of every (plain or password-encrypted) safe contents.
Status CollectCertificates(PKCS12* p12, Pkcs12Password pass, std::vector<std::string>& out) {
  AuthSafesPtr safes(PKCS12_unpack_authsafes(p12));
  if (safes == nullptr) {
    return InvalidArgumentError(
        fmt::format("the PKCS#12 truststore's contents cannot be read: {}", OpensslError()));
  }
  for (int i = 0; i < sk_PKCS7_num(safes.get()); ++i) {
    PKCS7* p7 = sk_PKCS7_value(safes.get(), i);
    BagsPtr bags;
    const int nid = OBJ_obj2nid(p7->type);
    if (nid == NID_pkcs7_data) {
      bags.reset(PKCS12_unpack_p7data(p7));
    } else if (nid == NID_pkcs7_encrypted) {
      bags.reset(PKCS12_unpack_p7encdata(p7, pass.data, pass.size));
    } else {
      continue;  // public-key enveloped contents: not written by Java
    }
    if (bags == nullptr) {
      return InvalidArgumentError(
          fmt::format("the PKCS#12 truststore's {}certificates cannot be read: {}",
                      nid == NID_pkcs7_encrypted ? "encrypted " : "", OpensslError()));
    }
    ROWCAST_RETURN_STATUS_IF_ERROR(CollectBags(bags.get(), 0, out));
  }
  return OkStatus();
}

StatusOr<std::vector<std::string>> ReadPkcs12(Bytes data,
                                              const std::optional<std::string_view>& password) {
  if (data.size() > static_cast<size_t>(LONG_MAX)) {
    return std::unexpected(InvalidArgumentError("the truststore is too large"));
  }
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  Pkcs12Ptr p12(d2i_PKCS12(nullptr, &p, static_cast<long>(data.size())));
  if (p12 == nullptr) {
    // A lone DER certificate starts with a SEQUENCE too.
    p = reinterpret_cast<const unsigned char*>(data.data());
    X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(data.size())));
    if (cert != nullptr) {
      return std::unexpected(InvalidArgumentError(
          "the truststore is a single DER certificate, not a keystore; convert it to PEM "
          "(openssl x509 -inform DER -in FILE -out ca.pem) or import it into a truststore "
          "(keytool -importcert)"));
    }
    return std::unexpected(InvalidArgumentError(fmt::format(
        "the truststore starts like a PKCS#12 keystore but cannot be read as one ({}); it is "
        "truncated or corrupt",
        OpensslError())));
  }
  Pkcs12Password pass;
  if (password.has_value()) {
    if (password->size() > static_cast<size_t>(INT_MAX)) {
      return std::unexpected(InvalidArgumentError("the truststore password is too long"));
    }
    pass = {password->data(), static_cast<int>(password->size())};
  }
  if (PKCS12_mac_present(p12.get()) == 1) {
    if (password.has_value()) {
      if (PKCS12_verify_mac(p12.get(), pass.data, pass.size) != 1) {
        return std::unexpected(InvalidArgumentError(
            "the PKCS#12 truststore's integrity check failed: the password is wrong, or the "
            "file is corrupt"));
      }
    } else if (PKCS12_verify_mac(p12.get(), nullptr, 0) == 1) {
      pass = {nullptr, 0};
    } else if (PKCS12_verify_mac(p12.get(), "", 0) == 1) {
      pass = {"", 0};
    } else {
      return std::unexpected(InvalidArgumentError(
          "the PKCS#12 truststore is protected by a password, and none is set"));
    }
  }
  std::vector<std::string> certs;
  Status s = CollectCertificates(p12.get(), pass, certs);
  if (!s.ok()) {
    // Java 8 / early Java 11 stores: RC2-40, found in OpenSSL 3's legacy provider only. The
    // default context is switched for this thread only, and back.
    if (OSSL_LIB_CTX* legacy = LegacyContext(); legacy != nullptr) {
      ERR_clear_error();
      certs.clear();
      OSSL_LIB_CTX* previous = OSSL_LIB_CTX_set0_default(legacy);
      const Status retried = CollectCertificates(p12.get(), pass, certs);
      OSSL_LIB_CTX_set0_default(previous);
      if (retried.ok()) return certs;
    }
    return std::unexpected(
        InvalidArgumentError(fmt::format("{}; if keytool of Java 8 wrote it, OpenSSL may need "
                                         "its legacy provider, or convert it with keytool of Java "
                                         "17 (keytool -importkeystore -deststoretype PKCS12)",
                                         s.message())));
  }
  return certs;
}

// A certificate that OpenSSL cannot parse would fail later, inside librdkafka or Connector/C,
// with a vaguer message.
Status CheckCertificate(std::string_view der, size_t index) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
  if (cert == nullptr || p != reinterpret_cast<const unsigned char*>(der.data()) + der.size()) {
    return InvalidArgumentError(fmt::format(
        "certificate {} of the truststore is not a valid X.509 certificate", index + 1));
  }
  return OkStatus();
}

}  // namespace

std::string_view TrustStoreFormatName(TrustStoreFormat format) {
  switch (format) {
    case TrustStoreFormat::kPem:
      return "PEM";
    case TrustStoreFormat::kJks:
      return "JKS";
    case TrustStoreFormat::kPkcs12:
      return "PKCS12";
  }
  return "unknown";
}

std::array<uint8_t, 20> JksDigest(Bytes body, std::string_view password) {
  static constexpr std::string_view kWhitener = "Mighty Aphrodite";
  const std::string utf16 = PasswordUtf16Be(password);
  std::array<uint8_t, 20> out{};
  unsigned int len = 0;
  MdCtxPtr ctx(EVP_MD_CTX_new());
  const bool ok = ctx != nullptr && EVP_DigestInit_ex(ctx.get(), EVP_sha1(), nullptr) == 1 &&
                  EVP_DigestUpdate(ctx.get(), utf16.data(), utf16.size()) == 1 &&
                  EVP_DigestUpdate(ctx.get(), kWhitener.data(), kWhitener.size()) == 1 &&
                  EVP_DigestUpdate(ctx.get(), body.data(), body.size()) == 1 &&
                  EVP_DigestFinal_ex(ctx.get(), out.data(), &len) == 1 && len == out.size();
  // Only out of memory, or a FIPS-only OpenSSL without SHA-1, gets here: an all-zero digest
  // then fails the comparison, which says the check failed.
  if (!ok) out.fill(0);
  ERR_clear_error();
  return out;
}

StatusOr<std::vector<std::string>> ReadJksCertificates(
    Bytes data, const std::optional<std::string_view>& password) {
  ROWCAST_ASSIGN_OR_RETURN(JksContents contents, ReadJks(data, password));
  return std::move(contents.certificates);
}

StatusOr<TrustedCertificates> ReadTrustStore(Bytes data,
                                             const std::optional<std::string_view>& password) {
  const ClearOpensslErrors clear;
  if (data.empty()) return std::unexpected(InvalidArgumentError("the truststore is empty"));
  TrustedCertificates out;
  std::vector<std::string> ders;
  size_t private_keys = 0;
  if (StartsWithU32Be(data, kJksMagic)) {
    out.format = TrustStoreFormat::kJks;
    ROWCAST_ASSIGN_OR_RETURN(JksContents contents, ReadJks(data, password));
    ders = std::move(contents.certificates);
    private_keys = contents.private_keys;
  } else if (StartsWithU32Be(data, kJceksMagic)) {
    return std::unexpected(InvalidArgumentError(
        "the truststore is a JCEKS keystore, which rowcast does not read; convert it (keytool "
        "-importkeystore -srcstoretype JCEKS -deststoretype PKCS12) or export its certificates "
        "to PEM (keytool -exportcert -rfc)"));
  } else if (static_cast<uint8_t>(data[0]) == 0x30) {  // DER SEQUENCE
    out.format = TrustStoreFormat::kPkcs12;
    ROWCAST_ASSIGN_OR_RETURN(ders, ReadPkcs12(data, password));
  } else if (AsStringView(data).find("-----BEGIN ") != std::string_view::npos) {
    out.format = TrustStoreFormat::kPem;
    out.pem = std::string(AsStringView(data));
    out.count = CountPemCertificates(out.pem);
    if (out.count == 0) {
      return std::unexpected(InvalidArgumentError(
          "the truststore is a PEM file without a -----BEGIN CERTIFICATE----- block"));
    }
    return out;
  } else {
    return std::unexpected(InvalidArgumentError(fmt::format(
        "the truststore is not a JKS, PKCS#12 or PEM file (it starts with the bytes {})",
        HexPrefix(data))));
  }
  std::set<std::string_view> seen;
  for (size_t i = 0; i < ders.size(); ++i) {
    if (!seen.insert(ders[i]).second) continue;  // the same certificate under two aliases
    ROWCAST_RETURN_IF_ERROR(CheckCertificate(ders[i], i));
    out.pem += PemOf(ders[i]);
    ++out.count;
  }
  if (out.count == 0) {
    return std::unexpected(InvalidArgumentError(fmt::format(
        "the {} truststore holds no trusted certificate{}; import the CA certificate (keytool "
        "-importcert -alias ca -file ca.pem -keystore FILE)",
        TrustStoreFormatName(out.format),
        private_keys > 0 ? fmt::format(" (only {} private-key entries, whose certificates Java "
                                       "does not trust either)",
                                       private_keys)
                         : std::string())));
  }
  return out;
}

StatusOr<TrustedCertificates> ReadTrustStoreFile(const std::string& path,
                                                 const std::optional<std::string_view>& password) {
  auto cannot_read = [&path](int err) {
    return std::unexpected(InvalidArgumentError(
        fmt::format("cannot read the truststore {}: {}", path, std::strerror(err))));
  };
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return cannot_read(errno);
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    const int err = errno;
    ::close(fd);
    return cannot_read(err);
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd);
    return std::unexpected(InvalidArgumentError(
        fmt::format("cannot read the truststore {}: it is not a regular file", path)));
  }
  if (static_cast<uint64_t>(st.st_size) > kMaxStoreSize) {
    ::close(fd);
    return std::unexpected(InvalidArgumentError(
        fmt::format("the truststore {} has {} bytes, more than any truststore ({} at most)", path,
                    st.st_size, kMaxStoreSize)));
  }
  std::string bytes;
  char buf[65536];
  while (true) {
    const ssize_t n = ::read(fd, buf, sizeof(buf));
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      return cannot_read(err);
    }
    if (n == 0) break;
    bytes.append(buf, static_cast<size_t>(n));
    if (bytes.size() > kMaxStoreSize) {
      ::close(fd);
      return std::unexpected(InvalidArgumentError(
          fmt::format("the truststore {} is larger than any truststore ({} bytes at most)", path,
                      kMaxStoreSize)));
    }
  }
  ::close(fd);
  StatusOr<TrustedCertificates> certs = ReadTrustStore(AsBytes(bytes), password);
  if (!certs.has_value()) return std::unexpected(certs.error().WithContext(path));
  return certs;
}

}  // namespace rowcast
