#include <algorithm>
#include <array>
#include <cstdint>

#include "matching/evidence/counterparty.hpp"
#include "recon/ascii.hpp"

// NameKey in two passes: fold the UTF-8 text into lower-case ASCII words (remembering how
// each word was written), then drop the words that are legal forms.
namespace recon::matching {
namespace {

// Legal forms, folded and without punctuation. "is" and "ks" (Danish I/S, K/S) are in
// kSlashOnlyForms: only with their slash are they legal forms and not words. Sorted, for
// bisection.
// clang-format off
constexpr std::string_view kLegalForms[] = {
    "ab", "ag", "ans", "aps", "as", "asa", "bv", "bvba", "cie", "co", "corp", "corporation", "doo", "ehf", "ek",
    "eurl", "gbr", "gmbh", "haftungsbeschrankt", "hb", "inc", "incorporated", "kb", "kft", "kg", "kgaa", "ky",
    "lda", "limited", "llc", "llp", "lp", "ltd", "ltda", "mbh", "nuf", "nv", "nyrt", "ohg", "oy", "oyj", "plc",
    "pty", "publ", "sa", "sarl", "sas", "sasu", "se", "sia", "sl", "slu", "spa", "spzoo", "srl", "sro", "uab",
    "ug", "vof", "zrt"
};
// clang-format on
static_assert(std::is_sorted(std::begin(kLegalForms), std::end(kLegalForms)), "kLegalForms is searched by bisection");
constexpr std::string_view kSlashOnlyForms[] = {"is", "ks"};

// Latin-1 Supplement U+00C0..U+00FF: base letter, ' ' for a symbol (× ÷), and for the
// letters that fold to two: '*' ae, '#' th, '$' ss.
constexpr std::string_view kLatin1 = "aaaaaa*ceeeeiiiidnooooo ouuuuy#$aaaaaa*ceeeeiiiidnooooo ouuuuy#y";
// Latin Extended-A U+0100..U+017F: '*' ij, '&' oe.
constexpr std::string_view kLatinExtA =
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii**jjkkkllllllllllnnnnnnnnnoooooo&&rrrrrrsssssssstttttt"
    "uuuuuuuuuuuuwwyyyzzzzzzs";

// What one character is to a name.
enum class Class { kLetters, kJoiner, kSlash, kDot, kSeparator, kKeep };

struct Folded {
  Class cls = Class::kSeparator;
  std::string_view letters;  // for kLetters
};

Folded FoldLetter(char base) {
  switch (base) {
    case '*':
      return {Class::kLetters, "ae"};
    case '#':
      return {Class::kLetters, "th"};
    case '$':
      return {Class::kLetters, "ss"};
    case '&':
      return {Class::kLetters, "oe"};
    case ' ':
      return {Class::kSeparator, {}};
    default:
      break;
  }
  static constexpr std::string_view kAlphabet = "abcdefghijklmnopqrstuvwxyz";
  return {Class::kLetters, kAlphabet.substr(static_cast<size_t>(base - 'a'), 1)};
}

Folded Fold(char32_t cp) {
  static constexpr std::string_view kAlphabet = "abcdefghijklmnopqrstuvwxyz";
  static constexpr std::string_view kDigits = "0123456789";
  if (cp >= 'A' && cp <= 'Z') return {Class::kLetters, kAlphabet.substr(cp - 'A', 1)};
  if (cp >= 'a' && cp <= 'z') return {Class::kLetters, kAlphabet.substr(cp - 'a', 1)};
  if (cp >= '0' && cp <= '9') return {Class::kLetters, kDigits.substr(cp - '0', 1)};
  if (cp == '/') return {Class::kSlash, {}};
  if (cp == '.') return {Class::kDot, {}};
  if (cp == '\'' || cp == '`' || cp == 0xB4 || cp == 0x2018 || cp == 0x2019 || cp == 0x02BC) {
    return {Class::kJoiner, {}};
  }
  if (cp < 0xC0) return {Class::kSeparator, {}};
  if (cp <= 0xFF) return FoldLetter(kLatin1[cp - 0xC0]);
  if (cp <= 0x17F) return FoldLetter(kLatinExtA[cp - 0x100]);
  if (cp == 0x218 || cp == 0x219) return {Class::kLetters, "s"};
  if (cp == 0x21A || cp == 0x21B) return {Class::kLetters, "t"};
  if (cp == 0x1E9E) return {Class::kLetters, "ss"};
  if (cp >= 0x300 && cp <= 0x36F) return {Class::kJoiner, {}};       // combining accents
  if (cp >= 0x2000 && cp <= 0x206F) return {Class::kSeparator, {}};  // spaces, dashes, quotes
  return {Class::kKeep, {}};
}

// Decodes one UTF-8 character at `i`; sets `len`. A malformed sequence is one Latin-1 byte.
char32_t Decode(std::string_view s, size_t i, size_t& len) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  len = 1;
  if (b0 < 0x80) return b0;
  size_t need = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    need = 1;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    need = 2;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    need = 3;
  }
  if (need == 0 || i + need >= s.size()) return b0;
  char32_t cp = b0 & (need == 1 ? 0x1F : need == 2 ? 0x0F : 0x07);
  for (size_t k = 1; k <= need; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) return b0;
    cp = (cp << 6) | (b & 0x3F);
  }
  len = need + 1;
  return cp;
}

