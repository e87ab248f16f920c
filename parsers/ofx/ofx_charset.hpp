// Character sets of OFX files, converted to UTF-8 at the parser's edge.
//
// OFX 1.x names its character set in the header (ENCODING:USASCII + CHARSET:1252, or
// ENCODING:UTF-8); OFX 2.x in the XML declaration (encoding="UTF-8"). Banks often get
// the declaration wrong, so the bytes have the last word: see DecodeToUtf8.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace recon::ofx {

enum class Charset {
  kUnspecified,  // no header, or a header without a character set
  kAscii,        // ENCODING:USASCII with CHARSET:NONE, encoding="US-ASCII"
  kUtf8,
  kWindows1252,  // CHARSET:1252; ISO-8859-1 is read as Windows-1252 too (as browsers do, WHATWG)
  kIso885915,    // ISO-8859-15 (Latin-9: the euro sign at 0xA4)
};

// The charset for a header label ("1252", "ISO-8859-1", "utf-8", "USASCII", "NONE" ...),
// compared without case; nullopt for a label recond cannot convert.
std::optional<Charset> CharsetFromLabel(std::string_view label);

struct Decoded {
  std::string text;                // the whole input as valid UTF-8, same line breaks
  std::optional<std::string> note;  // why the bytes were read otherwise than declared, for the statement's warnings
};

// Converts `bytes` to UTF-8. Never fails: every byte sequence is either valid UTF-8 or
// readable as a single-byte character set.
//   - Valid UTF-8 is taken as UTF-8 whatever the header says: a Windows-1252 text that
//     happens to be valid UTF-8 with non-ASCII letters does not occur in practice
//     ("Ã©" pairs), while banks that write CHARSET:1252 over UTF-8 bytes do. A note says so.
//   - Otherwise the bytes are Windows-1252 (or ISO-8859-15 when declared); a note says
//     so when the header declared UTF-8 or ASCII, or nothing.
// `declared_label` is the header's own spelling, for the note.
Decoded DecodeToUtf8(std::string_view bytes, Charset declared, std::string_view declared_label);

// True when `bytes` is well-formed UTF-8 (no overlong forms, surrogates or code points above U+10FFFF).
bool IsValidUtf8(std::string_view bytes);

}  // namespace recon::ofx
