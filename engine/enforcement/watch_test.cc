#include "engine/enforcement/watch.h"

#include <gtest/gtest.h>

#include "engine/common/status_testing.h"
#include "engine/dossier/dossier_codec.h"
#include "engine/lifecycle/lifecycle_testing.h"

namespace motcua::engine {
namespace {

using testing::At;
using testing::Cmd;
using testing::ShippedCalendars;
using testing::Submission;
using testing::Walker;
using T = Transition;
using K = WatchKind;

const WorkingCalendar& Vn() { return **ShippedCalendars().Get("vn"); }

std::vector<WatchEntry> Entries(const Dossier& d, const WatchConfig& cfg = {}) {
  auto e = WatchEntries(d, Vn(), cfg);
  EXPECT_TRUE(e.ok()) << e.error().message;
  return e.ok() ? *e : std::vector<WatchEntry>{};
}

const WatchEntry* Find(const std::vector<WatchEntry>& v, K kind) {
  for (const WatchEntry& e : v) {
    if (e.kind == kind) return &e;
  }
  return nullptr;
}

// Fires `kind` at its due instant, applies it, and returns the event body.
DeadlineNoticed Fire(Walker& w, K kind, Instant now) {
  const auto entries = Entries(w.dossier());
  const WatchEntry* e = Find(entries, kind);
  EXPECT_NE(e, nullptr) << WatchKindName(kind);
  if (e == nullptr) return {};
  auto events = DecideDeadline(w.dossier(), *e, now, Vn(), {});
  EXPECT_TRUE(events.ok());
  EXPECT_EQ(events->size(), 1u);
  if (!events.ok() || events->size() != 1) return {};
  w.Append((*events)[0]);
  return std::get<DeadlineNoticed>((*events)[0].body);
}

Walker Received(const char* agency, const char* procedure, Instant at) {
  Walker w;
  EXPECT_TRUE(
      w.Receive(Submission(agency, procedure, Channel::kDirect, at)).ok());
  return w;
}

TEST(WatchEntriesTest, WarningOverdueAndApologyAcrossHolidays) {
  struct Case {
    const char* name;
    const char* agency;
    const char* procedure;
    Instant received;
    Instant appointment;
    Instant due_soon;
    Instant overdue;
    std::optional<Instant> apology;
  };
  const Case cases[] = {
      // 5 days: 12, 13/02, then Tết 2026 by the rules (16-20/02) and the
      // weekends: 23, 24, 25/02.
      {"after Tet 2026", "H55.41", "1.001022", At(2026, 2, 11, 9, 30),
       At(2026, 2, 25, 17, 0), At(2026, 2, 24, 17, 0), At(2026, 2, 26, 0, 0),
       At(2026, 2, 24, 17, 0)},
      // The warning and the apology's last day fall before Tết.
      {"warning before Tet 2026", "H55.41", "1.001022", At(2026, 2, 9, 9, 30),
       At(2026, 2, 23, 17, 0), At(2026, 2, 13, 17, 0), At(2026, 2, 24, 0, 0),
       At(2026, 2, 13, 17, 0)},
      // Official 2025 schedule: Tết 25/01-02/02.
      {"across Tet 2025", "H55.10", "1.001234", At(2025, 1, 20, 9, 30),
       At(2025, 2, 10, 17, 0), At(2025, 2, 7, 17, 0), At(2025, 2, 11, 0, 0),
       At(2025, 2, 7, 17, 0)},
      // New Year 2026: 01/01 holiday, 02/01 swapped off, 10/01 worked.
      {"New Year swap", "H55.41", "1.001022", At(2025, 12, 30, 9, 0),
       At(2026, 1, 7, 17, 0), At(2026, 1, 6, 17, 0), At(2026, 1, 8, 0, 0),
       At(2026, 1, 6, 17, 0)},
      // Same day: less than the lead in the whole budget (warn at once);
      // the apology window closed before receipt (none owed).
      {"same day", "H55.41", "1.001193", At(2026, 1, 5, 9, 30),
       At(2026, 1, 5, 17, 0), At(2026, 1, 5, 9, 30), At(2026, 1, 6, 0, 0),
       std::nullopt},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Walker w = Received(c.agency, c.procedure, c.received);
    ASSERT_EQ(w.dossier().appointment, c.appointment);
    const auto entries = Entries(w.dossier());
    ASSERT_TRUE(std::is_sorted(entries.begin(), entries.end()));
    const WatchEntry* soon = Find(entries, K::kDueSoon);
    const WatchEntry* overdue = Find(entries, K::kOverdue);
    const WatchEntry* apology = Find(entries, K::kApologyRequired);
    ASSERT_NE(soon, nullptr);
    ASSERT_NE(overdue, nullptr);
    EXPECT_EQ(soon->due, c.due_soon);
    EXPECT_EQ(soon->deadline, c.appointment);
    EXPECT_EQ(overdue->due, c.overdue);
    EXPECT_EQ(overdue->deadline, c.appointment);
    EXPECT_EQ(overdue->code, w.dossier().code);
    EXPECT_EQ(apology != nullptr, c.apology.has_value());
    if (apology != nullptr && c.apology) {
      EXPECT_EQ(apology->due, *c.apology);
      EXPECT_EQ(apology->deadline, c.appointment);
    }
    EXPECT_EQ(Find(entries, K::kStepOverdue), nullptr);
  }
}

TEST(WatchEntriesTest, LeadPerProcedureOverridesTheDefault) {
  Walker w = Received("H55.41", "1.001022", At(2026, 1, 5, 9, 30));
  WatchConfig cfg;
  cfg.due_soon_lead_by_procedure["1.001022"] = 2 * 8 * kMicrosPerHour;
  cfg.due_soon_lead_by_procedure["1.001234"] = kMicrosPerHour;
  // Appointment Mon 12/01 17:00; two working days before: Thu 08/01 17:00.
  EXPECT_EQ(Find(Entries(w.dossier(), cfg), K::kDueSoon)->due,
            At(2026, 1, 8, 17, 0));
  cfg.due_soon_lead_micros = 2 * kMicrosPerHour;
  cfg.due_soon_lead_by_procedure.clear();
  EXPECT_EQ(Find(Entries(w.dossier(), cfg), K::kDueSoon)->due,
            At(2026, 1, 12, 15, 0));
}

TEST(WatchEntriesTest, NothingForDossiersThatCannotFire) {
  Walker online;
  ASSERT_OK(online.Receive(Submission("H55.41", "1.001022", Channel::kOnline,
                                      At(2026, 1, 3, 21, 0))));
  Walker ready = Received("H55.41", "1.001022", At(2026, 1, 5, 9, 30));
  auto transfer = Cmd(T::kTransfer, "H55.41", At(2026, 1, 5, 10, 0));
  transfer.to_agency = "H55.41";
  ASSERT_OK(ready.Do(transfer));
  ASSERT_OK(
      ready.Do(Cmd(T::kStartProcessing, "H55.41", At(2026, 1, 5, 11, 0))));
  Walker suspended = ready;
  ASSERT_OK(suspended.Do(Cmd(T::kRequestSupplement, "H55.41",
                             At(2026, 1, 6, 9, 0), "Thiếu giấy")));
  Walker stopped = ready;
  ASSERT_OK(stopped.Do(Cmd(T::kStop, "H55.41", At(2026, 1, 6, 9, 0), "Dừng")));
  ASSERT_OK(ready.Do(Cmd(T::kMarkResultReady, "H55.41", At(2026, 1, 8, 9, 0))));
  Dossier no_terms = ready.dossier();
  no_terms.terms.reset();
  const struct {
    const char* name;
    Dossier d;
  } cases[] = {
      {"online, not accepted", online.dossier()},
      {"result ready", ready.dossier()},
      {"suspended", suspended.dossier()},
      {"stopped", stopped.dossier()},
      {"no terms", no_terms},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_TRUE(Entries(c.d).empty());
  }
  // The calendar must be the dossier's.
  auto wrong =
      WatchEntries(suspended.dossier(), **ShippedCalendars().Get("ha-noi"), {});
  EXPECT_TRUE(wrong.ok());  // suspended: nothing to compute
  Walker open = Received("H55.41", "1.001022", At(2026, 1, 5, 9, 30));
  auto bad =
      WatchEntries(open.dossier(), **ShippedCalendars().Get("ha-noi"), {});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kFailedPrecondition);
}

TEST(DecideDeadlineTest, FiresOnceWhenDueAndNotBefore) {
  Walker w = Received("H55.41", "1.001022", At(2026, 1, 5, 9, 30));
  const Dossier before = w.dossier();
  const WatchEntry overdue = *Find(Entries(before), K::kOverdue);
  ASSERT_EQ(overdue.due, At(2026, 1, 13, 0, 0));
  auto early = DecideDeadline(before, overdue, overdue.due - 1, Vn(), {});
  ASSERT_TRUE(early.ok());
  EXPECT_TRUE(early->empty());

  const Instant now = At(2026, 1, 13, 9, 0);
  auto events = DecideDeadline(before, overdue, now, Vn(), {});
  ASSERT_TRUE(events.ok()) << events.error().message;
  ASSERT_EQ(events->size(), 1u);
  const DossierEvent& e = (*events)[0];
  EXPECT_EQ(e.version, before.version + 1);
  EXPECT_EQ(e.recorded_at, now);
  EXPECT_EQ(e.actor, "sweeper");
  const auto& n = std::get<DeadlineNoticed>(e.body);
  EXPECT_EQ(n.kind, K::kOverdue);
  EXPECT_EQ(n.deadline, At(2026, 1, 12, 17, 0));
  EXPECT_EQ(n.noticed_at, now);
  EXPECT_EQ(n.agency_code, "H55.41");
  EXPECT_EQ(n.remaining_micros, -2 * kMicrosPerHour);  // 07:00-09:00 used
  auto decoded = DecodeEvent(EncodeEvent(e));
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, e);

