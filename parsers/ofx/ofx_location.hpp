// Places in an OFX file, as a finance clerk reads them in an editor.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace recon::ofx {

// "line N, column C" of `offset` in `text`: lines counted from 1 at each '\n', columns in
// characters (UTF-8 sequences) from 1. An offset past the end names the end of the text.
std::string LineColumn(std::string_view text, size_t offset);

// "line N" of `offset` in `text`.
std::string LineOnly(std::string_view text, size_t offset);

}  // namespace recon::ofx
