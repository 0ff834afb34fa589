#include "server/transport_security.h"

#include <grpcpp/security/server_credentials.h>
#include <grpcpp/security/tls_certificate_provider.h>
#include <grpcpp/security/tls_credentials_options.h>

#include "adapters/tls/pem_files.h"
#include "services/network_address.h"

namespace motcua::services {

engine::Status CheckTls(const TlsOptions& tls) {
  if (!tls.enabled()) {
    if (!tls.client_ca_file.empty()) {
      return engine::InvalidArgument(
          "--tls-client-ca: needs --tls-cert and --tls-key (the server's own "
          "certificate and key)");
    }
    return {};
  }
  if (tls.cert_file.empty() || tls.key_file.empty()) {
    return engine::InvalidArgument(
        std::string(tls.cert_file.empty() ? "--tls-cert" : "--tls-key") +
        ": missing; --tls-cert (PEM certificate chain) and --tls-key (its PEM "
        "private key) go together");
  }
  if (tls.reload_seconds < 1) {
    return engine::InvalidArgument("--tls-reload-seconds: at least 1, got " +
                                   std::to_string(tls.reload_seconds));
  }
  auto chain = adapters::ReadPemCertificates(tls.cert_file);
  if (!chain.ok()) {
    return engine::InvalidArgument("--tls-cert " + chain.error().message);
  }
  auto key = adapters::ReadPemPrivateKey(tls.key_file);
  if (!key.ok()) {
    return engine::InvalidArgument("--tls-key " + key.error().message);
  }
  if (auto match = adapters::CheckKeyMatchesCertificate(*key, *chain);
      !match.ok()) {
    return engine::InvalidArgument("--tls-key " + tls.key_file +
                                   " and --tls-cert " + tls.cert_file + ": " +
                                   match.error().message);
  }
  if (!tls.client_ca_file.empty()) {
    auto ca = adapters::ReadPemCertificates(tls.client_ca_file);
    if (!ca.ok()) {
      return engine::InvalidArgument("--tls-client-ca " + ca.error().message);
    }
  }
  return {};
}

engine::Status CheckPlaintextAllowed(std::string_view flag,
                                     const std::string& address,
                                     const TlsOptions& tls,
                                     bool allow_plaintext) {
  if (tls.enabled() || allow_plaintext || IsLoopbackListenAddress(address)) {
    return {};
  }
  return engine::InvalidArgument(
      std::string(flag) + " " + address +
      ": refusing to serve plaintext on an address other than loopback; give "
      "--tls-cert and --tls-key, or add --allow-plaintext if a TLS proxy or "
      "a closed network protects this address");
}

std::shared_ptr<grpc::ServerCredentials> GrpcServerCredentials(
    const TlsOptions& tls) {
  if (!tls.enabled()) return grpc::InsecureServerCredentials();
  auto provider =
      std::make_shared<grpc::experimental::FileWatcherCertificateProvider>(
          tls.key_file, tls.cert_file, tls.client_ca_file,
          static_cast<unsigned int>(tls.reload_seconds));
  grpc::experimental::TlsServerCredentialsOptions options(provider);
  options.watch_identity_key_cert_pairs();
  if (!tls.client_ca_file.empty()) {
    options.watch_root_certs();
    options.set_cert_request_type(
        GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  }
  // The credentials hold the provider (gRPC reference-counts it): it keeps
  // watching for as long as a server uses them.
  return grpc::experimental::TlsServerCredentials(options);
}

}  // namespace motcua::services
