#include "services/form_rendering.h"

#include <gtest/gtest.h>

#include "engine/lifecycle/lifecycle_testing.h"

namespace motcua::services {
namespace {

using engine::testing::At;
using engine::testing::Submission;
using engine::testing::Walker;

// Records what it was asked to render.
class FakeRenderer final : public engine::FormRenderer {
 public:
  engine::Result<std::string> Render(
      const engine::Printout& printout) const override {
    last = printout;
    return std::string("%PDF-fake");
  }
  std::string_view ContentType() const override { return "application/pdf"; }
  mutable engine::Printout last;
};

TEST(FormRenderingTest, UnknownFilesNameTheField) {
  EXPECT_TRUE(FormRendering::ParseFile("apology.pdf").ok());
  for (std::string_view bad : {"", "receipt-slip.html", "x\xff"}) {
    SCOPED_TRACE(bad);
    auto r = FormRendering::ParseFile(bad);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, engine::ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().message.rfind("file: ", 0), 0u);
    EXPECT_NE(r.error().message.find("control-sheet.pdf"), std::string::npos);
  }
}

TEST(FormRenderingTest, FillsTheResponseWithTheLookupAddress) {
  Walker w;
  ASSERT_TRUE(
      w.Receive(Submission("H55.1", "1.012735", engine::Channel::kDirect,
                           At(2026, 12, 2, 8, 0)))
          .ok());
  FakeRenderer renderer;
  FormRendering forms(renderer, "https://dvc.example.invalid/tra-cuu");
  motcua::v1::RenderFormResponse out;
  ASSERT_TRUE(forms
                  .Render(engine::PrintableForm::kReceiptSlip, w.log(),
                          engine::testing::SampleCatalogue(), "SECRET12", &out)
                  .ok());
  EXPECT_EQ(out.body().content_type(), "application/pdf");
  EXPECT_EQ(out.body().data(), "%PDF-fake");
  EXPECT_EQ(out.file_name(), w.dossier().code + "-receipt-slip.pdf");
  ASSERT_EQ(renderer.last.pages.size(), 1u);
  const engine::PrintPage& p = renderer.last.pages[0];
  EXPECT_EQ(p.qr_text,
            "https://dvc.example.invalid/tra-cuu?code=" + w.dossier().code);
  // The catalogue's name, not the code.
  EXPECT_NE(p.agency_name, "H55.1");
  EXPECT_FALSE(p.agency_name.empty());

  motcua::v1::RenderFormResponse none;
  auto refusal = forms.Render(engine::PrintableForm::kRefusal, w.log(),
                              engine::testing::SampleCatalogue(), "", &none);
  ASSERT_FALSE(refusal.ok());
  EXPECT_EQ(refusal.error().code, engine::ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(none.body().data().empty());
}

}  // namespace
}  // namespace motcua::services
