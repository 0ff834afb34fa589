#include "services/calendar_service.h"

#include <condition_variable>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>

#include "engine/common/field_violations.h"
#include "engine/common/text.h"
#include "engine/deadline/deadline.h"
#include "engine/lifecycle/recalendar.h"
#include "services/proto_mapping.h"
#include "services/status_mapping.h"

namespace motcua::services {
namespace {

namespace pb = motcua::v1;
using engine::Error;
using engine::InvalidArgument;

constexpr size_t kMaxScheduleText = 64 * 1024;

// Dossiers listed by a dry run (the count covers them all).
constexpr int kMaxMovesListed = 100;
// Appointment moves queued in the sequencer at once by a publication.
constexpr int kMoveWindow = 256;

pb::DayKind ToProto(engine::DayKind k) {
  switch (k) {
    case engine::DayKind::kWorkingDay:
      return pb::DAY_KIND_UNSPECIFIED;
    case engine::DayKind::kWeeklyRest:
      return pb::DAY_KIND_WEEKLY_REST;
    case engine::DayKind::kHoliday:
      return pb::DAY_KIND_HOLIDAY;
    case engine::DayKind::kCompensatoryDayOff:
      return pb::DAY_KIND_COMPENSATORY_DAY_OFF;
    case engine::DayKind::kSwappedDayOff:
      return pb::DAY_KIND_SWAPPED_DAY_OFF;
    case engine::DayKind::kDecidedDayOff:
      return pb::DAY_KIND_DECIDED_DAY_OFF;
    case engine::DayKind::kSwappedWorkingDay:
      return pb::DAY_KIND_SWAPPED_WORKING_DAY;
  }
  return pb::DAY_KIND_UNSPECIFIED;
}

// The proto enum predates holidays as data; it is kept for the Labour Code
// 2019 holidays and is HOLIDAY_UNSPECIFIED for any other (e.g. culture_day),
// whose key, name and source are carried as strings.
pb::Holiday HolidayEnum(std::string_view key) {
  if (key == engine::kNewYear) return pb::HOLIDAY_NEW_YEAR;
  if (key == engine::kTet) return pb::HOLIDAY_TET;
  if (key == engine::kHungKings) return pb::HOLIDAY_HUNG_KINGS;
  if (key == engine::kReunificationDay) return pb::HOLIDAY_REUNIFICATION;
  if (key == engine::kLabourDay) return pb::HOLIDAY_LABOUR;
  if (key == engine::kNationalDay) return pb::HOLIDAY_NATIONAL_DAY;
  return pb::HOLIDAY_UNSPECIFIED;
}

void ToProto(const engine::DayInfo& d, pb::CalendarDay* day) {
  services::ToProto(d.date, day->mutable_date());
  day->set_kind(ToProto(d.kind));
  if (!d.holiday.empty()) {
    day->set_holiday(HolidayEnum(d.holiday));
    day->set_holiday_key(d.holiday);
    day->set_holiday_name(d.holiday_name);
  }
  day->set_official(d.official);
  day->set_source(d.source);
  day->set_note(d.note);
  day->set_working(d.working());
}

std::string Minute(int m) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", m / 60 % 100, m % 60);
  return buf;
}

engine::Status CheckYear(int year) {
  if (year < 1900 || year > 2199) {
    return InvalidArgument("year: " + std::to_string(year) +
                           " is outside 1900..2199");
  }
  return {};
}

engine::Status CheckCalendarName(const std::string& name,
                                 const std::string& field) {
  if (!engine::IsToken(name, 64)) {
    return InvalidArgument(field +
                           ": a calendar name is required (1..64 of "
                           "[A-Za-z0-9._:-])");
  }
  return {};
}

std::vector<std::string> CalendarNames(
    const google::protobuf::RepeatedPtrField<std::string>& names,
    engine::FieldViolations& v) {
  std::vector<std::string> out;
  for (int i = 0; i < names.size(); ++i) {
    v.Add(CheckCalendarName(names[i], "calendars[" + std::to_string(i) + "]"));
    out.push_back(names[i]);
  }
  return out;
}

void ToProto(const std::vector<runtime::CalendarChange>& changes,
             google::protobuf::RepeatedPtrField<pb::CalendarVersion>* out) {
  for (const runtime::CalendarChange& c : changes) {
    auto* v = out->Add();
    v->set_calendar(c.calendar);
    v->set_version(c.version);
    v->set_changed(c.changed);
  }
}

}  // namespace

