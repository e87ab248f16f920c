#include "parsers/mt940/details.hpp"

#include "parsers/mt940/text.hpp"

namespace recon::mt940 {

void JoinWrappedLines(std::string_view text, std::string& out) {
  LineReader lines(text);
  std::string_view line;
  bool glue = false;
  while (lines.Next(line)) {
    // CountChars only matters at 65 bytes or more: a shorter line has fewer characters still.
    const bool hard_wrap =
        line.size() >= kLineCharsMax && line.back() != ' ' && CountChars(line) == kLineCharsMax;
    const std::string_view piece = hard_wrap ? line : TrimRight(line);
    if (piece.empty()) {
      glue = false;
      continue;
    }
    if (!out.empty() && !glue && out.back() != ' ' && piece.front() != ' ') out += ' ';
    out.append(piece);
    glue = hard_wrap;
  }
}

bool MapDetails(std::span<const std::string_view> texts, StatementLine& line, DetailsScratch& scratch) {
  if (texts.empty()) return false;
  const std::string_view first = TrimLeft(texts[0]);
  if (LooksLikeGvc(first)) {
    // GVC subfields are found in the raw text of the first :86:. A bank that writes GVC
    // repeats nothing; text in a second :86: is kept as remittance text all the same.
    MapGvc(first, line, scratch);
    if (texts.size() == 1) return false;
    std::string& extra = scratch.text;
    extra.clear();
    for (std::string_view t : texts.subspan(1)) {
      if (!extra.empty() && extra.back() != ' ') extra += ' ';
      JoinWrappedLines(t, extra);
    }
    const std::string_view more = Trim(extra);
    if (more.empty()) return true;
    std::string text = line.remittance_info.value_or("");
    if (!text.empty()) text += ' ';
    text += more;
    line.remittance_info = std::move(text);
    return true;
  }
  std::string& text = scratch.text;
  text.clear();
  for (std::string_view t : texts) {
    if (!text.empty() && text.back() != ' ') text += ' ';
    JoinWrappedLines(t, text);
  }
  const std::string_view joined = Trim(text);
  if (joined.empty()) return false;
  if (LooksLikeSlashKeywords(joined)) {
    MapSlashKeywords(joined, line);
    return false;
  }
  line.remittance_info = std::string(joined);
  return false;
}

}  // namespace recon::mt940
