// The shape of camt.052/053/054 in every version, as the collector walks it: for each
// element it is in, which children matter and where their text goes. A child that is
// not named here is skipped with its whole subtree.
#include <cstring>

#include "parsers/camt/camt_collector.hpp"
#include "parsers/camt/camt_values.hpp"
#include "recon/ascii.hpp"

namespace recon::camt {
namespace {

// Compares with a literal of known length, which compiles to a few integer compares
// instead of a memcmp call; the collector does this for every element of the file.
template <size_t N>
bool Is(std::string_view name, const char (&literal)[N]) {
  return name.size() == N - 1 && std::memcmp(name.data(), literal, N - 1) == 0;
}

}  // namespace

void Collector::Go(Frame& f, Node node) { f.node = node; }

// A sink that already holds text when its element starts holds an earlier element's: the
// text is kept aside in previous_ until this element ends (ResolveRepeat). Only one leaf
// is open at a time, so one slot is enough. Fresh sinks (the common case) cost one test.
void Collector::Leaf(Frame& f, std::string* sink, Once once) {
  f.node = Node::kLeaf;
  f.sink = sink;
  f.once = once;
  if (once != Once::kList && !sink->empty() && !ascii::Trim(*sink).empty()) {
    f.repeat = true;
    previous_.swap(*sink);
  }
  sink->clear();
}

void Collector::AmountLeaf(Frame& f, RawAmount* amount, Once once) {
  if (amount->present) {
    f.repeat = true;
    previous_ = amount->value;
    previous_currency_ = amount->currency;
  }
  amount->Clear();
  f.node = Node::kLeaf;
  f.amount = amount;
  f.sink = &amount->value;
  f.once = once;
}

void Collector::DateChoice(Frame& f, std::string* date, std::string* date_time) {
  c_.date = date;
  c_.date_time = date_time;
  f.node = Node::kDateChoice;
}

void Collector::Child(Frame& parent, std::string_view n, Frame& f) {
  switch (parent.node) {
    case Node::kMessage:
    case Node::kGroupHeader:
    case Node::kReport:
    case Node::kAccount:
    case Node::kAccountId:
    case Node::kAccountOther:
    case Node::kOwner:
    case Node::kBalance:
    case Node::kBalanceType:
    case Node::kDateChoice:
      return StatementChild(parent, n, f);
    case Node::kEntry:
    case Node::kStatus:
    case Node::kCode:
    case Node::kCodeDomain:
    case Node::kCodeFamily:
    case Node::kCodeProprietary:
    case Node::kEntryDetails:
    case Node::kBatch:
      return EntryChild(parent, n, f);
    case Node::kTransaction:
    case Node::kRefs:
      return TransactionChild(parent, n, f);
    case Node::kAmountDetails:
    case Node::kAmountAndExchange:
    case Node::kExchange:
      return AmountChild(parent, n, f);
    case Node::kCharges:
    case Node::kChargeRecord:
      return ChargesChild(parent, n, f);
    case Node::kParties:
    case Node::kParty:
    case Node::kPartyAgent:
    case Node::kAgents:
    case Node::kAgent:
    case Node::kFinancialInstitution:
      return PartyChild(parent, n, f);
    case Node::kRemittance:
    case Node::kStructured:
    case Node::kCreditorReference:
    case Node::kCreditorReferenceType:
    case Node::kReferredDocument:
      return RemittanceChild(parent, n, f);
    default:
      return;  // kIgnored, kLeaf, kDocument: their children are not read here
  }
}

// Message, group header, Stmt/Rpt/Ntfctn, our account and its balances.
void Collector::StatementChild(Frame& parent, std::string_view n, Frame& f) {
  Current& t = c_;
  switch (parent.node) {
    case Node::kMessage:
      if (n == ReportName(kind_)) {
        f.index = ++parent.counts[0];
        return Go(f, Node::kReport);
      }
      break;
    case Node::kGroupHeader:
      if (Is(n, "CreDtTm")) return Leaf(f, &message_created_);
      break;
    case Node::kReport:
      if (Is(n, "Id")) return Leaf(f, &statement_.id);
      if (Is(n, "CreDtTm")) return Leaf(f, &statement_.created);
      if (Is(n, "Acct")) {
        t.account = &statement_.account;
        t.currency = &statement_.currency;
        return Go(f, Node::kAccount);
      }
      if (Is(n, "Bal")) {
        f.index = ++parent.counts[0];
        t.balance = &statement_.balances.Add();
        t.balance->index = f.index;
        return Go(f, Node::kBalance);
      }
      if (Is(n, "Ntry")) {
        f.index = ++parent.counts[1];
        entry_.Clear();
        entry_.index = f.index;
        t.tx = nullptr;
        return Go(f, Node::kEntry);
      }
      break;
    case Node::kAccount:
      if (Is(n, "Id")) return Go(f, Node::kAccountId);
      if (t.currency != nullptr && Is(n, "Ccy")) return Leaf(f, t.currency, Once::kMoney);
      if (t.currency != nullptr && Is(n, "Ownr")) return Go(f, Node::kOwner);
      break;
    case Node::kAccountId:
      if (Is(n, "IBAN") || Is(n, "BBAN") || Is(n, "UPIC")) return Leaf(f, t.account, OurAccount());
      if (Is(n, "Othr") || Is(n, "PrtryAcct")) return Go(f, Node::kAccountOther);
      break;
    case Node::kAccountOther:
      if (Is(n, "Id")) return Leaf(f, t.account, OurAccount());
      break;
    case Node::kOwner:
      if (Is(n, "Nm")) return Leaf(f, &statement_.owner_name);
      break;
    case Node::kBalance:
      if (Is(n, "Tp")) return Go(f, Node::kBalanceType);
      if (Is(n, "Amt")) return AmountLeaf(f, &t.balance->amount);
      if (Is(n, "CdtDbtInd")) return Leaf(f, &t.balance->credit_debit, Once::kMoney);
      if (Is(n, "Dt")) return DateChoice(f, &t.balance->date, &t.balance->date_time);
      break;
    case Node::kBalanceType:
      if (Is(n, "CdOrPrtry")) return Go(f, Node::kBalanceType);
      if (Is(n, "Cd")) return Leaf(f, &t.balance->code, Once::kMoney);
      if (Is(n, "Prtry")) return Leaf(f, &t.balance->proprietary, Once::kMoney);
      break;
    case Node::kDateChoice:
      if (Is(n, "Dt")) return Leaf(f, t.date);
      if (Is(n, "DtTm")) return Leaf(f, t.date_time);
      break;
    default:
      break;
  }
}

// Ntry and what belongs to the entry as a whole: status, dates, code, batch.
void Collector::EntryChild(Frame& parent, std::string_view n, Frame& f) {
  Current& t = c_;
  switch (parent.node) {
    case Node::kEntry: {
      RawEntry& e = entry_;
      if (Is(n, "Amt")) return AmountLeaf(f, &e.amount);
      if (Is(n, "CdtDbtInd")) return Leaf(f, &e.credit_debit, Once::kMoney);
      if (Is(n, "Sts")) {
        // <Sts>BOOK</Sts> up to version 8, <Sts><Cd>BOOK</Cd></Sts> from version 9: both end in e.status.
        Leaf(f, &e.status, Once::kMoney);
        return Go(f, Node::kStatus);
      }
      if (Is(n, "BookgDt")) return DateChoice(f, &e.booking_date, &e.booking_date_time);
      if (Is(n, "ValDt")) return DateChoice(f, &e.value_date, &e.value_date_time);
      if (Is(n, "AcctSvcrRef")) return Leaf(f, &e.account_servicer_reference);
      if (Is(n, "RvslInd")) return Leaf(f, &e.reversal, Once::kMoney);
      if (Is(n, "NtryRef")) return Leaf(f, &e.entry_reference);
      if (Is(n, "BkTxCd")) {
        t.code = &e.code;
        return Go(f, Node::kCode);
      }
      if (Is(n, "AddtlNtryInf")) return Leaf(f, &e.additional_info);
      if (Is(n, "NtryDtls")) {
        f.index = ++e.details_count;
        return Go(f, Node::kEntryDetails);
      }
      if (Is(n, "TxDtls")) {  // version 1: transactions sit directly in the entry
        f.index = ++e.direct_transactions;
        t.tx = &e.transactions.Add();
        t.tx->index = f.index;
        return Go(f, Node::kTransaction);
      }
      if (Is(n, "Btch")) return Go(f, Node::kBatch);
      if (Is(n, "AmtDtls")) {
        t.transaction_amounts = false;
        return Go(f, Node::kAmountDetails);
      }
      if (Is(n, "Chrgs")) {
        t.charges = &e.charges;
        return Go(f, Node::kCharges);
      }
      break;
    }
    case Node::kStatus:
      if (Is(n, "Cd") || Is(n, "Prtry")) return Leaf(f, &entry_.status, Once::kMoney);
      break;
    case Node::kCode:
      if (Is(n, "Domn")) return Go(f, Node::kCodeDomain);
      if (Is(n, "Prtry")) return Go(f, Node::kCodeProprietary);
      break;
    case Node::kCodeDomain:
      if (Is(n, "Cd")) return Leaf(f, &t.code->domain);
      if (Is(n, "Fmly")) return Go(f, Node::kCodeFamily);
      break;
    case Node::kCodeFamily:
      if (Is(n, "Cd")) return Leaf(f, &t.code->family);
      if (Is(n, "SubFmlyCd")) return Leaf(f, &t.code->sub_family);
      break;
    case Node::kCodeProprietary:
      if (Is(n, "Cd")) return Leaf(f, &t.code->proprietary);
      if (Is(n, "Issr")) return Leaf(f, &t.code->issuer);
      break;
    case Node::kEntryDetails:
      if (Is(n, "Btch")) return Go(f, Node::kBatch);
      if (Is(n, "TxDtls")) {
        f.index = ++parent.counts[0];
        t.tx = &entry_.transactions.Add();
        t.tx->details_index = parent.index;
        t.tx->index = f.index;
        return Go(f, Node::kTransaction);
      }
      break;
    case Node::kBatch:
      // Each NtryDtls may have its own Btch: a list, not a repeat.
      if (Is(n, "NbOfTxs")) return Leaf(f, &entry_.batch_transactions, Once::kList);
      break;
    default:
      break;
  }
}

// TxDtls itself and its references.
void Collector::TransactionChild(Frame& parent, std::string_view n, Frame& f) {
  Current& t = c_;
  switch (parent.node) {
    case Node::kTransaction: {
      RawTransaction& x = *t.tx;
      if (Is(n, "Refs")) return Go(f, Node::kRefs);
      if (Is(n, "Amt")) return AmountLeaf(f, &x.amount);
      if (Is(n, "CdtDbtInd")) return Leaf(f, &x.credit_debit, Once::kMoney);
      if (Is(n, "AmtDtls")) {
        t.transaction_amounts = true;
        return Go(f, Node::kAmountDetails);
      }
      if (Is(n, "BkTxCd")) {
        t.code = &x.code;
        return Go(f, Node::kCode);
      }
      if (Is(n, "Chrgs")) {
        t.charges = &x.charges;
        return Go(f, Node::kCharges);
      }
      if (Is(n, "RltdPties")) return Go(f, Node::kParties);
      if (Is(n, "RltdAgts")) return Go(f, Node::kAgents);
      if (Is(n, "RmtInf")) return Go(f, Node::kRemittance);
      if (Is(n, "AddtlTxInf")) return Leaf(f, &x.additional_info);
      break;
    }
    case Node::kRefs: {
      RawTransaction& x = *t.tx;
      if (Is(n, "AcctSvcrRef")) return Leaf(f, &x.account_servicer_reference);
      if (Is(n, "EndToEndId")) return Leaf(f, &x.end_to_end_id);
      if (Is(n, "InstrId")) return Leaf(f, &x.instruction_id);
      if (Is(n, "TxId")) return Leaf(f, &x.transaction_id);
      if (Is(n, "MndtId")) return Leaf(f, &x.mandate_id);
      if (Is(n, "UETR")) return Leaf(f, &x.uetr);
      if (Is(n, "PmtInfId")) return Leaf(f, &x.payment_information_id);
      if (Is(n, "MsgId")) return Leaf(f, &x.message_id);
      if (Is(n, "ChqNb")) return Leaf(f, &x.cheque_number);
      if (Is(n, "ClrSysRef")) return Leaf(f, &x.clearing_system_reference);
      break;
    }
    default:
      break;
  }
}

// AmtDtls (of a transaction or of the entry): the instructed, transaction and counter
// value amounts, each with its exchange.
void Collector::AmountChild(Frame& parent, std::string_view n, Frame& f) {
  Current& t = c_;
  switch (parent.node) {
    case Node::kAmountDetails: {
      // AmtDtls of a transaction, or of the entry itself when it has no TxDtls.
      const bool of_tx = t.transaction_amounts && t.tx != nullptr;
      RawAmountAndExchange* instructed = of_tx ? &t.tx->instructed : &entry_.instructed;
      RawAmountAndExchange* transaction = of_tx ? &t.tx->transaction : &entry_.transaction;
      RawAmountAndExchange* counter = of_tx ? &t.tx->counter_value : &entry_.counter_value;
      if (Is(n, "InstdAmt")) t.amount_and_exchange = instructed;
      else if (Is(n, "TxAmt")) t.amount_and_exchange = transaction;
      else if (Is(n, "CntrValAmt")) t.amount_and_exchange = counter;
      else break;
      return Go(f, Node::kAmountAndExchange);
    }
    case Node::kAmountAndExchange:
      if (Is(n, "Amt")) return AmountLeaf(f, &t.amount_and_exchange->amount);
      if (Is(n, "CcyXchg")) return Go(f, Node::kExchange);
      break;
    case Node::kExchange: {
      RawExchange& x = t.amount_and_exchange->exchange;
      if (Is(n, "SrcCcy")) return Leaf(f, &x.source_currency);
      if (Is(n, "TrgtCcy")) return Leaf(f, &x.target_currency);
      if (Is(n, "UnitCcy")) return Leaf(f, &x.unit_currency);
      if (Is(n, "XchgRate")) return Leaf(f, &x.rate);
      break;
    }
    default:
      break;
  }
}

// Chrgs (of a transaction or of the entry) and its records.
void Collector::ChargesChild(Frame& parent, std::string_view n, Frame& f) {
  Current& t = c_;
  switch (parent.node) {
    case Node::kCharges:
      // Version 2 repeats Chrgs, each block with its own total: informational, not a line's money.
      if (Is(n, "TtlChrgsAndTaxAmt")) return AmountLeaf(f, &t.charges->total, Once::kText);
      if (Is(n, "Rcrd")) {
        t.charge = &t.charges->records.Add();
        return Go(f, Node::kChargeRecord);
      }
      if (Is(n, "Amt")) {  // version 2: each Chrgs block is one charge
        t.charge = &t.charges->records.Add();
        return AmountLeaf(f, &t.charge->amount);
      }
      break;
    case Node::kChargeRecord:
      if (Is(n, "Amt")) return AmountLeaf(f, &t.charge->amount);
      if (Is(n, "CdtDbtInd")) return Leaf(f, &t.charge->credit_debit, Once::kMoney);
      if (Is(n, "ChrgInclInd")) return Leaf(f, &t.charge->included, Once::kMoney);
      break;
    default:
      break;
  }
}

// TxDtls: related parties and agents.
void Collector::PartyChild(Frame& parent, std::string_view n, Frame& f) {
  Current& t = c_;
  switch (parent.node) {
    case Node::kParties: {
      RawTransaction& x = *t.tx;
      RawParty* party = nullptr;
      if (Is(n, "Dbtr")) party = &x.debtor;
      else if (Is(n, "Cdtr")) party = &x.creditor;
      else if (Is(n, "UltmtDbtr")) party = &x.ultimate_debtor;
      else if (Is(n, "UltmtCdtr")) party = &x.ultimate_creditor;
      if (party != nullptr) {
        t.party = party;
        return Go(f, Node::kParty);
      }
      if (Is(n, "DbtrAcct") || Is(n, "CdtrAcct")) {
        t.account = Is(n, "DbtrAcct") ? &x.debtor.account : &x.creditor.account;
        t.currency = nullptr;
        return Go(f, Node::kAccount);
      }
      break;
    }
    case Node::kParty:
      if (Is(n, "Nm")) return Leaf(f, &t.party->name);
      if (Is(n, "Pty")) return Go(f, Node::kParty);  // version 8 and later: Dbtr/Pty/Nm
      if (Is(n, "Agt")) return Go(f, Node::kPartyAgent);
      break;
    case Node::kPartyAgent:
      if (Is(n, "FinInstnId")) {
        t.bic = &t.party->bic;
        t.name = &t.party->name;
        return Go(f, Node::kFinancialInstitution);
      }
      break;
    case Node::kAgents:
      if (Is(n, "DbtrAgt") || Is(n, "CdtrAgt")) {
        t.bic = Is(n, "DbtrAgt") ? &t.tx->debtor_agent_bic : &t.tx->creditor_agent_bic;
        t.name = nullptr;
        return Go(f, Node::kAgent);
      }
      break;
    case Node::kAgent:
      if (Is(n, "FinInstnId")) return Go(f, Node::kFinancialInstitution);
      break;
    case Node::kFinancialInstitution:
      if (Is(n, "BICFI") || Is(n, "BIC")) return Leaf(f, t.bic);
      if (t.name != nullptr && Is(n, "Nm")) return Leaf(f, t.name);
      break;
    default:
      break;
  }
}

// TxDtls: remittance information, unstructured and structured.
void Collector::RemittanceChild(Frame& parent, std::string_view n, Frame& f) {
  Current& t = c_;
  switch (parent.node) {
    case Node::kRemittance:
      if (Is(n, "Ustrd")) return Leaf(f, &t.tx->unstructured.Add(), Once::kList);
      if (Is(n, "Strd")) {
        t.structured = &t.tx->structured.Add();
        return Go(f, Node::kStructured);
      }
      break;
    case Node::kStructured:
      if (Is(n, "CdtrRefInf")) return Go(f, Node::kCreditorReference);
      if (Is(n, "RfrdDocInf")) return Go(f, Node::kReferredDocument);
      if (Is(n, "AddtlRmtInf")) return Leaf(f, &t.structured->additional.Add(), Once::kList);
      break;
    case Node::kCreditorReference:
      if (Is(n, "Tp")) return Go(f, Node::kCreditorReferenceType);
      if (Is(n, "Ref")) return Leaf(f, &t.structured->reference);
      break;
    case Node::kCreditorReferenceType:
      if (Is(n, "CdOrPrtry")) return Go(f, Node::kCreditorReferenceType);
      if (Is(n, "Cd") || Is(n, "Prtry")) return Leaf(f, &t.structured->reference_type);
      break;
    case Node::kReferredDocument:
      if (Is(n, "Nb")) return Leaf(f, &t.structured->document_numbers.Add(), Once::kList);
      break;
    default:
      break;
  }
}

}  // namespace recon::camt
