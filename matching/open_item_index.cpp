#include "matching/open_item_index.hpp"

#include <algorithm>

#include "matching/evidence/counterparty.hpp"
#include "matching/evidence/document_numbers.hpp"
#include "matching/evidence/references.hpp"

namespace recon::matching {
namespace {

void AddUnique(std::vector<std::string>& list, const std::string& value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

}  // namespace

OpenItemIndex::OpenItemIndex(std::vector<OpenItem> items) : items_(std::move(items)) {
  auto by_id = [](const OpenItem& a, const OpenItem& b) { return a.id < b.id; };
  // The store answers in id order already: checking is cheaper than moving every item.
  if (!std::is_sorted(items_.begin(), items_.end(), by_id)) std::sort(items_.begin(), items_.end(), by_id);
  // Most items have a document number, many a reference: no rehashing on the way.
  by_reference_.reserve(items_.size());
  by_document_.reserve(items_.size());
  ids_.reserve(items_.size());
  std::vector<std::pair<AmountKey, uint32_t>> amounts;
  amounts.reserve(items_.size());
  for (uint32_t i = 0; i < items_.size(); ++i) {
    const OpenItem& item = items_[i];
    ids_.push_back(item.id);
    if (item.structured_reference) {
      const std::string key = ReferenceKey(*item.structured_reference);
      if (!key.empty()) by_reference_[key].push_back(i);
    }
    if (item.document_number) {
      const std::string key = DocumentKey(*item.document_number);
      if (!key.empty()) by_document_[key].push_back(i);
    }
    amounts.emplace_back(MakeAmountKey(item.open_amount.minor, item.open_amount.currency.code()), i);
    if (item.partner_id) IndexPartner(i);
  }
  std::sort(amounts.begin(), amounts.end());
  amount_keys_.reserve(amounts.size());
  amount_positions_.reserve(amounts.size());
  for (const auto& [key, pos] : amounts) {
    amount_keys_.push_back(key);
    amount_positions_.push_back(pos);
  }
  for (auto* map : {&partners_by_account_, &partners_by_name_}) {
    for (auto& [key, partners] : *map) std::sort(partners.begin(), partners.end());
  }
}

// A partner's items usually repeat its name and accounts: their keys are normalised once,
// and again only when an item says something different from the partner's first item.
void OpenItemIndex::IndexPartner(uint32_t pos) {
  const OpenItem& item = items_[pos];
  std::vector<uint32_t>& own = by_partner_[*item.partner_id];
  const bool same_as_first = !own.empty() && items_[own.front()].partner_name == item.partner_name &&
                             items_[own.front()].partner_accounts == item.partner_accounts;
  own.push_back(pos);
  if (same_as_first) return;
  for (const std::string& account : item.partner_accounts) {
    const std::string key = AccountKey(account);
    if (!key.empty()) AddUnique(partners_by_account_[key], *item.partner_id);
  }
  if (item.partner_name) {
    const std::string key = NameKey(*item.partner_name);
    if (!key.empty()) AddUnique(partners_by_name_[key], *item.partner_id);
  }
}

OpenItemIndex::AmountKey OpenItemIndex::MakeAmountKey(int64_t minor, std::string_view currency) {
  uint32_t packed = 0;
  for (size_t i = 0; i < currency.size() && i < 4; ++i) packed = packed << 8 | static_cast<unsigned char>(currency[i]);
  return AmountKey{packed, minor};
}

std::span<const uint32_t> OpenItemIndex::ByOpenAmount(int64_t minor, std::string_view currency) const {
  const auto [first, last] = std::equal_range(amount_keys_.begin(), amount_keys_.end(), MakeAmountKey(minor, currency));
  return std::span<const uint32_t>(amount_positions_.data() + (first - amount_keys_.begin()),
                                   static_cast<size_t>(last - first));
}

std::vector<OpenItemKind> OpenItemIndex::KindsOf(const std::vector<Allocation>& allocations) const {
  std::vector<OpenItemKind> kinds;
  kinds.reserve(allocations.size());
  for (const Allocation& a : allocations) {
    const std::optional<uint32_t> p = PositionOf(a.open_item_id);
    kinds.push_back(p ? items_[*p].kind : OpenItemKind::kLedger);
  }
  return kinds;
}

std::optional<uint32_t> OpenItemIndex::PositionOf(int64_t item_id) const {
  if (ids_.empty()) return std::nullopt;
  // Ids from one database sequence are often dense: then the position is a subtraction.
  const int64_t offset = item_id - ids_.front();
  if (offset >= 0 && offset < static_cast<int64_t>(ids_.size()) && ids_[static_cast<size_t>(offset)] == item_id) {
    return static_cast<uint32_t>(offset);
  }
  auto it = std::lower_bound(ids_.begin(), ids_.end(), item_id);
  if (it == ids_.end() || *it != item_id) return std::nullopt;
  return static_cast<uint32_t>(it - ids_.begin());
}

}  // namespace recon::matching
