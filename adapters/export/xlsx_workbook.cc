#include "adapters/export/xlsx_workbook.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

namespace motcua::adapters {
namespace {

// Removes the temporary file however the export ends.
class TempFile {
 public:
  TempFile() = default;
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile() {
    if (!path_.empty()) {
      ::unlink(path_.c_str());
    }
  }

  // False with errno set when the file cannot be made.
  bool Create() {
    const char* dir = std::getenv("TMPDIR");
    dir_ = dir != nullptr && *dir != '\0' ? dir : "/tmp";
    std::string tmpl = dir_ + "/motcua-export-XXXXXX";
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    const int fd = ::mkstemp(buf.data());
    if (fd < 0) {
      return false;
    }
    ::close(fd);  // libxlsxwriter opens it by name
    path_ = buf.data();
    return true;
  }

  const std::string& path() const { return path_; }
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
  std::string path_;
};

}  // namespace

engine::Result<std::string> MakeXlsx(
    std::string_view what,
    const std::function<lxw_error(lxw_workbook*)>& fill) {
  auto failed = [what](const std::string& step, const std::string& cause) {
    return engine::Internal("cannot export " + std::string(what) +
                            " as XLSX: " + step + ": " + cause);
  };
  TempFile file;
  if (!file.Create()) {
    return failed("creating a temporary file in " + file.dir(),
                  std::strerror(errno));
  }
  lxw_workbook_options options = {};
  std::vector<char> tmpdir(file.dir().begin(), file.dir().end());
  tmpdir.push_back('\0');
  options.tmpdir = tmpdir.data();
  lxw_workbook* wb = workbook_new_opt(file.path().c_str(), &options);
  if (wb == nullptr) {
    return failed("creating the workbook",
                  "libxlsxwriter returned no workbook");
  }
  const lxw_error filled = fill(wb);
  // workbook_close writes the file and frees the workbook either way.
  const lxw_error closed = workbook_close(wb);
  if (filled != LXW_NO_ERROR) {
    return failed("writing the sheet", lxw_strerror(filled));
  }
  if (closed != LXW_NO_ERROR) {
    return failed("writing " + file.path(), lxw_strerror(closed));
  }
  std::ifstream in(file.path(), std::ios::binary);
  if (!in.is_open()) {
    return failed("reading back " + file.path(), std::strerror(errno));
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (bytes.str().empty()) {
    return failed("reading back " + file.path(), "the file is empty");
  }
  return std::move(bytes).str();
}

}  // namespace motcua::adapters
