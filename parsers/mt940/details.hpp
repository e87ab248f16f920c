// The :86: "information to the account owner" of one statement line, in the dialects banks
// write it, mapped to the common line: counterparty, references, remittance text, and for the
// German GVC form the transaction code.
//
//   GVC (Germany, Austria, Poland):  166?00GUTSCHRIFT?20EREF+...?21SVWZ+...?30BIC?31IBAN?32Name
//   slash keywords (NL, BE):          /EREF/...//IBAN/NL.../BIC/.../NAME/.../REMI/...
//   free text (everything else):      the text, lines joined
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "recon/statement.hpp"

namespace recon::mt940 {

// Where a GVC purpose subfield starts in the joined purpose, and whether it directly follows a
// full one (27 characters), so that a keyword's value may go on into it.
struct PurposePart {
  size_t start;
  bool glued;
};

// Buffers reused from one statement line to the next, so that a file of a million lines
// does not allocate its scratch space a million times.
struct DetailsScratch {
  std::string text;                // the :86: fields of the line, lines joined
  std::string purpose;             // GVC: ?20-?29 and ?60-?63 joined
  std::string name;                // GVC: ?32 and ?33 joined
  std::vector<PurposePart> parts;  // GVC: the purpose subfields in `purpose`
};

// Fills `line` from the texts of the :86: fields that follow its :61: (raw, line breaks as
// in the file; usually one, several for banks that repeat :86: per line of text). Fields the
// text does not carry stay as they are. Returns true when the first :86: is GVC and more
// followed: GVC gives one :86: per line, so the others are not subfields; their text is
// appended to the remittance information (never dropped), and the caller warns.
bool MapDetails(std::span<const std::string_view> texts, StatementLine& line, DetailsScratch& scratch);

// Appends the physical lines of a free-text field to `out`. A line of exactly 65 characters
// (kLineCharsMax) that does not end in a space was cut by the line wrap: the next line follows
// without a separator. After a shorter line the break was meant: trailing spaces are dropped
// and one space separates it from the next. Blank lines add nothing.
void JoinWrappedLines(std::string_view text, std::string& out);

// The dialect parsers, on the joined text.
bool LooksLikeGvc(std::string_view text);
bool LooksLikeSlashKeywords(std::string_view text);
void MapGvc(std::string_view raw, StatementLine& line, DetailsScratch& scratch);
void MapSlashKeywords(std::string_view text, StatementLine& line);

}  // namespace recon::mt940
