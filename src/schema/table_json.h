// Debezium's `tableChanges` JSON: the structured description of a table after a DDL statement,
// as schema change events (topic <topic.prefix>) and schema history records carry it. Free
// functions over the schema model; thread-safe.
//
// Debezium writes the same information in two shapes:
// - kConnect: the Kafka Connect struct of the schema change topic
//   (debezium-core ConnectTableChangeSerializer / SchemaFactory.schemaHistoryChangeSchema). Every
//   field of the struct is present, unset ones as null, in the struct's field order:
//   {type, id, table: {defaultCharsetName, primaryKeyColumnNames, columns: [{name, jdbcType,
//   nativeType, typeName, typeExpression, charsetName, length, scale, position, optional,
//   autoIncremented, generated, comment, defaultValueExpression, enumValues}], comment}}.
// - kHistory: the document of the internal schema history topic
//   (debezium-core JsonTableChangeSerializer), where optional keys are left out when unset:
//   {type, id, previousId?, table: {defaultCharsetName, primaryKeyColumnNames, columns: [{name,
//   jdbcType, nativeType?, typeName, typeExpression, charsetName, length?, scale?, position,
//   optional, autoIncremented, generated, comment, hasDefaultValue, defaultValueExpression?,
//   enumValues?}], attributes: []}, comment}.
#pragma once

#include <string>
#include <string_view>

#include "schema/ddl.h"
#include "schema/schema.h"

namespace rowcast::schema {

enum class TableChangeFormat : uint8_t { kConnect, kHistory };

// One tableChanges[] entry. `table` is the table after the change; for a DROP (or when null)
// Debezium writes a table with only its id: no charset, no key columns, no columns. A rename
// (kAlter with previous_* set) has the new id; kHistory adds "previousId". Column and table
// comments are written only with `include_comments` (include.schema.comments), else null.
void AppendTableChangeJson(std::string& out, const TableChange& change, const Table* table,
                           bool include_comments,
                           TableChangeFormat format = TableChangeFormat::kConnect);

// The java.sql.Types code Debezium's MySQL/MariaDB DDL parser assigns to the column's type
// (MySqlAntlrDdlParser / MariaDbAntlrDdlParser initializeDataTypeResolver).
int JdbcType(const Column& c);

// Debezium's typeName (and typeExpression): the type keyword with UNSIGNED / ZEROFILL, e.g.
// "INT UNSIGNED", "VARCHAR", "ENUM".
std::string DebeziumTypeName(const Column& c);

// Debezium's TableId.toDoubleQuotedString() of db.table: "\"db\".\"table\"" (a '"' inside a name
// is doubled).
std::string DoubleQuotedTableId(std::string_view db, std::string_view table);

}  // namespace rowcast::schema
