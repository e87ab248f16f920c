// UploadStore against a real PostgreSQL: receipts, refused bytes kept once, and the purge of
// refused files' bytes after their retention (issue 11 point 6), called directly as the
// periodic maintenance job calls it.
#include "storage/upload_store.hpp"

#include <gtest/gtest.h>

#include "integration/invariants.hpp"
#include "integration/shared_recond_suite.hpp"
#include "recon/digest.hpp"

namespace recon::testing {
namespace {

using storage::UploadOutcome;

class UploadStoreTest : public SharedRecondSuite<UploadStoreTest> {  // recond migrates the database
 protected:
  void SetUp() override {
    SharedRecondSuite::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    pool_ = std::make_unique<storage::ConnectionPool>(storage::PoolSettings{TestDatabaseUrl()});
    store_ = std::make_unique<storage::UploadStore>(*pool_);
    company_ = ::testing::UnitTest::GetInstance()->current_test_info()->name();
  }

  // A refused receipt of `bytes`, written whole or (`pending`) opened first; its id.
  int64_t Refused(const std::string& bytes, bool pending = false) {
    storage::ReceiptSlot slot{{company_, {}, static_cast<int64_t>(bytes.size()), Sha256Hex(bytes), {}, {}}, {}};
    if (pending) {
      auto opened = store_->Open(slot.receipt);
      EXPECT_TRUE(opened.ok());
      if (!opened) return 0;
      EXPECT_EQ(Get(*opened).outcome, UploadOutcome::kPending);
      slot.pending_id = *opened;
    }
    auto id = store_->Refuse(slot, bytes, std::string("camt"), MakeError(ErrorCode::kMalformedFile, "broken", "line 3"));
    EXPECT_TRUE(id.ok()) << (id.ok() ? "" : id.error().message);
    if (pending && id.ok()) {
      EXPECT_EQ(*id, *slot.pending_id);
    }
    return id.ok() ? *id : 0;
  }
  storage::UploadReceipt Get(int64_t id) {
    auto r = store_->Get(company_, id);
    EXPECT_TRUE(r.ok() && r->has_value());
    return r.ok() && r->has_value() ? **r : storage::UploadReceipt{};
  }
  // Makes the kept bytes of `bytes` look received `days` ago.
  void Age(const std::string& bytes, int days) {
    QueryValue(TestDatabaseUrl(),
               "UPDATE upload_failures SET last_received_at = now() - interval '" + std::to_string(days) +
                   " days' WHERE company = $1 AND sha256 = '" + Sha256Hex(bytes) + "' RETURNING 1",
               company_);
  }

  std::unique_ptr<storage::ConnectionPool> pool_;
  std::unique_ptr<storage::UploadStore> store_;
  std::string company_;
};

TEST_F(UploadStoreTest, ARefusedReceiptKeepsItsProblemAndBytes) {
  for (bool pending : {false, true}) {
  SCOPED_TRACE(pending ? "opened pending first" : "written whole");
  const int64_t id = Refused(pending ? "garbage two" : "garbage one", pending);
  const storage::UploadReceipt r = Get(id);
  EXPECT_EQ(r.outcome, UploadOutcome::kRefused);
  ASSERT_TRUE(r.problem.has_value());
  EXPECT_EQ(r.problem->type, "malformed-file");
  EXPECT_EQ(r.problem->detail, "broken");
  EXPECT_EQ(r.problem->location, "line 3");
  EXPECT_EQ(r.format, "camt");
  EXPECT_TRUE(r.content_kept);
  auto bytes = store_->Content(r);
  ASSERT_TRUE(bytes.ok() && bytes->has_value());
  EXPECT_EQ(**bytes, pending ? "garbage two" : "garbage one");
  EXPECT_TRUE(r.finished_at.has_value());
  }
}

TEST_F(UploadStoreTest, APendingReceiptIsSettledOnce) {
  storage::ReceiptSlot slot{{company_, {}, 5, Sha256Hex("bytes"), std::string("camt"), {}}, {}};
  auto opened = store_->Open(slot.receipt);
  ASSERT_TRUE(opened.ok());
  slot.pending_id = *opened;
  EXPECT_FALSE(Get(*opened).finished_at.has_value());
  auto failed = store_->Fail(slot, MakeError(ErrorCode::kUnavailable, "the database went away"));
  ASSERT_TRUE(failed.ok());
  EXPECT_EQ(*failed, *opened);
  storage::UploadReceipt r = Get(*opened);
  EXPECT_EQ(r.outcome, UploadOutcome::kFailed);
  EXPECT_EQ(r.format, "camt");
  EXPECT_FALSE(r.content_kept);
  // A second outcome does not overwrite the first, and keeps nothing.
  auto late = store_->Refuse(slot, "bytes", std::nullopt, MakeError(ErrorCode::kMalformedFile, "late"));
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().code, ErrorCode::kConflict);
  EXPECT_EQ(Get(*opened).outcome, UploadOutcome::kFailed);
  EXPECT_EQ(QueryValue(TestDatabaseUrl(), "SELECT count(*) FROM upload_failures WHERE company = $1", company_), "0");
}

TEST_F(UploadStoreTest, RefusedBytesArePurgedAfterTheirRetentionAndTheReceiptStays) {
  const int64_t old_one = Refused("old garbage");
  const int64_t old_again = Refused("old garbage", /*pending=*/true);  // the same bytes twice: kept once
  const int64_t young = Refused("young garbage");
  EXPECT_EQ(QueryValue(TestDatabaseUrl(), "SELECT count(*) FROM upload_failures WHERE company = $1", company_), "2");
  Age("old garbage", 31);
  Age("young garbage", 29);

  auto purged = store_->PurgeRefusedContent(30, 1000);
  ASSERT_TRUE(purged.ok()) << purged.error().message;
  EXPECT_EQ(*purged, 1);
  for (int64_t id : {old_one, old_again}) {
    const storage::UploadReceipt r = Get(id);
    EXPECT_EQ(r.outcome, UploadOutcome::kRefused);  // the receipt and its problem stay
    ASSERT_TRUE(r.problem.has_value());
    EXPECT_EQ(r.problem->detail, "broken");
    EXPECT_FALSE(r.content_kept);
    EXPECT_TRUE(r.content_purged_at.has_value());
    auto bytes = store_->Content(r);
    ASSERT_TRUE(bytes.ok());
    EXPECT_FALSE(bytes->has_value());
  }
  const storage::UploadReceipt kept = Get(young);
  EXPECT_TRUE(kept.content_kept);
  EXPECT_FALSE(kept.content_purged_at.has_value());
  auto again = store_->PurgeRefusedContent(30, 1000);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);
}

TEST_F(UploadStoreTest, ThePurgeTakesAtMostItsBatchAndRenewedBytesStay) {
  for (int i = 0; i < 3; ++i) Refused("batch " + std::to_string(i));
  for (int i = 0; i < 3; ++i) Age("batch " + std::to_string(i), 40);
  // Received again today: the retention counts from the last time.
  const int64_t renewed = Refused("batch 2");
  auto first = store_->PurgeRefusedContent(30, 1);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(*first, 1);
  auto second = store_->PurgeRefusedContent(30, 1000);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*second, 1);
  EXPECT_TRUE(Get(renewed).content_kept);
}

}  // namespace
}  // namespace recon::testing