grpc::ServerUnaryReactor* CalendarService::ListCalendars(
    grpc::CallbackServerContext* context, const pb::ListCalendarsRequest*,
    pb::ListCalendarsResponse* response) {
  if (auto caller = access_.Authenticate(*context); !caller.ok()) {
    return FinishCall(context, caller.error());
  }
  for (const auto& cal : book_.All()) {
    auto* info = response->add_calendars();
    const engine::CalendarConfig& c = cal->config();
    info->set_name(cal->name());
    info->set_version(cal->version());
    for (const auto& p : c.working_hours) {
      info->add_working_hours(Minute(p.start_minute) + "-" +
                              Minute(p.end_minute));
    }
    if (c.receipt_cutoff_minute) {
      info->set_receipt_cutoff(Minute(*c.receipt_cutoff_minute));
    }
    info->set_appointment_time(c.appointment_time ==
                                       engine::AppointmentTime::kEndOfWorkingDay
                                   ? "end_of_working_day"
                                   : "same_time_of_day");
    for (const auto& [year, s] : cal->schedules())
      info->add_official_years(year);
    info->set_first_year(c.first_year);
    info->set_last_year(c.last_year);
  }
  return FinishCall(context, grpc::Status::OK);
}

grpc::ServerUnaryReactor* CalendarService::ListDaysOff(
    grpc::CallbackServerContext* context, const pb::ListDaysOffRequest* request,
    pb::ListDaysOffResponse* response) {
  if (auto caller = access_.Authenticate(*context); !caller.ok()) {
    return FinishCall(context, caller.error());
  }
  engine::FieldViolations violations;
  violations.Add(CheckCalendarName(request->calendar(), "calendar"));
  violations.Add(CheckYear(request->year()));
  if (!violations.ok()) {
    return FinishCall(context, violations);
  }
  auto cal = book_.Get(request->calendar());
  if (!cal.ok()) return FinishCall(context, cal.error());
  auto year = (*cal)->DaysOff(request->year());
  if (!year.ok()) {
    return FinishCall(context,
                      InvalidArgument("year: " + year.error().message));
  }
  response->set_calendar(year->calendar);
  response->set_calendar_version(year->calendar_version);
  response->set_year(year->year);
  response->set_official_schedule(year->official_schedule);
  for (const engine::DayInfo& d : year->days) ToProto(d, response->add_days());
  return FinishCall(context, grpc::Status::OK);
}

grpc::ServerUnaryReactor* CalendarService::ComputeDeadline(
    grpc::CallbackServerContext* context,
    const pb::ComputeDeadlineRequest* request,
    pb::ComputeDeadlineResponse* response) {
  if (auto caller = access_.Authenticate(*context); !caller.ok()) {
    return FinishCall(context, caller.error());
  }
  engine::FieldViolations violations;
  violations.Add(CheckCalendarName(request->calendar(), "calendar"));
  engine::Result<engine::Instant> received =
      InvalidArgument("received_at: required");
  if (request->has_received_at()) {
    received = FromTimestamp(request->received_at(), "received_at");
  }
  violations.Add(received);
  auto budget = FromProto(request->budget(), "budget");
  violations.Add(budget);
  auto cutoff = CutoffFromText(request->receipt_cutoff(), "receipt_cutoff");
  violations.Add(cutoff);
  if (!violations.ok()) {
    return FinishCall(context, violations);
  }
  auto cal = book_.Get(request->calendar());
  if (!cal.ok()) return FinishCall(context, cal.error());
  auto d = engine::ComputeDeadline(**cal, *received, *budget,
                                   {.receipt_cutoff_minute = *cutoff});
  if (!d.ok()) {
    return FinishCall(context,
                      InvalidArgument("received_at: " + d.error().message));
  }
  ToTimestamp(d->appointment, response->mutable_appointment());
  response->set_appointment_local(engine::FormatVietnamInstant(d->appointment));
  ToProto(d->receipt_date, response->mutable_receipt_date());
  response->set_receipt_moved(d->receipt_moved);
  ToTimestamp(d->counting_start, response->mutable_counting_start());
  response->set_working_days_counted(d->working_days_counted);
  response->set_calendar(d->calendar);
  response->set_calendar_version(d->calendar_version);
  for (int y : d->rule_based_years) response->add_rule_based_years(y);
  return FinishCall(context, grpc::Status::OK);
}

