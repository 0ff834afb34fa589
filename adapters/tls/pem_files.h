// PEM files for TLS: the server's certificate chain, its private key and a
// CA bundle, read and checked with OpenSSL before gRPC or Asio use them, so
// that a wrong file is refused at start with what is wrong with it, instead
// of surfacing as failed handshakes.
//
// Each function returns the file's bytes (what was checked is what will be
// used) or an error that names the path and the problem. Messages never
// contain key material, and a passphrase-protected key is refused rather
// than prompted for (motcuad runs unattended).
//
// Thread safety: free functions; safe from any thread.
//
// Example:
//   auto chain = ReadPemCertificates("/etc/motcua/tls.crt");
//   auto key = ReadPemPrivateKey("/etc/motcua/tls.key");
//   if (chain.ok() && key.ok()) {
//     engine::Status match = CheckKeyMatchesCertificate(*key, *chain);
//   }
#pragma once

#include <string>
#include <string_view>

#include "engine/common/result.h"

namespace motcua::adapters {

// At least one certificate, every PEM block of the file a certificate.
engine::Result<std::string> ReadPemCertificates(const std::string& path);

// One unencrypted private key.
engine::Result<std::string> ReadPemPrivateKey(const std::string& path);

// OK when `key_pem` is the private key of the first certificate of
// `chain_pem` (the server's own certificate; the rest are intermediates).
engine::Status CheckKeyMatchesCertificate(std::string_view key_pem,
                                          std::string_view chain_pem);

}  // namespace motcua::adapters
