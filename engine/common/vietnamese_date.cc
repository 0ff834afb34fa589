#include "engine/common/vietnamese_date.h"

#include <cstdio>

namespace motcua::engine {

std::string VietnameseDate(CivilDate d) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "ngày %02d tháng %s%d năm %d", d.day,
                d.month <= 2 ? "0" : "", d.month, d.year);
  return buf;
}

std::string DateText(Instant t) { return VietnameseDate(VietnamDateOf(t)); }

std::string MinuteText(Instant t) {
  const int64_t minutes = VietnamTimeOfDay(t) / kMicrosPerMinute;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d giờ %02d phút, ",
                static_cast<int>(minutes / 60), static_cast<int>(minutes % 60));
  return buf + DateText(t);
}

}  // namespace motcua::engine
