#include "parsers/camt/camt_collector.hpp"

#include <optional>

#include "parsers/camt/camt_values.hpp"
#include "recon/ascii.hpp"

namespace recon::camt {
namespace {

// BkToCstmrStmt, and BkToCstmrStmtV01 as version 1 names it.
bool IsMessage(std::string_view local, std::string_view base) {
  if (!local.starts_with(base)) return false;
  const std::string_view suffix = local.substr(base.size());
  if (suffix.empty()) return true;
  if (suffix.size() < 2 || suffix[0] != 'V') return false;
  for (char c : suffix.substr(1)) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::optional<MessageKind> MessageKindOf(std::string_view local) {
  if (IsMessage(local, "BkToCstmrStmt")) return MessageKind::kStatement;
  if (IsMessage(local, "BkToCstmrAcctRpt")) return MessageKind::kReport;
  if (IsMessage(local, "BkToCstmrDbtCdtNtfctn")) return MessageKind::kNotification;
  return std::nullopt;
}

// A value for a message: trimmed, cut after 60 bytes at a character boundary.
std::string Excerpt(std::string_view text) {
  constexpr size_t kBytesMax = 60;
  if (text.size() <= kBytesMax) return "'" + std::string(text) + "'";
  size_t cut = kBytesMax;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return "'" + std::string(text.substr(0, cut)) + "...'";
}

}  // namespace

std::string_view ReportName(MessageKind kind) {
  switch (kind) {
    case MessageKind::kStatement: return "Stmt";
    case MessageKind::kReport: return "Rpt";
    case MessageKind::kNotification: return "Ntfctn";
  }
  return "";
}

std::string Collector::Path() const {
  std::string path;
  for (const Frame& f : frames_) {
    path.append("/").append(f.local);
    if (f.index > 0) path.append("[").append(std::to_string(f.index)).append("]");
  }
  return path;
}

bool Collector::ResolveRepeat(const Frame& f) {
  std::string now(ascii::Trim(*f.sink));
  std::string before(ascii::Trim(previous_));
  bool same = now == before;
  if (f.amount != nullptr) {
    const std::string_view currency = ascii::Trim(f.amount->currency);
    const std::string_view previous_currency = ascii::Trim(previous_currency_);
    same = same && currency == previous_currency;
    now += " " + std::string(currency);
    before += " " + std::string(previous_currency);
  }
  if (same) {
    NoteRepeat(Path(), std::move(before), std::move(now), true);
    return true;
  }
  const std::string parent(frames_.size() >= 2 ? frames_[frames_.size() - 2].local : std::string_view());
  const std::string element(f.local);
  if (f.once == Once::kMoney) {
    return Fail(MakeError(ErrorCode::kMalformedFile,
                          "<" + element + "> appears a second time in <" + parent + "> with different content: " +
                              Excerpt(before) + " first, then " + Excerpt(now) +
                              "; the schema allows one, and recond cannot tell which decides the money",
                          Path()));
  }
  // The first is kept: restore it over the second's text.
  *f.sink = previous_;
  if (f.amount != nullptr) f.amount->currency = previous_currency_;
  NoteRepeat(Path(), std::move(before), std::move(now), false);
  return true;
}

void Collector::NoteRepeat(std::string path, std::string first, std::string second, bool same) {
  // One note per element and outcome: the path without its indexes.
  std::string key;
  key.reserve(path.size());
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '[') {
      while (i < path.size() && path[i] != ']') ++i;
      continue;
    }
    key += path[i];
  }
  key += same ? "=" : "!";
  for (RepeatNote& n : repeats_) {
    if (n.path == key) {
      ++n.count;
      return;
    }
  }
  repeats_.push_back(RepeatNote{std::move(key), std::move(path), std::move(first), std::move(second), same, 1});
}

void Collector::FlushRepeats(Statement& statement) {
  for (const RepeatNote& n : repeats_) {
    const size_t slash = n.first_path.rfind('/');
    const size_t parent_slash = slash == std::string::npos || slash == 0 ? 0 : n.first_path.rfind('/', slash - 1);
    auto bare = [](std::string_view part) { return std::string(part.substr(0, part.find('['))); };
    const std::string element = bare(std::string_view(n.first_path).substr(slash + 1));
    const std::string parent = bare(std::string_view(n.first_path).substr(parent_slash + 1, slash - parent_slash - 1));
    std::string w = n.first_path + ": <" + element + "> appears a second time in <" + parent + ">";
    if (n.same) {
      w += " with the same content; the schema allows one, so it is read once";
    } else {
      w += " with different content (" + Excerpt(n.first) + " first, then " + Excerpt(n.second) +
           "); the schema allows one: the first is read and the second set aside";
    }
    if (n.count > 1) w += " (the same " + std::to_string(n.count - 1) + " more time(s) in this statement)";
    statement.warnings.push_back(std::move(w));
  }
  repeats_.clear();
}

