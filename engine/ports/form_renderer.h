// FormRenderer: the port that turns a printout (engine/lifecycle/printout.h:
// the texts of a legal form's pages) into a printable file. The engine
// decides what a form says; the renderer (adapters/forms: PDF with cairo)
// only places it, draws the QR code of PrintPage::qr_text and embeds the
// fonts.
//
// Thread safety: Render may be called from any thread.
#pragma once

#include <string>
#include <string_view>

#include "engine/common/result.h"
#include "engine/lifecycle/printout.h"

namespace motcua::engine {

class FormRenderer {
 public:
  virtual ~FormRenderer() = default;
  // The file's bytes; Internal when the rendering library fails.
  virtual Result<std::string> Render(const Printout& printout) const = 0;
  // The media type of what Render returns ("application/pdf").
  virtual std::string_view ContentType() const = 0;
};

}  // namespace motcua::engine
