#include "adapters/forms/pdf_forms.h"

#include <cairo-ft.h>
#include <cairo-pdf.h>
#include <cairo.h>
#include <ft2build.h>
#include FT_FREETYPE_H

#include <algorithm>
#include <cstdint>
#include <filesystem>

#include "adapters/forms/qr_code.h"
#include "engine/common/text.h"

namespace motcua::adapters {

enum Style { kRegular, kBold, kItalic, kStyleCount };

struct PdfFormRenderer::Fonts {
  cairo_font_face_t* faces[kStyleCount] = {};
  ~Fonts() {
    for (cairo_font_face_t* f : faces) {
      if (f != nullptr) cairo_font_face_destroy(f);
    }
  }
};

namespace {

constexpr const char* kFontFiles[kStyleCount] = {
    "DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf"};

// A4 portrait in points; margins as Vietnamese administrative documents
// set them (left 30 mm, right and top/bottom 20 mm).
constexpr double kPageWidth = 595.28;
constexpr double kPageHeight = 841.89;
constexpr double kLeft = 85.0;
constexpr double kRight = 57.0;
constexpr double kTop = 57.0;
constexpr double kBottom = 57.0;
constexpr double kContentWidth = kPageWidth - kLeft - kRight;
constexpr double kQrSize = 85.0;  // points, about 30 mm
constexpr int kQrQuietZone = 4;   // modules, as ISO/IEC 18004 requires

// One FreeType library for the process, never freed: cairo may keep font
// faces (and so their FT_Face) in its caches after the renderer is gone.
FT_Library Library(std::string* error) {
  static FT_Library lib = [] {
    FT_Library l = nullptr;
    return FT_Init_FreeType(&l) == 0 ? l : nullptr;
  }();
  if (lib == nullptr) *error = "FreeType failed to initialise";
  return lib;
}

const cairo_user_data_key_t kFaceKey{};

void DoneFace(void* face) { FT_Done_Face(static_cast<FT_Face>(face)); }

// Each bad byte of `s` becomes U+FFFD (cairo stops drawing at the first).
std::string Printable(std::string_view s) {
  if (engine::IsWellFormedUtf8(s)) return std::string(s);
  std::string out;
  size_t i = 0;
  while (i < s.size()) {
    size_t n = 1;
    while (i + n <= s.size() && n <= 4 &&
           !engine::IsWellFormedUtf8(s.substr(i, n))) {
      ++n;
    }
    if (i + n <= s.size() && n <= 4) {
      out.append(s.substr(i, n));
      i += n;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return out;
}

size_t Utf8Length(std::string_view s, size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  const size_t n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : 4;
  return std::min(n, s.size() - i);
}

class Page {
 public:
  Page(cairo_t* cr, const PdfFormRenderer::Fonts& fonts)
      : cr_(cr), fonts_(fonts) {}

  double y() const { return y_; }
  void Skip(double dy) { y_ += dy; }
  void SetY(double y) { y_ = y; }

  void Font(Style style, double size) {
    cairo_set_font_face(cr_, fonts_.faces[style]);
    cairo_set_font_size(cr_, size);
    size_ = size;
  }

  double Width(const std::string& text) {
    cairo_text_extents_t e;
    cairo_text_extents(cr_, text.c_str(), &e);
    return e.x_advance;
  }

  // Lines of at most `width` (the first at most `first`), broken at spaces;
  // a word wider than a line is broken between characters.
  std::vector<std::string> Wrap(const std::string& text, double first,
                                double width) {
    std::vector<std::string> lines;
    std::string line;
    double limit = first;
    size_t i = 0;
    while (i <= text.size()) {
      size_t end = text.find(' ', i);
      if (end == std::string::npos) end = text.size();
      std::string word = text.substr(i, end - i);
      i = end + 1;
      std::string candidate = line.empty() ? word : line + " " + word;
      if (Width(candidate) <= limit) {
        line = std::move(candidate);
        continue;
      }
      // The word starts a new line (the first line may be the short one
      // beside a label, left empty when the word fits only below it).
      if (!line.empty() || (lines.empty() && limit < width)) {
        lines.push_back(std::move(line));
        line.clear();
        limit = width;
        if (Width(word) <= limit) {
          line = std::move(word);
          continue;
        }
      }
      // The word alone, broken where it does not fit.
      size_t k = 0;
      while (k < word.size()) {
        const size_t n = Utf8Length(word, k);
        std::string next = line + word.substr(k, n);
        if (!line.empty() && Width(next) > limit) {
          lines.push_back(std::move(line));
          line.clear();
          limit = width;
          continue;
        }
        line = std::move(next);
        k += n;
      }
    }
    if (!line.empty() || lines.empty()) lines.push_back(std::move(line));
    return lines;
  }

  double LineHeight() const { return size_ * 1.35; }

  void Show(double x, const std::string& text) {
    cairo_move_to(cr_, x, y_ + size_);
    cairo_show_text(cr_, text.c_str());
  }

  // Wrapped, centred in [x, x + width); advances y.
  void Centred(const std::string& text, double x, double width) {
    for (const std::string& line : Wrap(text, width, width)) {
      Show(x + (width - Width(line)) / 2, line);
      y_ += LineHeight();
    }
  }

  void Rule(double x0, double x1, double y) {
    cairo_set_line_width(cr_, 0.6);
    cairo_move_to(cr_, x0, y);
    cairo_line_to(cr_, x1, y);
    cairo_stroke(cr_);
  }

  void Box(double x, double y, double w, double h) {
    cairo_set_line_width(cr_, 0.5);
    cairo_rectangle(cr_, x, y, w, h);
    cairo_stroke(cr_);
  }

  // A new page when `height` does not fit below y; true if it broke.
  bool Ensure(double height) {
    if (y_ + height <= kPageHeight - kBottom) return false;
    cairo_show_page(cr_);
    y_ = kTop;
    return true;
  }

  cairo_t* cr() { return cr_; }

 private:
  cairo_t* cr_;
  const PdfFormRenderer::Fonts& fonts_;
  double y_ = kTop;
  double size_ = 11;
};

void Header(Page& pg, const engine::PrintPage& p) {
  if (!p.form_number.empty()) {
    pg.Font(kBold, 11);
    const std::string n = Printable(p.form_number);
    pg.Show(kPageWidth - kRight - pg.Width(n), n);
    pg.Skip(pg.LineHeight() + 4);
  }
  const double top = pg.y();
  constexpr double kLeftWidth = 190;
  pg.Font(kRegular, 11);
  pg.Centred(Printable(p.agency_name), kLeft, kLeftWidth);
  if (!p.agency_unit.empty()) {
    pg.Font(kBold, 11);
    pg.Centred(Printable(p.agency_unit), kLeft, kLeftWidth);
  }
  pg.Rule(kLeft + kLeftWidth / 2 - 30, kLeft + kLeftWidth / 2 + 30, pg.y() + 2);
  const double left_end = pg.y() + 6;

  pg.SetY(top);
  const double rx = kLeft + kLeftWidth + 6;
  const double rw = kPageWidth - kRight - rx;
  pg.Font(kBold, 10.5);
  pg.Centred(std::string(engine::kNationalName), rx, rw);
  pg.Font(kBold, 11.5);
  const std::string motto(engine::kNationalMotto);
  const double mw = pg.Width(motto);
  pg.Centred(motto, rx, rw);
  pg.Rule(rx + (rw - mw) / 2, rx + (rw + mw) / 2, pg.y() + 1);
  pg.Skip(8);
  pg.Font(kItalic, 11);
  pg.Centred(Printable(p.issue_date), rx, rw);
  pg.SetY(std::max(pg.y(), left_end) + 14);

  pg.Font(kBold, 13);
  pg.Centred(Printable(p.title), kLeft, kContentWidth);
  pg.Skip(2);
  pg.Font(kBold, 11.5);
  pg.Centred(Printable(p.code_line), kLeft, kContentWidth);
  pg.Skip(10);
}

void Lines(Page& pg, const engine::PrintPage& p) {
  for (const engine::PrintLine& l : p.lines) {
    pg.Font(kBold, 11);
    const std::string label = Printable(l.label) + " ";
    const double lw = pg.Width(label);
    pg.Font(kRegular, 11);
    const bool inline_value = lw < kContentWidth * 0.6;
    const auto value =
        pg.Wrap(Printable(l.value), inline_value ? kContentWidth - lw : 0,
                kContentWidth);
    pg.Ensure(pg.LineHeight() * 2);
    pg.Font(kBold, 11);
    pg.Show(kLeft, label);
    pg.Font(kRegular, 11);
    for (size_t i = 0; i < value.size(); ++i) {
      if (i == 0 && inline_value) {
        pg.Show(kLeft + lw, value[0]);
        continue;
      }
      if (i == 0 && value[0].empty()) continue;  // nothing beside the label
      pg.Skip(pg.LineHeight());
      pg.Ensure(pg.LineHeight());
      pg.Show(kLeft, value[i]);
    }
    pg.Skip(pg.LineHeight() + 1);
  }
}

void Table(Page& pg, const engine::PrintPage& p) {
  const engine::PrintTable& t = p.table;
  if (t.columns.empty()) return;
  pg.Skip(2);
  if (!p.table_caption.empty()) {
    pg.Font(kBold, 11);
    pg.Ensure(pg.LineHeight() * 3);
    pg.Show(kLeft, Printable(p.table_caption));
    pg.Skip(pg.LineHeight() + 2);
  }
  double total = 0;
  for (size_t c = 0; c < t.columns.size(); ++c) {
    total += c < t.widths.size() ? t.widths[c] : 1;
  }
  std::vector<double> widths;
  for (size_t c = 0; c < t.columns.size(); ++c) {
    widths.push_back(kContentWidth * (c < t.widths.size() ? t.widths[c] : 1) /
                     total);
  }
  constexpr double kPad = 3;
  struct Row {
    std::vector<std::vector<std::string>> cells;
    double height = 0;
  };
  auto measure = [&](const std::vector<std::string>& cells, Style style) {
    pg.Font(style, 10);
    Row r;
    size_t lines = 1;
    for (size_t c = 0; c < widths.size(); ++c) {
      const std::string text = c < cells.size() ? Printable(cells[c]) : "";
      r.cells.push_back(
          pg.Wrap(text, widths[c] - 2 * kPad, widths[c] - 2 * kPad));
      lines = std::max(lines, r.cells.back().size());
    }
    r.height = lines * pg.LineHeight() + 2 * kPad;
    return r;
  };
  auto draw = [&](const Row& r, Style style) {
    pg.Font(style, 10);
    const double top = pg.y();
    double x = kLeft;
    for (size_t c = 0; c < widths.size(); ++c) {
      pg.SetY(top + kPad);
      for (const std::string& line : r.cells[c]) {
        pg.Show(x + kPad, line);
        pg.Skip(pg.LineHeight());
      }
      pg.Box(x, top, widths[c], r.height);
      x += widths[c];
    }
    pg.SetY(top + r.height);
  };
  const Row header = measure(t.columns, kBold);
  pg.Ensure(header.height * 2);
  draw(header, kBold);
  for (const auto& cells : t.rows) {
    const Row r = measure(cells, kRegular);
    // A row that moves to a new page gets the header again above it.
    if (pg.Ensure(r.height)) draw(header, kBold);
    draw(r, kRegular);
  }
  pg.Skip(8);
}

void Signatures(Page& pg, const engine::PrintPage& p) {
  if (p.left_signature.empty() && p.right_signature.empty()) return;
  pg.Ensure(100);
  const double top = pg.y() + 6;
  const double half = kContentWidth / 2;
  auto block = [&](double x, const std::string& title,
                   const std::string& signer) {
    if (title.empty()) return;
    pg.SetY(top);
    pg.Font(kBold, 11);
    pg.Centred(Printable(title), x, half);
    pg.Font(kItalic, 10);
    pg.Centred("(Ký và ghi rõ họ tên)", x, half);
    pg.Skip(44);
    if (!signer.empty()) {
      pg.Font(kBold, 11);
      pg.Centred(Printable(signer), x, half);
    }
  };
  block(kLeft, p.left_signature, "");
  const double left_end = pg.y();
  block(kLeft + half, p.right_signature, p.right_signer);
  pg.SetY(std::max(pg.y(), std::max(left_end, top + 80)) + 10);
}

engine::Status Qr(Page& pg, const engine::PrintPage& p) {
  if (p.qr_text.empty()) return {};
  auto qr = EncodeQr(p.qr_text);
  if (!qr.ok()) return qr.error();
  pg.Ensure(kQrSize + 30);
  const int side = qr->width + 2 * kQrQuietZone;
  cairo_surface_t* img =
      cairo_image_surface_create(CAIRO_FORMAT_RGB24, side, side);
  if (cairo_surface_status(img) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(img);
    return engine::Internal("cairo could not create the QR image");
  }
  cairo_surface_flush(img);
  unsigned char* data = cairo_image_surface_get_data(img);
  const int stride = cairo_image_surface_get_stride(img);
  for (int y = 0; y < side; ++y) {
    auto* px =
        reinterpret_cast<uint32_t*>(data + static_cast<size_t>(y) * stride);
    for (int x = 0; x < side; ++x) {
      const int qx = x - kQrQuietZone;
      const int qy = y - kQrQuietZone;
      const bool dark = qx >= 0 && qy >= 0 && qx < qr->width &&
                        qy < qr->width && qr->dark(qx, qy);
      px[x] = dark ? 0x000000 : 0xFFFFFF;
    }
  }
  cairo_surface_mark_dirty(img);
  cairo_t* cr = pg.cr();
  const double top = pg.y();
  cairo_save(cr);
  cairo_translate(cr, kLeft, top);
  cairo_scale(cr, kQrSize / side, kQrSize / side);
  cairo_set_source_surface(cr, img, 0, 0);
  cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST);
  cairo_paint(cr);
  cairo_restore(cr);
  cairo_surface_destroy(img);

  const double x = kLeft + kQrSize + 10;
  const double w = kContentWidth - kQrSize - 10;
  pg.SetY(top + 14);
  pg.Font(kRegular, 10);
  for (const std::string& line : pg.Wrap(Printable(p.qr_caption), w, w)) {
    pg.Show(x, line);
    pg.Skip(pg.LineHeight());
  }
  pg.Font(kRegular, 9);
  for (const std::string& line : pg.Wrap(Printable(p.qr_text), w, w)) {
    pg.Show(x, line);
    pg.Skip(pg.LineHeight());
  }
  pg.SetY(std::max(pg.y(), top + kQrSize) + 8);
  return {};
}

void Footer(Page& pg, const engine::PrintPage& p) {
  if (p.legal_basis.empty()) return;
  pg.Font(kItalic, 9);
  pg.Ensure(pg.LineHeight());
  std::string text =
      p.form_number.empty()
          ? "Theo " + p.legal_basis
          : p.form_number + " ban hành kèm theo " + p.legal_basis;
  pg.Centred(Printable(text), kLeft, kContentWidth);
}

cairo_status_t Append(void* closure, const unsigned char* data,
                      unsigned int length) {
  static_cast<std::string*>(closure)->append(
      reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

engine::Result<std::unique_ptr<PdfFormRenderer>> PdfFormRenderer::Open(
    std::string_view font_dir) {
  static std::mutex mu;  // FT_New_Face on one library is not reentrant
  std::lock_guard lock(mu);
  std::string error;
  FT_Library lib = Library(&error);
  if (lib == nullptr) return engine::Internal(error);
  auto fonts = std::make_unique<Fonts>();
  for (int s = 0; s < kStyleCount; ++s) {
    const std::filesystem::path path =
        std::filesystem::path(font_dir) / kFontFiles[s];
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
      return engine::FailedPrecondition(
          "font " + path.string() +
          " is missing; install the Debian package fonts-dejavu-core "
          "(deploy/install-deps.sh)");
    }
    FT_Face face = nullptr;
    if (FT_New_Face(lib, path.c_str(), 0, &face) != 0) {
      return engine::FailedPrecondition("font " + path.string() +
                                        " is not a readable TrueType font");
    }
    cairo_font_face_t* cf = cairo_ft_font_face_create_for_ft_face(face, 0);
    if (cairo_font_face_set_user_data(cf, &kFaceKey, face, DoneFace) !=
        CAIRO_STATUS_SUCCESS) {
      cairo_font_face_destroy(cf);
      FT_Done_Face(face);
      return engine::Internal("cairo could not keep the font " + path.string());
    }
    fonts->faces[s] = cf;
  }
  return std::unique_ptr<PdfFormRenderer>(
      new PdfFormRenderer(std::move(fonts)));
}

PdfFormRenderer::PdfFormRenderer(std::unique_ptr<Fonts> fonts)
    : fonts_(std::move(fonts)) {}

PdfFormRenderer::~PdfFormRenderer() = default;

engine::Result<std::string> PdfFormRenderer::Render(
    const engine::Printout& printout) const {
  if (printout.pages.empty()) {
    return engine::Internal("printout " + printout.file_name + " has no pages");
  }
  std::lock_guard lock(mu_);
  std::string out;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(
      Append, &out, kPageWidth, kPageHeight);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE,
                                 Printable(printout.file_name).c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "motcua");
  cairo_t* cr = cairo_create(surface);
  cairo_set_source_rgb(cr, 0, 0, 0);
  engine::Status drawn;
  for (const engine::PrintPage& p : printout.pages) {
    Page pg(cr, *fonts_);
    Header(pg, p);
    Lines(pg, p);
    Table(pg, p);
    Signatures(pg, p);
    drawn = Qr(pg, p);
    if (!drawn.ok()) break;
    Footer(pg, p);
    cairo_show_page(cr);
  }
  const cairo_status_t drawing = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const cairo_status_t writing = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (!drawn.ok()) return drawn.error();
  if (drawing != CAIRO_STATUS_SUCCESS || writing != CAIRO_STATUS_SUCCESS) {
    return engine::Internal(
        std::string("cairo failed to render the PDF: ") +
        cairo_status_to_string(drawing != CAIRO_STATUS_SUCCESS ? drawing
                                                               : writing));
  }
  return out;
}

}  // namespace motcua::adapters
