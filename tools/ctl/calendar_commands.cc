#include "tools/ctl/calendar_commands.h"

#include <cctype>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "motcua/v1/calendar.grpc.pb.h"
#include "tools/ctl/values.h"

namespace motcua::ctl {
namespace {

namespace pb = motcua::v1;

struct Options {
  std::string name, received, unit = "working_days", cutoff, file, out;
  int year = 0, amount = 0;
  std::vector<std::string> calendars;
  bool force = false, dry_run = false;
  IdempotencyFlags key;
};

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(c));
  return s;
}

}  // namespace

void RegisterCalendarCommands(CLI::App& app, Ctl& ctl) {
  CLI::App* calendar = app.add_subcommand("calendar", "working calendars")
                           ->require_subcommand(1);
  auto o = std::make_shared<Options>();
  calendar->add_subcommand("list", "configured calendars")->callback([&ctl] {
    pb::ListCalendarsResponse resp;
    auto stub = pb::CalendarService::NewStub(ctl.Channel());
    ctl.Finish(ctl.Call([&](grpc::ClientContext* ctx) {
      return stub->ListCalendars(ctx, pb::ListCalendarsRequest(), &resp);
    }),
               resp);
  });

  CLI::App* days_off =
      calendar->add_subcommand("days-off", "a year's days off");
  days_off->add_option("calendar", o->name)->required();
  days_off->add_option("year", o->year)->required();
  days_off->callback([&ctl, o] {
    pb::ListDaysOffRequest req;
    req.set_calendar(o->name);
    req.set_year(o->year);
    pb::ListDaysOffResponse resp;
    auto stub = pb::CalendarService::NewStub(ctl.Channel());
    ctl.Finish(ctl.Call([&](grpc::ClientContext* ctx) {
      return stub->ListDaysOff(ctx, req, &resp);
    }),
               resp, {{"calendar", "CALENDAR"}, {"year", "YEAR"}});
  });

  CLI::App* deadline = calendar->add_subcommand("deadline", "an appointment");
  deadline->add_option("calendar", o->name)->required();
  deadline
      ->add_option("received", o->received,
                   "RFC 3339, e.g. 2026-01-05T09:30:00+07:00")
      ->required();
  deadline->add_option("amount", o->amount, "days or hours (0 for same_day)")
      ->required();
  deadline->add_option("--unit", o->unit)
      ->check(CLI::IsMember(
          {"working_days", "working_hours", "calendar_days", "same_day"}))
      ->capture_default_str();
  deadline->add_option("--cutoff", o->cutoff,
                       "the procedure's receipt cut-off, e.g. 15:00");
  deadline->callback([&ctl, o] {
    pb::ComputeDeadlineRequest req;
    req.set_calendar(o->name);
    *req.mutable_received_at() = ParseInstant(o->received, "RECEIVED");
    pb::BudgetUnit unit = pb::BUDGET_UNIT_UNSPECIFIED;
    pb::BudgetUnit_Parse("BUDGET_UNIT_" + Upper(o->unit), &unit);
    req.mutable_budget()->set_unit(unit);
    req.mutable_budget()->set_amount(o->amount);
    req.set_receipt_cutoff(o->cutoff);
    pb::ComputeDeadlineResponse resp;
    auto stub = pb::CalendarService::NewStub(ctl.Channel());
    ctl.Finish(ctl.Call([&](grpc::ClientContext* ctx) {
      return stub->ComputeDeadline(ctx, req, &resp);
    }),
               resp,
               {{"calendar", "CALENDAR"},
                {"received_at", "RECEIVED"},
                {"budget.unit", "--unit"},
                {"budget", "AMOUNT"},
                {"receipt_cutoff", "--cutoff"}});
  });

  CLI::App* publish = calendar->add_subcommand(
      "publish", "publish a year's official schedule (or --dry-run)");
  publish->add_option("file", o->file, "schedule file")->required();
  publish->add_option("--calendar", o->calendars,
                      "a calendar (repeatable; default: every calendar)");
  publish->add_flag("--force", o->force,
                    "publish even if it leaves out holidays the rules give");
  publish->add_flag("--dry-run", o->dry_run,
                    "store nothing; print the days that change and the open "
                    "dossiers whose appointment would move");
  o->key.Add(publish);
  publish->callback([&ctl, o] {
    pb::PublishScheduleRequest req;
    req.set_client_id(o->key.client_id);
    req.set_request_id(o->key.RequestId());
    for (const std::string& c : o->calendars) req.add_calendars(c);
    req.set_schedule_text(ReadFile(o->file));
    req.set_force(o->force);
    req.set_dry_run(o->dry_run);
    pb::PublishScheduleResponse resp;
    auto stub = pb::CalendarAdminService::NewStub(ctl.Channel());
    grpc::Status s = ctl.Call([&](grpc::ClientContext* ctx) {
      return stub->PublishSchedule(ctx, req, &resp);
    });
    ctl.FinishWrite(s, resp,
                    {{"schedule_text", o->file},
                     {"calendars", "--calendar"},
                     {"force", "--force"},
                     {"client_id", "--client-id"},
                     {"request_id", "--request-id"}},
                    req.request_id());
  });

  CLI::App* get = calendar->add_subcommand(
      "get", "a year's official schedule in a calendar (canonical text)");
  get->add_option("calendar", o->name)->required();
  get->add_option("year", o->year)->required();
  get->add_option("--out", o->out,
                  "write the schedule text to this file (default: print the "
                  "reply as JSON)");
  get->callback([&ctl, o] {
    pb::GetScheduleRequest req;
    req.set_calendar(o->name);
    req.set_year(o->year);
    pb::GetScheduleResponse resp;
    auto stub = pb::CalendarAdminService::NewStub(ctl.Channel());
    grpc::Status s = ctl.Call([&](grpc::ClientContext* ctx) {
      return stub->GetSchedule(ctx, req, &resp);
    });
    const FlagNames flags = {{"calendar", "CALENDAR"}, {"year", "YEAR"}};
    if (!o->out.empty()) {
      if (ctl.Check(s, flags)) ctl.Save(o->out, resp.schedule_text());
      return;
    }
    ctl.Finish(s, resp, flags);
  });

  CLI::App* withdraw = calendar->add_subcommand(
      "withdraw", "withdraw a year's official schedule (back to the rules)");
  withdraw->add_option("year", o->year)->required();
  withdraw->add_option("--calendar", o->calendars,
                       "a calendar (repeatable; default: every calendar)");
  o->key.Add(withdraw);
  withdraw->callback([&ctl, o] {
    pb::WithdrawScheduleRequest req;
    req.set_client_id(o->key.client_id);
    req.set_request_id(o->key.RequestId());
    for (const std::string& c : o->calendars) req.add_calendars(c);
    req.set_year(o->year);
    pb::WithdrawScheduleResponse resp;
    auto stub = pb::CalendarAdminService::NewStub(ctl.Channel());
    grpc::Status s = ctl.Call([&](grpc::ClientContext* ctx) {
      return stub->WithdrawSchedule(ctx, req, &resp);
    });
    ctl.FinishWrite(s, resp,
                    {{"year", "YEAR"},
                     {"calendars", "--calendar"},
                     {"client_id", "--client-id"},
                     {"request_id", "--request-id"}},
                    req.request_id());
  });
}

}  // namespace motcua::ctl
