#include "storage/row_mapping.hpp"

namespace recon::storage {

Money StoredMoney(int64_t minor, std::string_view currency) {
  auto c = Currency::FromCode(currency);
  Money m;
  m.minor = minor;
  if (c) m.currency = *c;
  return m;
}

StoredLine ReadLine(const PgResult& r, int row, int c) {
  StoredLine s;
  s.id = r.int64(row, c + 0);
  s.statement_id = r.int64(row, c + 1);
  s.status = r.text(row, c + 2);
  s.matched_amount = r.int64(row, c + 3);
  StatementLine& l = s.line;
  l.account = r.text(row, c + 4);
  if (auto d = Date::ParseIso(r.text(row, c + 5))) l.booking_date = *d;
  if (!r.is_null(row, c + 6)) {
    if (auto d = Date::ParseIso(r.text(row, c + 6))) l.value_date = *d;
  }
  l.amount = StoredMoney(r.int64(row, c + 7), r.text(row, c + 8));
  l.counterparty_name = r.opt_text(row, c + 9);
  l.counterparty_account = r.opt_text(row, c + 10);
  l.counterparty_bic = r.opt_text(row, c + 11);
  l.structured_reference = r.opt_text(row, c + 12);
  l.remittance_info = r.opt_text(row, c + 13);
  l.end_to_end_id = r.opt_text(row, c + 14);
  l.bank_reference = r.opt_text(row, c + 15);
  l.bank_transaction_code = r.opt_text(row, c + 16);
  return s;
}

void ReadLineDetails(const PgResult& r, int row, int c, StatementLine& line) {
  bool any = false;
  for (int i = 0; i < kLineDetailColumnCount && !any; ++i) any = !r.is_null(row, c + i);
  if (!any) return;
  LineDetails& l = line.details.Edit();
  l.original_currency = r.opt_text(row, c + 1);
  if (!r.is_null(row, c + 0) && l.original_currency) l.original_amount = StoredMoney(r.int64(row, c + 0), *l.original_currency);
  l.exchange_rate = r.opt_text(row, c + 2);
  if (!r.is_null(row, c + 3) && !r.is_null(row, c + 4)) l.charges = StoredMoney(r.int64(row, c + 3), r.text(row, c + 4));
  l.check_number = r.opt_text(row, c + 5);
  l.customer_reference = r.opt_text(row, c + 6);
  l.mandate_id = r.opt_text(row, c + 7);
  l.ultimate_debtor = r.opt_text(row, c + 8);
  l.ultimate_creditor = r.opt_text(row, c + 9);
}

}  // namespace recon::storage
