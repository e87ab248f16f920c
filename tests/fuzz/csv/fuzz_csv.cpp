// libFuzzer target for the CSV parser: every input runs through detection, automatic mode
// and three fixed profiles that between them use every profile feature; an input that
// starts with '{' carries its own profile before the first blank line. Beyond not
// crashing, the results must keep the parser's promises (see CheckFile).
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "parsers/common/line_details.hpp"
#include "parsers/csv/csv_parser.hpp"
#include "tests/fuzz/line_details_invariants.hpp"

namespace {

// Windows-1252, header found by name, indicator with its sign ignored, running balance,
// sided counterparty, overflowing remittance, footers and rows without amount skipped.
constexpr std::string_view kRichProfile = R"({
  "encoding": "windows-1252", "delimiter": [";", ","], "decimal_separator": ",", "thousands_separator": ".",
  "date_formats": ["DD.MM.YYYY", "YYYY-MM-DD"], "header": "locate", "skip_trailing_non_data_rows": true,
  "allow_extra_fields": true, "rows_without_amount": "skip", "balance_kind": "after", "row_order": "newest_first",
  "columns": {
    "booking_date": "Datum", "value_date": {"header": "Valuta", "optional": true}, "amount": "Betrag",
    "indicator": {"column": "S/H", "debit": ["S", "Soll"], "credit": ["H", "Haben"], "amount_sign": "ignore"},
    "currency": {"header": ["Währung", "Waehrung"], "occurrence": "last"},
    "account": {"header": "Konto", "optional": true}, "balance": {"header": "Saldo", "optional": true},
    "counterparty_name": {"credit": {"header": "Auftraggeber", "optional": true},
                          "debit": {"header": "Empfänger", "optional": true}},
    "end_to_end_id": {"header": "EREF", "optional": true},
    "remittance": [{"header": "Text", "to_end": true}],
    "original_amount": {"header": "Orig", "optional": true}, "original_currency": {"header": "OrigW", "optional": true},
    "exchange_rate": {"header": "Kurs", "optional": true}, "mandate_id": {"header": "MREF", "optional": true}
  }
})";

// Line details by header (Adyen- and PayPal-like): the original amount as a debit/credit
// pair, charges added up from several columns and written with a minus, in their own
// currency, and the five texts.
constexpr std::string_view kDetailsProfile = R"({
  "encoding": "utf-8", "delimiter": ",", "decimal_separator": ".", "thousands_separator": ",",
  "date_formats": ["YYYY-MM-DD"], "charges_sign": "negative", "amount_sign": "inverted",
  "columns": {
    "booking_date": "Date", "amount": "Net", "currency": "Currency",
    "original_amount": {"debit": {"header": "Gross Debit", "optional": true},
                        "credit": {"header": "Gross Credit", "optional": true}},
    "original_currency": {"header": "Gross Currency", "optional": true},
    "exchange_rate": {"header": "Rate", "optional": true},
    "charges": [{"header": "Fee", "optional": true}, {"header": "Tax", "optional": true}],
    "charges_currency": {"header": "Fee Currency", "optional": true},
    "check_number": {"header": "Check", "optional": true}, "customer_reference": {"header": "Ref", "optional": true},
    "mandate_id": {"header": "Mandate", "optional": true}, "ultimate_debtor": {"header": "UD", "optional": true},
    "ultimate_creditor": {"header": "UC", "optional": true}
  }
})";

// No header, positions, single quotes, debit/credit columns, balance before each row,
// a preamble value and a footer row.
constexpr std::string_view kPositionalProfile = R"({
  "encoding": "utf-8", "delimiter": "|", "quote": "'", "decimal_separator": ".", "thousands_separator": " ",
  "date_formats": ["M/D/YY"], "header": "none", "skip_rows": 1, "skip_footer_rows": 1,
  "balance_kind": "before", "row_order": "oldest_first",
  "columns": {
    "booking_date": 0, "debit": 1, "credit": 2, "currency": 3, "balance": 4,
    "remittance": [5, {"index": 6, "to_end": true}], "account": {"preamble": "acct"}
  }
})";

bool ValidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

void Require(bool condition) {
  if (!condition) std::abort();
}

// The promises: text is UTF-8; every line is in its statement's currency and account;
// no more lines than the limit; a failure says what went wrong and is of a parse kind.
void CheckFile(const recon::Result<recon::ParsedFile>& file, const recon::ParseOptions& options) {
  if (!file.ok()) {
    const recon::Error& e = file.error();
    Require(!e.message.empty());
    Require(e.code == recon::ErrorCode::kMalformedFile || e.code == recon::ErrorCode::kUnsupportedFormat ||
            e.code == recon::ErrorCode::kLimitExceeded || e.code == recon::ErrorCode::kInvalidRequest);
    Require(ValidUtf8(e.message) && ValidUtf8(e.location));
    return;
  }
  Require(file->format.starts_with("csv."));
  size_t lines = 0;
  for (const recon::Statement& s : file->statements) {
    Require(!s.lines.empty());
    Require(ValidUtf8(s.account) && ValidUtf8(s.statement_id));
    for (const std::string& w : s.warnings) Require(ValidUtf8(w));
    for (const recon::StatementLine& l : s.lines) {
      Require(l.amount.currency.code() == s.currency);
      Require(l.account == s.account);
      for (const auto* text :
           {&l.counterparty_name, &l.counterparty_account, &l.counterparty_bic, &l.structured_reference,
            &l.remittance_info, &l.end_to_end_id, &l.bank_reference, &l.bank_transaction_code}) {
        Require(!text->has_value() || (!(*text)->empty() && ValidUtf8(**text)));
      }
      Require(recon::fuzz::LineDetailsHold(l, [](const std::string& t) { return ValidUtf8(t); }));
      if (l.details.present()) {
        const recon::LineDetails& d = l.details.Get();
        // No empty box, no zero charges, and no original amount that is the booked one.
        Require(!recon::parsers::Empty(d));
        Require(!d.charges || d.charges->minor != 0);
        Require(!d.original_amount || !(*d.original_amount == l.amount));
        Require(!d.original_currency || d.original_amount || *d.original_currency != l.amount.currency.code());
      }
    }
    Require(s.opening_balance.has_value() == s.closing_balance.has_value());
    lines += s.lines.size();
  }
  Require(lines <= options.statement_lines_max);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const recon::csv::CsvParser parser;
  (void)recon::csv::LooksLikeCsv(bytes);

  recon::ParseOptions options;
  options.statement_lines_max = 5'000;
  CheckFile(parser.Parse(bytes, options), options);

  if (bytes.starts_with("{")) {
    const size_t split = bytes.find("\n\n");
    if (split != std::string_view::npos) {
      options.csv_profile = "fuzzed";
      options.csv_profile_json = std::string(bytes.substr(0, split));
      CheckFile(parser.Parse(bytes.substr(split + 2), options), options);
    }
    return 0;
  }
  options.csv_profile = "rich";
  options.csv_profile_json = std::string(kRichProfile);
  CheckFile(parser.Parse(bytes, options), options);
  options.csv_profile = "positional";
  options.csv_profile_json = std::string(kPositionalProfile);
  CheckFile(parser.Parse(bytes, options), options);
  options.csv_profile = "details";
  options.csv_profile_json = std::string(kDetailsProfile);
  CheckFile(parser.Parse(bytes, options), options);
  return 0;
}
