// CalendarService and CalendarAdminService on a real motcuad with the
// shipped deploy/calendars data.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "motcua/v1/calendar.grpc.pb.h"
#include "motcua/v1/dossier.grpc.pb.h"
#include "tests/fakes/temp_dir.h"
#include "tests/integration/server_process.h"

namespace motcua {
namespace {

namespace pb = motcua::v1;

// Instant of a Vietnam local time.
google::protobuf::Timestamp Local(int y, int mo, int d, int h, int mi) {
  struct tm t = {};
  t.tm_year = y - 1900;
  t.tm_mon = mo - 1;
  t.tm_mday = d;
  t.tm_hour = h;
  t.tm_min = mi;
  google::protobuf::Timestamp ts;
  ts.set_seconds(timegm(&t) - 7 * 3600);
  return ts;
}

using testing::Ctx;

// A year without a shipped schedule (2026 and 2027 are shipped since issue
// 11; this test used 2026 while it still fell back to the rules).
constexpr const char* k2028 = R"(year 2028
source T Test decision
off 2028-01-01 holiday new_year T
off 2028-01-03 compensatory new_year T
off 2028-01-24 swapped T hoán đổi với thứ Bảy 29/01/2028
work 2028-01-29 T làm bù
)";

TEST(CalendarServerTest, DeadlinesAndDaysOffFromShippedSchedules) {
  testing::TempDir dir;
  testing::ServerProcess server(dir.path());
  auto stub = pb::CalendarService::NewStub(server.Channel());

  struct Case {
    const char* what;
    google::protobuf::Timestamp received;
    pb::BudgetUnit unit;
    int amount;
    const char* appointment;
    bool moved;
    int counted;
    const char* cutoff = "";
  };
  constexpr auto kDays = pb::BUDGET_UNIT_WORKING_DAYS;
  const Case cases[] = {
      // Thu 24/04/2025 09:30, 2 days: Fri 25, then the worked Saturday 26.
      {"ends on a worked Saturday", Local(2025, 4, 24, 9, 30), kDays, 2,
       "2025-04-26T17:00:00+07:00", false, 2},
      // Civil Code 2015 Art. 147(2)-(3): day 0 is the receipt date whatever
      // its hour (this case used to move to Tuesday and answer Friday).
      {"Mon 15:30 + 3 working days", Local(2025, 3, 3, 15, 30), kDays, 3,
       "2025-03-06T17:00:00+07:00", false, 3},
      // Art. 147(1): hours from the receipt instant, 15:00-17:00 then
      // 07:00-09:00 (this case used to answer Tue 11:00).
      {"Mon 15:00 + 4 working hours", Local(2025, 3, 3, 15, 0),
       pb::BUDGET_UNIT_WORKING_HOURS, 4, "2025-03-04T09:00:00+07:00", false, 1},
      // A procedure's own cut-off (same-day certification).
      {"same day after the procedure's cut-off", Local(2025, 3, 3, 15, 30),
       pb::BUDGET_UNIT_SAME_DAY, 0, "2025-03-04T17:00:00+07:00", true, 0,
       "15:00"},
      // Fri 17/01/2025 16:00, 6 days: Mon 20 .. Fri 24, Tết 27-31/01 off,
      // then Mon 03/02.
      {"across Tết", Local(2025, 1, 17, 16, 0), kDays, 6,
       "2025-02-03T17:00:00+07:00", false, 6},
      // Sat 29/04/2023 (a desk open on a holiday): day 0 is that date; day 1
      // the first working day after it, Thu 04/05 (29/04-03/05 off).
      {"received on a holiday", Local(2023, 4, 29, 10, 0), kDays, 1,
       "2023-05-04T17:00:00+07:00", false, 1},
      // Art. 148(5): Fri 07/03/2025 + 2 calendar days = Sunday -> Monday.
      {"calendar days ending on a Sunday", Local(2025, 3, 7, 9, 0),
       pb::BUDGET_UNIT_CALENDAR_DAYS, 2, "2025-03-10T17:00:00+07:00", false, 1},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    pb::ComputeDeadlineRequest req;
    req.set_calendar("vn");
    *req.mutable_received_at() = c.received;
    req.mutable_budget()->set_unit(c.unit);
    req.mutable_budget()->set_amount(c.amount);
    req.set_receipt_cutoff(c.cutoff);
    pb::ComputeDeadlineResponse resp;
    grpc::Status s = stub->ComputeDeadline(Ctx().get(), req, &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(resp.appointment_local(), c.appointment);
    EXPECT_EQ(resp.receipt_moved(), c.moved);
    EXPECT_EQ(resp.working_days_counted(), c.counted);
    EXPECT_EQ(resp.calendar_version(), 1);
    EXPECT_EQ(resp.rule_based_years_size(), 0);
  }

  pb::ListDaysOffRequest req;
  req.set_calendar("vn");
  req.set_year(2025);
  pb::ListDaysOffResponse days;
  ASSERT_TRUE(stub->ListDaysOff(Ctx().get(), req, &days).ok());
  EXPECT_TRUE(days.official_schedule());
  bool saw_saturday = false;
  bool saw_tet = false;
  for (const auto& d : days.days()) {
    if (d.date().month() == 4 && d.date().day() == 26) {
      saw_saturday = true;
      EXPECT_EQ(d.kind(), pb::DAY_KIND_SWAPPED_WORKING_DAY);
      EXPECT_TRUE(d.working());
      EXPECT_NE(d.source().find("6150"), std::string::npos);
    }
    if (d.date().month() == 1 && d.date().day() == 29) {
      saw_tet = true;
      EXPECT_EQ(d.holiday(), pb::HOLIDAY_TET);
    }
  }
  EXPECT_TRUE(saw_saturday);
  EXPECT_TRUE(saw_tet);

  req.set_calendar("atlantis");
  grpc::Status s = stub->ListDaysOff(Ctx().get(), req, &days);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
  req.set_calendar("vn");
  req.set_year(2200);
  s = stub->ListDaysOff(Ctx().get(), req, &days);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);

  pb::ComputeDeadlineRequest bad;
  bad.set_calendar("vn");
  *bad.mutable_received_at() = Local(2025, 1, 2, 9, 0);
  pb::ComputeDeadlineResponse resp;
  s = stub->ComputeDeadline(Ctx().get(), bad, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message().rfind("budget.unit:", 0), 0u);
  bad.mutable_budget()->set_unit(pb::BUDGET_UNIT_SAME_DAY);
  bad.set_receipt_cutoff("3pm");
  s = stub->ComputeDeadline(Ctx().get(), bad, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message().rfind("receipt_cutoff:", 0), 0u)
      << s.error_message();
}

TEST(CalendarServerTest, PublishedScheduleIsUsedAndSurvivesRestart) {
  testing::TempDir dir;
  auto days_2028 = [](testing::ServerProcess& server) {
    auto stub = pb::CalendarService::NewStub(server.Channel());
    pb::ListDaysOffRequest req;
    req.set_calendar("vn");
    req.set_year(2028);
    pb::ListDaysOffResponse resp;
    EXPECT_TRUE(stub->ListDaysOff(Ctx().get(), req, &resp).ok());
    return resp;
  };
  {
    testing::ServerProcess server(dir.path());
    pb::ListDaysOffResponse before = days_2028(server);
    EXPECT_FALSE(before.official_schedule());  // rules until published

    auto admin = pb::CalendarAdminService::NewStub(server.Channel());
    pb::PublishScheduleRequest pub;
    pub.set_client_id("office");
    pub.set_request_id("pub-2028");
    pub.set_schedule_text("year 2028\nsource X y\noff 2028-13-01 decided X\n");
    pb::PublishScheduleResponse published;
    grpc::Status s = admin->PublishSchedule(Ctx().get(), pub, &published);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(
        s.error_message().rfind("schedule_text: official schedule line 3:", 0),
        0u)
        << s.error_message();

    pub.set_schedule_text(k2028);
    pub.add_calendars("vn");
    pub.add_calendars("nowhere");
    s = admin->PublishSchedule(Ctx().get(), pub, &published);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);

    pub.clear_calendars();
    // k2028 lists only some holidays: refused (issue 11 item 4), unless
    // forced.
    s = admin->PublishSchedule(Ctx().get(), pub, &published);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
    EXPECT_NE(s.error_message().find("leaves out public holidays"),
              std::string::npos)
        << s.error_message();
    pub.set_force(true);
    s = admin->PublishSchedule(Ctx().get(), pub, &published);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(published.year(), 2028);
    ASSERT_GE(published.calendars_size(), 3);
    for (const auto& c : published.calendars()) {
      EXPECT_TRUE(c.changed());
      EXPECT_EQ(c.version(), 2);
    }
    server.Crash();  // acknowledged means durable
  }
  testing::ServerProcess server(dir.path());
  pb::ListDaysOffResponse after = days_2028(server);
  EXPECT_TRUE(after.official_schedule());
  EXPECT_EQ(after.calendar_version(), 2);
  bool saturday_worked = false;
  for (const auto& d : after.days()) {
    if (d.date().month() == 1 && d.date().day() == 29) {
      saturday_worked = d.working();
    }
  }
  EXPECT_TRUE(saturday_worked);

