#include "adapters/tls/pem_files.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>

namespace motcua::adapters {
namespace {

// Far above any real chain or key; keeps a wrong path (a device, a huge
// file) from being read whole.
constexpr std::streamsize kMaxPemBytes = 1 << 20;

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

// OpenSSL's reason for the last failure ("bad base64 decode"), without the
// data; clears the queue.
std::string OpenSslReason() {
  const unsigned long code = ERR_peek_last_error();
  ERR_clear_error();
  const char* reason = code != 0 ? ERR_reason_error_string(code) : nullptr;
  return reason != nullptr ? reason : "unknown error";
}

// Refuses to ask for a passphrase: an encrypted key fails to load.
int NoPassphrase(char*, int, int, void*) { return -1; }

engine::Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return engine::InvalidArgument(path +
                                   ": cannot read: " + std::strerror(errno));
  }
  std::string bytes(static_cast<size_t>(kMaxPemBytes) + 1, '\0');
  in.read(bytes.data(), kMaxPemBytes + 1);
  if (in.bad()) return engine::InvalidArgument(path + ": cannot read");
  bytes.resize(static_cast<size_t>(in.gcount()));
  if (bytes.size() > static_cast<size_t>(kMaxPemBytes)) {
    return engine::InvalidArgument(path +
                                   ": larger than 1 MiB; not a PEM file");
  }
  if (bytes.find("-----BEGIN ") == std::string::npos) {
    return engine::InvalidArgument(path +
                                   ": not a PEM file (no -----BEGIN line)");
  }
  return bytes;
}

BioPtr MemoryBio(std::string_view bytes) {
  return BioPtr(BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size())));
}

}  // namespace

engine::Result<std::string> ReadPemCertificates(const std::string& path) {
  auto bytes = ReadFile(path);
  if (!bytes.ok()) return bytes.error();
  BioPtr bio = MemoryBio(*bytes);
  if (!bio) return engine::Internal("cannot allocate an OpenSSL buffer");
  int count = 0;
  ERR_clear_error();
  for (;;) {
    X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, NoPassphrase, nullptr));
    if (cert) {
      ++count;
      continue;
    }
    // The end of the data reads as "no start line"; anything else is a
    // broken block.
    const unsigned long code = ERR_peek_last_error();
    if (ERR_GET_LIB(code) == ERR_LIB_PEM &&
        ERR_GET_REASON(code) == PEM_R_NO_START_LINE && count > 0) {
      ERR_clear_error();
      break;
    }
    return engine::InvalidArgument(
        path + ": " +
        (count == 0
             ? "holds no PEM certificate (-----BEGIN CERTIFICATE-----)"
             : "certificate " + std::to_string(count + 1) + " cannot be read") +
        ": " + OpenSslReason());
  }
  return std::move(*bytes);
}

engine::Result<std::string> ReadPemPrivateKey(const std::string& path) {
  auto bytes = ReadFile(path);
  if (!bytes.ok()) return bytes.error();
  BioPtr bio = MemoryBio(*bytes);
  if (!bio) return engine::Internal("cannot allocate an OpenSSL buffer");
  ERR_clear_error();
  KeyPtr key(
      PEM_read_bio_PrivateKey(bio.get(), nullptr, NoPassphrase, nullptr));
  if (!key) {
    const bool encrypted = bytes->find("ENCRYPTED") != std::string::npos;
    return engine::InvalidArgument(
        path + ": " +
        (encrypted ? std::string("the private key is passphrase-protected; "
                                 "give an unencrypted key (file mode 0600)")
                   : "holds no readable PEM private key: " + OpenSslReason()));
  }
  return std::move(*bytes);
}

engine::Status CheckKeyMatchesCertificate(std::string_view key_pem,
                                          std::string_view chain_pem) {
  BioPtr key_bio = MemoryBio(key_pem);
  BioPtr cert_bio = MemoryBio(chain_pem);
  if (!key_bio || !cert_bio) {
    return engine::Internal("cannot allocate an OpenSSL buffer");
  }
  ERR_clear_error();
  KeyPtr key(
      PEM_read_bio_PrivateKey(key_bio.get(), nullptr, NoPassphrase, nullptr));
  X509Ptr cert(
      PEM_read_bio_X509(cert_bio.get(), nullptr, NoPassphrase, nullptr));
  if (!key || !cert) {
    return engine::InvalidArgument("cannot read the key or the certificate: " +
                                   OpenSslReason());
  }
  if (X509_check_private_key(cert.get(), key.get()) != 1) {
    ERR_clear_error();
    return engine::InvalidArgument(
        "the private key does not belong to the certificate (the first one "
        "of the chain)");
  }
  return {};
}

}  // namespace motcua::adapters
