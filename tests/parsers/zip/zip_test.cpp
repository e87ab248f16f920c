#include <gtest/gtest.h>

#include "parsers/registry.hpp"
#include "parsers/zip/zip_archive.hpp"
#include "parsers/zip/zip_parser.hpp"
#include "parsers/zip/zip_writer.hpp"
#include "test_util.hpp"

namespace recon {
namespace {

using recon::testing::ReadFixture;
using recon::testing::WriteZip;
using recon::testing::ZipFile;

std::string Basic() { return ReadFixture("camt/camt053_v08_basic.xml"); }
std::string Prefixed() { return ReadFixture("camt/camt053_v02_prefixed.xml"); }

Result<ParsedFile> Parse(const std::string& bytes, ParseOptions options = {}) {
  return parsers::ParseStatementFile(bytes, options);
}

TEST(Zip, ReadsADeflatedArchiveFileByFile) {
  // Made with `zip -X -9 two_days_deflated.zip day1.xml day2.xml` from the camt fixtures.
  auto file = Parse(ReadFixture("zip/two_days_deflated.zip"));
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  EXPECT_EQ(file->format, "zip:camt.053.001.08,camt.053.001.02");
  ASSERT_EQ(file->statements.size(), 2u);
  EXPECT_EQ(file->statements[0].account, "NO9386011117947");
  EXPECT_EQ(file->statements[0].lines.size(), 4u);
  EXPECT_EQ(file->statements[1].account, "0123456789");
  EXPECT_EQ(parsers::DetectFormat(ReadFixture("zip/two_days_deflated.zip")), "zip");
}

TEST(Zip, ReadsStreamedArchivesWithDataDescriptorsAndZip64) {
  // Written by Python's zipfile to an unseekable stream (sizes and CRC in a data descriptor
  // after each entry, as Java's ZipOutputStream and many bank exports write them), and
  // with a ZIP64 extra field forced on the member.
  for (const char* name : {"zip/streamed_data_descriptors.zip", "zip/zip64_member.zip"}) {
    auto file = Parse(ReadFixture(name));
    ASSERT_TRUE(file.ok()) << name << ": " << file.error().ToString();
    EXPECT_EQ(file->format, "zip:camt.053.001.08") << name;
    EXPECT_EQ(file->statements[0].lines.size(), 4u) << name;
  }
}

TEST(Zip, ReadsStoredEntriesAndNamesEachFormatOnce) {
  const std::string zip = WriteZip({{"a.xml", Basic()}, {"b.xml", Basic(), 8}, {"c.xml", Prefixed()}});
  auto file = Parse(zip);
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  EXPECT_EQ(file->format, "zip:camt.053.001.08,camt.053.001.02");
  EXPECT_EQ(file->statements.size(), 3u);
}

TEST(Zip, SkipsDirectoriesAndMacMetadata) {
  const std::string zip = WriteZip({{"2026/", ""},
                                    {"__MACOSX/2026/._day1.xml", std::string("\x00\x05\x16\x07", 4)},
                                    {"2026/.DS_Store", std::string("\x00\x00\x00\x01" "Bud1junk", 12)},
                                    {"2026/._day1.xml", std::string("\x00\x05\x16\x07junk", 8)},
                                    {"2026/day1.xml", Basic()}});
  auto file = Parse(zip);
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  EXPECT_EQ(file->statements.size(), 1u);
}

TEST(Zip, NestingIsReadOnlyAsDeepAsConfigured) {
  const std::string inner = WriteZip({{"day1.xml", Basic()}});
  const std::string outer = WriteZip({{"inner.zip", inner, 8}, {"day2.xml", Prefixed()}});
  // By default an archive inside an archive is refused, naming the member and the setting.
  auto file = Parse(outer);
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.error().code, ErrorCode::kUnsupportedFormat);
  EXPECT_EQ(file.error().location, "entry 'inner.zip'");
  EXPECT_NE(file.error().message.find("archive_nesting_max"), std::string::npos) << file.error().message;

  ParseOptions options;
  options.archive_nesting_max = 1;
  file = Parse(outer, options);
  ASSERT_TRUE(file.ok()) << file.error().ToString();
  EXPECT_EQ(file->format, "zip:zip:camt.053.001.08,camt.053.001.02");
  EXPECT_EQ(file->statements.size(), 2u);

  const std::string deeper = WriteZip({{"outer.zip", outer}});
  file = Parse(deeper, options);
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.error().code, ErrorCode::kUnsupportedFormat);
  EXPECT_EQ(file.error().location, "entry 'outer.zip': entry 'inner.zip'");
  EXPECT_NE(file.error().message.find("1 level(s) deep (archive_nesting_max)"), std::string::npos);
}

TEST(Zip, AnErrorNamesTheEntryAndThePlaceInIt) {
  const std::string zip =
      WriteZip({{"day1.xml", Basic()}, {"day2.xml", ReadFixture("camt/camt053_bad_amount.xml"), 8}});
  auto file = Parse(zip);
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.error().code, ErrorCode::kMalformedFile);
  EXPECT_EQ(file.error().location, "entry 'day2.xml': /Document/BkToCstmrStmt/Stmt[1]/Ntry[2]/Amt");
  EXPECT_EQ(file.error().ToString().rfind("entry 'day2.xml': /Document/", 0), 0u);
}

