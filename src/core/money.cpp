#include "recon/money.hpp"

#include <array>
#include <cstring>
#include <limits>
#include <span>
#include <vector>

#include "recon/hex.hpp"

namespace recon {
namespace {

struct CurrencyEntry {
  const char* code;
  int exponent;
};

// ISO 4217 active codes with their minor-unit digits. Sorted by code for binary search.
constexpr CurrencyEntry kCurrencies[] = {
    {"AED", 2}, {"AFN", 2}, {"ALL", 2}, {"AMD", 2}, {"ANG", 2}, {"AOA", 2}, {"ARS", 2}, {"AUD", 2},
    {"AWG", 2}, {"AZN", 2}, {"BAM", 2}, {"BBD", 2}, {"BDT", 2}, {"BGN", 2}, {"BHD", 3}, {"BIF", 0},
    {"BMD", 2}, {"BND", 2}, {"BOB", 2}, {"BRL", 2}, {"BSD", 2}, {"BTN", 2}, {"BWP", 2}, {"BYN", 2},
    {"BZD", 2}, {"CAD", 2}, {"CDF", 2}, {"CHF", 2}, {"CLP", 0}, {"CNY", 2}, {"COP", 2}, {"CRC", 2},
    {"CUP", 2}, {"CVE", 2}, {"CZK", 2}, {"DJF", 0}, {"DKK", 2}, {"DOP", 2}, {"DZD", 2}, {"EGP", 2},
    {"ERN", 2}, {"ETB", 2}, {"EUR", 2}, {"FJD", 2}, {"FKP", 2}, {"GBP", 2}, {"GEL", 2}, {"GHS", 2},
    {"GIP", 2}, {"GMD", 2}, {"GNF", 0}, {"GTQ", 2}, {"GYD", 2}, {"HKD", 2}, {"HNL", 2}, {"HTG", 2},
    {"HUF", 2}, {"IDR", 2}, {"ILS", 2}, {"INR", 2}, {"IQD", 3}, {"IRR", 2}, {"ISK", 0}, {"JMD", 2},
    {"JOD", 3}, {"JPY", 0}, {"KES", 2}, {"KGS", 2}, {"KHR", 2}, {"KMF", 0}, {"KPW", 2}, {"KRW", 0},
    {"KWD", 3}, {"KYD", 2}, {"KZT", 2}, {"LAK", 2}, {"LBP", 2}, {"LKR", 2}, {"LRD", 2}, {"LSL", 2},
    {"LYD", 3}, {"MAD", 2}, {"MDL", 2}, {"MGA", 2}, {"MKD", 2}, {"MMK", 2}, {"MNT", 2}, {"MOP", 2},
    {"MRU", 2}, {"MUR", 2}, {"MVR", 2}, {"MWK", 2}, {"MXN", 2}, {"MYR", 2}, {"MZN", 2}, {"NAD", 2},
    {"NGN", 2}, {"NIO", 2}, {"NOK", 2}, {"NPR", 2}, {"NZD", 2}, {"OMR", 3}, {"PAB", 2}, {"PEN", 2},
    {"PGK", 2}, {"PHP", 2}, {"PKR", 2}, {"PLN", 2}, {"PYG", 0}, {"QAR", 2}, {"RON", 2}, {"RSD", 2},
    {"RUB", 2}, {"RWF", 0}, {"SAR", 2}, {"SBD", 2}, {"SCR", 2}, {"SDG", 2}, {"SEK", 2}, {"SGD", 2},
    {"SHP", 2}, {"SLE", 2}, {"SOS", 2}, {"SRD", 2}, {"SSP", 2}, {"STN", 2}, {"SYP", 2}, {"SZL", 2},
    {"THB", 2}, {"TJS", 2}, {"TMT", 2}, {"TND", 3}, {"TOP", 2}, {"TRY", 2}, {"TTD", 2}, {"TWD", 2},
    {"TZS", 2}, {"UAH", 2}, {"UGX", 0}, {"USD", 2}, {"UYU", 2}, {"UZS", 2}, {"VES", 2}, {"VND", 0},
    {"VUV", 0}, {"WST", 2}, {"XAF", 0}, {"XCD", 2}, {"XOF", 0}, {"XPF", 0}, {"YER", 2}, {"ZAR", 2},
    {"ZMW", 2}, {"ZWL", 2},
};

constexpr int kMaxExponent = 4;

// One piece of an amount's text after the sign is taken off.
enum class Piece { kDigits, kPoint, kComma, kSpace, kApostrophe };

struct Token {
  Piece piece;
  std::string_view text;  // the digits, for kDigits
};

Error AmountError(std::string_view text, const std::string& why) {
  return MakeError(ErrorCode::kInvalidAmount, "'" + std::string(text) + "' " + why);
}

// Splits the unsigned body into digit runs and separators; multi-byte spaces count as spaces.
Result<std::vector<Token>> Tokenize(std::string_view body, std::string_view whole) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < body.size()) {
    const unsigned char c = static_cast<unsigned char>(body[i]);
    if (c >= '0' && c <= '9') {
      size_t j = i;
      while (j < body.size() && body[j] >= '0' && body[j] <= '9') ++j;
      tokens.push_back({Piece::kDigits, body.substr(i, j - i)});
      i = j;
    } else if (c == '.') {
      tokens.push_back({Piece::kPoint, {}});
      ++i;
    } else if (c == ',') {
      tokens.push_back({Piece::kComma, {}});
      ++i;
    } else if (c == ' ') {
      tokens.push_back({Piece::kSpace, {}});
      ++i;
    } else if (c == '\'') {
      tokens.push_back({Piece::kApostrophe, {}});
      ++i;
    } else if (body.substr(i, 2) == "\xC2\xA0") {  // U+00A0 no-break space
      tokens.push_back({Piece::kSpace, {}});
      i += 2;
    } else if (body.substr(i, 3) == "\xE2\x80\xAF" || body.substr(i, 3) == "\xE2\x80\x89") {
      tokens.push_back({Piece::kSpace, {}});  // U+202F narrow no-break space, U+2009 thin space
      i += 3;
    } else if (body.substr(i, 3) == "\xE2\x80\x99") {  // U+2019, the Swiss typographic apostrophe
      tokens.push_back({Piece::kApostrophe, {}});
      i += 3;
    } else {
      // Quote the whole UTF-8 character, never half of one, so the message stays valid UTF-8.
      size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
      if (i + length > body.size()) length = 1;
      std::string character(body.substr(i, length));
      if (length == 1 && c >= 0x80) character = "byte " + hex::ByteName(c);
      return AmountError(whole, "contains '" + character + "', which does not belong in an amount");
    }
  }
  return tokens;
}

