// Debezium-compatible binlog offsets and the tracker that decides which offset may be committed.
//
// An offset points at the start of the transaction in progress (file/pos, and the GTIDs
// completed before it) plus how many of its events and rows were already emitted, so a restart
// mid-transaction repeats nothing that was committed and loses nothing.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace rowcast::offsets {

struct BinlogOffset {
  std::string file;
  uint64_t pos = 0;
  std::string gtids;   // MariaDB position or MySQL set, completed before this transaction
  uint64_t event = 0;  // events of the transaction already processed
  uint64_t row = 0;    // rows of the next event already emitted
  int64_t ts_sec = 0;
  uint32_t server_id = 0;
  // rowcast's own: schema history records written when this offset was reached, so that a
  // truncated history is detected on restart. Absent (0) without a history.
  uint64_t history_records = 0;
  // Debezium's "snapshot": true while the initial snapshot is not complete (a Debezium connector
  // given this offset takes the snapshot again).
  bool snapshot = false;
  // rowcast's own: the snapshot work not yet done (JSON object, see snapshot/progress.h), kept
  // while an initial or incremental snapshot is in progress so that a restart resumes it from
  // its last completed chunk. Empty when none is in progress.
  std::string snapshot_progress;

  bool operator==(const BinlogOffset&) const = default;
};

// {"file":...,"pos":...,"gtids":...,"event":...,"row":...,"ts_sec":...,"server_id":...,
//  "history_records":...,"snapshot":true,"rowcast_snapshot":{...}}
std::string OffsetToJson(const BinlogOffset& offset);
[[nodiscard]] StatusOr<BinlogOffset> OffsetFromJson(std::string_view json);

// Where a connector's offset is kept: a file (standalone) or a Kafka topic in Kafka Connect's
// format (sinks/kafka/offset_store.h).
class OffsetStore {
 public:
  virtual ~OffsetStore() = default;
  // The stored offset, or nullopt when there is none.
  [[nodiscard]] virtual StatusOr<std::optional<BinlogOffset>> Load() = 0;
  // Stores `offset` durably before returning.
  [[nodiscard]] virtual Status Save(const BinlogOffset& offset) = 0;
  // Forgets the offset: the next start begins as if there had never been one.
  [[nodiscard]] virtual Status Reset() = 0;
  // For messages: "the offset file X", "key K in topic T".
  virtual std::string where() const = 0;
  // What to do to make rowcast forget the offset, as a sentence fragment ("delete the offset
  // file X").
  virtual std::string reset_hint() const = 0;
};

// Offsets of one connector in a file, written tmp + fsync + rename + fsync(dir):
// {"partition":{"server":"<topic.prefix>"},"offset":{...}}
class FileOffsetStore final : public OffsetStore {
 public:
  FileOffsetStore(std::string dir, std::string connector_name, std::string server);

  [[nodiscard]] StatusOr<std::optional<BinlogOffset>> Load() override;
  [[nodiscard]] Status Save(const BinlogOffset& offset) override;
  [[nodiscard]] Status Reset() override;
  std::string where() const override { return "the offset file " + path_; }
  std::string reset_hint() const override { return "delete the offset file " + path_; }
  const std::string& path() const { return path_; }

 private:
  std::string dir_;
  std::string path_;
  std::string server_;
};

// A position inside a transaction without copying its strings per record: `base` is shared by
// every record of the transaction (file, pos, gtids, ts_sec, server_id); event/row say how far.
struct OffsetRef {
  std::shared_ptr<const BinlogOffset> base;
  uint64_t event = 0;
  uint64_t row = 0;

  BinlogOffset Materialize() const {
    BinlogOffset o = *base;
    o.event = event;
    o.row = row;
    return o;
  }
};

// Orders offsets by record sequence: an offset becomes committable once its record and every
// record before it are acknowledged. Track() and Advance() are called by the pipeline thread,
// Ack() by any thread.
class OffsetTracker {
 public:
  // A record with sequence `seq`; `offset` is the position to resume from after it, or nullopt
  // when the record is not the last one derived from its row (a delete before its tombstone).
  void Track(uint64_t seq, std::optional<OffsetRef> offset);
  // A position reached without a record (a filtered or empty transaction committed).
  void Advance(OffsetRef offset);
  void Ack(uint64_t seq);
  // The newest offset whose records are all acknowledged, if it changed since the last call.
  std::optional<BinlogOffset> TakeCommittable();
  // The newest offset of all records tracked so far, acknowledged or not, if it changed since
  // the last call (exactly-once: the offset that goes into the transaction of those records).
  std::optional<BinlogOffset> TakeLatest();
  size_t in_flight() const;

 private:
  struct Entry {
    uint64_t seq;  // Advance() markers: the seq of the record before them
    bool acked;
    std::optional<OffsetRef> offset;
  };
  mutable std::mutex mu_;
  std::deque<Entry> entries_;
  std::optional<OffsetRef> committable_;
  bool changed_ = false;
  std::optional<OffsetRef> latest_;  // of the newest Track/Advance with an offset
  uint64_t last_seq_ = 0;
  bool latest_changed_ = false;
  void Drain();
};

}  // namespace rowcast::offsets
