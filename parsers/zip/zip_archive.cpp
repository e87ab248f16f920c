#include "parsers/zip/zip_archive.hpp"

#include <zlib.h>

#include <algorithm>
#include <limits>

namespace recon::zip {
namespace {

// Record signatures and fixed sizes from PKWARE's APPNOTE.TXT (section 4.3).
constexpr uint32_t kLocalHeaderSignature = 0x04034b50;
constexpr uint32_t kCentralHeaderSignature = 0x02014b50;
constexpr uint32_t kEndSignature = 0x06054b50;
constexpr uint32_t kZip64LocatorSignature = 0x07064b50;
constexpr size_t kLocalHeaderBytes = 30;
constexpr size_t kCentralHeaderBytes = 46;
constexpr size_t kEndBytes = 22;
constexpr size_t kZip64LocatorBytes = 20;
constexpr size_t kCommentBytesMax = 0xFFFF;
constexpr uint16_t kFlagEncrypted = 0x0001;
constexpr uint16_t kMethodStored = 0;
constexpr uint16_t kMethodDeflated = 8;

Error Malformed(std::string message, std::string location = {}) {
  return MakeError(ErrorCode::kMalformedFile, std::move(message), std::move(location));
}

Error Limit(std::string message, std::string location = {}) {
  return MakeError(ErrorCode::kLimitExceeded, std::move(message), std::move(location));
}

uint16_t U16(std::string_view b, size_t at) {
  return static_cast<uint16_t>(static_cast<unsigned char>(b[at]) | static_cast<unsigned char>(b[at + 1]) << 8);
}

uint32_t U32(std::string_view b, size_t at) {
  return static_cast<uint32_t>(U16(b, at)) | static_cast<uint32_t>(U16(b, at + 2)) << 16;
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

// The end of central directory record: searched backwards, since a comment of up to
// 64 KiB may follow it.
Result<size_t> FindEnd(std::string_view archive) {
  if (archive.size() < kEndBytes) return Malformed("the ZIP archive is cut short: it has no end record");
  const size_t lowest = archive.size() > kEndBytes + kCommentBytesMax ? archive.size() - kEndBytes - kCommentBytesMax : 0;
  for (size_t at = archive.size() - kEndBytes + 1; at-- > lowest;) {
    // The comment length must fit; some tools append bytes after it, which is harmless.
    if (U32(archive, at) == kEndSignature && at + kEndBytes + U16(archive, at + 20) <= archive.size()) return at;
  }
  return Malformed("the ZIP archive has no end of central directory record; it is cut short or not a ZIP file");
}

}  // namespace

bool LooksLikeZip(std::string_view bytes) {
  return bytes.starts_with(std::string_view("PK\x03\x04", 4)) || bytes.starts_with(std::string_view("PK\x05\x06", 4));
}

Result<std::vector<ZipEntry>> ReadCentralDirectory(std::string_view archive, const ZipLimits& limits) {
  auto end = FindEnd(archive);
  if (!end) return end.take_error();
  const size_t e = *end;
  if (e >= kZip64LocatorBytes && U32(archive, e - kZip64LocatorBytes) == kZip64LocatorSignature) {
    return Malformed("the archive is a ZIP64 archive, which recond does not read; zip the statements without ZIP64");
  }
  if (U16(archive, e + 4) != 0 || U16(archive, e + 6) != 0 || U16(archive, e + 8) != U16(archive, e + 10)) {
    return Malformed("the archive spans several disks, which recond does not read");
  }
  const size_t count = U16(archive, e + 10);
  const size_t directory_bytes = U32(archive, e + 12);
  const size_t directory_at = U32(archive, e + 16);
  if (count > limits.entries_max) {
    return Limit("the archive has " + std::to_string(count) + " entries; the limit is " +
                 std::to_string(limits.entries_max));
  }
  if (directory_at > e || directory_bytes > e - directory_at) {
    return Malformed("the central directory lies outside the archive", "byte " + std::to_string(directory_at));
  }
  std::vector<ZipEntry> entries;
  entries.reserve(count);
  uint64_t total = 0;
  size_t at = directory_at;
  for (size_t i = 0; i < count; ++i) {
    const std::string where = "central directory record " + std::to_string(i + 1) + ", byte " + std::to_string(at);
    if (at + kCentralHeaderBytes > e || U32(archive, at) != kCentralHeaderSignature) {
      return Malformed("expected a central directory record", where);
    }
    const size_t name_bytes = U16(archive, at + 28);
    const size_t extra_bytes = U16(archive, at + 30);
    const size_t comment_bytes = U16(archive, at + 32);
    const size_t record_bytes = kCentralHeaderBytes + name_bytes + extra_bytes + comment_bytes;
    if (at + record_bytes > e) return Malformed("a central directory record runs past the directory", where);
    ZipEntry entry;
    entry.flags = U16(archive, at + 8);
    entry.method = U16(archive, at + 10);
    entry.crc32 = U32(archive, at + 16);
    entry.compressed_size = U32(archive, at + 20);
    entry.uncompressed_size = U32(archive, at + 24);
    entry.local_header_offset = U32(archive, at + 42);
    entry.name = DisplayName(archive.substr(at + kCentralHeaderBytes, name_bytes));
    if (entry.compressed_size == 0xFFFFFFFF || entry.uncompressed_size == 0xFFFFFFFF ||
        entry.local_header_offset == 0xFFFFFFFF) {
      return Malformed("the entry uses ZIP64 sizes, which recond does not read", EntryPlace(entry.name));
    }
    total += entry.uncompressed_size;
    if (total > limits.uncompressed_bytes_max) {
      return Limit("the archive unpacks to more than " + std::to_string(limits.uncompressed_bytes_max) + " bytes",
                   EntryPlace(entry.name));
    }
    if (entry.uncompressed_size > limits.ratio_floor_bytes &&
        entry.uncompressed_size / std::max<uint64_t>(entry.compressed_size, 1) > limits.ratio_max) {
      return Limit("the entry unpacks to " + std::to_string(entry.uncompressed_size) + " bytes from " +
                       std::to_string(entry.compressed_size) + ", more than " + std::to_string(limits.ratio_max) +
                       " times its size; refused as a possible zip bomb",
                   EntryPlace(entry.name));
    }
    entries.push_back(std::move(entry));
    at += record_bytes;
  }
  return entries;
}

Result<std::string> ExtractEntry(std::string_view archive, const ZipEntry& entry) {
  const std::string where = EntryPlace(entry.name);
  if ((entry.flags & kFlagEncrypted) != 0) return Malformed("the entry is encrypted; recond reads unencrypted archives", where);
  if (entry.method != kMethodStored && entry.method != kMethodDeflated) {
    return Malformed("the entry is compressed with method " + std::to_string(entry.method) +
                         "; recond reads stored and deflated entries",
                     where);
  }
  const uint64_t at = entry.local_header_offset;
  if (at + kLocalHeaderBytes > archive.size() || U32(archive, at) != kLocalHeaderSignature) {
    return Malformed("the entry's local header is missing at byte " + std::to_string(at), where);
  }
  const uint64_t data_at = at + kLocalHeaderBytes + U16(archive, at + 26) + U16(archive, at + 28);
  if (data_at > archive.size() || entry.compressed_size > archive.size() - data_at) {
    return Malformed("the entry's data runs past the end of the archive", where);
  }
  const std::string_view data = archive.substr(data_at, entry.compressed_size);
  std::string out;
  if (entry.method == kMethodStored) {
    if (entry.compressed_size != entry.uncompressed_size) {
      return Malformed("a stored entry whose sizes disagree", where);
    }
    out.assign(data);
  } else {
    out.resize(entry.uncompressed_size);
    z_stream stream{};
    // Negative window bits: raw deflate data, as ZIP stores it (no zlib header).
    if (inflateInit2(&stream, -MAX_WBITS) != Z_OK) return MakeError(ErrorCode::kInternal, "zlib could not start", where);
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    int rc = inflate(&stream, Z_FINISH);
    const uint64_t produced = stream.total_out;
    // A stream that would go on past the declared size leaves Z_BUF_ERROR with no
    // output space; it is refused rather than followed.
    inflateEnd(&stream);
    if (rc != Z_STREAM_END) {
      return Malformed(rc == Z_BUF_ERROR && produced == entry.uncompressed_size
                           ? "the entry unpacks to more than its declared " + std::to_string(entry.uncompressed_size) +
                                 " bytes"
                           : "the entry's compressed data is damaged",
                       where);
    }
    if (produced != entry.uncompressed_size) {
      return Malformed("the entry unpacks to " + std::to_string(produced) + " bytes, not the declared " +
                           std::to_string(entry.uncompressed_size),
                       where);
    }
  }
  const uLong crc = crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(out.data()), static_cast<uInt>(out.size()));
  if (crc != entry.crc32) return Malformed("the entry is damaged: its CRC-32 does not match", where);
  return out;
}

}  // namespace recon::zip
