// Hexadecimal text of bytes, and the "0x4F" name a message gives a byte it refuses.
// All functions are pure and thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace recon::hex {

// Two lower-case digits per byte: "\x4f\x0a" -> "4f0a" (digests, random ids and tokens).
std::string Encode(std::string_view bytes);

// Two upper-case digits per byte: "\x4f\x0a" -> "4F0A".
std::string EncodeUpper(std::string_view bytes);

// Appends the two upper-case digits of `byte` to `out` ("%" + them is RFC 3986 percent-encoding).
void AppendUpper(std::string& out, unsigned char byte);

// "0x4F": a byte named in an error message ("the file holds the control character 0x07").
std::string ByteName(unsigned char byte);

// The bytes that hex text of either case stands for; nullopt when its length is odd or a
// character is not a hex digit. "" decodes to "".
std::optional<std::string> Decode(std::string_view text);

}  // namespace recon::hex
