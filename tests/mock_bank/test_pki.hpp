// A throwaway PKI for mTLS tests, made in memory with OpenSSL at test time: a CA, a server
// certificate for 127.0.0.1 and a client certificate, both signed by the CA. EC P-256 keys, so
// making one takes milliseconds. Never use outside tests.
#pragma once

#include <string>

namespace recon::testing {

struct TestPki {
  std::string ca_pem;
  std::string server_cert_pem;
  std::string server_key_pem;
  std::string client_cert_pem;  // subject CN=recond-test-client,O=Recond Tests
  std::string client_key_pem;
  std::string stranger_key_pem;          // a key that belongs to no certificate here
  std::string client_key_encrypted_pem;  // client_key_pem under a passphrase (AES-256-CBC)
};

TestPki MakeTestPki();

}  // namespace recon::testing
