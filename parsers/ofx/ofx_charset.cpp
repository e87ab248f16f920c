#include "parsers/ofx/ofx_charset.hpp"

#include <array>
#include <cstdint>

#include "parsers/ofx/ofx_text.hpp"

namespace recon::ofx {
namespace {

// Windows-1252 0x80-0x9F. The five bytes the code page leaves undefined map to the C1
// control with the same number, as the WHATWG Encoding Standard does, so that no byte
// is ever refused.
constexpr std::array<char16_t, 32> kWindows1252High = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

char32_t Iso885915(unsigned char b) {
  switch (b) {
    case 0xA4: return 0x20AC;
    case 0xA6: return 0x0160;
    case 0xA8: return 0x0161;
    case 0xB4: return 0x017D;
    case 0xB8: return 0x017E;
    case 0xBC: return 0x0152;
    case 0xBD: return 0x0153;
    case 0xBE: return 0x0178;
    default: return b;
  }
}

bool AllAscii(std::string_view bytes) {
  for (char c : bytes) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

// Length of the valid UTF-8 sequence at bytes[i], or 0 when it is not one.
size_t Utf8SequenceLength(std::string_view bytes, size_t i) {
  const auto at = [&](size_t k) { return static_cast<unsigned char>(bytes[k]); };
  const unsigned char b = at(i);
  if (b < 0x80) return 1;
  size_t length;
  unsigned char low = 0x80, high = 0xBF;  // allowed range of the second byte
  if (b >= 0xC2 && b <= 0xDF) {
    length = 2;
  } else if (b >= 0xE0 && b <= 0xEF) {
    length = 3;
    if (b == 0xE0) low = 0xA0;   // no overlong forms
    if (b == 0xED) high = 0x9F;  // no surrogates
  } else if (b >= 0xF0 && b <= 0xF4) {
    length = 4;
    if (b == 0xF0) low = 0x90;
    if (b == 0xF4) high = 0x8F;  // nothing above U+10FFFF
  } else {
    return 0;
  }
  if (i + length > bytes.size()) return 0;
  if (at(i + 1) < low || at(i + 1) > high) return 0;
  for (size_t k = 2; k < length; ++k) {
    if (at(i + k) < 0x80 || at(i + k) > 0xBF) return 0;
  }
  return length;
}

std::string FromSingleByte(std::string_view bytes, Charset charset) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  for (char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    if (b < 0x80) {
      out.push_back(c);
    } else if (charset == Charset::kIso885915) {
      AppendUtf8(out, Iso885915(b));
    } else if (b < 0xA0) {
      AppendUtf8(out, kWindows1252High[b - 0x80]);
    } else {
      AppendUtf8(out, b);
    }
  }
  return out;
}

}  // namespace

std::optional<Charset> CharsetFromLabel(std::string_view label) {
  const std::string l = UpperAscii(label);
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

bool IsValidUtf8(std::string_view bytes) {
  for (size_t i = 0; i < bytes.size();) {
    const size_t n = Utf8SequenceLength(bytes, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

void AppendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

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
  return Decoded{FromSingleByte(bytes, used), std::move(note)};
}

}  // namespace recon::ofx
