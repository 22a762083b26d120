// Where producers of records (the change processor, snapshot readers) hand them over: the
// connector task implements it by sending each record to the sink and tracking its offset.
#pragma once

#include <optional>

#include "common/status.h"
#include "offsets/offset.h"
#include "sinks/sink.h"

namespace rowcast::sinks {

class RecordOutput {
 public:
  virtual ~RecordOutput() = default;
  // One record; `offset` is where to resume after it, or nullopt when the record is not a point
  // to resume from (a delete before its tombstone, a snapshot row inside a chunk).
  [[nodiscard]] virtual Status Emit(Record record, std::optional<offsets::OffsetRef> offset) = 0;
  // A position reached without a record (a transaction ended, a snapshot chunk completed).
  virtual void Advance(offsets::OffsetRef offset) = 0;
};

}  // namespace rowcast::sinks
