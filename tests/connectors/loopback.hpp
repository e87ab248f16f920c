// The mock bank listens on plain http at 127.0.0.1, which recond refuses by default (https only,
// public addresses only): connector tests that talk to it allow both, as the daemon's tests do
// through connections_allow_plain_http_loopback and outbound_private_addresses_allowed.
#pragma once

#include "connectors/http/http_client.hpp"
#include "connectors/registry.hpp"

namespace recon::connectors {

inline OutboundPolicy LoopbackPolicy() {
  OutboundPolicy p;
  p.plain_http_loopback_allowed = true;
  p.private_addresses_allowed = true;
  return p;
}

inline HttpClientSettings LoopbackHttp() {
  HttpClientSettings s;
  s.policy = LoopbackPolicy();
  return s;
}

inline ConnectorContext LoopbackContext() {
  ConnectorContext c;
  c.outbound = LoopbackPolicy();
  return c;
}

}  // namespace recon::connectors
