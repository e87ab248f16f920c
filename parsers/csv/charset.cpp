#include "parsers/csv/charset.hpp"

#include <cstdint>
#include <cstring>

#include "parsers/common/single_byte.hpp"
#include "recon/hex.hpp"

namespace recon::csv {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

size_t LineOf(std::string_view bytes, size_t offset) {
  size_t line = 1;
  for (size_t i = 0; i < offset && i < bytes.size(); ++i) {
    if (bytes[i] == '\n') ++line;
  }
  return line;
}

Status RefuseNul(std::string_view bytes) {
  const size_t nul = bytes.find('\0');
  if (nul == std::string_view::npos) return Status::Ok();
  return MakeError(ErrorCode::kMalformedFile,
                   "the file contains a NUL byte (byte " + std::to_string(nul) +
                       "); a CSV export never does: is it a spreadsheet or UTF-16 file?",
                   "line " + std::to_string(LineOf(bytes, nul)));
}

Utf8Text FromSingleByte(std::string_view bytes, bool windows_1252) {
  return Utf8Text::Own(parsers::SingleByteToUtf8(
      bytes, windows_1252 ? parsers::SingleByteCharset::kWindows1252 : parsers::SingleByteCharset::kLatin1));
}

}  // namespace

std::string_view EncodingName(Encoding encoding) {
  switch (encoding) {
    case Encoding::kUtf8:
      return "utf-8";
    case Encoding::kWindows1252:
      return "windows-1252";
    case Encoding::kIso88591:
      return "iso-8859-1";
  }
  return "utf-8";
}

Utf8Text Utf8Text::Borrow(std::string_view text) {
  Utf8Text t;
  t.borrowed_ = text;
  return t;
}

Utf8Text Utf8Text::Own(std::string text) {
  Utf8Text t;
  t.owned_ = true;
  t.storage_ = std::move(text);
  return t;
}

Result<Utf8Text> DecodeToUtf8(std::string_view bytes, Encoding encoding) {
  if (Status s = RefuseNul(bytes); !s) return s.error();
  const bool bom = bytes.starts_with(kUtf8Bom);
  if (bom || encoding == Encoding::kUtf8) {
    const std::string_view body = bom ? bytes.substr(kUtf8Bom.size()) : bytes;
    const size_t bad = parsers::FirstInvalidUtf8(body);
    if (bad != std::string_view::npos) {
      const size_t offset = bad + (bom ? kUtf8Bom.size() : 0);
      return MakeError(ErrorCode::kMalformedFile,
                       "byte " + hex::ByteName(static_cast<unsigned char>(bytes[offset])) + " at byte offset " +
                           std::to_string(offset) +
                           " is not UTF-8, but the file is read as UTF-8; is it Windows-1252 or ISO-8859-1?",
                       "line " + std::to_string(LineOf(bytes, offset)));
    }
    return Utf8Text::Borrow(body);
  }
  return FromSingleByte(bytes, encoding == Encoding::kWindows1252);
}

Result<Utf8Text> DecodeGuessing(std::string_view bytes, Encoding& encoding) {
  if (Status s = RefuseNul(bytes); !s) return s.error();
  if (bytes.starts_with(kUtf8Bom) || parsers::FirstInvalidUtf8(bytes) == std::string_view::npos) {
    encoding = Encoding::kUtf8;
    return DecodeToUtf8(bytes, Encoding::kUtf8);
  }
  encoding = Encoding::kWindows1252;
  return FromSingleByte(bytes, true);
}

}  // namespace recon::csv
