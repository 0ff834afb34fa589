#include "adapters/forms/pdf_forms.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "adapters/forms/qr_code.h"
#include "engine/common/status_testing.h"
#include "engine/lifecycle/lifecycle_testing.h"
#include "tests/fakes/temp_dir.h"

namespace motcua::adapters {
namespace {

using engine::Channel;
using engine::PrintableForm;
using engine::testing::At;
using engine::testing::Cmd;
using engine::testing::Submission;
using engine::testing::Walker;
using T = engine::Transition;

bool Have(const char* tool) {
  return std::system((std::string("command -v ") + tool + " >/dev/null 2>&1")
                         .c_str()) == 0;
}

std::string Shell(const std::string& command) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  if (p == nullptr) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

// pdftotext's text with every run of white space as one space: a value
// wrapped on the page reads as one phrase.
std::string Flat(const std::string& text) {
  std::string out;
  for (char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\f';
    if (!space) {
      out.push_back(c);
    } else if (!out.empty() && out.back() != ' ') {
      out.push_back(' ');
    }
  }
  return out;
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

engine::PrintContext Context(const std::string& code) {
  engine::PrintContext c;
  c.agency_name = [](std::string_view a) {
    return a == "H55.1" ? std::string("Sở Tư pháp tỉnh Mẫu")
                        : std::string("Cơ quan ") + std::string(a);
  };
  c.lookup_url = engine::LookupUrl("https://dvc.example.invalid/tra-cuu", code);
  return c;
}

class PdfFormsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!Have("pdftotext")) {
      GTEST_SKIP() << "pdftotext (poppler-utils) is not installed; "
                      "deploy/install-deps.sh installs it";
    }
    auto r = PdfFormRenderer::Open();
    ASSERT_TRUE(r.ok()) << r.error().message;
    renderer_ = std::move(*r);
  }

  // The PDF of `form`, written to the temp dir; its text by pdftotext.
  std::string Text(PrintableForm form, const Walker& w,
                   std::filesystem::path* file = nullptr) {
    auto printout =
        engine::BuildPrintout(form, w.log(), Context(w.dossier().code));
    EXPECT_TRUE(printout.ok()) << printout.error().message;
    if (!printout.ok()) return "";
    auto pdf = renderer_->Render(*printout);
    EXPECT_TRUE(pdf.ok()) << pdf.error().message;
    if (!pdf.ok()) return "";
    EXPECT_EQ(pdf->rfind("%PDF-", 0), 0u);
    const auto path = dir() / printout->file_name;
    std::ofstream(path, std::ios::binary) << *pdf;
    if (file != nullptr) *file = path;
    return Flat(Shell("pdftotext -enc UTF-8 '" + path.string() + "' -"));
  }

  testing::TempDir dir_;
  std::filesystem::path dir() const { return dir_.path(); }
  std::unique_ptr<PdfFormRenderer> renderer_;
};