  auto admin = pb::CalendarAdminService::NewStub(server.Channel());
  pb::GetScheduleRequest get;
  get.set_calendar("vn");
  get.set_year(2028);
  pb::GetScheduleResponse text;
  ASSERT_TRUE(admin->GetSchedule(Ctx().get(), get, &text).ok());
  EXPECT_NE(text.schedule_text().find("work 2028-01-29"), std::string::npos);

  pb::WithdrawScheduleRequest withdraw;
  withdraw.set_client_id("office");
  withdraw.set_request_id("wd-2028");
  withdraw.add_calendars("vn");
  withdraw.set_year(2028);
  pb::WithdrawScheduleResponse withdrawn;
  ASSERT_TRUE(admin->WithdrawSchedule(Ctx().get(), withdraw, &withdrawn).ok());
  ASSERT_EQ(withdrawn.calendars_size(), 1);
  EXPECT_EQ(withdrawn.calendars(0).version(), 3);
  grpc::Status s = admin->GetSchedule(Ctx().get(), get, &text);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::NOT_FOUND);
}

// Issue 11: 2026 and 2027 are official schedules, each day with its source,
// and deadlines across the decided days move with them. Under the rules
// (before the schedules shipped) every appointment below was earlier.
TEST(CalendarServerTest, Official2026And2027DaysAndDeadlines) {
  testing::TempDir dir;
  testing::ServerProcess server(dir.path());
  auto stub = pb::CalendarService::NewStub(server.Channel());

  struct DayCase {
    int y, m, d;
    pb::DayKind kind;
    bool working;
    const char* source;  // substring
    const char* holiday_key;
  };
  const DayCase day_cases[] = {
      {2026, 1, 2, pb::DAY_KIND_SWAPPED_DAY_OFF, false, "12729/VPCP-KGVX", ""},
      {2026, 1, 10, pb::DAY_KIND_SWAPPED_WORKING_DAY, true, "12729/VPCP-KGVX",
       ""},
      {2026, 2, 16, pb::DAY_KIND_HOLIDAY, false, "9441", "tet"},
      {2026, 8, 22, pb::DAY_KIND_SWAPPED_WORKING_DAY, true, "9859/VPCP-KGVX",
       ""},
      {2026, 8, 31, pb::DAY_KIND_SWAPPED_DAY_OFF, false, "9859/VPCP-KGVX", ""},
      {2026, 9, 1, pb::DAY_KIND_HOLIDAY, false, "9859/VPCP-KGVX",
       "national_day"},
      {2027, 2, 4, pb::DAY_KIND_HOLIDAY, false, "10065/VPCP-KGVX", "tet"},
      {2027, 2, 10, pb::DAY_KIND_COMPENSATORY_DAY_OFF, false, "10065/VPCP-KGVX",
       "tet"},
      {2027, 9, 3, pb::DAY_KIND_HOLIDAY, false, "10065/VPCP-KGVX",
       "national_day"},
  };
  for (int year : {2026, 2027}) {
    pb::ListDaysOffRequest req;
    req.set_calendar("vn");
    req.set_year(year);
    pb::ListDaysOffResponse resp;
    ASSERT_TRUE(stub->ListDaysOff(Ctx().get(), req, &resp).ok());
    EXPECT_TRUE(resp.official_schedule()) << year;
    for (const DayCase& c : day_cases) {
      if (c.y != year) continue;
      SCOPED_TRACE(std::to_string(c.y) + "-" + std::to_string(c.m) + "-" +
                   std::to_string(c.d));
      bool found = false;
      for (const auto& d : resp.days()) {
        if (d.date().month() != c.m || d.date().day() != c.d) continue;
        found = true;
        EXPECT_EQ(d.kind(), c.kind);
        EXPECT_EQ(d.working(), c.working);
        EXPECT_TRUE(d.official());
        EXPECT_NE(d.source().find(c.source), std::string::npos) << d.source();
        EXPECT_EQ(d.holiday_key(), c.holiday_key);
        if (std::string(c.holiday_key) == "tet") {
          EXPECT_EQ(d.holiday(), pb::HOLIDAY_TET);
          EXPECT_EQ(d.holiday_name(), "Tết Âm lịch");
        }
      }
      EXPECT_TRUE(found);
    }
    // 24/11 is not listed: no enacting text was confirmed (holidays.rules).
    for (const auto& d : resp.days()) {
      EXPECT_FALSE(d.date().month() == 11 && d.date().day() == 24) << year;
    }
  }

  struct DeadlineCase {
    const char* what;
    google::protobuf::Timestamp received;
    int days;
    const char* appointment;  // rules would give the date in the comment
  } deadlines[] = {
      {"New Year swap 2026", Local(2025, 12, 31, 9, 0), 2,
       "2026-01-06T17:00:00+07:00"},  // rules: 2026-01-05 (02/01 worked)
      {"worked Saturday 10/01/2026", Local(2026, 1, 9, 9, 0), 1,
       "2026-01-10T17:00:00+07:00"},  // rules: 2026-01-12
      {"National Day swap 2026", Local(2026, 8, 28, 9, 0), 1,
       "2026-09-03T17:00:00+07:00"},  // rules: 2026-08-31
      {"Tết Đinh Mùi 2027", Local(2027, 2, 3, 9, 0), 1,
       "2027-02-11T17:00:00+07:00"},  // rules: 2027-02-04
      {"24/11/2026 counted", Local(2026, 11, 23, 9, 0), 1,
       "2026-11-24T17:00:00+07:00"},
  };
  for (const DeadlineCase& c : deadlines) {
    SCOPED_TRACE(c.what);
    pb::ComputeDeadlineRequest req;
    req.set_calendar("vn");
    *req.mutable_received_at() = c.received;
    req.mutable_budget()->set_unit(pb::BUDGET_UNIT_WORKING_DAYS);
    req.mutable_budget()->set_amount(c.days);
    pb::ComputeDeadlineResponse resp;
    grpc::Status s = stub->ComputeDeadline(Ctx().get(), req, &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(resp.appointment_local(), c.appointment);
    EXPECT_EQ(resp.rule_based_years_size(), 0);
  }
}

}  // namespace
}  // namespace motcua

