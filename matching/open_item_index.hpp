// An in-memory index of one company's open items, built once per run and then only
// read, so that any number of matcher threads may share it. Every lookup answers
// positions into items() in ascending item-id order, whatever order the store gave.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "recon/match.hpp"
#include "recon/open_item.hpp"

namespace recon::matching {

class OpenItemIndex {
 public:
  // Takes the items by value; positions in items() are stable for the index's life.
  explicit OpenItemIndex(std::vector<OpenItem> items);

  const std::vector<OpenItem>& items() const { return items_; }
  // The position of the item with this id, or nullopt. O(log n), no allocation.
  std::optional<uint32_t> PositionOf(int64_t item_id) const;
  // The kinds of the allocated items, parallel to `allocations`, for recon::Nets; an id the
  // index does not hold counts as a ledger item (only a programmer error can ask for one).
  std::vector<OpenItemKind> KindsOf(const std::vector<Allocation>& allocations) const;

  // Items whose structured reference has this key (matching::ReferenceKey).
  const std::vector<uint32_t>& ByReference(const std::string& key) const { return Find(by_reference_, key); }
  // Items whose document number has this key (matching::DocumentKey).
  const std::vector<uint32_t>& ByDocument(const std::string& key) const { return Find(by_document_, key); }
  // Items of a partner.
  const std::vector<uint32_t>& ByPartner(const std::string& partner_id) const { return Find(by_partner_, partner_id); }
  // Items with this open amount in this currency. Valid as long as the index.
  std::span<const uint32_t> ByOpenAmount(int64_t minor, std::string_view currency) const;
  // Partners whose ERP record lists this account (matching::AccountKey), ascending.
  const std::vector<std::string>& PartnersByAccount(const std::string& key) const { return Find(partners_by_account_, key); }
  // Partners whose name has this key (matching::NameKey), ascending.
  const std::vector<std::string>& PartnersByName(const std::string& key) const { return Find(partners_by_name_, key); }

  // Kept for the foundation's callers: ByReference on the plain normalised text.
  const std::vector<uint32_t>& ByStructuredReference(const std::string& normalized) const {
    return ByReference(normalized);
  }

 private:
  // An open amount and its currency, compared without building a string per lookup.
  struct AmountKey {
    uint32_t currency;  // the three ASCII letters packed
    int64_t minor;
    auto operator<=>(const AmountKey&) const = default;
  };
  static AmountKey MakeAmountKey(int64_t minor, std::string_view currency);
  void IndexPartner(uint32_t pos);

  template <class Map>
  static const typename Map::mapped_type& Find(const Map& map, const typename Map::key_type& key) {
    using V = typename Map::mapped_type;
    static const V kEmpty;
    auto it = map.find(key);
    return it == map.end() ? kEmpty : it->second;
  }

  std::vector<OpenItem> items_;
  std::unordered_map<std::string, std::vector<uint32_t>> by_reference_;
  std::unordered_map<std::string, std::vector<uint32_t>> by_document_;
  std::unordered_map<std::string, std::vector<uint32_t>> by_partner_;
  // Every item's amount key, sorted, beside the item positions in the same order: one
  // allocation for all items instead of one list per amount (a million items, a million lists).
  std::vector<AmountKey> amount_keys_;
  std::vector<uint32_t> amount_positions_;
  std::vector<int64_t> ids_;  // items_[i].id, compact for PositionOf
  std::unordered_map<std::string, std::vector<std::string>> partners_by_account_;
  std::unordered_map<std::string, std::vector<std::string>> partners_by_name_;
};

}  // namespace recon::matching
