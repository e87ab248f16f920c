// Automatic mode: builds a profile for a file that came without one, from what the file
// shows, or says exactly what it could not decide.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "parsers/csv/charset.hpp"
#include "parsers/csv/profile.hpp"
#include "recon/error.hpp"

namespace recon::csv {

// Decides, in this order, and refuses at the first thing it cannot decide:
//   1. delimiter and header row (see SniffStructure);
//   2. the columns, by header names in several languages (synonyms.hpp), each checked
//      against its cells: a booking date, an amount (one signed column, an amount with a
//      debit/credit indicator, or debit and credit columns) and a currency (a column, or
//      a code in the amount's header such as "Bedrag (EUR)") are required;
//   3. the date format, over every row of every date column: day/month order only when a
//      value proves it (a day above 12), never by default for '/' and '-';
//   4. the decimal separator, over every amount cell: only when a cell proves it;
//      "1.234" alone is refused as ambiguous.
// `encoding` is what the text was decoded from. `notes` receives a one-line summary of
// the decisions, for the statements' warnings. Refusals are kUnsupportedFormat (no table
// found) or kMalformedFile (a table recond cannot read without a profile), each saying
// what was undecided and suggesting a profile.
Result<Profile> DetectProfile(std::string_view text, Encoding encoding, std::vector<std::string>& notes);

}  // namespace recon::csv
