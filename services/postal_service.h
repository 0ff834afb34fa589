// Postal reports into the write path: PostalRecorder is the engine's
// PostalEventSink (used by the carrier webhook in adapters/postal and by
// motcua.v1.PostalService), and PostalService is the gRPC face.
//
// Record(): validate the report, find the dossier (the code the carrier
// gave, else the tracking-number index), then run DecidePostal on the
// sequencer. The sequencer's idempotency key is ("postal:" + carrier,
// carrier_event_id), so a carrier's retry is answered from the first
// reply; a repeat the engine recognises (same key, e.g. after the key
// expired) is answered the same way. `done` fires after the durable commit.
//
// Thread safety: Record and the RPCs may be called from any thread.
#pragma once

#include "engine/ports/clock.h"
#include "engine/ports/dossier_store.h"
#include "engine/ports/postal_sink.h"
#include "motcua/v1/postal.grpc.pb.h"
#include "runtime/sequencer.h"
#include "services/access_control.h"

namespace motcua::services {

class PostalRecorder final : public engine::PostalEventSink {
 public:
  PostalRecorder(runtime::Sequencer& sequencer,
                 const engine::DossierStore& store, const engine::Clock& clock)
      : sequencer_(sequencer), store_(store), clock_(clock) {}

  void Record(engine::PostalCommand command, Done done) override;

 private:
  runtime::Sequencer& sequencer_;
  const engine::DossierStore& store_;
  const engine::Clock& clock_;
};

class PostalService final : public motcua::v1::PostalService::CallbackService {
 public:
  // `clock`: for checking every field of a report before it is queued (the
  // sink checks again).
  PostalService(const AccessControl& access, engine::PostalEventSink& sink,
                const engine::Clock& clock)
      : access_(access), sink_(sink), clock_(clock) {}

  grpc::ServerUnaryReactor* RecordPostalEvent(
      grpc::CallbackServerContext* context,
      const motcua::v1::RecordPostalEventRequest* request,
      motcua::v1::RecordPostalEventResponse* response) override;
  grpc::ServerUnaryReactor* RecordPostalEvents(
      grpc::CallbackServerContext* context,
      const motcua::v1::RecordPostalEventsRequest* request,
      motcua::v1::RecordPostalEventsResponse* response) override;

 private:
  const AccessControl& access_;
  engine::PostalEventSink& sink_;
  const engine::Clock& clock_;
};

}  // namespace motcua::services
