// A tolerant, non-recursive reader for the body of an OFX file (<OFX> ... </OFX>).
//
// One set of rules reads both dialects:
//   - OFX 1.x is SGML: leaf elements are usually not closed ("<TRNAMT>-12.50" and the next
//     tag follows), aggregates are; everything may sit on one line; '&' may stand alone.
//   - OFX 2.x is XML: every element is closed; CDATA sections, comments and processing
//     instructions may appear. Some banks mix both (an XML header over an SGML body).
//
// The rules, in order:
//   1. An element that has text before the next tag is a leaf; so is any element named in
//      the list of known OFX leaves (BALAMT, MEMO, ...), even when empty.
//   2. A start tag closes the open leaf above it, a small aggregate that cannot hold it
//      (<MEMO> after an unclosed <PAYEE>), and, for a structural element (STMTTRN,
//      BANKTRANLIST, LEDGERBAL, STMTRS ...), everything above its nearest possible parent:
//      the end tags SGML files leave out are inferred from OFX's structure, so that a
//      missing </STMTTRN> can never nest the next transaction inside the previous one.
//      A structural element with no possible parent open is an error.
//   3. An end tag closes the nearest open element of that name and everything opened after it.
//   4. Text directly inside an aggregate, an end tag with nothing to close, a '<' that
//      starts no tag, a DOCTYPE, and anything after </OFX> are errors.
// Tag names are compared in upper case. Depth and element count are limited before
// anything is stored.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "recon/error.hpp"

namespace recon::ofx {

inline constexpr uint32_t kNoNode = UINT32_MAX;

struct Node {
  std::string_view name;  // upper case
  std::string_view text;  // a leaf's value: entities decoded, trimmed; "" for an aggregate
  uint32_t first_child = kNoNode;
  uint32_t next_sibling = kNoNode;
  size_t offset = 0;      // of the start tag's '<' in Tree::text()
};

struct TreeLimits {
  size_t depth_max = 64;          // nesting of elements (ParseOptions::xml_depth_max)
  size_t elements_max = 50'000'000;  // elements in the body (ParseOptions::xml_elements_max)
};

class Tree {
 public:
  // Reads the body that starts at `body_offset` of `text` (UTF-8, the whole file so that
  // places count lines from the file's start). `text` is taken over; nodes point into it.
  // Errors: kMalformedFile with "line N, column C"; kLimitExceeded for depth or count.
  static Result<Tree> Build(std::string text, size_t body_offset, const TreeLimits& limits);

  const Node& root() const { return nodes_[0]; }
  const Node& node(uint32_t index) const { return nodes_[index]; }
  size_t size() const { return nodes_.size(); }
  std::string_view text() const { return *text_; }

  // The first child of `parent` named `name`, or nullptr.
  const Node* Child(const Node& parent, std::string_view name) const;
  // The value of the first child named `name`, or "" when there is none.
  std::string_view ChildText(const Node& parent, std::string_view name) const;

  // Calls f(const Node&) for each child of `parent`, in file order.
  template <class F>
  void ForEachChild(const Node& parent, F&& f) const {
    for (uint32_t i = parent.first_child; i != kNoNode; i = nodes_[i].next_sibling) f(nodes_[i]);
  }

  // "line N, column C" of a node's start tag.
  std::string Where(const Node& node) const;

 private:
  friend class TreeBuilder;
  Tree() = default;

  // Owned through pointers so that moving the Tree never moves the bytes the nodes point at.
  std::unique_ptr<std::string> text_;
  std::unique_ptr<std::deque<std::string>> decoded_;  // values that needed entity decoding or joining
  std::vector<Node> nodes_;
};

}  // namespace recon::ofx
