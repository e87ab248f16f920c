#include "recon/json.hpp"

#include <string>

namespace recon {
namespace {

// nlohmann's message without its "[json.exception.parse_error.101] " tag and without the
// "; last read: '…'" that quotes the input: the input may be a bank's token response, and the
// message may be logged; the byte position says where. What is left is printable ASCII.
std::string ParserReason(const char* what) {
  std::string text(what);
  if (text.starts_with("[json.exception.")) {
    const size_t end = text.find("] ");
    if (end != std::string::npos) text.erase(0, end + 2);
  }
  if (const size_t quoted = text.find("; last read: '"); quoted != std::string::npos) {
    const size_t expected = text.rfind("'; expected ");
    text = text.substr(0, quoted) + (expected != std::string::npos && expected > quoted ? text.substr(expected + 1) : "");
  }
  std::string out;
  out.reserve(text.size());
  for (char c : text) out.push_back(c >= 0x20 && c < 0x7F ? c : '?');
  return out;
}

}  // namespace

std::optional<size_t> JsonTooDeepAt(std::string_view text, size_t depth_max) {
  size_t depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;  // the escaped character cannot end the string
      else if (c == '"') in_string = false;
      continue;
    }
    switch (c) {
      case '"': in_string = true; break;
      case '[':
      case '{':
        if (++depth > depth_max) return i + 1;
        break;
      case ']':
      case '}':
        if (depth > 0) --depth;
        break;
      default: break;
    }
  }
  return std::nullopt;
}

Result<nlohmann::json> ParseJson(std::string_view text, const JsonLimits& limits, std::string_view what) {
  if (text.size() > limits.bytes_max) {
    return MakeError(ErrorCode::kPayloadTooLarge, std::string(what) + " has " + std::to_string(text.size()) +
                                                      " bytes; JSON is read up to " + std::to_string(limits.bytes_max) +
                                                      " bytes (json_bytes_max)");
  }
  if (auto at = JsonTooDeepAt(text, limits.depth_max)) {
    return MakeError(ErrorCode::kInvalidRequest,
                     std::string(what) + " nests arrays and objects deeper than " + std::to_string(limits.depth_max) +
                         " levels (json_depth_max) at byte " + std::to_string(*at),
                     "byte " + std::to_string(*at));
  }
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    return MakeError(ErrorCode::kInvalidRequest, std::string(what) + " is not valid JSON: " + ParserReason(e.what()),
                     "byte " + std::to_string(e.byte));
  } catch (const nlohmann::json::exception& e) {
    // Other library failures (a number beyond every type, say) are bad input all the same.
    return MakeError(ErrorCode::kInvalidRequest, std::string(what) + " is not valid JSON: " + ParserReason(e.what()));
  }
}

}  // namespace recon
