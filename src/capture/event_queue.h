// A queue of raw binlog events between the socket reader and the pipeline, bounded in events
// (max.queue.size) and, when set, in bytes (max.queue.size.in.bytes), so a slow sink slows the
// reader instead of growing memory. One producer, one consumer.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <string>

#include "common/status.h"

namespace rowcast::capture {

struct QueueItem {
  std::string event;  // one whole binlog event
  Status error;       // set on the last item when the reader stopped
  bool end = false;   // the reader stopped (error or EOF)
};

class EventQueue {
 public:
  // max_bytes 0 = no byte bound. One event is always accepted into an empty queue, whatever its
  // size.
  EventQueue(size_t max_items, size_t max_bytes) : max_items_(max_items), max_bytes_(max_bytes) {}

  // Blocks while the queue is full, unless closed; returns false when closed.
  bool Push(QueueItem item) {
    std::unique_lock lock(mu_);
    not_full_.wait(lock, [&] {
      return closed_ || items_.empty() ||
             (items_.size() < max_items_ && (max_bytes_ == 0 || bytes_ < max_bytes_));
    });
    if (closed_) return false;
    bytes_ += item.event.size();
    items_.push_back(std::move(item));
    not_empty_.notify_one();
    return true;
  }

  // Waits up to `timeout` for an item.
  std::optional<QueueItem> Pop(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mu_);
    if (!not_empty_.wait_for(lock, timeout, [&] { return !items_.empty(); })) return std::nullopt;
    QueueItem item = std::move(items_.front());
    items_.pop_front();
    bytes_ -= item.event.size();
    not_full_.notify_one();
    return item;
  }

  // Wakes and refuses the producer; used when the consumer stops.
  void Close() {
    std::lock_guard lock(mu_);
    closed_ = true;
    not_full_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable not_empty_, not_full_;
  std::deque<QueueItem> items_;
  size_t bytes_ = 0;
  size_t max_items_;
  size_t max_bytes_;
  bool closed_ = false;
};

}  // namespace rowcast::capture
