// From the OFX element tree to the common statement record. The mapping choices are
// documented in docs/parsers/ofx.md; each function says which part it implements.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/ofx/ofx_tree.hpp"
#include "recon/money.hpp"
#include "recon/parser.hpp"
#include "recon/statement.hpp"

namespace recon::ofx {

// A kMalformedFile error at a node's start tag.
Error MalformedAt(const Tree& tree, const Node& node, std::string message);

// The messages of the file: sign-on status, BANKMSGSRSV1/STMTTRNRS/STMTRS and
// CREDITCARDMSGSRSV1/CCSTMTTRNRS/CCSTMTRS, in file order, one Statement per STMTRS/CCSTMTRS.
// Errors: kUnsupportedFormat when the file holds no bank or credit-card statement (an
// investment statement, a profile, an account list, only a sign-on); kMalformedFile when
// the bank answered with an error status or a statement breaks the rules below;
// kLimitExceeded beyond options.statement_lines_max.
Result<std::vector<Statement>> MapMessages(const Tree& tree, const ParseOptions& options);

enum class AccountKind { kBank, kCreditCard };

// One STMTRS or CCSTMTRS. `lines_so_far` counts lines of earlier statements of the file
// against options.statement_lines_max and is advanced by this statement's lines.
Result<Statement> MapStatement(const Tree& tree, const Node& stmtrs, AccountKind kind, std::string_view trnuid,
                               const ParseOptions& options, size_t& lines_so_far);

// One STMTTRN, with what the statement needs to apply corrections.
struct MappedTransaction {
  StatementLine line;
  std::string fitid;
  std::string correct_fitid;   // CORRECTFITID: the FITID this transaction corrects
  std::string correct_action;  // CORRECTACTION: DELETE or REPLACE
  const Node* node = nullptr;
};

// Maps one STMTTRN. `curdef` is the statement's default currency (nullopt when CURDEF is empty).
Result<MappedTransaction> MapTransaction(const Tree& tree, const Node& stmttrn, const std::string& account,
                                         const std::optional<Currency>& curdef);

// Applies CORRECTFITID/CORRECTACTION within one statement: DELETE removes the corrected
// transaction and the deleting record, REPLACE removes the corrected transaction and keeps
// the replacement. A correction whose target is not in the statement (it came in an
// earlier file) is reported in `warnings`: a DELETE record is dropped, a REPLACE is kept.
std::vector<StatementLine> ApplyCorrections(const Tree& tree, std::vector<MappedTransaction> transactions,
                                            std::vector<std::string>& warnings);

}  // namespace recon::ofx
