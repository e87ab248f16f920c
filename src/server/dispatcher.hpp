// Everything done once around every handler: request id, routing, the bearer token,
// errors to problem+json, metrics and the access log. Thread-safe.
#pragma once

#include <string>

#include "server/http_types.hpp"
#include "server/metrics.hpp"
#include "server/router.hpp"

namespace recon::server {

class Dispatcher {
 public:
  // `dev_token` is the one bearer token accepted for /v1 calls until token management lands.
  Dispatcher(const Router& router, Metrics& metrics, std::string dev_token)
      : router_(router), metrics_(metrics), dev_token_(std::move(dev_token)) {}

  HttpResponse Handle(const HttpRequest& request) const;

 private:
  bool Authorized(const HttpRequest& request) const;

  const Router& router_;
  Metrics& metrics_;
  std::string dev_token_;
};

}  // namespace recon::server