// Picks the decimal separator for kAuto: the last of '.'/',' when both appear; a lone
// one unless it could equally be a thousands separator.
Result<std::optional<Piece>> ChooseDecimal(const std::vector<Token>& tokens, DecimalSeparator sep,
                                           std::string_view whole) {
  if (sep == DecimalSeparator::kPoint) return std::optional<Piece>(Piece::kPoint);
  if (sep == DecimalSeparator::kComma) return std::optional<Piece>(Piece::kComma);
  int points = 0, commas = 0;
  std::optional<Piece> last;
  for (const Token& t : tokens) {
    if (t.piece == Piece::kPoint) ++points, last = Piece::kPoint;
    if (t.piece == Piece::kComma) ++commas, last = Piece::kComma;
  }
  if (points > 0 && commas > 0) return last;
  const int count = points + commas;
  if (count == 0) return std::optional<Piece>();
  if (count > 1) return std::optional<Piece>();  // "1.234.567": only grouping
  // One separator: a thousands separator when it has exactly three digits after it and
  // 1-3 before it, otherwise a decimal point. Those two readings differ, so refuse.
  const Piece lone = points ? Piece::kPoint : Piece::kComma;
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].piece != lone) continue;
    const bool three_after = i + 1 < tokens.size() && tokens[i + 1].piece == Piece::kDigits &&
                             tokens[i + 1].text.size() == 3 && i + 2 == tokens.size();
    const bool group_before = i >= 1 && tokens[i - 1].piece == Piece::kDigits &&
                              tokens[i - 1].text.size() <= 3 && tokens[i - 1].text != "0" &&
                              i == 1;
    if (three_after && group_before) {
      return AmountError(whole, "is ambiguous: the separator could be a decimal point or a thousands "
                                "separator; state which the file uses");
    }
  }
  return std::optional<Piece>(lone);
}

bool IsGrouping(Piece p) { return p != Piece::kDigits; }

