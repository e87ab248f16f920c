// Owning handles for the OpenSSL objects recond makes (memory BIOs, certificates, keys) and the
// one way to read back what was written into a memory BIO. Shared by the mTLS identity check and
// the tests' throwaway PKI, so each frees what it makes the same way.
#pragma once

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <memory>
#include <string>

namespace recon::connectors {

struct BioFree {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct X509Free {
  void operator()(X509* x) const { X509_free(x); }
};
struct KeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;
using X509Ptr = std::unique_ptr<X509, X509Free>;
using KeyPtr = std::unique_ptr<EVP_PKEY, KeyFree>;

// An empty memory BIO to write into.
inline BioPtr NewMemoryBio() {
  return BioPtr(BIO_new(BIO_s_mem()));
}

// All that was written into a memory BIO, "" when nothing was.
inline std::string MemoryBioText(BIO* bio) {
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  return n > 0 ? std::string(data, static_cast<size_t>(n)) : std::string();
}

}  // namespace recon::connectors
