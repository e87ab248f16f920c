// Keeps the leases of this process's Idempotency-Key claims alive while their requests run:
// one thread renews them all, every third of the lease, in one statement. A process that
// dies stops renewing, and a retry may claim the key once the lease has run out.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <thread>

#include "storage/idempotency_store.hpp"

namespace recon::api {

class IdempotencyLeases {
 public:
  explicit IdempotencyLeases(storage::IdempotencyStore& store) : store_(store) {}
  ~IdempotencyLeases();
  IdempotencyLeases(const IdempotencyLeases&) = delete;
  IdempotencyLeases& operator=(const IdempotencyLeases&) = delete;

  // Starts the renewing thread (`recond serve`); without it a claim keeps its first lease.
  void Start();
  void Stop();

  // A held key, renewed while this lives. Thread-safe.
  class Hold {
   public:
    Hold(Hold&& other) noexcept : owner_(other.owner_), id_(other.id_) { other.owner_ = nullptr; }
    Hold& operator=(Hold&&) = delete;
    ~Hold();

   private:
    friend class IdempotencyLeases;
    Hold(IdempotencyLeases* owner, uint64_t id) : owner_(owner), id_(id) {}
    IdempotencyLeases* owner_;
    uint64_t id_;
  };
  [[nodiscard]] Hold Track(storage::HeldKey key);

 private:
  void Loop();

  storage::IdempotencyStore& store_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  uint64_t next_id_ = 0;
  std::map<uint64_t, storage::HeldKey> held_;
  std::thread thread_;
};

}  // namespace recon::api
