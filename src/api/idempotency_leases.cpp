#include "api/idempotency_leases.hpp"

#include <spdlog/spdlog.h>

#include <vector>

namespace recon::api {

IdempotencyLeases::~IdempotencyLeases() { Stop(); }

void IdempotencyLeases::Start() {
  std::lock_guard lock(mu_);
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void IdempotencyLeases::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

IdempotencyLeases::Hold IdempotencyLeases::Track(storage::HeldKey key) {
  std::lock_guard lock(mu_);
  const uint64_t id = ++next_id_;
  held_.emplace(id, std::move(key));
  return Hold(this, id);
}

IdempotencyLeases::Hold::~Hold() {
  if (!owner_) return;
  std::lock_guard lock(owner_->mu_);
  owner_->held_.erase(id_);
}

void IdempotencyLeases::Loop() {
  const auto every = std::chrono::duration_cast<std::chrono::milliseconds>(store_.settings().lease) / 3;
  std::unique_lock lock(mu_);
  while (!cv_.wait_for(lock, every, [this] { return stopping_; })) {
    std::vector<storage::HeldKey> keys;
    keys.reserve(held_.size());
    for (const auto& [id, key] : held_) keys.push_back(key);
    if (keys.empty()) continue;
    lock.unlock();
    if (Status s = store_.Renew(keys); !s) spdlog::warn("Idempotency-Key leases not renewed: {}", s.error().message);
    lock.lock();
  }
}

}  // namespace recon::api
