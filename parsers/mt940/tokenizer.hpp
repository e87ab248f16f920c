// Stage 2 of the MT940 parser: UTF-8 text -> a flat list of tagged fields.
//
// The tokenizer knows the envelope (the {1:}{2:}{3:}{4: ... -}{5:} blocks, the header lines
// some banks print before :20:, the '-' that ends a message) and where each field starts and
// ends. It does not look inside fields; that is the job of the field parsers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "recon/error.hpp"

namespace recon::mt940 {

enum class Tag : uint8_t {
  k20,   // transaction reference: starts a statement
  k21,   // related reference
  k25,   // account identification (also :25P:)
  k28,   // statement and sequence number (:28: and :28C:)
  k60F,  // opening balance, first of the statement
  k60M,  // opening balance, intermediate (a statement split over several messages)
  k61,   // statement line
  k86,   // information to the account owner
  k62F,  // closing balance
  k62M,  // intermediate closing balance
  k64,   // closing available balance
  k65,   // forward available balance
  k34F,  // MT942 floor limit
  k13D,  // MT942 date and time of the report (also :13:)
  k90D,  // MT942 number and sum of debit entries
  k90C,  // MT942 number and sum of credit entries
  kNs,   // :NS: non-SWIFT information some German banks add; read over
  kEndOfMessage,  // the '-' line (or "-}") that ends a message; has no text
};

// One field: its tag, the line its tag stands on, and its text: everything after ":TAG:"
// up to the end of its last continuation line, line breaks included as in the file.
struct Field {
  Tag tag;
  uint8_t prefix;  // length of ":TAG:" before the text, for column numbers
  uint32_t line;
  std::string_view text;
};

struct TokenizeLimits {
  size_t statement_lines_max;  // :61: fields over the whole file (kLimitExceeded beyond)
  size_t statements_max;       // :20: fields over the whole file (kLimitExceeded beyond)
};

// Splits `text` (UTF-8, lines ending in LF or CRLF) into fields. The views point into `text`.
// Errors: kLimitExceeded with the line of the field that crossed a limit.
Result<std::vector<Field>> Tokenize(std::string_view text, const TokenizeLimits& limits);

// The tag at the start of `line` (":20:", ":60F:" ...), with the length of its ":TAG:" prefix;
// false for anything else, including tag-shaped text that is no MT940/MT942 tag (":12:").
bool MatchTag(std::string_view line, Tag& tag, size_t& prefix_length);

// The tag's name as written in the file, for messages (":61:").
std::string_view TagName(Tag tag);

}  // namespace recon::mt940
