#include "api/multipart.hpp"

#include <string>

namespace recon::api {
namespace {

std::string_view Boundary(std::string_view content_type) {
  const size_t at = content_type.find("boundary=");
  if (at == std::string_view::npos) return {};
  std::string_view b = content_type.substr(at + 9);
  const size_t end = b.find(';');
  if (end != std::string_view::npos) b = b.substr(0, end);
  if (b.size() >= 2 && b.front() == '"' && b.back() == '"') b = b.substr(1, b.size() - 2);
  return b;
}

// The form field name of a part from its headers.
std::string_view PartName(std::string_view headers) {
  size_t at = 0;
  while ((at = headers.find("name=", at)) != std::string_view::npos) {
    // Skip "filename=".
    if (at >= 4 && headers.substr(at - 4, 4) == "file") {
      at += 5;
      continue;
    }
    std::string_view rest = headers.substr(at + 5);
    if (!rest.empty() && rest.front() == '"') {
      const size_t close = rest.find('"', 1);
      return close == std::string_view::npos ? std::string_view() : rest.substr(1, close - 1);
    }
    const size_t end = rest.find_first_of("; \r\n");
    return rest.substr(0, end);
  }
  return {};
}

// The filename parameter of a part's Content-Disposition, quoted or not; "" when none.
std::string_view PartFilename(std::string_view headers) {
  const size_t at = headers.find("filename=");
  if (at == std::string_view::npos) return {};
  std::string_view rest = headers.substr(at + 9);
  if (!rest.empty() && rest.front() == '"') {
    const size_t close = rest.find('"', 1);
    return close == std::string_view::npos ? std::string_view() : rest.substr(1, close - 1);
  }
  return rest.substr(0, rest.find_first_of("; \r\n"));
}

}  // namespace

Result<std::string_view> MultipartPart(std::string_view content_type, std::string_view body, std::string_view name) {
  auto part = MultipartFile(content_type, body, name);
  if (!part) return part.take_error();
  return part->content;
}

Result<MultipartFilePart> MultipartFile(std::string_view content_type, std::string_view body, std::string_view name) {
  const std::string_view boundary = Boundary(content_type);
  if (boundary.empty()) return MakeError(ErrorCode::kInvalidRequest, "multipart/form-data without a boundary");
  const std::string delimiter = "--" + std::string(boundary);
  size_t pos = body.find(delimiter);
  while (pos != std::string_view::npos) {
    size_t start = pos + delimiter.size();
    if (body.substr(start, 2) == "--") break;  // the closing delimiter
    if (body.substr(start, 2) == "\r\n") start += 2;
    const size_t headers_end = body.find("\r\n\r\n", start);
    if (headers_end == std::string_view::npos) break;
    const std::string_view headers = body.substr(start, headers_end - start);
    const size_t content_start = headers_end + 4;
    const size_t next = body.find("\r\n" + delimiter, content_start);
    if (next == std::string_view::npos) break;
    if (PartName(headers) == name) return MultipartFilePart{body.substr(content_start, next - content_start),
                                                            PartFilename(headers)};
    pos = next + 2;
  }
  return MakeError(ErrorCode::kInvalidRequest, "the multipart body has no part named '" + std::string(name) + "'");
}

}  // namespace recon::api
