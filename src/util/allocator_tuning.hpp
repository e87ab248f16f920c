// How the process's allocator treats the large, short-lived memory of parsing uploads.
#pragma once

#include <malloc.h>

#include <cstddef>

namespace recon::util {

// glibc hands allocations above its mmap threshold (adjusted at run time up to 32 MiB) to
// fresh mmap()ed memory and returns freed heap above 128 KiB to the kernel; a parse of a
// large statement file then spends a quarter of its time being given zeroed pages (see
// docs/parsers/performance.md). A server parses such files again and again: keep up to
// kKeptFreeBytes of freed memory for the next one instead, and serve everything below the
// largest threshold glibc allows from that reusable heap.
inline constexpr size_t kMmapThresholdBytes = size_t{32} << 20;  // glibc's maximum on 64-bit
inline constexpr size_t kKeptFreeBytes = size_t{256} << 20;

inline void KeepFreedMemoryForReuse() {
  mallopt(M_MMAP_THRESHOLD, static_cast<int>(kMmapThresholdBytes));
  mallopt(M_TRIM_THRESHOLD, static_cast<int>(kKeptFreeBytes));
}

}  // namespace recon::util