  w.Append(e);
  const Dossier& after = w.dossier();
  EXPECT_EQ(after.state, before.state);
  EXPECT_EQ(after.last_event_at, before.last_event_at);
  EXPECT_EQ(after.clock, before.clock);
  EXPECT_EQ(after.appointment, before.appointment);
  EXPECT_EQ(Find(Entries(after), K::kOverdue), nullptr);
  // Superseded: the warning of a deadline already noticed overdue.
  EXPECT_EQ(Find(Entries(after), K::kDueSoon), nullptr);
  auto again = DecideDeadline(after, overdue, now + kMicrosPerHour, Vn(), {});
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty());
  EXPECT_EQ(Fold(w.log()), after);
  // A desk action dated before the notice is still accepted.
  auto transfer = Cmd(T::kTransfer, "H55.41", At(2026, 1, 12, 16, 0));
  transfer.to_agency = "H55.41";
  ASSERT_OK(w.Do(transfer));
}

TEST(DecideDeadlineTest, CatchUpSkipsWarningsWhoseOverdueHasPassed) {
  Walker w = Received("H55.41", "1.001022", At(2026, 1, 5, 9, 30));
  const WatchEntry soon = *Find(Entries(w.dossier()), K::kDueSoon);
  auto late =
      DecideDeadline(w.dossier(), soon, At(2026, 1, 20, 9, 0), Vn(), {});
  ASSERT_TRUE(late.ok());
  EXPECT_TRUE(late->empty());
  auto on_time = DecideDeadline(w.dossier(), soon, soon.due, Vn(), {});
  ASSERT_TRUE(on_time.ok());
  ASSERT_EQ(on_time->size(), 1u);
  EXPECT_EQ(std::get<DeadlineNoticed>((*on_time)[0].body).remaining_micros,
            8 * kMicrosPerHour);
  WatchEntry other = soon;
  other.code = "H55.41-260105-0099";
  EXPECT_FALSE(DecideDeadline(w.dossier(), other, soon.due, Vn(), {}).ok());
}

