// An open item the ERP keeps in recond: a receivable, a payable or a ledger entry.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "recon/date.hpp"
#include "recon/money.hpp"

namespace recon {

enum class OpenItemKind { kReceivable, kPayable, kLedger };

std::string_view OpenItemKindName(OpenItemKind kind);
std::optional<OpenItemKind> ParseOpenItemKind(std::string_view name);

struct OpenItem {
  int64_t id = 0;                        // recond's row id; 0 before it is stored
  std::string external_id;               // the ERP's id, unique per company
  std::string company;
  OpenItemKind kind = OpenItemKind::kReceivable;
  std::optional<std::string> partner_id;
  std::optional<std::string> partner_name;
  std::vector<std::string> partner_accounts;  // IBANs / account numbers the ERP knows for the partner
  std::optional<std::string> document_number;
  std::optional<std::string> structured_reference;
  Money amount;                          // the item's full amount
  Money open_amount;                     // what is still open after matches
  std::optional<Date> issue_date;
  std::optional<Date> due_date;
};

}  // namespace recon
