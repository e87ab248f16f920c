// libFuzzer target for the camt parser and the ZIP reader in front of it.
//
// Goes through the registry with format "camt", as an upload with ?format=camt does:
// plain XML reaches the camt parser, an archive ("PK\3\4") the ZIP reader and then the
// camt parser per entry. Beyond "no crash, no sanitizer report", a successful parse must
// keep the promises of the common record, checked below; a broken promise traps.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "parsers/registry.hpp"
#include "tests/fuzz/line_details_invariants.hpp"

namespace {

bool ValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (size_t k = 1; k < n; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += n;
  }
  return true;
}

void Require(bool condition) {
  if (!condition) __builtin_trap();
}

void RequireText(const std::optional<std::string>& s) {
  if (s) Require(ValidUtf8(*s) && !s->empty());
}

void CheckPromises(const recon::ParsedFile& file, const recon::ParseOptions& options) {
  Require(!file.statements.empty());
  size_t lines = 0;
  for (const recon::Statement& s : file.statements) {
    Require(!s.account.empty() && ValidUtf8(s.account) && ValidUtf8(s.statement_id));
    for (const std::string& w : s.warnings) Require(ValidUtf8(w));
    for (const recon::StatementLine& l : s.lines) {
      Require(l.account == s.account);
      Require(!l.end_to_end_id || *l.end_to_end_id != "NOTPROVIDED");
      for (const auto* text : {&l.counterparty_name, &l.counterparty_account, &l.counterparty_bic,
                               &l.structured_reference, &l.remittance_info, &l.end_to_end_id, &l.bank_reference,
                               &l.bank_transaction_code}) {
        RequireText(*text);
      }
      Require(recon::fuzz::LineDetailsHold(l, [](const std::string& t) { return ValidUtf8(t); }));
      ++lines;
    }
  }
  Require(lines <= options.statement_lines_max);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  recon::ParseOptions options;
  options.format = "camt";
  // Small limits, so that the fuzzer reaches them and their error paths.
  options.xml_depth_max = 24;
  options.xml_elements_max = 20'000;
  options.statement_lines_max = 500;
  auto parsed = recon::parsers::ParseStatementFile(bytes, options);
  if (parsed.ok()) CheckPromises(*parsed, options);
  options.include_pending = true;
  parsed = recon::parsers::ParseStatementFile(bytes, options);
  if (parsed.ok()) CheckPromises(*parsed, options);
  return 0;
}
