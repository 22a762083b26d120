// CA certificates for Connector/C, which reads them from a file only (MYSQL_OPT_SSL_CA): the
// certificates of a Java truststore (database.ssl.truststore) are written to a private file.
//
// One directory per process under $TMPDIR (or /tmp), mode 0700, created on first use; one file
// per distinct content, mode 0600, written once and reused by every later connection (written
// again if something removed it). Both are removed when the process exits normally. Safe to
// call from any thread.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace rowcast::mysql {

// The path of a private file holding `pem`. Errors (FailedPrecondition) name the directory and
// the system's reason.
[[nodiscard]] StatusOr<std::string> PrivatePemFile(std::string_view pem);

}  // namespace rowcast::mysql
