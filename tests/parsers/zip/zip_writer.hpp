// A tiny ZIP writer for tests: builds archives in memory, including broken ones (a
// wrong CRC, a lying size, an encrypted flag), which no archiver would produce.
#pragma once

#include <zlib.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace recon::testing {

struct ZipFile {
  ZipFile(std::string n, std::string d, uint16_t m = 0) : name(std::move(n)), data(std::move(d)), method(m) {}

  std::string name;
  std::string data;
  uint16_t method = 0;  // 0 stored, 8 deflated (raw deflate via zlib); others are written as stored bytes
  uint16_t flags = 0;
  std::optional<uint32_t> crc;              // default: the real CRC-32
  std::optional<uint32_t> declared_size;    // default: the real uncompressed size
  std::optional<uint32_t> compressed_size;  // default: the real compressed size
  // Bytes written as the entry's data instead of `data` (stored) or its deflated form: a
  // body made once and reused by many entries (zip bombs). With it, give crc and
  // declared_size, which are otherwise computed from `data`.
  std::optional<std::string> packed;
};

inline void PutU16(std::string& out, uint32_t v) {
  out += static_cast<char>(v & 0xFF);
  out += static_cast<char>((v >> 8) & 0xFF);
}

inline void PutU32(std::string& out, uint32_t v) {
  PutU16(out, v & 0xFFFF);
  PutU16(out, v >> 16);
}

inline std::string RawDeflate(const std::string& data) {
  z_stream s{};
  deflateInit2(&s, 9, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&s, static_cast<uLong>(data.size())), '\0');
  s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  s.avail_in = static_cast<uInt>(data.size());
  s.next_out = reinterpret_cast<Bytef*>(out.data());
  s.avail_out = static_cast<uInt>(out.size());
  deflate(&s, Z_FINISH);
  out.resize(s.total_out);
  deflateEnd(&s);
  return out;
}

inline std::string WriteZip(const std::vector<ZipFile>& files) {
  std::string out, directory;
  for (const ZipFile& f : files) {
    const std::string body = f.packed ? *f.packed : f.method == 8 ? RawDeflate(f.data) : f.data;
    const uint32_t crc = f.crc ? *f.crc
                               : static_cast<uint32_t>(crc32(0L, reinterpret_cast<const Bytef*>(f.data.data()),
                                                             static_cast<uInt>(f.data.size())));
    const uint32_t size = f.declared_size.value_or(static_cast<uint32_t>(f.data.size()));
    const uint32_t packed = f.compressed_size.value_or(static_cast<uint32_t>(body.size()));
    const uint32_t offset = static_cast<uint32_t>(out.size());
    auto common = [&](std::string& h) {
      PutU16(h, 20);  // version needed
      PutU16(h, f.flags);
      PutU16(h, f.method);
      PutU16(h, 0);  // time
      PutU16(h, 0);  // date
      PutU32(h, crc);
      PutU32(h, packed);
      PutU32(h, size);
      PutU16(h, static_cast<uint32_t>(f.name.size()));
      PutU16(h, 0);  // extra
    };
    PutU32(out, 0x04034b50);
    common(out);
    out += f.name;
    out += body;
    PutU32(directory, 0x02014b50);
    PutU16(directory, 20);  // version made by
    common(directory);
    PutU16(directory, 0);  // comment
    PutU16(directory, 0);  // disk
    PutU16(directory, 0);  // internal attributes
    PutU32(directory, 0);  // external attributes
    PutU32(directory, offset);
    directory += f.name;
  }
  const uint32_t directory_at = static_cast<uint32_t>(out.size());
  out += directory;
  PutU32(out, 0x06054b50);
  PutU16(out, 0);
  PutU16(out, 0);
  PutU16(out, static_cast<uint32_t>(files.size()));
  PutU16(out, static_cast<uint32_t>(files.size()));
  PutU32(out, static_cast<uint32_t>(directory.size()));
  PutU32(out, directory_at);
  PutU16(out, 0);
  return out;
}

}  // namespace recon::testing
