#include "parsers/ofx/ofx_tree.hpp"

#include <algorithm>

#include "parsers/ofx/ofx_location.hpp"
#include "parsers/ofx/ofx_text.hpp"
#include "parsers/ofx/ofx_vocabulary.hpp"
#include "recon/ascii.hpp"

namespace recon::ofx {

// Builds a Tree in one pass over the body; holds the stack of open elements.
class TreeBuilder {
 public:
  TreeBuilder(std::string text, size_t body_offset, const TreeLimits& limits) : limits_(limits) {
    tree_.text_ = std::make_unique<std::string>(std::move(text));
    tree_.decoded_ = std::make_unique<std::deque<std::string>>();
    s_ = tree_.text_.get();
    pos_ = body_offset;
  }

  Result<Tree> Run() {
    ReserveNodes();
    while (pos_ < s_->size()) {
      if (Status st = Step(); !st) return st.error();
    }
    if (!root_closed_) return EndOfFileError();
    return std::move(tree_);
  }

 private:
  struct Frame {
    uint32_t node = kNoNode;
    uint32_t last_child = kNoNode;
    std::string_view text;        // the value so far; trimmed when the element closes
    std::string_view pending_ws;  // blank text after the value, kept only if more text follows
    std::string* joined = nullptr;  // the value's own storage once pieces had to be joined
    bool has_children = false;
    const ElementInfo* info = nullptr;
  };

  // Every element starts with a '<' that is not "</": reserving that many nodes (within the
  // limit) spares the tree its reallocations, which cost more than this one extra pass.
  void ReserveNodes() {
    const std::string_view body = std::string_view(*s_).substr(pos_);
    size_t starts = static_cast<size_t>(std::count(body.begin(), body.end(), '<'));
    for (size_t at = body.find("</"); at != std::string_view::npos; at = body.find("</", at + 2)) --starts;
    tree_.nodes_.reserve(std::min(starts, limits_.elements_max));
  }

  std::string_view Rest() const { return std::string_view(*s_).substr(pos_); }

  Error Malformed(size_t offset, std::string message) const {
    return MakeError(ErrorCode::kMalformedFile, std::move(message), LineColumn(*s_, offset));
  }

  std::string_view NameOf(const Frame& f) const { return tree_.nodes_[f.node].name; }

  static bool IsLeaf(const Frame& f) { return !f.has_children && (!f.text.empty() || f.info->leaf); }

  Status Step() {
    const std::string_view rest = Rest();
    if (rest[0] != '<') {
      const size_t next = s_->find('<', pos_);
      const size_t end = next == std::string::npos ? s_->size() : next;
      const size_t begin = pos_;
      pos_ = end;
      return AddText(begin, end, false);
    }
    if (rest.starts_with("<!--")) return Skip("-->", 4, "a comment is not closed by '-->'");
    if (rest.starts_with("<![CDATA[")) {
      const size_t close = s_->find("]]>", pos_ + 9);
      if (close == std::string::npos) return Malformed(pos_, "a CDATA section is not closed by ']]>'");
      const size_t begin = pos_ + 9;
      pos_ = close + 3;
      return AddText(begin, close, true);
    }
    if (rest.starts_with("<!")) {
      return Malformed(pos_, "the file has a DOCTYPE or other declaration, which OFX files never need; refused");
    }
    if (rest.starts_with("<?")) return Skip("?>", 2, "a processing instruction is not closed by '?>'");
    if (rest.starts_with("</")) return EndTag();
    return StartTag();
  }

  Status Skip(std::string_view terminator, size_t opener, const char* unclosed) {
    const size_t close = s_->find(terminator, pos_ + opener);
    if (close == std::string::npos) return Malformed(pos_, unclosed);
    pos_ = close + terminator.size();
    return Status::Ok();
  }

  // Reads a tag name at `i`, upper-cases it in place, returns its end.
  size_t ReadName(size_t i) {
    while (i < s_->size() && IsNameChar((*s_)[i])) {
      (*s_)[i] = ascii::ToUpper((*s_)[i]);
      ++i;
    }
    return i;
  }

