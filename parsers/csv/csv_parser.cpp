#include "parsers/csv/csv_parser.hpp"

#include <string>
#include <vector>

#include "parsers/csv/charset.hpp"
#include "parsers/csv/detect.hpp"
#include "parsers/csv/profile.hpp"
#include "parsers/csv/reader.hpp"
#include "parsers/csv/sniff.hpp"
#include "parsers/csv/statements.hpp"
#include "parsers/csv/text.hpp"
#include "recon/ascii.hpp"

namespace recon::csv {
namespace {

// Signatures of formats that are never CSV, whatever their commas say.
bool OtherFormat(std::string_view head) {
  if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
  head = ascii::Trim(head);
  return head.starts_with("<") || head.starts_with("OFXHEADER") || head.starts_with("{1:") ||
         head.starts_with(":20:") || head.find('\0') != std::string_view::npos;
}

// Whether one delimiter splits a run of consecutive non-blank records alike (three or more
// fields each) with a row among them that holds a date and a number, as every statement
// table does. Fixed-width text with a comma in a few lines has no such row.
bool HasTable(std::string_view head, char delimiter) {
  Reader reader(head, Dialect{delimiter, '"'});
  Row row;
  size_t run = 0, previous = 0, records = 0;
  bool data_in_run = false, table = false;
  for (size_t i = 0; i < kSniffLinesMax; ++i) {
    auto more = reader.Next(row);
    if (!more.ok() || !*more) break;
    if (IsBlankRow(row.fields)) continue;
    ++records;
    const size_t n = row.fields.size();
    if (n < kTableFieldsMin || n != previous) {
      run = 0;
      data_in_run = false;
    }
    previous = n;
    if (n < kTableFieldsMin) continue;
    ++run;
    data_in_run |= RowHasDateAndNumber(row.fields);
    table |= data_in_run && run >= 3;
  }
  // A file of two lines, a header and one row, is a table too when both split alike.
  return table || (records == 2 && run == 2 && data_in_run);
}

}  // namespace

bool LooksLikeCsv(std::string_view bytes) {
  std::string_view head = bytes.substr(0, kSniffBytesMax);
  if (OtherFormat(head)) return false;
  // Judge whole lines only: a record cut at the sniff limit would count wrong.
  if (head.size() < bytes.size()) {
    const size_t last = head.find_last_of('\n');
    if (last == std::string_view::npos) return false;
    head = head.substr(0, last + 1);
  }
  for (char d : {',', ';', '\t', '|'}) {
    if (HasTable(head, d)) return true;
  }
  return false;
}

Result<ParsedFile> CsvParser::Parse(std::string_view bytes, const ParseOptions& options) const {
  if (bytes.size() > options.file_bytes_max) {
    return MakeError(ErrorCode::kLimitExceeded, "the file is " + std::to_string(bytes.size()) +
                                                    " bytes; the limit is " + std::to_string(options.file_bytes_max));
  }
  if (bytes.empty()) return MakeError(ErrorCode::kMalformedFile, "the file is empty", "byte 0");
  std::vector<std::string> notes;
  if (options.csv_profile_json.empty()) {
    if (!options.csv_profile.empty() && options.csv_profile != "auto") {
      return MakeError(ErrorCode::kInvalidRequest, "the CSV profile '" + SanitizeUtf8(options.csv_profile) +
                                                       "' was named but its text was not supplied to the parser");
    }
    Encoding encoding = Encoding::kUtf8;
    auto text = DecodeGuessing(bytes, encoding);
    if (!text) return text.take_error();
    if (encoding != Encoding::kUtf8) {
      notes.push_back("the file is not UTF-8; it was read as Windows-1252");
    }
    auto profile = DetectProfile(text->view(), encoding, notes);
    if (!profile) return profile.take_error();
    return ReadStatements(text->view(), *profile, options, notes);
  }
  auto profile = ParseProfile(options.csv_profile_json, options.csv_profile.empty() ? "unnamed" : options.csv_profile);
  if (!profile) return profile.take_error();
  auto text = DecodeToUtf8(bytes, profile->encoding);
  if (!text) return text.take_error();
  return ReadStatements(text->view(), *profile, options, notes);
}

}  // namespace recon::csv
