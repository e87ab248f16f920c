// OFX's elementary values: date-times and amounts.
#pragma once

#include <string_view>

#include "recon/date.hpp"
#include "recon/error.hpp"
#include "recon/money.hpp"

namespace recon::ofx {

// The calendar date of an OFX date-time, in the time zone the file wrote it in.
//
// Accepts YYYYMMDD, YYYYMMDDHHMM, YYYYMMDDHHMMSS and YYYYMMDDHHMMSS.XXX (one to three
// digits after the point), each optionally followed by a zone "[-5:EST]", "[+2]",
// "[0:GMT]", "[-3.30:NST]", "[+5:30]". Every part is checked (month 13, hour 25, zone +30 are refused)
// even though only the date is kept.
//
// Why the written date and not UTC: a bank books an entry on its own business day.
// "20240323000000[-3:GMT]" is a São Paulo booking on 23 March; converting it to UTC keeps
// the day, but "20240323220000[-3:GMT]" would move to 24 March in UTC, a day the bank
// never booked it on.
// Errors: kInvalidDate with a message that quotes the text and names the expected form.
Result<Date> ParseOfxDate(std::string_view text);

// An amount in minor units of `currency`.
//
// OFX writes a decimal point ("-12.50", "140", "-.5"). Some banks (French, Brazilian)
// write a decimal comma instead ("-200,00"); it is accepted per value when the comma is
// the only separator and at most the currency's number of decimals follow it. Both
// separators together ("1.234,56", "1,234.56") are read with the last one as the decimal
// separator. More decimals than the currency has are an error unless they are zeros.
// Errors: kInvalidAmount or kAmountOverflow, with a message that quotes the text.
Result<int64_t> ParseOfxAmount(std::string_view text, const Currency& currency);

}  // namespace recon::ofx
