// The single-byte Western European character sets banks still write, as UTF-8, and the
// UTF-8 checks every parser needs. One copy for camt, MT940, OFX and CSV.
//
//   Windows-1252  0x80-0x9F are the euro sign, typographic quotes, S/Z with caron ...; the
//                 five bytes the code page leaves undefined (0x81 0x8D 0x8F 0x90 0x9D) become
//                 the C1 control of the same number, as the WHATWG Encoding Standard and
//                 Windows' own conversion do, so that no byte is ever refused
//   ISO-8859-1    every byte is the code point of the same number (0x80-0x9F are C1 controls)
//   ISO-8859-15   ISO-8859-1 with eight letters changed: the euro sign at 0xA4, Š š Ž ž Œ œ Ÿ
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace recon::parsers {

enum class SingleByteCharset { kWindows1252, kLatin1, kLatin9 };

// The Unicode code point of byte `b` in `charset`.
char32_t SingleByteCodePoint(unsigned char b, SingleByteCharset charset);

// Appends code point `cp` (at most U+10FFFF, no surrogate) to `out` as UTF-8.
void AppendUtf8(std::string& out, char32_t cp);

// `bytes` in `charset` as UTF-8. Never fails: every byte has a code point.
std::string SingleByteToUtf8(std::string_view bytes, SingleByteCharset charset);

// Length (1-4) of the well-formed UTF-8 sequence that starts at p[0], with `left` bytes
// readable from p (at least one), or 0 when it is not one: a stray continuation byte, an
// overlong form, a UTF-16 surrogate, a code point above U+10FFFF or a cut sequence.
size_t Utf8SequenceLength(const unsigned char* p, size_t left);

// Offset of the first byte of `bytes` that does not start a well-formed UTF-8 sequence, or
// std::string_view::npos when all of it is UTF-8. ASCII runs are skipped eight bytes at a time.
size_t FirstInvalidUtf8(std::string_view bytes);

}  // namespace recon::parsers
