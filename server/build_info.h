// What `motcuad --version` prints: motcua's version (motcua::kVersion) and
// the versions of the libraries this binary was compiled against, one per
// line ("motcuad 0.4.0", then "  gRPC 1.51.1", ...). Compile-time versions,
// except gRPC's, which is the linked library's own (grpc::Version()).
#pragma once

#include <string>

namespace motcua::services {

std::string BuildInfo();

}  // namespace motcua::services