TEST(DecideDeadlineTest, SuspensionRemovesEntriesAndResumeMovesThem) {
  Walker w = Received("H55.41", "1.001022", At(2026, 1, 5, 9, 30));
  auto transfer = Cmd(T::kTransfer, "H55.41", At(2026, 1, 5, 10, 0));
  transfer.to_agency = "H55.41";
  ASSERT_OK(w.Do(transfer));
  ASSERT_OK(w.Do(Cmd(T::kStartProcessing, "H55.41", At(2026, 1, 5, 10, 5))));
  // Due soon at Fri 09/01 17:00 for Mon 12/01 17:00; fired.
  const DeadlineNoticed warned = Fire(w, K::kDueSoon, At(2026, 1, 9, 17, 0));
  EXPECT_EQ(warned.deadline, At(2026, 1, 12, 17, 0));
  const WatchEntry old_overdue = *Find(Entries(w.dossier()), K::kOverdue);
  ASSERT_OK(w.Do(Cmd(T::kRequestSupplement, "H55.41", At(2026, 1, 12, 9, 0),
                     "Thiếu giấy")));
  EXPECT_TRUE(Entries(w.dossier()).empty());
  auto stale =
      DecideDeadline(w.dossier(), old_overdue, At(2026, 1, 13, 1, 0), Vn(), {});
  ASSERT_TRUE(stale.ok());
  EXPECT_TRUE(stale->empty());
  // 34 h used, 6 h left from Wed 14/01 09:00: Wed 17:00.
  ASSERT_OK(w.Do(Cmd(T::kReceiveSupplement, "H55.41", At(2026, 1, 14, 9, 0))));
  ASSERT_EQ(w.dossier().appointment, At(2026, 1, 14, 17, 0));
  const auto entries = Entries(w.dossier());
  const WatchEntry* soon = Find(entries, K::kDueSoon);
  ASSERT_NE(soon, nullptr);  // a new deadline version: warned again
  EXPECT_EQ(soon->deadline, At(2026, 1, 14, 17, 0));
  EXPECT_EQ(soon->due, At(2026, 1, 13, 17, 0));  // already past: fires now
  EXPECT_EQ(Find(entries, K::kOverdue)->due, At(2026, 1, 15, 0, 0));
  EXPECT_EQ(Find(entries, K::kApologyRequired)->due, At(2026, 1, 13, 17, 0));
  const DeadlineNoticed again =
      Fire(w, K::kDueSoon, At(2026, 1, 14, 9, 0) + kMicrosPerSecond);
  EXPECT_EQ(again.remaining_micros, 6 * kMicrosPerHour - kMicrosPerSecond);
  EXPECT_EQ(w.dossier().notices.size(), 2u);
}

