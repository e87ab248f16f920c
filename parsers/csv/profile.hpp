// A CSV profile: how one bank's export is laid out. Read from JSON (the schema is
// config/csv-profiles/README.md) or built by automatic mode; the mapper reads only this.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/csv/charset.hpp"
#include "parsers/csv/date_format.hpp"
#include "parsers/csv/number.hpp"
#include "recon/error.hpp"

namespace recon::csv {

// Limits on a profile's own size and shape; a profile beyond them is refused.
inline constexpr size_t kProfileBytesMax = 1u << 20;  // the JSON text
inline constexpr size_t kDateFormatsMax = 8;          // entries of date_formats
inline constexpr size_t kAliasesMax = 32;             // header names of one column
inline constexpr size_t kRemittanceColumnsMax = 16;   // columns joined into remittance
inline constexpr size_t kChargesColumnsMax = 8;       // columns added up into the charges
inline constexpr size_t kIndicatorValuesMax = 16;     // values meaning debit (or credit)
inline constexpr size_t kSkipRowsMax = 10'000;        // skip_rows and skip_footer_rows
inline constexpr size_t kHeaderSearchRowsMax = 100;   // rows searched by "header": "locate"

enum class HeaderMode {
  kFirst,   // the row after skip_rows names the columns
  kLocate,  // the first row (after skip_rows, within kHeaderSearchRowsMax) that has every required header name
  kNone,    // no header: columns by index only
};

enum class BalanceKind { kAfter, kBefore };  // the balance column holds the balance after (before) the row's amount

enum class RowOrder {
  kOldestFirst,
  kNewestFirst,
  kDetect,  // automatic mode only: whichever order the balances themselves agree with
};

// Where one field of a line comes from.
struct ColumnRef {
  enum class Kind {
    kUnset,
    kHeader,    // the column whose header is one of `names` (first alias found wins)
    kIndex,     // the column at 0-based `index`
    kValue,     // the fixed text `value`
    kPreamble,  // the second cell of the preamble row whose first cell is `value` (rows before the header)
  };
  Kind kind = Kind::kUnset;
  std::vector<std::string> names;
  size_t index = 0;
  std::string value;
  // A header name that appears in several columns is refused unless the profile says which.
  enum class Occurrence { kOnly, kFirst, kLast };
  Occurrence occurrence = Occurrence::kOnly;
  bool optional = false;  // a header that may be missing from the file
  bool to_end = false;    // remittance only: this column and every field after it
  std::string field;      // the profile field, for messages: "columns.amount"

  bool set() const { return kind != Kind::kUnset; }
};

// A counterparty field that may depend on the direction of the money: German exports
// often carry both the payer (Auftraggeber) and the payee (Empfänger).
struct SidedRef {
  ColumnRef any;     // whatever the sign
  ColumnRef credit;  // for money in: the payer
  ColumnRef debit;   // for money out: the payee
};

struct Indicator {
  ColumnRef column;
  std::vector<std::string> debit_values;  // folded (FoldHeader) for comparison
  std::vector<std::string> credit_values;
  std::vector<std::string> debit_display;  // as written in the profile, for messages
  std::vector<std::string> credit_display;
  bool ignore_amount_sign = false;  // else a signed amount next to an indicator is refused
};

struct Columns {
  ColumnRef booking_date, value_date;
  ColumnRef amount, debit, credit;  // amount alone, amount + indicator, or debit + credit
  std::optional<Indicator> indicator;
  ColumnRef currency, account, statement_id, balance;
  SidedRef counterparty_name, counterparty_account, counterparty_bic;
  std::vector<ColumnRef> remittance;  // joined with one space, in this order
  ColumnRef end_to_end_id, bank_reference, structured_reference, bank_transaction_code;

  // Line details (recon::LineDetails). The original amount is one signed column, or a
  // debit and a credit column (original_debit, original_credit; original_amount unset).
  ColumnRef original_amount, original_debit, original_credit, original_currency, exchange_rate;
  std::vector<ColumnRef> charges;  // added up; empty cells are left out
  ColumnRef charges_currency;      // absent (or an empty cell): the line's currency
  ColumnRef check_number, customer_reference, mandate_id, ultimate_debtor, ultimate_creditor;
};

// Every column reference of `columns` (the sided ones in each of their three forms, the
// remittance columns, the indicator's), pointing into it.
std::vector<const ColumnRef*> AllColumnRefs(const Columns& columns);

struct Profile {
  std::string name;  // for messages and ParsedFile::format
  Encoding encoding = Encoding::kUtf8;
  std::vector<char> delimiters = {','};  // several: the first that finds the header wins
  char quote = '"';                      // '\0': no quoting
  NumberStyle number;
  std::vector<DateFormat> date_formats;  // tried in order; never two that read the same text differently
  HeaderMode header = HeaderMode::kFirst;
  size_t skip_rows = 0;         // rows (lines, blank ones included) before the header or the first data row
  size_t skip_footer_rows = 0;  // non-blank rows at the end that are not data
  bool skip_trailing_non_data_rows = false;  // rows at the end that fail to read as data are skipped, with a warning
  bool allow_extra_fields = false;           // rows may have more fields than the header names
  bool skip_rows_without_amount = false;     // rows whose amount cells are all empty are skipped
  bool invert_sign = false;                  // the export counts money out as positive (credit cards)
  bool charges_negative = false;             // the charges columns write a charge with a minus (PayPal's Fee)
  BalanceKind balance_kind = BalanceKind::kAfter;
  RowOrder row_order = RowOrder::kOldestFirst;
  Columns columns;
};

// Reads and validates a profile's JSON. `name` is used in messages. Errors are
// kInvalidRequest, with the profile field in the location ("columns.amount") and the
// problem in the message; kLimitExceeded when the text is beyond kProfileBytesMax.
Result<Profile> ParseProfile(std::string_view json_text, std::string_view name);

}  // namespace recon::csv
