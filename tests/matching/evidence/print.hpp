// Readable gtest output for the evidence types.
#pragma once

#include <ostream>

#include "matching/evidence/references.hpp"

namespace recon::matching {

inline void PrintTo(const StructuredReference& r, std::ostream* os) {
  *os << ReferenceKindName(r.kind) << ":" << r.canonical;
}

}  // namespace recon::matching
