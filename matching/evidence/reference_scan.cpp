#include "matching/evidence/reference_scan.hpp"

#include <array>
#include <string>

#include "matching/evidence/check_digits.hpp"
#include "recon/ascii.hpp"

// FindReferences reads free text once, left to right. At each position it tries the
// self-identifying patterns first (Belgian wrapping, a FIK code line, an RF), then bare
// digits. Whatever a pattern takes is skipped afterwards, so the digits of an RF with a
// wrong check digit are never read again as a KID.
namespace recon::matching::evidence_detail {
namespace {

constexpr size_t kNpos = std::string_view::npos;
constexpr size_t kBareDigitsMin = 6;      // below this, bare digits are dates, amounts, counts
constexpr size_t kLabelledDigitsMin = 4;  // after "KID", "OCR", "Viite" ...: the Finnish minimum
constexpr size_t kDigitsMax = 27;         // the longest national reference (Swiss QR)
constexpr size_t kGroupDigitsMax = 5;     // a print group ("4005 0000 1237", "21 00000 00003 ...")
constexpr size_t kInnerGroupDigitsMin = 3;
constexpr size_t kRfBodyMax = 21;
constexpr size_t kRfCutsMax = 8;

// Words that announce a reference, compared case-insensitively.
constexpr std::string_view kLabels[] = {
    "kid",      "kidnr",    "ocr",        "ocrnr",       "ref", "refnr", "reference", "referanse",
    "referens", "referenz", "referencia", "betalingsid", "fik", "viite", "viitenro",  "viitenumero",
    "esr",      "isr",      "qrr",        "scor",        "ogm", "vcs"};

bool IsJoiner(char c) {
  return c == '-' || c == '.' || c == ',' || c == '/' || c == '+';
}

bool IsLabel(std::string_view word) {
  for (std::string_view label : kLabels) {
    if (label.size() != word.size()) continue;
    bool same = true;
    for (size_t i = 0; i < word.size() && same; ++i) same = ascii::ToLower(word[i]) == label[i];
    if (same) return true;
  }
  return false;
}

void Push(std::vector<StructuredReference>& out, ReferenceKind kind, std::string canonical) {
  for (const StructuredReference& r : out) {
    if (r.kind == kind && r.canonical == canonical) return;
  }
  out.push_back({kind, std::move(canonical)});
}

// How a digit run stands in its text on the left.
enum class Left { kFree, kLabelled, kBlocked };

class Scanner {
 public:
  // `found` may be null: then only the claimed spans are wanted, and nothing is built.
  Scanner(std::string_view text, std::vector<StructuredReference>* found, std::vector<ClaimedSpan>* claimed)
      : t_(text), found_(found), claimed_(claimed) {}

  void Run() {
    size_t i = 0;
    while (i < t_.size()) {
      const char c = t_[i];
      size_t next = kNpos;
      if (c == '+' || c == '*') next = Wrapped(i);
      if (next == kNpos && c == '+') next = Fik(i);
      if (next == kNpos && (c == 'R' || c == 'r') && !AlnumAt(i - 1)) next = Rf(i);
      if (next == kNpos && ascii::IsDigit(c) && !DigitAt(i - 1)) next = Digits(i);
      i = (next == kNpos || next <= i) ? i + 1 : next;
    }
  }

 private:
  // Positions before the text (i - 1 at 0 wraps around) are outside: neither digit nor letter.
  bool DigitAt(size_t i) const { return i < t_.size() && ascii::IsDigit(t_[i]); }
  bool AlnumAt(size_t i) const { return i < t_.size() && ascii::IsAlnum(t_[i]); }
  size_t RunEnd(size_t i) const {
    while (i < t_.size() && ascii::IsDigit(t_[i])) ++i;
    return i;
  }
  void Claim(size_t begin, size_t end) {
    if (claimed_ != nullptr) claimed_->push_back({begin, end});
  }
  void Found(ReferenceKind kind, std::string canonical) {
    if (found_ != nullptr) Push(*found_, kind, std::move(canonical));
  }

  // True when the digits ending at `e` end a number: not glued to a letter, and not going
  // on as "-123", ".50", ",00", "/2026" or "+123".
  bool RightFree(size_t e) const {
    if (e >= t_.size()) return true;
    if (ascii::IsAlpha(t_[e])) return false;
    return !(IsJoiner(t_[e]) && AlnumAt(e + 1));
  }

