// The schema history: every schema-changing statement rowcast has applied, with the binlog
// position it came from, so that a restart can rebuild the schemas that were valid at the
// stored offset. Stored in Debezium's history record format, one JSON document per line:
//   {"source":{"server":...},"position":{...offset...},"ts_ms":...,"databaseName":...,
//    "ddl":...,"tableChanges":[...]}
// Appends are synchronous (write + fdatasync) so that an offset is never committed past a
// schema change the history does not hold.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"

namespace rowcast::schema {

struct HistoryPosition {
  std::string file;
  uint64_t pos = 0;   // start of the transaction holding the statement
  std::string gtids;  // GTID state before that transaction ("" without GTIDs)
  std::string gtid;   // the statement's own GTID ("" without GTIDs)
  uint32_t server_id = 0;
  int64_t ts_sec = 0;
  bool snapshot = false;  // read from the server at start, not from the binlog
};

struct HistoryRecord {
  HistoryPosition position;
  int64_t ts_ms = 0;
  std::string database;  // the statement's database context ("" = none)
  std::string ddl;
  std::string table_changes;  // the tableChanges JSON array, as written ("[]" when none)
};

// The JSON line of a record (without the newline).
std::string HistoryRecordToJson(const HistoryRecord& r, std::string_view server);
[[nodiscard]] StatusOr<HistoryRecord> HistoryRecordFromJson(std::string_view line);

// Where the history is kept: a file, or a Kafka topic (sinks/kafka/history_store.h).
class SchemaHistory {
 public:
  virtual ~SchemaHistory() = default;
  // For messages: a file path, "topic T".
  virtual std::string where() const = 0;
  // The history holds records.
  virtual bool Exists() = 0;
  // Every record in order. DataLoss naming where when a record is torn or not a history record
  // (the history cannot be trusted then).
  [[nodiscard]] virtual StatusOr<std::vector<HistoryRecord>> ReadAll() = 0;
  // Appends records durably.
  [[nodiscard]] virtual Status Append(const std::vector<HistoryRecord>& records) = 0;
  // Makes `records` the history: a new snapshot of the schemas, or the history cut back to a
  // resume point. A store that cannot drop records (Kafka) appends a new snapshot after the
  // old records, which replay then starts over from, and keeps records past a resume point,
  // which replay skips by position.
  [[nodiscard]] virtual Status Rewrite(const std::vector<HistoryRecord>& records) = 0;
  // Records in the history (known after ReadAll, Append or Rewrite).
  virtual uint64_t record_count() const = 0;
};

class FileSchemaHistory final : public SchemaHistory {
 public:
  FileSchemaHistory(std::string path, std::string server);
  ~FileSchemaHistory() override;
  FileSchemaHistory(const FileSchemaHistory&) = delete;
  FileSchemaHistory& operator=(const FileSchemaHistory&) = delete;

  const std::string& path() const { return path_; }
  std::string where() const override { return path_; }
  bool Exists() override;
  // Creates the file (and its directory) when missing; write + fdatasync.
  [[nodiscard]] StatusOr<std::vector<HistoryRecord>> ReadAll() override;
  [[nodiscard]] Status Append(const std::vector<HistoryRecord>& records) override;
  // tmp + fsync + rename.
  [[nodiscard]] Status Rewrite(const std::vector<HistoryRecord>& records) override;
  uint64_t record_count() const override { return count_; }

 private:
  std::string path_;
  std::string server_;
  int fd_ = -1;
  mutable uint64_t count_ = 0;
};

}  // namespace rowcast::schema
