// `recond parse` and `recond match`: the pure modules at a terminal, no database.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include <nlohmann/json.hpp>

#include "api/json_codec.hpp"
#include "cli/commands.hpp"
#include "config/config.hpp"
#include "ingest/csv_profiles.hpp"
#include "matching/engine.hpp"
#include "matching/evidence/counterparty.hpp"
#include "parsers/registry.hpp"
#include "recon/json.hpp"

namespace recon::cli {

bool ReadFile(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "recond: cannot open %s\n", path.c_str());
    return false;
  }
  std::ostringstream text;
  text << in.rdbuf();
  out = std::move(text).str();
  return true;
}

std::string FlagValue(const std::vector<std::string>& args, const std::string& flag) {
  for (size_t i = 0; i + 1 < args.size(); ++i) {
    if (args[i] == flag) return args[i + 1];
  }
  return "";
}

namespace {

// Positional arguments: everything that is not a flag or a flag's value.
std::vector<std::string> Positional(const std::vector<std::string>& args, const std::vector<std::string>& flags) {
  std::vector<std::string> out;
  for (size_t i = 0; i < args.size(); ++i) {
    bool is_flag = false;
    for (const auto& f : flags) is_flag = is_flag || args[i] == f;
    if (is_flag) {
      ++i;
      continue;
    }
    out.push_back(args[i]);
  }
  return out;
}

void PrintError(const std::string& file, const Error& e) {
  std::fprintf(stderr, "recond: %s: %s\n", file.c_str(), e.ToString().c_str());
}

// The configuration `recond serve` would read (--config FILE, the RECOND_* variables); a
// problem with it is said on stderr.
std::optional<config::Config> LoadConfig(const std::vector<std::string>& args) {
  auto cfg = config::Load(FlagValue(args, "--config"), config::ProcessEnvironment());
  if (!cfg) {
    std::fprintf(stderr, "recond: %s\n", cfg.error().ToString().c_str());
    return std::nullopt;
  }
  return std::move(*cfg);
}

// The archive limits as `recond serve` applies them to uploads and pulls.
void ApplyArchiveLimits(const config::Config& cfg, ParseOptions& options) {
  options.archive_inflated_bytes_max = cfg.archive_inflated_bytes_max;
  options.archive_ratio_max = cfg.archive_ratio_max;
  options.archive_entries_max = cfg.archive_entries_max;
  options.archive_nesting_max = cfg.archive_nesting_max;
}

// The profile --profile names, into `options`: a profile file by its path (a value with a '/'
// or ending in .json), else a name found in csv_profiles_dir (--config or
// RECOND_CSV_PROFILES_DIR) or among the shipped profiles. "auto" is the automatic mode.
// Returns an exit status, kExitOk when the profile was found.
int LoadProfile(const config::Config& cfg, std::string_view value, ParseOptions& options) {
  options.csv_profile = std::string(value);
  if (value.empty() || value == "auto") return kExitOk;
  if (value.find('/') != std::string_view::npos || value.ends_with(".json")) {
    if (!ReadFile(options.csv_profile, options.csv_profile_json)) return kExitBadInput;
    options.csv_profile = std::filesystem::path(value).stem().string();
    return kExitOk;
  }
  const ingest::CsvProfileCatalogue catalogue(cfg.csv_profiles_dir, /*stored=*/nullptr);
  auto profile = catalogue.Resolve("", options.csv_profile);
  if (!profile) {
    std::fprintf(stderr, "recond: --profile %s\n", profile.error().message.c_str());
    return profile.error().code == ErrorCode::kInternal ? kExitFailure : kExitBadInput;
  }
  options.csv_profile_json = std::move(profile->json);
  return kExitOk;
}

// The lines of a parsed file as the matcher takes them, numbered on after `lines` (in file
// order across all files), each with its payer keys.
void AddLinesToMatch(ParsedFile& parsed, std::vector<matching::LineToMatch>& lines) {
  for (Statement& s : parsed.statements) {
    for (StatementLine& l : s.lines) {
      PayerKeys keys = matching::PayerKeysOf(l);
      lines.push_back({static_cast<int64_t>(lines.size() + 1), std::move(l), std::move(keys)});
    }
  }
}

}  // namespace

