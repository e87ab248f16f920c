// The decompression budget of one parse: every byte any archive of the upload inflates,
// at any depth of nesting, is counted here as it comes out of the decompressor. Declared
// sizes are never trusted for it: a hostile archive declares what it likes.
#pragma once

#include <cstdint>

namespace recon::zip {

class InflateBudget {
 public:
  explicit InflateBudget(uint64_t bytes_max) : bytes_max_(bytes_max) {}

  // Counts `bytes` more; false when the total is now beyond bytes_max().
  bool Spend(uint64_t bytes) {
    spent_ += bytes;
    return spent_ <= bytes_max_;
  }
  // What may still be inflated.
  uint64_t left() const { return spent_ >= bytes_max_ ? 0 : bytes_max_ - spent_; }
  uint64_t spent() const { return spent_; }
  uint64_t bytes_max() const { return bytes_max_; }

 private:
  uint64_t bytes_max_;
  uint64_t spent_ = 0;
};

}  // namespace recon::zip
