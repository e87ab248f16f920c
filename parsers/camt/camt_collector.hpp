// XML events -> camt records, one entry at a time.
//
// The collector knows the shape of camt.052/053/054 in every version: for each element
// it is in, which children matter and where their text goes. Everything else is
// skipped without bookkeeping. It hands each finished Ntry and each finished
// Stmt/Rpt/Ntfctn to the StatementMapper, so memory holds one entry, never the document.
// Element names are compared by local name: files come with and without prefixes.
//
// An element the schema allows once that comes again (two <Amt> in an entry, two <Acct>
// in a statement) is never "the last one wins" silently. Each leaf says what a repeat of
// it means (Once): the same text again is read once with a warning; different text is
// refused where it decides the money (amounts and their currency, the credit/debit and
// reversal indicators, the entry status, our account and its currency, a balance's type)
// and otherwise the first is kept with a warning that quotes both. Warnings are gathered
// per statement, one per element with a count.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/camt/camt_mapper.hpp"
#include "parsers/camt/camt_records.hpp"
#include "parsers/camt/xml_reader.hpp"

namespace recon::camt {

// The report element of a message: "Stmt", "Rpt" or "Ntfctn".
std::string_view ReportName(MessageKind kind);

class Collector {
 public:
  explicit Collector(StatementMapper& mapper) : mapper_(mapper) {}

  // Feed every kStart, kText and kEnd of the reader, in order. false stops the parse,
  // with error() saying why: kUnsupportedFormat for a root that is not <Document>,
  // kMalformedFile or kLimitExceeded from the mapper. (bool rather than Status: these
  // run for every element, and a Status carries two strings.)
  bool OnStart(const XmlReader& reader);
  void OnText(const XmlReader& reader);
  bool OnEnd();
  const Error& error() const { return error_; }
  // After kDone: kUnsupportedFormat when the document held no camt message.
  Status OnDone() const;

  // What the Document told: its namespace URI (may be empty) and the message.
  const std::string& document_namespace() const { return namespace_; }
  std::string_view message_name() const { return message_name_; }
  MessageKind message_kind() const { return kind_; }
  std::vector<Statement>& statements() { return statements_; }

 private:
  // What a second occurrence of a leaf means (see the top of this file).
  enum class Once : uint8_t {
    kList,   // a repeatable element with a fresh sink each time (Ustrd, Nb): no check
    kText,   // different text keeps the first, with a warning
    kMoney,  // different text fails the file
  };
  // Where the collector is in the camt tree. One node can stand for several elements that
  // share a shape (kParty for Dbtr, Cdtr, UltmtDbtr, UltmtCdtr); Current says which record
  // the element fills.
  enum class Node : uint8_t {
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
  struct Frame {
    explicit Frame(Node n) : node(n) {}
    Node node;
    std::string* sink = nullptr;  // where this element's text goes
    RawAmount* amount = nullptr;  // an <Amt> whose Ccy attribute is read on entry
    std::string_view local;       // for error paths
    uint32_t index = 0;           // 1-based among same-named siblings, when counted
    uint32_t counts[2] = {0, 0};  // children counted for their index
    Once once = Once::kList;      // for a leaf: what a repeat means
    bool repeat = false;          // the sink (or amount) held a value when this element started
  };
  // A repeat seen in the current statement, for its warning.
  struct RepeatNote {
    std::string path;        // the key: the element's path without indexes, and the outcome
    std::string first_path;  // of the first repeat seen
    std::string first, second;
    bool same = false;
    size_t count = 0;
  };

  // The records the element being read fills. camt never nests an element inside one of
  // its own kind with another target, so each is set when its element starts and holds
  // for the element's descendants; no restore is needed when it ends.
  struct Current {
    RawTransaction* tx = nullptr;
    RawBalance* balance = nullptr;
    RawCode* code = nullptr;
    RawAmountAndExchange* amount_and_exchange = nullptr;
    bool transaction_amounts = false;  // AmtDtls of a TxDtls (else of the Ntry)
    RawCharges* charges = nullptr;
    RawCharge* charge = nullptr;
    RawParty* party = nullptr;
    RawStructured* structured = nullptr;
    std::string* account = nullptr;    // where an account id goes
    std::string* currency = nullptr;   // Acct/Ccy of our account; null for a party's account
    std::string* date = nullptr;       // Dt of a date choice
    std::string* date_time = nullptr;  // DtTm of a date choice
    std::string* bic = nullptr;        // FinInstnId/BICFI or BIC
    std::string* name = nullptr;       // FinInstnId/Nm; null when the agent's name is not read
  };

  // Fills `child` (kIgnored when the element is not read) for an element `local` in
  // `parent`; defined in camt_schema.cpp, one function per part of the tree.
  void Child(Frame& parent, std::string_view local, Frame& child);
  void StatementChild(Frame& parent, std::string_view local, Frame& child);
  void EntryChild(Frame& parent, std::string_view local, Frame& child);
  void TransactionChild(Frame& parent, std::string_view local, Frame& child);
  void AmountChild(Frame& parent, std::string_view local, Frame& child);
  void ChargesChild(Frame& parent, std::string_view local, Frame& child);
  void PartyChild(Frame& parent, std::string_view local, Frame& child);
  void RemittanceChild(Frame& parent, std::string_view local, Frame& child);
  static void Go(Frame& f, Node node);
  void Leaf(Frame& f, std::string* sink, Once once = Once::kText);
  void AmountLeaf(Frame& f, RawAmount* amount, Once once = Once::kMoney);
  // At the end of a leaf that repeated an earlier one: compare, then keep, note or fail.
  bool ResolveRepeat(const Frame& f);
  void NoteRepeat(std::string path, std::string first, std::string second, bool same);
  // The warnings of the repeats noted since the last statement, into `statement`.
  void FlushRepeats(Statement& statement);
  void DateChoice(Frame& f, std::string* date, std::string* date_time);
  // Our account's id decides the money; a party's account is text.
  Once OurAccount() const { return c_.currency != nullptr ? Once::kMoney : Once::kText; }
  bool Leave(Node node);
  bool Fail(Error error);
  std::string Path() const;

  StatementMapper& mapper_;
  std::vector<Frame> frames_;
  Current c_;
  size_t skip_depth_ = 0;  // > 0 inside an element nobody reads
  std::string namespace_;
  std::string message_name_;
  MessageKind kind_ = MessageKind::kStatement;
  bool message_seen_ = false;
  uint32_t reports_ = 0;
  std::string message_created_;  // GrpHdr/CreDtTm
  RawStatement statement_;
  RawEntry entry_;
  std::string previous_;           // the value of the element that the open leaf repeats
  std::string previous_currency_;  // and its Ccy, for amounts
  std::vector<RepeatNote> repeats_;  // since the last statement was finished
  std::vector<Statement> statements_;
  Error error_;
};

}  // namespace recon::camt
