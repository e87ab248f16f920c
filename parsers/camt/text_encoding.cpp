#include "parsers/camt/text_encoding.hpp"

#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "parsers/common/single_byte.hpp"
#include "recon/ascii.hpp"
#include "recon/hex.hpp"

namespace recon::camt {
namespace {

Error Malformed(std::string message, std::string location) {
  return MakeError(ErrorCode::kMalformedFile, std::move(message), std::move(location));
}

std::string ByteAndLine(std::string_view bytes, size_t offset) {
  size_t line = 1;
  for (size_t i = 0; i < offset; ++i) line += bytes[i] == '\n';
  return "byte " + std::to_string(offset) + " (line " + std::to_string(line) + ")";
}

}  // namespace

Result<TextEncoding> DeclaredEncoding(std::string_view bytes) {
  if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF") || bytes.starts_with(std::string_view("\0\0\xFE\xFF", 4))) {
    return Malformed("the file is UTF-16 or UTF-32; recond reads camt files in UTF-8, ISO-8859-1, ISO-8859-15 or "
                     "Windows-1252",
                     "byte 0");
  }
  if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
  if (!bytes.starts_with("<?xml")) return TextEncoding::kUtf8;
  const std::string_view declaration = bytes.substr(0, bytes.find("?>"));
  const size_t key = declaration.find("encoding");
  if (key == std::string_view::npos) return TextEncoding::kUtf8;
  size_t at = declaration.find_first_of("\"'", key);
  if (at == std::string_view::npos) return TextEncoding::kUtf8;
  const size_t close = declaration.find(declaration[at], at + 1);
  if (close == std::string_view::npos) return TextEncoding::kUtf8;  // the XML reader reports the broken declaration
  const std::string name = ascii::Lowercased(declaration.substr(at + 1, close - at - 1));
  if (name == "utf-8" || name == "utf8" || name == "us-ascii" || name == "ascii") return TextEncoding::kUtf8;
  if (name == "iso-8859-1" || name == "latin1" || name == "latin-1" || name == "iso8859-1" || name == "l1") {
    return TextEncoding::kLatin1;
  }
  if (name == "iso-8859-15" || name == "latin9" || name == "latin-9" || name == "iso8859-15") {
    return TextEncoding::kLatin9;
  }
  if (name == "windows-1252" || name == "cp1252" || name == "x-cp1252") return TextEncoding::kWindows1252;
  return Malformed("the file declares the encoding '" + std::string(declaration.substr(at + 1, close - at - 1)) +
                       "'; recond reads camt files in UTF-8, ISO-8859-1, ISO-8859-15 or Windows-1252",
                   "the XML declaration");
}

std::string ToUtf8(std::string_view bytes, TextEncoding encoding) {
  const auto charset = encoding == TextEncoding::kWindows1252 ? parsers::SingleByteCharset::kWindows1252
                       : encoding == TextEncoding::kLatin9    ? parsers::SingleByteCharset::kLatin9
                                                              : parsers::SingleByteCharset::kLatin1;
  return parsers::SingleByteToUtf8(bytes, charset);
}

namespace {

// True when the 16 bytes at p are ASCII with no control character other than tab, LF
// and CR: the common case, checked in a handful of instructions.
bool PlainAscii16(const unsigned char* p) {
#if defined(__SSE2__)
  const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  // Bytes >= 0x80 are negative as signed bytes, so one signed compare finds both the
  // non-ASCII bytes and the controls (< 0x20).
  const __m128i low = _mm_cmplt_epi8(x, _mm_set1_epi8(0x20));
  const __m128i allowed = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('\n')),
                                                    _mm_cmpeq_epi8(x, _mm_set1_epi8('\r'))),
                                       _mm_cmpeq_epi8(x, _mm_set1_epi8('\t')));
  return _mm_movemask_epi8(_mm_andnot_si128(allowed, low)) == 0;
#else
  for (int i = 0; i < 16; ++i) {
    const unsigned char c = p[i];
    if (c >= 0x80 || (c < 0x20 && c != '\n' && c != '\r' && c != '\t')) return false;
  }
  return true;
#endif
}

}  // namespace

Status CheckUtf8(std::string_view bytes) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const size_t n = bytes.size();
  size_t i = 0;
  while (i < n) {
    if (i + 16 <= n && PlainAscii16(p + i)) {
      i += 16;
      continue;
    }
    const unsigned char c = p[i];
    if (c < 0x80) {
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
        return Malformed("the file holds the control character " + hex::ByteName(c) + ", which XML does not allow",
                         ByteAndLine(bytes, i));
      }
      ++i;
      continue;
    }
    const size_t length = parsers::Utf8SequenceLength(p + i, n - i);
    if (length == 0) {
      return Malformed("the file is not valid UTF-8 here; if the bank writes ISO-8859-1 or Windows-1252, the XML "
                       "declaration must say so (encoding=\"ISO-8859-1\")",
                       ByteAndLine(bytes, i));
    }
    i += length;
  }
  return Status::Ok();
}

}  // namespace recon::camt
