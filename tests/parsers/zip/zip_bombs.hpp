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

// The bytes the nested bomb unpacks to: the inner archives and every member.
inline uint64_t NestedBombBytes(const NestedBombShape& shape, size_t inner_archive_bytes) {
  return shape.inner_archives * (inner_archive_bytes + uint64_t{shape.members} * shape.member_bytes);
}

// Overlapping entries (Fifield's "better zip bomb"): every central directory record
// points at the same local header and deflated data, so that the archive's own size
// grows by a directory record per entry while what it unpacks to grows by the whole
// member. Each entry alone has an ordinary ratio.
inline std::string OverlappingBomb(const std::string& plain, size_t entries) {
  std::string one = WriteZip({{"a.xml", plain, 8}});
  // The single local header and data; directory records are written below by hand.
  const size_t data_end = one.find(std::string("PK\x01\x02", 4));
  std::string out = one.substr(0, data_end);
  const std::string record = one.substr(data_end, one.find(std::string("PK\x05\x06", 4)) - data_end);
  std::string directory;
  for (size_t i = 0; i < entries; ++i) {
    std::string r = record;
    // The name "a.xml" at byte 46 of the record becomes a distinct name of 5 characters.
    char name[8];
    std::snprintf(name, sizeof name, "%05zu", i % 100000);
    r.replace(46, 5, name, 5);
    directory += r;
  }
  const uint32_t directory_at = static_cast<uint32_t>(out.size());
  out += directory;
  PutU32(out, 0x06054b50);
  PutU16(out, 0);
  PutU16(out, 0);
  PutU16(out, static_cast<uint32_t>(entries));
  PutU16(out, static_cast<uint32_t>(entries));
  PutU32(out, static_cast<uint32_t>(directory.size()));
  PutU32(out, directory_at);
  PutU16(out, 0);
  return out;
}

}  // namespace recon::testing
