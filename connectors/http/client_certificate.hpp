// Reads an mTLS client identity given as PEM text (a connection's client_certificate and
// client_key secrets) before it is stored: both parse, the key belongs to the certificate, and
// what a response may show of it (subject, expiry) is taken out. Nothing here keeps the key.
#pragma once

#include <string>

#include "recon/error.hpp"

namespace recon::connectors {

// Bytes of PEM one certificate chain or key may take; a bank's client chain is a few KiB.
inline constexpr size_t kClientPemBytesMax = 64 * 1024;

struct ClientCertificateInfo {
  std::string subject;     // RFC 2253, e.g. "CN=recond,O=Acme"
  std::string expires_at;  // notAfter of the leaf, ISO 8601 UTC "YYYY-MM-DDTHH:MM:SSZ"
};

// Errors: kInvalidRequest with location "secrets.client_certificate" or "secrets.client_key"
// (not PEM, too large, no certificate, the key does not match).
Result<ClientCertificateInfo> InspectClientCertificate(const std::string& certificate_pem, const std::string& key_pem);

}  // namespace recon::connectors
