// Reading ZIP archives in memory: the central directory, then one entry at a time.
//
// Banks and EBICS deliver statement files zipped. Only what such archives use is read:
// stored (method 0) and deflated (method 8) entries, no encryption, no ZIP64, one disk.
// Nothing is written anywhere, so entry paths ("../x") cannot escape; they are names.
// Every size comes from the archive, so every size is checked before it is trusted.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "recon/error.hpp"

namespace recon::zip {

struct ZipLimits {
  size_t entries_max = 1000;  // records in the central directory, directories included
  // Uncompressed bytes of all entries together, declared and actual (the zip-bomb guard
  // in absolute terms). The registry passes ParseOptions::file_bytes_max.
  size_t uncompressed_bytes_max = 256u << 20;
  // Uncompressed / compressed size of one entry larger than ratio_floor_bytes (the
  // zip-bomb guard in relative terms). Statement XML compresses 10-30 times; deflate
  // cannot exceed about 1032.
  size_t ratio_max = 200;
  size_t ratio_floor_bytes = 1u << 20;
};

struct ZipEntry {
  std::string name;  // as stored; bytes that are not UTF-8 shown as '?'
  uint16_t flags = 0;
  uint16_t method = 0;
  uint32_t crc32 = 0;
  uint64_t compressed_size = 0;
  uint64_t uncompressed_size = 0;
  uint64_t local_header_offset = 0;

  bool is_directory() const { return !name.empty() && name.back() == '/'; }
};

// True when the bytes start like a ZIP archive: a local file header, or the end record
// of an empty archive.
bool LooksLikeZip(std::string_view bytes);

// The entries of the archive, in central-directory order. Checks the end record, every
// directory record and that the declared sizes stay within `limits`. Errors:
// kMalformedFile (not a readable archive; the message says what and where),
// kLimitExceeded (too many entries, too much data, a ratio that looks like a zip bomb).
Result<std::vector<ZipEntry>> ReadCentralDirectory(std::string_view archive, const ZipLimits& limits);

// The uncompressed bytes of one entry, its CRC-32 checked. Never produces more than the
// entry's declared size. Errors: kMalformedFile (encrypted, unknown method, damaged
// data, a local header that disagrees), naming the entry.
Result<std::string> ExtractEntry(std::string_view archive, const ZipEntry& entry);

}  // namespace recon::zip