namespace motcua {
namespace {

// Issue 11 item 4: --dry-run shows what a publication would change, the
// days and the open dossiers whose appointment in force would move, and
// stores nothing.
TEST(CalendarServerTest, DryRunShowsMovesAndPublishingMovesAppointments) {
  testing::TempDir dir;
  testing::ServerProcess server(dir.path());
  auto desk = pb::DossierService::NewStub(server.Channel());
  pb::SubmitDossierRequest receipt;
  receipt.set_client_id("desk-it");
  receipt.set_request_id("dry-1");
  receipt.set_agency_code("H55.10");
  receipt.set_procedure_code("1.001234");
  receipt.mutable_applicant()->set_full_name("Lê Thị Hoa");
  receipt.mutable_applicant()->set_personal_id("001190012345");
  receipt.set_channel(pb::CHANNEL_DIRECT);
  receipt.add_documents()->set_name("Tờ khai");
  receipt.mutable_documents(0)->set_originals(1);
  receipt.mutable_received_at()->set_seconds(1767580200);  // Mon 05/01/2026
  pb::SubmitDossierResponse submitted;
  grpc::ClientContext c1;
  ASSERT_TRUE(desk->SubmitDossier(&c1, receipt, &submitted).ok());

  auto admin = pb::CalendarAdminService::NewStub(server.Channel());
  pb::GetScheduleRequest get;
  get.set_calendar("vn");
  get.set_year(2026);
  pb::GetScheduleResponse current;
  ASSERT_TRUE(admin->GetSchedule(Ctx().get(), get, &current).ok());
  pb::PublishScheduleRequest publish;
  publish.set_client_id("it");
  publish.set_request_id("dry-run-1");
  publish.set_schedule_text(current.schedule_text() +
                            "off 2026-01-06 decided LC2019 thử nghiệm\n");
  publish.add_calendars("vn");
  publish.set_dry_run(true);
  pb::PublishScheduleResponse preview;
  grpc::Status s = admin->PublishSchedule(Ctx().get(), publish, &preview);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_TRUE(preview.dry_run());
  ASSERT_EQ(preview.day_changes_size(), 1) << preview.DebugString();
  EXPECT_EQ(preview.day_changes(0).before().date().day(), 6);
  EXPECT_TRUE(preview.day_changes(0).before().working());
  EXPECT_FALSE(preview.day_changes(0).after().working());
  EXPECT_EQ(preview.open_dossiers(), 1);
  EXPECT_EQ(preview.appointments_moving(), 1);
  ASSERT_EQ(preview.moves_size(), 1);
  EXPECT_EQ(preview.moves(0).code(), submitted.dossier().code());
  // One working day later (over a weekend when it fell on a Friday).
  const int64_t moved =
      preview.moves(0).after().seconds() - preview.moves(0).before().seconds();
  EXPECT_TRUE(moved == 24 * 3600 || moved == 3 * 24 * 3600) << moved;

  // Nothing was published: 06/01 is still a working day.
  pb::ListDaysOffRequest days;
  days.set_calendar("vn");
  days.set_year(2026);
  pb::ListDaysOffResponse listed;
  auto calendar = pb::CalendarService::NewStub(server.Channel());
  ASSERT_TRUE(calendar->ListDaysOff(Ctx().get(), days, &listed).ok());
  for (const pb::CalendarDay& d : listed.days()) {
    EXPECT_FALSE(d.date().month() == 1 && d.date().day() == 6);
  }

  // Publishing for real moves it: an event, the dossier's appointment in
  // force, and the applicant's notice; the printed appointment stays.
  publish.set_dry_run(false);
  publish.set_request_id("publish-1");
  pb::PublishScheduleResponse published;
  s = admin->PublishSchedule(Ctx().get(), publish, &published);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_FALSE(published.dry_run());
  EXPECT_EQ(published.appointments_moving(), 1);
  pb::GetDossierRequest get_dossier;
  get_dossier.set_code(submitted.dossier().code());
  pb::GetDossierResponse got;
  grpc::ClientContext c2;
  ASSERT_TRUE(desk->GetDossier(&c2, get_dossier, &got).ok());
  const pb::DossierEvent& last = *got.history().rbegin();
  EXPECT_EQ(last.kind(), "appointment_moved");
  EXPECT_EQ(last.previous_appointment().seconds(),
            preview.moves(0).before().seconds());
  EXPECT_EQ(last.appointment().seconds(), preview.moves(0).after().seconds());
  EXPECT_EQ(got.dossier().appointment().seconds(),
            preview.moves(0).after().seconds());
  EXPECT_EQ(got.dossier().original_appointment().seconds(),
            preview.moves(0).before().seconds());
  // Publishing the same schedule again moves nothing.
  publish.set_request_id("publish-2");
  pb::PublishScheduleResponse again;
  ASSERT_TRUE(admin->PublishSchedule(Ctx().get(), publish, &again).ok());
  EXPECT_EQ(again.appointments_moving(), 0);
  EXPECT_EQ(again.day_changes_size(), 0);
  // Withdrawing the year falls back to the rules: 06/01 is a working day
  // again but Saturday 10/01 is no longer worked, so this appointment stays
  // where it is, and no event is appended.
  pb::WithdrawScheduleRequest withdraw;
  withdraw.set_client_id("it");
  withdraw.set_request_id("withdraw-1");
  withdraw.add_calendars("vn");
  withdraw.set_year(2026);
  pb::WithdrawScheduleResponse withdrawn;
  ASSERT_TRUE(admin->WithdrawSchedule(Ctx().get(), withdraw, &withdrawn).ok());
  EXPECT_TRUE(withdrawn.calendars(0).changed());
  EXPECT_EQ(withdrawn.appointments_moved(), 0) << withdrawn.DebugString();
  grpc::ClientContext c3;
  pb::GetDossierResponse after_withdrawal;
  ASSERT_TRUE(desk->GetDossier(&c3, get_dossier, &after_withdrawal).ok());
  EXPECT_EQ(after_withdrawal.history().rbegin()->kind(), "appointment_moved");
  EXPECT_EQ(after_withdrawal.dossier().version(), got.dossier().version());
  // The applicant is told (notifications.jsonl, one line per notice).
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  std::ifstream notes(dir.path() + "/notifications.jsonl");
  std::string line, all;
  while (std::getline(notes, line)) all += line + "\n";
  EXPECT_NE(all.find("appointment_moved"), std::string::npos) << all;
}

}  // namespace
}  // namespace motcua
