// motcua.v1.DossierService: the reception desk's receipt and lookup RPCs.
//
// A thin callback service: SubmitDossier translates the request and posts it
// to the Sequencer, finishing the call from the sequencer's reply (no thread
// waits on the disk); GetDossier reads the store directly.
//
// Thread safety: gRPC calls the handlers concurrently; the class holds only
// references to thread-safe collaborators.
#pragma once

#include "engine/ports/dossier_store.h"
#include "motcua/v1/dossier.grpc.pb.h"
#include "services/sequencer.h"

namespace motcua::services {

class DossierService final : public motcua::v1::DossierService::CallbackService {
 public:
  DossierService(Sequencer& sequencer, const engine::DossierStore& store)
      : sequencer_(sequencer), store_(store) {}

  grpc::ServerUnaryReactor* SubmitDossier(
      grpc::CallbackServerContext* context,
      const motcua::v1::SubmitDossierRequest* request,
      motcua::v1::SubmitDossierResponse* response) override;

  grpc::ServerUnaryReactor* GetDossier(
      grpc::CallbackServerContext* context,
      const motcua::v1::GetDossierRequest* request,
      motcua::v1::GetDossierResponse* response) override;

 private:
  Sequencer& sequencer_;
  const engine::DossierStore& store_;
};

}  // namespace motcua::services
