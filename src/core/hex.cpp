#include "recon/hex.hpp"

namespace recon::hex {
namespace {

constexpr char kLowerDigits[] = "0123456789abcdef";
constexpr char kUpperDigits[] = "0123456789ABCDEF";

std::string EncodeWith(std::string_view bytes, const char (&digits)[17]) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 0xF]);
  }
  return out;
}

int DigitValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string Encode(std::string_view bytes) {
  return EncodeWith(bytes, kLowerDigits);
}

std::string EncodeUpper(std::string_view bytes) {
  return EncodeWith(bytes, kUpperDigits);
}

void AppendUpper(std::string& out, unsigned char byte) {
  out.push_back(kUpperDigits[byte >> 4]);
  out.push_back(kUpperDigits[byte & 0xF]);
}

std::string ByteName(unsigned char byte) {
  std::string out = "0x";
  AppendUpper(out, byte);
  return out;
}

std::optional<std::string> Decode(std::string_view text) {
  if (text.size() % 2 != 0) return std::nullopt;
  std::string out;
  out.reserve(text.size() / 2);
  for (size_t i = 0; i < text.size(); i += 2) {
    const int high = DigitValue(text[i]);
    const int low = DigitValue(text[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    out.push_back(static_cast<char>(high * 16 + low));
  }
  return out;
}

}  // namespace recon::hex
