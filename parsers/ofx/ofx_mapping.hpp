// From the OFX element tree to the common statement record. The mapping choices are
// documented in docs/parsers/ofx.md; each function says which part it implements.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/ofx/ofx_repeats.hpp"
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

// One STMTRS or CCSTMTRS, with the transactions of every BANKTRANLIST in it. `lines_so_far` counts lines of earlier statements of the file
// against options.statement_lines_max and is advanced by this statement's lines.
Result<Statement> MapStatement(const Tree& tree, const Node& stmtrs, AccountKind kind, std::string_view trnuid,
                               const ParseOptions& options, size_t& lines_so_far);

enum class Correction { kNone, kDelete, kReplace };

// What a statement keeps beside each line to apply corrections; views into the tree.
struct TransactionKeys {
  std::string_view fitid;
  std::string_view correct_fitid;  // CORRECTFITID: the FITID this transaction corrects
  Correction correction = Correction::kNone;  // CORRECTACTION
  const Node* node = nullptr;
};

// Maps one STMTTRN into `line` and `keys`. `curdef` is the statement's default currency
// (nullopt when CURDEF is empty). An element the transaction has twice is handled as
// ofx_transaction.cpp lists; tolerated repeats go to `log`.
Status MapTransaction(const Tree& tree, const Node& stmttrn, const std::string& account,
                      const std::optional<Currency>& curdef, StatementLine& line, TransactionKeys& keys,
                      RepeatLog& log);

// Applies CORRECTFITID/CORRECTACTION within one statement (`keys[i]` belongs to
// `lines[i]`): DELETE removes the corrected transaction and the deleting record, REPLACE
// removes the corrected transaction and keeps the replacement. A correction whose target
// is not in the statement (it came in an earlier file) is reported in `warnings`: a DELETE
// record is dropped, a REPLACE is kept.
void ApplyCorrections(const Tree& tree, const std::vector<TransactionKeys>& keys, std::vector<StatementLine>& lines,
                      std::vector<std::string>& warnings);

}  // namespace recon::ofx
