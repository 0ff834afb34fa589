#include "engine/lifecycle/decide.h"

#include <gtest/gtest.h>

#include "engine/common/status_testing.h"
#include "engine/dossier/dossier_codec.h"
#include "engine/lifecycle/dossier_clock.h"
#include "engine/lifecycle/lifecycle_testing.h"

namespace motcua::engine {
namespace {

using testing::At;
using testing::Cmd;
using testing::ShippedCalendars;
using testing::Submission;
using testing::Walker;
using T = Transition;

TEST(AdmissionTest, PinsTheTermsOfTheReceiptDate) {
  Walker w;
  ASSERT_OK(w.Receive(Submission("H55.10", "1.001234", Channel::kDirect,
                                 At(2025, 1, 20, 9, 30))));
  const Dossier& d = w.dossier();
  ASSERT_TRUE(d.terms);
  EXPECT_EQ(d.code, "H55.10-250120-0001");
  EXPECT_EQ(d.terms->procedure_version, 1);
  EXPECT_EQ(d.terms->regime, RegimeId::kDecree61And107);
  EXPECT_EQ(d.terms->calendar, "vn");
  ASSERT_EQ(d.terms->steps.size(), 1u);
  // 10 working days, Tết 2025 (25/01-02/02) skipped: Mon 10/02 17:00.
  EXPECT_EQ(d.appointment, At(2025, 2, 10, 17, 0));
  EXPECT_EQ(d.state, DossierState::kReceived);
  EXPECT_EQ(NationalStatus(d.state), 2);

  // Version 2 (with steps) from 2025-07-01, Decree 118/2025 (with the
  // forms of Circular 01/2018 until Circular 03/2025's, regime.h).
  Walker w2;
  ASSERT_OK(w2.Receive(Submission("H55.10", "1.001234", Channel::kDirect,
                                  At(2025, 7, 1, 8, 0))));
  EXPECT_EQ(w2.dossier().terms->procedure_version, 2);
  EXPECT_EQ(w2.dossier().terms->regime, RegimeId::kDecree118Circular01);
  EXPECT_EQ(w2.dossier().terms->steps.size(), 2u);
}

// Civil Code 2015 Art. 147: a 15:30 receipt of a days budget counts from
// the next day (Thu, not Fri); the 15:00 cut-off is the same-day
// certification's own rule (sample 2.000884, receipt_cutoff = 15:00).
TEST(AdmissionTest, CountsByTheCivilCodeAndTheProcedureCutoff) {
  Walker days;  // 1.004873: 3 working days, no cut-off
  ASSERT_OK(days.Receive(Submission("H55.41", "1.004873", Channel::kDirect,
                                    At(2026, 1, 5, 15, 30))));
  EXPECT_EQ(days.dossier().appointment, At(2026, 1, 8, 17, 0));
  EXPECT_EQ(days.dossier().terms->counting, CountingRules{});

  Walker same_day;
  ASSERT_OK(same_day.Receive(Submission("H55.41", "2.000884", Channel::kDirect,
                                        At(2026, 1, 5, 15, 30))));
  EXPECT_EQ(same_day.dossier().terms->counting.receipt_cutoff_minute, 15 * 60);
  EXPECT_EQ(same_day.dossier().appointment, At(2026, 1, 6, 17, 0));
  auto clock = DossierClock(
      same_day.dossier(),
      **ShippedCalendars().Get(same_day.dossier().terms->calendar));
  ASSERT_TRUE(clock.ok());
  EXPECT_EQ(clock->appointment(), At(2026, 1, 6, 17, 0));

  // Terms stored before issue 11 (legacy counting) keep replaying to the
  // appointment printed with the calendar's cut-off, resumptions included.
  Dossier legacy = days.dossier();
  legacy.terms->counting = kLegacyCounting;
  const auto& vn = **ShippedCalendars().Get("vn");
  auto old = DossierClock(legacy, vn);
  ASSERT_TRUE(old.ok());
  EXPECT_EQ(old->appointment(), At(2026, 1, 9, 17, 0));
  auto now = DossierClock(days.dossier(), vn);
  ASSERT_TRUE(now.ok());
  EXPECT_EQ(now->appointment(), At(2026, 1, 8, 17, 0));
}

// A procedure in calendar days (Civil Code 2015 Arts. 147, 148(5)) from the
// catalogue text to the appointment printed at submission.
TEST(AdmissionTest, CalendarDayProcedureAtSubmission) {
  auto data = ParseCatalogueText(R"([agency H55.41]
name = Ủy ban nhân dân phường Trung Tâm
level = commune
calendar = vn

[procedure 1.000001 1]
name = Thủ tục có thời hạn tính theo ngày
field = KN | Khiếu nại
level = commune
effective_from = 2016-01-01
budget = 10 calendar_days
channels = direct
)");
  ASSERT_TRUE(data.ok()) << data.error().message;
  auto cat = Catalogue::Build(*data);
  ASSERT_TRUE(cat.ok()) << cat.error().message;
  // Wed 07/01/2026 + 10 days = Sat 17/01 -> Mon 19/01 (Art. 148(5)).
  auto terms = AdmissionTerms(
      Submission("H55.41", "1.000001", Channel::kDirect, At(2026, 1, 7, 10, 0)),
      At(2026, 1, 7, 10, 0), {*cat, ShippedCalendars()});
  ASSERT_TRUE(terms.ok()) << terms.error().message;
  EXPECT_EQ(terms->budget, Budget::CalendarDays(10));
  EXPECT_EQ(terms->steps[0].budget, Budget::CalendarDays(10));
  EXPECT_EQ(terms->appointment, At(2026, 1, 19, 17, 0));
}

TEST(AdmissionTest, RefusesWhatTheCatalogueDoesNotAllow) {
  struct Case {
    const char* name;
    ReceiveCommand cmd;
    ErrorCode code;
    const char* prefix;
  };
  ReceiveCommand postal_result =
      Submission("H55.41", "1.001022", Channel::kDirect, At(2026, 1, 5, 9, 0));
  postal_result.result_channel = Channel::kPostal;
  const Case cases[] = {
      {"unknown agency",
       Submission("H55.99", "1.001022", Channel::kDirect, At(2026, 1, 5, 9, 0)),
       ErrorCode::kNotFound, "agency_code: agency H55.99"},
      {"merged agency",
       Submission("H55.30.5", "1.001022", Channel::kDirect,
                  At(2025, 7, 1, 9, 0)),
       ErrorCode::kFailedPrecondition, "agency_code: agency H55.30.5 is not"},
      {"unknown procedure",
       Submission("H55.41", "1.999999", Channel::kDirect, At(2026, 1, 5, 9, 0)),
       ErrorCode::kNotFound, "procedure_code:"},
      {"not yet in force",
       Submission("H55.41", "2.000620", Channel::kDirect,
                  At(2025, 6, 30, 9, 0)),
       ErrorCode::kFailedPrecondition, "procedure_code:"},
      {"channel not allowed",
       Submission("H55.41", "2.000815", Channel::kOnline, At(2026, 1, 5, 9, 0)),
       ErrorCode::kInvalidArgument, "channel: procedure 2.000815 version 1"},
      {"result by post not allowed", postal_result, ErrorCode::kInvalidArgument,
       "result_channel:"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Walker w;
    Status s = w.Receive(c.cmd);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, c.code) << s.error().message;
    EXPECT_EQ(s.error().message.rfind(c.prefix, 0), 0u) << s.error().message;
  }
}

TEST(DecideTest, OneStopDossierEndToEnd) {
  Walker w;
  ASSERT_OK(w.Receive(Submission("H55.41", "1.001022", Channel::kDirect,
                                 At(2026, 1, 5, 9, 30))));
  EXPECT_EQ(w.dossier().appointment, At(2026, 1, 12, 17, 0));  // 5 days
  auto transfer = Cmd(T::kTransfer, "H55.41", At(2026, 1, 5, 10, 0));
  transfer.to_agency = "H55.41";
  transfer.to_officer = "Công chức tư pháp - hộ tịch";
  ASSERT_OK(w.Do(transfer));
  EXPECT_EQ(w.dossier().state, DossierState::kTransferred);
  ASSERT_EQ(w.dossier().steps.size(), 1u);
  EXPECT_EQ(w.dossier().steps[0].deadline, At(2026, 1, 12, 17, 0));
  ASSERT_OK(w.Do(Cmd(T::kStartProcessing, "H55.41", At(2026, 1, 5, 10, 5))));
  ASSERT_OK(w.Do(Cmd(T::kMarkResultReady, "H55.41", At(2026, 1, 8, 15, 0))));
  EXPECT_EQ(w.dossier().state, DossierState::kResultReady);
  EXPECT_EQ(w.dossier().result, Timeliness::kEarly);
  EXPECT_EQ(w.dossier().steps[0].result, Timeliness::kEarly);
  ASSERT_OK(w.Do(Cmd(T::kReturnResult, "H55.41", At(2026, 1, 9, 8, 0))));
  EXPECT_EQ(w.dossier().state, DossierState::kReturned);
  EXPECT_EQ(NationalStatus(w.dossier().state), 10);
  EXPECT_EQ(w.dossier().returned_by, Channel::kDirect);
  EXPECT_EQ(w.dossier().version, 5u);
}

TEST(DecideTest, SupplementAcrossTetMovesTheAppointmentAndIsAllowedOnce) {
  Walker w;
  ASSERT_OK(w.Receive(Submission("H55.10", "1.001234", Channel::kDirect,
                                 At(2025, 1, 20, 9, 30))));
  auto transfer = Cmd(T::kTransfer, "H55.10", At(2025, 1, 20, 10, 0));
  transfer.to_agency = "H55.10";
  ASSERT_OK(w.Do(transfer));
  ASSERT_OK(w.Do(Cmd(T::kStartProcessing, "H55.10", At(2025, 1, 20, 10, 0))));
  ASSERT_OK(w.Do(Cmd(T::kRequestSupplement, "H55.10", At(2025, 1, 22, 10, 0),
                     "Thiếu bản sao giấy khai sinh")));
  EXPECT_EQ(w.dossier().state, DossierState::kSupplementRequested);
  EXPECT_EQ(NationalStatus(w.dossier().state), 5);
  EXPECT_TRUE(w.dossier().clock_suspended());
  ASSERT_OK(w.Do(Cmd(T::kReceiveSupplement, "H55.10", At(2025, 2, 5, 10, 0))));
  // Counting began Tue 21/01 07:00; 11 h used by Wed 22/01 10:00; the other
  // 69 h run from Wed 05/02 10:00 to Mon 17/02 17:00. Tết is not paused
  // time: it was never working time.
  EXPECT_EQ(w.dossier().appointment, At(2025, 2, 17, 17, 0));
  EXPECT_EQ(w.dossier().original_appointment, At(2025, 2, 10, 17, 0));
  EXPECT_EQ(w.dossier().steps[0].deadline, At(2025, 2, 17, 17, 0));

  Status again = w.Do(
      Cmd(T::kRequestSupplement, "H55.10", At(2025, 2, 6, 9, 0), "Thiếu ảnh"));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(again.error().message,
            "cannot request a supplement for dossier H55.10-250120-0001: a "
            "supplement was already requested on 2025-01-22 and the regime "
            "61/2018 + 107/2021 allows one");
}

// Land registration: land registry -> tax -> land registry.
class InterAgencyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK(w.Receive(Submission("H55.1", "1.012735", Channel::kDirect,
                                   At(2026, 3, 2, 8, 0))));
    // 20 working days from Mon 02/03/2026 (rules year: 30/4, 1/5 off).
    ASSERT_OK(w.Do(Cmd(T::kTransfer, "H55.1", At(2026, 3, 2, 9, 0))));
    ASSERT_OK(
        w.Do(Cmd(T::kStartProcessing, "H55.16.1", At(2026, 3, 2, 9, 30))));
  }
  Walker w;
};

