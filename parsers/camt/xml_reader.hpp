// A streaming XML reader (pull parser) for camt documents.
//
// Why not a DOM: a DOM of a compact camt.053 takes five to six times the file's size
// and parsing it ran at ~85 MB/s (parse_bench); reading events straight off the bytes
// needs no memory beyond an element stack and keeps the parse well above 150 MB/s.
//
// What it accepts: well-formed XML 1.0 in UTF-8 (the caller converts other encodings
// and checks UTF-8 first; see text_encoding.hpp). It checks tag nesting, names,
// attribute syntax and uniqueness, entity and character references, and that there is
// exactly one root element. It refuses any DOCTYPE (no DTD, hence no entity expansion
// and no external entities). Nothing recurses: nesting lives in an explicit stack whose
// depth is limited.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "recon/error.hpp"

namespace recon::camt {

struct XmlLimits {
  size_t depth_max = 64;             // nesting of elements; the root is depth 1
  size_t elements_max = 50'000'000;  // elements in the document
  // Attributes on one element; camt elements carry one or two (Ccy, xmlns).
  size_t attributes_max = 64;
};

class XmlReader {
 public:
  enum class Event : uint8_t {
    kStart,  // a start tag (or an empty-element tag, which is followed by its kEnd)
    kEnd,    // an end tag
    kText,   // character data inside the root element that is not only whitespace
    kDone,   // the document ended well-formed
    kError,  // see error(); every later call answers kError again
  };

  // `document` must outlive the reader; names and raw text point into it.
  XmlReader(std::string_view document, const XmlLimits& limits);

  Event Next();

  // The element of the last kStart/kEnd: "ns2:Stmt" and its local part "Stmt".
  std::string_view name() const { return name_; }
  std::string_view local_name() const { return local_name_; }
  // Elements open after the last event (the root alone open: 1).
  size_t depth() const { return stack_.size(); }

  // Attributes of the last kStart, by qualified name; values decoded.
  size_t attribute_count() const { return attributes_.size(); }
  std::string_view attribute_name(size_t i) const { return attributes_[i].name; }
  std::string AttributeValue(size_t i) const;
  // The decoded value of the attribute `qualified` of the last kStart, or "" when absent.
  std::string Attribute(std::string_view qualified) const;

  // Appends the text of the last kText, with references decoded, to `out`.
  void AppendText(std::string& out) const;

  // Byte offset where the last event began.
  size_t offset() const { return event_offset_; }
  const Error& error() const { return error_; }

  // "line L, column C" of a byte offset (columns count characters, from 1).
  static std::string LineColumn(std::string_view document, size_t offset);

 private:
  struct RawAttribute {
    std::string_view name;
    std::string_view value;  // raw, between the quotes
    bool has_references;
  };

  // Error paths stay out of line so that the hot functions keep small frames.
  [[gnu::cold, gnu::noinline]] Event Fail(size_t at, std::string_view a, std::string_view b = {},
                                          std::string_view c = {}, std::string_view d = {},
                                          std::string_view e = {});
  [[gnu::cold, gnu::noinline]] Event Limit(std::string_view before, size_t limit, std::string_view after);
  Event ReadStartTag();
  Event ReadEndTag();
  // Reads character data; `report` says whether it is worth a kText event.
  Event ReadText(bool& report);
  bool ReadName(size_t& at, std::string_view& name);
  bool ReadAttribute(size_t& at);
  enum class Skip { kSkipped, kNotMarkup, kFailed };
  // Skips a comment or a processing instruction at pos_; refuses a DOCTYPE.
  Skip SkipMarkup();
  // Checks every reference in `raw` (text or attribute value at `raw_offset`) and appends
  // the decoded text to `out` when it is given. False, with error_ set, on a bad reference.
  bool Decode(std::string_view raw, size_t raw_offset, std::string* out);

  std::string_view doc_;
  XmlLimits limits_;
  size_t pos_ = 0;
  size_t event_offset_ = 0;
  size_t elements_ = 0;
  bool root_seen_ = false;
  bool root_closed_ = false;
  bool pending_end_ = false;  // an empty-element tag still owes its kEnd
  bool failed_ = false;
  struct OpenElement {
    std::string_view name;
    std::string_view local;
  };
  std::vector<OpenElement> stack_;
  std::vector<RawAttribute> attributes_;
  std::string_view name_;
  std::string_view local_name_;
  std::string_view text_;
  bool text_has_references_ = false;
  std::string decoded_;  // the last kText with references decoded
  Error error_;
};

}  // namespace recon::camt