struct Word {
  uint32_t begin = 0;
  uint32_t end = 0;
  bool slash = false;   // written with a '/' inside: "A/S"
  bool dotted = false;  // written with a closing '.': "S." of "S. A."
  bool hyphen = false;  // written against a hyphen: "Co" of "Co-op" is no legal form
};

bool IsLegalForm(std::string_view w, bool slash) {
  if (std::binary_search(std::begin(kLegalForms), std::end(kLegalForms), w)) return true;
  return slash && std::find(std::begin(kSlashOnlyForms), std::end(kSlashOnlyForms), w) != std::end(kSlashOnlyForms);
}

// A name of more words than this is not a name; only its first words make the key.
constexpr size_t kWordsMax = 32;

struct Words {
  std::array<Word, kWordsMax> at{};
  size_t count = 0;
};

// Folds `name` into `buf` as words separated by single spaces, and records where each is.
void FoldWords(std::string_view name, std::string& buf, Words& words) {
  Word cur;
  bool in_word = false;
  bool last_dot = false;
  bool after_hyphen = false;  // the last character was a '-' right after a word
  auto open = [&] {
    if (!buf.empty()) buf.push_back(' ');
    cur = Word{static_cast<uint32_t>(buf.size())};
    cur.hyphen = after_hyphen;
    in_word = true;
  };
  auto close = [&] {
    if (!in_word) return;
    cur.end = static_cast<uint32_t>(buf.size());
    cur.dotted = last_dot;
    words.at[words.count++] = cur;
    in_word = false;
  };
  for (size_t i = 0; i < name.size() && words.count < kWordsMax;) {
    size_t len = 1;
    const char c = name[i];
    // Plain ASCII letters and digits are nearly all of a name: no decoding, no table.
    if (ascii::IsAlnum(c)) {
      if (!in_word) open();
      last_dot = false;
      after_hyphen = false;
      buf.push_back(ascii::ToLower(c));
      ++i;
      continue;
    }
    const char32_t cp = Decode(name, i, len);
    const Folded f = Fold(cp);
    switch (f.cls) {
      case Class::kLetters:
      case Class::kKeep:
        if (!in_word) open();
        last_dot = false;
        after_hyphen = false;
        buf.append(f.cls == Class::kLetters ? f.letters : name.substr(i, len));
        break;
      case Class::kSlash:
        cur.slash = cur.slash || in_word;
        break;
      case Class::kDot:
        last_dot = in_word;
        break;
      case Class::kJoiner:
        break;
      case Class::kSeparator:
        if (c == '-' && in_word) cur.hyphen = true;
        after_hyphen = c == '-' && in_word;
        close();
        last_dot = false;
        break;
    }
    i += len;
  }
  close();
}

// Marks the words that are legal forms in `drop`.
void MarkLegalForms(std::string_view buf, const Words& words, std::array<bool, kWordsMax>& drop) {
  auto text = [&](size_t i) { return buf.substr(words.at[i].begin, words.at[i].end - words.at[i].begin); };
  for (size_t i = 0; i < words.count; ++i) {
    // "Sp. z o.o.": the Polish form spans three words.
    if (i + 2 < words.count && text(i) == "sp" && text(i + 1) == "z" && text(i + 2) == "oo") {
      drop[i] = drop[i + 1] = drop[i + 2] = true;
      i += 2;
      continue;
    }
    if (!words.at[i].hyphen && IsLegalForm(text(i), words.at[i].slash)) {
      drop[i] = true;
      continue;
    }
    // "S. A.", "S. p. A.": short abbreviations each closed by a dot, together a legal form.
    std::array<char, 8> joined{};
    size_t len = 0;
    for (size_t j = i; j < words.count && words.at[j].dotted && text(j).size() <= 3; ++j) {
      const std::string_view t = text(j);
      if (len + t.size() > joined.size()) break;
      for (char c : t) joined[len++] = c;
      if (j > i && IsLegalForm(std::string_view(joined.data(), len), false)) {
        for (size_t k = i; k <= j; ++k) drop[k] = true;
        i = j;
        break;
      }
    }
  }
}

}  // namespace

std::string NameKey(std::string_view name) {
  std::string out;
  out.reserve(name.size() + 8);
  Words words;
  FoldWords(name, out, words);
  std::array<bool, kWordsMax> drop{};
  MarkLegalForms(out, words, drop);
  const bool keep_all = std::find(drop.begin(), drop.begin() + words.count, false) == drop.begin() + words.count;
  if (keep_all) return out;
  // Compact in place: every kept word moves left over the dropped ones.
  size_t w = 0;
  for (size_t i = 0; i < words.count; ++i) {
    if (drop[i]) continue;
    if (w > 0) out[w++] = ' ';
    for (uint32_t k = words.at[i].begin; k < words.at[i].end; ++k) out[w++] = out[k];
  }
  out.resize(w);
  return out;
}

}  // namespace recon::matching
