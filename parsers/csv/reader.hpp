// The CSV tokenizer: records and fields as views over UTF-8 text, RFC 4180 quoting.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "recon/error.hpp"

namespace recon::csv {

// More fields than this in one record is not a bank export; refused as kLimitExceeded.
inline constexpr size_t kFieldsPerRowMax = 1024;

struct Dialect {
  char delimiter = ',';
  char quote = '"';  // '\0': no quoting; a quote character is then plain text
};

// One record. The views point into the text given to the Reader, or into the Reader's
// own buffer for fields whose doubled quotes had to be undone; they stay valid until the
// Reader's next call to Next().
struct Row {
  size_t line = 0;    // 1-based line of the file on which the record starts
  size_t offset = 0;  // byte offset of the record's first character
  std::vector<std::string_view> fields;
};

// Reads records one after the other. A field either starts with the quote character and
// runs to the matching closing quote (which may span lines; a doubled quote inside stands
// for one quote), or holds no quote character at all. Line ends are LF, CRLF or a lone CR.
// A blank line is a record with one empty field.
//
// Not thread-safe; cheap to create. Holds no copy of the text.
class Reader {
 public:
  Reader(std::string_view text, Dialect dialect);

  // Fills `row` with the next record and returns true; returns false at the end of the
  // text. Errors: kMalformedFile for a quote that breaks the rules above (the location
  // names line and column), kLimitExceeded beyond kFieldsPerRowMax fields.
  Result<bool> Next(Row& row);

  // Header names used in error locations ("column 9 'Mededelingen'"); may stay unset.
  void set_header(const std::vector<std::string>* header) { header_ = header; }

 private:
  struct Span {
    size_t begin;
    size_t size;
    bool in_scratch;
  };

  Error QuoteError(size_t line, size_t field, std::string what) const;
  // Reads a quoted field starting at the opening quote; leaves pos_ after the closing quote.
  Status ReadQuoted(size_t row_line);
  void ReadUnquoted();

  std::string_view text_;
  Dialect dialect_;
  std::array<bool, 256> special_{};  // delimiter, quote, CR and LF end an unquoted run
  size_t pos_ = 0;
  size_t line_ = 1;
  std::string scratch_;  // unescaped text of quoted fields with doubled quotes
  std::vector<Span> spans_;
  const std::vector<std::string>* header_ = nullptr;
};

}  // namespace recon::csv
