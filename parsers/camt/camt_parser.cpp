// camt stages: guard (DOCTYPE, size, depth) -> parse XML -> find the message and its
// version -> map each Stmt/Rpt/Ntfctn and each Ntry/TxDtls to the common record ->
// check balances.
#include "parsers/camt/camt_parser.hpp"

#include <pugixml.hpp>

#include <string>
#include <vector>

#include "parsers/camt/xml_view.hpp"

namespace recon::camt {
namespace {

constexpr std::string_view kCamtNamespacePrefix = "urn:iso:std:iso:20022:tech:xsd:camt.";

// Where an error happened, as an XML path with 1-based positions.
struct Where {
  std::string path;
  Where Down(std::string_view local, int index = 0) const {
    std::string p = path + "/" + std::string(local);
    if (index > 0) p += "[" + std::to_string(index) + "]";
    return Where{std::move(p)};
  }
};

Error Malformed(const Where& where, std::string message) {
  return MakeError(ErrorCode::kMalformedFile, std::move(message), where.path);
}

std::optional<std::string> Opt(std::string_view s) {
  if (s.empty()) return std::nullopt;
  return std::string(s);
}

// A date from <Dt> or the date part of <DtTm> under `node`.
Result<std::optional<Date>> DateUnder(pugi::xml_node node, const Where& where) {
  if (!node) return std::optional<Date>();
  std::string_view text = Text(node, "Dt");
  std::string_view element = "Dt";
  if (text.empty()) {
    text = Text(node, "DtTm");
    element = "DtTm";
    if (text.size() > 10) text = text.substr(0, 10);
  }
  if (text.empty()) return std::optional<Date>();
  auto date = Date::ParseIso(text);
  if (!date) return Malformed(where.Down(element), date.error().message);
  return std::optional<Date>(*date);
}

// A signed amount from <Amt Ccy=".."> and a sibling <CdtDbtInd>.
Result<Money> SignedAmount(pugi::xml_node amt, std::string_view indicator, const Where& where) {
  const std::string_view currency = amt.attribute("Ccy").value();
  auto money = Money::Parse(Text(amt, ""), currency, DecimalSeparator::kPoint);
  if (!money) {
    if (money.error().code == ErrorCode::kUnknownCurrency) {
      return Malformed(where, "the currency '" + std::string(currency) + "' in the Ccy attribute is not an ISO 4217 code");
    }
    return Malformed(where, "the amount " + money.error().message);
  }
  if (indicator == "DBIT") {
    money->minor = -money->minor;
  } else if (indicator != "CRDT") {
    return Malformed(where, "CdtDbtInd is '" + std::string(indicator) + "'; expected CRDT or DBIT");
  }
  return money;
}

// "PMNT-RCDT-ESCT" from Domn, or the proprietary code.
std::optional<std::string> TransactionCode(pugi::xml_node bk_tx_cd) {
  if (!bk_tx_cd) return std::nullopt;
  const std::string_view domain = Text(bk_tx_cd, "Domn/Cd");
  if (!domain.empty()) {
    std::string code(domain);
    const std::string_view family = Text(bk_tx_cd, "Domn/Fmly/Cd");
    const std::string_view sub = Text(bk_tx_cd, "Domn/Fmly/SubFmlyCd");
    if (!family.empty()) code += "-" + std::string(family);
    if (!sub.empty()) code += "-" + std::string(sub);
    return code;
  }
  return Opt(Text(bk_tx_cd, "Prtry/Cd"));
}

// A party's name: <Nm> directly (old versions) or under <Pty> (version 8 and later).
std::string_view PartyName(pugi::xml_node party) {
  std::string_view name = Text(party, "Nm");
  if (name.empty()) name = Text(party, "Pty/Nm");
  return name;
}

// An account id: IBAN or Othr/Id.
std::string_view AccountId(pugi::xml_node account) {
  std::string_view id = Text(account, "Id/IBAN");
  if (id.empty()) id = Text(account, "Id/Othr/Id");
  return id;
}

std::string_view AgentBic(pugi::xml_node agent) {
  std::string_view bic = Text(agent, "FinInstnId/BICFI");
  if (bic.empty()) bic = Text(agent, "FinInstnId/BIC");
  return bic;
}

// Fills counterparty, references and remittance of `line` from one TxDtls.
void MapTransactionDetails(pugi::xml_node tx, bool credit, StatementLine& line) {
  if (!tx) return;
  const pugi::xml_node refs = Child(tx, "Refs");
  const std::string_view e2e = Text(refs, "EndToEndId");
  if (!e2e.empty() && e2e != "NOTPROVIDED") line.end_to_end_id = std::string(e2e);
  if (!line.bank_reference) line.bank_reference = Opt(Text(refs, "AcctSvcrRef"));

  const pugi::xml_node parties = Child(tx, "RltdPties");
  const std::string_view side = credit ? "Dbtr" : "Cdtr";
  std::string_view name = PartyName(Child(parties, side));
  if (name.empty()) name = PartyName(Child(parties, credit ? "UltmtDbtr" : "UltmtCdtr"));
  line.counterparty_name = Opt(name);
  line.counterparty_account = Opt(AccountId(Child(parties, std::string(side) + "Acct")));
  line.counterparty_bic = Opt(AgentBic(Path(tx, credit ? "RltdAgts/DbtrAgt" : "RltdAgts/CdtrAgt")));

  const pugi::xml_node rmt = Child(tx, "RmtInf");
  std::string unstructured;
  ForEachChild(rmt, "Ustrd", [&](pugi::xml_node u, int) {
    const std::string_view text = Text(u, "");
    if (text.empty()) return;
    if (!unstructured.empty()) unstructured += ' ';
    unstructured += text;
  });
  if (!unstructured.empty()) line.remittance_info = std::move(unstructured);
  ForEachChild(rmt, "Strd", [&](pugi::xml_node s, int) {
    if (line.structured_reference) return;
    line.structured_reference = Opt(Text(s, "CdtrRefInf/Ref"));
  });
}

struct EntryContext {
  const Statement& statement;
  const ParseOptions& options;
  Where where;
};

// Maps one <Ntry> to one line, or to one line per <TxDtls> for a batch.
Status MapEntry(pugi::xml_node ntry, const EntryContext& ctx, std::vector<StatementLine>& out) {
  const Where& where = ctx.where;
  std::string_view status = Text(ntry, "Sts/Cd");
  if (status.empty()) status = Text(ntry, "Sts");
  if (status != "BOOK" && !ctx.options.include_pending) return Status::Ok();

  const pugi::xml_node amt = Child(ntry, "Amt");
  if (!amt) return Malformed(where.Down("Amt"), "the entry has no amount");
  auto amount = SignedAmount(amt, Text(ntry, "CdtDbtInd"), where.Down("Amt"));
  if (!amount) return amount.take_error();

  auto booking = DateUnder(Child(ntry, "BookgDt"), where.Down("BookgDt"));
  if (!booking) return booking.take_error();
  auto value = DateUnder(Child(ntry, "ValDt"), where.Down("ValDt"));
  if (!value) return value.take_error();
  if (!*booking && !*value) return Malformed(where, "the entry has neither a booking date nor a value date");

  StatementLine base;
  base.account = ctx.statement.account;
  base.booking_date = booking->value_or(value->value_or(Date()));
  base.value_date = *value;
  base.amount = *amount;
  base.bank_reference = Opt(Text(ntry, "AcctSvcrRef"));
  base.bank_transaction_code = TransactionCode(Child(ntry, "BkTxCd"));

  std::vector<std::pair<pugi::xml_node, Where>> details;
  ForEachChild(ntry, "NtryDtls", [&](pugi::xml_node d, int di) {
    ForEachChild(d, "TxDtls", [&](pugi::xml_node tx, int ti) {
      details.emplace_back(tx, where.Down("NtryDtls", di).Down("TxDtls", ti));
    });
  });
  const bool credit = amount->minor >= 0 && Text(ntry, "CdtDbtInd") == "CRDT";
  if (details.size() <= 1) {
    MapTransactionDetails(details.empty() ? pugi::xml_node() : details[0].first, credit, base);
    out.push_back(std::move(base));
    return Status::Ok();
  }
  // A batch: one line per transaction, each with its own amount and the entry's reference.
  for (const auto& [tx, tx_where] : details) {
    StatementLine line = base;
    pugi::xml_node tx_amt = Child(tx, "Amt");
    if (!tx_amt) tx_amt = Path(tx, "AmtDtls/TxAmt/Amt");
    if (!tx_amt) return Malformed(tx_where, "a transaction of a batch entry has no amount");
    std::string_view indicator = Text(tx, "CdtDbtInd");
    if (indicator.empty()) indicator = Text(ntry, "CdtDbtInd");
    auto tx_amount = SignedAmount(tx_amt, indicator, tx_where.Down("Amt"));
    if (!tx_amount) return tx_amount.take_error();
    line.amount = *tx_amount;
    MapTransactionDetails(tx, indicator == "CRDT", line);
    out.push_back(std::move(line));
  }
  return Status::Ok();
}

// Reads balances: OPBD/PRCD open the period, CLBD closes it (ITBD stands in for 052 reports).
Status MapBalances(pugi::xml_node stmt, const Where& where, Statement& statement) {
  Status status;
  ForEachChild(stmt, "Bal", [&](pugi::xml_node bal, int index) {
    if (!status.ok()) return;
    const Where bal_where = where.Down("Bal", index);
    std::string_view code = Text(bal, "Tp/CdOrPrtry/Cd");
    if (code.empty()) code = Text(bal, "Tp/CdOrPrtry/Prtry");
    const bool opening = code == "OPBD" || code == "PRCD" || (code == "ITBD" && !statement.opening_balance);
    const bool closing = code == "CLBD" || (code == "ITBD" && !opening);
    if (!opening && !closing) return;
    const pugi::xml_node amt = Child(bal, "Amt");
    auto amount = SignedAmount(amt, Text(bal, "CdtDbtInd"), bal_where.Down("Amt"));
    if (!amount) {
      status = amount.take_error();
      return;
    }
    auto date = DateUnder(Child(bal, "Dt"), bal_where.Down("Dt"));
    if (!date) {
      status = date.take_error();
      return;
    }
    if (statement.currency.empty()) statement.currency = std::string(amount->currency.code());
    if (opening) {
      statement.opening_balance = amount->minor;
      statement.opening_date = *date;
    } else {
      statement.closing_balance = amount->minor;
      statement.closing_date = *date;
    }
  });
  return status;
}

Result<Statement> MapStatement(pugi::xml_node stmt, const Where& where, const ParseOptions& options,
                               size_t& lines_so_far) {
  Statement statement;
  statement.statement_id = std::string(Text(stmt, "Id"));
  const pugi::xml_node acct = Child(stmt, "Acct");
  statement.account = std::string(AccountId(acct));
  if (statement.account.empty()) return Malformed(where.Down("Acct"), "the statement names no account (IBAN or Othr/Id)");
  statement.currency = std::string(Text(acct, "Ccy"));
  if (Status s = MapBalances(stmt, where, statement); !s) return s.error();

  Status status;
  ForEachChild(stmt, "Ntry", [&](pugi::xml_node ntry, int index) {
    if (!status.ok()) return;
    status = MapEntry(ntry, EntryContext{statement, options, where.Down("Ntry", index)}, statement.lines);
    if (status.ok() && lines_so_far + statement.lines.size() > options.statement_lines_max) {
      status = MakeError(ErrorCode::kLimitExceeded,
                         "the file has more than " + std::to_string(options.statement_lines_max) + " lines",
                         where.Down("Ntry", index).path);
    }
  });
  if (!status) return status.error();
  lines_so_far += statement.lines.size();
  if (statement.currency.empty() && !statement.lines.empty()) {
    statement.currency = std::string(statement.lines.front().amount.currency.code());
  }
  CheckBalances(statement);
  return statement;
}

// Rejects what a camt file never needs and an attacker might use, before parsing.
Status Guard(std::string_view bytes, const ParseOptions& options) {
  if (bytes.size() > options.file_bytes_max) {
    return MakeError(ErrorCode::kLimitExceeded,
                     "the file is " + std::to_string(bytes.size()) + " bytes; the limit is " +
                         std::to_string(options.file_bytes_max));
  }
  const size_t doctype = bytes.find("<!DOCTYPE");
  if (doctype != std::string_view::npos) {
    return MakeError(ErrorCode::kMalformedFile, "the XML has a DOCTYPE declaration, which camt files never need; refused",
                     "byte " + std::to_string(doctype));
  }
  return Status::Ok();
}

// Depth and element count, walked without recursion.
Status CheckShape(const pugi::xml_document& doc, const ParseOptions& options) {
  size_t depth = 0, elements = 0;
  pugi::xml_node node = doc.first_child();
  while (node) {
    if (node.type() == pugi::node_element) {
      ++elements;
      if (elements > options.xml_elements_max) {
        return MakeError(ErrorCode::kLimitExceeded,
                         "the XML has more than " + std::to_string(options.xml_elements_max) + " elements");
      }
    }
    if (node.first_child()) {
      node = node.first_child();
      if (++depth > options.xml_depth_max) {
        return MakeError(ErrorCode::kLimitExceeded,
                         "the XML nests deeper than " + std::to_string(options.xml_depth_max) + " elements");
      }
      continue;
    }
    while (node && !node.next_sibling()) {
      node = node.parent();
      if (depth == 0) return Status::Ok();
      --depth;
    }
    if (node) node = node.next_sibling();
  }
  return Status::Ok();
}

// Line and column of a byte offset, for XML syntax errors.
std::string LineColumn(std::string_view bytes, size_t offset) {
  size_t line = 1, column = 1;
  for (size_t i = 0; i < offset && i < bytes.size(); ++i) {
    if (bytes[i] == '\n') ++line, column = 1;
    else ++column;
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

struct MessageKind {
  std::string_view message;  // BkToCstmrStmt ...
  std::string_view report;   // Stmt, Rpt, Ntfctn
};

constexpr MessageKind kMessages[] = {
    {"BkToCstmrStmt", "Stmt"}, {"BkToCstmrAcctRpt", "Rpt"}, {"BkToCstmrDbtCdtNtfctn", "Ntfctn"}};

}  // namespace

bool LooksLikeCamt(std::string_view bytes) {
  const std::string_view head = bytes.substr(0, 4096);
  return head.find(kCamtNamespacePrefix) != std::string_view::npos ||
         (head.find("<Document") != std::string_view::npos && head.find("BkToCstmr") != std::string_view::npos);
}

Result<ParsedFile> CamtParser::Parse(std::string_view bytes, const ParseOptions& options) const {
  if (Status s = Guard(bytes, options); !s) return s.error();
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed =
      doc.load_buffer(bytes.data(), bytes.size(), pugi::parse_default & ~pugi::parse_doctype);
  if (!parsed) {
    return MakeError(ErrorCode::kMalformedFile, std::string("the XML is not well-formed: ") + parsed.description(),
                     LineColumn(bytes, static_cast<size_t>(parsed.offset)));
  }
  if (Status s = CheckShape(doc, options); !s) return s.error();

  const pugi::xml_node root = doc.document_element();
  if (LocalName(root.name()) != "Document") {
    return MakeError(ErrorCode::kUnsupportedFormat, "the XML root is <" + std::string(root.name()) +
                                                        ">; a camt file starts with <Document>", "/");
  }
  std::string ns;
  for (pugi::xml_attribute a = root.first_attribute(); a; a = a.next_attribute()) {
    const std::string_view name = a.name();
    const std::string_view value = a.value();
    if ((name == "xmlns" || name.starts_with("xmlns:")) && value.starts_with(kCamtNamespacePrefix)) ns = value;
  }
  ParsedFile file;
  file.format = ns.empty() ? "camt" : "camt." + ns.substr(kCamtNamespacePrefix.size());

  const Where doc_where{"/Document"};
  size_t lines = 0;
  for (const MessageKind& kind : kMessages) {
    const pugi::xml_node message = Child(root, kind.message);
    if (!message) continue;
    const Where message_where = doc_where.Down(kind.message);
    Status status;
    ForEachChild(message, kind.report, [&](pugi::xml_node stmt, int index) {
      if (!status.ok()) return;
      auto statement = MapStatement(stmt, message_where.Down(kind.report, index), options, lines);
      if (!statement) {
        status = statement.take_error();
        return;
      }
      file.statements.push_back(std::move(*statement));
    });
    if (!status) return status.error();
    if (ns.empty()) {
      file.format = kind.report == "Stmt" ? "camt.053" : kind.report == "Rpt" ? "camt.052" : "camt.054";
    }
    return file;
  }
  return MakeError(ErrorCode::kUnsupportedFormat,
                   "the document holds no BkToCstmrStmt, BkToCstmrAcctRpt or BkToCstmrDbtCdtNtfctn message",
                   "/Document");
}

}  // namespace recon::camt
