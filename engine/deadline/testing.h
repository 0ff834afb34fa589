// Test helpers shared by the deadline tests: a calendar with the shipped
// official schedules (deploy/calendars) and Vietnamese wall-clock instants.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "engine/calendar/working_calendar.h"
#include "shipped_schedules.h"

namespace motcua::engine::testing {

inline Instant At(int y, int m, int d, int hh, int mm) {
  return VietnamMidnight({y, m, d}) + hh * kMicrosPerHour +
         mm * kMicrosPerMinute;
}

inline std::shared_ptr<const WorkingCalendar> ShippedCalendar(
    AppointmentTime mode = AppointmentTime::kEndOfWorkingDay,
    int64_t version = 7) {
  std::vector<OfficialSchedule> schedules;
  for (const ShippedSchedule& s : kShippedSchedules) {
    schedules.push_back(*ParseOfficialSchedule(s.text));
  }
  CalendarConfig config;
  config.name = "ha-noi";
  config.appointment_time = mode;
  auto cal = WorkingCalendar::Create(config, schedules, version);
  EXPECT_TRUE(cal.ok()) << cal.error().message;
  return *cal;
}

}  // namespace motcua::engine::testing
