// Kafka Connect schemas of change events, as JsonConverter writes them with schemas.enable=true:
// the key struct, the envelope with before/after/source/transaction, and one schema per column
// under Debezium's handling modes. Each schema describes exactly what values.cc writes for the
// same column; where that differs from Debezium, connect_schema.cc says so at the mapping.
// Built once per table version by EnvelopeWriter; free functions, thread-safe.
//
// Key order inside a schema object follows JsonConverter.asJsonSchema: type, fields/items/keys/
// values, optional, name, version, doc, parameters, default, then "field" for struct members.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "format/value_options.h"
#include "schema/schema.h"

namespace rowcast::format {

struct ConnectSchemaOptions {
  std::string connector = "mysql";  // or "mariadb": names the Source / SchemaChange* schemas
  std::string topic_prefix;
  ValueOptions values;
};

// {"type":"struct","fields":[...],"optional":false,"name":"<prefix>.<db>.<table>.Key"};
// `key_columns` are column indexes in key order (indexes out of range are skipped).
std::string KeySchemaJson(const schema::Table& t, const std::vector<int>& key_columns,
                          const ConnectSchemaOptions& o);

// The "<prefix>.<db>.<table>.Envelope" schema: before/after ("...Value", optional), source,
// transaction, op, ts_ms, ts_us, ts_ns, in the order EnvelopeWriter writes the payload.
// `included[i]` false drops column i (column.include/exclude.list); missing entries count as
// included.
std::string ValueSchemaJson(const schema::Table& t, const std::vector<bool>& included,
                            const ConnectSchemaOptions& o);

// One struct member's schema for column `c`, "field" included: type, optional (nullable),
// logical name/version/parameters, and "default" when the column default converts to the
// Connect type (omitted when it does not: expressions, zero dates of nullable columns, ...).
void AppendFieldSchema(std::string& out, const schema::Column& c, const ConnectSchemaOptions& o);

// The source block's schema ("io.debezium.connector.<connector>.Source"), as a struct member
// named "source": the fields EnvelopeWriter writes, in its order.
void AppendSourceFieldSchema(std::string& out, const ConnectSchemaOptions& o);

}  // namespace rowcast::format
