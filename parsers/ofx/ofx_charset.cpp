#include "parsers/ofx/ofx_charset.hpp"

#include "parsers/common/single_byte.hpp"
#include "parsers/ofx/ofx_text.hpp"
#include "recon/ascii.hpp"

namespace recon::ofx {
namespace {

bool AllAscii(std::string_view bytes) {
  for (char c : bytes) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

}  // namespace

std::optional<Charset> CharsetFromLabel(std::string_view label) {
  const std::string l = ascii::Uppercased(label);
  if (l.empty() || l == "NONE") return Charset::kUnspecified;
  if (l == "USASCII" || l == "US-ASCII" || l == "ASCII") return Charset::kAscii;
  if (l == "UTF-8" || l == "UTF8" || l == "UNICODE" || l == "CSUNICODE") return Charset::kUtf8;
  if (l == "1252" || l == "WINDOWS-1252" || l == "CP1252" || l == "ISO-8859-1" || l == "ISO8859-1" ||
      l == "8859-1" || l == "LATIN1" || l == "LATIN-1" || l == "ISO_8859-1") {
    return Charset::kWindows1252;
  }
  if (l == "ISO-8859-15" || l == "ISO8859-15" || l == "8859-15" || l == "LATIN9" || l == "LATIN-9") {
    return Charset::kIso885915;
  }
  return std::nullopt;
}

bool IsValidUtf8(std::string_view bytes) { return parsers::FirstInvalidUtf8(bytes) == std::string_view::npos; }

Decoded DecodeToUtf8(std::string_view bytes, Charset declared, std::string_view declared_label) {
  if (AllAscii(bytes)) return Decoded{std::string(bytes), std::nullopt};
  const std::string label(declared_label);
  if (IsValidUtf8(bytes)) {
    if (declared == Charset::kUtf8 || declared == Charset::kUnspecified) return Decoded{std::string(bytes), std::nullopt};
    return Decoded{std::string(bytes), "the header declares the character set '" + label +
                                           "', but the bytes are UTF-8; the file was read as UTF-8"};
  }
  const Charset used = declared == Charset::kIso885915 ? Charset::kIso885915 : Charset::kWindows1252;
  std::optional<std::string> note;
  if (declared == Charset::kUtf8 || declared == Charset::kAscii) {
    note = "the header declares the character set '" + label +
           "', but the file has bytes that are not " + (declared == Charset::kUtf8 ? "UTF-8" : "ASCII") +
           "; the file was read as Windows-1252";
  } else if (declared == Charset::kUnspecified) {
    note = "the file names no character set and is not UTF-8; it was read as Windows-1252";
  }
  const auto single_byte =
      used == Charset::kIso885915 ? parsers::SingleByteCharset::kLatin9 : parsers::SingleByteCharset::kWindows1252;
  return Decoded{parsers::SingleByteToUtf8(bytes, single_byte), std::move(note)};
}

}  // namespace recon::ofx
