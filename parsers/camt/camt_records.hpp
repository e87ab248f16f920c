// What the camt collector gathers from the XML events, as text, before mapping.
//
// These records mirror the parts of Stmt/Rpt/Ntfctn, Bal, Ntry and TxDtls that recond
// reads, across every version (the collector folds version differences such as
// Dbtr/Nm vs Dbtr/Pty/Nm or Sts vs Sts/Cd into one field). Values are raw element text;
// camt_mapper turns them into the common record and reports what is wrong with them.
// Records are reused from entry to entry (Clear keeps the strings' capacity), which
// keeps allocation out of the per-entry path.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace recon::camt {

inline void ResetValue(std::string& s) { s.clear(); }
template <class T>
void ResetValue(T& t) {
  t.Clear();
}

// A vector whose elements are cleared and reused instead of destroyed. Add() may move
// the elements; callers hold no reference across an Add() to the same list.
template <class T>
class Recycled {
 public:
  T& Add() {
    if (size_ == items_.size()) {
      items_.emplace_back();
    } else {
      ResetValue(items_[size_]);
    }
    return items_[size_++];
  }
  void Clear() { size_ = 0; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T& operator[](size_t i) { return items_[i]; }
  const T& operator[](size_t i) const { return items_[i]; }
  const T* begin() const { return items_.data(); }
  const T* end() const { return items_.data() + size_; }

 private:
  std::vector<T> items_;
  size_t size_ = 0;
};

// <Amt Ccy="EUR">12.50</Amt>
struct RawAmount {
  bool present = false;
  std::string value;
  std::string currency;
  void Clear() {
    present = false;
    value.clear();
    currency.clear();
  }
};

// <CcyXchg>: SrcCcy, TrgtCcy, UnitCcy, XchgRate (kept as decimal text, never a double).
struct RawExchange {
  std::string source_currency, target_currency, unit_currency, rate;
  void Clear() {
    source_currency.clear();
    target_currency.clear();
    unit_currency.clear();
    rate.clear();
  }
};

// An amount of AmtDtls (InstdAmt, TxAmt, CntrValAmt) with its exchange.
struct RawAmountAndExchange {
  RawAmount amount;
  RawExchange exchange;
  void Clear() {
    amount.Clear();
    exchange.Clear();
  }
};

// BkTxCd: Domn/Cd, Domn/Fmly/Cd, Domn/Fmly/SubFmlyCd, Prtry/Cd, Prtry/Issr.
struct RawCode {
  std::string domain, family, sub_family, proprietary, issuer;
  void Clear() {
    domain.clear();
    family.clear();
    sub_family.clear();
    proprietary.clear();
    issuer.clear();
  }
};

// Dbtr, Cdtr, UltmtDbtr, UltmtCdtr with the related account: Nm or Pty/Nm, or an agent
// as the party (Agt/FinInstnId, version 8 and later).
struct RawParty {
  std::string name;
  std::string account;  // Acct/Id/IBAN or Acct/Id/Othr/Id
  std::string bic;      // Agt/FinInstnId/BICFI when the party is a bank
  void Clear() {
    name.clear();
    account.clear();
    bic.clear();
  }
  bool empty() const { return name.empty() && account.empty() && bic.empty(); }
};

// Chrgs/Rcrd (version 3 and later) or one Chrgs block (version 2).
struct RawCharge {
  RawAmount amount;
  std::string credit_debit;
  std::string included;  // ChrgInclInd
  void Clear() {
    amount.Clear();
    credit_debit.clear();
    included.clear();
  }
};

struct RawCharges {
  RawAmount total;  // TtlChrgsAndTaxAmt
  Recycled<RawCharge> records;
  void Clear() {
    total.Clear();
    records.Clear();
  }
};

// RmtInf/Strd.
struct RawStructured {
  std::string reference_type;  // CdtrRefInf/Tp/CdOrPrtry/Cd (SCOR) or Prtry (QRR, ISR ...)
  std::string reference;       // CdtrRefInf/Ref
  Recycled<std::string> document_numbers;  // RfrdDocInf/Nb
  Recycled<std::string> additional;        // AddtlRmtInf
  void Clear() {
    reference_type.clear();
    reference.clear();
    document_numbers.Clear();
    additional.Clear();
  }
};

// One TxDtls.
struct RawTransaction {
  uint32_t details_index = 0;  // which NtryDtls (1-based; 0 when TxDtls sits directly in Ntry, version 1)
  uint32_t index = 0;          // which TxDtls within it (1-based)
  // Refs
  std::string message_id, account_servicer_reference, payment_information_id, instruction_id, end_to_end_id,
      uetr, transaction_id, mandate_id, cheque_number, clearing_system_reference;
  RawAmount amount;  // TxDtls/Amt (version 3 and later)
  std::string credit_debit;
  RawAmountAndExchange instructed, transaction, counter_value;  // AmtDtls
  RawCode code;
  RawCharges charges;
  RawParty debtor, creditor, ultimate_debtor, ultimate_creditor;
  std::string debtor_agent_bic, creditor_agent_bic;
  Recycled<std::string> unstructured;  // RmtInf/Ustrd
  Recycled<RawStructured> structured;  // RmtInf/Strd
  std::string additional_info;         // AddtlTxInf

  void Clear();
};

// One Ntry.
struct RawEntry {
  uint32_t index = 0;  // 1-based within its statement
  RawAmount amount;
  std::string credit_debit, reversal, status;
  std::string booking_date, booking_date_time, value_date, value_date_time;
  std::string account_servicer_reference, entry_reference, additional_info;
  std::string batch_transactions;  // Btch/NbOfTxs
  RawCode code;
  RawCharges charges;
  RawAmountAndExchange instructed, transaction, counter_value;  // Ntry/AmtDtls
  uint32_t details_count = 0;        // NtryDtls seen
  uint32_t direct_transactions = 0;  // TxDtls directly in Ntry (version 1)
  Recycled<RawTransaction> transactions;

  void Clear();
};

// One Bal.
struct RawBalance {
  uint32_t index = 0;
  std::string code;  // Tp/CdOrPrtry/Cd, or Tp/Cd in version 1
  std::string proprietary;
  RawAmount amount;
  std::string credit_debit;
  std::string date, date_time;
  void Clear();
};

// One Stmt, Rpt or Ntfctn, up to its entries.
struct RawStatement {
  uint32_t index = 0;
  std::string path;  // "/Document/BkToCstmrStmt/Stmt[2]", for error locations
  std::string id;
  std::string account;  // Acct/Id/IBAN, Othr/Id, BBAN, UPIC or PrtryAcct/Id
  std::string currency;
  std::string owner_name;
  std::string created;          // CreDtTm of the Stmt/Rpt/Ntfctn
  std::string message_created;  // GrpHdr/CreDtTm of the message
  Recycled<RawBalance> balances;
  uint32_t entries = 0;
  void Clear();
};

}  // namespace recon::camt
