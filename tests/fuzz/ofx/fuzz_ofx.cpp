// libFuzzer target for the OFX parser. Beyond "no crash, no sanitizer report", it checks
// what the rest of recond relies on: a result is either statements whose text is valid
// UTF-8 without NUL (PostgreSQL refuses both) and whose lines carry a known currency, or
// an error with a message; detection never claims a file the parser calls unsupported
// for lack of an <OFX> element.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "parsers/ofx/ofx_charset.hpp"
#include "parsers/ofx/ofx_parser.hpp"
#include "tests/fuzz/line_details_invariants.hpp"

namespace {

// Small limits keep each run fast and still reach every limit check.
constexpr size_t kFuzzFileBytesMax = 1 << 20;
constexpr size_t kFuzzDepthMax = 32;
constexpr size_t kFuzzElementsMax = 100'000;
constexpr size_t kFuzzLinesMax = 10'000;

void Require(bool condition) {
  if (!condition) std::abort();
}

void CheckText(const std::string& s) {
  Require(recon::ofx::IsValidUtf8(s));
  Require(s.find('\0') == std::string::npos);
}

void CheckText(const std::optional<std::string>& s) {
  if (s) CheckText(*s);
}

void CheckFile(const recon::ParsedFile& file) {
  Require(!file.statements.empty());
  for (const recon::Statement& st : file.statements) {
    Require(!st.account.empty());
    CheckText(st.account);
    CheckText(st.statement_id);
    for (const std::string& w : st.warnings) CheckText(w);
    for (const recon::StatementLine& line : st.lines) {
      Require(line.account == st.account);
      Require(recon::Currency::FromCode(line.amount.currency.code()).has_value());
      CheckText(line.counterparty_name);
      CheckText(line.remittance_info);
      CheckText(line.bank_reference);
      CheckText(line.bank_transaction_code);
      Require(recon::fuzz::LineDetailsHold(line, [](const std::string& t) {
        return recon::ofx::IsValidUtf8(t) && t.find('\0') == std::string::npos;
      }));
      Require(!line.end_to_end_id.has_value());
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  recon::ParseOptions options;
  options.file_bytes_max = kFuzzFileBytesMax;
  options.xml_depth_max = kFuzzDepthMax;
  options.xml_elements_max = kFuzzElementsMax;
  options.statement_lines_max = kFuzzLinesMax;
  const bool detected = recon::ofx::LooksLikeOfx(bytes);
  auto result = recon::ofx::OfxParser().Parse(bytes, options);
  if (result.ok()) {
    CheckFile(*result);
  } else {
    Require(!result.error().message.empty());
    CheckText(result.error().message);
    CheckText(result.error().location);
    // "<OFX>" within the first kilobyte means the body was found.
    if (detected && bytes.size() <= 1024 && bytes.find("<OFX>") != std::string_view::npos) {
      Require(result.error().message.find("no <OFX> element") == std::string::npos);
    }
  }
  return 0;
}
