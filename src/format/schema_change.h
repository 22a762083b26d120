// Schema change events on the topic <topic.prefix> (include.schema.changes): the key
// {"databaseName"} and the value {source, ts_ms, databaseName, schemaName, ddl, tableChanges},
// plus their Kafka Connect schemas for schemas.enable=true. Free functions; thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "format/connect_schema.h"
#include "format/envelope.h"
#include "schema/ddl.h"
#include "schema/schema.h"

namespace rowcast::format {

struct SchemaChangeEvent {
  std::string_view database;  // the database the DDL applies to (the key)
  std::string_view ddl;
  // Each table the statement changed, with its definition after the change (null for DROP).
  std::vector<std::pair<schema::TableChange, std::shared_ptr<const schema::Table>>> changes;
  SourceInfo source;
  // source.table: Debezium writes the names of the tables the statement touched, joined by ','
  // (BinlogSourceInfo.table()). Empty = null (database-level statements).
  std::string_view source_table;
  int64_t now_ns = 0;
  // source.version; empty = "0.1.0" (EnvelopeOptions::version's default).
  std::string_view version;
};

// The `source` block as EnvelopeWriter::RenderSource writes it, `row` and all:
// {"version","connector","name","ts_ms","snapshot","db","sequence","ts_us","ts_ns","table",
// "server_id","gtid","file","pos","row","thread","query"}. `table` empty = null.
void AppendSourceJson(std::string& out, std::string_view version, std::string_view connector,
                      std::string_view topic_prefix, std::string_view db, std::string_view table,
                      const SourceInfo& src);

// {"databaseName":"..."}
void AppendSchemaChangeKey(std::string& out, const SchemaChangeEvent& e);
// {"source":{...},"ts_ms":...,"databaseName":...,"schemaName":null,"ddl":...,"tableChanges":[...]}
void AppendSchemaChangeValue(std::string& out, const SchemaChangeEvent& e,
                             const ConnectSchemaOptions& o, bool include_comments);

// "io.debezium.connector.<connector>.SchemaChangeKey" / "...SchemaChangeValue" (version 1).
std::string SchemaChangeKeySchemaJson(const ConnectSchemaOptions& o);
std::string SchemaChangeValueSchemaJson(const ConnectSchemaOptions& o);

}  // namespace rowcast::format