std::string_view TrimBlanks(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Takes a leading '+' or '-', or else a trailing '-' (as some bank exports write it), off
// `text`; true when the amount is negative.
bool TakeSign(std::string_view& text) {
  if (text.front() == '-' || text.front() == '+') {
    const bool negative = text.front() == '-';
    text.remove_prefix(1);
    return negative;
  }
  if (text.back() == '-') {
    text.remove_suffix(1);
    return true;
  }
  return false;
}

// The tokens on either side of the decimal separator; the separator itself is in neither.
struct Parts {
  std::span<const Token> integer;
  std::string_view fraction;  // the fraction's digits; empty without a decimal separator
};

// Splits at the decimal separator, which may appear once and be followed only by digits.
Result<Parts> SplitAtDecimal(std::span<const Token> tokens, std::optional<Piece> decimal, std::string_view whole) {
  size_t at = tokens.size();
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (!decimal || tokens[i].piece != *decimal) continue;
    if (at != tokens.size()) return AmountError(whole, "has more than one decimal separator");
    at = i;
  }
  if (at == tokens.size()) {
    if (tokens.empty()) return AmountError(whole, "has no digits");
    return Parts{tokens, {}};
  }
  const std::span<const Token> after = tokens.subspan(at + 1);
  if (after.size() > 1 || (after.size() == 1 && after[0].piece != Piece::kDigits)) {
    return AmountError(whole, "has separators after its decimal separator");
  }
  if (after.empty()) return AmountError(whole, "ends with a decimal separator and no digits after it");
  return Parts{tokens.first(at), after[0].text};
}

// Integer part: digits, or groups of three after a first group of one to three, all
// separated by the same grouping character.
Status CheckGrouping(std::span<const Token> integer, std::string_view whole) {
  std::optional<Piece> group_piece;
  for (size_t i = 0; i < integer.size(); ++i) {
    const Token& t = integer[i];
    const bool expect_digits = i % 2 == 0;
    if (expect_digits != (t.piece == Piece::kDigits)) {
      return AmountError(whole, "has a thousands separator in the wrong place");
    }
    if (IsGrouping(t.piece)) {
      if (group_piece && *group_piece != t.piece) {
        return AmountError(whole, "mixes different thousands separators");
      }
      group_piece = t.piece;
      continue;
    }
    const bool grouped = integer.size() > 1;
    if (grouped && ((i == 0 && t.text.size() > 3) || (i > 0 && t.text.size() != 3))) {
      return AmountError(whole, "has a thousands group that is not three digits long");
    }
  }
  if (!integer.empty() && integer.back().piece != Piece::kDigits) {
    return AmountError(whole, "ends with a thousands separator");
  }
  return Status::Ok();
}

// The fraction cut to the currency's digits: what lies beyond them must be zeros, since
// dropping anything else would round.
Result<std::string_view> FractionDigits(std::string_view fraction, int exponent, std::string_view whole) {
  if (static_cast<int>(fraction.size()) <= exponent) return fraction;
  for (size_t i = exponent; i < fraction.size(); ++i) {
    if (fraction[i] != '0') {
      return AmountError(whole, "has " + std::to_string(fraction.size()) + " decimal digits but the currency allows " +
                                    std::to_string(exponent));
    }
  }
  return fraction.substr(0, exponent);
}

Error TooLarge(std::string_view whole) {
  return MakeError(ErrorCode::kAmountOverflow, "'" + std::string(whole) + "' is too large");
}

// Accumulates as a negative number so that INT64_MIN itself is representable.
class NegativeAccumulator {
 public:
  // false when one more digit does not fit.
  bool Push(char d) {
    if (value_ < kMin / 10) return false;
    value_ *= 10;
    const int64_t digit = d - '0';
    if (value_ < kMin + digit) return false;
    value_ -= digit;
    return true;
  }
  int64_t value() const { return value_; }

 private:
  static constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  int64_t value_ = 0;
};

// The integer digits, then the fraction padded to `exponent` digits, as minor units.
Result<int64_t> Accumulate(std::span<const Token> integer, std::string_view fraction, int exponent, bool negative,
                           std::string_view whole) {
  NegativeAccumulator sum;
  for (const Token& t : integer) {
    if (t.piece != Piece::kDigits) continue;
    for (char d : t.text) {
      if (!sum.Push(d)) return TooLarge(whole);
    }
  }
  for (int i = 0; i < exponent; ++i) {
    if (!sum.Push(i < static_cast<int>(fraction.size()) ? fraction[i] : '0')) return TooLarge(whole);
  }
  if (negative) return sum.value();
  if (sum.value() == std::numeric_limits<int64_t>::min()) return TooLarge(whole);
  return -sum.value();
}

}  // namespace

