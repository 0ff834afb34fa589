// motcua.v1.ReportService: Form 06, frozen submissions, Decision 766
// indicators and the overdue list, computed from the in-memory report index
// (ReportBook) — never from whole dossiers, except the overdue list, which
// loads only the dossiers the index says are overdue.
//
// Thread safety: handlers run concurrently; collaborators are thread-safe.
#pragma once

#include <functional>

#include "engine/ports/clock.h"
#include "engine/ports/dossier_store.h"
#include "engine/report/form06.h"
#include "motcua/v1/report.grpc.pb.h"
#include "runtime/calendar_book.h"
#include "runtime/report_book.h"
#include "services/access_control.h"

namespace motcua::services {

using XlsxExporter =
    std::function<engine::Result<std::string>(const engine::Form06&)>;

class ReportService final : public motcua::v1::ReportService::CallbackService {
 public:
  ReportService(const AccessControl& access, const runtime::ReportBook& book,
                engine::DossierStore& store,
                const runtime::CalendarBook& calendars,
                const engine::Clock& clock, XlsxExporter xlsx)
      : access_(access),
        book_(book),
        store_(store),
        calendars_(calendars),
        clock_(clock),
        xlsx_(std::move(xlsx)) {}

  grpc::ServerUnaryReactor* GetForm06(
      grpc::CallbackServerContext* context,
      const motcua::v1::GetForm06Request* request,
      motcua::v1::GetForm06Response* response) override;
  // Freezes the next version of a period's Form 06. Not a dossier change,
  // so not through the sequencer: the version record and the request's
  // idempotency record are one atomic, synced DossierStore::PutSubmission.
  // A retry with the same (client_id, request_id) is answered with the
  // first reply (replayed); the same key with another period or other
  // treatments is INVALID_ARGUMENT naming request_id (records written
  // before that check existed hold no request to compare and replay).
  grpc::ServerUnaryReactor* SubmitForm06(
      grpc::CallbackServerContext* context,
      const motcua::v1::SubmitForm06Request* request,
      motcua::v1::SubmitForm06Response* response) override;
  grpc::ServerUnaryReactor* GetSubmission(
      grpc::CallbackServerContext* context,
      const motcua::v1::GetSubmissionRequest* request,
      motcua::v1::GetSubmissionResponse* response) override;
  grpc::ServerUnaryReactor* GetIndicators(
      grpc::CallbackServerContext* context,
      const motcua::v1::GetIndicatorsRequest* request,
      motcua::v1::GetIndicatorsResponse* response) override;
  grpc::ServerUnaryReactor* GetOverdueList(
      grpc::CallbackServerContext* context,
      const motcua::v1::GetOverdueListRequest* request,
      motcua::v1::GetOverdueListResponse* response) override;

 private:
  // NotFound for an agency_code the catalogue does not know.
  engine::Result<engine::Form06> Build(const motcua::v1::PeriodSpec& period,
                                       const motcua::v1::Treatments& t,
                                       motcua::v1::AgencyGrouping grouping,
                                       const std::string& agency_code) const;
  // Fills file/name/type for `format`; InvalidArgument for an unknown one.
  engine::Status Export(const engine::Form06& form,
                        motcua::v1::ExportFormat format, std::string* file,
                        std::string* name, std::string* type) const;

  const AccessControl& access_;
  const runtime::ReportBook& book_;
  engine::DossierStore& store_;
  const runtime::CalendarBook& calendars_;
  const engine::Clock& clock_;
  const XlsxExporter xlsx_;
  std::mutex submit_mu_;  // one submission at a time: versions in order
};

}  // namespace motcua::services
