// LifecycleActions: the one handler behind every lifecycle action RPC of
// DossierService (desk) and ProcessingService (agencies).
//
// An action becomes an engine LifecycleCommand for its transition and is
// posted to the Sequencer as a DossierCommand carrying that command (the
// sequencer fingerprints it for idempotency, runtime/sequencer.h) and a
// `decide` that runs the lifecycle engine (engine/lifecycle/decide.h) on it
// against the calendars and catalogue in force when the sequencer reaches
// it. The reply is sent after the events are durable.
//
// Access: the caller needs `role` (desk on DossierService, agency_officer on
// ProcessingService) for the request's agency_code; a principal that names
// an officer acts as that officer. The reply masks the applicant's personal
// data (engine::MaskApplicant): reading them is GetDossier's, logged.
//
// Thread safety: Act may be called from any gRPC thread.
#pragma once

#include <grpcpp/grpcpp.h>

#include "engine/ports/clock.h"
#include "engine/ports/dossier_store.h"
#include "motcua/v1/dossier.pb.h"
#include "runtime/calendar_book.h"
#include "runtime/catalogue_book.h"
#include "runtime/sequencer.h"
#include "services/access_control.h"

namespace motcua::services {

class LifecycleActions {
 public:
  LifecycleActions(const AccessControl& access, runtime::Sequencer& sequencer,
                   const runtime::CalendarBook& calendars,
                   const runtime::CatalogueBook& catalogue,
                   const engine::Clock& clock)
      : access_(access),
        sequencer_(sequencer),
        calendars_(calendars),
        catalogue_(catalogue),
        clock_(clock) {}

  grpc::ServerUnaryReactor* Act(grpc::CallbackServerContext* context,
                                const motcua::v1::DossierAction* request,
                                motcua::v1::DossierActionResponse* response,
                                engine::Transition transition,
                                engine::Role role);

  // The dossier for a read (GetDossier, ListDossiers), with overdue and
  // remaining derived from its calendar at the server's now. Replies to
  // writes run on the sequencer's thread and map the stored state only.
  void DossierToProto(const engine::Dossier& dossier,
                      motcua::v1::Dossier* out) const;

 private:
  const AccessControl& access_;
  runtime::Sequencer& sequencer_;
  const runtime::CalendarBook& calendars_;
  const runtime::CatalogueBook& catalogue_;
  const engine::Clock& clock_;
};

}  // namespace motcua::services
