#include "recon/open_item.hpp"

namespace recon {

std::string_view OpenItemKindName(OpenItemKind kind) {
  switch (kind) {
    case OpenItemKind::kReceivable: return "receivable";
    case OpenItemKind::kPayable: return "payable";
    case OpenItemKind::kLedger: return "ledger";
  }
  return "receivable";
}

std::optional<OpenItemKind> ParseOpenItemKind(std::string_view name) {
  if (name == "receivable") return OpenItemKind::kReceivable;
  if (name == "payable") return OpenItemKind::kPayable;
  if (name == "ledger") return OpenItemKind::kLedger;
  return std::nullopt;
}

}  // namespace recon
