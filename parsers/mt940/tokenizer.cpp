// One pass over the lines with memchr; a field's text is a view that grows over its
// continuation lines, so nothing is copied here.
#include "parsers/mt940/tokenizer.hpp"

#include <cstring>
#include <string>

#include "parsers/mt940/text.hpp"

namespace recon::mt940 {
namespace {

// The tags of MT940 and MT942 that recond reads or deliberately reads over are those MatchTag
// knows. Tag-shaped text that is not among them (":12:11" in a wrapped time of day) is not a tag
// but text of the field before.

// What ends a message: "-" alone, "-}" (block 4 closed, maybe followed by {5:} and the next
// message's blocks on the same line), or "-å", Handelsbanken's "-}" in the Swedish national
// variant of ISO 646, where '}' is written as 'å'. `rest` gets what follows on the line.
bool IsEndOfMessage(std::string_view line, std::string_view& rest) {
  const std::string_view trimmed = TrimRight(line);
  if (trimmed == "-" || trimmed == "-\xC3\xA5") {
    rest = {};
    return true;
  }
  if (trimmed.starts_with("-}")) {
    rest = trimmed.substr(2);
    return true;
  }
  return false;
}

class Tokenizer {
 public:
  Tokenizer(std::string_view text, const TokenizeLimits& limits) : text_(text), limits_(limits) {}

