// Test PKI: certificate authorities and the certificates they issue, made
// with OpenSSL at test time (EC P-256, valid from an hour ago for a day), and
// a raw TLS client that shows which certificate a server presents.
//
// Thread safety: a TestCa is immutable after construction; the functions
// may run on any thread.
//
// Example:
//   testing::TestCa ca("motcua test CA");
//   testing::KeyPair server = ca.IssueServer(1001);  // localhost, 127.0.0.1
//   testing::InstallKeyPair(server, dir + "/tls.crt", dir + "/tls.key");
//   TlsExchangeResult r = testing::TlsExchange(port, ca.cert_pem());
//   EXPECT_EQ(r.serial, "03E9");
#pragma once

#include <openssl/ossl_typ.h>

#include <memory>
#include <string>

namespace motcua::testing {

struct KeyPair {
  std::string cert_pem;
  std::string key_pem;
};

class TestCa {
 public:
  explicit TestCa(const std::string& name);
  ~TestCa();
  TestCa(const TestCa&) = delete;
  TestCa& operator=(const TestCa&) = delete;

  const std::string& cert_pem() const { return cert_pem_; }
  // A server certificate for DNS:localhost and IP:127.0.0.1.
  KeyPair IssueServer(long serial) const;
  // A client certificate with `name` as its common name.
  KeyPair IssueClient(const std::string& name, long serial) const;

 private:
  KeyPair Issue(const std::string& name, long serial, bool server) const;

  EVP_PKEY* key_ = nullptr;
  X509* cert_ = nullptr;
  std::string cert_pem_;
};

// Writes the key, then the certificate, each through a temporary file and a
// rename, as an operator replacing them should.
void InstallKeyPair(const KeyPair& pair, const std::string& cert_path,
                    const std::string& key_path);
void WriteFileAtomically(const std::string& path, const std::string& content);

struct TlsExchangeResult {
  bool ok = false;       // the handshake (and the request, if any) succeeded
  std::string error;     // why not
  std::string serial;    // the server certificate's serial number, hex
  std::string received;  // what the server sent back before closing
};

struct TlsExchangeOptions {
  // Sent after the handshake; everything until the server closes (at most
  // 10 s) is `received`.
  std::string request;
  // Presented when asked for a client certificate.
  const KeyPair* client = nullptr;
  // ALPN protocol to offer ("h2" for gRPC); empty: none.
  std::string alpn;
};

// Connects to 127.0.0.1:`port` and handshakes TLS, verifying the server
// against `ca_pem` and the name 127.0.0.1.
TlsExchangeResult TlsExchange(int port, const std::string& ca_pem,
                              const TlsExchangeOptions& options = {});

}  // namespace motcua::testing
