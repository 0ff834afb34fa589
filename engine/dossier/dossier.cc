#include "engine/dossier/dossier.h"

#include <cstdio>
#include <cstdlib>

namespace motcua::engine {
namespace {

[[noreturn]] void Die(const char* what, const char* file, int line) {
  std::fprintf(stderr, "%s:%d: invariant violated: %s\n", file, line, what);
  std::abort();
}

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};

}  // namespace

int NationalStatus(DossierState state) {
  switch (state) {
    case DossierState::kReceived:
      return 2;
  }
  Die("unknown DossierState", __FILE__, __LINE__);
}

void Apply(Dossier& dossier, const DossierEvent& event) {
  if (event.version != dossier.version + 1) {
    Die("event applied out of order", __FILE__, __LINE__);
  }
  std::visit(Overloaded{[&](const DossierReceived& e) {
               if (dossier.version != 0) {
                 Die("DossierReceived on an existing dossier", __FILE__,
                     __LINE__);
               }
               dossier.code = e.code;
               dossier.agency_code = e.agency_code;
               dossier.procedure_code = e.procedure_code;
               dossier.applicant = e.applicant;
               dossier.channel = e.channel;
               dossier.documents = e.documents;
               dossier.received_at = e.received_at;
               dossier.sequence = e.sequence;
               dossier.state = DossierState::kReceived;
               dossier.submitted_by = event.actor;
               dossier.recorded_at = event.recorded_at;
             }},
             event.body);
  dossier.version = event.version;
}

Dossier Fold(const std::vector<DossierEvent>& events) {
  Dossier d;
  for (const DossierEvent& e : events) Apply(d, e);
  return d;
}

}  // namespace motcua::engine
