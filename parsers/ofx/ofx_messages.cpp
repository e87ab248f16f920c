// The top of an OFX response: which message sets it holds, whether the bank answered with
// an error, and the statements inside. Checks run in this order, so that a file gets the
// reason a clerk can act on:
//   1. no BANKMSGSRSV1 / CREDITCARDMSGSRSV1 but other message sets -> not a bank statement
//   2. the sign-on (SONRS) failed                                 -> the bank's error
//   3. a statement response (STMTTRNRS / CCSTMTTRNRS) failed      -> the bank's error
//   4. each STMTRS / CCSTMTRS                                      -> a statement
//   5. no statement at all                                        -> not a bank statement
// A STATUS with a non-zero CODE fails the file when its SEVERITY is ERROR (or missing) or
// when no statement follows it; with INFO or WARN beside a statement it becomes a warning.
#include <string>

#include "parsers/ofx/ofx_mapping.hpp"
#include "parsers/ofx/ofx_text.hpp"

namespace recon::ofx {
namespace {

// The bank's own words are worth quoting in full, within reason.
constexpr size_t kBankMessageBytesMax = 200;

struct MessageSetName {
  std::string_view tag;
  std::string_view words;
};

constexpr MessageSetName kOtherMessageSets[] = {
    {"INVSTMTMSGSRSV1", "an investment statement"},
    {"PROFMSGSRSV1", "a profile response (the bank's description of its OFX service)"},
    {"SIGNUPMSGSRSV1", "an account list or enrolment response"},
    {"SECLISTMSGSRSV1", "a security list"},
    {"TAX1099MSGSRSV1", "tax forms"},
    {"EMAILMSGSRSV1", "e-mail messages"},
    {"BILLPAYMSGSRSV1", "bill payment responses"},
    {"INTERXFERMSGSRSV1", "transfer responses"},
    {"WIREXFERMSGSRSV1", "wire transfer responses"},
    {"PRESDIRMSGSRSV1", "bill presentment responses"},
    {"PRESDLVMSGSRSV1", "bill presentment responses"},
};

std::string Describe(std::string_view tag) {
  for (const MessageSetName& m : kOtherMessageSets) {
    if (m.tag == tag) return std::string(m.words) + " (" + std::string(tag) + ")";
  }
  return "messages of kind " + std::string(tag);
}

bool EndsWith(std::string_view s, std::string_view suffix) { return s.ends_with(suffix); }

struct Messages {
  std::vector<const Node*> sonrs;  // every SONRS: OFX has one, a second must not hide an error
  std::vector<const Node*> bank;         // BANKMSGSRSV1
  std::vector<const Node*> credit_card;  // CREDITCARDMSGSRSV1
  std::vector<const Node*> other;        // every other response message set
  std::vector<const Node*> requests;     // ...MSGSRQV1: the file is a request, not a response
};

Messages Classify(const Tree& tree) {
  Messages m;
  tree.ForEachChild(tree.root(), [&](const Node& set) {
    if (set.name == "SIGNONMSGSRSV1") {
      tree.ForEachChild(set, [&](const Node& sonrs) {
        if (sonrs.name == "SONRS") m.sonrs.push_back(&sonrs);
      });
    } else if (set.name == "BANKMSGSRSV1") {
      m.bank.push_back(&set);
    } else if (set.name == "CREDITCARDMSGSRSV1") {
      m.credit_card.push_back(&set);
    } else if (EndsWith(set.name, "MSGSRSV1") || EndsWith(set.name, "MSGSRSV2")) {
      m.other.push_back(&set);
    } else if (EndsWith(set.name, "MSGSRQV1") || EndsWith(set.name, "MSGSRQV2")) {
      m.requests.push_back(&set);
    }
  });
  return m;
}

std::string DescribeAll(const std::vector<const Node*>& sets) {
  std::string words;
  for (size_t i = 0; i < sets.size(); ++i) {
    if (i > 0) words += i + 1 == sets.size() ? " and " : ", ";
    words += Describe(sets[i]->name);
  }
  return words;
}

// Checks a STATUS aggregate. `what` names the response for the message ("the sign-on").
// Fails when the bank reported an error; sets `warning` for a non-zero code that still
// comes with data (SEVERITY INFO or WARN); leaves it alone when CODE is 0 or absent.
Status CheckStatus(const Tree& tree, const Node* status, const std::string& what, bool data_follows,
                   std::string& warning) {
  if (!status) return Status::Ok();
  const std::string_view code = tree.ChildText(*status, "CODE");
  if (code.empty() || code == "0") return Status::Ok();
  const std::string_view severity = tree.ChildText(*status, "SEVERITY");
  const std::string_view message = tree.ChildText(*status, "MESSAGE");
  std::string detail = "STATUS CODE " + Quoted(code);
  if (!severity.empty()) detail += " (" + Quoted(severity) + ")";
  if (!message.empty()) detail += ": " + Quoted(message, kBankMessageBytesMax);
  if (data_follows && (severity == "INFO" || severity == "WARN")) {
    warning = "the bank reported " + detail + " for " + what;
    return Status::Ok();
  }
  return MalformedAt(tree, *status, "the bank answered " + what + " with an error instead of a statement: " + detail);
}

// Every STATUS of a response: OFX allows one, but a second one that reports an error must
// not hide behind a first that reports success.
Status CheckEveryStatus(const Tree& tree, const Node& response, const std::string& what, bool data_follows,
                        std::string& warning) {
  Status result;
  tree.ForEachChild(response, [&](const Node& status) {
    if (!result.ok() || status.name != "STATUS") return;
    std::string one;
    result = CheckStatus(tree, &status, what, data_follows, one);
    if (!one.empty()) warning += (warning.empty() ? "" : "; ") + one;
  });
  return result;
}

struct Walk {
  const Tree& tree;
  const ParseOptions& options;
  std::vector<Statement> statements;
  std::vector<std::string> file_warnings;  // apply to every statement of the file
  size_t lines = 0;
};

Status MapTransactionResponses(Walk& walk, const Node& set, AccountKind kind) {
  const std::string_view wrapper = kind == AccountKind::kBank ? "STMTTRNRS" : "CCSTMTTRNRS";
  const std::string_view response = kind == AccountKind::kBank ? "STMTRS" : "CCSTMTRS";
  Status result;
  walk.tree.ForEachChild(set, [&](const Node& trnrs) {
    if (!result.ok() || trnrs.name != wrapper) return;
    const std::string_view trnuid = walk.tree.ChildText(trnrs, "TRNUID");
    const bool data_follows = walk.tree.Child(trnrs, response) != nullptr;
    std::string warning;
    const std::string what = "the statement request" + (trnuid.empty() ? std::string() : " " + Quoted(trnuid)) +
                             " (<" + std::string(wrapper) + ">)";
    result = CheckEveryStatus(walk.tree, trnrs, what, data_follows, warning);
    if (!result.ok()) return;
    walk.tree.ForEachChild(trnrs, [&](const Node& stmtrs) {
      if (!result.ok() || stmtrs.name != response) return;
      auto statement = MapStatement(walk.tree, stmtrs, kind, trnuid, walk.options, walk.lines);
      if (!statement) {
        result = statement.take_error();
        return;
      }
      if (!warning.empty()) statement->warnings.push_back(warning);
      walk.statements.push_back(std::move(*statement));
    });
  });
  return result;
}

}  // namespace

Error MalformedAt(const Tree& tree, const Node& node, std::string message) {
  return MakeError(ErrorCode::kMalformedFile, std::move(message), tree.Where(node));
}

Result<std::vector<Statement>> MapMessages(const Tree& tree, const ParseOptions& options) {
  const Messages m = Classify(tree);
  const bool has_statement_sets = !m.bank.empty() || !m.credit_card.empty();
  if (!has_statement_sets && !m.other.empty()) {
    return MakeError(ErrorCode::kUnsupportedFormat,
                     "the file holds " + DescribeAll(m.other) +
                         ", not a bank or credit-card statement; recond reads BANKMSGSRSV1 and CREDITCARDMSGSRSV1",
                     tree.Where(*m.other.front()));
  }
  if (!has_statement_sets && !m.requests.empty()) {
    return MakeError(ErrorCode::kUnsupportedFormat,
                     "the file is an OFX request (<" + std::string(m.requests.front()->name) +
                         ">) sent to a bank, not a bank or credit-card statement",
                     tree.Where(*m.requests.front()));
  }

  Walk walk{tree, options, {}, {}, 0};
  std::string signon_warning;
  for (const Node* sonrs : m.sonrs) {
    if (Status s = CheckEveryStatus(tree, *sonrs, "the sign-on (<SONRS>)", has_statement_sets,
                               signon_warning);
        !s) {
      return s.error();
    }
  }
  if (!signon_warning.empty()) walk.file_warnings.push_back(signon_warning);
  for (const Node* set : m.bank) {
    if (Status s = MapTransactionResponses(walk, *set, AccountKind::kBank); !s) return s.error();
  }
  for (const Node* set : m.credit_card) {
    if (Status s = MapTransactionResponses(walk, *set, AccountKind::kCreditCard); !s) return s.error();
  }
  if (walk.statements.empty()) {
    const std::string holds = has_statement_sets ? "a statement message set without any <STMTRS> or <CCSTMTRS>"
                                                 : (!m.sonrs.empty() ? "only a sign-on response" : "nothing inside <OFX>");
    return MakeError(ErrorCode::kUnsupportedFormat,
                     "the file holds " + holds + ", not a bank or credit-card statement", tree.Where(tree.root()));
  }
  if (!m.other.empty()) {
    walk.file_warnings.push_back("the file also holds " + DescribeAll(m.other) + ", which recond does not read");
  }
  for (Statement& s : walk.statements) {
    s.warnings.insert(s.warnings.begin(), walk.file_warnings.begin(), walk.file_warnings.end());
  }
  return std::move(walk.statements);
}

}  // namespace recon::ofx
