#include "connectors/http/outbound_policy.hpp"

#include <array>
#include <cstdint>

#include "connectors/http/http_client.hpp"

namespace recon::connectors {
namespace {

namespace ip = boost::asio::ip;

Error Refused(std::string message) {
  return MakeError(ErrorCode::kInvalidRequest, std::move(message));
}

bool In(uint32_t a, uint32_t network, int prefix) {
  const uint32_t mask = prefix == 0 ? 0 : ~uint32_t{0} << (32 - prefix);
  return (a & mask) == (network & mask);
}

constexpr uint32_t V4(int a, int b, int c, int d) {
  return static_cast<uint32_t>(a) << 24 | static_cast<uint32_t>(b) << 16 | static_cast<uint32_t>(c) << 8 |
         static_cast<uint32_t>(d);
}

AddressClass ClassifyV4(uint32_t a) {
  struct Range {
    uint32_t network;
    int prefix;
    AddressClass cls;
  };
  static constexpr std::array<Range, 15> kRanges = {{
      {V4(0, 0, 0, 0), 8, AddressClass::kUnspecified},  // "this network"
      {V4(127, 0, 0, 0), 8, AddressClass::kLoopback},
      {V4(169, 254, 0, 0), 16, AddressClass::kLinkLocal},  // cloud metadata services live here
      {V4(10, 0, 0, 0), 8, AddressClass::kPrivate},
      {V4(172, 16, 0, 0), 12, AddressClass::kPrivate},
      {V4(192, 168, 0, 0), 16, AddressClass::kPrivate},
      {V4(100, 64, 0, 0), 10, AddressClass::kPrivate},  // carrier-grade NAT, shared address space
      {V4(192, 0, 0, 0), 24, AddressClass::kReserved},  // IETF protocol assignments
      {V4(192, 0, 2, 0), 24, AddressClass::kReserved},  // documentation (TEST-NET-1..3)
      {V4(198, 51, 100, 0), 24, AddressClass::kReserved},
      {V4(203, 0, 113, 0), 24, AddressClass::kReserved},
      {V4(198, 18, 0, 0), 15, AddressClass::kReserved},   // benchmarking
      {V4(192, 88, 99, 0), 24, AddressClass::kReserved},  // 6to4 relay anycast
      {V4(224, 0, 0, 0), 4, AddressClass::kMulticast},
      {V4(240, 0, 0, 0), 4, AddressClass::kReserved},  // and 255.255.255.255
  }};
  for (const Range& r : kRanges)
    if (In(a, r.network, r.prefix)) return r.cls;
  return AddressClass::kPublic;
}

uint32_t V4At(const ip::address_v6::bytes_type& b, size_t at) {
  return static_cast<uint32_t>(b[at]) << 24 | static_cast<uint32_t>(b[at + 1]) << 16 |
         static_cast<uint32_t>(b[at + 2]) << 8 | static_cast<uint32_t>(b[at + 3]);
}

bool Zero(const ip::address_v6::bytes_type& b, size_t from, size_t to) {
  for (size_t i = from; i < to; ++i)
    if (b[i] != 0) return false;
  return true;
}

AddressClass ClassifyV6(const ip::address_v6& a) {
  const auto b = a.to_bytes();
  if (a.is_unspecified()) return AddressClass::kUnspecified;
  if (a.is_loopback()) return AddressClass::kLoopback;
  // IPv4 inside IPv6: judged by the IPv4 address it reaches.
  if (a.is_v4_mapped() || Zero(b, 0, 12)) return ClassifyV4(V4At(b, 12));  // ::ffff:a.b.c.d, ::a.b.c.d
  if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b) {
    if (Zero(b, 4, 12)) return ClassifyV4(V4At(b, 12));  // 64:ff9b::/96, well-known NAT64
    return AddressClass::kPrivate;                       // 64:ff9b:1::/48, local-use NAT64
  }
  if (b[0] == 0x20 && b[1] == 0x02) return ClassifyV4(V4At(b, 2));                                   // 6to4
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x00 && b[3] == 0x00) return AddressClass::kReserved;  // Teredo
  if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) return AddressClass::kReserved;  // documentation
  if (b[0] == 0x01 && b[1] == 0x00 && Zero(b, 2, 8)) return AddressClass::kReserved;                 // 100::/64 discard
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return AddressClass::kLinkLocal;                        // fe80::/10
  if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return AddressClass::kPrivate;  // fec0::/10, site-local
  if ((b[0] & 0xfe) == 0xfc) return AddressClass::kPrivate;                  // fc00::/7, unique local
  if (b[0] == 0xff) return AddressClass::kMulticast;
  return AddressClass::kPublic;
}