  Result<std::vector<Field>> Run() {
    // Real files have a field per 40 to 80 bytes; the vector grows when this guess is too low,
    // and a guess too high would be memory held for nothing.
    fields_.reserve(text_.size() / 64 + 8);
    size_t pos = 0;
    while (pos < text_.size()) {
      const void* found = std::memchr(text_.data() + pos, '\n', text_.size() - pos);
      const size_t end = found ? static_cast<size_t>(static_cast<const char*>(found) - text_.data()) : text_.size();
      std::string_view line = text_.substr(pos, end - pos);
      while (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      ++line_number_;
      Line(line);
      if (!error_.message.empty()) return std::move(error_);
      pos = end + 1;
    }
    return std::move(fields_);
  }

 private:
  // A line may switch between the envelope and a message more than once ("-}{5:}{1:...}{4:"),
  // so the two states hand each other the rest of the line in a loop, not by recursion.
  void Line(std::string_view s) {
    while (inside_ ? Inside(s) : Outside(s)) {
    }
  }

  // Between messages: block headers, the bank's header lines, blank lines. A known tag or
  // "{4:" opens a message. True when `s` holds the rest of the line for the message.
  bool Outside(std::string_view& s) {
    while (true) {
      s = TrimLeft(s);
      if (s.empty()) return false;
      if (s.front() == ':') {
        Tag tag;
        size_t prefix;
        if (!MatchTag(s, tag, prefix)) return false;
        inside_ = true;
        return true;
      }
      if (s.front() != '{') return false;
      if (s.starts_with("{4:")) {
        inside_ = true;
        has_field_ = false;
        s.remove_prefix(3);
        return !TrimRight(s).empty();
      }
      // Skip one block, nested blocks ({3:{108:...}}) included; an unclosed one ends the line.
      size_t depth = 0;
      size_t i = 0;
      for (; i < s.size(); ++i) {
        if (s[i] == '{') ++depth;
        if (s[i] == '}' && --depth == 0) break;
      }
      if (i >= s.size()) return false;
      s.remove_prefix(i + 1);
    }
  }

  // Inside a message. True when the message ended and `s` holds the rest of the line.
  bool Inside(std::string_view& line) {
    if (line.empty()) return false;
    if (line.front() == ':') {
      Tag tag;
      size_t prefix;
      if (MatchTag(line, tag, prefix)) {
        Open(tag, static_cast<uint8_t>(prefix), line.substr(prefix));
        return false;
      }
    }
    std::string_view rest;
    if (line.front() == '-' && IsEndOfMessage(line, rest)) {
      fields_.push_back(Field{Tag::kEndOfMessage, 0, line_number_, {}});
      inside_ = false;
      has_field_ = false;
      line = rest;
      return !rest.empty();
    }
    // A continuation line: the open field now ends where this line ends. Blank lines only
    // count when more text follows them.
    if (!has_field_ || TrimRight(line).empty()) return false;
    Field& field = fields_.back();
    field.text = std::string_view(field.text.data(), static_cast<size_t>(line.data() + line.size() - field.text.data()));
    return false;
  }

  void Open(Tag tag, uint8_t prefix, std::string_view text) {
    if (tag == Tag::k61 && ++statement_lines_ > limits_.statement_lines_max) {
      error_ = MakeError(ErrorCode::kLimitExceeded,
                         "the file has more than " + std::to_string(limits_.statement_lines_max) +
                             " statement lines (:61:); that is beyond the configured statement_lines_max",
                         LineLocation(line_number_));
      return;
    }
    if (tag == Tag::k20 && ++statements_ > limits_.statements_max) {
      error_ = MakeError(ErrorCode::kLimitExceeded,
                         "the file has more than " + std::to_string(limits_.statements_max) + " statements (:20:)",
                         LineLocation(line_number_));
      return;
    }
    fields_.push_back(Field{tag, prefix, line_number_, text});
    has_field_ = true;
  }

  std::string_view text_;
  const TokenizeLimits& limits_;
  std::vector<Field> fields_;
  Error error_;
  uint32_t line_number_ = 0;
  size_t statement_lines_ = 0;
  size_t statements_ = 0;
  bool inside_ = false;
  bool has_field_ = false;
};

}  // namespace

bool MatchTag(std::string_view line, Tag& tag, size_t& prefix_length) {
  // Called for every line that starts with ':', so a switch on the characters, not a table walk.
  if (line.size() < 4 || line[0] != ':') return false;
  const char a = line[1];
  const char b = line[2];
  const char c = line[3];
  const char d = line.size() > 4 ? line[4] : '\0';
  auto two = [&](Tag t) {
    tag = t;
    prefix_length = 4;
    return true;
  };
  auto three = [&](Tag t) {
    tag = t;
    prefix_length = 5;
    return true;
  };
  if (c == ':') {
    switch ((a << 8) | b) {
      case ('2' << 8) | '0': return two(Tag::k20);
      case ('2' << 8) | '1': return two(Tag::k21);
      case ('2' << 8) | '5': return two(Tag::k25);
      case ('2' << 8) | '8': return two(Tag::k28);
      case ('6' << 8) | '1': return two(Tag::k61);
      case ('8' << 8) | '6': return two(Tag::k86);
      case ('6' << 8) | '4': return two(Tag::k64);
      case ('6' << 8) | '5': return two(Tag::k65);
      case ('1' << 8) | '3': return two(Tag::k13D);
      case ('N' << 8) | 'S': return two(Tag::kNs);
      default: return false;
    }
  }
  if (d != ':') return false;
  switch ((a << 16) | (b << 8) | c) {
    case ('2' << 16) | ('5' << 8) | 'P': return three(Tag::k25);
    case ('2' << 16) | ('8' << 8) | 'C': return three(Tag::k28);
    case ('6' << 16) | ('0' << 8) | 'F': return three(Tag::k60F);
    case ('6' << 16) | ('0' << 8) | 'M': return three(Tag::k60M);
    case ('6' << 16) | ('2' << 8) | 'F': return three(Tag::k62F);
    case ('6' << 16) | ('2' << 8) | 'M': return three(Tag::k62M);
    case ('3' << 16) | ('4' << 8) | 'F': return three(Tag::k34F);
    case ('1' << 16) | ('3' << 8) | 'D': return three(Tag::k13D);
    case ('9' << 16) | ('0' << 8) | 'D': return three(Tag::k90D);
    case ('9' << 16) | ('0' << 8) | 'C': return three(Tag::k90C);
    default: return false;
  }
}

std::string_view TagName(Tag tag) {
  switch (tag) {
    case Tag::k20: return ":20:";
    case Tag::k21: return ":21:";
    case Tag::k25: return ":25:";
    case Tag::k28: return ":28C:";
    case Tag::k60F: return ":60F:";
    case Tag::k60M: return ":60M:";
    case Tag::k61: return ":61:";
    case Tag::k86: return ":86:";
    case Tag::k62F: return ":62F:";
    case Tag::k62M: return ":62M:";
    case Tag::k64: return ":64:";
    case Tag::k65: return ":65:";
    case Tag::k34F: return ":34F:";
    case Tag::k13D: return ":13D:";
    case Tag::k90D: return ":90D:";
    case Tag::k90C: return ":90C:";
    case Tag::kNs: return ":NS:";
    case Tag::kEndOfMessage: return "-";
  }
  return "";
}

Result<std::vector<Field>> Tokenize(std::string_view text, const TokenizeLimits& limits) {
  return Tokenizer(text, limits).Run();
}

}  // namespace recon::mt940
