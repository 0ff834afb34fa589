#include "server/systemd_notify.h"

#include <systemd/sd-daemon.h>

#include <cstring>
#include <string>

#include "runtime/log.h"

namespace motcua::services {
namespace {

void Notify(const std::string& state) {
  const int r = sd_notify(/*unset_environment=*/0, state.c_str());
  if (r < 0) {
    runtime::Log(runtime::LogLevel::kWarn, "sd_notify_failed",
                 {{"error", std::strerror(-r)}});
  }
}

}  // namespace

void NotifyReady(std::string_view status) {
  Notify("READY=1\nSTATUS=" + std::string(status));
}

void NotifyStopping() { Notify("STOPPING=1\nSTATUS=stopping"); }

}  // namespace motcua::services
