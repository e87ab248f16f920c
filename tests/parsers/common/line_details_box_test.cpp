// LineDetailsBox: a line's details on the heap that copy like a plain member.
#include <gtest/gtest.h>

#include "recon/statement.hpp"

namespace recon {
namespace {

TEST(LineDetailsBox, EmptyUntilEditedAndCopiedDeeply) {
  StatementLine a;
  EXPECT_FALSE(a.details.present());
  EXPECT_FALSE(a.details.Get().mandate_id);  // reading never creates details
  EXPECT_FALSE(a.details.present());

  a.details.Edit().mandate_id = "M-1";
  StatementLine b = a;
  b.details.Edit().mandate_id = "M-2";
  EXPECT_EQ(a.details.Get().mandate_id, "M-1");  // the copy has its own details
  EXPECT_EQ(b.details.Get().mandate_id, "M-2");

  StatementLine c;
  c = b;
  b.details.Edit().mandate_id.reset();
  EXPECT_EQ(c.details.Get().mandate_id, "M-2");

  StatementLine empty;
  c = empty;  // assigning a line without details drops them
  EXPECT_FALSE(c.details.present());

  StatementLine moved = std::move(a);
  EXPECT_EQ(moved.details.Get().mandate_id, "M-1");
}

}  // namespace
}  // namespace recon
