// Reading ZIP archives in memory with libzip: the central directory, then one entry at a
// time, with every byte that comes out of the decompressor counted.
//
// Banks and EBICS deliver statement files zipped. Only what such archives use is read:
// stored (method 0) and deflated (method 8) entries, no encryption. libzip checks the
// records, that each local header agrees with its directory record (ZIP_CHECKCONS), the
// sizes and the CRC-32; this reader adds the limits against decompression bombs, which
// count the bytes actually inflated and never trust a declared size. Nothing is written
// anywhere, so entry paths ("../x") cannot escape; they are names.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/zip/inflate_budget.hpp"
#include "recon/error.hpp"

struct zip;  // libzip's archive handle

namespace recon::zip {

struct ZipLimits {
  size_t entries_max = 1000;  // records in the central directory, directories included (archive_entries_max)
  // Inflated / compressed bytes, of each entry and of the archive as a whole (archive_ratio_max):
  // counted as the bytes come out, so that small entries and entries that share their
  // compressed bytes (overlapping records) are held to it too.
  uint64_t ratio_max = 100;
  uint64_t member_bytes_max = 256u << 20;  // one entry inflated (ParseOptions::file_bytes_max)
};

struct ZipEntry {
  uint64_t index = 0;
  std::string name;      // for messages: bytes that are not UTF-8 shown as '?'
  std::string raw_name;  // as stored
  uint16_t method = 0;
  bool encrypted = false;
  uint32_t crc32 = 0;
  uint64_t compressed_size = 0;  // declared
  uint64_t declared_size = 0;    // declared: used to refuse early, never to trust

  bool is_directory() const { return !raw_name.empty() && raw_name.back() == '/'; }
};

// True when the bytes start like a ZIP archive: a local file header, or the end record
// of an empty archive.
bool LooksLikeZip(std::string_view bytes);

// One archive held in memory (the bytes must outlive it). Not thread-safe; one per parse.
class ZipArchive {
 public:
  // Opens the archive and reads its directory. Errors: kMalformedFile (not a readable
  // archive: the message says what, in libzip's words where ours would say no more; two
  // entries of one name, located at "entry 'NAME'"),
  // kLimitExceeded (more entries than limits.entries_max, naming archive_entries_max).
  static Result<ZipArchive> Open(std::string_view bytes, const ZipLimits& limits);

  ZipArchive(ZipArchive&&) noexcept;
  ZipArchive& operator=(ZipArchive&&) noexcept;
  ~ZipArchive();

  // In central-directory order.
  const std::vector<ZipEntry>& entries() const { return entries_; }

  // The uncompressed bytes of one entry, CRC-32 checked, each inflated byte counted
  // against `budget` and this archive's ratio. Errors, located at "entry 'NAME'":
  // kMalformedFile (encrypted, a method other than stored or deflated, damaged data, more
  // bytes than declared), kLimitExceeded (the budget, archive_ratio_max for the entry or
  // the archive, the member size; each message names the setting).
  Result<std::string> Extract(const ZipEntry& entry, InflateBudget& budget);

  // Bytes inflated from this archive so far.
  uint64_t inflated() const { return inflated_; }

 private:
  struct Closer {
    void operator()(::zip* archive) const;
  };
  ZipArchive(std::unique_ptr<::zip, Closer> handle, size_t bytes, const ZipLimits& limits)
      : handle_(std::move(handle)), bytes_(bytes), limits_(limits) {}

  std::unique_ptr<::zip, Closer> handle_;
  size_t bytes_ = 0;
  ZipLimits limits_;
  std::vector<ZipEntry> entries_;
  uint64_t inflated_ = 0;
};

}  // namespace recon::zip
