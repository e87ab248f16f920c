#include "connectors/http/client_certificate.hpp"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <ctime>

#include "connectors/http/openssl_handles.hpp"
#include "recon/timestamp.hpp"

namespace recon::connectors {
namespace {

// A failed parse leaves reasons on OpenSSL's per-thread error queue; later TLS calls on this
// thread must not find them.
struct ClearOpenSslErrors {
  ~ClearOpenSslErrors() { ERR_clear_error(); }
};

constexpr const char* kCertField = "secrets.client_certificate";
constexpr const char* kKeyField = "secrets.client_key";

// OpenSSL's default passphrase callback reads the terminal: a daemon started from a shell would
// stop and wait at a prompt for an encrypted key. This one answers "no passphrase".
int NoPassphrase(char* /*buf*/, int /*size*/, int /*rwflag*/, void* /*userdata*/) {
  return 0;
}

BioPtr ReadOnlyBio(const std::string& text) {
  return BioPtr(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

std::string Subject(X509* cert) {
  BioPtr out = NewMemoryBio();
  X509_NAME_print_ex(out.get(), X509_get_subject_name(cert), 0, XN_FLAG_RFC2253);
  return MemoryBioText(out.get());
}

std::string NotAfterIso(X509* cert) {
  std::tm tm{};
  if (ASN1_TIME_to_tm(X509_get0_notAfter(cert), &tm) != 1) return {};
  using namespace std::chrono;
  const sys_days date{year{tm.tm_year + 1900} / month{static_cast<unsigned>(tm.tm_mon + 1)} /
                      day{static_cast<unsigned>(tm.tm_mday)}};
  return FormatUtcSeconds(date + hours{tm.tm_hour} + minutes{tm.tm_min} + seconds{tm.tm_sec});
}

}  // namespace

Result<ClientCertificateInfo> InspectClientCertificate(const std::string& certificate_pem, const std::string& key_pem) {
  ClearOpenSslErrors clear_on_return;
  if (certificate_pem.size() > kClientPemBytesMax)
    return MakeError(ErrorCode::kInvalidRequest, "the client certificate is larger than 64 KiB", kCertField);
  if (key_pem.size() > kClientPemBytesMax)
    return MakeError(ErrorCode::kInvalidRequest, "the client key is larger than 64 KiB", kKeyField);
  auto cert_bio = ReadOnlyBio(certificate_pem);
  X509Ptr cert(PEM_read_bio_X509(cert_bio.get(), nullptr, nullptr, nullptr));
  if (!cert)
    return MakeError(ErrorCode::kInvalidRequest,
                     "client_certificate must be a PEM certificate (-----BEGIN CERTIFICATE-----)", kCertField);
  auto key_bio = ReadOnlyBio(key_pem);
  // An encrypted key cannot be used unattended, so it is refused here.
  KeyPtr key(PEM_read_bio_PrivateKey(key_bio.get(), nullptr, &NoPassphrase, nullptr));
  if (!key)
    return MakeError(ErrorCode::kInvalidRequest,
                     "client_key must be an unencrypted PEM private key (-----BEGIN PRIVATE KEY-----)", kKeyField);
  if (X509_check_private_key(cert.get(), key.get()) != 1)
    return MakeError(ErrorCode::kInvalidRequest, "client_key does not belong to client_certificate", kKeyField);
  return ClientCertificateInfo{Subject(cert.get()), NotAfterIso(cert.get())};
}

}  // namespace recon::connectors