int Parse(const std::vector<std::string>& args) {
  const auto files = Positional(args, {"--format", "--profile", "--config"});
  if (files.size() != 1) {
    std::fprintf(stderr, "usage: recond parse FILE [--format F] [--profile NAME|FILE.json] [--config FILE]\n");
    return kExitBadInput;
  }
  std::string bytes;
  if (!ReadFile(files[0], bytes)) return kExitBadInput;
  ParseOptions options;
  options.format = FlagValue(args, "--format");
  // The limits and profiles as `recond serve` would apply them (--config, RECOND_*).
  auto cfg = LoadConfig(args);
  if (!cfg) return kExitFailure;
  ApplyArchiveLimits(*cfg, options);
  const std::string profile = FlagValue(args, "--profile");
  if (int status = LoadProfile(*cfg, profile, options); status != kExitOk) return status;
  // A profile says the file is CSV (or a ZIP archive of CSV files), as on upload.
  if (!options.csv_profile.empty() && options.format.empty()) options.format = "csv";
  auto parsed = parsers::ParseStatementFile(bytes, options);
  if (!parsed) {
    PrintError(files[0], parsed.error());
    return kExitBadInput;
  }
  std::cout << api::ParsedFileToJson(*parsed).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  return kExitOk;
}

int Match(const std::vector<std::string>& args) {
  const std::string items_path = FlagValue(args, "--open-items");
  const auto files = Positional(args, {"--open-items", "--format", "--config"});
  if (items_path.empty() || files.empty()) {
    std::fprintf(stderr, "usage: recond match --open-items ITEMS.json STATEMENT_FILE...\n");
    return kExitBadInput;
  }
  std::string items_text;
  if (!ReadFile(items_path, items_text)) return kExitBadInput;
  auto parsed = ParseJson(items_text, kJsonAnyLength, "the open items file");
  if (!parsed) {
    PrintError(items_path, parsed.error());
    return kExitBadInput;
  }
  const nlohmann::json items_json = std::move(*parsed);
  if (!items_json.is_array()) {
    std::fprintf(stderr, "recond: %s: not a JSON array of open items\n", items_path.c_str());
    return kExitBadInput;
  }
  std::vector<OpenItem> items;
  for (size_t i = 0; i < items_json.size(); ++i) {
    auto item = api::OpenItemFromJson(items_json[i], "main", "item " + std::to_string(i));
    if (!item) {
      PrintError(items_path, item.error());
      return kExitBadInput;
    }
    item->id = static_cast<int64_t>(i + 1);
    items.push_back(std::move(*item));
  }
  // Lines are numbered in file order across all files; the decisions name them by that number.
  std::vector<matching::LineToMatch> lines;
  ParseOptions options;
  options.format = FlagValue(args, "--format");
  auto cfg = LoadConfig(args);
  if (!cfg) return kExitFailure;
  ApplyArchiveLimits(*cfg, options);
  for (const std::string& path : files) {
    std::string bytes;
    if (!ReadFile(path, bytes)) return kExitBadInput;
    auto parsed = parsers::ParseStatementFile(bytes, options);
    if (!parsed) {
      PrintError(path, parsed.error());
      return kExitBadInput;
    }
    AddLinesToMatch(*parsed, lines);
  }
  const matching::OpenItemIndex index(std::move(items));
  const auto decisions = matching::MatchAll(lines, index);
  nlohmann::json out = nlohmann::json::array();
  for (const MatchDecision& d : decisions) {
    nlohmann::json line_refs = nlohmann::json::array();
    for (size_t i = 0; i < d.line_ids.size(); ++i) {
      const StatementLine& l = lines[static_cast<size_t>(d.line_ids[i] - 1)].line;
      line_refs.push_back({{"line", d.line_ids[i]},
                           {"bank_reference", l.bank_reference ? nlohmann::json(*l.bank_reference) : nullptr},
                           {"amount", api::AmountText(d.line_amounts[i], d.currency)}});
    }
    nlohmann::json allocations = nlohmann::json::array();
    for (const Allocation& a : d.allocations) {
      allocations.push_back({{"external_id", a.external_id}, {"amount", api::AmountText(a.amount, d.currency)}});
    }
    out.push_back({{"outcome", d.outcome == MatchOutcome::kApply ? "apply" : "propose"},
                   {"rule", d.rule},
                   {"confidence", d.confidence},
                   {"explanation", d.explanation},
                   {"currency", d.currency},
                   {"lines", line_refs},
                   {"allocations", allocations},
                   {"write_off", d.write_off ? nlohmann::json{{"amount", api::AmountText(d.write_off->amount, d.currency)},
                                                              {"account", d.write_off->account}}
                                             : nlohmann::json(nullptr)}});
  }
  std::cout << nlohmann::json{{"lines", lines.size()}, {"decisions", out}}.dump(2, ' ', false,
                                                                                   nlohmann::json::error_handler_t::replace)
            << "\n";
  return kExitOk;
}

}  // namespace recon::cli