  Left LeftOf(size_t i) const {
    if (i == 0) return Left::kFree;
    const char p = t_[i - 1];
    if (ascii::IsAlpha(p)) {
      size_t w = i - 1;
      while (w > 0 && ascii::IsAlpha(t_[w - 1])) --w;
      const bool word_start = w == 0 || !ascii::IsAlnum(t_[w - 1]);
      return word_start && IsLabel(t_.substr(w, i - w)) ? Left::kLabelled : Left::kBlocked;
    }
    if (p == '+') return Left::kBlocked;
    if (IsJoiner(p) && AlnumAt(i - 2)) return Left::kBlocked;
    // "KID: 123", "Ref. 123", "Viite 123": a label one word back, across a little punctuation.
    size_t b = i;
    for (int skipped = 0; b > 0 && skipped < 3; ++skipped) {
      const char q = t_[b - 1];
      if (q != ' ' && q != ':' && q != '.' && q != '#' && q != '=') break;
      --b;
    }
    size_t w = b;
    while (w > 0 && ascii::IsAlpha(t_[w - 1])) --w;
    if (w < b && (w == 0 || !ascii::IsAlnum(t_[w - 1])) && IsLabel(t_.substr(w, b - w))) return Left::kLabelled;
    return Left::kFree;
  }

  // "+++090/9337/55493+++" or "***090/9337/55493***", spaces allowed inside.
  size_t Wrapped(size_t i) {
    const char w = t_[i];
    if (i + 3 > t_.size() || t_[i + 1] != w || t_[i + 2] != w || (i > 0 && t_[i - 1] == w)) return kNpos;
    std::array<char, 12> digits{};
    size_t count = 0;
    size_t j = i + 3;
    for (; j < t_.size(); ++j) {
      const char c = t_[j];
      if (ascii::IsDigit(c)) {
        if (count < digits.size()) digits[count] = c;
        ++count;
      } else if ((c != ' ' && c != '/' && c != '.' && c != '-') || count == digits.size()) {
        break;  // after 12 digits only the closing wrapping may follow
      }
    }
    if (count == 0) return kNpos;
    size_t k = j;
    while (k < t_.size() && t_[k] == ' ') ++k;
    if (k + 3 <= t_.size() && t_[k] == w && t_[k + 1] == w && t_[k + 2] == w) j = k + 3;
    Claim(i, j);
    const std::string_view ogm(digits.data(), digits.size());
    if (found_ != nullptr && count == digits.size() && IsValidBelgianOgm(ogm)) {
      Found(ReferenceKind::kBelgianOgm, std::string(ogm));
    }
    return j;
  }

  // "+71<000000001234567+12345678<", "+75 1234567890123452 +12345678", "+73<+12345678<".
  size_t Fik(size_t i) {
    if (i + 4 > t_.size() || t_[i + 1] != '7' || AlnumAt(i - 1) || (i > 0 && t_[i - 1] == '+')) return kNpos;
    const char type = t_[i + 2];
    if ((type != '1' && type != '3' && type != '5') || (t_[i + 3] != '<' && t_[i + 3] != ' ')) return kNpos;
    size_t j = i + 3;
    while (j < t_.size() && (t_[j] == '<' || t_[j] == ' ')) ++j;
    const size_t id_begin = j;
    j = RunEnd(j);
    const std::string_view id = t_.substr(id_begin, j - id_begin);
    // The creditor number: '+', 8 digits, optionally '<'.
    size_t k = j;
    while (k < t_.size() && t_[k] == ' ') ++k;
    if (k < t_.size() && t_[k] == '+' && RunEnd(k + 1) == k + 9) {
      j = k + 9;
      if (j < t_.size() && t_[j] == '<') ++j;
    } else if (j < t_.size() && t_[j] == '<') {
      ++j;
    }
    if (type == '3') {
      Claim(i, j);  // a +73 card carries no payment id: nothing to find
      return j;
    }
    if (id.empty()) return kNpos;
    Claim(i, j);
    const int card = type == '1' ? 71 : 75;
    if (found_ != nullptr && IsValidFik(card, id)) Found(ReferenceKind::kFik, std::to_string(card) + std::string(id));
    return j;
  }

