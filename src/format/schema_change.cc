#include "format/schema_change.h"

#include <fmt/format.h>

#include "common/json_writer.h"
#include "schema/table_json.h"

namespace rowcast::format {

namespace {

void AppendOptionalString(std::string& out, std::string_view s) {
  if (s.empty()) {
    out.append("null");
  } else {
    AppendJsonString(out, s);
  }
}

void AppendField(std::string& out, std::string_view type, bool optional, std::string_view field) {
  out.append(fmt::format(R"({{"type":"{}","optional":{},"field":)", type, optional));
  AppendJsonString(out, field);
  out.push_back('}');
}

// io.debezium.connector.schema.Column / Table / Change (SchemaFactory.schemaHistory*Schema).
void AppendChangeSchema(std::string& out) {
  out.append(R"({"type":"struct","fields":[)");
  AppendField(out, "string", false, "type");
  out.push_back(',');
  AppendField(out, "string", false, "id");
  out.append(R"(,{"type":"struct","fields":[)");
  AppendField(out, "string", true, "defaultCharsetName");
  out.append(
      R"(,{"type":"array","items":{"type":"string","optional":false},"optional":true,)"
      R"("field":"primaryKeyColumnNames"},{"type":"array","items":{"type":"struct","fields":[)");
  AppendField(out, "string", false, "name");
  out.push_back(',');
  AppendField(out, "int32", false, "jdbcType");
  out.push_back(',');
  AppendField(out, "int32", true, "nativeType");
  out.push_back(',');
  AppendField(out, "string", false, "typeName");
  out.push_back(',');
  AppendField(out, "string", true, "typeExpression");
  out.push_back(',');
  AppendField(out, "string", true, "charsetName");
  out.push_back(',');
  AppendField(out, "int32", true, "length");
  out.push_back(',');
  AppendField(out, "int32", true, "scale");
  out.push_back(',');
  AppendField(out, "int32", false, "position");
  out.push_back(',');
  AppendField(out, "boolean", true, "optional");
  out.push_back(',');
  AppendField(out, "boolean", true, "autoIncremented");
  out.push_back(',');
  AppendField(out, "boolean", true, "generated");
  out.push_back(',');
  AppendField(out, "string", true, "comment");
  out.push_back(',');
  AppendField(out, "string", true, "defaultValueExpression");
  out.append(
      R"(,{"type":"array","items":{"type":"string","optional":false},"optional":true,)"
      R"("field":"enumValues"}],"optional":false,"name":"io.debezium.connector.schema.Column",)"
      R"("version":1},"optional":false,"field":"columns"},)");
  AppendField(out, "string", true, "comment");
  out.append(R"(],"optional":true,"name":"io.debezium.connector.schema.Table","version":1,)"
             R"("field":"table"}],"optional":false,"name":"io.debezium.connector.schema.Change",)"
             R"("version":1})");
}

}  // namespace

void AppendSourceJson(std::string& out, std::string_view version, std::string_view connector,
                      std::string_view topic_prefix, std::string_view db, std::string_view table,
                      const SourceInfo& src) {
  out.append("{\"version\":");
  AppendJsonString(out, version);
  out.append(",\"connector\":");
  AppendJsonString(out, connector);
  out.append(",\"name\":");
  AppendJsonString(out, topic_prefix);
  out.append(",\"ts_ms\":");
  AppendJsonInt(out, src.ts_ms);
  out.append(",\"snapshot\":");
  AppendJsonString(out, src.snapshot);
  out.append(",\"db\":");
  AppendJsonString(out, db);
  out.append(",\"sequence\":null,\"ts_us\":");
  AppendJsonInt(out, src.ts_ms * 1000);
  out.append(",\"ts_ns\":");
  AppendJsonInt(out, src.ts_ms * 1000000);
  out.append(",\"table\":");
  AppendOptionalString(out, table);
  out.append(",\"server_id\":");
  AppendJsonUint(out, src.server_id);
  out.append(",\"gtid\":");
  AppendOptionalString(out, src.gtid);
  out.append(",\"file\":");
  AppendJsonString(out, src.file);
  out.append(",\"pos\":");
  AppendJsonUint(out, src.pos);
  out.append(",\"row\":");
  AppendJsonUint(out, src.row);
  out.append(",\"thread\":");
  if (src.thread) {
    AppendJsonUint(out, *src.thread);
  } else {
    out.append("null");
  }
  out.append(",\"query\":");
  AppendOptionalString(out, src.query);
  out.push_back('}');
}

void AppendSchemaChangeKey(std::string& out, const SchemaChangeEvent& e) {
  out.append("{\"databaseName\":");
  AppendJsonString(out, e.database);
  out.push_back('}');
}

void AppendSchemaChangeValue(std::string& out, const SchemaChangeEvent& e,
                             const ConnectSchemaOptions& o, bool include_comments) {
  out.append("{\"source\":");
  AppendSourceJson(out, e.version.empty() ? std::string_view("0.1.0") : e.version, o.connector,
                   o.topic_prefix, e.database, e.source_table, e.source);
  out.append(",\"ts_ms\":");
  AppendJsonInt(out, e.now_ns / 1000000);
  out.append(",\"databaseName\":");
  AppendJsonString(out, e.database);
  // MySQL and MariaDB have no schemas inside a database.
  out.append(",\"schemaName\":null,\"ddl\":");
  AppendJsonString(out, e.ddl);
  out.append(",\"tableChanges\":[");
  for (size_t i = 0; i < e.changes.size(); ++i) {
    if (i > 0) out.push_back(',');
    schema::AppendTableChangeJson(out, e.changes[i].first, e.changes[i].second.get(),
                                  include_comments, schema::TableChangeFormat::kConnect);
  }
  out.append("]}");
}

std::string SchemaChangeKeySchemaJson(const ConnectSchemaOptions& o) {
  std::string out = R"({"type":"struct","fields":[)";
  AppendField(out, "string", false, "databaseName");
  out.append(R"(],"optional":false,"name":)");
  AppendJsonString(out, fmt::format("io.debezium.connector.{}.SchemaChangeKey", o.connector));
  out.append(R"(,"version":1})");
  return out;
}

std::string SchemaChangeValueSchemaJson(const ConnectSchemaOptions& o) {
  std::string out = R"({"type":"struct","fields":[)";
  AppendSourceFieldSchema(out, o);
  out.push_back(',');
  AppendField(out, "int64", false, "ts_ms");
  out.push_back(',');
  AppendField(out, "string", true, "databaseName");
  out.push_back(',');
  AppendField(out, "string", true, "schemaName");
  out.push_back(',');
  AppendField(out, "string", true, "ddl");
  out.append(R"(,{"type":"array","items":)");
  AppendChangeSchema(out);
  out.append(R"(,"optional":false,"field":"tableChanges"}],"optional":false,"name":)");
  AppendJsonString(out, fmt::format("io.debezium.connector.{}.SchemaChangeValue", o.connector));
  out.append(R"(,"version":1})");
  return out;
}

}  // namespace rowcast::format
