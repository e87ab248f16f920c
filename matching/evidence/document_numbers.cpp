#include "matching/evidence/document_numbers.hpp"

#include <algorithm>

#include "matching/evidence/check_digits.hpp"
#include "matching/evidence/counterparty.hpp"
#include "matching/evidence/reference_scan.hpp"
#include "recon/ascii.hpp"

// FindDocumentKeys cuts text into tokens (alphanumeric runs joined by '-', '/', '.', '_',
// and ',' between digits), throws away the tokens that are something else (a reference, an
// IBAN, a date, an amount, a phone number) and keys the rest like DocumentKey.
namespace recon::matching {
namespace {

size_t CountDigits(std::string_view s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), ascii::IsDigit));
}

// Digit groups of a token made of digits and separators only; false if anything else is in
// it, or it has more groups than dates and amounts have.
constexpr size_t kGroupsMax = 6;

struct Groups {
  std::string_view part[kGroupsMax];
  char sep[kGroupsMax - 1] = {};
  size_t count = 0;
};

bool SplitNumeric(std::string_view tok, Groups& g) {
  size_t start = 0;
  for (size_t i = 0; i <= tok.size(); ++i) {
    if (i < tok.size() && ascii::IsDigit(tok[i])) continue;
    if (i == start || g.count == kGroupsMax) return false;
    g.part[g.count] = tok.substr(start, i - start);
    if (i < tok.size()) {
      if (g.count == kGroupsMax - 1) return false;
      g.sep[g.count] = tok[i];
    }
    ++g.count;
    start = i + 1;
  }
  return true;
}

int Value(std::string_view digits) {
  int v = 0;
  for (char c : digits) v = v * 10 + (c - '0');
  return v;
}

// 2026-11-20, 2026.11.20, 2026/11/20, 20.11.2026, 20-11-2026, 11/20/2026, 20.11.26.
bool IsDateLike(std::string_view tok) {
  Groups g;
  if (!SplitNumeric(tok, g) || g.count != 3 || g.sep[0] != g.sep[1]) return false;
  if (g.sep[0] != '-' && g.sep[0] != '.' && g.sep[0] != '/') return false;
  const std::string_view a = g.part[0], b = g.part[1], c = g.part[2];
  if (a.size() == 4) {
    return b.size() <= 2 && c.size() <= 2 && Value(b) >= 1 && Value(b) <= 12 && Value(c) >= 1 && Value(c) <= 31;
  }
  if (a.size() > 2 || b.size() > 2 || (c.size() != 4 && c.size() != 2)) return false;
  const int x = Value(a), y = Value(b);
  if (x < 1 || y < 1) return false;
  return (x <= 31 && y <= 12) || (x <= 12 && y <= 31);
}

// 1.250,00  1,250.00  1250,00  12.50  1,250  1.250.000: digits with '.' or ',' where the last
// group is a 2-digit fraction, or every group after the first is a 3-digit thousand.
bool IsAmountLike(std::string_view tok) {
  Groups g;
  if (!SplitNumeric(tok, g) || g.count < 2) return false;
  for (size_t i = 0; i + 1 < g.count; ++i) {
    if (g.sep[i] != '.' && g.sep[i] != ',') return false;
  }
  if (g.part[g.count - 1].size() == 2) return true;
  if (g.part[0].size() > 3) return false;
  for (size_t i = 1; i < g.count; ++i) {
    if (g.part[i].size() != 3) return false;
  }
  return true;
}

// An IBAN written in one piece ("NO9386011117947", "no93-8601-1117-947").
bool IsIbanToken(std::string_view tok) {
  if (tok.size() < 15 || !ascii::IsAlpha(tok[0]) || !ascii::IsAlpha(tok[1])) return false;
  std::string compact;
  compact.reserve(tok.size());
  for (char c : tok) {
    if (ascii::IsAlnum(c)) compact.push_back(ascii::ToUpper(c));
  }
  return IsValidIban(compact);
}

class KeyFinder {
 public:
  KeyFinder(std::string_view text, size_t min_digits) : t_(text), min_digits_(min_digits) {}

  std::vector<std::string> Run() {
    evidence_detail::ScanReferences(t_, nullptr, &claimed_);
    for (size_t i = 0; i < t_.size();) {
      if (!ascii::IsAlnum(t_[i])) {
        ++i;
        continue;
      }
      const size_t end = TokenEnd(i);
      const size_t iban_end = GroupedIbanEnd(i, end);
      if (iban_end != 0) {
        i = iban_end;
        continue;
      }
      if (!Claimed(i, end) && !(i > 0 && t_[i - 1] == '+')) Token(t_.substr(i, end - i));
      i = end;
    }
    return std::move(keys_);
  }

