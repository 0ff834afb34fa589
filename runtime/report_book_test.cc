// The report index equals a full recomputation from the dossiers: after
// lifecycle commands through the sequencer, and after reloading from the
// store's rows.
#include "runtime/report_book.h"

#include <gtest/gtest.h>

#include <future>

#include "adapters/memory/memory_store.h"
#include "engine/catalogue/catalogue_text.h"
#include "engine/lifecycle/admission.h"
#include "engine/lifecycle/decide.h"
#include "runtime/sequencer.h"
#include "sample_catalogue.h"
#include "tests/fakes/sample_dossiers.h"

namespace motcua::runtime {
namespace {

using motcua::testing::ManualClock;

class ReportBookTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto calendars =
        CalendarBook::Open({engine::CalendarConfig{.name = "vn"},
                            engine::CalendarConfig{.name = "ha-noi"}},
                           {}, store_);
    ASSERT_TRUE(calendars.ok());
    calendars_ = std::move(*calendars);
    auto data = engine::ParseCatalogueText(engine::testing::kSampleCatalogue);
    ASSERT_TRUE(data.ok()) << data.error().message;
    auto catalogue = CatalogueBook::Open(std::move(*data), store_);
    ASSERT_TRUE(catalogue.ok()) << catalogue.error().message;
    catalogue_ = std::move(*catalogue);
  }

  // Every dossier's fact recomputed from its stored state, by code.
  std::map<std::string, engine::ReportFact> Recomputed(const ReportBook& book) {
    engine::FactDictionary dict;
    book.Read([&](auto, auto&, const engine::FactDictionary& d) { dict = d; });
    std::map<std::string, engine::ReportFact> out;
    auto all = store_.ScanDossiers("", 100000);
    for (const engine::Dossier& d : *all) {
      auto f = book.Recompute(d, dict);
      EXPECT_TRUE(f.ok());
      out[d.code] = *f;
    }
    return out;
  }

  std::map<std::string, engine::ReportFact> Indexed(const ReportBook& book) {
    std::map<std::string, engine::ReportFact> out;
    book.Read([&](std::span<const engine::ReportFact> facts,
                  const std::vector<std::string>& codes,
                  const engine::FactDictionary&) {
      for (size_t i = 0; i < facts.size(); ++i) out[codes[i]] = facts[i];
    });
    return out;
  }

  adapters::MemoryStore store_;
  ManualClock clock_{motcua::testing::kMonday0930};
  std::unique_ptr<CalendarBook> calendars_;
  std::unique_ptr<CatalogueBook> catalogue_;
};

