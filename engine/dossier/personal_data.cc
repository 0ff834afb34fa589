#include "engine/dossier/personal_data.h"

#include <string>

namespace motcua::engine {
namespace {

bool Clear(std::string& s) {
  if (s.empty()) return false;
  s.clear();
  s.shrink_to_fit();
  return true;
}

bool ScrubApplicant(Applicant& a) {
  bool changed = Clear(a.full_name);
  changed |= Clear(a.personal_id);
  changed |= Clear(a.phone);
  changed |= Clear(a.address);
  return changed;
}

bool ScrubPostal(PostalRecorded& p) {
  bool changed = Clear(p.recipient_name);
  changed |= Clear(p.recipient_id);
  changed |= Clear(p.reason);
  return changed;
}

}  // namespace

bool ScrubPersonalData(DossierEvent& event) {
  if (auto* r = std::get_if<DossierReceived>(&event.body)) {
    return ScrubApplicant(r->applicant);
  }
  if (auto* t = std::get_if<DossierTransitioned>(&event.body)) {
    return Clear(t->reason);
  }
  if (auto* p = std::get_if<PostalRecorded>(&event.body)) {
    return ScrubPostal(*p);
  }
  if (auto* x = std::get_if<DossierRated>(&event.body)) {
    return Clear(x->comment);
  }
  return false;
}

void ScrubPersonalData(Dossier& dossier) {
  ScrubApplicant(dossier.applicant);
  for (PostalRecorded& leg : dossier.postal.legs) ScrubPostal(leg);
  if (dossier.rating) Clear(dossier.rating->comment);
}

}  // namespace motcua::engine