TEST(DecideDeadlineTest, ReappointmentMovesOverdueAndEndsApologyWatch) {
  Walker w = Received("H55.41", "1.001022", At(2026, 1, 5, 9, 30));
  auto transfer = Cmd(T::kTransfer, "H55.41", At(2026, 1, 5, 10, 0));
  transfer.to_agency = "H55.41";
  ASSERT_OK(w.Do(transfer));
  ASSERT_OK(w.Do(Cmd(T::kStartProcessing, "H55.41", At(2026, 1, 5, 10, 5))));
  const WatchEntry apology = *Find(Entries(w.dossier()), K::kApologyRequired);
  EXPECT_EQ(apology.due, At(2026, 1, 9, 17, 0));
  auto sorry = Cmd(T::kApologize, "H55.41", At(2026, 1, 9, 16, 0), "Quá tải");
  sorry.new_appointment = At(2026, 1, 19, 17, 0);
  ASSERT_OK(w.Do(sorry));
  auto stale = DecideDeadline(w.dossier(), apology, apology.due, Vn(), {});
  ASSERT_TRUE(stale.ok());
  EXPECT_TRUE(stale->empty());
  const auto entries = Entries(w.dossier());
  EXPECT_EQ(Find(entries, K::kOverdue)->deadline, At(2026, 1, 19, 17, 0));
  EXPECT_EQ(Find(entries, K::kOverdue)->due, At(2026, 1, 20, 0, 0));
  // The regime allows one re-appointment: no apology is owed again.
  EXPECT_EQ(Find(entries, K::kApologyRequired), nullptr);
}

