// The dossier (hồ sơ TTHC) and the events that make it.
//
// Model: a dossier is a fold of its events. Every accepted command appends
// events; Apply() is the only code that changes a Dossier, so replaying the
// event log from the start gives exactly the stored state (Fold). `version`
// is the number of events applied, so version 1 is a freshly received dossier.
//
// Invariants of a received dossier: `code` parses and its agency, date and
// sequence equal `agency_code`, VietnamDateOf(received_at) and `sequence`.
//
// Thread safety: plain values.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "engine/common/civil_time.h"

namespace motcua::engine {

enum class Channel { kDirect, kPostal, kOnline };

enum class DossierState { kReceived };

// National portal status code (TrangThaiHoSo, 1..10) for a state.
int NationalStatus(DossierState state);

struct Applicant {
  std::string full_name;
  std::string personal_id;
  std::string phone;
  std::string address;

  friend bool operator==(const Applicant&, const Applicant&) = default;
};

struct Document {
  std::string name;
  uint32_t originals = 0;
  uint32_t copies = 0;

  friend bool operator==(const Document&, const Document&) = default;
};

// A complete dossier was received at the desk and given its code.
struct DossierReceived {
  std::string code;
  std::string agency_code;
  std::string procedure_code;
  Applicant applicant;
  Channel channel = Channel::kDirect;
  std::vector<Document> documents;
  Instant received_at = 0;
  uint32_t sequence = 0;

  friend bool operator==(const DossierReceived&,
                         const DossierReceived&) = default;
};

struct DossierEvent {
  // 1-based position in the dossier's log; equals the version it produces.
  uint64_t version = 0;
  // When the server recorded the event (UTC), not when it happened outside.
  Instant recorded_at = 0;
  // The client_id of the system that caused it.
  std::string actor;
  std::variant<DossierReceived> body;

  friend bool operator==(const DossierEvent&, const DossierEvent&) = default;
};

struct Dossier {
  std::string code;
  std::string agency_code;
  std::string procedure_code;
  Applicant applicant;
  Channel channel = Channel::kDirect;
  std::vector<Document> documents;
  Instant received_at = 0;
  uint32_t sequence = 0;
  DossierState state = DossierState::kReceived;
  uint64_t version = 0;
  std::string submitted_by;
  Instant recorded_at = 0;

  friend bool operator==(const Dossier&, const Dossier&) = default;
};

// Applies one event. Aborts (invariant violation) when the event's version is
// not dossier.version + 1: the store hands events in order or not at all.
void Apply(Dossier& dossier, const DossierEvent& event);

// The state after applying `events` in order to an empty dossier.
Dossier Fold(const std::vector<DossierEvent>& events);

}  // namespace motcua::engine