 private:
  size_t TokenEnd(size_t i) const {
    size_t j = i;
    while (j < t_.size()) {
      const char c = t_[j];
      if (ascii::IsAlnum(c)) {
        ++j;
        continue;
      }
      const bool joins =
          c == '-' || c == '/' || c == '.' || c == '_' || (c == ',' && j > 0 && ascii::IsDigit(t_[j - 1]));
      const bool next = j + 1 < t_.size() && (c == ',' ? ascii::IsDigit(t_[j + 1]) : ascii::IsAlnum(t_[j + 1]));
      if (!joins || !next) break;
      ++j;
    }
    return j;
  }

  // "NO93 8601 1117 947", "DE89 3704 0044 0532 0130 00": an IBAN in print groups starts
  // with a token of a country code and 2 digits. Returns where it ends, 0 if it is not one.
  size_t GroupedIbanEnd(size_t i, size_t end) const {
    if (end - i != 4 || !ascii::IsAlpha(t_[i]) || !ascii::IsAlpha(t_[i + 1]) || !ascii::IsDigit(t_[i + 2]) ||
        !ascii::IsDigit(t_[i + 3])) {
      return 0;
    }
    const size_t length = IbanLength(std::string{ascii::ToUpper(t_[i]), ascii::ToUpper(t_[i + 1])});
    if (length == 0) return 0;
    std::string compact{ascii::ToUpper(t_[i]), ascii::ToUpper(t_[i + 1]), t_[i + 2], t_[i + 3]};
    size_t j = end;
    while (compact.size() < length && j + 1 < t_.size() && t_[j] == ' ' && ascii::IsAlnum(t_[j + 1])) {
      size_t k = j + 1;
      while (k < t_.size() && ascii::IsAlnum(t_[k])) compact.push_back(ascii::ToUpper(t_[k++]));
      j = k;
    }
    return compact.size() == length && IsValidIban(compact) ? j : 0;
  }

  bool Claimed(size_t begin, size_t end) const {
    return std::any_of(claimed_.begin(), claimed_.end(),
                       [&](const evidence_detail::ClaimedSpan& s) { return s.begin < end && begin < s.end; });
  }

  void Token(std::string_view tok) {
    // Most tokens are words: no part of a token has more digits than the whole.
    if (CountDigits(tok) < min_digits_ || IsAmountLike(tok)) return;
    if (tok.find(',') != std::string_view::npos) {
      // "2026-000001,2026-000002": a list without spaces, not one number.
      size_t start = 0;
      for (size_t i = 0; i <= tok.size(); ++i) {
        if (i == tok.size() || tok[i] == ',') {
          const std::string_view part = tok.substr(start, i - start);
          if (!IsAmountLike(part)) Part(part, true);
          start = i + 1;
        }
      }
      return;
    }
    Part(tok, true);
  }

  void Part(std::string_view tok, bool split_slashes) {
    if (tok.empty() || IsDateLike(tok) || IsIbanToken(tok)) return;
    if (tok.size() >= 5 && ascii::ToUpper(tok[0]) == 'R' && ascii::ToUpper(tok[1]) == 'F' && ascii::IsDigit(tok[2])) {
      std::string compact;
      for (char c : tok) {
        if (ascii::IsAlnum(c)) compact.push_back(ascii::ToUpper(c));
      }
      if (IsValidRf(compact)) return;
    }
    Add(tok);
    if (!split_slashes || tok.find('/') == std::string_view::npos) return;
    // "2026-000123/2026-000124": a slash also lists numbers; each part is a key as well.
    size_t start = 0;
    for (size_t i = 0; i <= tok.size(); ++i) {
      if (i == tok.size() || tok[i] == '/') {
        const std::string_view part = tok.substr(start, i - start);
        if (!IsAmountLike(part)) Part(part, false);
        start = i + 1;
      }
    }
  }

  void Add(std::string_view tok) {
    const size_t digits = CountDigits(tok);
    if (digits < min_digits_ || digits == static_cast<size_t>(std::count(tok.begin(), tok.end(), '0'))) return;
    std::string key = DocumentKey(tok);
    if (key.empty() || std::find(keys_.begin(), keys_.end(), key) != keys_.end()) return;
    keys_.push_back(std::move(key));
  }

  std::string_view t_;
  size_t min_digits_;
  std::vector<evidence_detail::ClaimedSpan> claimed_;
  std::vector<std::string> keys_;
};

}  // namespace

std::string DocumentKey(std::string_view document_number) {
  std::string out;
  bool digit = false;
  for (char c : document_number) {
    if (!ascii::IsAlnum(c)) continue;
    digit = digit || ascii::IsDigit(c);
    // The prefix is every letter and zero before the first significant digit: "INV-00123",
    // and also "0A123", so that a key always starts with 1-9 and is its own key.
    if (out.empty() && (ascii::IsAlpha(c) || c == '0')) continue;
    if (out.empty()) out.reserve(document_number.size());
    out.push_back(ascii::ToUpper(c));
  }
  if (!digit) return "";
  if (out.empty()) return "0";
  return out;
}

std::vector<std::string> FindDocumentKeys(std::string_view text, size_t min_digits) {
  return KeyFinder(text, min_digits).Run();
}

}  // namespace recon::matching