// The host as an address when it is an IP literal (SplitUrl takes IPv6 out of its brackets).
std::optional<ip::address> Literal(const std::string& host) {
  boost::system::error_code ec;
  auto a = ip::make_address(host, ec);
  if (ec) return std::nullopt;
  return a;
}

bool HostAllowed(const std::vector<std::string>& allowed, const std::string& host) {
  for (const std::string& pattern : allowed) {
    if (pattern == host) return true;
    if (pattern.starts_with("*.")) {
      const std::string_view suffix = std::string_view(pattern).substr(1);  // ".example.com"
      if (host.size() > suffix.size() && host.ends_with(suffix)) return true;
    }
  }
  return false;
}

std::string Joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? "none" : out;
}

}  // namespace

AddressClass ClassifyAddress(const ip::address& address) {
  return address.is_v4() ? ClassifyV4(address.to_v4().to_uint()) : ClassifyV6(address.to_v6());
}

std::string_view AddressClassName(AddressClass c) {
  switch (c) {
    case AddressClass::kPublic:
      return "public";
    case AddressClass::kLoopback:
      return "loopback";
    case AddressClass::kLinkLocal:
      return "link-local";
    case AddressClass::kPrivate:
      return "private";
    case AddressClass::kUnspecified:
      return "unspecified";
    case AddressClass::kMulticast:
      return "multicast";
    case AddressClass::kReserved:
      return "reserved";
  }
  return "unknown";
}

bool IsLoopbackHost(const std::string& host) {
  if (host == "localhost") return true;
  auto literal = Literal(host);
  return literal && ClassifyAddress(*literal) == AddressClass::kLoopback;
}

Status CheckUrl(const OutboundPolicy& policy, const UrlParts& url) {
  if (!url.https) {
    if (!IsLoopbackHost(url.host))
      return Refused("https is required: " + url.host + " would be reached over plain http");
    if (!policy.plain_http_loopback_allowed)
      return Refused("https is required: plain http to " + url.host +
                     " is accepted only with connections_allow_plain_http_loopback on (tests, local mock banks)");
  }
  if (policy.hosts_allowed && !HostAllowed(*policy.hosts_allowed, url.host))
    return Refused("host " + url.host + " is not in connector_hosts_allowed for " +
                   (policy.kind.empty() ? std::string("this connector kind") : policy.kind) +
                   " (allowed: " + Joined(*policy.hosts_allowed) + ")");
  if (auto literal = Literal(url.host)) return CheckAddress(policy, *literal, url);
  return Status::Ok();
}

Status CheckUrl(const OutboundPolicy& policy, const std::string& url) {
  auto parts = SplitUrl(url);
  if (!parts) return parts.error();
  return CheckUrl(policy, *parts);
}

Status CheckAddress(const OutboundPolicy& policy, const ip::address& address, const UrlParts& url) {
  const AddressClass cls = ClassifyAddress(address);
  const std::string where = address.to_string() + (address.to_string() == url.host ? "" : " (" + url.host + ")");
  if (!url.https && cls != AddressClass::kLoopback)
    return Refused("plain http goes only to a loopback address, and " + where + " is not one");
  if (cls != AddressClass::kPublic && !policy.private_addresses_allowed)
    return Refused("refused to connect to " + where + (cls == AddressClass::kUnspecified ? ", an " : ", a ") +
                   std::string(AddressClassName(cls)) +
                   " address: outbound requests go only to public addresses unless"
                   " outbound_private_addresses_allowed is on");
  return Status::Ok();
}

Status CheckEndpointSetting(const OutboundPolicy& policy, std::string_view setting, const std::string& url) {
  if (Status s = CheckUrl(policy, url); !s)
    return MakeError(ErrorCode::kInvalidRequest, std::string(setting) + " is refused: " + s.error().message);
  return Status::Ok();
}

}  // namespace recon::connectors
