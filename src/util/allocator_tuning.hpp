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

// Hands the freed memory of every arena back to the kernel, the part KeepFreedMemoryForReuse
// keeps included. glibc gives threads arenas of their own: what an upload's threads freed
// stays resident in theirs and is not reused by the threads of a later reconcile run, whose
// peak (a million lines and items: the snapshot, the matcher's index, the decisions) then
// sits on top of it. A run calls this before it loads its snapshot.
inline void ReturnFreedMemory() { malloc_trim(0); }

}  // namespace recon::util
