// PdfFormRenderer: the printable forms as PDF (A4 portrait), drawn with
// cairo's PDF surface in the DejaVu Serif TrueType fonts (Debian
// fonts-dejavu-core), which cover Vietnamese; the fonts are embedded
// (subset) in every file, so a printer needs none installed.
//
// Layout (engine/lifecycle/printout.h decides the texts): the issuing
// agency top left, the form number, the national heading and the date of
// issue top right, the title and "Mã hồ sơ", label/value lines wrapped at
// word boundaries, the table (a header row, wrapped cells, rows continued
// on the next page when the page is full), the signature blocks, and at
// the foot the QR code (qr_code.h) of PrintPage::qr_text as an image of
// one pixel per module with its quiet zone of four modules, scaled without
// smoothing, and the legal basis. Each PrintPage starts a new PDF page.
//
// Ambiguous cases, answered:
//  - Text that is not well-formed UTF-8 (the store never holds any; this
//    is defence) has each bad byte drawn as U+FFFD.
//  - Fonts: the files are read from `font_dir` at Open; a missing file is
//    FailedPrecondition naming the file and the Debian package, so the
//    server refuses to start rather than print boxes.
//
// Thread safety: Render may be called from any thread; calls are
// serialised (a one-page form takes a few milliseconds).
//
// Example:
//   auto r = PdfFormRenderer::Open(kDejaVuDir);
//   auto pdf = (*r)->Render(printout);  // "%PDF-1.5 ..."
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "engine/common/result.h"
#include "engine/ports/form_renderer.h"

namespace motcua::adapters {

// Where Debian's fonts-dejavu-core installs the fonts.
inline constexpr std::string_view kDejaVuDir =
    "/usr/share/fonts/truetype/dejavu";

class PdfFormRenderer final : public engine::FormRenderer {
 public:
  static engine::Result<std::unique_ptr<PdfFormRenderer>> Open(
      std::string_view font_dir = kDejaVuDir);
  ~PdfFormRenderer() override;
  PdfFormRenderer(const PdfFormRenderer&) = delete;
  PdfFormRenderer& operator=(const PdfFormRenderer&) = delete;

  engine::Result<std::string> Render(
      const engine::Printout& printout) const override;
  std::string_view ContentType() const override { return "application/pdf"; }

  struct Fonts;  // cairo font faces (pdf_forms.cc)

 private:
  explicit PdfFormRenderer(std::unique_ptr<Fonts> fonts);

  std::unique_ptr<Fonts> fonts_;
  mutable std::mutex mu_;
};

}  // namespace motcua::adapters
