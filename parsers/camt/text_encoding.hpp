// The character encoding of a camt file, turned into UTF-8 at the parser's edge.
//
// camt files are UTF-8 by the standard, but some banks write ISO-8859-1 (or its
// euro variant -15) or Windows-1252 and say so in the XML declaration. Those are
// converted; UTF-16 and anything else is refused with a message saying what is read.
#pragma once

#include <string>
#include <string_view>

#include "recon/error.hpp"

namespace recon::camt {

enum class TextEncoding { kUtf8, kLatin1, kLatin9, kWindows1252 };

// The encoding named by encoding="..." in the XML declaration; UTF-8 when the file has
// no declaration or no encoding in it. Errors (kMalformedFile): a UTF-16/UTF-32
// byte-order mark, or an encoding recond does not read (the message names it).
Result<TextEncoding> DeclaredEncoding(std::string_view bytes);

// The bytes of a single-byte encoding (kLatin1, kLatin9, kWindows1252) as UTF-8.
std::string ToUtf8(std::string_view bytes, TextEncoding encoding);

// Checks that `bytes` is valid UTF-8 (no overlong forms, surrogates or code points
// above U+10FFFF) and holds no control character XML 1.0 forbids (below U+0020 other
// than tab, line feed and carriage return). kMalformedFile names the byte and line.
Status CheckUtf8(std::string_view bytes);

}  // namespace recon::camt
