// Stage 3 of the MT940 parser: fields -> statements in the common record, checked.
//
// A statement runs from a :20: to the next :20: or the end of its message. Header fields
// and balances are read first (the currency of every line comes from them), then the lines,
// each :61: with the :86: fields that follow it.
#pragma once

#include <span>
#include <string_view>

#include "parsers/mt940/tokenizer.hpp"
#include "recon/error.hpp"
#include "recon/statement.hpp"

namespace recon::mt940 {

// Maps the tokenized fields of a whole file. Errors: kMalformedFile naming the line (and
// column) and what was expected. Balances that do not add up are warnings on the statement.
Result<ParsedFile> BuildStatements(std::span<const Field> fields);

// The account of :25: as recond keeps it: a BIC in front ("DEUTDEFF/0123456789") and an
// ISO currency code behind ("1291.99.348EUR", ".../HUF") are dropped, since they name the
// bank and the currency, not the account; everything else stays as the bank wrote it,
// including a German bank code in front of the account number ("87052000/123456789").
std::string_view AccountOf(std::string_view text);

}  // namespace recon::mt940