TEST_F(InterAgencyTest, EachStepHasItsDeadlineAndLateStepsAreAttributed) {
  const Dossier& d = w.dossier();
  ASSERT_EQ(d.steps.size(), 1u);
  EXPECT_EQ(d.steps[0].agency_code, "H55.16.1");           // fixed by the plan
  EXPECT_EQ(d.steps[0].deadline, At(2026, 3, 18, 17, 0));  // 12 days
  // The land registry forwards on time, to the tax office (5 days).
  ASSERT_OK(w.Do(Cmd(T::kForward, "H55.16.1", At(2026, 3, 18, 14, 0))));
  EXPECT_EQ(d.steps[0].result, Timeliness::kOnTime);
  EXPECT_EQ(d.holder_agency, "H55.22");
  EXPECT_EQ(d.steps[1].deadline, At(2026, 3, 25, 17, 0));
  // Forwarding to an agency the plan does not name is refused.
  Status wrong_start =
      w.Do(Cmd(T::kStartProcessing, "H55.16.1", At(2026, 3, 19, 8, 0)));
  EXPECT_EQ(wrong_start.error().code, ErrorCode::kFailedPrecondition);
  ASSERT_OK(w.Do(Cmd(T::kStartProcessing, "H55.22", At(2026, 3, 19, 8, 0))));
  // The tax office is two days late.
  auto fwd = Cmd(T::kForward, "H55.22", At(2026, 3, 27, 10, 0));
  fwd.to_agency = "H55.10";
  Status wrong = w.Do(fwd);
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.error().message.find("is performed by H55.16.1, not H55.10"),
            std::string::npos)
      << wrong.error().message;
  fwd.to_agency.clear();
  ASSERT_OK(w.Do(fwd));
  EXPECT_EQ(d.steps[1].result, Timeliness::kLate);
  ASSERT_OK(
      w.Do(Cmd(T::kStartProcessing, "H55.16.1", At(2026, 3, 27, 10, 30))));
  Status early_result =
      w.Do(Cmd(T::kForward, "H55.16.1", At(2026, 3, 27, 11, 0)));
  EXPECT_NE(early_result.error().message.find("the last planned step"),
            std::string::npos);
  ASSERT_OK(w.Do(Cmd(T::kMarkResultReady, "H55.16.1", At(2026, 3, 30, 10, 0))));
  // The last step (2 days from Fri 27/03: Tue 31/03) ends early; the
  // dossier as a whole ends on its appointment date.
  EXPECT_EQ(d.steps[2].deadline, At(2026, 3, 31, 17, 0));
  EXPECT_EQ(d.steps[2].result, Timeliness::kEarly);
  EXPECT_EQ(d.result, Timeliness::kOnTime);
  EXPECT_EQ(d.holder_agency, "H55.1");  // back at the desk
}

