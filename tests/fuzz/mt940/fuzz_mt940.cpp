// libFuzzer target for the MT940 / MT942 parser. Beyond "no crash, no sanitizer report", it
// checks what the rest of recond relies on: a result is statements with an account, whose
// text is valid UTF-8 without NUL (PostgreSQL refuses both) and whose lines are in the
// statement's currency; a failure is an error with a message and a "line N" location.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "parsers/mt940/charset.hpp"
#include "parsers/mt940/mt940_parser.hpp"
#include "tests/fuzz/line_details_invariants.hpp"

namespace {

// Small limits keep each run fast and still reach every limit check.
constexpr size_t kFuzzFileBytesMax = 1 << 20;
constexpr size_t kFuzzLinesMax = 10'000;

void Require(bool condition) {
  if (!condition) std::abort();
}

void CheckText(std::string_view s) {
  Require(recon::mt940::CheckCharset(s).utf8);
  Require(s.find('\0') == std::string_view::npos);
}

void CheckOptionalText(const std::optional<std::string>& s) {
  if (s) {
    Require(!s->empty());
    CheckText(*s);
  }
}

void CheckFile(const recon::ParsedFile& file) {
  Require(file.format == "mt940" || file.format == "mt942");
  Require(!file.statements.empty());
  size_t lines = 0;
  for (const recon::Statement& st : file.statements) {
    Require(!st.account.empty());
    CheckText(st.account);
    CheckText(st.statement_id);
    Require(st.lines.empty() || st.currency.size() == 3);
    Require(st.opening_balance.has_value() == st.opening_date.has_value());
    Require(st.closing_balance.has_value() == st.closing_date.has_value());
    for (const std::string& w : st.warnings) CheckText(w);
    for (const recon::StatementLine& line : st.lines) {
      ++lines;
      Require(line.account == st.account);
      Require(line.amount.currency.code() == st.currency);
      Require(line.value_date.has_value());
      // The booking date is the entry date, inferred within half a year of the value date.
      const int32_t apart = line.booking_date.DaysSince(*line.value_date);
      Require(apart >= -183 && apart <= 183);
      CheckOptionalText(line.counterparty_name);
      CheckOptionalText(line.counterparty_account);
      CheckOptionalText(line.counterparty_bic);
      CheckOptionalText(line.structured_reference);
      CheckOptionalText(line.remittance_info);
      CheckOptionalText(line.end_to_end_id);
      CheckOptionalText(line.bank_reference);
      CheckOptionalText(line.bank_transaction_code);
      Require(recon::fuzz::LineDetailsHold(line, [](const std::string& t) {
        return recon::mt940::CheckCharset(t).utf8 && t.find('\0') == std::string::npos;
      }));
      Require(line.end_to_end_id != "NOTPROVIDED");
      Require(line.bank_reference != "NONREF");
    }
  }
  Require(lines <= kFuzzLinesMax);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  (void)recon::mt940::LooksLikeMt940(bytes);
  recon::ParseOptions options;
  options.file_bytes_max = kFuzzFileBytesMax;
  options.statement_lines_max = kFuzzLinesMax;
  const auto result = recon::mt940::Mt940Parser().Parse(bytes, options);
  if (result.ok()) {
    CheckFile(*result);
  } else {
    const recon::Error& e = result.error();
    Require(e.code == recon::ErrorCode::kMalformedFile || e.code == recon::ErrorCode::kLimitExceeded);
    Require(!e.message.empty());
    CheckText(e.message);
    Require(e.location.starts_with("line ") || e.location.starts_with("byte "));
  }
  return 0;
}
