// What one statement line offers as evidence, extracted once and shared by every rule.
#pragma once

#include <string>
#include <vector>

#include "matching/evidence/references.hpp"
#include "recon/payer.hpp"
#include "recon/statement.hpp"

namespace recon::matching {

struct FoundReference {
  StructuredReference reference;
  std::string key;              // ReferenceKey of it, the index key
  std::string field;            // where it was found: "structured reference", "remittance text", "end-to-end id"
  bool in_structured_field = false;
};

struct LineEvidence {
  std::vector<FoundReference> references;  // valid references, structured field first
  std::vector<std::string> document_keys;  // from remittance, end-to-end id and structured field, in order
  std::string account_key;                 // AccountKey of the counterparty account, "" if none
  std::string name_key;                    // NameKey of the counterparty name, "" if none
};

// The evidence of `line`, whose payer keys (PayerKeysOf, computed when it was stored) are `payer`.
LineEvidence ExtractEvidence(const StatementLine& line, const PayerKeys& payer);

}  // namespace recon::matching
