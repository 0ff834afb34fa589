// motcua.v1.CalendarService (read-only: the desk's appointment dates and the
// days off) and motcua.v1.CalendarAdminService (the provincial office
// publishes or withdraws a year's official schedule), over a CalendarBook.
//
// Calls are cheap and CPU-only (the calendars are precomputed), so both are
// thin callback services that answer on the gRPC thread.
//
// Thread safety: handlers run concurrently; CalendarBook is thread-safe.
#pragma once

#include "engine/ports/clock.h"
#include "engine/ports/dossier_store.h"
#include "motcua/v1/calendar.grpc.pb.h"
#include "runtime/calendar_book.h"
#include "runtime/sequencer.h"
#include "services/access_control.h"

namespace motcua::services {

class CalendarService final
    : public motcua::v1::CalendarService::CallbackService {
 public:
  CalendarService(const AccessControl& access,
                  const runtime::CalendarBook& book)
      : access_(access), book_(book) {}

  grpc::ServerUnaryReactor* ListCalendars(
      grpc::CallbackServerContext* context,
      const motcua::v1::ListCalendarsRequest* request,
      motcua::v1::ListCalendarsResponse* response) override;
  grpc::ServerUnaryReactor* ListDaysOff(
      grpc::CallbackServerContext* context,
      const motcua::v1::ListDaysOffRequest* request,
      motcua::v1::ListDaysOffResponse* response) override;
  grpc::ServerUnaryReactor* ComputeDeadline(
      grpc::CallbackServerContext* context,
      const motcua::v1::ComputeDeadlineRequest* request,
      motcua::v1::ComputeDeadlineResponse* response) override;

 private:
  const AccessControl& access_;
  const runtime::CalendarBook& book_;
};

class CalendarAdminService final
    : public motcua::v1::CalendarAdminService::CallbackService {
 public:
  CalendarAdminService(const AccessControl& access, runtime::CalendarBook& book,
                       const engine::DossierStore& store,
                       runtime::Sequencer& sequencer,
                       const engine::Clock& clock)
      : access_(access),
        book_(book),
        store_(store),
        sequencer_(sequencer),
        clock_(clock) {}

  grpc::ServerUnaryReactor* PublishSchedule(
      grpc::CallbackServerContext* context,
      const motcua::v1::PublishScheduleRequest* request,
      motcua::v1::PublishScheduleResponse* response) override;
  grpc::ServerUnaryReactor* WithdrawSchedule(
      grpc::CallbackServerContext* context,
      const motcua::v1::WithdrawScheduleRequest* request,
      motcua::v1::WithdrawScheduleResponse* response) override;
  grpc::ServerUnaryReactor* GetSchedule(
      grpc::CallbackServerContext* context,
      const motcua::v1::GetScheduleRequest* request,
      motcua::v1::GetScheduleResponse* response) override;

 private:
  // The open dossiers on the changed calendars whose appointment in force
  // moves (engine::CompareAppointment), into `response`.
  // With `apply`, each moving dossier gets its AppointmentMoved event
  // through the sequencer (engine::DecideRecalendar), which also refreshes
  // its deadline index entries and report facts; the call returns once all
  // are durable (or fails with the first error).
  engine::Status MoveAppointments(
      const std::vector<runtime::CalendarChange>& changes,
      motcua::v1::PublishScheduleResponse* response, bool apply) const;

  const AccessControl& access_;
  runtime::CalendarBook& book_;
  const engine::DossierStore& store_;
  runtime::Sequencer& sequencer_;
  const engine::Clock& clock_;
};

}  // namespace motcua::services
