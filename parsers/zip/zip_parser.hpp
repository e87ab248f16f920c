// A ZIP archive of statement files, read file by file through the registry.
#pragma once

#include <functional>
#include <string_view>

#include "parsers/zip/inflate_budget.hpp"
#include "recon/parser.hpp"

namespace recon::zip {

// Parses one member of an archive (the registry: detection, then the format's parser, or
// a nested archive when options.archive_nesting_max allows it).
using MemberParser = std::function<Result<ParsedFile>(std::string_view bytes, const ParseOptions& options)>;

// Reads every file of the archive in central-directory order with `parse_member` and
// concatenates their statements. Every byte inflated is counted against `budget`, which
// the caller shares with the archives nested in this one.
//
// Entries:
//   - directories (names ending in '/') are skipped; one that holds data is refused;
//   - macOS metadata (__MACOSX/..., ._NAME, .DS_Store) is skipped when its bytes are
//     metadata (AppleDouble or Desktop Services magic); otherwise it is read as a file;
//   - two entries of one name are refused (no archiver writes them; reading both could
//     count money twice, reading one could drop it);
//   - every other entry must be a statement file.
//
// The format is "zip:" and the members' formats, each named once in order of first
// appearance ("zip:camt.053.001.02,mt940"). Limits (ParseOptions): archive_entries_max,
// archive_ratio_max (per entry and for the archive), archive_inflated_bytes_max (via
// `budget`), file_bytes_max per member, statement_lines_max over all members. Errors name
// the entry: location "entry 'day2.xml': <the member's own location>", and each limit's
// message names its setting. A member that fails fails the archive: no partial result.
Result<ParsedFile> ParseArchive(std::string_view bytes, const ParseOptions& options, InflateBudget& budget,
                                const MemberParser& parse_member);

}  // namespace recon::zip
