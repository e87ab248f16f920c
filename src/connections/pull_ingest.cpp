#include "connections/pull_ingest.hpp"

#include "api/json_codec.hpp"
#include "parsers/registry.hpp"
#include "util/digest.hpp"

namespace recon::connections {
namespace {

constexpr const char* kRecordFormat = "berlin-group";

void CountStored(const storage::IngestOutcome& outcome, IngestCounts& counts) {
  for (const auto& s : outcome.statements) {
    if (outcome.created) {
      ++counts.statements;
      counts.lines += s.line_count;
      counts.duplicates += s.duplicates_skipped;
    } else {
      counts.duplicates += s.line_count + s.duplicates_skipped;
    }
  }
}

Status StoreParsed(api::App& app, const std::string& company, std::string_view bytes, const ParsedFile& parsed,
                   IngestCounts& counts) {
  const std::string sha256 = util::Sha256Hex(bytes);
  auto stored = app.statements.StoreFile(company, sha256, bytes, parsed);
  if (!stored) return stored.error();
  CountStored(*stored, counts);
  if (stored->created) {
    int64_t lines = 0;
    for (const auto& s : stored->statements) lines += s.line_count;
    app.metrics.CountIngest(static_cast<int64_t>(stored->statements.size()), lines);
  }
  return Status::Ok();
}

Status IngestFile(api::App& app, const std::string& company, const FetchedFile& file, IngestCounts& counts) {
  const std::string sha256 = util::Sha256Hex(file.bytes);
  auto existing = app.statements.FindFile(company, sha256);
  if (!existing) return existing.error();
  if (*existing) {
    CountStored(**existing, counts);
    return Status::Ok();
  }
  ParseOptions options;
  options.file_bytes_max = app.config.body_bytes_max;
  options.statement_lines_max = app.config.statement_lines_max;
  options.xml_depth_max = app.config.xml_depth_max;
  options.archive_inflated_bytes_max = app.config.archive_inflated_bytes_max;
  options.archive_ratio_max = app.config.archive_ratio_max;
  options.archive_entries_max = app.config.archive_entries_max;
  options.archive_nesting_max = app.config.archive_nesting_max;
  auto parsed = parsers::ParseStatementFile(file.bytes, options);
  if (!parsed) {
    const Error& e = parsed.error();
    nlohmann::json error = {{"file", file.name}, {"type", std::string(ErrorCodeName(e.code))}, {"detail", e.message}};
    if (!e.location.empty()) error["location"] = e.location;
    counts.errors.push_back(std::move(error));
    return app.statements.RecordFailure(company, sha256, file.bytes, e);
  }
  return StoreParsed(app, company, file.bytes, *parsed, counts);
}

}  // namespace

Result<IngestCounts> IngestFetched(api::App& app, const std::string& company, const FetchResult& fetched) {
  IngestCounts counts;
  for (const FetchedFile& file : fetched.files) {
    ++counts.files;
    if (Status s = IngestFile(app, company, file, counts); !s) return s.error();
  }
  if (!fetched.statements.empty()) {
    ++counts.files;
    ParsedFile parsed{kRecordFormat, fetched.statements};
    const std::string bytes = api::ParsedFileToJson(parsed).dump();
    auto existing = app.statements.FindFile(company, util::Sha256Hex(bytes));
    if (!existing) return existing.error();
    if (*existing) {
      CountStored(**existing, counts);
    } else if (Status s = StoreParsed(app, company, bytes, parsed, counts); !s) {
      return s.error();
    }
  }
  return counts;
}

}  // namespace recon::connections
