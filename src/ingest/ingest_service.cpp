#include "ingest/ingest_service.hpp"

#include <spdlog/spdlog.h>

#include "parsers/registry.hpp"
#include "recon/digest.hpp"
#include "util/phase_clock.hpp"

namespace recon::ingest {
namespace {

// A problem with the file or with what the caller named (an unknown profile) refuses the
// file; a problem of recond's own (the database, an unreadable profiles directory) does not:
// the file was not judged, and sending it again may well work.
bool RefusesTheFile(const Error& e) { return e.code != ErrorCode::kUnavailable && e.code != ErrorCode::kInternal; }

// Length of the well-formed UTF-8 sequence at the start of `s` (RFC 3629), 0 when there is none.
size_t Utf8SequenceLength(std::string_view s) {
  const auto byte = [&s](size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80) return 1;
  size_t n = lead >= 0xF0 && lead <= 0xF4 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 && lead < 0xE0 ? 2 : 0;
  if (n == 0 || s.size() < n) return 0;
  for (size_t i = 1; i < n; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return 0;
  }
  // Overlong forms, UTF-16 surrogates and code points beyond U+10FFFF.
  if ((lead == 0xE0 && byte(1) < 0xA0) || (lead == 0xED && byte(1) >= 0xA0) || (lead == 0xF0 && byte(1) < 0x90) ||
      (lead == 0xF4 && byte(1) >= 0x90)) {
    return 0;
  }
  return n;
}

// Text a caller sent (a file name, a format or profile name from the query), as a receipt
// keeps it: valid UTF-8 without control characters (others become '?'), at most
// kReceiptTextBytesMax bytes; nullopt when empty.
std::optional<std::string> ReceiptText(std::string_view text) {
  constexpr size_t kReceiptTextBytesMax = 255;
  std::string out;
  while (!text.empty() && out.size() < kReceiptTextBytesMax) {
    const size_t n = Utf8SequenceLength(text);
    const bool control = n == 1 && (static_cast<unsigned char>(text[0]) < 0x20 || text[0] == 0x7f);
    if (n == 0 || control || out.size() + n > kReceiptTextBytesMax) {
      out += '?';
      text.remove_prefix(n == 0 ? 1 : n);
      continue;
    }
    out.append(text.substr(0, n));
    text.remove_prefix(n);
  }
  if (out.empty()) return std::nullopt;
  return out;
}

// A sender's file name without the folders a browser may prefix (C:\Users\...\a.csv).
std::optional<std::string> FileNameOf(const std::optional<std::string>& name) {
  if (!name) return std::nullopt;
  std::string_view base(*name);
  const size_t slash = base.find_last_of("/\\");
  if (slash != std::string_view::npos) base.remove_prefix(slash + 1);
  return ReceiptText(base);
}

// The format a receipt of a refused file shows: the one named, else the one its bytes look like.
std::optional<std::string> FormatOfRefused(const IngestRequest& request) {
  if (!request.format.empty()) return ReceiptText(request.format);
  if (!request.profile.empty()) return std::string("csv");
  return ReceiptText(parsers::DetectFormat(request.bytes));
}

int64_t NewLines(const storage::IngestOutcome& outcome) {
  int64_t lines = 0;
  for (const auto& s : outcome.statements) lines += s.line_count;
  return lines;
}

}  // namespace

Result<IngestResult> IngestService::Ingest(const IngestRequest& request) {
  util::PhaseClock clock;
  const std::string sha256 = Sha256Hex(request.bytes);
  storage::NewReceipt receipt{request.company, request.origin, static_cast<int64_t>(request.bytes.size()), sha256,
                              ReceiptText(request.format), ReceiptText(request.profile)};
  receipt.origin.file_name = FileNameOf(request.origin.file_name);
  // The same bytes stored before: the same statements again, and a receipt that says so.
  auto existing = statements_.FindFile(request.company, sha256);
  if (!existing) return existing.take_error();
  if (*existing) {
    auto recorded = uploads_.RecordDuplicate(receipt);
    if (!recorded) return recorded.take_error();
    // Stored files are never deleted, so the receipt is always written; were one missing,
    // the file would be read and stored again below.
    if (*recorded) {
      spdlog::info("{}: file {} ({} bytes) was stored before; upload {}", request.log_label, sha256.substr(0, 16),
                   request.bytes.size(), **recorded);
      return IngestResult{IngestOutcomeKind::kDuplicate, **recorded, std::move(**existing), std::nullopt,
                          std::nullopt, 0};
    }
  }
  storage::ReceiptSlot slot{std::move(receipt), std::nullopt};
  if (request.bytes.size() >= settings_.pending_receipt_bytes_min) {
    auto opened = uploads_.Open(slot.receipt);
    if (!opened) return opened.take_error();
    slot.pending_id = *opened;
  }
  spdlog::debug("{}: file {} hashed and looked up in {} ms", request.log_label, sha256.substr(0, 16), clock.Lap());
  auto result = ReadAndStore(request, slot);
  if (!result) {
    if (auto failed = uploads_.Fail(slot, result.error()); !failed) {
      spdlog::warn("{}: the receipt of file {} could not say it failed: {}", request.log_label, sha256.substr(0, 16),
                   failed.error().message);
    }
  }
  return result;
}

Result<IngestResult> IngestService::ReadAndStore(const IngestRequest& request, const storage::ReceiptSlot& receipt) {
  util::PhaseClock clock;
  const std::string& sha256 = receipt.receipt.sha256;
  ParsedFile parsed;
  const ParsedFile* file = request.records;
  if (!file) {
    auto read = Parse(request);
    if (!read && !RefusesTheFile(read.error())) return read.take_error();
    if (!read) {
      spdlog::info("{}: file {} refused: {}", request.log_label, sha256.substr(0, 16), read.error().ToString());
      auto refused = uploads_.Refuse(receipt, request.bytes, FormatOfRefused(request), read.error());
      if (!refused) return refused.take_error();
      return IngestResult{IngestOutcomeKind::kRefused, *refused, {}, read.take_error(), std::nullopt, 0};
    }
    parsed = std::move(*read);
    file = &parsed;
  }
  size_t parsed_lines = 0;
  for (const Statement& s : file->statements) parsed_lines += s.lines.size();
  spdlog::info("{}: file {} ({} bytes) read as {}: {} statements, {} lines in {} ms", request.log_label,
               sha256.substr(0, 16), request.bytes.size(), file->format, file->statements.size(), parsed_lines,
               clock.Lap());
  auto stored = statements_.StoreFile(receipt, request.bytes, *file);
  if (!stored) return stored.take_error();
  const int64_t upload_id = stored->upload_id;
  if (!stored->created) {
    return IngestResult{IngestOutcomeKind::kDuplicate, upload_id, std::move(*stored), std::nullopt, std::nullopt, 0};
  }
  IngestResult result{IngestOutcomeKind::kStored, upload_id, std::move(*stored), std::nullopt, std::nullopt, 0};
  result.new_lines = NewLines(result.stored);
  metrics_.CountIngest(static_cast<int64_t>(result.stored.statements.size()), result.new_lines);
  // The file is stored whatever happens here: a run not queued is logged, and the next
  // upload or an explicit POST /v1/reconcile picks the lines up.
  if (settings_.auto_reconcile && result.new_lines > 0) {
    auto run = reconciler_.EnqueueAfterUpload(request.company);
    if (run) result.reconcile_run_id = *run;
    else spdlog::warn("{}: reconcile after the file not queued: {}", request.log_label, run.error().message);
  }
  // After the run, and a minute later, so that matching does not wait for them: the search
  // texts of the new statements. Until they are written a search reads those lines directly; a job not queued
  // is logged, and the maintenance job writes what is left.
  jobs::NewJob texts_job{kLineTextsJob, request.company};
  texts_job.delay = kLineTextsDelay;
  if (auto texts = jobs_.Enqueue(texts_job); !texts) {
    spdlog::warn("{}: search texts of the file not queued: {}", request.log_label, texts.error().message);
  }
  return result;
}

// The parse, within the configured limits, with the named profile found by the catalogue.
Result<ParsedFile> IngestService::Parse(const IngestRequest& request) const {
  if (request.bytes.empty()) {
    return MakeError(ErrorCode::kMalformedFile,
                     request.origin.source == storage::UploadSource::kUpload ? "the uploaded file is empty"
                                                                            : "the file is empty",
                     "byte 0");
  }
  ParseOptions options;
  options.format = request.format;
  options.file_bytes_max = settings_.file_bytes_max;
  options.statement_lines_max = settings_.statement_lines_max;
  options.xml_depth_max = settings_.xml_depth_max;
  options.archive_inflated_bytes_max = settings_.archive_inflated_bytes_max;
  options.archive_ratio_max = settings_.archive_ratio_max;
  options.archive_entries_max = settings_.archive_entries_max;
  options.archive_nesting_max = settings_.archive_nesting_max;
  options.csv_profile = request.profile;  // "auto" asks for the automatic mode by name
  if (!request.profile.empty() && request.profile != "auto") {
    auto profile = profiles_.Resolve(request.company, request.profile);
    if (!profile) return profile.take_error();
    options.csv_profile_json = std::move(profile->json);
  }
  // A profile says the file is CSV (or a ZIP archive of CSV files).
  if (!request.profile.empty() && options.format.empty()) options.format = "csv";
  return parsers::ParseStatementFile(request.bytes, options);
}

}  // namespace recon::ingest
