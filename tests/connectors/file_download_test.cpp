#include "connectors/file_download/file_download_connector.hpp"

#include <gtest/gtest.h>

#include "connectors/registry.hpp"
#include "connectors/loopback.hpp"
#include "mock_bank/mock_bank.hpp"

namespace recon::connectors {
namespace {

std::unique_ptr<Connector> Make(const testing::MockBank& bank, int files_max = 1000) {
  nlohmann::json s = {{"list_url", bank.base_url() + "/files"}, {"token_url", bank.base_url() + "/token"},
                      {"client_id", "recond"}, {"attempts_max", 3}, {"backoff_base_ms", 1}, {"files_max", files_max}};
  auto c = BuiltinConnectors().Create("file-download", s, LoopbackContext());
  EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().message);
  return std::move(c).value();
}

TEST(FileDownload, DownloadsInNameOrderAndResumes) {
  testing::MockBank bank;
  bank.AddFile({"2026-01-02.sta", "second"});
  bank.AddFile({"2026-01-01.sta", "first"});
  auto c = Make(bank);
  auto r = c->Fetch("");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->files.size(), 2u);
  EXPECT_EQ(r->files[0].bytes, "first");
  EXPECT_EQ(r->next_cursor, "2026-01-02.sta");
  auto again = c->Fetch(r->next_cursor);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->files.empty());
  EXPECT_EQ(again->next_cursor, r->next_cursor);
  bank.AddFile({"2026-01-03.sta", "third"});
  auto next = c->Fetch(r->next_cursor);
  ASSERT_TRUE(next.ok());
  ASSERT_EQ(next->files.size(), 1u);
  EXPECT_EQ(next->files[0].bytes, "third");
}

TEST(FileDownload, FilesMaxLeavesTheRestForTheNextPull) {
  testing::MockBank bank;
  for (int i = 1; i <= 3; ++i) bank.AddFile({"f" + std::to_string(i), "x"});
  auto c = Make(bank, 2);
  auto r = c->Fetch("");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->files.size(), 2u);
  EXPECT_EQ(r->next_cursor, "f2");
  EXPECT_EQ(c->Fetch(r->next_cursor)->files.size(), 1u);
}

TEST(FileDownload, RetriesThroughA429AndFailsOnOutage) {
  testing::MockBank bank;
  bank.AddFile({"a", "x"});
  bank.FailNext429(1, "0");
  auto r = Make(bank)->Fetch("");
  ASSERT_TRUE(r.ok()) << r.error().message;
  bank.FailNext500(100);
  auto down = Make(bank)->Fetch("");
  ASSERT_FALSE(down.ok());
  EXPECT_EQ(down.error().code, ErrorCode::kUnavailable);
}

TEST(FileDownload, BadSettingsAreInvalidRequest) {
  auto c = BuiltinConnectors().Create("file-download", {{"list_url", "ftp://x"}}, LoopbackContext());
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, ErrorCode::kInvalidRequest);
}

}  // namespace
}  // namespace recon::connectors
