// The character-set edge of the MT940 parser: everything after it sees UTF-8.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "recon/error.hpp"

namespace recon::mt940 {

// What the edge found in the bytes.
struct CharsetCheck {
  bool utf8 = true;                 // well-formed UTF-8 (ASCII included)
  std::optional<size_t> control_at; // offset of the first control byte other than TAB, CR, LF, SOH, ETX
  bool framing = false;             // SOH (0x01) or ETX (0x03) seen: SWIFT's message start and end marks
};

// One pass over the bytes: is it UTF-8, and where is the first forbidden control byte.
// SOH and ETX are allowed: files taken from a SWIFT interface keep them around each message.
CharsetCheck CheckCharset(std::string_view bytes);

// Windows-1252 to UTF-8. ISO-8859-1 is the same for 0xA0-0xFF; 0x80-0x9F are read as
// Windows-1252 (the euro sign, typographic quotes, S/Z with caron ...), and the five bytes
// it leaves undefined become the C1 controls of the same number, as WHATWG decoders do.
std::string Windows1252ToUtf8(std::string_view bytes);

}  // namespace recon::mt940
