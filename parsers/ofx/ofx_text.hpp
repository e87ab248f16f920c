// Small text helpers of the OFX reader: white space, entities, tag names, quoting.
#pragma once

#include <string>
#include <string_view>

namespace recon::ofx {

// ASCII white space as OFX files use it between and around values.
inline bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool IsBlank(std::string_view s);
std::string_view Trim(std::string_view s);

inline char ToUpperAscii(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }
std::string UpperAscii(std::string_view s);

// Tag names: a letter, then letters, digits, '.', '_' or '-' ("INTU.BID").
inline bool IsNameStart(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
inline bool IsNameChar(char c) {
  return IsNameStart(c) || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
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
