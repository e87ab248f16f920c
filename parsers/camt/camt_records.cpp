#include "parsers/camt/camt_records.hpp"

namespace recon::camt {

void RawTransaction::Clear() {
  details_index = index = 0;
  for (std::string* s : {&message_id, &account_servicer_reference, &payment_information_id, &instruction_id,
                         &end_to_end_id, &uetr, &transaction_id, &mandate_id, &cheque_number,
                         &clearing_system_reference, &credit_debit, &debtor_agent_bic, &creditor_agent_bic,
                         &additional_info}) {
    s->clear();
  }
  amount.Clear();
  instructed.Clear();
  transaction.Clear();
  counter_value.Clear();
  code.Clear();
  charges.Clear();
  debtor.Clear();
  creditor.Clear();
  ultimate_debtor.Clear();
  ultimate_creditor.Clear();
  unstructured.Clear();
  structured.Clear();
}

void RawEntry::Clear() {
  index = 0;
  for (std::string* s : {&credit_debit, &reversal, &status, &booking_date, &booking_date_time, &value_date,
                         &value_date_time, &account_servicer_reference, &entry_reference, &additional_info,
                         &batch_transactions}) {
    s->clear();
  }
  amount.Clear();
  code.Clear();
  charges.Clear();
  instructed.Clear();
  transaction.Clear();
  counter_value.Clear();
  details_count = direct_transactions = 0;
  transactions.Clear();
}

void RawBalance::Clear() {
  index = 0;
  code.clear();
  proprietary.clear();
  amount.Clear();
  credit_debit.clear();
  date.clear();
  date_time.clear();
}

void RawStatement::Clear() {
  index = 0;
  path.clear();
  id.clear();
  account.clear();
  currency.clear();
  owner_name.clear();
  created.clear();
  message_created.clear();
  balances.Clear();
  entries = 0;
}

}  // namespace recon::camt
