#include "server/build_info.h"

#include <google/protobuf/stubs/common.h>
#include <grpcpp/grpcpp.h>
#include <openssl/opensslv.h>
#include <rocksdb/version.h>
#include <spdlog/version.h>
#include <toml++/toml.h>
#include <unicode/uversion.h>

#include <CLI/Version.hpp>
#include <boost/version.hpp>

#include "motcua/version.h"

namespace motcua::services {
namespace {

std::string Dotted(long major, long minor, long patch) {
  return std::to_string(major) + "." + std::to_string(minor) + "." +
         std::to_string(patch);
}

}  // namespace

std::string BuildInfo() {
  std::string out = "motcuad " + std::string(motcua::kVersion) + "\n";
  const auto line = [&out](const std::string& name, const std::string& v) {
    out += "  " + name + " " + v + "\n";
  };
  line("gRPC", grpc::Version());
  line("protobuf",
       google::protobuf::internal::VersionString(GOOGLE_PROTOBUF_VERSION));
  line("RocksDB", Dotted(ROCKSDB_MAJOR, ROCKSDB_MINOR, ROCKSDB_PATCH));
  line("Boost", Dotted(BOOST_VERSION / 100000, BOOST_VERSION / 100 % 1000,
                       BOOST_VERSION % 100));
  line("OpenSSL", OPENSSL_VERSION_TEXT);
  line("ICU", U_ICU_VERSION);
  line("spdlog", Dotted(SPDLOG_VER_MAJOR, SPDLOG_VER_MINOR, SPDLOG_VER_PATCH));
  line("toml++", Dotted(TOML_LIB_MAJOR, TOML_LIB_MINOR, TOML_LIB_PATCH));
  line("CLI11", CLI11_VERSION);
  line("compiler", __VERSION__);
  return out;
}

}  // namespace motcua::services
