#include "server/router.hpp"

#include <gtest/gtest.h>

namespace recon::server {
namespace {

Handler Nothing() {
  return [](RequestContext&) -> Result<HttpResponse> { return HttpResponse{}; };
}

TEST(Router, MatchesPatternsAndCapturesIds) {
  Router router;
  router.Add({http::verb::get, "/v1/matches", true, Nothing()});
  router.Add({http::verb::post, "/v1/matches/{id}/approve", true, Nothing()});
  auto m = router.Find(http::verb::post, "/v1/matches/mt_7/approve");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.params.at("id"), "mt_7");
  EXPECT_EQ(m.route->pattern, "/v1/matches/{id}/approve");

  auto wrong_method = router.Find(http::verb::delete_, "/v1/matches");
  EXPECT_EQ(wrong_method.route, nullptr);
  EXPECT_TRUE(wrong_method.path_known);

  auto unknown = router.Find(http::verb::get, "/v1/nothing");
  EXPECT_EQ(unknown.route, nullptr);
  EXPECT_FALSE(unknown.path_known);
  EXPECT_EQ(router.Find(http::verb::post, "/v1/matches/mt_7/approve/extra").route, nullptr);
}

}  // namespace
}  // namespace recon::server
