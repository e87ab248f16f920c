// Character sets at the parser's edge: every later stage sees UTF-8 only.
#pragma once

#include <string>
#include <string_view>

#include "recon/error.hpp"

namespace recon::csv {

enum class Encoding {
  kUtf8,         // with or without a byte-order mark
  kWindows1252,  // the Western European Windows code page (what "ANSI" exports are)
  kIso88591,     // Latin-1; bytes 0x80-0x9F are C1 control characters
};

// "utf-8", "windows-1252", "iso-8859-1": the names profiles use.
std::string_view EncodingName(Encoding encoding);

// UTF-8 text: a view of the input when it already was UTF-8, otherwise converted into
// storage this object owns. Move-only, so that the view never dangles.
class Utf8Text {
 public:
  Utf8Text() = default;
  Utf8Text(Utf8Text&&) = default;
  Utf8Text& operator=(Utf8Text&&) = default;
  Utf8Text(const Utf8Text&) = delete;
  Utf8Text& operator=(const Utf8Text&) = delete;

  static Utf8Text Borrow(std::string_view text);
  static Utf8Text Own(std::string text);

  std::string_view view() const { return owned_ ? std::string_view(storage_) : borrowed_; }

 private:
  bool owned_ = false;
  std::string storage_;
  std::string_view borrowed_;
};

// Converts `bytes` from `encoding` to UTF-8. A UTF-8 byte-order mark is dropped, and it
// wins over the stated encoding (a BOM is unambiguous). Fails with kMalformedFile naming
// the line when a "utf-8" file holds a byte sequence that is not UTF-8, or when any
// file holds a NUL byte (no CSV export contains one, and the database cannot store it).
Result<Utf8Text> DecodeToUtf8(std::string_view bytes, Encoding encoding);

// For automatic mode: UTF-8 when the bytes are valid UTF-8 (or start with a BOM),
// otherwise Windows-1252, which is what a non-UTF-8 European export nearly always is.
// `encoding` receives the choice. Fails only on NUL bytes or a BOM followed by invalid UTF-8.
Result<Utf8Text> DecodeGuessing(std::string_view bytes, Encoding& encoding);

}  // namespace recon::csv
