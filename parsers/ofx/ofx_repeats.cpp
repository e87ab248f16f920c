#include "parsers/ofx/ofx_repeats.hpp"

#include <utility>

#include "parsers/ofx/ofx_text.hpp"

namespace recon::ofx {
namespace {

// A leaf's value for a message; an aggregate has none worth quoting.
std::string Shown(const Node& node) {
  if (node.first_child != kNoNode) return "";
  return " (" + Quoted(node.text) + ")";
}

std::string Tag(std::string_view name) { return "<" + std::string(name) + ">"; }

}  // namespace

bool SameContent(const Tree& tree, const Node& a, const Node& b) {
  // An explicit stack: the depth is the file's, and a hostile file chooses it.
  std::vector<std::pair<const Node*, const Node*>> pending{{&a, &b}};
  while (!pending.empty()) {
    const auto [x, y] = pending.back();
    pending.pop_back();
    if (x->name != y->name || x->text != y->text) return false;
    uint32_t i = x->first_child;
    uint32_t j = y->first_child;
    while (i != kNoNode && j != kNoNode) {
      pending.emplace_back(&tree.node(i), &tree.node(j));
      i = tree.node(i).next_sibling;
      j = tree.node(j).next_sibling;
    }
    if (i != j) return false;  // one has more children than the other
  }
  return true;
}

void RepeatLog::Note(const Node& parent, const Node& first, const Node& second, bool same,
                     std::string_view outcome) {
  for (Kind& k : kinds_) {
    if (k.parent == parent.name && k.name == first.name && k.same == same && k.outcome == outcome) {
      ++k.count;
      return;
    }
  }
  kinds_.push_back(Kind{parent.name, first.name, same, std::string(outcome), &first, &second, 1});
}

void RepeatLog::Flush(const Tree& tree, std::vector<std::string>& warnings) {
  for (const Kind& k : kinds_) {
    std::string w = tree.Where(*k.second) + ": " + Tag(k.name) + " appears again in " + Tag(k.parent) +
                     " (the first at " + tree.Where(*k.first) + ")";
    if (k.same) {
      w += " with the same content; OFX allows one, so it is read once";
    } else {
      w += " with different content" + (Shown(*k.first).empty() ? "" : ":" + Shown(*k.first) + " and" + Shown(*k.second)) +
           "; OFX allows one: " + k.outcome;
    }
    if (k.count > 1) {
      w += " (the same in " + std::to_string(k.count - 1) + " more " + Tag(k.parent) + ")";
    }
    warnings.push_back(std::move(w));
  }
  kinds_.clear();
}

Error RepeatRefused(const Tree& tree, const Node& parent, const Node& first, const Node& second,
                    std::string_view meaning) {
  std::string values;
  if (!Shown(first).empty()) values = ":" + Shown(first) + " first, then" + Shown(second);
  return MakeError(ErrorCode::kMalformedFile,
                   Tag(second.name) + " appears a second time in " + Tag(parent.name) + " (the first at " +
                       tree.Where(first) + ") with different content" + values + "; OFX allows one, and recond " +
                       "cannot tell which is " + std::string(meaning),
                   tree.Where(second));
}

Result<const Node*> OnlyChild(const Tree& tree, const Node& parent, std::string_view name, Repeat repeat,
                              std::string_view meaning, RepeatLog& log, bool* set_aside) {
  const Node* first = nullptr;
  bool differs = false;
  for (uint32_t i = parent.first_child; i != kNoNode; i = tree.node(i).next_sibling) {
    const Node& child = tree.node(i);
    if (child.name != name) continue;
    if (!first) {
      first = &child;
      continue;
    }
    const bool same = SameContent(tree, *first, child);
    if (same) {
      log.Note(parent, *first, child, true, "");
      continue;
    }
    differs = true;
    switch (repeat) {
      case Repeat::kRefuse:
        return RepeatRefused(tree, parent, *first, child, meaning);
      case Repeat::kFirst:
      case Repeat::kJoin:
        log.Note(parent, *first, child, false, "the first is read and the second set aside");
        break;
      case Repeat::kNeither:
        log.Note(parent, *first, child, false, "neither is read, since recond cannot tell which is " +
                                                   std::string(meaning));
        break;
    }
  }
  if (differs && repeat == Repeat::kNeither) {
    if (set_aside) *set_aside = true;
    return static_cast<const Node*>(nullptr);
  }
  return first;
}

}  // namespace recon::ofx
