// The OAuth tests' common ground: a mock bank on loopback, the real HTTP client, a clock the
// test moves by hand, and OAuth settings pointing at the bank (client credentials unless a test
// sets a refresh token; authorize_url and redirect_uri for the authorization-code grant).
#pragma once

#include <chrono>
#include <memory>

#include "connectors/http/http_client.hpp"
#include "connectors/oauth/oauth_client.hpp"
#include "connectors/loopback.hpp"
#include "mock_bank/mock_bank.hpp"

namespace recon::connectors {

struct OAuthFixture {
  recon::testing::MockBank bank;
  std::unique_ptr<HttpClient> http = MakeBeastHttpClient(LoopbackHttp());
  std::chrono::system_clock::time_point now = std::chrono::system_clock::from_time_t(1'700'000'000);
  OAuthSettings Settings() const {
    OAuthSettings s;
    s.token_url = bank.base_url() + "/token";
    s.authorize_url = bank.base_url() + "/authorize";
    s.client_id = "recond";
    s.client_secret = "s3cret";
    s.redirect_uri = "https://recond.example/v1/oauth/callback";
    return s;
  }
  Clock clock() {
    return [this] { return now; };
  }
  HttpRequest Accounts() const { return {"GET", bank.base_url() + "/v1/accounts", {}, ""}; }
};

}  // namespace recon::connectors
