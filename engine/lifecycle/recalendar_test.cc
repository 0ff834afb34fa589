#include "engine/lifecycle/recalendar.h"

#include <gtest/gtest.h>

#include <memory>

#include "engine/calendar/official_schedule.h"
#include "engine/dossier/dossier_codec.h"

namespace motcua::engine {
namespace {

Instant At(int y, int m, int d, int hh, int mm) {
  return VietnamMidnight({y, m, d}) + hh * kMicrosPerHour +
         mm * kMicrosPerMinute;
}

std::shared_ptr<const WorkingCalendar> Plain(const char* schedule_text) {
  CalendarConfig c;
  c.name = "plain";
  std::vector<OfficialSchedule> schedules;
  if (schedule_text != nullptr) {
    auto s = ParseOfficialSchedule(schedule_text);
    EXPECT_TRUE(s.ok()) << s.error().message;
    schedules.push_back(*s);
  }
  auto r = WorkingCalendar::Create(c, schedules, schedule_text ? 2 : 1);
  EXPECT_TRUE(r.ok()) << r.error().message;
  return *r;
}

constexpr char kDayOffWednesday[] =
    "year 2026\n"
    "source T Văn bản thử\n"
    "off 2026-03-04 decided T nghỉ theo quyết định\n";

// Received Mon 02/03/2026 09:00 with 5 working days: due Mon 09/03.
Dossier Due9March() {
  Dossier d;
  d.code = "H55.1-260302-0001";
  d.agency_code = "H55.1";
  d.state = DossierState::kInProcessing;
  ReceiptTerms t;
  t.calendar = "plain";
  t.budget = Budget::WorkingDays(5);
  t.steps = {{"lead", "", t.budget}};
  t.clock_start = At(2026, 3, 2, 9, 0);
  d.terms = t;
  d.last_event_at = t.clock_start;
  return d;
}

TEST(RecalendarTest, ANewDayOffMovesAnOpenDossiersAppointment) {
  auto before = Plain(nullptr);
  auto after = Plain(kDayOffWednesday);
  const Dossier d = Due9March();
  auto change = CompareAppointment(d, *before, *after, At(2026, 3, 3, 8, 0));
  ASSERT_TRUE(change.has_value());
  EXPECT_TRUE(change->moves());
  EXPECT_EQ(VietnamDateOf(change->before), (CivilDate{2026, 3, 9}));
  EXPECT_EQ(VietnamDateOf(change->after), (CivilDate{2026, 3, 10}));
  // The same calendar moves nothing.
  auto same = CompareAppointment(d, *after, *after, At(2026, 3, 3, 8, 0));
  ASSERT_TRUE(same.has_value());
  EXPECT_FALSE(same->moves());
}

TEST(RecalendarTest, CompletedAndClosedDossiersKeepTheirAppointment) {
  auto before = Plain(nullptr);
  auto after = Plain(kDayOffWednesday);
  Dossier ready = Due9March();
  ready.state = DossierState::kResultReady;
  ready.completed_at = At(2026, 3, 5, 10, 0);
  EXPECT_FALSE(
      CompareAppointment(ready, *before, *after, At(2026, 3, 6, 8, 0)));
  Dossier returned = Due9March();
  returned.state = DossierState::kReturned;
  EXPECT_FALSE(
      CompareAppointment(returned, *before, *after, At(2026, 3, 6, 8, 0)));
  Dossier untimed = Due9March();
  untimed.terms.reset();
  EXPECT_FALSE(
      CompareAppointment(untimed, *before, *after, At(2026, 3, 6, 8, 0)));
}

TEST(RecalendarTest, CompareDaysListsOnlyDaysWhoseKindChanges) {
  auto before = Plain(nullptr);
  auto after = Plain(kDayOffWednesday);
  // The schedule adds 04/03 and, since it lists no holidays, takes away
  // every holiday the rules gave 2026: exactly what a publisher must see.
  const std::vector<DayDifference> diff = CompareDays(*before, *after, 2026);
  ASSERT_FALSE(diff.empty());
  int added = 0;
  for (const DayDifference& d : diff) {
    if (d.before.date == CivilDate{2026, 3, 4}) {
      EXPECT_TRUE(d.before.working());
      EXPECT_EQ(d.after.kind, DayKind::kDecidedDayOff);
      ++added;
    } else {
      // A holiday (or its make-up day) that becomes an ordinary working
      // day or weekly rest day.
      EXPECT_FALSE(d.before.working()) << FormatDate(d.before.date);
      EXPECT_FALSE(d.before.holiday.empty()) << FormatDate(d.before.date);
      EXPECT_TRUE(d.after.holiday.empty()) << FormatDate(d.before.date);
    }
  }
  EXPECT_EQ(added, 1);
  EXPECT_TRUE(CompareDays(*after, *after, 2026).empty());
}

TEST(RecalendarTest, AMovedAppointmentIsAnEventThatKeepsThePrintedOne) {
  auto before = Plain(nullptr);
  auto after = Plain(kDayOffWednesday);
  Dossier d = Due9March();
  d.version = 3;
  d.original_appointment = At(2026, 3, 9, 17, 0);
  d.appointment = d.original_appointment;
  const Instant now = At(2026, 3, 3, 8, 0);
  const std::vector<DossierEvent> events =
      DecideRecalendar(d, *before, *after, now);
  ASSERT_EQ(events.size(), 1u);
  const auto* moved = std::get_if<AppointmentMoved>(&events[0].body);
  ASSERT_NE(moved, nullptr);
  EXPECT_EQ(events[0].version, 4u);
  EXPECT_EQ(events[0].actor, kRecalendarActor);
  EXPECT_EQ(VietnamDateOf(moved->after), (CivilDate{2026, 3, 10}));
  EXPECT_EQ(moved->calendar, "plain");
  EXPECT_EQ(moved->calendar_version, 2);

  // The event survives the store's codec and applies.
  auto bytes = EncodeEvent(events[0]);
  auto decoded = DecodeEvent(bytes);
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_EQ(*decoded, events[0]);
  Apply(d, *decoded);
  EXPECT_EQ(d.appointment, moved->after);
  EXPECT_EQ(VietnamDateOf(d.original_appointment), (CivilDate{2026, 3, 9}));
  EXPECT_EQ(d.state, DossierState::kInProcessing);
  // Once moved, the same publication moves nothing more.
  EXPECT_TRUE(DecideRecalendar(d, *after, *after, now).empty());
}

}  // namespace
}  // namespace motcua::engine
