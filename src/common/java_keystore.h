// Reads the trusted certificates of a Java truststore, so that configurations written for the
// JVM (Debezium's database.ssl.truststore, Kafka clients' ssl.truststore.location) work with
// libraries that read PEM only (librdkafka, MariaDB Connector/C).
//
// Formats, detected from the bytes whatever the configured type says (as Java's
// keystore.type.compat does):
//   - JKS (magic 0xFEEDFEED, versions 1 and 2): the trusted-certificate entries. Private-key
//     entries are skipped, as Java's trust managers skip them. With a password, the SHA-1
//     integrity digest is checked; without one it is not (nor is it by Java).
//   - PKCS#12 (keytool's default since Java 9): every certificate of its certificate bags;
//     key bags are not decrypted. Old RC2-encrypted files are read with OpenSSL's legacy
//     provider when it is installed.
//   - PEM: returned as is.
//
// Free functions, callable from any thread. Passwords never appear in errors.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/byte_reader.h"
#include "common/status.h"

namespace rowcast {

enum class TrustStoreFormat { kPem, kJks, kPkcs12 };

std::string_view TrustStoreFormatName(TrustStoreFormat format);

struct TrustedCertificates {
  TrustStoreFormat format = TrustStoreFormat::kPem;
  // "-----BEGIN CERTIFICATE-----" blocks, each certificate once (for PEM input: the input).
  std::string pem;
  size_t count = 0;  // certificates in `pem`
};

// `data`: the store's bytes. `password`: nullopt when none is configured. Errors are
// InvalidArgument (a store that cannot be used is a configuration problem) and say "the
// truststore": callers name the setting and file.
[[nodiscard]] StatusOr<TrustedCertificates> ReadTrustStore(
    Bytes data, const std::optional<std::string_view>& password);

// Reads the file at `path`; errors name the path (and the system's reason when it cannot be
// read).
[[nodiscard]] StatusOr<TrustedCertificates> ReadTrustStoreFile(
    const std::string& path, const std::optional<std::string_view>& password);

// The JKS parser on its own: the DER certificates of the trusted-certificate entries, in file
// order.
[[nodiscard]] StatusOr<std::vector<std::string>> ReadJksCertificates(
    Bytes data, const std::optional<std::string_view>& password);

// JKS integrity digest of `body` (the whole store before the digest): SHA-1 over the password
// as UTF-16BE, the bytes "Mighty Aphrodite", then the body. For tests that build stores.
std::array<uint8_t, 20> JksDigest(Bytes body, std::string_view password);

}  // namespace rowcast
