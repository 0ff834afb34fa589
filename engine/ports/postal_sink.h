// PostalEventSink: the port through which a postal bridge (adapters/postal,
// the carrier webhook) hands a carrier's report to the write path.
//
// Model. The bridge authenticates and parses a report into a PostalCommand
// whose report.tracking_number is the carrier's number and whose
// dossier_code is set only when the carrier knows it. The sink (the service
// layer) resolves the dossier (dossier_code, else its tracking-number
// index), runs DecidePostal (engine/postal/decide_postal.h) on the
// single-writer sequencer, commits the events, the state and the index
// entries of TrackingNumbersIntroduced in one durable batch, and only then
// calls `done`.
//
// Contract of `done`: called exactly once, from any thread, and must not
// block. Success means durably recorded (or a duplicate of a report already
// durably recorded); a bridge answers its carrier 2xx only then, so a
// carrier's retry is always safe. Errors:
//   InvalidArgument     a field is wrong (message starts with the field)
//   NotFound            no dossier has that tracking number / code; nothing
//                       stored
//   FailedPrecondition  the report contradicts the dossier; nothing stored
//   AlreadyExists       the tracking number belongs to another dossier
//   Unavailable         the store refused the write; nothing stored, retry
//   ResourceExhausted   the writer's queue is full; retry later
//   Aborted             lost a race with another write; retry
//
// Thread safety: Record may be called from any thread concurrently.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "engine/common/result.h"
#include "engine/postal/decide_postal.h"

namespace motcua::engine {

struct PostalOutcome {
  // True: this (carrier, carrier_event_id) was already recorded; nothing
  // was appended.
  bool duplicate = false;
  std::string dossier_code;
  // The dossier's version after the report (for a duplicate: as it is).
  uint64_t version = 0;

  friend bool operator==(const PostalOutcome&, const PostalOutcome&) = default;
};

class PostalEventSink {
 public:
  using Done = std::function<void(Result<PostalOutcome>)>;
  virtual ~PostalEventSink() = default;
  virtual void Record(PostalCommand command, Done done) = 0;
};

}  // namespace motcua::engine
