// motcua.v1.PortalSyncService: the national public-service portal's sync
// adapter acknowledges what the portal holds (engine/lifecycle/portal_sync.h
// has the rules). Role portal_sync, for an agency covering the dossier's
// receiving agency; the acknowledgement goes through the sequencer like
// every write (idempotency key, group commit, report facts follow).
//
// Thread safety: handlers run concurrently; collaborators are thread-safe.
#pragma once

#include "engine/ports/clock.h"
#include "motcua/v1/events.grpc.pb.h"
#include "runtime/catalogue_book.h"
#include "runtime/sequencer.h"
#include "services/access_control.h"

namespace motcua::services {

class PortalSyncService final
    : public motcua::v1::PortalSyncService::CallbackService {
 public:
  PortalSyncService(const AccessControl& access, runtime::Sequencer& sequencer,
                    const runtime::CatalogueBook& catalogue)
      : access_(access), sequencer_(sequencer), catalogue_(catalogue) {}

  grpc::ServerUnaryReactor* AcknowledgeSync(
      grpc::CallbackServerContext* context,
      const motcua::v1::AcknowledgeSyncRequest* request,
      motcua::v1::AcknowledgeSyncResponse* response) override;

 private:
  const AccessControl& access_;
  runtime::Sequencer& sequencer_;
  const runtime::CatalogueBook& catalogue_;
};

}  // namespace motcua::services
