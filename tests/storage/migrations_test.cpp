// Migrations against the test PostgreSQL: applied once, in order, safe when two start together.
#include "storage/migrations.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "integration/test_env.hpp"

namespace recon::storage {
namespace {

class Migrations : public ::testing::Test {
 protected:
  void SetUp() override {
    url_ = recon::testing::TestDatabaseUrl();
    if (url_.empty()) GTEST_SKIP() << recon::testing::kNoDatabase;
    recon::testing::ResetDatabase(url_);
  }
  std::string url_;
};

TEST_F(Migrations, ApplyOnceThenNothing) {
  auto conn = PgConnection::Open(url_);
  ASSERT_TRUE(conn.ok());
  auto before = MigrationsCurrent(**conn);
  ASSERT_TRUE(before.ok());
  EXPECT_FALSE(*before);
  auto first = ApplyMigrations(**conn);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(*first, static_cast<int>(EmbeddedMigrations().size()));
  auto second = ApplyMigrations(**conn);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*second, 0);
  auto after = MigrationsCurrent(**conn);
  ASSERT_TRUE(after.ok());
  EXPECT_TRUE(*after);
}

TEST_F(Migrations, TwoProcessesStartingTogetherApplyEachOnce) {
  std::vector<int> applied(4, -1);
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      auto conn = PgConnection::Open(url_);
      if (!conn) return;
      auto n = ApplyMigrations(**conn);
      if (n) applied[i] = *n;
    });
  }
  for (auto& t : threads) t.join();
  int total = 0;
  for (int n : applied) {
    ASSERT_GE(n, 0) << "a concurrent migration run failed";
    total += n;
  }
  EXPECT_EQ(total, static_cast<int>(EmbeddedMigrations().size()));
}

TEST_F(Migrations, ABrokenDatabaseUrlIsUnavailableNotACrash) {
  auto conn = PgConnection::Open("host=/nonexistent-socket-dir dbname=none connect_timeout=2");
  ASSERT_FALSE(conn.ok());
  EXPECT_EQ(conn.error().code, ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace recon::storage
