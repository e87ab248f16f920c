#include "connectors/files/safe_open.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>

namespace recon::connectors {
namespace {

constexpr size_t kRelativePathBytesMax = 1024;

std::string Why(int err) {
  return std::strerror(err);
}

struct CloseDir {
  void operator()(DIR* d) const { closedir(d); }
};

struct Free {
  void operator()(char* p) const { std::free(p); }
};

std::vector<std::string> Components(const std::string& relative) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= relative.size()) {
    const size_t slash = relative.find('/', start);
    const std::string part = relative.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    if (!part.empty()) out.push_back(part);
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return out;
}

// openat2 beneath `root_fd`: no "..", no absolute path, no symbolic link on the way. -1 with errno
// ENOSYS when the kernel (or a seccomp filter) does not offer it.
int OpenBeneath(int root_fd, const std::string& relative) {
#ifdef SYS_openat2
  struct open_how how {};
  how.flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
  const long fd = syscall(SYS_openat2, root_fd, relative.c_str(), &how, sizeof how);
  if (fd < 0 && errno == EPERM) errno = ENOSYS;  // a seccomp filter that refuses the call itself
  return static_cast<int>(fd);
#else
  (void)root_fd;
  (void)relative;
  errno = ENOSYS;
  return -1;
#endif
}

// The same without openat2: one component at a time, each opened as a directory without
// following a link. CheckRelativePath has refused "." and "..".
int OpenBeneathByHand(int root_fd, const std::string& relative) {
  UniqueFd current(fcntl(root_fd, F_DUPFD_CLOEXEC, 0));
  if (!current) return -1;
  for (const std::string& name : Components(relative)) {
    UniqueFd next(openat(current.get(), name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!next) {
      // With O_DIRECTORY a link says "not a directory"; say what it is, as openat2 does.
      const int err = errno;
      struct stat st {};
      const bool link =
          err == ENOTDIR && fstatat(current.get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode);
      errno = link ? ELOOP : err;
      return -1;
    }
    current = std::move(next);
  }
  return current.release();
}

Error OpenError(int err, const std::string& root_name, const std::string& relative) {
  const std::string where = relative.empty() ? "directory root '" + root_name + "'"
                                             : "'" + relative + "' in directory root '" + root_name + "'";
  switch (err) {
    case ELOOP:
      return MakeError(ErrorCode::kInvalidRequest,
                       where + " goes through a symbolic link; recond does not follow links in a directory root");
    case EXDEV:
      return MakeError(ErrorCode::kInvalidRequest, where + " leads out of its root");
    case ENOTDIR:
      return MakeError(ErrorCode::kInvalidRequest, where + " is not a folder");
    case ENOENT:
      return MakeError(ErrorCode::kUnavailable, "there is no folder " + where);
    default:
      return MakeError(ErrorCode::kUnavailable, "cannot open " + where + ": " + Why(err));
  }
}

}  // namespace

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.release();
  }
  return *this;
}

UniqueFd::~UniqueFd() {
  if (fd_ >= 0) ::close(fd_);
}

Status CheckRelativePath(const std::string& relative) {
  if (relative.size() > kRelativePathBytesMax)
    return MakeError(ErrorCode::kInvalidRequest, "is longer than " + std::to_string(kRelativePathBytesMax) + " bytes");
  if (relative.find('\0') != std::string::npos) return MakeError(ErrorCode::kInvalidRequest, "contains a NUL byte");
  if (!relative.empty() && relative[0] == '/')
    return MakeError(ErrorCode::kInvalidRequest,
                     "must be relative to the directory root; absolute paths are not accepted from the API");
  for (const std::string& part : Components(relative)) {
    if (part == "..") return MakeError(ErrorCode::kInvalidRequest, "must not contain '..'");
    if (part == ".") return MakeError(ErrorCode::kInvalidRequest, "must not contain '.' components");
  }
  return Status::Ok();
}

