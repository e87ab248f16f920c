// Regression (issue 11, point 8): a 7.5 MB upload of nested archives made recond inflate
// and parse 5.2 GB, because each archive had a budget of its own (file_bytes_max of
// declared sizes), the ratio check skipped entries under 1 MiB, and one level of nesting
// was always read. Now one budget per parse counts the bytes actually inflated at every
// level, the ratio applies to every entry and to the archive as a whole, nesting is off
// unless configured, and each refusal names its setting and the member.
//
// Also the ZIP side of point 2 (a repeated element where one is expected): two entries of
// one name, a directory entry that holds data, and metadata names on statement files.
#include <gtest/gtest.h>

#include "parsers/registry.hpp"
#include "parsers/zip/zip_bombs.hpp"
#include "parsers/zip/zip_writer.hpp"

namespace recon {
namespace {

using recon::testing::ArchiveOfCopies;
using recon::testing::NestedBomb;
using recon::testing::NestedBombShape;
using recon::testing::Padded;
using recon::testing::TinyCamt;
using recon::testing::WriteZip;
using recon::testing::ZipFile;

Result<ParsedFile> Parse(const std::string& bytes, const ParseOptions& options = {}) {
  return parsers::ParseStatementFile(bytes, options);
}

// Text that deflate shrinks about twice: hex digits of a simple generator.
std::string Noise(size_t bytes) {
  std::string out;
  out.reserve(bytes);
  uint32_t x = 12345;
  while (out.size() < bytes) {
    x = x * 1103515245u + 12345u;
    out += "0123456789abcdef"[(x >> 16) & 15];
  }
  return out;
}

// The camt member with `bytes` of noise in an XML comment: a valid statement whose ratio
// is that of ordinary data.
std::string NoisyCamt(size_t bytes) { return TinyCamt() + "<!-- " + Noise(bytes) + " -->\n"; }

void ExpectRefused(const Result<ParsedFile>& file, ErrorCode code, const std::string& location,
                   const std::string& says) {
  ASSERT_FALSE(file.ok()) << "expected a refusal naming " << says;
  EXPECT_EQ(file.error().code, code) << file.error().ToString();
  EXPECT_EQ(file.error().location, location) << file.error().ToString();
  EXPECT_NE(file.error().message.find(says), std::string::npos) << file.error().ToString();
}

TEST(ZipLimits, TheNestedBombIsRefusedAtItsFirstInnerArchive) {
  // The reported shape, fewer members: every member is a valid statement padded to 1 MiB.
  const std::string bomb = NestedBomb(NestedBombShape{3, 20, size_t{1} << 20});
  ExpectRefused(Parse(bomb), ErrorCode::kUnsupportedFormat, "entry 'part1.zip'", "archive_nesting_max");

  // With nesting allowed, the first padded member is beyond the ratio.
  ParseOptions options;
  options.archive_nesting_max = 1;
  ExpectRefused(Parse(bomb, options), ErrorCode::kLimitExceeded, "entry 'part1.zip': entry 'day1.xml'",
                "archive_ratio_max (100) times its compressed size");
}

TEST(ZipLimits, OneBudgetIsSharedByEveryLevelAndCountsInflatedBytes) {
  // Three members of 1 MiB per inner archive, each within the ratio allowed here.
  const NestedBombShape shape{3, 3, size_t{1} << 20};
  const std::string bomb = NestedBomb(shape);
  ParseOptions options;
  options.archive_nesting_max = 1;
  options.archive_ratio_max = 1100;
  options.archive_inflated_bytes_max = size_t{4} << 20;
  // part1 (its archive and 3 MiB) fits in 4 MiB; part2's first member does not. An archive
  // with a budget of its own would have read all three.
  ExpectRefused(Parse(bomb, options), ErrorCode::kLimitExceeded, "entry 'part2.zip': entry 'day1.xml'",
                "archive_inflated_bytes_max");

  options.archive_inflated_bytes_max = size_t{16} << 20;
  auto file = Parse(bomb, options);
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  EXPECT_EQ(file->statements.size(), 9u);
}

TEST(ZipLimits, AnArchiveThatUnderstatesItsSizesIsStoppedByTheBytesItInflates) {
  // The member says 100 bytes; inflating stops within one piece of that, whatever the
  // budget, rather than trusting or following the claim.
  ZipFile liar("day1.xml", NoisyCamt(2'000'000), 8);
  liar.declared_size = 100;
  ExpectRefused(Parse(WriteZip({liar})), ErrorCode::kMalformedFile, "entry 'day1.xml'",
                "more than its declared 100 bytes");
}

TEST(ZipLimits, TheRatioAppliesToSmallEntriesToo) {
  // 64 KiB of blanks deflate to about 100 bytes: far below the old 1 MiB floor.
  const std::string zip = WriteZip({{"day1.xml", Padded(TinyCamt(), 64u << 10), 8}});
  ExpectRefused(Parse(zip), ErrorCode::kLimitExceeded, "entry 'day1.xml'", "archive_ratio_max");
  ParseOptions options;
  options.archive_ratio_max = 1100;
  EXPECT_TRUE(Parse(zip, options).ok());
  // An ordinary small statement is far within it.
  EXPECT_TRUE(Parse(WriteZip({{"day1.xml", TinyCamt(), 8}})).ok());
}

// A member whose ratio is about `ratio`: blanks for the bulk, noise for the rest.
std::string CamtWithRatio(size_t blanks, size_t noise) { return Padded(NoisyCamt(noise), blanks); }

TEST(ZipLimits, EntriesThatShareTheirDataAreHeldToTheArchiveRatio) {
  // Each entry alone inflates about 75 times its compressed size; the archive, which holds
  // the compressed kernel once, about twice that.
  const std::string plain = CamtWithRatio(1u << 20, 20'000);
  const std::string bomb = testing::QuotedOverlapBomb(plain);
  ExpectRefused(Parse(bomb), ErrorCode::kLimitExceeded, "entry 'a.xml'", "times its own size");
  // The same kernel in an archive of its own is an ordinary file.
  EXPECT_TRUE(Parse(WriteZip({{"a.xml", plain, 8}})).ok());
}

TEST(ZipLimits, TheNumberOfEntriesIsLimited) {
  const std::string zip = ArchiveOfCopies(TinyCamt(), 3);
  ParseOptions options;
  options.archive_entries_max = 2;
  ExpectRefused(Parse(zip, options), ErrorCode::kLimitExceeded, "byte 0", "archive_entries_max is 2");
  options.archive_entries_max = 3;
  EXPECT_TRUE(Parse(zip, options).ok());
}

TEST(ZipRepeats, TwoEntriesOfOneNameAreRefusedNamingTheName) {
  // No archiver writes two entries of one name (zip replaces in place); an archive that has
  // them was appended to or built by hand, and reading either or both could be wrong.
  for (const std::string& second : {TinyCamt(), NoisyCamt(10)}) {
    auto file = Parse(WriteZip({{"day1.xml", TinyCamt()}, {"day2.xml", TinyCamt()}, {"day1.xml", second}}));
    ExpectRefused(file, ErrorCode::kMalformedFile, "entry 'day1.xml'", "two entries named 'day1.xml'");
    EXPECT_NE(file.error().message.find("records 1 and 3"), std::string::npos) << file.error().message;
  }
}

TEST(ZipRepeats, ADirectoryEntryThatHoldsDataIsRefused) {
  ExpectRefused(Parse(WriteZip({{"2026/", TinyCamt()}, {"2026/day1.xml", TinyCamt()}})), ErrorCode::kMalformedFile,
                "entry '2026/'", "a directory entry that holds");
}

TEST(ZipRepeats, MetadataNamesAreSkippedOnlyWhenTheirBytesAreMetadata) {
  // A statement someone named "._day1.xml" is a statement: it used to vanish unread.
  auto file = Parse(WriteZip({{"2026/._day1.xml", TinyCamt()}, {"2026/day1.xml", TinyCamt()}}));
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  EXPECT_EQ(file->statements.size(), 2u);
  // Real AppleDouble and Desktop Services files are skipped.
  file = Parse(WriteZip({{"__MACOSX/2026/._day1.xml", std::string("\x00\x05\x16\x07junk", 8)},
                         {".DS_Store", std::string("\x00\x00\x00\x01" "Bud1junk", 12)},
                         {"2026/day1.xml", TinyCamt()}}));
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  EXPECT_EQ(file->statements.size(), 1u);
}

}  // namespace
}  // namespace recon
