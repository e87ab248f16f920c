// The German GVC form of :86: (ZKA / DFÜ-Abkommen, also used in Austria and Poland):
//
//   166?00GUTSCHRIFT?100399?20EREF+E2E-1?21SVWZ+Invoice 12?22 thank you?30DEUTDEFF?31DE...?32Name
//
// A three-digit business transaction code (GVC), then subfields, each a separator (mostly
// '?', Triodos writes '>') and two digits. ?20-?29 and ?60-?63 hold the purpose, 27
// characters each, which since SEPA carries keywords: EREF+ end-to-end id, SVWZ+ remittance,
// KREF+ MREF+ CRED+ ABWA+ ... ?30 is the counterparty's BIC (or old bank code), ?31 its
// account, ?32/?33 its name.
#include <cstdint>
#include <string>

#include "parsers/mt940/details.hpp"
#include "parsers/mt940/references.hpp"
#include "parsers/mt940/text.hpp"
#include "recon/ascii.hpp"

namespace recon::mt940 {
namespace {

// A purpose or name subfield holds at most 27 characters. Subfields are joined without a
// separator (DFÜ-Abkommen, Anlage 3: banks cut words wherever a subfield ends); a full one tells
// that a keyword's value may go on in the next.
constexpr size_t kSubfieldCharsMax = 27;

// The SEPA keywords of the purpose (DFÜ-Abkommen, Anlage 3), four letters and '+' (BIC+ has
// three), packed into an integer each so that a candidate is checked with a few comparisons.
constexpr uint32_t Pack4(std::string_view k) {
  return static_cast<uint32_t>(k[0]) << 24 | static_cast<uint32_t>(k[1]) << 16 | static_cast<uint32_t>(k[2]) << 8 |
         static_cast<uint32_t>(k[3]);
}

constexpr uint32_t kKeywords[] = {
    Pack4("EREF"), Pack4("KREF"), Pack4("MREF"), Pack4("CRED"), Pack4("DEBT"), Pack4("SVWZ"), Pack4("ABWA"),
    Pack4("ABWE"), Pack4("COAM"), Pack4("OAMT"), Pack4("BREF"), Pack4("RREF"), Pack4("PURP"), Pack4("IBAN"),
};

// `previous_id` is the number of the purpose subfield before (0 for none): a value goes on only
// into the very next subfield (?29 is followed by ?60), never across a gap.
void AppendPart(std::string& out, std::string_view part, int id, int& previous_id, bool& previous_full,
                std::vector<PurposePart>* parts) {
  const bool next = previous_id != 0 && (id == previous_id + 1 || (previous_id == 29 && id == 60));
  if (parts) parts->push_back(PurposePart{out.size(), previous_full && next});
  out.append(part);
  previous_full = part.size() >= kSubfieldCharsMax && CountChars(part) >= kSubfieldCharsMax;
  previous_id = id;
}

// Length of the keyword with its '+' at text[i], or 0.
size_t KeywordAt(std::string_view text, size_t i) {
  if (i + 3 < text.size() && text[i + 3] == '+') return text.compare(i, 4, "BIC+") == 0 ? 4 : 0;
  if (i + 4 >= text.size() || text[i + 4] != '+') return 0;
  const uint32_t packed = Pack4(text.substr(i, 4));
  for (uint32_t k : kKeywords) {
    if (k == packed) return 5;
  }
  return 0;
}

std::optional<std::string> NonEmpty(std::string_view s) {
  s = Trim(s);
  if (s.empty()) return std::nullopt;
  return std::string(s);
}

// Splits the joined purpose at its SEPA keywords. A keyword counts at the start, after a space,
// at the start of a subfield, or right after another keyword ("KREF+EREF+..."). A keyword's
// value runs to the next keyword, or to the end of a subfield that was not full: banks fill a
// subfield to its 27 characters when a value goes on. Text outside every value but SVWZ+'s
// (banks that put a plain sentence after the keywords) is remittance text too, in file order.
// The values of the keywords recond keeps besides SVWZ+; views into the purpose.
struct KeywordValues {
  std::string_view eref;  // EREF+ end-to-end id
  std::string_view kref;  // KREF+ customer reference
  std::string_view mref;  // MREF+ mandate reference
  std::string_view abwa;  // ABWA+ ultimate debtor ("abweichender Auftraggeber")
  std::string_view abwe;  // ABWE+ ultimate creditor ("abweichender Empfänger")
};

void ScanKeywords(std::string_view purpose, const std::vector<PurposePart>& parts, std::string& remittance,
                  KeywordValues& values) {
  enum class Kind { kText, kRemittance, kEndToEnd, kOther };
  Kind kind = Kind::kText;
  std::string_view keyword;
  size_t value_start = 0;
  size_t after_keyword = std::string_view::npos;
  auto close = [&](size_t end) {
    const std::string_view value = Trim(purpose.substr(value_start, end - value_start));
    if (value.empty()) return;
    if (kind == Kind::kText || kind == Kind::kRemittance) {
      if (!remittance.empty()) remittance += ' ';
      remittance.append(value);
      return;
    }
    std::string_view* slot = kind == Kind::kEndToEnd ? &values.eref
                             : keyword == "KREF+"     ? &values.kref
                             : keyword == "MREF+"     ? &values.mref
                             : keyword == "ABWA+"     ? &values.abwa
                             : keyword == "ABWE+"     ? &values.abwe
                                                      : nullptr;
    if (slot != nullptr && slot->empty()) *slot = value;
  };
  auto starts_part = [&](size_t i) {
    for (const PurposePart& part : parts) {
      if (part.start == i) return true;
    }
    return false;
  };
  // Every keyword ends in '+', so the search jumps from '+' to '+' instead of trying every
  // position; `from` is where the next keyword may start at the earliest.
  struct Hit {
    size_t at = std::string_view::npos;
    size_t length = 0;
  };
  auto next_keyword = [&](size_t from) {
    for (size_t plus = purpose.find('+', from + 3); plus != std::string_view::npos; plus = purpose.find('+', plus + 1)) {
      for (const size_t length : {size_t{5}, size_t{4}}) {
        if (plus + 1 < length || plus + 1 - length < from) continue;
        const size_t at = plus + 1 - length;
        if (!ascii::IsUpper(purpose[at]) || KeywordAt(purpose, at) != length) continue;
        if (at == 0 || at == after_keyword || purpose[at - 1] == ' ' || starts_part(at)) return Hit{at, length};
      }
    }
    return Hit{};
  };
  Hit hit = next_keyword(0);
  size_t part = 0;
  while (true) {
    // A subfield that does not continue a full one ends the value of every keyword but SVWZ+.
    while (part < parts.size() && (parts[part].start == 0 || parts[part].glued)) ++part;
    const size_t part_at = part < parts.size() ? parts[part].start : std::string_view::npos;
    if (part_at == std::string_view::npos && hit.at == std::string_view::npos) break;
    if (part_at <= hit.at) {
      if (kind == Kind::kEndToEnd || kind == Kind::kOther) {
        close(part_at);
        kind = Kind::kText;
        value_start = part_at;
      }
      ++part;
      continue;
    }
    close(hit.at);
    keyword = purpose.substr(hit.at, hit.length);
    kind = keyword == "SVWZ+" ? Kind::kRemittance : keyword == "EREF+" ? Kind::kEndToEnd : Kind::kOther;
    value_start = hit.at + hit.length;
    after_keyword = value_start;
    hit = next_keyword(value_start);
  }
  close(purpose.size());
}

}  // namespace

bool LooksLikeGvc(std::string_view text) {
  if (text.size() < 3 || !ascii::IsDigit(text[0]) || !ascii::IsDigit(text[1]) || !ascii::IsDigit(text[2])) return false;
  return text.size() == 3 || text[3] == '?' || text[3] == '>' || text[3] == '\r' || text[3] == '\n';
}

void MapGvc(std::string_view raw, StatementLine& line, DetailsScratch& scratch) {
  // Line breaks inside a GVC field are transport, not content: the subfields say where
  // things start. A full 65-character line keeps its trailing space, a shorter one loses it.
  std::string& text = scratch.text;
  text.clear();
  LineReader lines(raw);
  std::string_view physical;
  while (lines.Next(physical)) {
    const bool full = physical.size() >= kLineCharsMax && CountChars(physical) == kLineCharsMax;
    text.append(full ? physical : TrimRight(physical));
  }
  line.bank_transaction_code = text.substr(0, 3);
  if (text.size() <= 3) return;
  const char separator = text[3];

  std::string& purpose = scratch.purpose;
  std::string& name = scratch.name;
  purpose.clear();
  name.clear();
  scratch.parts.clear();
  bool purpose_full = false;
  bool name_full = false;
  int purpose_id = 0;
  int name_id = 0;
  std::string_view bic, account, account_38;

  size_t at = 3;
  while (at < text.size()) {
    // The subfield at `at` runs to the next separator that is followed by two digits.
    size_t next = at + 3;
    while (true) {
      next = text.find(separator, next);
      if (next == std::string::npos ||
          (next + 2 < text.size() && ascii::IsDigit(text[next + 1]) && ascii::IsDigit(text[next + 2])))
        break;
      ++next;
    }
    if (next == std::string::npos) next = text.size();
    if (at + 2 < text.size() && ascii::IsDigit(text[at + 1]) && ascii::IsDigit(text[at + 2])) {
      const int id = (text[at + 1] - '0') * 10 + (text[at + 2] - '0');
      const std::string_view content = std::string_view(text).substr(at + 3, next - at - 3);
      if ((id >= 20 && id <= 29) || (id >= 60 && id <= 63)) {
        AppendPart(purpose, content, id, purpose_id, purpose_full, &scratch.parts);
      } else if (id == 30) {
        bic = Trim(content);
      } else if (id == 31) {
        account = Trim(content);
      } else if (id == 32 || id == 33) {
        AppendPart(name, content, id, name_id, name_full, nullptr);
      } else if (id == 38) {
        account_38 = Trim(content);
      }
    }
    at = next;
  }

  line.counterparty_name = NonEmpty(name);
  line.counterparty_account = NonEmpty(account.empty() ? account_38 : account);
  if (IsBic(bic)) line.counterparty_bic = std::string(bic);

  KeywordValues values;
  scratch.text.clear();  // the joined field is no longer needed; its buffer takes the remittance text
  ScanKeywords(purpose, scratch.parts, scratch.text, values);
  if (!values.eref.empty() && values.eref != "NOTPROVIDED") line.end_to_end_id = std::string(values.eref);
  if (values.kref == "NOTPROVIDED") values.kref = {};
  if (!values.kref.empty() || !values.mref.empty() || !values.abwa.empty() || !values.abwe.empty()) {
    LineDetails& details = line.details.Edit();
    if (!values.kref.empty()) details.customer_reference = std::string(values.kref);
    if (!values.mref.empty()) details.mandate_id = std::string(values.mref);
    if (!values.abwa.empty()) details.ultimate_debtor = std::string(values.abwa);
    if (!values.abwe.empty()) details.ultimate_creditor = std::string(values.abwe);
  }
  line.remittance_info = NonEmpty(scratch.text);
  if (line.remittance_info) {
    const std::string_view text_view = *line.remittance_info;
    const std::string_view token = text_view.substr(0, text_view.find(' '));
    if (IsCreditorReference(token)) line.structured_reference = std::string(token);
  }
}

}  // namespace recon::mt940