TEST_F(InterAgencyTest, ReadDeadlinesShowsTheOpenStepAndOverdueness) {
  const WorkingCalendar& cal = **testing::ShippedCalendars().Get("vn");
  struct Case {
    Instant now;
    bool dossier_overdue;
    bool step_overdue;
  };
  const Case cases[] = {
      {At(2026, 3, 18, 16, 0), false, false},  // the step's due date
      {At(2026, 3, 19, 8, 0), false, true},    // step late, dossier not
      {At(2026, 3, 31, 8, 0), true, true},     // both past their dates
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(FormatVietnamInstant(c.now));
    auto r = ReadDeadlines(w.dossier(), cal, c.now);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_TRUE(r->running);
    EXPECT_EQ(r->open_step, 0u);
    EXPECT_EQ(r->step_deadline, At(2026, 3, 18, 17, 0));
    EXPECT_EQ(r->step_overdue, c.step_overdue);
    EXPECT_EQ(r->dossier.overdue, c.dossier_overdue);
    EXPECT_EQ(r->dossier.appointment, At(2026, 3, 30, 17, 0));
  }
}

TEST_F(InterAgencyTest, ApologyRulesLeadTimeHolderAndLimit) {
  const Dossier& d = w.dossier();
  const Instant appointment = d.appointment;
  const CivilDate due = VietnamDateOf(appointment);
  ASSERT_EQ(due, (CivilDate{2026, 3, 30}));  // 20 working days
  auto apology = [&](std::string agency, Instant at) {
    auto c = Cmd(T::kApologize, std::move(agency), at, "Chờ kết quả đo đạc");
    c.new_appointment = At(2026, 4, 6, 17, 0);
    return c;
  };
  struct Case {
    const char* name;
    LifecycleCommand cmd;
    const char* message_part;  // nullptr: accepted
  };
  const Case cases[] = {
      {"neither holder, lead nor late",
       apology("H55.22", At(2026, 3, 26, 9, 0)),
       "it is held by H55.16.1 and led by H55.16.1; only they or an agency "
       "whose own step is late may, not H55.22"},
      {"no reason",
       [&] {
         auto c = apology("H55.16.1", At(2026, 3, 26, 9, 0));
         c.reason.clear();
         return c;
       }(),
       "reason: required"},
      {"new date not after the appointment in force",
       [&] {
         auto c = apology("H55.16.1", At(2026, 3, 26, 9, 0));
         c.new_appointment = appointment;
         return c;
       }(),
       "new_appointment: "},
      {"Friday before a Monday appointment",
       apology("H55.16.1", At(2026, 3, 27, 16, 0)), nullptr},
      {"a second time", apology("H55.16.1", At(2026, 3, 27, 16, 30)),
       "it was already re-appointed on 2026-03-27 and the regime 118/2025 "
       "allows one"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Status s = w.Do(c.cmd);
    if (c.message_part == nullptr) {
      ASSERT_TRUE(s.ok()) << s.error().message;
      continue;
    }
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().message.find(c.message_part), std::string::npos)
        << s.error().message;
  }
  EXPECT_EQ(d.appointment, At(2026, 4, 6, 17, 0));
  EXPECT_EQ(d.original_appointment, appointment);
  const auto& e = std::get<DossierTransitioned>(w.log().back().body);
  EXPECT_FALSE(e.untimely);
  EXPECT_EQ(e.responsible_agency, "H55.16.1");
  EXPECT_EQ(e.new_appointment, At(2026, 4, 6, 17, 0));
  EXPECT_TRUE(d.untimely_apologies.empty());
  // An apology does not excuse the step: its deadline stays.
  EXPECT_EQ(d.steps[0].deadline, At(2026, 3, 18, 17, 0));
}

