#include "parsers/csv/reader.hpp"

#include <algorithm>
#include <cstring>

#include "parsers/csv/text.hpp"

namespace recon::csv {

Reader::Reader(std::string_view text, Dialect dialect) : text_(text), dialect_(dialect) {
  special_[static_cast<unsigned char>(dialect.delimiter)] = true;
  special_['\r'] = true;
  special_['\n'] = true;
  if (dialect.quote != '\0') special_[static_cast<unsigned char>(dialect.quote)] = true;
}

Error Reader::QuoteError(size_t line, size_t field, std::string what) const {
  std::string_view name;
  if (header_ != nullptr && field < header_->size()) name = (*header_)[field];
  return MakeError(ErrorCode::kMalformedFile, std::move(what), CellLocation(line, field, name));
}

Status Reader::ReadQuoted(size_t row_line) {
  const char quote = dialect_.quote;
  const size_t field = spans_.size();
  const size_t open_line = line_;
  size_t segment = ++pos_;  // first character after the opening quote
  bool copied = false;
  size_t scratch_begin = 0;
  for (;;) {
    const char* found = static_cast<const char*>(std::memchr(text_.data() + pos_, quote, text_.size() - pos_));
    const size_t close = found ? static_cast<size_t>(found - text_.data()) : text_.size();
    line_ += static_cast<size_t>(
        std::count(text_.begin() + static_cast<ptrdiff_t>(pos_), text_.begin() + static_cast<ptrdiff_t>(close), '\n'));
    if (!found) {
      return QuoteError(
          open_line, field,
          std::string("a field opens with ") + quote + " here but is never closed (the file ends inside it)");
    }
    if (close + 1 < text_.size() && text_[close + 1] == quote) {
      // A doubled quote: keep one. From here on the field lives in scratch_.
      if (!copied) {
        copied = true;
        scratch_begin = scratch_.size();
      }
      scratch_.append(text_.substr(segment, close + 1 - segment));
      pos_ = close + 2;
      segment = pos_;
      continue;
    }
    if (copied) {
      scratch_.append(text_.substr(segment, close - segment));
      spans_.push_back({scratch_begin, scratch_.size() - scratch_begin, true});
    } else {
      spans_.push_back({segment, close - segment, false});
    }
    pos_ = close + 1;
    break;
  }
  if (pos_ < text_.size()) {
    const char next = text_[pos_];
    if (next != dialect_.delimiter && next != '\r' && next != '\n') {
      return QuoteError(row_line, field,
                        std::string("text follows the closing ") + quote +
                            " of a quoted field; a quote inside a quoted field must be doubled");
    }
  }
  return Status::Ok();
}

void Reader::ReadUnquoted() {
  const size_t begin = pos_;
  while (pos_ < text_.size() && !special_[static_cast<unsigned char>(text_[pos_])]) ++pos_;
  spans_.push_back({begin, pos_ - begin, false});
}

Result<bool> Reader::Next(Row& row) {
  if (pos_ >= text_.size()) return false;
  row.line = line_;
  row.offset = pos_;
  spans_.clear();
  scratch_.clear();
  for (;;) {
    if (spans_.size() >= kFieldsPerRowMax) {
      return MakeError(ErrorCode::kLimitExceeded,
                       "the record has more than " + std::to_string(kFieldsPerRowMax) + " fields",
                       LineLocation(row.line));
    }
    if (dialect_.quote != '\0' && pos_ < text_.size() && text_[pos_] == dialect_.quote) {
      if (Status s = ReadQuoted(row.line); !s) return s.error();
    } else {
      ReadUnquoted();
      if (pos_ < text_.size() && text_[pos_] == dialect_.quote && dialect_.quote != '\0') {
        return QuoteError(row.line, spans_.size() - 1,
                          std::string("a ") + dialect_.quote +
                              " appears inside a field that does not start with one; " +
                              "quote the whole field (is there a space before the opening quote?)");
      }
    }
    if (pos_ >= text_.size()) break;
    const char c = text_[pos_];
    if (c == dialect_.delimiter) {
      ++pos_;  // a delimiter at the very end of the text still opens one last, empty field
      continue;
    }
    // A line end: LF, CRLF or a lone CR.
    ++pos_;
    if (c == '\r' && pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
    ++line_;
    break;
  }
  row.fields.clear();
  for (const Span& s : spans_) {
    row.fields.push_back(s.in_scratch ? std::string_view(scratch_).substr(s.begin, s.size)
                                      : text_.substr(s.begin, s.size));
  }
  return true;
}

}  // namespace recon::csv