  // Skips attributes up to '>' (OFX has none, but XML permits them). Returns the offset
  // after '>', sets `self_closing` for "/>", or npos when the tag never ends properly.
  size_t SkipToTagEnd(size_t i, bool& self_closing) const {
    const std::string& s = *s_;
    while (i < s.size()) {
      const char c = s[i];
      if (c == '>') return i + 1;
      if (c == '/' && i + 1 < s.size() && s[i + 1] == '>') {
        self_closing = true;
        return i + 2;
      }
      if (c == '<') return std::string::npos;
      if (c == '"' || c == '\'') {
        const size_t close = s.find(c, i + 1);
        if (close == std::string::npos) return std::string::npos;
        i = close + 1;
        continue;
      }
      ++i;
    }
    return std::string::npos;
  }

  Status StartTag() {
    const size_t lt = pos_;
    if (lt + 1 >= s_->size() || !IsNameStart((*s_)[lt + 1])) {
      return Malformed(lt, "'<' does not start a tag here; a '<' inside a value must be written as &lt;");
    }
    const size_t name_end = ReadName(lt + 1);
    const std::string_view name = std::string_view(*s_).substr(lt + 1, name_end - lt - 1);
    bool self_closing = false;
    size_t after = std::string::npos;
    if (name_end < s_->size() &&
        ((*s_)[name_end] == '>' || (*s_)[name_end] == '/' || ascii::IsSpace((*s_)[name_end]))) {
      after = SkipToTagEnd(name_end, self_closing);
    }
    if (after == std::string::npos) return Malformed(lt, "the tag <" + std::string(name) + " is not closed by '>'");
    if (root_closed_) {
      return Malformed(lt, "<" + std::string(name) + "> comes after </OFX>; an OFX file holds one <OFX> element");
    }
    const ElementInfo& info = Describe(name);
    if (Status s = CloseWhatEnds(name, info, lt); !s) return s;
    if (stack_.size() + 1 > limits_.depth_max) {
      return MakeError(ErrorCode::kLimitExceeded,
                       "elements nest deeper than " + std::to_string(limits_.depth_max) + " levels",
                       LineColumn(*s_, lt));
    }
    if (tree_.nodes_.size() + 1 > limits_.elements_max || tree_.nodes_.size() + 1 >= kNoNode) {
      return MakeError(ErrorCode::kLimitExceeded,
                       "the file has more than " + std::to_string(limits_.elements_max) + " elements",
                       LineColumn(*s_, lt));
    }
    const auto index = static_cast<uint32_t>(tree_.nodes_.size());
    tree_.nodes_.push_back(Node{name, {}, kNoNode, kNoNode, lt});
    if (!stack_.empty()) {
      Frame& parent = stack_.back();
      if (parent.last_child == kNoNode) tree_.nodes_[parent.node].first_child = index;
      else tree_.nodes_[parent.last_child].next_sibling = index;
      parent.last_child = index;
      parent.has_children = true;
    }
    Frame frame;
    frame.node = index;
    frame.info = &info;
    stack_.push_back(frame);
    pos_ = after;
    if (self_closing) Pop();
    return Status::Ok();
  }

  // Closes the elements that must have ended before a start tag `name`: an open leaf, a
  // small aggregate that cannot hold `name`, and whatever sits above the nearest possible
  // parent of a structural element (see ofx_vocabulary.hpp).
  Status CloseWhatEnds(std::string_view name, const ElementInfo& info, size_t lt) {
    if (!stack_.empty() && IsLeaf(stack_.back())) Pop();
    while (stack_.size() > 1 && EndsBefore(*stack_.back().info, name, info)) Pop();
    const std::span<const std::string_view> parents = info.parents;
    if (parents.empty()) return Status::Ok();
    size_t keep = stack_.size();
    while (keep > 0 && std::find(parents.begin(), parents.end(), NameOf(stack_[keep - 1])) == parents.end()) --keep;
    if (keep == 0) {
      std::string where;
      for (size_t i = 0; i < parents.size(); ++i) where += (i == 0 ? "<" : " or <") + std::string(parents[i]) + ">";
      return Malformed(lt, "<" + std::string(name) + "> stands outside " + where + ", where OFX places it");
    }
    while (stack_.size() > keep) Pop();
    return Status::Ok();
  }