void ExpectHeading(const std::string& text) {
  EXPECT_NE(text.find("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), std::string::npos)
      << text;
  EXPECT_NE(text.find("Độc lập - Tự do - Hạnh phúc"), std::string::npos)
      << text;
}

// Regime 61/107 (Circular 01/2018: "Mẫu số 01" ... "Mẫu số 05").
TEST_F(PdfFormsTest, EveryFormCarriesHeadingAgencyNumberDateAndCode) {
  Walker w;
  ASSERT_OK(w.Receive(
      Submission("H55.1", "1.012735", Channel::kDirect, At(2025, 3, 3, 8, 5))));
  const std::string code = w.dossier().code;
  auto transfer = Cmd(T::kTransfer, "H55.1", At(2025, 3, 3, 9, 0));
  transfer.to_agency = "H55.16.1";
  ASSERT_OK(w.Do(transfer));
  ASSERT_OK(w.Do(Cmd(T::kStartProcessing, "H55.16.1", At(2025, 3, 3, 10, 0))));
  auto sup = Cmd(T::kRequestSupplement, "H55.16.1", At(2025, 3, 4, 10, 0),
                 "Thiếu sơ đồ thửa đất");
  sup.documents = {{"Sơ đồ thửa đất", 1, 0}};
  ASSERT_OK(w.Do(sup));
  ASSERT_OK(w.Do(Cmd(T::kReceiveSupplement, "H55.1", At(2025, 3, 5, 10, 0))));

  const std::string slip = Text(PrintableForm::kReceiptSlip, w);
  ExpectHeading(slip);
  EXPECT_NE(slip.find("Sở Tư pháp tỉnh Mẫu"), std::string::npos) << slip;
  EXPECT_NE(slip.find("Mẫu số 01"), std::string::npos) << slip;
  EXPECT_NE(slip.find("ngày 03 tháng 3 năm 2025"), std::string::npos);
  EXPECT_NE(slip.find("08 giờ 05 phút, ngày 03 tháng 3 năm 2025"),
            std::string::npos);
  EXPECT_NE(slip.find("20 ngày làm việc"), std::string::npos) << slip;
  EXPECT_NE(slip.find(code), std::string::npos);
  EXPECT_NE(slip.find("Nguyễn Thị Ánh"), std::string::npos);
  EXPECT_EQ(slip.find("001190012345"), std::string::npos);  // no ID number

  const std::string request = Text(PrintableForm::kSupplementRequest, w);
  ExpectHeading(request);
  EXPECT_NE(request.find("Mẫu số 02"), std::string::npos) << request;
  EXPECT_NE(request.find("ngày 04 tháng 3 năm 2025"), std::string::npos);
  EXPECT_NE(request.find("Thiếu sơ đồ thửa đất"), std::string::npos);
  EXPECT_NE(request.find("Cơ quan H55.16.1"), std::string::npos);
  EXPECT_NE(request.find(code), std::string::npos);

  const std::string sheet = Text(PrintableForm::kControlSheet, w);
  ExpectHeading(sheet);
  EXPECT_NE(sheet.find("Mẫu số 05"), std::string::npos) << sheet;
  EXPECT_NE(sheet.find("Sở Tư pháp tỉnh Mẫu"), std::string::npos);
  EXPECT_NE(sheet.find(code), std::string::npos);
}

TEST_F(PdfFormsTest, ApologyAndRefusal) {
  Walker w;
  ASSERT_OK(w.Receive(
      Submission("H55.1", "1.012735", Channel::kDirect, At(2026, 3, 2, 8, 0))));
  auto transfer = Cmd(T::kTransfer, "H55.1", At(2026, 3, 2, 9, 0));
  transfer.to_agency = "H55.16.1";
  ASSERT_OK(w.Do(transfer));
  ASSERT_OK(w.Do(Cmd(T::kStartProcessing, "H55.16.1", At(2026, 3, 2, 9, 30))));
  auto apology = Cmd(T::kApologize, "H55.16.1", At(2026, 3, 26, 11, 0),
                     "Xác minh thực địa chậm");
  apology.new_appointment = At(2026, 4, 10, 17, 0);
  ASSERT_OK(w.Do(apology));
  const std::string letter = Text(PrintableForm::kApology, w);
  ExpectHeading(letter);
  EXPECT_NE(letter.find("Mẫu số 4"), std::string::npos) << letter;
  EXPECT_NE(letter.find("ngày 26 tháng 3 năm 2026"), std::string::npos);
  EXPECT_NE(letter.find("17 giờ 00 phút, ngày 10 tháng 4 năm 2026"),
            std::string::npos)
      << letter;
  EXPECT_NE(letter.find(w.dossier().code), std::string::npos);

  ASSERT_OK(w.Do(Cmd(T::kRefuseAfterAppraisal, "H55.16.1",
                     At(2026, 4, 1, 10, 0), "Không đủ điều kiện cấp")));
  const std::string refusal = Text(PrintableForm::kRefusal, w);
  ExpectHeading(refusal);
  EXPECT_NE(refusal.find("Mẫu số 3"), std::string::npos) << refusal;
  EXPECT_NE(refusal.find("ngày 01 tháng 4 năm 2026"), std::string::npos);
  EXPECT_NE(refusal.find("Không đủ điều kiện cấp"), std::string::npos);
}

// Reads a binary PNM (P4 bitmap, P5 grey, P6 colour) as dark/light cells.
bool ReadPnm(const std::string& data, int* width, int* height,
             std::vector<bool>* dark) {
  std::istringstream in(data);
  std::string magic;
  in >> magic >> *width >> *height;
  int maxval = 1;
  if (magic != "P4") in >> maxval;
  in.get();
  if (!in || *width <= 0 || *height <= 0) return false;
  const std::string px = data.substr(static_cast<size_t>(in.tellg()));
  dark->assign(static_cast<size_t>(*width) * *height, false);
  for (int y = 0; y < *height; ++y) {
    for (int x = 0; x < *width; ++x) {
      size_t i = static_cast<size_t>(y) * *width + x;
      unsigned v;
      if (magic == "P4") {
        const size_t row = (*width + 7) / 8;
        const auto byte = static_cast<unsigned char>(px.at(y * row + x / 8));
        (*dark)[i] = ((byte >> (7 - x % 8)) & 1) != 0;
        continue;
      }
      if (magic == "P5") {
        v = static_cast<unsigned char>(px.at(i));
      } else if (magic == "P6") {
        v = static_cast<unsigned char>(px.at(3 * i));
      } else {
        return false;
      }
      (*dark)[i] = v < static_cast<unsigned>(maxval) / 2;
    }
  }
  return true;
}

// The PDF's image is the QR code of the lookup address: one pixel per
// module of libqrencode's matrix for that text, in a light quiet zone.
TEST_F(PdfFormsTest, QrImageIsTheLookupAddress) {
  if (!Have("pdfimages")) GTEST_SKIP() << "pdfimages (poppler-utils) missing";
  Walker w;
  ASSERT_OK(w.Receive(Submission("H55.1", "1.012735", Channel::kDirect,
                                 At(2026, 12, 2, 8, 0))));
  std::filesystem::path pdf;
  const std::string text = Text(PrintableForm::kReceiptSlip, w, &pdf);
  EXPECT_NE(text.find("ngày 02 tháng 12 năm 2026"), std::string::npos);
  const std::string url =
      "https://dvc.example.invalid/tra-cuu?code=" + w.dossier().code;
  EXPECT_NE(text.find(url), std::string::npos) << text;

  const std::string prefix = (dir() / "img").string();
  Shell("pdfimages '" + pdf.string() + "' '" + prefix + "'");
  std::vector<std::filesystem::path> images;
  for (const auto& e : std::filesystem::directory_iterator(dir())) {
    if (e.path().filename().string().rfind("img-", 0) == 0) {
      images.push_back(e.path());
    }
  }
  ASSERT_EQ(images.size(), 1u) << "one image (the QR code) in the PDF";
  int width = 0, height = 0;
  std::vector<bool> dark;
  ASSERT_TRUE(ReadPnm(ReadFile(images[0]), &width, &height, &dark))
      << images[0];
  auto qr = EncodeQr(url);
  ASSERT_TRUE(qr.ok());
  ASSERT_EQ(width, qr->width + 8);
  ASSERT_EQ(height, qr->width + 8);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      const int qx = x - 4, qy = y - 4;
      const bool want = qx >= 0 && qy >= 0 && qx < qr->width &&
                        qy < qr->width && qr->dark(qx, qy);
      ASSERT_EQ(dark[static_cast<size_t>(y) * width + x], want)
          << "module " << qx << "," << qy;
    }
  }
}

