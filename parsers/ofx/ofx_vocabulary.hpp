// What the OFX specification says about the elements recond reads: which are leaves,
// which are aggregates, where the structural ones live and what the small aggregates
// hold. The tree reader uses it to infer the end tags SGML files leave out.
#pragma once

#include <span>
#include <string_view>

namespace recon::ofx {

// An aggregate recond navigates: text directly inside it is an error.
bool IsKnownAggregate(std::string_view name);

// An element OFX defines as a leaf: closed by the next tag even when it carries no value
// (<BALAMT> followed directly by <DTASOF> occurs in real files).
bool IsKnownLeaf(std::string_view name);

// The elements a structural element (STMTTRN, BANKTRANLIST, LEDGERBAL, STMTRS ...) may
// sit in; empty for every other element. When such an element starts, whatever is open
// above its nearest possible parent has ended: "<STMTTRN>" after an unclosed STMTTRN
// starts a sibling, "<LEDGERBAL>" after an unclosed BANKTRANLIST closes the list.
std::span<const std::string_view> ParentsOf(std::string_view name);

// True when `child` cannot sit in the small aggregate `aggregate` (STATUS, BANKACCTFROM,
// CCACCTFROM, PAYEE, CURRENCY, ORIGCURRENCY, LEDGERBAL, AVAILBAL ...), so that the
// aggregate must have ended before it: <MEMO> after an unclosed <PAYEE>. Elements recond
// does not know never close anything, so that banks' extensions stay where they are.
bool EndsBefore(std::string_view aggregate, std::string_view child);

}  // namespace recon::ofx
