// The offset a consumer may commit for one partition: the first offset whose record is not
// done yet — the contiguous completed prefix (Knative's OffsetManager, knative-cloudevents.md
// §6.11) — so a record finished out of order never lets a commit skip one still pending.
// Offsets never handed out (transaction markers, compacted records) count as done: the tracker
// only knows the offsets it was given, plus the consumer position after them.
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <optional>
#include <utility>

namespace rowcast::dispatch {

class OffsetTracker {
 public:
  // A record at `offset` was handed out; offsets increase (older ones are ignored, as after a
  // seek back they are already tracked).
  void Started(int64_t offset) {
    if (offset < next_) return;
    pending_.emplace_back(offset, false);
    ++undone_;
    next_ = offset + 1;
  }
  // The record at `offset` is done (delivered, dead-lettered, dropped or skipped).
  void Completed(int64_t offset) {
    auto it = std::lower_bound(pending_.begin(), pending_.end(), offset,
                               [](const auto& p, int64_t o) { return p.first < o; });
    if (it != pending_.end() && it->first == offset && !it->second) {
      it->second = true;
      --undone_;
    }
    while (!pending_.empty() && pending_.front().second) pending_.pop_front();
  }
  // The consumer's position moved to `position` (the next offset it will hand out), past
  // offsets that are no records: control records of transactions at the end of a partition.
  void Position(int64_t position) { next_ = std::max(next_, position); }

  // The offset to commit, or nullopt when nothing was handed out yet.
  std::optional<int64_t> Committable() const {
    if (!pending_.empty()) return pending_.front().first;
    if (next_ < 0) return std::nullopt;
    return next_;
  }
  // Records handed out and not done.
  size_t pending() const { return undone_; }
  bool idle() const { return pending_.empty(); }

 private:
  std::deque<std::pair<int64_t, bool>> pending_;  // offset, done; increasing offsets
  size_t undone_ = 0;
  int64_t next_ = -1;  // one past the last offset handed out
};

}  // namespace rowcast::dispatch
