#include "recon/assert.hpp"

#include <cstdio>
#include <cstdlib>

namespace recon {

void AssertionFailed(const char* condition, const char* what, const char* file, int line) {
  std::fprintf(stderr, "assertion failed: %s (%s) at %s:%d\n", what, condition, file, line);
  std::fflush(stderr);
  std::abort();
}

}  // namespace recon
