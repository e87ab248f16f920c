#include "parsers/zip/zip_archive.hpp"

#include <zip.h>

#include <algorithm>
#include <unordered_map>

namespace recon::zip {
namespace {

// Inflated bytes are read in pieces of this size, so that every limit is checked within
// one piece of where it is crossed.
constexpr size_t kReadBytes = 64u << 10;
// What is reserved for an entry before reading it, at most: its declared size is a claim.
constexpr uint64_t kReserveBytesMax = 16u << 20;

Error Malformed(std::string message, std::string location = {}) {
  return MakeError(ErrorCode::kMalformedFile, std::move(message), std::move(location));
}

Error Limit(std::string message, std::string location) {
  return MakeError(ErrorCode::kLimitExceeded, std::move(message), std::move(location));
}

std::string EntryPlace(const std::string& name) { return "entry '" + name + "'"; }

// Entry names are for messages only; bytes that are not printable ASCII or UTF-8
// (old archivers write CP437) become '?'.
std::string DisplayName(std::string_view raw) {
  std::string out;
  for (size_t i = 0; i < raw.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(raw[i]);
    if (c >= 0x20 && c < 0x7F) {
      out += static_cast<char>(c);
      continue;
    }
    size_t length = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    bool valid = length > 0 && i + length <= raw.size();
    for (size_t k = 1; valid && k < length; ++k) valid = (static_cast<unsigned char>(raw[i + k]) & 0xC0) == 0x80;
    if (valid) {
      out.append(raw.substr(i, length));
      i += length - 1;
    } else {
      out += '?';
    }
  }
  return out;
}

// libzip's error in the words a person who sent the archive can act on.
std::string Describe(int code, const char* libzip_words) {
  switch (code) {
    case ZIP_ER_NOZIP:
      return "the file is not a readable ZIP archive: it has no end of central directory record (cut short?)";
    case ZIP_ER_INCONS:
      return "the ZIP archive is inconsistent: its directory and its entries disagree, or a record is damaged";
    case ZIP_ER_CRC:
      return "the entry is damaged: its CRC-32 does not match";
    case ZIP_ER_COMPNOTSUPP:
      return "the entry is compressed with a method recond does not read; recond reads stored and deflated entries";
    case ZIP_ER_ENCRNOTSUPP:
    case ZIP_ER_NOPASSWD:
      return "the entry is encrypted; recond reads unencrypted archives";
    case ZIP_ER_MULTIDISK:
      return "the archive spans several disks, which recond does not read";
    case ZIP_ER_EOF:
      return "the ZIP archive is cut short: an entry runs past its end";
    case ZIP_ER_ZLIB:
      return "the entry's compressed data is damaged";
    default:
      return std::string("the ZIP archive cannot be read: ") + libzip_words;
  }
}

Error ArchiveError(zip_error_t& error, std::string location = {}) {
  return Malformed(Describe(zip_error_code_zip(&error), zip_error_strerror(&error)), std::move(location));
}

// A zip_error_t that is always finalised.
struct ScopedError {
  ScopedError() { zip_error_init(&error); }
  ~ScopedError() { zip_error_fini(&error); }
  ScopedError(const ScopedError&) = delete;
  ScopedError& operator=(const ScopedError&) = delete;
  zip_error_t error;
};

struct FileCloser {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};

Result<ZipEntry> ReadEntry(::zip* archive, uint64_t index) {
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat_index(archive, index, ZIP_FL_ENC_RAW, &stat) != 0) {
    return ArchiveError(*zip_get_error(archive), "central directory record " + std::to_string(index + 1));
  }
  ZipEntry entry;
  entry.index = index;
  if ((stat.valid & ZIP_STAT_NAME) != 0 && stat.name != nullptr) entry.raw_name = stat.name;
  entry.name = DisplayName(entry.raw_name);
  entry.method = static_cast<uint16_t>(stat.comp_method);
  entry.encrypted = (stat.valid & ZIP_STAT_ENCRYPTION_METHOD) != 0 && stat.encryption_method != ZIP_EM_NONE;
  entry.crc32 = stat.crc;
  entry.compressed_size = stat.comp_size;
  entry.declared_size = stat.size;
  return entry;
}

// libzip refuses an archive with two entries of one name when it checks consistency, but
// does not say which name: opened again without the check, the directory tells.
Error TwoEntriesOfOneName(std::string_view bytes) {
  const std::string generic =
      "the archive holds two entries of one name; recond cannot tell whether the second replaces the first or adds "
      "to it";
  ScopedError error;
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error.error);
  if (source == nullptr) return Malformed(generic);
  ::zip* handle = zip_open_from_source(source, ZIP_RDONLY, &error.error);
  if (handle == nullptr) {
    zip_source_free(source);
    return Malformed(generic);
  }
  std::unordered_map<std::string, uint64_t> seen;
  Error result = Malformed(generic);
  const zip_int64_t count = zip_get_num_entries(handle, 0);
  for (zip_int64_t i = 0; i < count; ++i) {
    const char* raw = zip_get_name(handle, static_cast<uint64_t>(i), ZIP_FL_ENC_RAW);
    if (raw == nullptr) continue;
    const auto [at, inserted] = seen.emplace(raw, static_cast<uint64_t>(i));
    if (inserted) continue;
    const std::string name = DisplayName(raw);
    result = Malformed("the archive holds two entries named '" + name + "' (central directory records " +
                           std::to_string(at->second + 1) + " and " + std::to_string(i + 1) +
                           "); recond cannot tell whether the second replaces the first or adds to it",
                       EntryPlace(name));
    break;
  }
  zip_discard(handle);
  return result;
}

}  // namespace

void ZipArchive::Closer::operator()(::zip* archive) const { zip_discard(archive); }