bool Collector::Fail(Error error) {
  error_ = std::move(error);
  return false;
}

bool Collector::OnStart(const XmlReader& reader) {
  if (skip_depth_ > 0) {
    ++skip_depth_;
    return true;
  }
  const std::string_view local = reader.local_name();
  if (frames_.empty()) {
    if (local != "Document") {
      return Fail(MakeError(ErrorCode::kUnsupportedFormat,
                            "the XML root is <" + std::string(reader.name()) + ">; a camt file starts with <Document>",
                            "/"));
    }
    // The namespace of <Document> or <ns2:Document> names the message and its version.
    const std::string_view qualified = reader.name();
    const size_t colon = qualified.find(':');
    namespace_ = reader.Attribute(colon == std::string_view::npos
                                      ? std::string("xmlns")
                                      : "xmlns:" + std::string(qualified.substr(0, colon)));
    frames_.reserve(64);
    frames_.push_back(Frame(Node::kDocument));
    frames_.back().local = local;
    return true;
  }
  Frame& parent = frames_.back();
  Frame child(Node::kIgnored);
  if (parent.node == Node::kDocument) {
    if (const auto kind = MessageKindOf(local)) {
      if (message_seen_) {
        return Fail(MakeError(ErrorCode::kMalformedFile,
                              "a Document holds one message; <" + std::string(local) + "> is a second one",
                              Path() + "/" + std::string(local)));
      }
      message_seen_ = true;
      kind_ = *kind;
      message_name_ = std::string(local);
      child.node = Node::kMessage;
    }
  } else {
    Child(parent, local, child);
  }
  if (child.node == Node::kIgnored) {
    skip_depth_ = 1;
    return true;
  }
  child.local = local;
  if (child.amount != nullptr) {
    child.amount->present = true;
    child.amount->currency = reader.Attribute("Ccy");
  }
  frames_.push_back(child);
  if (child.node == Node::kReport) {
    statement_.Clear();
    statement_.index = child.index;
    statement_.message_created = message_created_;
    statement_.path = Path();
    ++reports_;
  }
  return true;
}

void Collector::OnText(const XmlReader& reader) {
  if (skip_depth_ > 0 || frames_.empty()) return;
  if (std::string* sink = frames_.back().sink) reader.AppendText(*sink);
}

bool Collector::Leave(Node node) {
  switch (node) {
    case Node::kEntry: {
      ++statement_.entries;
      Status s = mapper_.AddEntry(statement_, entry_);
      return s ? true : Fail(s.error());
    }
    case Node::kReport: {
      auto statement = mapper_.Finish(statement_);
      if (!statement) return Fail(statement.take_error());
      FlushRepeats(*statement);
      statements_.push_back(std::move(*statement));
      return true;
    }
    case Node::kMessage:
      if (reports_ == 0) {
        return Fail(MakeError(ErrorCode::kMalformedFile,
                              "the message holds no <" + std::string(ReportName(kind_)) +
                                  ">; a camt file needs at least one",
                              "/Document/" + message_name_));
      }
      return true;
    default:
      return true;
  }
}

bool Collector::OnEnd() {
  if (skip_depth_ > 0) {
    --skip_depth_;
    return true;
  }
  if (frames_.empty()) return true;
  if (frames_.back().repeat && !ResolveRepeat(frames_.back())) return false;
  const Node node = frames_.back().node;
  frames_.pop_back();
  return Leave(node);
}

Status Collector::OnDone() const {
  if (message_seen_) return Status::Ok();
  std::string message = "the document holds no BkToCstmrStmt, BkToCstmrAcctRpt or BkToCstmrDbtCdtNtfctn message";
  if (!namespace_.empty()) message += " (its namespace is " + namespace_ + ")";
  return MakeError(ErrorCode::kUnsupportedFormat, std::move(message), "/Document");
}

}  // namespace recon::camt
