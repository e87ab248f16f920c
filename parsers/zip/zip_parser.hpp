// A ZIP archive of statement files, read file by file through the registry.
#pragma once

#include <functional>
#include <string_view>

#include "recon/parser.hpp"

namespace recon::zip {

// Parses one member of an archive (the registry: detection, then the format's parser,
// or a nested archive when nesting allows it).
using MemberParser = std::function<Result<ParsedFile>(std::string_view bytes, const ParseOptions& options)>;

// Entries per archive; ZipLimits::entries_max.
inline constexpr size_t kZipEntriesMax = 1000;

// Reads every file of the archive in central-directory order with `parse_member` and
// concatenates their statements. Directories and macOS metadata (__MACOSX/, ._*,
// .DS_Store) are skipped; every other entry must be a statement file.
//
// The format is "zip:" and the members' formats, each named once in order of first
// appearance ("zip:camt.053.001.02,mt940"). Limits: kZipEntriesMax entries; all
// entries together unpack to at most options.file_bytes_max bytes; lines over all
// members at most options.statement_lines_max; a compression ratio that looks like a
// zip bomb is refused. Errors name the entry: location "entry 'day2.xml': <the
// member's own location>". A member that fails fails the archive: no partial result.
Result<ParsedFile> ParseArchive(std::string_view bytes, const ParseOptions& options, const MemberParser& parse_member);

}  // namespace recon::zip
