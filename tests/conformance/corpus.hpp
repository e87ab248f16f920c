// Access to ../shared/corpus for the conformance suite. scripts/test sets
// RECOND_CORPUS_DIR when the folder exists; without it, conformance tests skip.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace recon::conformance {

inline std::string CorpusDir() {
  const char* dir = std::getenv("RECOND_CORPUS_DIR");
  return dir ? dir : "";
}

// Every regular file under CorpusDir()/relative, sorted, as paths relative to CorpusDir().
inline std::vector<std::string> CorpusFiles(const std::string& relative) {
  std::vector<std::string> out;
  const std::filesystem::path root(CorpusDir());
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(root / relative, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file()) out.push_back(std::filesystem::relative(it->path(), root).string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

inline std::string ReadCorpusFile(const std::string& relative) {
  std::ifstream in(std::filesystem::path(CorpusDir()) / relative, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace recon::conformance
