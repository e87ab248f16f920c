#include "matching/evidence/references.hpp"

#include <algorithm>
#include <array>

#include "matching/evidence/reference_scan.hpp"
#include "matching/normalize.hpp"
#include "recon/ascii.hpp"

namespace recon::matching {
namespace {

// No reference in any scheme is longer than 27 digits; with FIK's type and slack for
// wrapping, anything beyond this after normalising is not a reference.
constexpr size_t kNormalizedMax = 40;

bool IsSeparator(char c) {
  return ascii::IsSpace(c) || c == '-' || c == '.' || c == '/' || c == '+' || c == '*';
}

// Digits of `s` with spaces, dots, slashes and dashes dropped into `buf`; false when another
// character is there or there are too many digits.
bool CollectDigits(std::string_view s, std::string& buf) {
  for (char c : s) {
    if (ascii::IsDigit(c)) {
      if (buf.size() == kNormalizedMax) return false;
      buf.push_back(c);
    } else if (!(ascii::IsSpace(c) || c == '/' || c == '.' || c == '-')) {
      return false;
    }
  }
  return true;
}

// "+++090/9337/55493+++" or "***...***": the wrapping says Belgian, so nothing else is tried.
std::vector<StructuredReference> ValidateBelgianWrapped(std::string_view text) {
  const std::string_view wrap = text.substr(0, 3);
  std::string_view inner = text.substr(3);
  if (inner.size() >= 3 && inner.substr(inner.size() - 3) == wrap) inner.remove_suffix(3);
  std::string digits;
  if (!CollectDigits(inner, digits) || !IsValidBelgianOgm(digits)) return {};
  return {{ReferenceKind::kBelgianOgm, std::move(digits)}};
}

// "+71<000000001234567+12345678<", "+75 1234567890123452", "+73<+12345678<".
std::vector<StructuredReference> ValidateFikLine(std::string_view text) {
  const int type = (text[1] - '0') * 10 + (text[2] - '0');
  std::string_view rest = text.substr(3);
  const size_t plus = rest.find('+');
  std::string_view id = rest.substr(0, plus);
  if (plus != std::string_view::npos) {
    // The creditor number: 8 digits, optionally closed by '<'. Anything else is not a FIK line.
    std::string_view creditor = ascii::Trim(rest.substr(plus + 1));
    if (!creditor.empty() && creditor.back() == '<') creditor.remove_suffix(1);
    if (creditor.size() != 8 || !std::all_of(creditor.begin(), creditor.end(), ascii::IsDigit)) return {};
  }
  while (!id.empty() && (id.front() == '<' || ascii::IsSpace(id.front()))) id.remove_prefix(1);
  while (!id.empty() && (id.back() == '<' || ascii::IsSpace(id.back()))) id.remove_suffix(1);
  std::string digits;
  if (!CollectDigits(id, digits)) return {};
  if (type == 73 || !IsValidFik(type, digits)) return {};
  return {{ReferenceKind::kFik, std::to_string(type) + digits}};
}

bool LooksLikeFikLine(std::string_view t) {
  if (t.size() < 3 || t[0] != '+' || t[1] != '7') return false;
  return t[2] == '1' || t[2] == '3' || t[2] == '5';
}

}  // namespace

std::string_view ReferenceKindName(ReferenceKind kind) {
  switch (kind) {
    case ReferenceKind::kRf:
      return "RF";
    case ReferenceKind::kKid:
      return "KID";
    case ReferenceKind::kOcr:
      return "OCR";
    case ReferenceKind::kFik:
      return "FIK";
    case ReferenceKind::kFinnish:
      return "Finnish reference";
    case ReferenceKind::kBelgianOgm:
      return "Belgian structured communication";
    case ReferenceKind::kSwissQr:
      return "Swiss QR reference";
  }
  return "reference";
}

std::vector<StructuredReference> ValidateReference(std::string_view text) {
  text = ascii::Trim(text);
  if (text.size() >= 3 && (text.substr(0, 3) == "+++" || text.substr(0, 3) == "***")) {
    return ValidateBelgianWrapped(text);
  }
  if (LooksLikeFikLine(text)) {
    if (auto fik = ValidateFikLine(text); !fik.empty()) return fik;
    if (text[2] == '3') return {};
  }
  // A MOD11 KID whose check is 10 ends in a literal '-', which is otherwise a separator.
  const bool dash_check = text.size() >= 2 && text.back() == '-' && ascii::IsDigit(text[text.size() - 2]);

  // Normalised on the stack: most texts handed in are no reference at all.
  std::array<char, kNormalizedMax + 1> buf{};
  size_t len = 0;
  bool all_digits = true;
  for (char c : text) {
    if (IsSeparator(c)) continue;
    const char u = ascii::ToUpper(c);
    if (!ascii::IsDigit(u)) {
      if (!(u >= 'A' && u <= 'Z')) return {};
      all_digits = false;
    }
    if (len == kNormalizedMax) return {};
    buf[len++] = u;
  }
  const std::string_view norm(buf.data(), len);
  std::vector<StructuredReference> out;
  if (len >= 2 && norm[0] == 'R' && norm[1] == 'F') {
    if (IsValidRf(norm)) out.push_back({ReferenceKind::kRf, std::string(norm)});
    return out;
  }
  if (!all_digits || len == 0) return out;
  if (dash_check) {
    buf[len] = '-';
    const std::string_view dashed(buf.data(), len + 1);
    if (IsValidKidMod11(dashed)) {
      out.push_back({ReferenceKind::kKid, std::string(dashed)});
      return out;
    }
  }
  evidence_detail::AppendDigitKinds(norm, out);
  return out;
}

std::vector<StructuredReference> FindReferences(std::string_view text) {
  std::vector<StructuredReference> found;
  evidence_detail::ScanReferences(text, &found, nullptr);
  return found;
}

std::string ReferenceKey(std::string_view item_reference) {
  std::vector<StructuredReference> refs = ValidateReference(item_reference);
  if (!refs.empty()) return std::move(refs.front().canonical);
  std::string normalized = NormalizeReference(item_reference);
  // "+++000000001234566+++" is no Belgian reference, but its normalised text is a valid FIK
  // id: key it as such, so that ReferenceKey(ReferenceKey(x)) == ReferenceKey(x) always.
  refs = ValidateReference(normalized);
  if (!refs.empty()) return std::move(refs.front().canonical);
  return normalized;
}

std::optional<StructuredReference> FinnishReferenceInRf(const StructuredReference& rf) {
  if (rf.kind != ReferenceKind::kRf || rf.canonical.size() < 8) return std::nullopt;
  std::string body = rf.canonical.substr(4);
  if (!IsValidFinnish(body)) return std::nullopt;
  return StructuredReference{ReferenceKind::kFinnish, std::move(body)};
}

}  // namespace recon::matching
