// Opening host files whose place an API caller helps choose, without letting the caller reach
// anything else: a directory root and the certificate files come from the server configuration;
// an API caller only names one of them and, for a root, a relative path beneath it. Paths are
// resolved beneath their root by the kernel (openat2 with RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS),
// or, on a kernel without openat2, one component at a time with O_NOFOLLOW; files are opened
// with O_NOFOLLOW, so a symbolic link placed inside a root (pointing at /etc, say) is never
// followed. What a path or open error says names the root by its configured name, never its
// host path, since pull errors reach API callers.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "recon/error.hpp"

namespace recon::connectors {

// An open file descriptor, closed when this goes. Move-only.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd();

  int get() const { return fd_; }
  int release() {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }
  explicit operator bool() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

// A relative path from an API caller: "" (the root itself) or names separated by '/', none of
// them "." or "..", not absolute, no NUL, at most 1024 bytes. kInvalidRequest saying which rule
// it breaks (the caller prefixes the field's name).
Status CheckRelativePath(const std::string& relative);

// The configured directory `root_path` (absolute; links in it are the operator's and are
// resolved), then `relative` beneath it with no symbolic link anywhere on the way and no way out.
// `root_name` is used in messages. Errors: kInvalidRequest (a bad relative path, a link on the
// way, something that is not a directory), kUnavailable (the folder does not exist or cannot be
// opened now).
Result<UniqueFd> OpenDirectoryBeneath(const std::string& root_name, const std::string& root_path,
                                      const std::string& relative);

// The same, always by the walk used on a kernel without openat2 (one openat with O_NOFOLLOW |
// O_DIRECTORY per component). Exposed for tests: this machine's kernel has openat2.
Result<UniqueFd> OpenDirectoryBeneathByHand(const std::string& root_name, const std::string& root_path,
                                            const std::string& relative);

// The names in an open directory (not "." and ".."), in no particular order.
Result<std::vector<std::string>> ListDirectory(int dir_fd);

// The file `name` (one component) of `dir_fd`, read whole when it is a regular file: nullopt when
// it is a symbolic link, a directory, a FIFO, a device or a socket (never followed, never read),
// kLimitExceeded when it is larger than `bytes_max`, kUnavailable when it cannot be read.
Result<std::optional<std::string>> ReadRegularFileAt(int dir_fd, const std::string& name, size_t bytes_max);

// A file named in the server configuration, read whole: its path canonicalised (the operator's
// links, such as a Kubernetes secret volume's, resolved), then opened without following a link
// and read up to `bytes_max`. kInvalidRequest naming `what` (the configured name) when it cannot
// be read, is not a regular file or is larger.
Result<std::string> ReadConfiguredFile(const std::string& what, const std::string& path, size_t bytes_max);

}  // namespace recon::connectors