namespace {

Result<UniqueFd> OpenDirectory(const std::string& root_name, const std::string& root_path, const std::string& relative,
                               bool kernel_resolves) {
  if (Status s = CheckRelativePath(relative); !s)
    return MakeError(ErrorCode::kInvalidRequest, "path " + s.error().message);
  std::unique_ptr<char, Free> canonical(realpath(root_path.c_str(), nullptr));
  if (!canonical) return OpenError(errno, root_name, "");
  UniqueFd root(open(canonical.get(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (!root) return OpenError(errno, root_name, "");
  if (Components(relative).empty()) return root;
  int fd = -1;
  errno = ENOSYS;
  if (kernel_resolves) fd = OpenBeneath(root.get(), relative);
  if (fd < 0 && errno == ENOSYS) fd = OpenBeneathByHand(root.get(), relative);
  if (fd < 0) return OpenError(errno, root_name, relative);
  return UniqueFd(fd);
}

}  // namespace

Result<UniqueFd> OpenDirectoryBeneath(const std::string& root_name, const std::string& root_path,
                                      const std::string& relative) {
  return OpenDirectory(root_name, root_path, relative, /*kernel_resolves=*/true);
}

Result<UniqueFd> OpenDirectoryBeneathByHand(const std::string& root_name, const std::string& root_path,
                                            const std::string& relative) {
  return OpenDirectory(root_name, root_path, relative, /*kernel_resolves=*/false);
}

Result<std::vector<std::string>> ListDirectory(int dir_fd) {
  // fdopendir takes the descriptor it is given: hand it a copy, so the caller's stays open.
  UniqueFd copy(fcntl(dir_fd, F_DUPFD_CLOEXEC, 0));
  if (!copy) return MakeError(ErrorCode::kUnavailable, "cannot list the folder: " + Why(errno));
  std::unique_ptr<DIR, CloseDir> dir(fdopendir(copy.get()));
  if (!dir) return MakeError(ErrorCode::kUnavailable, "cannot list the folder: " + Why(errno));
  copy.release();
  rewinddir(dir.get());
  std::vector<std::string> names;
  errno = 0;
  while (const dirent* entry = readdir(dir.get())) {
    const std::string name = entry->d_name;
    if (name != "." && name != "..") names.push_back(name);
    errno = 0;
  }
  if (errno != 0) return MakeError(ErrorCode::kUnavailable, "cannot list the folder: " + Why(errno));
  return names;
}

Result<std::optional<std::string>> ReadRegularFileAt(int dir_fd, const std::string& name, size_t bytes_max) {
  // O_NONBLOCK: a FIFO someone left in the folder must not hang the pull before fstat sees it.
  UniqueFd fd(openat(dir_fd, name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
  if (!fd) {
    if (errno == ELOOP || errno == ENXIO || errno == EISDIR) return std::optional<std::string>();
    return MakeError(ErrorCode::kUnavailable, "cannot open " + name + ": " + Why(errno));
  }
  struct stat st {};
  if (fstat(fd.get(), &st) != 0) return MakeError(ErrorCode::kUnavailable, "cannot read " + name + ": " + Why(errno));
  if (!S_ISREG(st.st_mode)) return std::optional<std::string>();
  if (static_cast<uint64_t>(st.st_size) > bytes_max)
    return MakeError(ErrorCode::kLimitExceeded, name + " is larger than file_bytes_max");
  std::string bytes;
  bytes.reserve(static_cast<size_t>(st.st_size));
  char buf[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n < 0) return MakeError(ErrorCode::kUnavailable, "cannot read " + name + ": " + Why(errno));
    if (n == 0) break;
    bytes.append(buf, static_cast<size_t>(n));
    // It grew while being read: the limit holds for what is read, not only for what fstat said.
    if (bytes.size() > bytes_max) return MakeError(ErrorCode::kLimitExceeded, name + " is larger than file_bytes_max");
  }
  return std::optional<std::string>(std::move(bytes));
}

Result<std::string> ReadConfiguredFile(const std::string& what, const std::string& path, size_t bytes_max) {
  std::unique_ptr<char, Free> canonical(realpath(path.c_str(), nullptr));
  if (!canonical)
    return MakeError(ErrorCode::kInvalidRequest, "the certificate file '" + what + "' cannot be found: " + Why(errno));
  const std::string full = canonical.get();
  const size_t slash = full.rfind('/');
  UniqueFd dir(open(slash == 0 ? "/" : full.substr(0, slash).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dir)
    return MakeError(ErrorCode::kInvalidRequest, "the certificate file '" + what + "' cannot be read: " + Why(errno));
  auto read = ReadRegularFileAt(dir.get(), full.substr(slash + 1), bytes_max);
  if (!read) {
    return MakeError(ErrorCode::kInvalidRequest,
                     "the certificate file '" + what + "' cannot be read" +
                         (read.error().code == ErrorCode::kLimitExceeded
                              ? ": it is larger than " + std::to_string(bytes_max) + " bytes"
                              : ""));
  }
  if (!*read) return MakeError(ErrorCode::kInvalidRequest, "the certificate file '" + what + "' is not a regular file");
  return std::move(**read);
}

}  // namespace recon::connectors
