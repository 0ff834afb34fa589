#include "tools/ctl/ctl.h"

#include <google/protobuf/util/json_util.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>

#include "motcua/service_config.h"
#include "proto/grpc_status_name.h"

namespace motcua::ctl {
namespace {

constexpr const char* kDefaultTokenFile = "data/bootstrap-admin.token";

bool IsPathChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '[' || c == ']';
}

}  // namespace

std::string NameFlags(std::string_view message, const FlagNames& flags) {
  size_t end = 0;
  while (end < message.size() && IsPathChar(message[end])) ++end;
  if (end == 0 || end + 1 >= message.size() || message[end] != ':' ||
      message[end + 1] != ' ') {
    return std::string(message);
  }
  const std::string_view path = message.substr(0, end);
  const std::string_view rest = message.substr(end);
  for (const auto& [field, flag] : flags) {
    if (path != field) continue;
    // An empty flag: the path only wraps the message of an inner field
    // ("period: quarter: ..."), which is named instead.
    if (flag.empty()) {
      std::string inner = NameFlags(rest.substr(2), flags);
      return inner == rest.substr(2) ? std::string(message) : inner;
    }
    return flag + std::string(rest);
  }
  // A path below a mapped field: "documents[1].name" under "documents".
  for (const auto& [field, flag] : flags) {
    if (path.size() > field.size() && path.substr(0, field.size()) == field &&
        (path[field.size()] == '.' || path[field.size()] == '[')) {
      return flag + " (" + std::string(path) + ")" + std::string(rest);
    }
  }
  return std::string(message);
}

std::string NewRequestId() {
  std::random_device random;
  std::string id = "motcuactl-";
  static constexpr char kHex[] = "0123456789abcdef";
  for (int i = 0; i < 4; ++i) {
    uint32_t word = random();
    for (int j = 0; j < 8; ++j) {
      id += kHex[word & 0xF];
      word >>= 4;
    }
  }
  return id;
}

std::string SafeFileName(std::string_view name) {
  std::string out;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    out += ok ? c : '-';
  }
  if (!out.empty() && out.front() == '.') out.front() = '-';
  return out.empty() ? "export" : out;
}

std::string ReadFile(const std::string& path, std::string_view flag) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  if (in) out << in.rdbuf();
  if (!in) {
    throw UsageError((flag.empty() ? "" : std::string(flag) + ": ") +
                     "cannot read " + path);
  }
  return out.str();
}

void Ctl::AddConnectionOptions(CLI::App& app) {
  app.add_option("--target", target_, "motcuad address HOST:PORT")
      ->envname("MOTCUA_TARGET")
      ->capture_default_str();
  auto* ca = app.add_option("--tls-ca,--ca", tls_ca_,
                            "TLS: trust this CA (PEM) for the server");
  auto* cert = app.add_option("--tls-cert,--cert", tls_cert_,
                              "mutual TLS: client certificate chain (PEM)");
  auto* key = app.add_option("--tls-key,--key", tls_key_,
                             "mutual TLS: the client certificate's key (PEM)");
  cert->needs(key);
  key->needs(cert);
  app.add_option("--tls-server-name", tls_server_name_,
                 "TLS: the name the server's certificate must carry "
                 "(default: the target's host)");
  (void)ca;
  app.add_option("--token-file", token_file_,
                 "file holding the bearer token (default: $MOTCUA_TOKEN, "
                 "else data/bootstrap-admin.token)");
}

const std::string& Ctl::Token() {
  if (token_read_) return token_;
  token_read_ = true;
  std::string source;
  if (!token_file_.empty()) {
    token_ = ReadFile(token_file_, "--token-file");
    source = "--token-file " + token_file_;
  } else if (const char* env = std::getenv("MOTCUA_TOKEN");
             env != nullptr && *env != '\0') {
    token_ = env;
    source = "$MOTCUA_TOKEN";
  } else if (std::ifstream in(kDefaultTokenFile); in) {
    std::getline(in, token_);
    source = kDefaultTokenFile;
  }
  while (!token_.empty() && (token_.back() == '\n' || token_.back() == '\r' ||
                             token_.back() == ' ')) {
    token_.pop_back();
  }
  for (char c : token_) {
    // gRPC refuses other bytes in metadata; say so without showing them.
    if (c < 0x21 || c > 0x7E) {
      throw UsageError("the token from " + source +
                       " holds characters a token cannot have (spaces, "
                       "control or non-ASCII characters)");
    }
  }
  return token_;
}

std::shared_ptr<grpc::Channel> Ctl::Channel() {
  if (channel_) return channel_;
  // Retries (UNAVAILABLE, RESOURCE_EXHAUSTED, with backoff) are gRPC's,
  // under the service config motcua publishes for every client.
  grpc::ChannelArguments args;
  args.SetServiceConfigJSON(kServiceConfigJson);
  const bool tls =
      !tls_ca_.empty() || !tls_cert_.empty() || !tls_server_name_.empty();
  if (!tls) {
    channel_ = grpc::CreateCustomChannel(
        target_, grpc::InsecureChannelCredentials(), args);
    return channel_;
  }
  grpc::SslCredentialsOptions options;
  if (!tls_ca_.empty()) options.pem_root_certs = ReadFile(tls_ca_, "--tls-ca");
  if (!tls_cert_.empty()) {
    options.pem_cert_chain = ReadFile(tls_cert_, "--tls-cert");
    options.pem_private_key = ReadFile(tls_key_, "--tls-key");
  }
  if (!tls_server_name_.empty()) {
    args.SetSslTargetNameOverride(tls_server_name_);
  }
  channel_ =
      grpc::CreateCustomChannel(target_, grpc::SslCredentials(options), args);
  return channel_;
}

std::unique_ptr<grpc::ClientContext> Ctl::Context(
    std::chrono::seconds deadline) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  if (!Token().empty()) ctx->AddMetadata("authorization", "Bearer " + Token());
  ctx->set_deadline(std::chrono::system_clock::now() + deadline);
  return ctx;
}

grpc::Status Ctl::Call(
    const std::function<grpc::Status(grpc::ClientContext*)>& call) {
  return call(Context().get());
}

bool Ctl::Check(const grpc::Status& status, const FlagNames& flags) {
  if (status.ok()) return true;
  std::fprintf(stderr, "%s: %s\n",
               std::string(StatusCodeName(status.error_code())).c_str(),
               NameFlags(status.error_message(), flags).c_str());
  exit_status_ = 1;
  return false;
}

void Ctl::Finish(const grpc::Status& status, const google::protobuf::Message& m,
                 const FlagNames& flags) {
  if (!Check(status, flags)) return;
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(m, &json, options);
  std::cout << json;
}

void Ctl::FinishWrite(const grpc::Status& status,
                      const google::protobuf::Message& m,
                      const FlagNames& flags, const std::string& request_id) {
  Finish(status, m, flags);
  if (!status.ok()) {
    std::fprintf(stderr,
                 "motcuactl: the request_id was %s; to retry this exact "
                 "write, add --request-id %s\n",
                 request_id.c_str(), request_id.c_str());
  }
}

void Ctl::Save(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
  out.close();
  if (!out) throw UsageError("cannot write " + path);
  std::fprintf(stderr, "motcuactl: wrote %s (%zu bytes)\n", path.c_str(),
               bytes.size());
}

}  // namespace motcua::ctl