// Issue 11 item 12: once the lead time has passed (on the appointment day,
// or after it) the letter is still owed. It is recorded, flagged untimely,
// and moves nothing: the dossier stays due, and overdue, by the appointment
// in force; it uses up the regime's one re-appointment.
TEST_F(InterAgencyTest, LateApologyIsRecordedUntimelyAndMovesNothing) {
  const WorkingCalendar& cal = **ShippedCalendars().Get("vn");
  const Instant appointment = w.dossier().appointment;
  ASSERT_EQ(appointment, At(2026, 3, 30, 17, 0));
  struct Case {
    const char* name;
    Instant at;
    bool overdue_after;
  };
  const Case cases[] = {
      {"on the appointment day", At(2026, 3, 30, 9, 0), false},
      {"the day after", At(2026, 3, 31, 9, 0), true},
      {"a week late", At(2026, 4, 6, 14, 0), true},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Walker late = w;
    auto cmd = Cmd(T::kApologize, "H55.16.1", c.at, "Chờ kết quả đo đạc");
    cmd.new_appointment = At(2026, 4, 10, 17, 0);
    ASSERT_OK(late.Do(cmd));
    const Dossier& d = late.dossier();
    const auto& e = std::get<DossierTransitioned>(late.log().back().body);
    EXPECT_TRUE(e.untimely);
    EXPECT_EQ(e.new_appointment, At(2026, 4, 10, 17, 0));
    EXPECT_EQ(e.responsible_agency, "H55.16.1");
    EXPECT_FALSE(e.clock.has_value());
    EXPECT_FALSE(e.appointment.has_value());
    EXPECT_EQ(d.appointment, appointment);
    EXPECT_EQ(d.reappointments, std::vector<Instant>{c.at});
    EXPECT_EQ(d.untimely_apologies, std::vector<Instant>{c.at});
    auto r = ReadDeadlines(d, cal, c.at + kMicrosPerHour);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->dossier.appointment, appointment);
    EXPECT_EQ(r->dossier.overdue, c.overdue_after);
    // The stored event and state keep the flag.
    EXPECT_EQ(*DecodeEvent(EncodeEvent(late.log().back())), late.log().back());
    EXPECT_EQ(*DecodeDossier(EncodeDossier(d)), d);
    // The regime allows one re-appointment, untimely or not.
    auto again = cmd;
    again.at = c.at + kMicrosPerHour;
    Status s = late.Do(again);
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().message.find("already re-appointed"),
              std::string::npos);
  }
  // A late one still needs a date after now and the appointment in force.
  Walker bad = w;
  auto past = Cmd(T::kApologize, "H55.16.1", At(2026, 4, 6, 14, 0), "Lý do");
  past.new_appointment = At(2026, 4, 6, 13, 0);
  Status s = bad.Do(past);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(s.error().message.rfind("new_appointment: must be later", 0), 0u)
      << s.error().message;
}

