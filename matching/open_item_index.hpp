// An in-memory index of one company's open items, built once per run and then only
// read, so that any number of matcher threads may share it.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "recon/open_item.hpp"

namespace recon::matching {

class OpenItemIndex {
 public:
  // Takes the items by value; positions in items() are stable for the index's life.
  explicit OpenItemIndex(std::vector<OpenItem> items);

  const std::vector<OpenItem>& items() const { return items_; }

  // Positions of items whose normalised structured reference equals `normalized`, in ascending id order.
  const std::vector<uint32_t>& ByStructuredReference(const std::string& normalized) const;

 private:
  std::vector<OpenItem> items_;
  std::unordered_map<std::string, std::vector<uint32_t>> by_reference_;
  std::vector<uint32_t> empty_;
};

}  // namespace recon::matching
