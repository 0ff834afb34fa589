// systemd's readiness protocol for Type=notify (deploy/systemd/
// motcuad.service), through libsystemd's sd_notify: READY=1 once every
// listener serves, STOPPING=1 when shutdown begins. Outside systemd
// (NOTIFY_SOCKET unset) both do nothing. Failures are logged, never fatal.
#pragma once

#include <string_view>

namespace motcua::services {

// READY=1 with a STATUS= line (e.g. "serving on 127.0.0.1:50051").
void NotifyReady(std::string_view status);
void NotifyStopping();

}  // namespace motcua::services
