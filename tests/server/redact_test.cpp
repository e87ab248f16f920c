// What the log shows of a request target: never a credential in the query.
#include "server/redact.hpp"

#include <gtest/gtest.h>

namespace recon::server {
namespace {

TEST(RedactedTarget, CredentialsAreReplacedAndTheRestStays) {
  struct Case {
    const char* target;
    const char* logged;
  };
  const Case cases[] = {
      {"/v1/lines?q=nordic&limit=5", "/v1/lines?q=nordic&limit=5"},
      {"/v1/lines", "/v1/lines"},
      {"/oauth/callback?code=SECRET&state=S2", "/oauth/callback?code=REDACTED&state=REDACTED"},
      {"/oauth/callback?error=access_denied&error_description=x", "/oauth/callback?error=REDACTED&error_description=REDACTED"},
      {"//oauth/callback?code=SECRET", "//oauth/callback?code=REDACTED"},
      {"/%6Fauth/callback?code=SECRET", "/%6Fauth/callback?code=REDACTED"},
      {"/v1/statements?access_token=abc&limit=2", "/v1/statements?access_token=REDACTED&limit=2"},
      {"/v1/x?Token=a&REFRESH_TOKEN=b&client_secret=c&password=d&id_token=e", "/v1/x?Token=REDACTED&REFRESH_TOKEN=REDACTED&client_secret=REDACTED&password=REDACTED&id_token=REDACTED"},
      {"/v1/x?%63ode=a&st%61te=b", "/v1/x?%63ode=REDACTED&st%61te=REDACTED"},
      {"/v1/x?code", "/v1/x?code=REDACTED"},
      {"/v1/x?&&code=1&", "/v1/x?&&code=REDACTED&"},
      {"/v1/x?api_key=k&key=k2&secret=s", "/v1/x?api_key=REDACTED&key=REDACTED&secret=REDACTED"},
      {"/v1/x?q=code%3Dabc", "/v1/x?q=code%3Dabc"},
  };
  for (const Case& c : cases) EXPECT_EQ(RedactedTarget(c.target), c.logged) << c.target;
}

}  // namespace
}  // namespace recon::server