engine::Status CalendarAdminService::MoveAppointments(
    const std::vector<runtime::CalendarChange>& changes,
    pb::PublishScheduleResponse* response, bool apply) const {
  std::map<std::string, const runtime::CalendarChange*, std::less<>> changed;
  for (const runtime::CalendarChange& c : changes) {
    if (c.changed) changed[c.calendar] = &c;
  }
  if (changed.empty()) return {};
  const engine::Instant now = clock_.Now();
  // Moves in flight through the sequencer, at most kMoveWindow at once.
  struct Pending {
    std::mutex mu;
    std::condition_variable cv;
    int in_flight = 0;
    engine::Status first_error;
  };
  auto pending = std::make_shared<Pending>();
  auto wait_below = [&pending](int limit) {
    std::unique_lock lock(pending->mu);
    pending->cv.wait(lock, [&] { return pending->in_flight < limit; });
  };
  std::string cursor;
  for (;;) {
    auto batch = store_.ScanDossiers(cursor, 512);
    if (!batch.ok()) return batch.error();
    if (batch->empty()) break;
    for (const engine::Dossier& d : *batch) {
      cursor = d.code;
      if (!d.terms) continue;
      auto it = changed.find(d.terms->calendar);
      if (it == changed.end()) continue;
      auto move = engine::CompareAppointment(d, *it->second->before,
                                             *it->second->after, now);
      if (!move) continue;
      response->set_open_dossiers(response->open_dossiers() + 1);
      if (!move->moves()) continue;
      response->set_appointments_moving(response->appointments_moving() + 1);
      if (response->moves_size() < kMaxMovesListed) {
        pb::AppointmentMove* out = response->add_moves();
        out->set_code(d.code);
        out->set_calendar(d.terms->calendar);
        ToTimestamp(move->before, out->mutable_before());
        ToTimestamp(move->after, out->mutable_after());
      }
      if (!apply) continue;
      const runtime::CalendarChange& c = *it->second;
      runtime::DossierCommand command;
      command.client_id = std::string(engine::kRecalendarActor);
      command.request_id =
          c.calendar + "@" + std::to_string(c.version) + "/" + d.code;
      command.command =
          engine::RecalendarCommand{c.calendar, c.version, d.code};
      command.dossier_code = d.code;
      command.refresh_watch = true;
      command.decide = [before = c.before, after = c.after](
                           const engine::Dossier& current,
                           const engine::WriteCommand&, engine::Instant at)
          -> engine::Result<std::vector<engine::DossierEvent>> {
        return engine::DecideRecalendar(current, *before, *after, at);
      };
      wait_below(kMoveWindow);
      {
        std::lock_guard lock(pending->mu);
        ++pending->in_flight;
      }
      sequencer_.Execute(std::move(command),
                         [pending](engine::Result<runtime::CommandReply> r) {
                           std::lock_guard lock(pending->mu);
                           if (!r.ok() && pending->first_error.ok()) {
                             pending->first_error = r.error();
                           }
                           --pending->in_flight;
                           pending->cv.notify_all();
                         });
    }
  }
  wait_below(1);
  std::lock_guard lock(pending->mu);
  return pending->first_error;
}

