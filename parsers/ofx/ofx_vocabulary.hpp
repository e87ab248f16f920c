// What the OFX specification says about the elements recond reads: which are leaves,
// which are aggregates, where the structural ones live and what the small aggregates
// hold. The tree reader uses it to infer the end tags SGML files leave out.
#pragma once

#include <span>
#include <string_view>

namespace recon::ofx {

struct ElementInfo {
  // An element OFX defines as a leaf: closed by the next tag even when it carries no value
  // (<BALAMT> followed directly by <DTASOF> occurs in real files).
  bool leaf = false;
  // An aggregate recond navigates: text directly inside it is an error.
  bool aggregate = false;
  // For a structural element (STMTTRN, BANKTRANLIST, LEDGERBAL, STMTRS ...): the elements it
  // may sit in. When it starts, whatever is open above its nearest possible parent has
  // ended: "<STMTTRN>" after an unclosed STMTTRN starts a sibling, "<LEDGERBAL>" after an
  // unclosed BANKTRANLIST closes the list. Empty for every other element.
  std::span<const std::string_view> parents;
  // For a small aggregate (STATUS, BANKACCTFROM, CCACCTFROM, PAYEE, CURRENCY, ORIGCURRENCY,
  // LEDGERBAL, AVAILBAL ...): everything it may hold. Empty for every other element.
  std::span<const std::string_view> content;

  bool known() const { return leaf || aggregate; }
};

// The facts about `name` (upper case); an element recond does not know gets all defaults.
// One hash lookup; thread-safe.
const ElementInfo& Describe(std::string_view name);

// True when the known element `child` cannot sit in the small aggregate `aggregate`, so
// that the aggregate must have ended before it (<MEMO> after an unclosed <PAYEE>).
// Elements recond does not know never close anything, so that banks' extensions stay put.
bool EndsBefore(const ElementInfo& aggregate, std::string_view child_name, const ElementInfo& child);

}  // namespace recon::ofx
