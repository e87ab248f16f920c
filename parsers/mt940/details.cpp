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

void MapDetails(std::span<const std::string_view> texts, StatementLine& line, DetailsScratch& scratch) {
  if (texts.empty()) return;
  const std::string_view first = TrimLeft(texts[0]);
  if (LooksLikeGvc(first)) {
    // GVC subfields are found in the raw text; only the first :86: of a line counts there,
    // a bank that writes GVC repeats nothing.
    MapGvc(first, line, scratch);
    return;
  }
  std::string& text = scratch.text;
  text.clear();
  for (std::string_view t : texts) {
    if (!text.empty() && text.back() != ' ') text += ' ';
    JoinWrappedLines(t, text);
  }
  const std::string_view joined = Trim(text);
  if (joined.empty()) return;
  if (LooksLikeSlashKeywords(joined)) {
    MapSlashKeywords(joined, line);
    return;
  }
  line.remittance_info = std::string(joined);
}

}  // namespace recon::mt940