  Status EndTag() {
    const size_t lt = pos_;
    if (lt + 2 >= s_->size() || !IsNameStart((*s_)[lt + 2])) {
      return Malformed(lt, "'</' is not followed by a tag name");
    }
    const size_t name_end = ReadName(lt + 2);
    const std::string name = s_->substr(lt + 2, name_end - lt - 2);
    size_t i = name_end;
    while (i < s_->size() && ascii::IsSpace((*s_)[i])) ++i;
    if (i >= s_->size() || (*s_)[i] != '>') return Malformed(lt, "the end tag </" + name + " is not closed by '>'");
    if (stack_.empty()) return Malformed(lt, "</" + name + "> comes after </OFX>; nothing is open any more");
    size_t match = stack_.size();
    while (match > 0 && NameOf(stack_[match - 1]) != name) --match;
    if (match == 0) {
      return Malformed(lt, "</" + name + "> closes nothing: no <" + name + "> is open (the innermost open element is <" +
                               std::string(NameOf(stack_.back())) + ">)");
    }
    while (stack_.size() > match) Pop();
    Pop();
    pos_ = i + 1;
    return Status::Ok();
  }

  Status AddText(size_t begin, size_t end, bool cdata) {
    std::string_view value = std::string_view(*s_).substr(begin, end - begin);
    if (!cdata && value.find('&') != std::string_view::npos) {
      tree_.decoded_->push_back(DecodeEntities(value));
      value = tree_.decoded_->back();
    }
    if (ascii::IsBlank(value)) {
      if (!stack_.empty() && !stack_.back().text.empty() && stack_.back().pending_ws.empty()) {
        stack_.back().pending_ws = value;
      }
      return Status::Ok();
    }
    size_t first = begin;
    while (first < end && ascii::IsSpace((*s_)[first])) ++first;
    if (stack_.empty()) return Malformed(first, "text " + Quoted(ascii::Trim(value)) + " comes after </OFX>");
    Frame& f = stack_.back();
    if (f.has_children || f.info->aggregate) {
      return Malformed(first, "text " + Quoted(ascii::Trim(value)) + " stands directly inside <" +
                                  std::string(NameOf(f)) + ">, where only elements belong");
    }
    if (f.text.empty()) {
      f.text = value;
    } else {
      // A value cut by comments or CDATA sections is joined in one buffer per element, so
      // that many pieces cost linear time and memory.
      if (!f.joined) f.joined = &tree_.decoded_->emplace_back(f.text);
      f.joined->append(f.pending_ws).append(value);
      f.text = *f.joined;
    }
    f.pending_ws = {};
    return Status::Ok();
  }

  void Pop() {
    const Frame& f = stack_.back();
    tree_.nodes_[f.node].text = ascii::Trim(f.text);
    stack_.pop_back();
    if (stack_.empty()) root_closed_ = true;
  }

  Error EndOfFileError() const {
    std::string_view open = NameOf(stack_.back());
    size_t offset = tree_.nodes_[stack_.back().node].offset;
    for (size_t i = stack_.size(); i > 0; --i) {
      if (!IsLeaf(stack_[i - 1])) {
        open = NameOf(stack_[i - 1]);
        offset = tree_.nodes_[stack_[i - 1].node].offset;
        break;
      }
    }
    return Malformed(s_->size(), "the file ends inside <" + std::string(open) + "> (" + LineOnly(*s_, offset) +
                                     "): it is cut off, or an element is not closed");
  }

  Tree tree_;
  std::string* s_ = nullptr;
  size_t pos_ = 0;
  std::vector<Frame> stack_;
  bool root_closed_ = false;
  TreeLimits limits_;
};

Result<Tree> Tree::Build(std::string text, size_t body_offset, const TreeLimits& limits) {
  return TreeBuilder(std::move(text), body_offset, limits).Run();
}

const Node* Tree::Child(const Node& parent, std::string_view name) const {
  for (uint32_t i = parent.first_child; i != kNoNode; i = nodes_[i].next_sibling) {
    if (nodes_[i].name == name) return &nodes_[i];
  }
  return nullptr;
}

std::string_view Tree::ChildText(const Node& parent, std::string_view name) const {
  const Node* child = Child(parent, name);
  return child ? child->text : std::string_view();
}

std::string Tree::Where(const Node& node) const { return LineColumn(*text_, node.offset); }

}  // namespace recon::ofx
