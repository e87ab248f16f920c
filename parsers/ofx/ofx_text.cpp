#include "parsers/ofx/ofx_text.hpp"

#include "parsers/common/single_byte.hpp"
#include "parsers/ofx/ofx_charset.hpp"

namespace recon::ofx {
namespace {

// "&#1114111;" has seven digits; anything longer is no character reference.
constexpr size_t kReferenceDigitsMax = 7;

struct NamedEntity {
  std::string_view name;
  std::string_view utf8;
};

constexpr NamedEntity kNamedEntities[] = {
    {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", "\xC2\xA0"},
};

// The code point of "#233" / "#xE9", or 0 when it is not a usable character reference.
char32_t NumericReference(std::string_view body) {
  if (body.size() < 2 || body[0] != '#') return 0;
  const bool hex = body[1] == 'x' || body[1] == 'X';
  const std::string_view digits = body.substr(hex ? 2 : 1);
  if (digits.empty() || digits.size() > kReferenceDigitsMax) return 0;
  char32_t value = 0;
  for (char c : digits) {
    int d;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (hex && c >= 'a' && c <= 'f') d = c - 'a' + 10;
    else if (hex && c >= 'A' && c <= 'F') d = c - 'A' + 10;
    else return 0;
    value = value * (hex ? 16 : 10) + static_cast<char32_t>(d);
  }
  // NUL cannot be stored as text; surrogates and values past U+10FFFF are no characters.
  if (value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return 0;
  return value;
}

}  // namespace

std::string DecodeEntities(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  size_t i = 0;
  while (i < raw.size()) {
    const size_t amp = raw.find('&', i);
    if (amp == std::string_view::npos) {
      out.append(raw.substr(i));
      break;
    }
    out.append(raw.substr(i, amp - i));
    i = amp + 1;
    // A reference is short; look for its ';' only a little way ahead.
    const size_t semi = raw.substr(i, kReferenceDigitsMax + 3).find(';');
    if (semi == std::string_view::npos) {
      out.push_back('&');
      continue;
    }
    const std::string_view body = raw.substr(i, semi);
    bool replaced = false;
    for (const NamedEntity& e : kNamedEntities) {
      if (body == e.name) {
        out.append(e.utf8);
        replaced = true;
        break;
      }
    }
    if (!replaced) {
      if (const char32_t cp = NumericReference(body); cp != 0) {
        parsers::AppendUtf8(out, cp);
        replaced = true;
      }
    }
    if (replaced) {
      i += semi + 1;
    } else {
      out.push_back('&');
    }
  }
  return out;
}

std::string Quoted(std::string_view s, size_t bytes_max) {
  std::string out = "'";
  size_t i = 0;
  for (; i < s.size() && i < bytes_max; ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    out.push_back(b < 0x20 || b == 0x7F ? '?' : s[i]);
  }
  // Do not cut a UTF-8 sequence in half.
  while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) out.push_back(s[i++]);
  if (i < s.size()) out += "...";
  out += "'";
  return out;
}

}  // namespace recon::ofx
