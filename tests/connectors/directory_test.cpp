// Issue 11, point 10: the directory connector read any folder an API caller named
// (settings.path = "/etc" read 74 host files). Now the folder is one of the configured
// directory_roots, named by settings.root, plus a relative path that cannot leave it; links are
// never followed, neither on the way to the folder nor to a file in it.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include "connectors/directory/directory_connector.hpp"
#include "connectors/files/safe_open.hpp"
#include "connectors/registry.hpp"
#include "test_util.hpp"

namespace recon::connectors {
namespace {

class Directory : public ::testing::Test {
 protected:
  Directory() : root_("root"), outside_("outside") {
    secret_ = outside_.Write("secret.txt", "host file: never to be read");
    context_.directory_roots = {{"inbox", root_.path()}};
  }

  Result<std::unique_ptr<Connector>> Make(const nlohmann::json& settings) const {
    return BuiltinConnectors().Create("directory", settings, context_);
  }

  testing::ScratchDir root_;
  testing::ScratchDir outside_;
  std::string secret_;
  ConnectorContext context_;
};

TEST_F(Directory, RegularFilesOfTheNamedRootInNameOrder) {
  root_.Write("b.sta", "second");
  root_.Write("a.sta", "first");
  root_.Write("sub/c.sta", "in a subfolder: not taken from the root");
  auto c = Make({{"root", "inbox"}});
  ASSERT_TRUE(c.ok()) << c.error().message;
  auto r = (*c)->Fetch("");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->files.size(), 2u);
  EXPECT_EQ(r->files[0].name, "a.sta");
  EXPECT_EQ(r->files[0].bytes, "first");
  EXPECT_EQ(r->next_cursor, "b.sta");
  EXPECT_TRUE((*c)->Fetch(r->next_cursor)->files.empty());

  auto sub = Make({{"root", "inbox"}, {"path", "sub"}});
  ASSERT_TRUE(sub.ok());
  auto in_sub = (*sub)->Fetch("");
  ASSERT_TRUE(in_sub.ok()) << in_sub.error().message;
  ASSERT_EQ(in_sub->files.size(), 1u);
  EXPECT_EQ(in_sub->files[0].name, "c.sta");
}

TEST_F(Directory, APathFromTheApiCannotNameAHostFolder) {
  struct Case {
    nlohmann::json settings;
    const char* says;
  } cases[] = {
      {{{"path", "/etc"}}, "root must name one of the server's directory_roots (inbox); settings.path is now relative"},
      {{{"root", "elsewhere"}}, "root 'elsewhere' is not one of the server's directory_roots (inbox)"},
      {{{"root", "inbox"}, {"path", "/etc"}}, "path must be relative to the directory root"},
      {{{"root", "inbox"}, {"path", ".."}}, "path must not contain '..'"},
      {{{"root", "inbox"}, {"path", "sub/../../outside"}}, "path must not contain '..'"},
      {{{"root", "inbox"}, {"path", "./sub"}}, "path must not contain '.' components"},
      {{{"root", "inbox"}, {"path", 7}}, "path must be a relative path"},
      {{{"root", "inbox"}, {"file_bytes_max", 0}}, "file_bytes_max must be a positive whole number"},
  };
  for (const Case& c : cases) {
    auto made = Make(c.settings);
    ASSERT_FALSE(made.ok()) << c.settings.dump();
    EXPECT_EQ(made.error().code, ErrorCode::kInvalidRequest);
    EXPECT_EQ(made.error().message.rfind(c.says, 0), 0u) << made.error().message;
  }
  ConnectorContext none;
  auto unconfigured = BuiltinConnectors().Create("directory", {{"root", "inbox"}}, none);
  ASSERT_FALSE(unconfigured.ok());
  EXPECT_NE(unconfigured.error().message.find("none are configured"), std::string::npos);
}

TEST_F(Directory, ALinkInsideTheRootIsNeverFollowed) {
  root_.Write("a.sta", "statement");
  ASSERT_EQ(symlink(secret_.c_str(), (root_.path() + "/b.sta").c_str()), 0);
  ASSERT_EQ(symlink("/etc/passwd", (root_.path() + "/c.sta").c_str()), 0);
  ASSERT_EQ(mkfifo((root_.path() + "/d.fifo").c_str(), 0600), 0);  // would block a reader that opened it
  auto c = Make({{"root", "inbox"}});
  ASSERT_TRUE(c.ok());
  auto r = (*c)->Fetch("");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->files.size(), 1u);
  EXPECT_EQ(r->files[0].name, "a.sta");
  EXPECT_EQ(r->next_cursor, "a.sta");
}

TEST_F(Directory, AFolderReachedThroughALinkIsRefused) {
  ASSERT_EQ(symlink(outside_.path().c_str(), (root_.path() + "/escape").c_str()), 0);
  root_.Write("real/inner/x.sta", "x");
  ASSERT_EQ(symlink((root_.path() + "/real").c_str(), (root_.path() + "/alias").c_str()), 0);
  for (const char* path : {"escape", "alias/inner"}) {
    auto c = Make({{"root", "inbox"}, {"path", path}});
    ASSERT_TRUE(c.ok()) << path;  // the folder is checked when it is read, as it may appear later
    auto r = (*c)->Fetch("");
    ASSERT_FALSE(r.ok()) << path;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidRequest) << path;
    EXPECT_NE(r.error().message.find("goes through a symbolic link"), std::string::npos) << r.error().message;
    // The error names the root, never its host path.
    EXPECT_EQ(r.error().message.find(root_.path()), std::string::npos) << r.error().message;
  }
  auto missing = Make({{"root", "inbox"}, {"path", "not-there"}});
  ASSERT_TRUE(missing.ok());
  auto r = (*missing)->Fetch("");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(r.error().message, "there is no folder 'not-there' in directory root 'inbox'");
}

// The walk a kernel without openat2 gets refuses the same links.
TEST_F(Directory, WithoutOpenat2TheWalkRefusesLinksToo) {
  root_.Write("real/inner/x.sta", "x");
  ASSERT_EQ(symlink(outside_.path().c_str(), (root_.path() + "/escape").c_str()), 0);
  ASSERT_EQ(symlink((root_.path() + "/real").c_str(), (root_.path() + "/alias").c_str()), 0);
  for (const auto& [path, ok] : std::vector<std::pair<std::string, bool>>{{"real/inner", true},
                                                                          {"real//inner/", true},
                                                                          {"", true},
                                                                          {"escape", false},
                                                                          {"alias/inner", false},
                                                                          {"real/inner/x.sta", false},
                                                                          {"../outside", false}}) {
    auto opened = OpenDirectoryBeneathByHand("inbox", root_.path(), path);
    EXPECT_EQ(opened.ok(), ok) << path << ": " << (opened.ok() ? "" : opened.error().message);
    auto kernel = OpenDirectoryBeneath("inbox", root_.path(), path);
    EXPECT_EQ(kernel.ok(), ok) << path;
    if (!ok && !opened.ok() && !kernel.ok()) {
      EXPECT_EQ(opened.error().message, kernel.error().message) << path;
    }
  }
}

TEST_F(Directory, ALargeFileIsRefusedNotTruncated) {
  root_.Write("big.sta", std::string(100, 'x'));
  auto c = Make({{"root", "inbox"}, {"file_bytes_max", 99}});
  ASSERT_TRUE(c.ok());
  auto r = (*c)->Fetch("");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kLimitExceeded);
}

}  // namespace
}  // namespace recon::connectors