TEST(DecideDeadlineTest, ApologyRequiredFiresOncePerAppointment) {
  Walker w = Received("H55.41", "1.001022", At(2026, 1, 5, 9, 30));
  const DeadlineNoticed n = Fire(w, K::kApologyRequired, At(2026, 1, 9, 17, 0));
  EXPECT_EQ(n.deadline, At(2026, 1, 12, 17, 0));
  EXPECT_EQ(n.remaining_micros, 8 * kMicrosPerHour);
  EXPECT_EQ(n.agency_code, "H55.41");
  EXPECT_EQ(Find(Entries(w.dossier()), K::kApologyRequired), nullptr);
  EXPECT_NE(Find(Entries(w.dossier()), K::kOverdue), nullptr);
}

TEST(DecideDeadlineTest, LateInterAgencyStepIsAttributedToItsAgency) {
  // 10 days; steps: lead 3 days, police H55.21 4 days, insurance 2 days.
  Walker w = Received("H55.41", "1.011997", At(2026, 1, 5, 9, 30));
  auto transfer = Cmd(T::kTransfer, "H55.41", At(2026, 1, 5, 10, 0));
  transfer.to_agency = "H55.41";
  ASSERT_OK(w.Do(transfer));
  ASSERT_OK(w.Do(Cmd(T::kStartProcessing, "H55.41", At(2026, 1, 5, 10, 5))));
  auto entries = Entries(w.dossier());
  ASSERT_NE(Find(entries, K::kStepOverdue), nullptr);
  EXPECT_EQ(Find(entries, K::kStepOverdue)->step, 0u);
  ASSERT_OK(w.Do(Cmd(T::kForward, "H55.41", At(2026, 1, 8, 10, 0))));
  ASSERT_EQ(w.dossier().steps.back().deadline, At(2026, 1, 14, 17, 0));
  entries = Entries(w.dossier());
  const WatchEntry* step = Find(entries, K::kStepOverdue);
  ASSERT_NE(step, nullptr);
  EXPECT_EQ(step->step, 1u);
  EXPECT_EQ(step->deadline, At(2026, 1, 14, 17, 0));
  EXPECT_EQ(step->due, At(2026, 1, 15, 0, 0));
  EXPECT_EQ(Find(entries, K::kStepDueSoon)->due, At(2026, 1, 13, 17, 0));
  EXPECT_EQ(Find(entries, K::kOverdue)->deadline, At(2026, 1, 19, 17, 0));

  const DeadlineNoticed n = Fire(w, K::kStepOverdue, At(2026, 1, 15, 8, 0));
  EXPECT_EQ(n.step, 1u);
  EXPECT_EQ(n.agency_code, "H55.21");
  EXPECT_EQ(n.remaining_micros, -kMicrosPerHour);
  EXPECT_EQ(Find(Entries(w.dossier()), K::kStepOverdue), nullptr);
  EXPECT_EQ(Find(Entries(w.dossier()), K::kStepDueSoon), nullptr);
  // The next step is a new deadline: watched again, for its agency.
  ASSERT_OK(w.Do(Cmd(T::kStartProcessing, "H55.21", At(2026, 1, 15, 8, 30))));
  ASSERT_OK(w.Do(Cmd(T::kForward, "H55.21", At(2026, 1, 15, 9, 0))));
  // Kept alive: Find points into it (ASan found the temporary's use).
  const auto next_entries = Entries(w.dossier());
  const WatchEntry* next = Find(next_entries, K::kStepOverdue);
  ASSERT_NE(next, nullptr);
  EXPECT_EQ(next->step, 2u);
  EXPECT_EQ(Fold(w.log()), w.dossier());
}

}  // namespace
}  // namespace motcua::engine
