// Test fixtures of engine/report: Vietnamese wall-clock instants, a plain
// Monday-Friday calendar, hand-built dossiers with a consistent clock.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/deadline/deadline_clock.h"
#include "engine/dossier/dossier.h"

namespace motcua::engine::testing {

inline Instant At(int y, int m, int d, int hh, int mm) {
  return VietnamMidnight({y, m, d}) + hh * kMicrosPerHour +
         mm * kMicrosPerMinute;
}

inline const WorkingCalendar& TestCalendar() {
  static const std::shared_ptr<const WorkingCalendar> cal = [] {
    CalendarConfig c;
    c.name = "synthetic";
    auto r = WorkingCalendar::Create(c, {}, 1);
    EXPECT_TRUE(r.ok());
    return *r;
  }();
  return *cal;
}

// What happens to a hand-built dossier, in time order.
struct Story {
  std::string agency = "H55.1";
  std::string field = "F01";
  Instant received = 0;
  bool channel_online = false;
  int budget_days = 5;
  std::vector<ClockMark> marks = {};  // suspend / resume / reappoint
  std::optional<Instant> completed = std::nullopt;
  std::optional<DossierState> ended_as = std::nullopt;  // kWithdrawn, kStopped
  std::optional<Instant> ended_at = std::nullopt;
};

// A single-step dossier whose appointment and result come from the same
// DeadlineClock the lifecycle uses, so DossierClock() replays it exactly.
inline Dossier MakeDossier(const Story& s) {
  const WorkingCalendar& cal = TestCalendar();
  Dossier d;
  d.code = s.agency + "-000000-0001";
  d.agency_code = s.agency;
  d.holder_agency = s.agency;
  d.procedure_code = "1.001000";
  d.channel = s.channel_online ? Channel::kOnline : Channel::kDirect;
  d.received_at = s.received;
  ReceiptTerms t;
  t.field_code = s.field;
  t.field_name = "Lĩnh vực " + s.field;
  t.calendar = cal.name();
  t.budget = Budget::WorkingDays(s.budget_days);
  t.steps = {{"lead", "", t.budget}};
  t.clock_start = s.received;
  auto clock = DeadlineClock::Start(cal, s.received, t.budget);
  EXPECT_TRUE(clock.ok());
  t.appointment = clock->appointment();
  d.original_appointment = t.appointment;
  for (const ClockMark& m : s.marks) {
    Status st = m.kind == ClockEventKind::kSuspend
                    ? clock->Suspend(cal, m.at, m.reason)
                : m.kind == ClockEventKind::kResume
                    ? clock->Resume(cal, m.at)
                    : clock->Reappoint(cal, m.at, m.appointment);
    EXPECT_TRUE(st.ok()) << st.error().message;
    if (m.kind == ClockEventKind::kReappoint) d.reappointments.push_back(m.at);
  }
  d.clock = s.marks;
  d.appointment = clock->appointment();
  d.terms = t;
  d.steps.push_back({0, s.agency, s.received, t.appointment, t.appointment,
                     std::nullopt, std::nullopt});
  d.state = clock->suspended() ? DossierState::kSupplementRequested
                               : DossierState::kInProcessing;
  d.last_event_at = s.marks.empty() ? s.received : s.marks.back().at;
  if (s.completed) {
    auto k = clock->Classify(cal, *s.completed);
    EXPECT_TRUE(k.ok());
    d.completed_at = s.completed;
    d.result = k->against_appointment;
    d.state = DossierState::kResultReady;
    d.last_event_at = *s.completed;
  } else if (s.ended_as) {
    d.state = *s.ended_as;
    d.last_event_at = *s.ended_at;
  }
  return d;
}

inline ClockMark Suspend(Instant at) {
  return {ClockEventKind::kSuspend, at, SuspensionReason::kSupplement, 0};
}
inline ClockMark Resume(Instant at) {
  return {ClockEventKind::kResume, at, SuspensionReason::kOther, 0};
}
inline ClockMark Reappoint(Instant at, Instant to) {
  return {ClockEventKind::kReappoint, at, SuspensionReason::kOther, to};
}

}  // namespace motcua::engine::testing
