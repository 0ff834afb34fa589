#include "services/form_rendering.h"

#include "engine/common/text.h"

namespace motcua::services {

engine::Result<engine::PrintableForm> FormRendering::ParseFile(
    std::string_view file) {
  if (auto form = engine::ParsePrintableFile(file)) return *form;
  std::string names;
  for (int i = 0; i < engine::kPrintableFormCount; ++i) {
    if (i > 0) names += ", ";
    names += engine::PrintableFileName(static_cast<engine::PrintableForm>(i));
  }
  return engine::InvalidArgument("file: " + engine::QuoteText(file) +
                                 " is not a printable form; use one of " +
                                 names);
}

engine::Status FormRendering::Render(
    engine::PrintableForm form, const std::vector<engine::DossierEvent>& events,
    const engine::Catalogue& catalogue, std::string lookup_secret,
    motcua::v1::RenderFormResponse* out) const {
  if (events.empty()) return engine::Internal("dossier without events");
  engine::PrintContext context;
  context.agency_name = [&catalogue](std::string_view code) {
    const engine::Agency* a = catalogue.AgencyByCode(code);
    return a != nullptr ? a->name : std::string(code);
  };
  context.lookup_url =
      engine::LookupUrl(lookup_url_base_, engine::Fold(events).code);
  context.lookup_secret = std::move(lookup_secret);
  auto printout = engine::BuildPrintout(form, events, context);
  if (!printout.ok()) return printout.error();
  auto bytes = renderer_.Render(*printout);
  if (!bytes.ok()) return bytes.error();
  out->mutable_body()->set_content_type(std::string(renderer_.ContentType()));
  out->mutable_body()->set_data(std::move(*bytes));
  out->set_file_name(printout->file_name);
  return {};
}

}  // namespace motcua::services