TEST(Zip, TheNamedFormatAppliesToTheFilesInside) {
  const std::string zip = WriteZip({{"day1.xml", Basic()}});
  ParseOptions options;
  options.format = "camt.053";
  EXPECT_TRUE(Parse(zip, options).ok());
  options.format = "zip";
  EXPECT_TRUE(Parse(zip, options).ok());
  auto not_zip = Parse(Basic(), options);
  ASSERT_FALSE(not_zip.ok());
  EXPECT_NE(not_zip.error().message.find("not a ZIP archive"), std::string::npos);
}

// One file with a field no archiver would write, for the broken-archive cases.
ZipFile With(ZipFile f, uint16_t flags, std::optional<uint32_t> crc, std::optional<uint32_t> declared,
             std::optional<uint32_t> compressed = std::nullopt) {
  f.flags = flags;
  f.crc = crc;
  f.declared_size = declared;
  f.compressed_size = compressed;
  return f;
}

struct BadZip {
  const char* name;
  std::string bytes;
  ErrorCode code;
  const char* says;
};

TEST(Zip, RefusesBrokenAndHostileArchives) {
  const std::string basic = Basic();
  std::string cut = WriteZip({{"day1.xml", basic}});
  cut.resize(cut.size() / 2);
  std::vector<ZipFile> many;
  for (int i = 0; i < 1001; ++i) many.push_back({"f" + std::to_string(i) + ".xml", "x"});
  const std::string zeros(3u << 20, '0');
  const BadZip cases[] = {
      {"cut short", cut, ErrorCode::kMalformedFile, "end of central directory"},
      {"empty archive", WriteZip({}), ErrorCode::kMalformedFile, "holds no files"},
      {"only a directory", WriteZip({{"2026/", ""}}), ErrorCode::kMalformedFile, "holds no files"},
      {"crc", WriteZip({With({"day1.xml", basic, 8}, 0, 0x12345678u, std::nullopt)}), ErrorCode::kMalformedFile,
       "CRC-32"},
      {"encrypted", WriteZip({With({"day1.xml", basic}, 1, std::nullopt, std::nullopt)}), ErrorCode::kMalformedFile,
       "encrypted"},
      {"bzip2", WriteZip({{"day1.xml", basic, 12}}), ErrorCode::kMalformedFile, "method 12"},
      {"lying size", WriteZip({With({"day1.xml", basic, 8}, 0, std::nullopt, 100u)}), ErrorCode::kMalformedFile,
       "more than its declared 100 bytes"},
      {"damaged deflate", WriteZip({With({"day1.xml", basic, 8}, 0, std::nullopt, std::nullopt, 10u)}),
       ErrorCode::kMalformedFile, "damaged"},
      {"stored sizes disagree", WriteZip({With({"day1.xml", basic}, 0, std::nullopt, 10u)}),
       ErrorCode::kMalformedFile, "more than its declared 10 bytes"},
      {"too many entries", WriteZip(many), ErrorCode::kLimitExceeded, "1001 entries"},
      {"zip bomb ratio", WriteZip({{"bomb.xml", zeros, 8}}), ErrorCode::kLimitExceeded, "zip bomb"},
      {"not a statement", WriteZip({{"readme.txt", "hello, world"}}), ErrorCode::kUnsupportedFormat,
       "not in a format"},
      {"empty member", WriteZip({{"day1.xml", ""}}), ErrorCode::kMalformedFile, "empty"},
  };
  for (const BadZip& c : cases) {
    auto file = Parse(c.bytes);
    ASSERT_FALSE(file.ok()) << c.name;
    EXPECT_EQ(file.error().code, c.code) << c.name << ": " << file.error().ToString();
    EXPECT_NE(file.error().ToString().find(c.says), std::string::npos) << c.name << ": " << file.error().ToString();
  }
}

TEST(Zip, TotalUnpackedSizeAndLinesAreLimited) {
  const std::string zip = WriteZip({{"day1.xml", Basic()}, {"day2.xml", Basic()}});
  ParseOptions options;
  options.archive_inflated_bytes_max = Basic().size() + 10;  // room for one file, not two
  auto file = Parse(zip, options);
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.error().code, ErrorCode::kLimitExceeded);
  EXPECT_EQ(file.error().location, "entry 'day2.xml'");
  EXPECT_NE(file.error().message.find("archive_inflated_bytes_max"), std::string::npos);

  options = ParseOptions();
  options.file_bytes_max = Basic().size() - 1;  // each member is a file of its own
  file = Parse(zip, options);
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.error().code, ErrorCode::kLimitExceeded);
  EXPECT_EQ(file.error().location, "entry 'day1.xml'");
  EXPECT_NE(file.error().message.find("file_bytes_max"), std::string::npos);

  options = ParseOptions();
  options.statement_lines_max = 6;  // each file has 4 lines
  file = Parse(zip, options);
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.error().code, ErrorCode::kLimitExceeded);
  EXPECT_EQ(file.error().location.rfind("entry 'day2.xml'", 0), 0u);
}

TEST(Zip, NamesThatAreNotUtf8AreShownSafely) {
  const std::string zip = WriteZip({{"Kontoausz\x81ge.xml", "hello"}});
  auto file = Parse(zip);
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.error().location.rfind("entry 'Kontoausz?ge.xml'", 0), 0u) << file.error().location;
}

}  // namespace
}  // namespace recon
