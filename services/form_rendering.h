// DossierService.RenderForm's work once the caller may read the dossier
// (dossier_service.cc checks the role and participation, as for GetForms):
// the printout of the requested form (engine/lifecycle/printout.h) with
// the agencies' names from the catalogue and the dossier's public lookup
// address, rendered by the FormRenderer (PDF), into the response.
//
// Who sees what: the same roles as GetForms (desk, agency_officer, auditor
// of an agency that took part in the dossier) get the same personal data
// GetForms gives them, as the form prints it (printout.h: the applicant's
// name, address and phone on the slip, the name on the others; never the
// personal identification number); the lookup secret is printed on the
// slip only for a desk of the receiving agency (`lookup_secret` empty
// otherwise).
//
// The lookup address: `lookup_url_base` (motcuad --lookup-url-base, the
// citizen portal's page that calls LookupService.LookupDossier) with
// "?code=<code>" (LookupUrl); the secret is not in the QR code, so a form
// shown to others (a refusal, a control sheet) does not open the lookup.
//
// Thread safety: const after construction; Render may be called from any
// thread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/catalogue/catalogue.h"
#include "engine/common/result.h"
#include "engine/lifecycle/printout.h"
#include "engine/ports/form_renderer.h"
#include "motcua/v1/dossier.pb.h"

namespace motcua::services {

class FormRendering {
 public:
  FormRendering(const engine::FormRenderer& renderer,
                std::string lookup_url_base)
      : renderer_(renderer), lookup_url_base_(std::move(lookup_url_base)) {}

  // The form named by RenderFormRequest.file; InvalidArgument naming
  // `file` (and the accepted names) for anything else.
  static engine::Result<engine::PrintableForm> ParseFile(std::string_view file);

  // FailedPrecondition when the form did not arise for the dossier.
  engine::Status Render(engine::PrintableForm form,
                        const std::vector<engine::DossierEvent>& events,
                        const engine::Catalogue& catalogue,
                        std::string lookup_secret,
                        motcua::v1::RenderFormResponse* out) const;

 private:
  const engine::FormRenderer& renderer_;
  const std::string lookup_url_base_;
};

}  // namespace motcua::services
