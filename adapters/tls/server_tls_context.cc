#include "adapters/tls/server_tls_context.h"

#include <openssl/ssl.h>

#include <exception>

#include "adapters/tls/pem_files.h"

namespace motcua::adapters {

namespace ssl = boost::asio::ssl;

engine::Result<std::shared_ptr<ssl::context>> MakeServerTlsContext(
    const std::string& chain_pem, const std::string& key_pem) {
  try {
    auto ctx = std::make_shared<ssl::context>(ssl::context::tls_server);
    ctx->set_options(ssl::context::default_workarounds |
                     ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                     ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                     ssl::context::single_dh_use);
    SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_2_VERSION);
    boost::system::error_code ec;
    ctx->use_certificate_chain(boost::asio::buffer(chain_pem), ec);
    if (!ec) {
      ctx->use_private_key(boost::asio::buffer(key_pem), ssl::context::pem, ec);
    }
    if (ec) {
      return engine::InvalidArgument("cannot use the certificate and key: " +
                                     ec.message());
    }
    if (SSL_CTX_check_private_key(ctx->native_handle()) != 1) {
      return engine::InvalidArgument(
          "the private key does not belong to the certificate");
    }
    return ctx;
  } catch (const std::exception& e) {
    return engine::Internal(std::string("cannot make a TLS context: ") +
                            e.what());
  }
}

ServerTlsContext::ServerTlsContext(std::string cert_file, std::string key_file,
                                   int64_t reload_seconds)
    : cert_file_(std::move(cert_file)),
      key_file_(std::move(key_file)),
      reload_seconds_(reload_seconds) {}

engine::Status ServerTlsContext::Load() {
  auto chain = ReadPemCertificates(cert_file_);
  if (!chain.ok()) return chain.error();
  auto key = ReadPemPrivateKey(key_file_);
  if (!key.ok()) return key.error();
  if (ctx_ && *chain == chain_pem_ && *key == key_pem_) return {};
  if (auto match = CheckKeyMatchesCertificate(*key, *chain); !match.ok()) {
    return engine::InvalidArgument(key_file_ + " and " + cert_file_ + ": " +
                                   match.error().message);
  }
  auto ctx = MakeServerTlsContext(*chain, *key);
  if (!ctx.ok()) return ctx.error();
  ctx_ = std::move(*ctx);
  chain_pem_ = std::move(*chain);
  key_pem_ = std::move(*key);
  return {};
}

std::shared_ptr<ssl::context> ServerTlsContext::Current(
    const std::function<void(const std::string&)>& on_error) {
  if (!ctx_) return nullptr;
  const auto now = std::chrono::steady_clock::now();
  if (now >= next_check_) {
    next_check_ = now + std::chrono::seconds(reload_seconds_);
    if (engine::Status loaded = Load(); !loaded.ok()) {
      on_error("keeping the current TLS certificate: " +
               loaded.error().message);
    }
  }
  return ctx_;
}

}  // namespace motcua::adapters
