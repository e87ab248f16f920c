#include "parsers/camt/text_encoding.hpp"

#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace recon::camt {
namespace {

// Windows-1252 0x80..0x9F; the five unassigned positions keep their C1 code points, as
// Windows' own conversion does.
constexpr uint16_t kWindows1252High[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

// ISO-8859-15 differs from ISO-8859-1 in eight positions.
uint16_t Latin9(unsigned char c) {
  switch (c) {
    case 0xA4: return 0x20AC;
    case 0xA6: return 0x0160;
    case 0xA8: return 0x0161;
    case 0xB4: return 0x017D;
    case 0xB8: return 0x017E;
    case 0xBC: return 0x0152;
    case 0xBD: return 0x0153;
    case 0xBE: return 0x0178;
    default: return c;
  }
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

Error Malformed(std::string message, std::string location) {
  return MakeError(ErrorCode::kMalformedFile, std::move(message), std::move(location));
}

std::string ByteAndLine(std::string_view bytes, size_t offset) {
  size_t line = 1;
  for (size_t i = 0; i < offset; ++i) line += bytes[i] == '\n';
  return "byte " + std::to_string(offset) + " (line " + std::to_string(line) + ")";
}

// Length of the valid UTF-8 sequence at `i`, or 0 when it is not one.
size_t SequenceLength(const unsigned char* p, size_t i, size_t n) {
  const unsigned char c = p[i];
  auto cont = [&](size_t k) { return i + k < n && (p[i + k] & 0xC0) == 0x80; };
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if (c == 0xE0 && p[i + 1] < 0xA0) return 0;  // overlong
    if (c == 0xED && p[i + 1] > 0x9F) return 0;  // surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (c == 0xF0 && p[i + 1] < 0x90) return 0;  // overlong
    if (c == 0xF4 && p[i + 1] > 0x8F) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
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
  const std::string name = Lower(declaration.substr(at + 1, close - at - 1));
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
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  for (const char ch : bytes) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c < 0x80) {
      out += ch;
      continue;
    }
    uint16_t code = c;
    if (encoding == TextEncoding::kWindows1252 && c < 0xA0) code = kWindows1252High[c - 0x80];
    if (encoding == TextEncoding::kLatin9) code = Latin9(c);
    if (code < 0x800) {
      out += static_cast<char>(0xC0 | (code >> 6));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
      out += static_cast<char>(0xE0 | (code >> 12));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    }
  }
  return out;
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
        return Malformed("the file holds the control character 0x" + std::string(1, "0123456789ABCDEF"[c >> 4]) +
                             std::string(1, "0123456789ABCDEF"[c & 15]) + ", which XML does not allow",
                         ByteAndLine(bytes, i));
      }
      ++i;
      continue;
    }
    const size_t length = SequenceLength(p, i, n);
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
