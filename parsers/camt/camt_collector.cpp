#include "parsers/camt/camt_collector.hpp"

#include <cstring>
#include <optional>

namespace recon::camt {

// Where the collector is in the camt tree. One node can stand for several elements that
// share a shape (kParty for Dbtr, Cdtr, UltmtDbtr, UltmtCdtr); Current says which record
// the element fills.
enum class Collector::Node : uint8_t {
  kIgnored,
  kLeaf,  // an element whose text goes to Frame::sink
  kDocument,
  kMessage,
  kGroupHeader,
  kReport,
  kAccount,
  kAccountId,
  kAccountOther,
  kOwner,
  kBalance,
  kBalanceType,
  kDateChoice,
  kEntry,
  kStatus,
  kCode,
  kCodeDomain,
  kCodeFamily,
  kCodeProprietary,
  kEntryDetails,
  kBatch,
  kTransaction,
  kRefs,
  kAmountDetails,
  kAmountAndExchange,
  kExchange,
  kCharges,
  kChargeRecord,
  kParties,
  kParty,
  kPartyAgent,
  kAgents,
  kAgent,
  kFinancialInstitution,
  kRemittance,
  kStructured,
  kCreditorReference,
  kCreditorReferenceType,
  kReferredDocument,
};

namespace {

// Compares with a literal of known length, which compiles to a few integer compares
// instead of a memcmp call; the collector does this for every element of the file.
template <size_t N>
bool Is(std::string_view name, const char (&literal)[N]) {
  return name.size() == N - 1 && std::memcmp(name.data(), literal, N - 1) == 0;
}

// BkToCstmrStmt, and BkToCstmrStmtV01 as version 1 names it.
bool IsMessage(std::string_view local, std::string_view base) {
  if (!local.starts_with(base)) return false;
  const std::string_view suffix = local.substr(base.size());
  if (suffix.empty()) return true;
  if (suffix.size() < 2 || suffix[0] != 'V') return false;
  for (char c : suffix.substr(1)) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::optional<MessageKind> MessageKindOf(std::string_view local) {
  if (IsMessage(local, "BkToCstmrStmt")) return MessageKind::kStatement;
  if (IsMessage(local, "BkToCstmrAcctRpt")) return MessageKind::kReport;
  if (IsMessage(local, "BkToCstmrDbtCdtNtfctn")) return MessageKind::kNotification;
  return std::nullopt;
}

std::string_view ReportName(MessageKind kind) {
  switch (kind) {
    case MessageKind::kStatement: return "Stmt";
    case MessageKind::kReport: return "Rpt";
    case MessageKind::kNotification: return "Ntfctn";
  }
  return "";
}

}  // namespace

void Collector::Child(Frame& parent, std::string_view n, Frame& f) {
  Current& t = c_;
  auto node = [&](Node kind) { f.node = kind; };
  auto text = [&](std::string* sink) {
    sink->clear();
    f.node = Node::kLeaf;
    f.sink = sink;
  };
  auto amount = [&](RawAmount* a) {
    a->Clear();
    f.node = Node::kLeaf;
    f.amount = a;
    f.sink = &a->value;
  };
  auto date_choice = [&](std::string* date, std::string* date_time) {
    t.date = date;
    t.date_time = date_time;
    return node(Node::kDateChoice);
  };
  switch (parent.node) {
    case Node::kMessage:
      if (n == ReportName(kind_)) {
        f.index = ++parent.counts[0];
        return node(Node::kReport);
      }
      break;
    case Node::kGroupHeader:
      if (Is(n, "CreDtTm")) return text(&message_created_);
      break;
    case Node::kReport:
      if (Is(n, "Id")) return text(&statement_.id);
      if (Is(n, "CreDtTm")) return text(&statement_.created);
      if (Is(n, "Acct")) {
        t.account = &statement_.account;
        t.currency = &statement_.currency;
        return node(Node::kAccount);
      }
      if (Is(n, "Bal")) {
        f.index = ++parent.counts[0];
        t.balance = &statement_.balances.Add();
        t.balance->index = f.index;
        return node(Node::kBalance);
      }
      if (Is(n, "Ntry")) {
        f.index = ++parent.counts[1];
        entry_.Clear();
        entry_.index = f.index;
        t.tx = nullptr;
        return node(Node::kEntry);
      }
      break;
    case Node::kAccount:
      if (Is(n, "Id")) return node(Node::kAccountId);
      if (t.currency != nullptr && Is(n, "Ccy")) return text(t.currency);
      if (t.currency != nullptr && Is(n, "Ownr")) return node(Node::kOwner);
      break;
    case Node::kAccountId:
      if (Is(n, "IBAN") || Is(n, "BBAN") || Is(n, "UPIC")) return text(t.account);
      if (Is(n, "Othr") || Is(n, "PrtryAcct")) return node(Node::kAccountOther);
      break;
    case Node::kAccountOther:
      if (Is(n, "Id")) return text(t.account);
      break;
    case Node::kOwner:
      if (Is(n, "Nm")) return text(&statement_.owner_name);
      break;
    case Node::kBalance:
      if (Is(n, "Tp")) return node(Node::kBalanceType);
      if (Is(n, "Amt")) return amount(&t.balance->amount);
      if (Is(n, "CdtDbtInd")) return text(&t.balance->credit_debit);
      if (Is(n, "Dt")) return date_choice(&t.balance->date, &t.balance->date_time);
      break;
    case Node::kBalanceType:
      if (Is(n, "CdOrPrtry")) return node(Node::kBalanceType);
      if (Is(n, "Cd")) return text(&t.balance->code);
      if (Is(n, "Prtry")) return text(&t.balance->proprietary);
      break;
    case Node::kDateChoice:
      if (Is(n, "Dt")) return text(t.date);
      if (Is(n, "DtTm")) return text(t.date_time);
      break;
    case Node::kEntry: {
      RawEntry& e = entry_;
      if (Is(n, "Amt")) return amount(&e.amount);
      if (Is(n, "CdtDbtInd")) return text(&e.credit_debit);
      if (Is(n, "Sts")) {
        // <Sts>BOOK</Sts> up to version 8, <Sts><Cd>BOOK</Cd></Sts> from version 9: both end in e.status.
        text(&e.status);
        return node(Node::kStatus);
      }
      if (Is(n, "BookgDt")) return date_choice(&e.booking_date, &e.booking_date_time);
      if (Is(n, "ValDt")) return date_choice(&e.value_date, &e.value_date_time);
      if (Is(n, "AcctSvcrRef")) return text(&e.account_servicer_reference);
      if (Is(n, "RvslInd")) return text(&e.reversal);
      if (Is(n, "NtryRef")) return text(&e.entry_reference);
      if (Is(n, "BkTxCd")) {
        t.code = &e.code;
        return node(Node::kCode);
      }
      if (Is(n, "AddtlNtryInf")) return text(&e.additional_info);
      if (Is(n, "NtryDtls")) {
        f.index = ++e.details_count;
        return node(Node::kEntryDetails);
      }
      if (Is(n, "TxDtls")) {  // version 1: transactions sit directly in the entry
        f.index = ++e.direct_transactions;
        t.tx = &e.transactions.Add();
        t.tx->index = f.index;
        return node(Node::kTransaction);
      }
      if (Is(n, "Btch")) return node(Node::kBatch);
      if (Is(n, "AmtDtls")) {
        t.transaction_amounts = false;
        return node(Node::kAmountDetails);
      }
      if (Is(n, "Chrgs")) {
        t.charges = &e.charges;
        return node(Node::kCharges);
      }
      break;
    }
    case Node::kStatus:
      if (Is(n, "Cd") || Is(n, "Prtry")) return text(&entry_.status);
      break;
    case Node::kCode:
      if (Is(n, "Domn")) return node(Node::kCodeDomain);
      if (Is(n, "Prtry")) return node(Node::kCodeProprietary);
      break;
    case Node::kCodeDomain:
      if (Is(n, "Cd")) return text(&t.code->domain);
      if (Is(n, "Fmly")) return node(Node::kCodeFamily);
      break;
    case Node::kCodeFamily:
      if (Is(n, "Cd")) return text(&t.code->family);
      if (Is(n, "SubFmlyCd")) return text(&t.code->sub_family);
      break;
    case Node::kCodeProprietary:
      if (Is(n, "Cd")) return text(&t.code->proprietary);
      if (Is(n, "Issr")) return text(&t.code->issuer);
      break;
    case Node::kEntryDetails:
      if (Is(n, "Btch")) return node(Node::kBatch);
      if (Is(n, "TxDtls")) {
        f.index = ++parent.counts[0];
        t.tx = &entry_.transactions.Add();
        t.tx->details_index = parent.index;
        t.tx->index = f.index;
        return node(Node::kTransaction);
      }
      break;
    case Node::kBatch:
      if (Is(n, "NbOfTxs")) return text(&entry_.batch_transactions);
      break;
    case Node::kTransaction: {
      RawTransaction& x = *t.tx;
      if (Is(n, "Refs")) return node(Node::kRefs);
      if (Is(n, "Amt")) return amount(&x.amount);
      if (Is(n, "CdtDbtInd")) return text(&x.credit_debit);
      if (Is(n, "AmtDtls")) {
        t.transaction_amounts = true;
        return node(Node::kAmountDetails);
      }
      if (Is(n, "BkTxCd")) {
        t.code = &x.code;
        return node(Node::kCode);
      }
      if (Is(n, "Chrgs")) {
        t.charges = &x.charges;
        return node(Node::kCharges);
      }
      if (Is(n, "RltdPties")) return node(Node::kParties);
      if (Is(n, "RltdAgts")) return node(Node::kAgents);
      if (Is(n, "RmtInf")) return node(Node::kRemittance);
      if (Is(n, "AddtlTxInf")) return text(&x.additional_info);
      break;
    }
    case Node::kRefs: {
      RawTransaction& x = *t.tx;
      if (Is(n, "AcctSvcrRef")) return text(&x.account_servicer_reference);
      if (Is(n, "EndToEndId")) return text(&x.end_to_end_id);
      if (Is(n, "InstrId")) return text(&x.instruction_id);
      if (Is(n, "TxId")) return text(&x.transaction_id);
      if (Is(n, "MndtId")) return text(&x.mandate_id);
      if (Is(n, "UETR")) return text(&x.uetr);
      if (Is(n, "PmtInfId")) return text(&x.payment_information_id);
      if (Is(n, "MsgId")) return text(&x.message_id);
      if (Is(n, "ChqNb")) return text(&x.cheque_number);
      if (Is(n, "ClrSysRef")) return text(&x.clearing_system_reference);
      break;
    }
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
      return node(Node::kAmountAndExchange);
    }
    case Node::kAmountAndExchange:
      if (Is(n, "Amt")) return amount(&t.amount_and_exchange->amount);
      if (Is(n, "CcyXchg")) return node(Node::kExchange);
      break;
    case Node::kExchange: {
      RawExchange& x = t.amount_and_exchange->exchange;
      if (Is(n, "SrcCcy")) return text(&x.source_currency);
      if (Is(n, "TrgtCcy")) return text(&x.target_currency);
      if (Is(n, "UnitCcy")) return text(&x.unit_currency);
      if (Is(n, "XchgRate")) return text(&x.rate);
      break;
    }
    case Node::kCharges:
      if (Is(n, "TtlChrgsAndTaxAmt")) return amount(&t.charges->total);
      if (Is(n, "Rcrd")) {
        t.charge = &t.charges->records.Add();
        return node(Node::kChargeRecord);
      }
      if (Is(n, "Amt")) {  // version 2: each Chrgs block is one charge
        t.charge = &t.charges->records.Add();
        return amount(&t.charge->amount);
      }
      break;
    case Node::kChargeRecord:
      if (Is(n, "Amt")) return amount(&t.charge->amount);
      if (Is(n, "CdtDbtInd")) return text(&t.charge->credit_debit);
      if (Is(n, "ChrgInclInd")) return text(&t.charge->included);
      break;
    case Node::kParties: {
      RawTransaction& x = *t.tx;
      RawParty* party = nullptr;
      if (Is(n, "Dbtr")) party = &x.debtor;
      else if (Is(n, "Cdtr")) party = &x.creditor;
      else if (Is(n, "UltmtDbtr")) party = &x.ultimate_debtor;
      else if (Is(n, "UltmtCdtr")) party = &x.ultimate_creditor;
      if (party != nullptr) {
        t.party = party;
        return node(Node::kParty);
      }
      if (Is(n, "DbtrAcct") || Is(n, "CdtrAcct")) {
        t.account = Is(n, "DbtrAcct") ? &x.debtor.account : &x.creditor.account;
        t.currency = nullptr;
        return node(Node::kAccount);
      }
      break;
    }
    case Node::kParty:
      if (Is(n, "Nm")) return text(&t.party->name);
      if (Is(n, "Pty")) return node(Node::kParty);  // version 8 and later: Dbtr/Pty/Nm
      if (Is(n, "Agt")) return node(Node::kPartyAgent);
      break;
    case Node::kPartyAgent:
      if (Is(n, "FinInstnId")) {
        t.bic = &t.party->bic;
        t.name = &t.party->name;
        return node(Node::kFinancialInstitution);
      }
      break;
    case Node::kAgents:
      if (Is(n, "DbtrAgt") || Is(n, "CdtrAgt")) {
        t.bic = Is(n, "DbtrAgt") ? &t.tx->debtor_agent_bic : &t.tx->creditor_agent_bic;
        t.name = nullptr;
        return node(Node::kAgent);
      }
      break;
    case Node::kAgent:
      if (Is(n, "FinInstnId")) return node(Node::kFinancialInstitution);
      break;
    case Node::kFinancialInstitution:
      if (Is(n, "BICFI") || Is(n, "BIC")) return text(t.bic);
      if (t.name != nullptr && Is(n, "Nm")) return text(t.name);
      break;
    case Node::kRemittance:
      if (Is(n, "Ustrd")) return text(&t.tx->unstructured.Add());
      if (Is(n, "Strd")) {
        t.structured = &t.tx->structured.Add();
        return node(Node::kStructured);
      }
      break;
    case Node::kStructured:
      if (Is(n, "CdtrRefInf")) return node(Node::kCreditorReference);
      if (Is(n, "RfrdDocInf")) return node(Node::kReferredDocument);
      if (Is(n, "AddtlRmtInf")) return text(&t.structured->additional.Add());
      break;
    case Node::kCreditorReference:
      if (Is(n, "Tp")) return node(Node::kCreditorReferenceType);
      if (Is(n, "Ref")) return text(&t.structured->reference);
      break;
    case Node::kCreditorReferenceType:
      if (Is(n, "CdOrPrtry")) return node(Node::kCreditorReferenceType);
      if (Is(n, "Cd") || Is(n, "Prtry")) return text(&t.structured->reference_type);
      break;
    case Node::kReferredDocument:
      if (Is(n, "Nb")) return text(&t.structured->document_numbers.Add());
      break;
    default:
      break;
  }
}

std::string Collector::Path() const {
  std::string path;
  for (const Frame& f : frames_) {
    path.append("/").append(f.local);
    if (f.index > 0) path.append("[").append(std::to_string(f.index)).append("]");
  }
  return path;
}

bool Collector::Fail(Error error) {
  error_ = std::move(error);
  return false;
}

bool Collector::OnStart(const XmlReader& reader) {
  if (skip_depth_ > 0) {
    ++skip_depth_;
    return true;
  }
  const std::string_view local = reader.local_name();
  if (frames_.empty()) {
    if (local != "Document") {
      return Fail(MakeError(ErrorCode::kUnsupportedFormat,
                            "the XML root is <" + std::string(reader.name()) + ">; a camt file starts with <Document>",
                            "/"));
    }
    // The namespace of <Document> or <ns2:Document> names the message and its version.
    const std::string_view qualified = reader.name();
    const size_t colon = qualified.find(':');
    namespace_ = reader.Attribute(colon == std::string_view::npos
                                      ? std::string("xmlns")
                                      : "xmlns:" + std::string(qualified.substr(0, colon)));
    frames_.reserve(64);
    frames_.push_back(Frame(Node::kDocument));
    frames_.back().local = local;
    return true;
  }
  Frame& parent = frames_.back();
  Frame child(Node::kIgnored);
  if (parent.node == Node::kDocument) {
    if (const auto kind = MessageKindOf(local)) {
      if (message_seen_) {
        return Fail(MakeError(ErrorCode::kMalformedFile,
                              "a Document holds one message; <" + std::string(local) + "> is a second one",
                              Path() + "/" + std::string(local)));
      }
      message_seen_ = true;
      kind_ = *kind;
      message_name_ = std::string(local);
      child.node = Node::kMessage;
    }
  } else {
    Child(parent, local, child);
  }
  if (child.node == Node::kIgnored) {
    skip_depth_ = 1;
    return true;
  }
  child.local = local;
  if (child.amount != nullptr) {
    child.amount->present = true;
    child.amount->currency = reader.Attribute("Ccy");
  }
  frames_.push_back(child);
  if (child.node == Node::kReport) {
    statement_.Clear();
    statement_.index = child.index;
    statement_.message_created = message_created_;
    statement_.path = Path();
    ++reports_;
  }
  return true;
}

void Collector::OnText(const XmlReader& reader) {
  if (skip_depth_ > 0 || frames_.empty()) return;
  if (std::string* sink = frames_.back().sink) reader.AppendText(*sink);
}

bool Collector::Leave(Node node) {
  switch (node) {
    case Node::kEntry: {
      ++statement_.entries;
      Status s = mapper_.AddEntry(statement_, entry_);
      return s ? true : Fail(s.error());
    }
    case Node::kReport: {
      auto statement = mapper_.Finish(statement_);
      if (!statement) return Fail(statement.take_error());
      statements_.push_back(std::move(*statement));
      return true;
    }
    case Node::kMessage:
      if (reports_ == 0) {
        return Fail(MakeError(ErrorCode::kMalformedFile,
                              "the message holds no <" + std::string(ReportName(kind_)) +
                                  ">; a camt file needs at least one",
                              "/Document/" + message_name_));
      }
      return true;
    default:
      return true;
  }
}

bool Collector::OnEnd() {
  if (skip_depth_ > 0) {
    --skip_depth_;
    return true;
  }
  if (frames_.empty()) return true;
  const Node node = frames_.back().node;
  frames_.pop_back();
  return Leave(node);
}

Status Collector::OnDone() const {
  if (message_seen_) return Status::Ok();
  std::string message = "the document holds no BkToCstmrStmt, BkToCstmrAcctRpt or BkToCstmrDbtCdtNtfctn message";
  if (!namespace_.empty()) message += " (its namespace is " + namespace_ + ")";
  return MakeError(ErrorCode::kUnsupportedFormat, std::move(message), "/Document");
}

}  // namespace recon::camt
