// Text in a column's character set to UTF-8. The charset comes from the collation id that
// TABLE_MAP metadata carries (binlog_row_metadata); MySQL's latin1 is cp1252, other single- and
// multi-byte charsets go through iconv. Unknown collations are taken as UTF-8.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace rowcast::format {

// The MySQL/MariaDB name of a collation's character set ("utf8mb4", "latin1", ...), or empty.
std::string_view CharsetName(uint32_t collation);

// A collation id of `charset` (the lowest one), or 0 when the charset is unknown. Enough to
// convert text when the binlog carries no charsets and the schema names one.
uint32_t DefaultCollation(std::string_view charset);

// True when text in `collation` is already UTF-8 (utf8mb3, utf8mb4, ascii, unknown).
bool IsUtf8Collation(uint32_t collation);

// Appends `text` converted to UTF-8. Bytes that are invalid in the charset become U+FFFD.
// Thread-safe (conversion state is per thread).
void AppendUtf8(std::string& out, std::string_view text, uint32_t collation);

}  // namespace rowcast::format