Currency::Currency(std::string_view code, int exponent) : exponent_(exponent) {
  std::memcpy(code_, code.data(), 3);
}

std::optional<Currency> Currency::FromCode(std::string_view code) {
  if (code.size() != 3) return std::nullopt;
  size_t lo = 0, hi = std::size(kCurrencies);
  while (lo < hi) {
    const size_t mid = (lo + hi) / 2;
    const int cmp = code.compare(kCurrencies[mid].code);
    if (cmp == 0) return Currency(code, kCurrencies[mid].exponent);
    if (cmp < 0) hi = mid;
    else lo = mid + 1;
  }
  return std::nullopt;
}

Result<int64_t> ParseMinorUnits(std::string_view text, int exponent, DecimalSeparator separator) {
  assert(exponent >= 0 && exponent <= kMaxExponent);
  const std::string_view whole = text;
  text = TrimBlanks(text);
  if (text.empty()) return MakeError(ErrorCode::kInvalidAmount, "the amount is empty");
  const bool negative = TakeSign(text);
  if (text.empty() || text.front() == '-' || text.front() == '+' || text.back() == '-') {
    return AmountError(whole, "has no digits after its sign, or more than one sign");
  }

  auto tokens = Tokenize(text, whole);
  if (!tokens) return tokens.take_error();
  auto decimal = ChooseDecimal(*tokens, separator, whole);
  if (!decimal) return decimal.take_error();
  auto parts = SplitAtDecimal(*tokens, *decimal, whole);
  if (!parts) return parts.take_error();
  if (Status s = CheckGrouping(parts->integer, whole); !s) return s.error();
  auto fraction = FractionDigits(parts->fraction, exponent, whole);
  if (!fraction) return fraction.take_error();
  return Accumulate(parts->integer, *fraction, exponent, negative, whole);
}

std::string FormatMinorUnits(int64_t minor, int exponent) {
  assert(exponent >= 0 && exponent <= kMaxExponent);
  const bool negative = minor < 0;
  // Magnitude as unsigned so that INT64_MIN formats correctly.
  uint64_t magnitude = negative ? uint64_t{0} - static_cast<uint64_t>(minor) : static_cast<uint64_t>(minor);
  std::string digits = std::to_string(magnitude);
  if (exponent > 0) {
    if (static_cast<int>(digits.size()) <= exponent) {
      digits.insert(0, static_cast<size_t>(exponent) + 1 - digits.size(), '0');
    }
    digits.insert(digits.size() - exponent, 1, '.');
  }
  if (negative) digits.insert(0, 1, '-');
  return digits;
}

std::optional<int64_t> CheckedAdd(int64_t a, int64_t b) {
  int64_t out;
  if (__builtin_add_overflow(a, b, &out)) return std::nullopt;
  return out;
}

std::optional<int64_t> CheckedSub(int64_t a, int64_t b) {
  int64_t out;
  if (__builtin_sub_overflow(a, b, &out)) return std::nullopt;
  return out;
}

Result<Money> Money::Parse(std::string_view text, std::string_view currency_code, DecimalSeparator separator) {
  auto currency = Currency::FromCode(currency_code);
  if (!currency) {
    return MakeError(ErrorCode::kUnknownCurrency, "'" + std::string(currency_code) + "' is not an ISO 4217 currency code");
  }
  auto minor = ParseMinorUnits(text, currency->exponent(), separator);
  if (!minor) return minor.take_error();
  return Money{*minor, *currency};
}

Result<Money> Money::Plus(const Money& other) const {
  if (!(currency == other.currency)) {
    return MakeError(ErrorCode::kCurrencyMismatch, "cannot add " + std::string(other.currency.code()) + " to " +
                                                       std::string(currency.code()));
  }
  auto sum = CheckedAdd(minor, other.minor);
  if (!sum) return MakeError(ErrorCode::kAmountOverflow, "the sum is too large");
  return Money{*sum, currency};
}

Result<Money> Money::Minus(const Money& other) const {
  if (!(currency == other.currency)) {
    return MakeError(ErrorCode::kCurrencyMismatch, "cannot subtract " + std::string(other.currency.code()) +
                                                       " from " + std::string(currency.code()));
  }
  auto diff = CheckedSub(minor, other.minor);
  if (!diff) return MakeError(ErrorCode::kAmountOverflow, "the difference is too large");
  return Money{*diff, currency};
}

}  // namespace recon
