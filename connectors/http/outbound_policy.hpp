// Where recond may send a connection's requests. A connection's URLs come from an API caller and
// its links from a bank's answers; either could point recond (and the client secret, refresh
// token or access token it carries) at a host of someone else's choosing, or at the machine's own
// network (a cloud metadata service, a database on 10.0.0.5). So every URL is checked twice:
// its text before anything is sent (https; its host in the configured allow-list for the
// connector kind), and every address its host resolves to, at connect time, so that a DNS answer
// that changes between the two (rebinding) is caught where it matters.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "recon/error.hpp"

namespace recon::connectors {

struct UrlParts;

// The server configuration's say on outbound requests, for one connector kind. The defaults are
// the safe ones: https only, public addresses only, any host name.
struct OutboundPolicy {
  // connections_allow_plain_http_loopback: plain http is accepted for a loopback host (127.0.0.0/8,
  // ::1, localhost), and then only to a loopback address. For tests and local mock banks.
  bool plain_http_loopback_allowed = false;
  // outbound_private_addresses_allowed: loopback, link-local, private (RFC 1918, fc00::/7,
  // 100.64/10), unspecified, multicast and reserved addresses may be connected to.
  bool private_addresses_allowed = false;
  // connector_hosts_allowed for this kind: none = any host; else a URL's host must equal one of
  // these (lower case) or end in the suffix of a "*.example.com" pattern (which does not match
  // the bare example.com).
  std::optional<std::vector<std::string>> hosts_allowed;
  std::string kind;  // the connector kind, for messages
};

// What kind of address this is, as far as outbound requests care.
enum class AddressClass { kPublic, kLoopback, kLinkLocal, kPrivate, kUnspecified, kMulticast, kReserved };

// IPv4 and IPv6; an IPv4 address inside IPv6 (mapped ::ffff:a.b.c.d, compatible ::a.b.c.d, NAT64
// 64:ff9b::/96, 6to4 2002::/16) is judged as that IPv4 address.
AddressClass ClassifyAddress(const boost::asio::ip::address& address);
std::string_view AddressClassName(AddressClass c);  // "loopback", "private" ...

// The URL's text: kInvalidRequest saying what is wrong ("plain http is accepted only ...", "host
// x is not in connector_hosts_allowed for berlin-group ..."), never a secret (URLs carry none:
// SplitUrl refuses credentials in them). A host given as an IP literal is checked as an address.
Status CheckUrl(const OutboundPolicy& policy, const UrlParts& url);
Status CheckUrl(const OutboundPolicy& policy, const std::string& url);

// One resolved address of `url`'s host, just before connecting: kInvalidRequest naming the
// address, its class and the setting that would allow it.
Status CheckAddress(const OutboundPolicy& policy, const boost::asio::ip::address& address, const UrlParts& url);

// For a connector's settings: CheckUrl with the message starting with the setting's name
// ("token_url is refused: ..."), so the daemon can point at settings.token_url.
Status CheckEndpointSetting(const OutboundPolicy& policy, std::string_view setting, const std::string& url);

// True when `host` (lower case, as SplitUrl gives it) names this machine: localhost, 127.0.0.0/8, ::1.
bool IsLoopbackHost(const std::string& host);

}  // namespace recon::connectors