ZipArchive::ZipArchive(ZipArchive&&) noexcept = default;
ZipArchive& ZipArchive::operator=(ZipArchive&&) noexcept = default;
ZipArchive::~ZipArchive() = default;

bool LooksLikeZip(std::string_view bytes) {
  return bytes.starts_with(std::string_view("PK\x03\x04", 4)) || bytes.starts_with(std::string_view("PK\x05\x06", 4));
}

Result<ZipArchive> ZipArchive::Open(std::string_view bytes, const ZipLimits& limits) {
  ScopedError error;
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error.error);
  if (source == nullptr) return MakeError(ErrorCode::kInternal, "libzip could not take the archive's bytes");
  // ZIP_CHECKCONS: every local header must agree with its directory record, so that the
  // bytes inflated are the bytes the directory describes.
  ::zip* handle = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error.error);
  if (handle == nullptr) {
    zip_source_free(source);
    if (zip_error_code_zip(&error.error) == ZIP_ER_EXISTS) return TwoEntriesOfOneName(bytes);
    return ArchiveError(error.error);
  }
  ZipArchive archive(std::unique_ptr<::zip, Closer>(handle), bytes.size(), limits);
  const zip_int64_t count = zip_get_num_entries(handle, 0);
  if (count < 0) return ArchiveError(*zip_get_error(handle));
  if (static_cast<uint64_t>(count) > limits.entries_max) {
    return Limit("the archive has " + std::to_string(count) + " entries; archive_entries_max is " +
                     std::to_string(limits.entries_max),
                 "byte 0");
  }
  archive.entries_.reserve(static_cast<size_t>(count));
  for (zip_int64_t i = 0; i < count; ++i) {
    auto entry = ReadEntry(handle, static_cast<uint64_t>(i));
    if (!entry) return entry.take_error();
    archive.entries_.push_back(std::move(*entry));
  }
  return archive;
}

Result<std::string> ZipArchive::Extract(const ZipEntry& entry, InflateBudget& budget) {
  const std::string where = EntryPlace(entry.name);
  if (entry.encrypted) return Malformed("the entry is encrypted; recond reads unencrypted archives", where);
  if (entry.method != ZIP_CM_STORE && entry.method != ZIP_CM_DEFLATE) {
    return Malformed("the entry is compressed with method " + std::to_string(entry.method) +
                         "; recond reads stored and deflated entries",
                     where);
  }
  // An archive that declares more than the limits allow is refused before any work; one
  // that declares less is held to the limits as its bytes come out.
  if (entry.declared_size > limits_.member_bytes_max) {
    return Limit("the entry unpacks to " + std::to_string(entry.declared_size) + " bytes; file_bytes_max is " +
                     std::to_string(limits_.member_bytes_max),
                 where);
  }
  if (entry.declared_size > budget.left()) {
    return Limit("the entry unpacks to " + std::to_string(entry.declared_size) + " bytes, more than is left of " +
                     "archive_inflated_bytes_max (" + std::to_string(budget.bytes_max()) + " bytes for the whole " +
                     "upload, " + std::to_string(budget.spent()) + " inflated already)",
                 where);
  }
  std::unique_ptr<zip_file_t, FileCloser> file(zip_fopen_index(handle_.get(), entry.index, 0));
  if (!file) return ArchiveError(*zip_get_error(handle_.get()), where);

  const uint64_t entry_ratio_bytes = limits_.ratio_max * std::max<uint64_t>(entry.compressed_size, 1);
  const uint64_t archive_ratio_bytes = limits_.ratio_max * std::max<uint64_t>(bytes_, 1);
  std::string out;
  out.reserve(static_cast<size_t>(std::min<uint64_t>(entry.declared_size, kReserveBytesMax)));
  for (;;) {
    const size_t at = out.size();
    out.resize(at + kReadBytes);
    const zip_int64_t n = zip_fread(file.get(), out.data() + at, kReadBytes);
    if (n < 0) return ArchiveError(*zip_file_get_error(file.get()), where);
    out.resize(at + static_cast<size_t>(n));
    if (n == 0) break;
    inflated_ += static_cast<uint64_t>(n);
    if (!budget.Spend(static_cast<uint64_t>(n))) {
      return Limit("the upload unpacks to more than archive_inflated_bytes_max (" + std::to_string(budget.bytes_max()) +
                       " bytes, counted over every archive in it); refused while inflating this entry",
                   where);
    }
    if (out.size() > entry_ratio_bytes) {
      return Limit("the entry unpacks to more than archive_ratio_max (" + std::to_string(limits_.ratio_max) +
                       ") times its compressed size of " + std::to_string(entry.compressed_size) +
                       " bytes; refused as a possible zip bomb",
                   where);
    }
    if (inflated_ > archive_ratio_bytes) {
      return Limit("the archive unpacks to more than archive_ratio_max (" + std::to_string(limits_.ratio_max) +
                       ") times its own size of " + std::to_string(bytes_) +
                       " bytes (its entries share compressed data, or are many small bombs); refused while " +
                       "inflating this entry",
                   where);
    }
    if (out.size() > limits_.member_bytes_max) {
      return Limit("the entry unpacks to more than file_bytes_max (" + std::to_string(limits_.member_bytes_max) +
                       " bytes)",
                   where);
    }
    if (out.size() > entry.declared_size) {
      return Malformed("the entry unpacks to more than its declared " + std::to_string(entry.declared_size) + " bytes",
                       where);
    }
  }
  if (out.size() != entry.declared_size) {
    return Malformed("the entry unpacks to " + std::to_string(out.size()) + " bytes, not the declared " +
                         std::to_string(entry.declared_size),
                     where);
  }
  return out;
}

}  // namespace recon::zip
