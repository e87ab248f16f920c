#include "mock_bank/test_pki.hpp"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <stdexcept>

#include "connectors/http/openssl_handles.hpp"

namespace recon::testing {
namespace {

constexpr long kValidSeconds = 7L * 24 * 3600;

using Key = connectors::KeyPtr;
using Cert = connectors::X509Ptr;

void Check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("test PKI: ") + what);
}

Key NewKey() {
  Key key(EVP_EC_gen("P-256"));
  Check(key != nullptr, "EC key generation");
  return key;
}

void AddExtension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  Check(ext != nullptr, "extension");
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

// A certificate for `key` named `cn`, signed by issuer_key (self-signed when issuer is null).
Cert NewCert(EVP_PKEY* key, const char* cn, X509* issuer, EVP_PKEY* issuer_key, long serial, bool ca,
             const char* san) {
  Cert cert(X509_new());
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), kValidSeconds);
  X509_set_pubkey(cert.get(), key);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("Recond Tests"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn), -1, -1, 0);
  X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : name);
  X509* signer = issuer ? issuer : cert.get();
  AddExtension(cert.get(), signer, NID_basic_constraints, ca ? "critical,CA:TRUE" : "CA:FALSE");
  if (ca) AddExtension(cert.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign");
  if (san) AddExtension(cert.get(), signer, NID_subject_alt_name, san);
  Check(X509_sign(cert.get(), issuer_key ? issuer_key : key, EVP_sha256()) > 0, "signing");
  return cert;
}

std::string Pem(X509* cert) {
  connectors::BioPtr bio = connectors::NewMemoryBio();
  PEM_write_bio_X509(bio.get(), cert);
  return connectors::MemoryBioText(bio.get());
}

std::string Pem(EVP_PKEY* key) {
  connectors::BioPtr bio = connectors::NewMemoryBio();
  PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
  return connectors::MemoryBioText(bio.get());
}

std::string EncryptedPem(EVP_PKEY* key) {
  static constexpr char kPassphrase[] = "test-passphrase";
  connectors::BioPtr bio = connectors::NewMemoryBio();
  Check(PEM_write_bio_PrivateKey(bio.get(), key, EVP_aes_256_cbc(), nullptr, 0, nullptr,
                                 const_cast<char*>(kPassphrase)) == 1,
        "encrypted key");
  return connectors::MemoryBioText(bio.get());
}

}  // namespace

TestPki MakeTestPki() {
  Key ca_key = NewKey();
  Cert ca = NewCert(ca_key.get(), "Recond Test CA", nullptr, nullptr, 1, true, nullptr);
  Key server_key = NewKey();
  Cert server = NewCert(server_key.get(), "127.0.0.1", ca.get(), ca_key.get(), 2, false, "IP:127.0.0.1");
  Key client_key = NewKey();
  Cert client = NewCert(client_key.get(), "recond-test-client", ca.get(), ca_key.get(), 3, false, nullptr);
  Key stranger = NewKey();
  return TestPki{Pem(ca.get()),         Pem(server.get()),   Pem(server_key.get()),         Pem(client.get()),
                 Pem(client_key.get()), Pem(stranger.get()), EncryptedPem(client_key.get())};
}

}  // namespace recon::testing
