#include "parsers/csv/charset.hpp"

#include <cstdint>
#include <cstring>

namespace recon::csv {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// Windows-1252 code points for bytes 0x80-0x9F. The five bytes the code page leaves
// undefined map to the C1 control of the same value, as the WHATWG encoding standard does.
constexpr uint16_t kWindows1252High[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

size_t LineOf(std::string_view bytes, size_t offset) {
  size_t line = 1;
  for (size_t i = 0; i < offset && i < bytes.size(); ++i) {
    if (bytes[i] == '\n') ++line;
  }
  return line;
}

std::string Hex(unsigned char c) {
  constexpr char kDigits[] = "0123456789ABCDEF";
  return std::string("0x") + kDigits[c >> 4] + kDigits[c & 0xF];
}

// Length of the valid UTF-8 sequence at `i`, or 0 when it is not valid (overlong forms,
// surrogates and code points above U+10FFFF included).
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = byte(i);
  if (c < 0x80) return 1;
  size_t length = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    length = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    length = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    length = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + length > s.size()) return 0;
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (size_t k = 2; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  return length;
}

// Offset of the first byte that is not valid UTF-8, or npos.
size_t FirstInvalidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    // ASCII runs are the common case; skip them eight bytes at a time.
    while (i + 8 <= s.size()) {
      uint64_t word;
      std::memcpy(&word, s.data() + i, 8);
      if (word & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= s.size()) break;
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    const size_t n = Utf8SequenceLength(s, i);
    if (n == 0) return i;
    i += n;
  }
  return std::string_view::npos;
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
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 8);
  for (char ch : bytes) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c < 0x80) {
      out += ch;
    } else if (c < 0xA0 && windows_1252) {
      AppendUtf8(out, kWindows1252High[c - 0x80]);
    } else {
      AppendUtf8(out, c);
    }
  }
  return Utf8Text::Own(std::move(out));
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
    const size_t bad = FirstInvalidUtf8(body);
    if (bad != std::string_view::npos) {
      const size_t offset = bad + (bom ? kUtf8Bom.size() : 0);
      return MakeError(ErrorCode::kMalformedFile,
                       "byte " + Hex(static_cast<unsigned char>(bytes[offset])) + " at byte offset " +
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
  if (bytes.starts_with(kUtf8Bom) || FirstInvalidUtf8(bytes) == std::string_view::npos) {
    encoding = Encoding::kUtf8;
    return DecodeToUtf8(bytes, Encoding::kUtf8);
  }
  encoding = Encoding::kWindows1252;
  return FromSingleByte(bytes, true);
}

}  // namespace recon::csv