TEST_F(ReportBookTest, IndexEqualsRecomputationLiveAndAfterReload) {
  auto book = ReportBook::Open(store_, *calendars_, *catalogue_);
  ASSERT_TRUE(book.ok()) << book.error().message;
  SequencerOptions options;
  options.projections = {book->get()};
  auto seq = Sequencer::Start(store_, clock_, options);
  ASSERT_TRUE(seq.ok());

  auto catalogue = catalogue_->Snapshot();
  auto calendars = calendars_->Snapshot();
  std::vector<std::string> codes;
  for (int i = 0; i < 6; ++i) {
    engine::ReceiveCommand cmd =
        motcua::testing::SampleCommand("r" + std::to_string(i));
    cmd.agency_code = i % 2 ? "H55.10" : "H55.1";
    std::promise<engine::Result<ReceiveReply>> p;
    (*seq)->Receive(
        cmd,
        [&](const engine::ReceiveCommand& c, engine::Instant now,
            uint32_t last) {
          return engine::Receive(c, now, last, {*catalogue, *calendars});
        },
        [&](engine::Result<ReceiveReply> r) { p.set_value(std::move(r)); });
    auto r = p.get_future().get();
    ASSERT_TRUE(r.ok()) << r.error().message;
    codes.push_back(r->dossier.code);
    clock_.Advance(engine::kMicrosPerHour);
  }
  // Move one dossier on, and let time pass beyond appointments.
  DossierCommand transfer;
  transfer.client_id = "t";
  transfer.request_id = "t1";
  transfer.dossier_code = codes[0];
  engine::LifecycleCommand c;
  c.transition = engine::Transition::kTransfer;
  c.client_id = "t";
  c.officer = "cb";
  c.agency_code = "H55.1";
  c.to_agency = "H55.10";
  transfer.command = c;
  transfer.decide = [&](const engine::Dossier& d,
                        const engine::WriteCommand& command,
                        engine::Instant now) {
    return engine::Decide(d, std::get<engine::LifecycleCommand>(command), now,
                          {*calendars, catalogue.get()});
  };
  std::promise<engine::Result<CommandReply>> moved;
  (*seq)->Execute(transfer, [&](engine::Result<CommandReply> r) {
    moved.set_value(std::move(r));
  });
  auto moved_result = moved.get_future().get();
  ASSERT_TRUE(moved_result.ok()) << moved_result.error().message;

  const auto indexed = Indexed(**book);
  ASSERT_EQ(indexed.size(), 6u);
  EXPECT_EQ(indexed, Recomputed(**book));

  (*seq)->Stop();
  auto reloaded = ReportBook::Open(store_, *calendars_, *catalogue_);
  ASSERT_TRUE(reloaded.ok()) << reloaded.error().message;
  EXPECT_EQ(Indexed(**reloaded), indexed);

  // The transferred dossier is resolved by the agency it went to.
  (*reloaded)->Read([&](auto, auto&, const engine::FactDictionary& d) {
    EXPECT_EQ(d.agencies()[indexed.at(codes[0]).resolver].code, "H55.10");
    EXPECT_EQ(d.agencies()[indexed.at(codes[1]).resolver].code, "H55.10");
    EXPECT_EQ(d.agencies()[indexed.at(codes[2]).resolver].code, "H55.1");
  });

  // Facts stored under the older formats 1 (49 bytes) and 2 (51 bytes,
  // before issue 11 item 13) are recomputed from their dossiers at start
  // rather than refusing to start.
  engine::CommitBatch old;
  old.report_rows.emplace_back("f" + codes[3],
                               std::string(1, '\x01') + std::string(48, '\0'));
  old.report_rows.emplace_back("f" + codes[2],
                               std::string(1, '\x02') + std::string(50, '\0'));
  ASSERT_TRUE(store_.Commit(old).ok());
  auto upgraded = ReportBook::Open(store_, *calendars_, *catalogue_);
  ASSERT_TRUE(upgraded.ok()) << upgraded.error().message;
  EXPECT_EQ(Indexed(**upgraded), indexed);
  std::string stored;
  ASSERT_TRUE(
      store_
          .ForEachReportRow([&](std::string_view k, std::string_view v) {
            if (k == "f" + codes[3] || k == "f" + codes[2]) {
              EXPECT_EQ(v.size(), engine::kEncodedFactSize) << k;
              stored = std::string(v);
            }
          })
          .ok());
  EXPECT_EQ(stored.size(), engine::kEncodedFactSize);
}

TEST_F(ReportBookTest, DictionaryRoundTrips) {
  engine::FactDictionary d;
  ASSERT_TRUE(
      d.DefineAgency("H55.1", "Trung tâm", engine::ReportLevel::kProvince)
          .ok());
  ASSERT_TRUE(
      d.DefineAgency("H55.30.5", "UBND xã", engine::ReportLevel::kCommune)
          .ok());
  ASSERT_TRUE(d.InternField("LLTP", "Lý lịch tư pháp").ok());
  ASSERT_TRUE(d.InternProcedure("1.001234").ok());
  auto back = DecodeDictionary(EncodeDictionary(d));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->agencies(), d.agencies());
  EXPECT_EQ(back->fields(), d.fields());
  EXPECT_EQ(back->procedures(), d.procedures());
  EXPECT_FALSE(DecodeDictionary("\x05").ok());
}

}  // namespace
}  // namespace motcua::runtime