  // "RF18539007547034", "rf18 5390 0754 7034", "RF 18 5390 0754 7034", "RF18-5390-0754-7034".
  size_t Rf(size_t i) {
    if (i + 4 > t_.size() || (t_[i + 1] != 'F' && t_[i + 1] != 'f')) return kNpos;
    size_t j = i + 2;
    if (t_[j] == ' ') ++j;
    if (!DigitAt(j) || !DigitAt(j + 1)) return kNpos;
    std::array<char, 4 + kRfBodyMax> buf{'R', 'F', t_[j], t_[j + 1]};
    size_t len = 4;
    struct Cut {
      size_t len;
      size_t end;
    };
    std::array<Cut, kRfCutsMax> cuts{};
    size_t ncuts = 0;
    j += 2;
    const size_t body = j;
    while (j < t_.size() && ascii::IsAlnum(t_[j])) ++j;
    size_t group = 4 + (j - body);  // the head "RF18" is the first print group
    if (j - body > kRfBodyMax) {
      Claim(i, j);
      return j;
    }
    if (j > body) {
      for (size_t k = body; k < j; ++k) buf[len++] = ascii::ToUpper(t_[k]);
      cuts[ncuts++] = {len, j};
    }
    // The print groups are all separated alike, by spaces or by dashes.
    const char style = j < t_.size() ? t_[j] : ' ';
    while (group == 4 && ncuts < cuts.size() && j + 1 < t_.size() && t_[j] == style && (style == ' ' || style == '-')) {
      const size_t s = j + 1;
      size_t k = s;
      bool digit = false;
      while (k < t_.size() && ascii::IsAlnum(t_[k]) && k - s < 5) digit |= ascii::IsDigit(t_[k++]);
      const size_t g = k - s;
      if (g == 0 || g > 4 || AlnumAt(k) || !digit || len + g > buf.size()) break;
      // A group that goes on as "1250,00" or "20.11" is a number of its own.
      if (k < t_.size() && t_[k] != style && IsJoiner(t_[k]) && DigitAt(k + 1)) break;
      for (size_t m = s; m < k; ++m) buf[len++] = ascii::ToUpper(t_[m]);
      cuts[ncuts++] = {len, k};
      group = g;
      j = k;
    }
    if (ncuts == 0) return j;
    // "RF2026-000123": the RF-looking start of a longer number is no RF (and its digits
    // are no national reference either).
    const size_t end = cuts[ncuts - 1].end;
    if (end < t_.size() && IsJoiner(t_[end]) && DigitAt(end + 1)) return end;
    Claim(i, end);
    for (size_t c = ncuts; found_ != nullptr && c-- > 0;) {
      const std::string_view candidate(buf.data(), cuts[c].len);
      if (IsValidRf(candidate)) Found(ReferenceKind::kRf, std::string(candidate));
    }
    return end;
  }

  // "090/9337/55493": the Belgian communication without its wrapping. npos if not that shape.
  size_t SlashedOgm(size_t i, size_t e) {
    if (e - i != 3 || e >= t_.size() || t_[e] != '/') return kNpos;
    const size_t m = RunEnd(e + 1);
    if (m - (e + 1) != 4 || m >= t_.size() || t_[m] != '/') return kNpos;
    const size_t f = RunEnd(m + 1);
    if (f - (m + 1) != 5 || !RightFree(f)) return kNpos;
    Claim(i, f);
    if (found_ == nullptr) return f;
    std::string digits;
    digits.reserve(12);
    digits.append(t_.substr(i, 3)).append(t_.substr(e + 1, 4)).append(t_.substr(m + 1, 5));
    if (IsValidBelgianOgm(digits)) Found(ReferenceKind::kBelgianOgm, std::move(digits));
    return f;
  }

  size_t Digits(size_t i) {
    const size_t e = RunEnd(i);
    const Left left = LeftOf(i);
    if (left == Left::kBlocked) return e;
    if (const size_t f = SlashedOgm(i, e); f != kNpos) return f;
    if (!RightFree(e)) return e;
    const size_t min = left == Left::kLabelled ? kLabelledDigitsMin : kBareDigitsMin;
    if (e - i > kGroupDigitsMax) return Standalone(i, e, min);
    return PrintGroups(i, e, min);
  }

