// Finds one part of a multipart/form-data body (RFC 7578) without copying it.
#pragma once

#include <string_view>

#include "recon/error.hpp"

namespace recon::api {

// The content of the part named `name` in `body`, given the request's Content-Type
// (which carries the boundary). The view points into `body`.
// kInvalidRequest when the boundary is missing, the body is not well-formed or no part has the name.
Result<std::string_view> MultipartPart(std::string_view content_type, std::string_view body, std::string_view name);

// A file part: its content and the filename its Content-Disposition gives ("" when none).
struct MultipartFilePart {
  std::string_view content;
  std::string_view filename;
};
// MultipartPart, with the part's filename. The views point into `body`.
Result<MultipartFilePart> MultipartFile(std::string_view content_type, std::string_view body, std::string_view name);

}  // namespace recon::api
