// Translates Java Kafka client settings, as Kafka Connect users write them (worker producer.*,
// consumer.*, admin.* and top-level client settings, connector producer.override.*), into
// librdkafka configuration properties
// (https://github.com/confluentinc/librdkafka/blob/v2.0.2/CONFIGURATION.md).
//
// Names that mean the same in both pass through; renamed ones are renamed and their values
// converted (delivery.timeout.ms -> message.timeout.ms, buffer.memory -> kbytes, JAAS ->
// sasl.username/sasl.password, PEM and PKCS#12 stores -> ssl.*.location/pem, JKS and PKCS#12
// truststores -> their CA certificates inline in ssl.ca.pem, ...); Java-only settings are
// dropped, with a warning when dropping them changes behaviour; settings that need Java code or
// a Java-only format (JKS keystores, custom partitioners, other login modules) are an
// InvalidArgument that says what to use instead. Anything not recognised passes through
// unchanged: librdkafka rejects unknown names when they are set.
//
// No librdkafka dependency, callable from any thread; the only input besides the settings is a
// JKS or PKCS#12 truststore file, read when one is named. Secret values never appear in errors
// or warnings.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "config/worker_config.h"

namespace rowcast::sinks::kafka {

using ClientRole = config::ClientRole;

struct ClientProperties {
  // librdkafka name and value, each name once, in the order of the Java names (sorted), the
  // trust and key store settings last.
  std::vector<std::pair<std::string, std::string>> set;
  // Sentences about Java settings that were dropped although they would change behaviour.
  std::vector<std::string> warnings;
};

// `java`: Java client names to values (values are trimmed, as Java's ConfigDef does). Two Java
// names that end up on the same librdkafka property with different values (say
// delivery.timeout.ms and message.timeout.ms) are an InvalidArgument naming both.
[[nodiscard]] StatusOr<ClientProperties> TranslateClientProperties(
    const std::map<std::string, std::string>& java, ClientRole role);

}  // namespace rowcast::sinks::kafka
