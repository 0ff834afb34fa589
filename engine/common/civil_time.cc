#include "engine/common/civil_time.h"

#include <cstdio>

namespace motcua::engine {

std::string FormatDate(CivilDate d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

std::string FormatVietnamInstant(Instant t) {
  const CivilDate d = VietnamDateOf(t);
  const int64_t secs = VietnamTimeOfDay(t) / kMicrosPerSecond;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d+07:00", d.year,
                d.month, d.day, static_cast<int>(secs / 3600),
                static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60));
  return buf;
}

}  // namespace motcua::engine
