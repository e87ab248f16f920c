#include "bank_connections/pull_ingest.hpp"

#include "api/json_codec.hpp"
#include "util/ids.hpp"

namespace recon::bank_connections {
namespace {

constexpr const char* kRecordFormat = "berlin-group";

void Count(const ingest::IngestResult& result, const std::string& file_name, IngestCounts& counts) {
  using ingest::IngestOutcomeKind;
  if (result.kind == IngestOutcomeKind::kRefused) {
    const Error& e = *result.problem;
    nlohmann::json error = {{"file", file_name},
                            {"type", std::string(ErrorCodeName(e.code))},
                            {"detail", e.message},
                            {"upload_id", util::FormatId(util::kUploadPrefix, result.upload_id)}};
    if (!e.location.empty()) error["location"] = e.location;
    counts.errors.push_back(std::move(error));
    return;
  }
  for (const auto& s : result.stored.statements) {
    if (result.kind == IngestOutcomeKind::kStored) {
      ++counts.statements;
      counts.lines += s.line_count;
      counts.duplicates += s.duplicates_skipped;
    } else {
      counts.duplicates += s.line_count + s.duplicates_skipped;
    }
  }
}

ingest::IngestRequest RequestFor(const PullOrigin& origin, std::string_view bytes, const std::string& file_name) {
  ingest::IngestRequest request;
  request.company = origin.company;
  request.bytes = bytes;
  request.origin.source = storage::UploadSource::kPull;
  request.origin.connection_id = origin.connection_id;
  request.origin.pull_id = origin.pull_id;
  if (!file_name.empty()) request.origin.file_name = file_name;
  request.log_label = "pull " + std::to_string(origin.pull_id);
  return request;
}

}  // namespace

Result<IngestCounts> IngestFetched(ingest::IngestService& ingest, const PullOrigin& origin,
                                   const FetchResult& fetched) {
  IngestCounts counts;
  for (const FetchedFile& file : fetched.files) {
    ++counts.files;
    auto result = ingest.Ingest(RequestFor(origin, file.bytes, file.name));
    if (!result) return result.take_error();
    Count(*result, file.name, counts);
  }
  if (!fetched.statements.empty()) {
    ++counts.files;
    const ParsedFile parsed{kRecordFormat, fetched.statements};
    const std::string bytes = api::ParsedFileToJson(parsed).dump();
    ingest::IngestRequest request = RequestFor(origin, bytes, "");
    request.format = kRecordFormat;
    request.records = &parsed;
    auto result = ingest.Ingest(request);
    if (!result) return result.take_error();
    Count(*result, kRecordFormat, counts);
  }
  return counts;
}

}  // namespace recon::bank_connections
