// libFuzzer target for ZIP archives of statement files (parsers/zip/ through the
// registry, so that nesting and the shared budget are exercised). Beyond "no crash, no
// sanitizer report", it checks what the rest of recond relies on: a result is statements
// from a "zip:" format whose text is valid UTF-8, or an error whose message and location
// are valid UTF-8 (entry names come from the archive). Run it with -rss_limit_mb (as
// tests/fuzz/README or the report in docs/parsers/zip.md says): an archive that made the
// reader inflate beyond the budget of 4 MiB would show there.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "parsers/ofx/ofx_charset.hpp"
#include "parsers/registry.hpp"

namespace {

// Small limits keep each run fast and still reach every limit check.
constexpr size_t kFuzzFileBytesMax = 1 << 20;
constexpr size_t kFuzzInflatedBytesMax = 4 << 20;
constexpr size_t kFuzzEntriesMax = 64;
constexpr size_t kFuzzLinesMax = 10'000;

void Require(bool condition) {
  if (!condition) std::abort();
}

void CheckText(const std::string& s) { Require(recon::ofx::IsValidUtf8(s)); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  recon::ParseOptions options;
  options.format = "zip";
  options.file_bytes_max = kFuzzFileBytesMax;
  options.statement_lines_max = kFuzzLinesMax;
  options.archive_inflated_bytes_max = kFuzzInflatedBytesMax;
  options.archive_entries_max = kFuzzEntriesMax;
  options.archive_nesting_max = 2;  // the nesting paths too
  auto result = recon::parsers::ParseStatementFile(bytes, options);
  if (result.ok()) {
    Require(result->format.starts_with("zip:"));
    Require(!result->statements.empty());
    size_t lines = 0;
    for (const recon::Statement& st : result->statements) {
      lines += st.lines.size();
      for (const std::string& w : st.warnings) CheckText(w);
    }
    Require(lines <= kFuzzLinesMax);
  } else {
    Require(!result.error().message.empty());
    CheckText(result.error().message);
    CheckText(result.error().location);
  }
  return 0;
}
