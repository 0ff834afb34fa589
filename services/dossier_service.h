// motcua.v1.DossierService (the one-stop desk) and motcua.v1.ProcessingService
// (the processing agencies).
//
// Thin callback services: SubmitDossier posts the receipt to the Sequencer
// with the lifecycle's admission rules (catalogue + calendars); every action
// RPC goes through LifecycleActions; reads (GetDossier, ListDossiers,
// GetForms) go to the store directly. No gRPC thread waits on the disk.
//
// Thread safety: gRPC calls the handlers concurrently; the classes hold only
// references to thread-safe collaborators.
#pragma once

#include <optional>
#include <string_view>

#include "engine/ports/dossier_store.h"
#include "engine/ports/lookup_secrets.h"
#include "motcua/v1/dossier.grpc.pb.h"
#include "runtime/access_log.h"
#include "runtime/report_book.h"
#include "services/access_control.h"
#include "services/form_rendering.h"
#include "services/lifecycle_actions.h"

namespace motcua::services {

class DossierService final
    : public motcua::v1::DossierService::CallbackService {
 public:
  DossierService(const AccessControl& access, runtime::AccessLog& access_log,
                 runtime::Sequencer& sequencer,
                 const engine::DossierStore& store,
                 const runtime::CalendarBook& calendars,
                 const runtime::CatalogueBook& catalogue,
                 LifecycleActions& actions,
                 const engine::LookupSecrets& secrets,
                 const runtime::ReportBook& index, const FormRendering& forms,
                 const engine::Clock& clock)
      : access_(access),
        access_log_(access_log),
        sequencer_(sequencer),
        store_(store),
        calendars_(calendars),
        catalogue_(catalogue),
        actions_(actions),
        secrets_(secrets),
        index_(index),
        forms_(forms),
        clock_(clock) {}

  grpc::ServerUnaryReactor* SubmitDossier(
      grpc::CallbackServerContext* context,
      const motcua::v1::SubmitDossierRequest* request,
      motcua::v1::SubmitDossierResponse* response) override;
  grpc::ServerUnaryReactor* GetDossier(
      grpc::CallbackServerContext* context,
      const motcua::v1::GetDossierRequest* request,
      motcua::v1::GetDossierResponse* response) override;
  grpc::ServerUnaryReactor* ListDossiers(
      grpc::CallbackServerContext* context,
      const motcua::v1::ListDossiersRequest* request,
      motcua::v1::ListDossiersResponse* response) override;
  grpc::ServerUnaryReactor* GetForms(
      grpc::CallbackServerContext* context,
      const motcua::v1::GetFormsRequest* request,
      motcua::v1::GetFormsResponse* response) override;
  // Role and access as GetForms; the rendering is FormRendering's.
  grpc::ServerUnaryReactor* RenderForm(
      grpc::CallbackServerContext* context,
      const motcua::v1::RenderFormRequest* request,
      motcua::v1::RenderFormResponse* response) override;

#define MOTCUA_ACTION(Rpc)                                                   \
  grpc::ServerUnaryReactor* Rpc(grpc::CallbackServerContext* context,        \
                                const motcua::v1::DossierAction* request,    \
                                motcua::v1::DossierActionResponse* response) \
      override;
  MOTCUA_ACTION(AcceptOnline)
  MOTCUA_ACTION(RefuseAtReceipt)
  MOTCUA_ACTION(Transfer)
  MOTCUA_ACTION(ReturnResult)
  MOTCUA_ACTION(ReceiveSupplement)
  MOTCUA_ACTION(ConfirmPayment)
  MOTCUA_ACTION(RequestWithdrawal)
  MOTCUA_ACTION(Withdraw)

 private:
  // What GetForms and RenderForm read: the caller (desk, agency_officer or
  // auditor of an agency that took part), the log, its fold and the
  // catalogue; whether the caller is a desk of the receiving agency (who
  // alone may print the lookup secret). RenderForm's `file` is checked
  // before the store is read.
  struct FormsRead {
    PrincipalPtr caller;
    std::vector<engine::DossierEvent> events;
    engine::Dossier dossier;
    std::shared_ptr<const engine::Catalogue> catalogue;
    bool receiving_desk = false;
  };
  engine::Result<FormsRead> ReadForForms(
      const grpc::CallbackServerContext& context, const std::string& code,
      std::optional<std::string_view> file) const;

  // Answers `reactor` OK once `records` are in the access log (UNAVAILABLE,
  // without the data, if they cannot be stored).
  void FinishLogged(grpc::ServerUnaryReactor* reactor,
                    std::vector<engine::AccessRecord> records);

  const AccessControl& access_;
  runtime::AccessLog& access_log_;
  runtime::Sequencer& sequencer_;
  const engine::DossierStore& store_;
  const runtime::CalendarBook& calendars_;
  const runtime::CatalogueBook& catalogue_;
  LifecycleActions& actions_;
  const engine::LookupSecrets& secrets_;
  // The report index: ListDossiers finds its candidates there.
  const runtime::ReportBook& index_;
  const FormRendering& forms_;
  const engine::Clock& clock_;
};

class ProcessingService final
    : public motcua::v1::ProcessingService::CallbackService {
 public:
  explicit ProcessingService(LifecycleActions& actions) : actions_(actions) {}

  MOTCUA_ACTION(StartProcessing)
  MOTCUA_ACTION(Forward)
  MOTCUA_ACTION(RequestSupplement)
  MOTCUA_ACTION(ReceiveSupplement)
  MOTCUA_ACTION(RequirePayment)
  MOTCUA_ACTION(ConfirmPayment)
  MOTCUA_ACTION(RefuseAfterAppraisal)
  MOTCUA_ACTION(MarkResultReady)
  MOTCUA_ACTION(Apologize)
  MOTCUA_ACTION(Stop)
  MOTCUA_ACTION(RequestWithdrawal)
  MOTCUA_ACTION(Withdraw)
#undef MOTCUA_ACTION

 private:
  LifecycleActions& actions_;
};

}  // namespace motcua::services