  // A run of more than 5 digits is a number of its own, never glued to a neighbour.
  size_t Standalone(size_t i, size_t e, size_t min) {
    if (found_ == nullptr || e - i > kDigitsMax || e - i < min) return e;
    const std::string_view digits = t_.substr(i, e - i);
    if (e < t_.size() && t_[e] == '-' && !AlnumAt(e + 1)) {
      std::string dashed(digits);
      dashed.push_back('-');
      if (IsValidKidMod11(dashed)) {
        Found(ReferenceKind::kKid, std::move(dashed));
        return e + 1;
      }
    }
    AppendDigitKinds(digits, *found_);
    return e;
  }

  // Groups of at most 5 digits separated by single spaces; inner groups have 3-5 digits.
  // The groups are read as one number or not at all: a part of them that happens to
  // validate ("4005 0000" of "4005 0000 1238", whose check is wrong) is no reference.
  size_t PrintGroups(size_t i, size_t e, size_t min) {
    std::array<char, kDigitsMax> buf{};
    size_t len = 0;
    size_t end = e;
    size_t groups = 1;
    bool too_long = false;
    auto take = [&](size_t b, size_t f) {
      for (size_t k = b; k < f; ++k) {
        if (len < buf.size()) buf[len] = t_[k];
        ++len;
      }
      too_long = len > kDigitsMax;
    };
    take(i, e);
    size_t last = e - i;
    while (end + 1 < t_.size() && t_[end] == ' ' && ascii::IsDigit(t_[end + 1])) {
      if (groups >= 2 && last < kInnerGroupDigitsMin) break;
      const size_t f = RunEnd(end + 1);
      if (f - (end + 1) > kGroupDigitsMax || !RightFree(f)) break;
      take(end + 1, f);
      last = f - (end + 1);
      end = f;
      ++groups;
    }
    if (too_long || len < min) return end;
    const std::string_view digits(buf.data(), len);
    const bool valid = found_ != nullptr ? AppendDigitKinds(digits, *found_) : IsAnyDigitKind(digits);
    if (valid && groups > 1) Claim(i, end);
    return end;
  }

  std::string_view t_;
  std::vector<StructuredReference>* found_;
  std::vector<ClaimedSpan>* claimed_;
};

}  // namespace

bool AppendDigitKinds(std::string_view digits, std::vector<StructuredReference>& out) {
  bool any = false;
  // The canonical text is built only for a kind that holds: most candidates hold none.
  auto add = [&](ReferenceKind kind, std::string_view type) {
    any = true;
    std::string canonical;
    canonical.reserve(type.size() + digits.size());
    canonical.append(type).append(digits);
    Push(out, kind, std::move(canonical));
  };
  if (IsValidSwissQr(digits)) add(ReferenceKind::kSwissQr, "");
  if (IsValidBelgianOgm(digits)) add(ReferenceKind::kBelgianOgm, "");
  if (IsValidFik(71, digits)) add(ReferenceKind::kFik, "71");
  if (IsValidFik(75, digits)) add(ReferenceKind::kFik, "75");
  // Written with its type already: "71" + 15 digits, "75" + 16 digits.
  if (digits.size() == 17 && digits.substr(0, 2) == "71" && IsValidFik(71, digits.substr(2))) {
    add(ReferenceKind::kFik, "");
  }
  if (digits.size() == 18 && digits.substr(0, 2) == "75" && IsValidFik(75, digits.substr(2))) {
    add(ReferenceKind::kFik, "");
  }
  if (IsValidFinnish(digits)) add(ReferenceKind::kFinnish, "");
  if (IsValidKid(digits)) add(ReferenceKind::kKid, "");
  if (IsValidOcr(digits)) add(ReferenceKind::kOcr, "");
  return any;
}

void ScanReferences(std::string_view text, std::vector<StructuredReference>* found, std::vector<ClaimedSpan>* claimed) {
  Scanner(text, found, claimed).Run();
}

bool IsAnyDigitKind(std::string_view digits) {
  if (IsValidSwissQr(digits) || IsValidBelgianOgm(digits) || IsValidFik(71, digits) || IsValidFik(75, digits)) {
    return true;
  }
  if (digits.size() == 17 && digits.substr(0, 2) == "71" && IsValidFik(71, digits.substr(2))) return true;
  if (digits.size() == 18 && digits.substr(0, 2) == "75" && IsValidFik(75, digits.substr(2))) return true;
  return IsValidFinnish(digits) || IsValidKid(digits);
}

}  // namespace recon::matching::evidence_detail