grpc::ServerUnaryReactor* CalendarAdminService::PublishSchedule(
    grpc::CallbackServerContext* context,
    const pb::PublishScheduleRequest* request,
    pb::PublishScheduleResponse* response) {
  auto caller = access_.Require(*context, {engine::Role::kCalendarAdmin});
  if (!caller.ok()) return FinishCall(context, caller.error());
  engine::FieldViolations violations;
  engine::CheckIdempotencyKey(request->client_id(), request->request_id(),
                              violations);
  const std::vector<std::string> names =
      CalendarNames(request->calendars(), violations);
  engine::Result<engine::OfficialSchedule> schedule =
      InvalidArgument("schedule_text: required, at most 64 KiB");
  if (!request->schedule_text().empty() &&
      request->schedule_text().size() <= kMaxScheduleText) {
    schedule = engine::ParseOfficialSchedule(request->schedule_text());
    if (!schedule.ok()) {
      schedule = InvalidArgument("schedule_text: " + schedule.error().message);
    }
  }
  violations.Add(schedule);
  if (!violations.ok()) {
    return FinishCall(context, violations);
  }
  auto changes =
      book_.Publish(names, *schedule, request->force(), request->dry_run());
  if (!changes.ok()) return FinishCall(context, changes.error());
  response->set_year(schedule->year);
  response->set_dry_run(request->dry_run());
  ToProto(*changes, response->mutable_calendars());
  for (const runtime::CalendarChange& c : *changes) {
    if (!c.changed) continue;
    for (const engine::DayDifference& d :
         engine::CompareDays(*c.before, *c.after, schedule->year)) {
      pb::DayChange* out = response->add_day_changes();
      out->set_calendar(c.calendar);
      ToProto(d.before, out->mutable_before());
      ToProto(d.after, out->mutable_after());
    }
  }
  // A dry run counts the appointments that would move; a publication
  // moves them (each with its event and the applicant's notice).
  if (engine::Status s =
          MoveAppointments(*changes, response, !request->dry_run());
      !s.ok()) {
    return FinishCall(context, s.error());
  }
  return FinishCall(context, grpc::Status::OK);
}

grpc::ServerUnaryReactor* CalendarAdminService::WithdrawSchedule(
    grpc::CallbackServerContext* context,
    const pb::WithdrawScheduleRequest* request,
    pb::WithdrawScheduleResponse* response) {
  auto caller = access_.Require(*context, {engine::Role::kCalendarAdmin});
  if (!caller.ok()) return FinishCall(context, caller.error());
  engine::FieldViolations violations;
  engine::CheckIdempotencyKey(request->client_id(), request->request_id(),
                              violations);
  const std::vector<std::string> names =
      CalendarNames(request->calendars(), violations);
  violations.Add(CheckYear(request->year()));
  if (!violations.ok()) {
    return FinishCall(context, violations);
  }
  auto changes = book_.Withdraw(names, request->year());
  if (!changes.ok()) return FinishCall(context, changes.error());
  ToProto(*changes, response->mutable_calendars());
  // The year falls back to the rules: appointments move as for a
  // publication.
  pb::PublishScheduleResponse moved;
  if (engine::Status s = MoveAppointments(*changes, &moved, /*apply=*/true);
      !s.ok()) {
    return FinishCall(context, s.error());
  }
  response->set_appointments_moved(moved.appointments_moving());
  return FinishCall(context, grpc::Status::OK);
}

grpc::ServerUnaryReactor* CalendarAdminService::GetSchedule(
    grpc::CallbackServerContext* context, const pb::GetScheduleRequest* request,
    pb::GetScheduleResponse* response) {
  auto caller = access_.Require(
      *context, {engine::Role::kCalendarAdmin, engine::Role::kAuditor});
  if (!caller.ok()) return FinishCall(context, caller.error());
  engine::FieldViolations violations;
  violations.Add(CheckCalendarName(request->calendar(), "calendar"));
  violations.Add(CheckYear(request->year()));
  if (!violations.ok()) {
    return FinishCall(context, violations);
  }
  auto cal = book_.Get(request->calendar());
  if (!cal.ok()) return FinishCall(context, cal.error());
  auto it = (*cal)->schedules().find(request->year());
  if (it == (*cal)->schedules().end()) {
    return FinishCall(
        context,
        engine::NotFound("calendar " + request->calendar() +
                         " has no official schedule for " +
                         std::to_string(request->year()) +
                         "; its days come from the Labour Code rules"));
  }
  response->set_calendar((*cal)->name());
  response->set_calendar_version((*cal)->version());
  response->set_schedule_text(engine::FormatOfficialSchedule(it->second));
  return FinishCall(context, grpc::Status::OK);
}

}  // namespace motcua::services
