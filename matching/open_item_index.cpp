#include "matching/open_item_index.hpp"

#include <algorithm>

#include "matching/evidence/counterparty.hpp"
#include "matching/evidence/document_numbers.hpp"
#include "matching/evidence/references.hpp"

namespace recon::matching {
namespace {

std::string AmountKey(int64_t minor, std::string_view currency) {
  std::string key(currency);
  key += ':';
  key += std::to_string(minor);
  return key;
}

void AddUnique(std::vector<std::string>& list, const std::string& value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

}  // namespace

OpenItemIndex::OpenItemIndex(std::vector<OpenItem> items) : items_(std::move(items)) {
  std::sort(items_.begin(), items_.end(), [](const OpenItem& a, const OpenItem& b) { return a.id < b.id; });
  for (uint32_t i = 0; i < items_.size(); ++i) {
    const OpenItem& item = items_[i];
    if (item.structured_reference) {
      const std::string key = ReferenceKey(*item.structured_reference);
      if (!key.empty()) by_reference_[key].push_back(i);
    }
    if (item.document_number) {
      const std::string key = DocumentKey(*item.document_number);
      if (!key.empty()) by_document_[key].push_back(i);
    }
    by_amount_[AmountKey(item.open_amount.minor, item.open_amount.currency.code())].push_back(i);
    if (!item.partner_id) continue;
    by_partner_[*item.partner_id].push_back(i);
    for (const std::string& account : item.partner_accounts) {
      const std::string key = AccountKey(account);
      if (!key.empty()) AddUnique(partners_by_account_[key], *item.partner_id);
    }
    if (item.partner_name) {
      const std::string key = NameKey(*item.partner_name);
      if (!key.empty()) AddUnique(partners_by_name_[key], *item.partner_id);
    }
  }
  for (auto* map : {&partners_by_account_, &partners_by_name_}) {
    for (auto& [key, partners] : *map) std::sort(partners.begin(), partners.end());
  }
}

const std::vector<uint32_t>& OpenItemIndex::ByOpenAmount(int64_t minor, std::string_view currency) const {
  return Find(by_amount_, AmountKey(minor, currency));
}

}  // namespace recon::matching
