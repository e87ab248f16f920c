#include "matching/line_evidence.hpp"

#include <algorithm>

#include "matching/evidence/document_numbers.hpp"

namespace recon::matching {
namespace {

void AddReferences(LineEvidence& out, const std::vector<StructuredReference>& found, const char* field,
                   bool structured) {
  for (const StructuredReference& r : found) {
    std::string key = ReferenceKey(r.canonical);
    const bool seen = std::any_of(out.references.begin(), out.references.end(),
                                  [&](const FoundReference& f) { return f.key == key; });
    if (!seen) out.references.push_back({r, std::move(key), field, structured});
  }
}

void AddDocumentKeys(LineEvidence& out, std::string_view text) {
  for (std::string& key : FindDocumentKeys(text)) {
    if (std::find(out.document_keys.begin(), out.document_keys.end(), key) == out.document_keys.end()) {
      out.document_keys.push_back(std::move(key));
    }
  }
}

}  // namespace

LineEvidence ExtractEvidence(const StatementLine& line, const PayerKeys& payer) {
  LineEvidence out;
  if (line.structured_reference) {
    // A reference whose check digit fails is no reference, even in the structured field; its
    // text still counts as a possible document number below.
    AddReferences(out, ValidateReference(*line.structured_reference), "structured reference", true);
  }
  if (line.remittance_info) AddReferences(out, FindReferences(*line.remittance_info), "remittance text", false);
  if (line.end_to_end_id) AddReferences(out, FindReferences(*line.end_to_end_id), "end-to-end id", false);

  if (line.remittance_info) AddDocumentKeys(out, *line.remittance_info);
  if (line.structured_reference) AddDocumentKeys(out, *line.structured_reference);
  if (line.end_to_end_id) AddDocumentKeys(out, *line.end_to_end_id);

  out.account_key = payer.account;
  out.name_key = payer.name;
  return out;
}

}  // namespace recon::matching