TEST_F(PdfFormsTest, LongTablesContinueOnTheNextPage) {
  engine::Printout p;
  p.file_name = "long.pdf";
  engine::PrintPage page;
  page.agency_name = "Cơ quan";
  page.title = "Phiếu kiểm soát quá trình giải quyết hồ sơ";
  page.code_line = "Mã hồ sơ: X";
  page.issue_date = "ngày 02 tháng 12 năm 2026";
  page.table = {{"STT", "Ghi chú"}, {1, 9}, {}};
  for (int i = 1; i <= 120; ++i) {
    page.table.rows.push_back(
        {std::to_string(i), "dòng số " + std::to_string(i)});
  }
  page.lines = {{"Bad UTF-8:",
                 "a\xff"
                 "b"}};
  p.pages.push_back(page);
  auto pdf = renderer_->Render(p);
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  const auto path = dir() / "long.pdf";
  std::ofstream(path, std::ios::binary) << *pdf;
  const std::string text =
      Shell("pdftotext -enc UTF-8 '" + path.string() + "' -");
  EXPECT_NE(text.find("dòng số 120"), std::string::npos);
  EXPECT_NE(text.find("a\xEF\xBF\xBD"
                      "b"),
            std::string::npos);
  const std::string info = Shell("pdfinfo '" + path.string() + "'");
  const size_t at = info.find("Pages:");
  ASSERT_NE(at, std::string::npos) << info;
  EXPECT_GE(std::atoi(info.c_str() + at + 6), 3) << info;
}

TEST(PdfFormRendererTest, MissingFontsNameThePackage) {
  auto r = PdfFormRenderer::Open("/nonexistent/fonts");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, engine::ErrorCode::kFailedPrecondition);
  EXPECT_NE(r.error().message.find("fonts-dejavu-core"), std::string::npos);
  EXPECT_NE(r.error().message.find("/nonexistent/fonts/DejaVuSerif.ttf"),
            std::string::npos);
}

}  // namespace
}  // namespace motcua::adapters