// Issue 11 item 12: the agency whose step is late may apologise even after
// it handed the dossier on; the lead agency may name the responsible unit;
// nobody else may, and only the lead agency may name another agency.
TEST_F(InterAgencyTest, LateStepAgencyOrOneNamedByTheLeadMayApologise) {
  ASSERT_OK(w.Do(Cmd(T::kForward, "H55.16.1", At(2026, 3, 18, 14, 0))));
  ASSERT_OK(w.Do(Cmd(T::kStartProcessing, "H55.22", At(2026, 3, 19, 8, 0))));
  // The tax office's step was due 25/03; it hands on two days late.
  ASSERT_OK(w.Do(Cmd(T::kForward, "H55.22", At(2026, 3, 27, 10, 0))));
  ASSERT_OK(
      w.Do(Cmd(T::kStartProcessing, "H55.16.1", At(2026, 3, 27, 10, 30))));
  ASSERT_EQ(w.dossier().steps[1].result, Timeliness::kLate);
  ASSERT_EQ(w.dossier().holder_agency, "H55.16.1");
  auto apology = [](std::string agency, std::string responsible) {
    auto c = Cmd(T::kApologize, std::move(agency), At(2026, 3, 27, 11, 0),
                 "Chậm xác định nghĩa vụ tài chính");
    c.new_appointment = At(2026, 4, 3, 17, 0);
    c.responsible_agency = std::move(responsible);
    return c;
  };
  struct Case {
    const char* name;
    LifecycleCommand cmd;
    const char* responsible;  // nullptr: refused
    const char* message_part;
  };
  const Case cases[] = {
      {"the late step's agency, no longer holding", apology("H55.22", ""),
       "H55.22", nullptr},
      {"the lead agency naming the late one", apology("H55.16.1", "H55.22"),
       "H55.22", nullptr},
      {"the holder for itself", apology("H55.16.1", ""), "H55.16.1", nullptr},
      {"an agency with no late step", apology("H55.10", ""), nullptr,
       "only they or an agency whose own step is late may, not H55.10"},
      {"the late one naming another", apology("H55.22", "H55.16.1"), nullptr,
       "only the lead agency H55.16.1 may name another agency (H55.16.1) as "
       "responsible for the delay, not H55.22"},
      {"the lead naming an agency that took no step",
       apology("H55.16.1", "H55.10"), nullptr,
       "H55.10 took no step of it and cannot be named"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Walker x = w;
    Status s = x.Do(c.cmd);
    if (c.responsible == nullptr) {
      ASSERT_FALSE(s.ok());
      EXPECT_EQ(s.error().code, ErrorCode::kFailedPrecondition);
      EXPECT_NE(s.error().message.find(c.message_part), std::string::npos)
          << s.error().message;
      continue;
    }
    ASSERT_TRUE(s.ok()) << s.error().message;
    const auto& e = std::get<DossierTransitioned>(x.log().back().body);
    EXPECT_EQ(e.agency_code, c.cmd.agency_code);
    EXPECT_EQ(e.responsible_agency, c.responsible);
    EXPECT_FALSE(e.untimely);  // Fri 27/03 for Mon 30/03
    EXPECT_EQ(x.dossier().appointment, At(2026, 4, 3, 17, 0));
    EXPECT_EQ(x.dossier().holder_agency, "H55.16.1");
  }
}

TEST(DecideTest, OnlineSubmissionWaitsForTheOfficer) {
  Walker w;
  ASSERT_OK(w.Receive(Submission("H55.41", "1.001022", Channel::kOnline,
                                 At(2026, 1, 3, 22, 0))));  // Saturday night
  EXPECT_EQ(w.dossier().state, DossierState::kSubmittedOnline);
  EXPECT_EQ(NationalStatus(w.dossier().state), 1);
  EXPECT_EQ(w.dossier().appointment, 0);
  ASSERT_OK(w.Do(Cmd(T::kAcceptOnline, "H55.41", At(2026, 1, 5, 8, 0))));
  EXPECT_EQ(w.dossier().state, DossierState::kReceived);
  // Five working days counted from the acceptance on Monday.
  EXPECT_EQ(w.dossier().appointment, At(2026, 1, 12, 17, 0));
  EXPECT_EQ(w.dossier().original_appointment, At(2026, 1, 12, 17, 0));

  Walker refused;
  ASSERT_OK(refused.Receive(Submission("H55.41", "1.001022", Channel::kOnline,
                                       At(2026, 1, 5, 8, 0))));
  Status no_reason =
      refused.Do(Cmd(T::kRefuseAtReceipt, "H55.41", At(2026, 1, 5, 9, 0)));
  EXPECT_EQ(no_reason.error().code, ErrorCode::kInvalidArgument);
  ASSERT_OK(refused.Do(Cmd(T::kRefuseAtReceipt, "H55.41", At(2026, 1, 5, 9, 0),
                           "Không thuộc thẩm quyền")));
  EXPECT_EQ(NationalStatus(refused.dossier().state), 3);
}

TEST(DecideTest, CommandChecksBeforeTheTable) {
  Walker w;
  ASSERT_OK(w.Receive(Submission("H55.41", "1.001022", Channel::kDirect,
                                 At(2026, 1, 5, 9, 30))));
  struct Case {
    const char* name;
    LifecycleCommand cmd;
    ErrorCode code;
    const char* prefix;
  };
  auto base = [] {
    auto c = Cmd(T::kRequestWithdrawal, "H55.41", At(2026, 1, 5, 10, 0));
    return c;
  };
  auto stale = base();
  stale.expected_version = 7;
  auto no_officer = base();
  no_officer.officer.clear();
  auto bad_agency = base();
  bad_agency.agency_code = "h55";
  auto before = base();
  before.at = At(2026, 1, 5, 9, 0);
  const Case cases[] = {
      {"stale version", stale, ErrorCode::kAborted,
       "cannot request withdrawal of dossier H55.41-260105-0001: it is at "
       "version 1, the command expected 7"},
      {"no officer", no_officer, ErrorCode::kInvalidArgument, "officer:"},
      {"bad agency", bad_agency, ErrorCode::kInvalidArgument, "agency_code:"},
      {"before the latest event", before, ErrorCode::kInvalidArgument, "at:"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Status s = w.Do(c.cmd);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error().code, c.code);
    EXPECT_EQ(s.error().message.rfind(c.prefix, 0), 0u) << s.error().message;
  }
  EXPECT_EQ(w.dossier().version, 1u);
  auto ok = base();
  ok.expected_version = 1;
  ASSERT_OK(w.Do(ok));
}

}  // namespace
}  // namespace motcua::engine

