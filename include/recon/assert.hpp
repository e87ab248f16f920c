// RECON_ASSERT(condition, what): an invariant that only a programmer error can break, checked
// where money moves (TigerBeetle's way): a failed one names `what`, the condition and the
// place on stderr and aborts, before a wrong amount is written.
//
// Checked in debug and sanitizer builds (NDEBUG not defined), as <cassert> is; a release build
// compiles the condition out but still sees its names, so a variable kept only for an
// assertion does not warn there. User input must never be able to make one fail: bad input is
// an Error, not an assertion.
#pragma once

namespace recon {

// Writes "assertion failed: <what> (<condition>) at <file>:<line>" to stderr and aborts.
[[noreturn]] void AssertionFailed(const char* condition, const char* what, const char* file, int line);

}  // namespace recon

#ifdef NDEBUG
#define RECON_ASSERT(condition, what) static_cast<void>(sizeof((condition) ? 1 : 0))
#else
#define RECON_ASSERT(condition, what) \
  ((condition) ? static_cast<void>(0) : ::recon::AssertionFailed(#condition, what, __FILE__, __LINE__))
#endif
