// Small text helpers of the OFX reader: white space, entities, tag names, quoting.
#pragma once

#include <string>
#include <string_view>

#include "recon/ascii.hpp"

namespace recon::ofx {

// Tag names: a letter, then letters, digits, '.', '_' or '-' ("INTU.BID").
inline bool IsNameStart(char c) {
  return ascii::IsAlpha(c);
}
inline bool IsNameChar(char c) {
  return ascii::IsAlnum(c) || c == '.' || c == '_' || c == '-';
}

// Replaces &amp; &lt; &gt; &quot; &apos; &nbsp; and numeric references (&#233; &#xE9;).
// Any other '&' stays as written: SGML OFX files often carry a bare one ("GROCER A & Z"),
// and dropping or refusing it would change what the bank sent.
std::string DecodeEntities(std::string_view raw);

// `s` in single quotes for a message, cut after `bytes_max` bytes (at a character
// boundary), with control characters shown as '?' so that a binary file cannot garble it.
inline constexpr size_t kQuotedBytesDefault = 60;
std::string Quoted(std::string_view s, size_t bytes_max = kQuotedBytesDefault);

}  // namespace recon::ofx
