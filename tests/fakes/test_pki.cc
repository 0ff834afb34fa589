#include "tests/fakes/test_pki.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <stdexcept>

namespace motcua::testing {
namespace {

// Setting up test certificates cannot fail short of a broken OpenSSL.
void Check(bool ok, const char* what) {
  if (!ok) {
    char reason[256] = {0};
    ERR_error_string_n(ERR_get_error(), reason, sizeof reason);
    throw std::runtime_error(std::string("test PKI: ") + what + ": " + reason);
  }
}

EVP_PKEY* NewKey() {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  Check(key != nullptr, "EC key");
  return key;
}

std::string ToPem(X509* cert) {
  BIO* bio = BIO_new(BIO_s_mem());
  Check(bio != nullptr && PEM_write_bio_X509(bio, cert) == 1, "write cert");
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<size_t>(n));
  BIO_free(bio);
  return pem;
}

std::string ToPem(EVP_PKEY* key) {
  BIO* bio = BIO_new(BIO_s_mem());
  Check(bio != nullptr && PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr,
                                                   0, nullptr, nullptr) == 1,
        "write key");
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<size_t>(n));
  BIO_free(bio);
  return pem;
}

void AddExtension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  Check(ext != nullptr && X509_add_ext(cert, ext, -1) == 1, value);
  X509_EXTENSION_free(ext);
}

// An unsigned certificate for `key` named `name`, issued by `issuer` (by
// itself when null).
X509* NewCert(const std::string& name, long serial, EVP_PKEY* key,
              X509* issuer) {
  X509* cert = X509_new();
  Check(cert != nullptr, "X509_new");
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), serial);
  X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert), 24 * 3600);
  X509_set_pubkey(cert, key);
  X509_NAME* subject = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(
      subject, "CN", MBSTRING_UTF8,
      reinterpret_cast<const unsigned char*>(name.c_str()), -1, -1, 0);
  X509_set_issuer_name(
      cert, issuer != nullptr ? X509_get_subject_name(issuer) : subject);
  return cert;
}

}  // namespace

TestCa::TestCa(const std::string& name) {
  key_ = NewKey();
  cert_ = NewCert(name, 1, key_, nullptr);
  AddExtension(cert_, cert_, NID_basic_constraints, "critical,CA:TRUE");
  AddExtension(cert_, cert_, NID_key_usage, "critical,keyCertSign,cRLSign");
  AddExtension(cert_, cert_, NID_subject_key_identifier, "hash");
  Check(X509_sign(cert_, key_, EVP_sha256()) > 0, "sign CA");
  cert_pem_ = ToPem(cert_);
}

TestCa::~TestCa() {
  X509_free(cert_);
  EVP_PKEY_free(key_);
}

KeyPair TestCa::IssueServer(long serial) const {
  return Issue("localhost", serial, true);
}

KeyPair TestCa::IssueClient(const std::string& name, long serial) const {
  return Issue(name, serial, false);
}

KeyPair TestCa::Issue(const std::string& name, long serial, bool server) const {
  EVP_PKEY* key = NewKey();
  X509* cert = NewCert(name, serial, key, cert_);
  AddExtension(cert, cert_, NID_basic_constraints, "critical,CA:FALSE");
  AddExtension(cert, cert_, NID_key_usage,
               "critical,digitalSignature,keyAgreement");
  AddExtension(cert, cert_, NID_ext_key_usage,
               server ? "serverAuth" : "clientAuth");
  AddExtension(cert, cert_, NID_authority_key_identifier, "keyid:always");
  if (server) {
    AddExtension(cert, cert_, NID_subject_alt_name,
                 "DNS:localhost,IP:127.0.0.1");
  }
  Check(X509_sign(cert, key_, EVP_sha256()) > 0, "sign");
  KeyPair pair{ToPem(cert), ToPem(key)};
  X509_free(cert);
  EVP_PKEY_free(key);
  return pair;
}

void WriteFileAtomically(const std::string& path, const std::string& content) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << content;
    if (!out) throw std::runtime_error("cannot write " + tmp);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    throw std::runtime_error("cannot rename " + tmp);
  }
}

void InstallKeyPair(const KeyPair& pair, const std::string& cert_path,
                    const std::string& key_path) {
  WriteFileAtomically(key_path, pair.key_pem);
  WriteFileAtomically(cert_path, pair.cert_pem);
}

TlsExchangeResult TlsExchange(int port, const std::string& ca_pem,
                              const TlsExchangeOptions& options) {
  TlsExchangeResult result;
  auto fail = [&](const std::string& what) {
    char reason[256] = {0};
    ERR_error_string_n(ERR_get_error(), reason, sizeof reason);
    ERR_clear_error();
    result.ok = false;
    result.error = what + ": " + reason;
    return result;
  };
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return fail("socket");
  timeval timeout{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return fail("connect");
  }
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  SSL* ssl = nullptr;
  [&] {
    BIO* bio = BIO_new_mem_buf(ca_pem.data(), static_cast<int>(ca_pem.size()));
    X509* ca = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    if (ca == nullptr) return (void)fail("CA");
    X509_STORE_add_cert(SSL_CTX_get_cert_store(ctx), ca);
    X509_free(ca);
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, nullptr);
    if (options.client != nullptr) {
      BIO* cbio =
          BIO_new_mem_buf(options.client->cert_pem.data(),
                          static_cast<int>(options.client->cert_pem.size()));
      X509* cert = PEM_read_bio_X509(cbio, nullptr, nullptr, nullptr);
      BIO_free(cbio);
      BIO* kbio =
          BIO_new_mem_buf(options.client->key_pem.data(),
                          static_cast<int>(options.client->key_pem.size()));
      EVP_PKEY* key = PEM_read_bio_PrivateKey(kbio, nullptr, nullptr, nullptr);
      BIO_free(kbio);
      const bool loaded = cert != nullptr && key != nullptr &&
                          SSL_CTX_use_certificate(ctx, cert) == 1 &&
                          SSL_CTX_use_PrivateKey(ctx, key) == 1;
      X509_free(cert);
      EVP_PKEY_free(key);
      if (!loaded) return (void)fail("client certificate");
    }
    ssl = SSL_new(ctx);
    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), "127.0.0.1");
    if (!options.alpn.empty()) {
      std::string wire(1, static_cast<char>(options.alpn.size()));
      wire += options.alpn;
      SSL_set_alpn_protos(ssl,
                          reinterpret_cast<const unsigned char*>(wire.data()),
                          static_cast<unsigned>(wire.size()));
    }
    SSL_set_fd(ssl, fd);
    if (SSL_connect(ssl) != 1) return (void)fail("handshake");
    X509* peer = SSL_get1_peer_certificate(ssl);
    if (peer == nullptr) return (void)fail("no server certificate");
    BIGNUM* bn = ASN1_INTEGER_to_BN(X509_get0_serialNumber(peer), nullptr);
    char* hex = BN_bn2hex(bn);
    result.serial = hex;
    OPENSSL_free(hex);
    BN_free(bn);
    X509_free(peer);
    result.ok = true;
    if (options.request.empty()) return;
    if (SSL_write(ssl, options.request.data(),
                  static_cast<int>(options.request.size())) <= 0) {
      return (void)fail("write");
    }
    char buf[4096];
    for (;;) {
      const int n = SSL_read(ssl, buf, sizeof buf);
      if (n <= 0) break;
      result.received.append(buf, static_cast<size_t>(n));
    }
    ERR_clear_error();
  }();
  if (ssl != nullptr) SSL_free(ssl);
  SSL_CTX_free(ctx);
  close(fd);
  return result;
}

}  // namespace motcua::testing
