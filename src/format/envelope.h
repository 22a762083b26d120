// Debezium change events: topic, key and value envelope (before/after/source/op/ts_ms) of one
// row change, written as JSON without an embedded schema (value.converter.schemas.enable=false).
// With schemas enabled, keys and values are wrapped as Kafka Connect's JsonConverter does:
// {"schema": <Connect schema, built once per table version>, "payload": <the JSON>}.
// One EnvelopeWriter per pipeline thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "binlog/cell.h"
#include "binlog/table_map.h"
#include "common/status.h"
#include "format/value_options.h"
#include "schema/schema.h"

namespace re2 {
class RE2;
}

namespace rowcast::format {

struct SchemaChangeEvent;

enum class Op : char { kCreate = 'c', kUpdate = 'u', kDelete = 'd', kRead = 'r' };

struct ColumnRule {
  int length = 0;
  std::vector<std::string> patterns;  // anchored regexes over "db.table.column"
};

// message.key.columns: tables whose `db.table` fully matches `table_pattern` are keyed by
// `columns` (those the table has, in this order) instead of their primary key.
struct KeyColumnsRule {
  std::string table_pattern;
  std::vector<std::string> columns;
};

struct EnvelopeOptions {
  std::string version = "0.1.0";
  std::string connector = "mysql";  // "mysql" or "mariadb"
  std::string topic_prefix;
  ValueOptions values;
  std::vector<std::string> column_include;  // anchored regexes over "db.table.column"
  std::vector<std::string> column_exclude;
  std::vector<ColumnRule> column_truncate;  // column.truncate.to.N.chars
  std::vector<ColumnRule> column_mask;      // column.mask.with.N.chars
  std::vector<KeyColumnsRule> key_columns;  // message.key.columns, first match wins
  bool key_schemas = false;                 // key.converter.schemas.enable
  bool value_schemas = false;               // value.converter.schemas.enable
  bool include_schema_comments = false;
};

// Where a change came from: the `source` block.
struct SourceInfo {
  int64_t ts_ms = 0;  // when the change was made (binlog event time)
  uint32_t server_id = 0;
  std::string_view gtid;  // empty = null
  std::string_view file;
  uint64_t pos = 0;
  uint32_t row = 0;
  std::optional<uint64_t> thread;
  std::string_view query;  // empty = null
  std::string_view snapshot = "false";
};

class EnvelopeWriter {
 public:
  [[nodiscard]] static StatusOr<std::unique_ptr<EnvelopeWriter>> Create(EnvelopeOptions options);
  ~EnvelopeWriter();

  // "<topic.prefix>.<db>.<table>"
  std::string Topic(const binlog::TableMap& table) const;

  // The table that the next AppendKey/AppendValue calls format: its table map (completed from
  // the schema) and its schema (for Connect schemas; may be null without schemas enabled).
  void SetTable(const binlog::TableMap& table, const std::shared_ptr<const schema::Table>& schema);

  // The key: an object of the key columns (message.key.columns, else the primary key), or
  // "null" when the table has none.
  [[nodiscard]] Status AppendKey(std::string& out, const binlog::TableMap& table,
                                 const std::vector<binlog::Cell>& row);
  // The key's fields alone, without a schema wrapper even when key schemas are enabled: what
  // Kafka Connect's SimpleHeaderConverter writes for a key struct (the PK-change headers).
  [[nodiscard]] Status AppendKeyPayload(std::string& out, const binlog::TableMap& table,
                                        const std::vector<binlog::Cell>& row);
  // The value envelope. `before`/`after` may be empty vectors for c/d.
  [[nodiscard]] Status AppendValue(std::string& out, const binlog::TableMap& table, Op op,
                                   const std::vector<binlog::Cell>& before,
                                   const std::vector<binlog::Cell>& after, const SourceInfo& source,
                                   int64_t now_ns);

  // A schema change event on the topic <topic.prefix>: key and value.
  [[nodiscard]] Status AppendSchemaChange(std::string& key, std::string& value,
                                          const SchemaChangeEvent& event);

 private:
  struct ColumnPlan {
    bool included = true;
    int truncate = -1;  // characters, -1 = keep
    int mask = -1;      // number of '*', -1 = keep
    std::string key;    // the rendered member name: "name":
    std::string name;
  };
  struct TablePlan {
    std::vector<ColumnPlan> columns;
    std::shared_ptr<const schema::Table> schema;  // pinned: compared by identity
    std::vector<uint32_t> key;                    // key column indexes; empty = no key
    std::string key_schema;                       // Connect schema JSON, when enabled
    std::string value_schema;
  };

  explicit EnvelopeWriter(EnvelopeOptions options);
  // The plan of `table` (its schema, or derived from the table map when null), built once.
  const TablePlan& PlanFor(const binlog::TableMap& table,
                           const std::shared_ptr<const schema::Table>& schema);
  // The plan of the table set by SetTable, or PlanFor(table, nullptr).
  const TablePlan& PlanOf(const binlog::TableMap& table);
  const TablePlan* current_plan_ = nullptr;
  const binlog::TableMap* current_map_ = nullptr;
  std::string change_key_schema_, change_value_schema_;
  Status AppendRow(std::string& out, const binlog::TableMap& table, const TablePlan& plan,
                   const std::vector<binlog::Cell>& row);
  Status AppendKeyFields(std::string& out, const binlog::TableMap& table, const TablePlan& plan,
                         const std::vector<binlog::Cell>& row);
  void RenderSource(const binlog::TableMap& table, const SourceInfo& src);

  // What the last rendered source block was made of (compared by content: callers reuse their
  // buffers across events).
  struct SourceKey {
    int64_t ts_ms = 0;
    uint32_t server_id = 0;
    uint64_t pos = 0;
    std::optional<uint64_t> thread;
    std::string db, table, gtid, file, query, snapshot;
    bool Matches(const binlog::TableMap& t, const SourceInfo& s) const {
      return ts_ms == s.ts_ms && server_id == s.server_id && pos == s.pos && thread == s.thread &&
             gtid == s.gtid && file == s.file && table == t.table && db == t.db &&
             snapshot == s.snapshot && query == s.query;
    }
  };
  SourceKey source_key_;
  std::string source_prefix_, source_suffix_;

  EnvelopeOptions options_;
  struct Rule {
    int length;
    std::unique_ptr<re2::RE2> re;
  };
  std::vector<std::unique_ptr<re2::RE2>> include_, exclude_;
  std::vector<Rule> truncate_, mask_;
  struct KeyRule {
    std::unique_ptr<re2::RE2> table;
    std::vector<std::string> columns;
  };
  std::vector<KeyRule> key_rules_;
  std::unordered_map<std::string, TablePlan> plans_;
  std::string scratch_;
};

}  // namespace rowcast::format