namespace motcua::engine {
namespace {

// Issue 10 faults 4, 5 and 11: every action is held to the submission's
// limits, amounts are bounded, and a transfer is a real handover.
TEST(DecideLimitsTest, ActionsAreHeldToTheSubmissionLimits) {
  using testing::At;
  using testing::Cmd;
  using testing::Submission;
  testing::Walker w;
  ASSERT_TRUE(w.Receive(Submission("H55.10", "1.001234", Channel::kDirect,
                                   At(2025, 3, 3, 9, 0)))
                  .ok());
  struct Case {
    const char* name;
    LifecycleCommand cmd;
    ErrorCode code;
    const char* prefix;
  };
  LifecycleCommand many =
      Cmd(Transition::kTransfer, "H55.10", At(2025, 3, 3, 10, 0));
  many.documents.assign(101, Document{"Giấy tờ", 1, 0});
  LifecycleCommand long_name = many;
  long_name.documents = {{std::string(301, 'a'), 1, 0}};
  LifecycleCommand bidi =
      Cmd(Transition::kTransfer, "H55.10", At(2025, 3, 3, 10, 0));
  bidi.officer = "Tr\u202Eần";
  LifecycleCommand invisible = bidi;
  invisible.officer = "\u200B\u200B";
  LifecycleCommand nul =
      Cmd(Transition::kTransfer, "H55.10", At(2025, 3, 3, 10, 0));
  nul.reason = std::string("a\0b", 3);
  LifecycleCommand huge =
      Cmd(Transition::kTransfer, "H55.10", At(2025, 3, 3, 10, 0));
  huge.amount_vnd = INT64_MAX;
  LifecycleCommand negative = huge;
  negative.amount_vnd = -1;
  LifecycleCommand self =
      Cmd(Transition::kTransfer, "H55.10", At(2025, 3, 3, 10, 0));
  self.to_agency = "H55.10";
  self.to_officer.clear();
  LifecycleCommand self_same_officer = self;
  self_same_officer.to_officer = self.officer;
  const Case cases[] = {
      {"101 documents", many, ErrorCode::kInvalidArgument, "documents: 101"},
      {"long document name", long_name, ErrorCode::kInvalidArgument,
       "documents[0].name: 301"},
      {"bidi override", bidi, ErrorCode::kInvalidArgument, "officer: contains"},
      {"only invisible", invisible, ErrorCode::kInvalidArgument,
       "officer: is required"},
      {"NUL", nul, ErrorCode::kInvalidArgument, "reason: must be UTF-8"},
      {"INT64_MAX", huge, ErrorCode::kInvalidArgument, "amount_vnd: "},
      {"negative", negative, ErrorCode::kInvalidArgument, "amount_vnd: "},
      {"transfer to itself, nobody named", self, ErrorCode::kFailedPrecondition,
       "cannot transfer dossier"},
      {"transfer to itself, same officer", self_same_officer,
       ErrorCode::kFailedPrecondition, "cannot transfer dossier"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    auto events =
        Decide(w.dossier(), c.cmd, At(2025, 3, 3, 10, 1),
               {testing::ShippedCalendars(), &testing::SampleCatalogue()});
    ASSERT_FALSE(events.ok());
    EXPECT_EQ(events.error().code, c.code);
    EXPECT_EQ(events.error().message.rfind(c.prefix, 0), 0u)
        << events.error().message;
  }
  // Named to someone else of the same agency, it is a handover.
  LifecycleCommand ok =
      Cmd(Transition::kTransfer, "H55.10", At(2025, 3, 3, 10, 0));
  ok.to_agency = "H55.10";
  Status done = w.Do(ok);
  EXPECT_TRUE(done.ok()) << done.error().message;
}

TEST(DossierRoomTest, EventCountAndHistorySizeAreCapped) {
  Dossier d;
  d.code = "H55.10-250303-0001";
  d.version = kMaxDossierEvents - 1;
  DossierTransitioned t;
  t.documents.assign(100, Document{std::string(300, 'x'), 1, 0});
  const DossierEvent big{d.version + 1, 0, "agency-app", t};
  EXPECT_TRUE(CheckDossierRoom(d, {big}).ok());
  DossierEvent next = big;
  next.version += 1;
  auto full = CheckDossierRoom(d, {big, next});
  ASSERT_FALSE(full.ok());
  EXPECT_EQ(full.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(full.error().message.find("1000"), std::string::npos);
  // Deadline notices always fit.
  const DossierEvent notice{d.version + 1, 0, "sweeper", DeadlineNoticed{}};
  EXPECT_TRUE(CheckDossierRoom(d, {notice}).ok());

  d.version = 10;
  d.history_bytes = kMaxDossierHistoryBytes - 1000;
  auto heavy = CheckDossierRoom(d, {big});
  ASSERT_FALSE(heavy.ok());
  EXPECT_EQ(heavy.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(heavy.error().message.find("KiB"), std::string::npos);
  AccountHistory(d, {&big, 1});
  EXPECT_GT(d.history_bytes, kMaxDossierHistoryBytes);
}

}  // namespace
}  // namespace motcua::engine
