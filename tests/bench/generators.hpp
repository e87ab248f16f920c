// In-memory generators of large statement files for the parse benchmark.
//
// Each writes `lines` statement lines shaped like the ones ../shared/scenario/gen.py
// writes (names, IBANs, end-to-end ids, RF references, invoice texts), so that the
// figures say something about real files. The same `lines` always gives the same bytes.
#pragma once

#include <cstddef>
#include <string>

namespace recon::bench {

// camt.053.001.08, one <Ntry> per line. `indented` writes one element per line with
// two-space indentation, as many banks do; otherwise one entry per line, as gen.py does.
std::string GenerateCamt053(size_t lines, bool indented);

// SWIFT MT940 with :61:/:86: pairs and the slash-keyword :86: dialect (/EREF/ /NAME/ ...).
std::string GenerateMt940(size_t lines);

// OFX 1.x (SGML headers, unclosed leaf tags), one STMTTRN per line.
std::string GenerateOfx(size_t lines);

// CSV with a header row: ISO dates, a signed amount with a decimal point, ';' separated.
std::string GenerateCsv(size_t lines);

}  // namespace recon::bench
