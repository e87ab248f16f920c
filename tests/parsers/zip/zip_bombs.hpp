// ZIP bombs, made in memory by the tests and the benchmark that need them.
//
// The shape of the upload that made recond inflate and parse 5.2 GB from 7.5 MB: an
// archive of archives, each inner one holding hundreds of valid statement files padded
// with blanks to just under the size where the old reader began to check the compression
// ratio (1 MiB), so that every member compressed about 1,000 times and every member parsed.
// The padded member is deflated once and its bytes reused by every entry, so that a bomb
// of gigabytes is made in a fraction of a second.
#pragma once

#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "parsers/zip/zip_writer.hpp"

namespace recon::testing {

// A small valid camt.053 statement (one entry), for members of bombs.
inline std::string TinyCamt() {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
<GrpHdr><MsgId>B1</MsgId><CreDtTm>2026-11-20T08:00:00</CreDtTm></GrpHdr>
<Stmt><Id>S1</Id><Acct><Id><IBAN>NO9386011117947</IBAN></Id><Ccy>EUR</Ccy></Acct>
<Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
<BookgDt><Dt>2026-11-20</Dt></BookgDt><AcctSvcrRef>R1</AcctSvcrRef></Ntry>
</Stmt></BkToCstmrStmt></Document>
)";
}

// `statement` padded with blanks after its root element to exactly `bytes` bytes.
inline std::string Padded(std::string statement, size_t bytes) {
  if (statement.size() < bytes) statement.append(bytes - statement.size(), ' ');
  return statement;
}

// An entry whose data is `packed` (the deflated form of `plain`), reused as is.
inline ZipFile PackedEntry(std::string name, const std::string& plain, const std::string& packed, uint32_t crc) {
  ZipFile f(std::move(name), "", 8);
  f.packed = packed;
  f.crc = crc;
  f.declared_size = static_cast<uint32_t>(plain.size());
  return f;
}

inline uint32_t Crc32(const std::string& data) {
  return static_cast<uint32_t>(
      crc32(0L, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
}

// `members` copies of `plain`, deflated once.
inline std::string ArchiveOfCopies(const std::string& plain, size_t members, const std::string& prefix = "day") {
  const std::string packed = RawDeflate(plain);
  const uint32_t crc = Crc32(plain);
  std::vector<ZipFile> files;
  files.reserve(members);
  for (size_t i = 0; i < members; ++i) {
    files.push_back(PackedEntry(prefix + std::to_string(i + 1) + ".xml", plain, packed, crc));
  }
  return WriteZip(files);
}

struct NestedBombShape {
  size_t inner_archives = 20;              // archives in the outer archive, stored
  size_t members = 255;                    // statement files in each inner archive
  size_t member_bytes = (size_t{1} << 20); // each padded to this size
};

// The reported upload: 20 inner archives of 255 padded statements of 1 MiB each, about
// 7.5 MB that unpack to 5.1 GiB of statements (plus the inner archives themselves).
inline std::string NestedBomb(const NestedBombShape& shape = {}) {
  const std::string inner = ArchiveOfCopies(Padded(TinyCamt(), shape.member_bytes), shape.members);
  std::vector<ZipFile> outer;
  for (size_t i = 0; i < shape.inner_archives; ++i) outer.push_back({"part" + std::to_string(i + 1) + ".zip", inner});
  return WriteZip(outer);
}

// A local file header (or, with `central`, a central directory record) of a deflated
// entry, as WriteZip writes them.
inline std::string ZipHeader(bool central, const std::string& name, uint32_t crc, uint32_t packed, uint32_t size,
                             uint32_t offset) {
  std::string h;
  PutU32(h, central ? 0x02014b50 : 0x04034b50);
  if (central) PutU16(h, 20);  // version made by
  PutU16(h, 20);               // version needed
  PutU16(h, 0);                // flags
  PutU16(h, 8);                // deflated
  PutU16(h, 0);                // time
  PutU16(h, 0);                // date
  PutU32(h, crc);
  PutU32(h, packed);
  PutU32(h, size);
  PutU16(h, static_cast<uint32_t>(name.size()));
  PutU16(h, 0);  // extra
  if (central) {
    PutU16(h, 0);  // comment
    PutU16(h, 0);  // disk
    PutU16(h, 0);  // internal attributes
    PutU32(h, 0);  // external attributes
    PutU32(h, offset);
  }
  return h + name;
}

// Overlapping entries (after Fifield's "better zip bomb"): entry "a.xml" holds, inside its
// deflate stream, a stored block that quotes the local header of entry "b.xml", followed
// by b.xml's own deflated data. Both inflate the same kernel, but the archive holds it
// once: each entry has the ratio of `plain`, the archive twice that. Every record agrees
// with its local header, so that a consistency check of the records alone passes.
inline std::string QuotedOverlapBomb(const std::string& plain) {
  const std::string kernel = RawDeflate(plain);
  const uint32_t kernel_crc = Crc32(plain);
  const std::string header_b = ZipHeader(false, "b.xml", kernel_crc, static_cast<uint32_t>(kernel.size()),
                                         static_cast<uint32_t>(plain.size()), 0);
  // A stored, non-final deflate block: one header byte, LEN and its complement, the bytes.
  std::string quote(1, '\0');
  PutU16(quote, static_cast<uint32_t>(header_b.size()));
  PutU16(quote, static_cast<uint32_t>(~header_b.size() & 0xFFFF));
  quote += header_b;
  const std::string data_a = quote + kernel;
  const std::string plain_a = header_b + plain;
  const uint32_t crc_a = Crc32(plain_a);
  const std::string header_a = ZipHeader(false, "a.xml", crc_a, static_cast<uint32_t>(data_a.size()),
                                         static_cast<uint32_t>(plain_a.size()), 0);
  std::string out = header_a + data_a;
  const uint32_t offset_b = static_cast<uint32_t>(header_a.size() + 5);
  const uint32_t directory_at = static_cast<uint32_t>(out.size());
  // b.xml first: a.xml's bytes start like an archive (the quoted header), and would be
  // refused as a nested one before the ratio is reached.
  std::string directory = ZipHeader(true, "b.xml", kernel_crc, static_cast<uint32_t>(kernel.size()),
                                    static_cast<uint32_t>(plain.size()), offset_b) +
                          ZipHeader(true, "a.xml", crc_a, static_cast<uint32_t>(data_a.size()),
                                    static_cast<uint32_t>(plain_a.size()), 0);
  out += directory;
  PutU32(out, 0x06054b50);
  PutU16(out, 0);
  PutU16(out, 0);
  PutU16(out, 2);
  PutU16(out, 2);
  PutU32(out, static_cast<uint32_t>(directory.size()));
  PutU32(out, directory_at);
  PutU16(out, 0);
  return out;
}

}  // namespace recon::testing
