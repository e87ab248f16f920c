// zip_bench: what ZIP uploads cost the parser. A program to run by hand in a Release build:
//   zip_bench write DIR      writes DIR/bomb.zip (the nested bomb of issue 11, 7.5 MB) and
//                            DIR/statements.zip (16 generated statement files, deflated)
//   zip_bench seeds DIR      writes small archives of every shape the reader must handle
//                            (bombs scaled down, broken and hostile records) into DIR,
//                            the seed corpus of tests/fuzz/zip/
//   zip_bench parse FILE [N] parses FILE N times (default 3) with the default ParseOptions and
//                            prints the outcome, the best CPU and wall seconds, and MB/s of
//                            what the archive unpacks to (its declared sizes)
// `recond parse FILE` costs the same plus printing the JSON; this program leaves that out,
// so that readers can be compared by their own cost.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>

#include "bench/generators.hpp"
#include "parsers/registry.hpp"
#include "parsers/zip/zip_bombs.hpp"
#include "parsers/zip/zip_writer.hpp"

namespace {

using recon::testing::NestedBomb;
using recon::testing::WriteZip;
using recon::testing::ZipFile;

double CpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

bool Write(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
  std::printf("%s: %zu bytes\n", path.c_str(), bytes.size());
  return static_cast<bool>(out);
}

int WriteSamples(const std::string& dir) {
  const std::string bomb = NestedBomb();
  if (!Write(dir + "/bomb.zip", bomb)) return 1;
  // Eight days of camt.053 and eight of MT940, 20,000 lines each: a month of a busy account.
  std::vector<ZipFile> files;
  for (int day = 1; day <= 8; ++day) {
    files.push_back({"camt/day" + std::to_string(day) + ".xml", recon::bench::GenerateCamt053(20000, day % 2 == 0), 8});
    files.push_back({"mt940/day" + std::to_string(day) + ".sta", recon::bench::GenerateMt940(20000), 8});
  }
  return Write(dir + "/statements.zip", WriteZip(files)) ? 0 : 1;
}

// Seeds for the ZIP fuzz target: each shape small enough to replay in milliseconds.
int WriteSeeds(const std::string& dir) {
  using recon::testing::Padded;
  using recon::testing::TinyCamt;
  const std::string camt = TinyCamt();
  auto with = [](ZipFile f, auto&& change) {
    change(f);
    return f;
  };
  const std::string inner = WriteZip({{"day1.xml", camt, 8}});
  const std::pair<const char*, std::string> seeds[] = {
      {"mixed_formats.zip", WriteZip({{"a.xml", recon::bench::GenerateCamt053(3, true), 8},
                                      {"b.sta", recon::bench::GenerateMt940(3), 8},
                                      {"c.ofx", recon::bench::GenerateOfx(3)},
                                      {"d.csv", recon::bench::GenerateCsv(3), 8}})},
      {"nested.zip", WriteZip({{"inner.zip", inner, 8}, {"day2.xml", camt}})},
      {"nested_deeper.zip", WriteZip({{"outer.zip", WriteZip({{"inner.zip", inner}})}})},
      {"nested_bomb_small.zip", NestedBomb(recon::testing::NestedBombShape{2, 3, 64u << 10})},
      {"padded_member.zip", WriteZip({{"day1.xml", Padded(camt, 64u << 10), 8}})},
      {"quoted_overlap.zip", recon::testing::QuotedOverlapBomb(Padded(camt, 32u << 10))},
      {"duplicate_names.zip", WriteZip({{"day1.xml", camt}, {"day1.xml", camt, 8}})},
      {"directory_with_data.zip", WriteZip({{"2026/", camt}, {"2026/day1.xml", camt}})},
      {"macos_metadata.zip", WriteZip({{"__MACOSX/._day1.xml", std::string("\x00\x05\x16\x07junk", 8)},
                                       {"._day2.xml", camt},
                                       {".DS_Store", std::string("\x00\x00\x00\x01" "Bud1", 8)},
                                       {"day1.xml", camt}})},
      {"bad_crc.zip", WriteZip({with(ZipFile("day1.xml", camt, 8), [](ZipFile& f) { f.crc = 1; })})},
      {"encrypted_flag.zip", WriteZip({with(ZipFile("day1.xml", camt), [](ZipFile& f) { f.flags = 1; })})},
      {"understated_size.zip", WriteZip({with(ZipFile("day1.xml", camt, 8), [](ZipFile& f) { f.declared_size = 10; })})},
      {"bzip2_method.zip", WriteZip({{"day1.xml", camt, 12}})},
      {"empty.zip", WriteZip({})},
  };
  for (const auto& [name, bytes] : seeds) {
    if (!Write(dir + "/" + name, bytes)) return 1;
  }
  return 0;
}

int ParseFile(const std::string& path, int runs) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot open %s\n", path.c_str());
    return 1;
  }
  std::stringstream text;
  text << in.rdbuf();
  const std::string bytes = text.str();
  double best_cpu = 1e30, best_wall = 1e30;
  std::string outcome;
  for (int i = 0; i < runs; ++i) {
    const double cpu0 = CpuSeconds();
    const auto wall0 = std::chrono::steady_clock::now();
    auto parsed = recon::parsers::ParseStatementFile(bytes, recon::ParseOptions());
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
    const double cpu = CpuSeconds() - cpu0;
    best_cpu = std::min(best_cpu, cpu);
    best_wall = std::min(best_wall, wall);
    if (parsed) {
      size_t lines = 0;
      for (const auto& s : parsed->statements) lines += s.lines.size();
      outcome = "read " + std::to_string(parsed->statements.size()) + " statements, " + std::to_string(lines) +
                " lines (" + parsed->format + ")";
    } else {
      outcome = "refused: " + parsed.error().ToString();
    }
  }
  std::printf("%s: %zu bytes, %s\n  best of %d: %.3f s CPU, %.3f s wall\n", path.c_str(), bytes.size(),
              outcome.c_str(), runs, best_cpu, best_wall);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "write" && argc == 3) return WriteSamples(argv[2]);
  if (mode == "seeds" && argc == 3) return WriteSeeds(argv[2]);
  if (mode == "parse" && (argc == 3 || argc == 4)) return ParseFile(argv[2], argc == 4 ? std::atoi(argv[3]) : 3);
  std::fprintf(stderr, "usage: zip_bench write DIR | zip_bench seeds DIR | zip_bench parse FILE [RUNS]\n");
  return 2;
}
