// A queue between one thread that produces values and one that consumes them, holding at
// most a fixed number: the producer waits for room, so memory stays bounded however much
// passes through (the upload's formatted COPY chunks, storage/statement_new_lines.cpp).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <utility>

namespace recon::util {

template <class T>
class BoundedQueue {
 public:
  explicit BoundedQueue(size_t capacity) : capacity_(capacity < 1 ? 1 : capacity) {}

  // Waits for room; false when the consumer has given up (the value is then dropped).
  bool Push(T value) {
    std::unique_lock lock(mutex_);
    room_.wait(lock, [&] { return values_.size() < capacity_ || abandoned_; });
    if (abandoned_) return false;
    values_.push_back(std::move(value));
    ready_.notify_one();
    return true;
  }

  // No more values will come: Pop answers nullopt once the queue is empty.
  void Close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
    ready_.notify_one();
  }

  // The next value, waiting for one; nullopt once closed and empty.
  std::optional<T> Pop() {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [&] { return !values_.empty() || closed_; });
    if (values_.empty()) return std::nullopt;
    T value = std::move(values_.front());
    values_.pop_front();
    room_.notify_one();
    return value;
  }

  // The consumer takes nothing more: a waiting Push returns false, and so does every later one.
  void Abandon() {
    std::lock_guard lock(mutex_);
    abandoned_ = true;
    values_.clear();
    room_.notify_one();
  }

 private:
  const size_t capacity_;
  std::mutex mutex_;
  std::condition_variable room_, ready_;
  std::deque<T> values_;
  bool closed_ = false;
  bool abandoned_ = false;
};

}  // namespace recon::util
