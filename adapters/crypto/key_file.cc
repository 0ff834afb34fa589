#include "adapters/crypto/key_file.h"

#include <fcntl.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace motcua::adapters {

engine::Result<std::string> RandomBytes(size_t bytes) {
  std::string out(bytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()),
                 static_cast<int>(bytes)) != 1) {
    return engine::Internal("cannot generate random bytes");
  }
  return out;
}

engine::Result<std::string> LoadOrCreateKey(const std::string& path,
                                            size_t bytes) {
  std::ifstream in(path, std::ios::binary);
  if (in) {
    std::ostringstream key;
    key << in.rdbuf();
    if (key.str().size() != bytes) {
      return engine::Internal(path + " is not a " + std::to_string(bytes) +
                              "-byte key");
    }
    return key.str();
  }
  auto key = RandomBytes(bytes);
  if (!key.ok()) return key.error();
  if (engine::Status s = WriteSecretFile(path, *key); !s.ok()) {
    return s.error();
  }
  return std::move(*key);
}

engine::Status WriteSecretFile(const std::string& path,
                               std::string_view content) {
  const std::string tmp = path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return engine::Unavailable("cannot create " + tmp);
  // O_CREAT keeps the mode of a file left by an earlier attempt.
  const bool written = ::fchmod(fd, 0600) == 0 &&
                       ::write(fd, content.data(), content.size()) ==
                           static_cast<ssize_t>(content.size()) &&
                       ::fsync(fd) == 0;
  ::close(fd);
  if (!written || std::rename(tmp.c_str(), path.c_str()) != 0) {
    return engine::Unavailable("cannot write " + path);
  }
  return {};
}

}  // namespace motcua::adapters
