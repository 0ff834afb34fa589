#include "engine/dossier/dossier_codec.h"

#include <gtest/gtest.h>

#include "engine/codec/binary.h"
#include "engine/dossier/receipt.h"
#include "tests/fakes/sample_dossiers.h"

namespace motcua::engine {
namespace {

DossierEvent SampleEvent() {
  auto e = Receive(motcua::testing::SampleCommand(),
                   motcua::testing::kMonday0930, 6);
  EXPECT_TRUE(e.ok());
  return *e;
}

TEST(DossierCodecTest, EventAndDossierRoundTrip) {
  const DossierEvent e = SampleEvent();
  auto decoded = DecodeEvent(EncodeEvent(e));
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_EQ(*decoded, e);

  const Dossier d = Fold({e});
  auto back = DecodeDossier(EncodeDossier(d));
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(*back, d);
}

TEST(DossierCodecTest, ReplayOfStoredEventsGivesStoredState) {
  const DossierEvent e = SampleEvent();
  auto replayed = DecodeEvent(EncodeEvent(e));
  ASSERT_TRUE(replayed.ok());
  EXPECT_EQ(Fold({*replayed}), Fold({e}));
}

TEST(DossierCodecTest, CorruptOrTruncatedIsInternal) {
  const std::string bytes = EncodeDossier(Fold({SampleEvent()}));
  for (size_t n = 0; n < bytes.size(); ++n) {
    SCOPED_TRACE(n);
    auto d = DecodeDossier(std::string_view(bytes).substr(0, n));
    ASSERT_FALSE(d.ok());
    EXPECT_EQ(d.error().code, ErrorCode::kInternal);
  }
  std::string future = bytes;
  future[0] = 4;
  EXPECT_FALSE(DecodeDossier(future).ok());
  EXPECT_FALSE(DecodeDossier(bytes + "x").ok());
  std::string event = EncodeEvent(SampleEvent());
  EXPECT_FALSE(DecodeEvent(event.substr(0, event.size() - 1)).ok());
}

// Tag 1 was written by the receipt-only engine; it must keep decoding. The
// bytes are built field by field as that engine did.
TEST(DossierCodecTest, DecodesTheReceiptOnlyFormats) {
  const DossierEvent e = SampleEvent();
  const auto& r = std::get<DossierReceived>(e.body);
  ASSERT_FALSE(r.terms.has_value());
  auto put_receipt = [&](BinaryWriter& w) {
    w.PutString(r.code);
    w.PutString(r.agency_code);
    w.PutString(r.procedure_code);
    w.PutString(r.applicant.full_name);
    w.PutString(r.applicant.personal_id);
    w.PutString(r.applicant.phone);
    w.PutString(r.applicant.address);
    w.PutVarint(static_cast<uint64_t>(r.channel));
    w.PutVarint(r.documents.size());
    for (const Document& d : r.documents) {
      w.PutString(d.name);
      w.PutVarint(d.originals);
      w.PutVarint(d.copies);
    }
    w.PutSigned(r.received_at);
    w.PutVarint(r.sequence);
  };
  BinaryWriter ev;
  ev.PutRaw(std::string_view("\x01", 1));
  ev.PutVarint(e.version);
  ev.PutSigned(e.recorded_at);
  ev.PutString(e.actor);
  ev.PutVarint(1);  // tag 1
  put_receipt(ev);
  EXPECT_EQ(EncodeEvent(e), ev.data());  // still written the same way
  auto decoded = DecodeEvent(ev.data());
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, e);

  // Its snapshot of format 1 is no longer decoded: only kDossierFormat
  // is, and the store rebuilds older snapshots from their events
  // (adapters/rocksdb/snapshot_rebuild.h).
  BinaryWriter st;
  st.PutRaw(std::string_view("\x01", 1));
  put_receipt(st);
  EXPECT_FALSE(DecodeDossier(st.data()).ok());
  auto back = DecodeDossier(EncodeDossier(Fold({e})));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, Fold({e}));
}

TEST(DossierCodecTest, TransitionWithEveryFieldRoundTrips) {
  DossierTransitioned t;
  t.transition = Transition::kForward;
  t.from = DossierState::kInProcessing;
  t.to = DossierState::kTransferred;
  t.officer = "Trần Văn Bình";
  t.agency_code = "H55.16.1";
  t.at = 1'700'000'000'000'000;
  t.reason = "lý do";
  t.to_agency = "H55.22";
  t.to_officer = "Lê Hoa";
  t.documents = {{"Sơ đồ", 1, 2}};
  t.amount_vnd = 50000;
  t.return_channel = Channel::kPostal;
  t.step_closed = StepClosed{0, t.at, Timeliness::kLate};
  t.step_opened = StepOpened{1, "H55.22", t.at, t.at + kMicrosPerDay};
  t.clock = ClockMark{ClockEventKind::kReappoint, t.at,
                      SuspensionReason::kPayment, t.at + 2 * kMicrosPerDay};
  t.appointment = t.at + 3 * kMicrosPerDay;
  t.step_deadline = t.at + 4 * kMicrosPerDay;
  t.calendar_version = 9;
  t.result = Timeliness::kEarly;
  t.result_against_original = Timeliness::kOnTime;
  const DossierEvent e{2, t.at, "agency-app", t};
  const std::string bytes = EncodeEvent(e);
  auto back = DecodeEvent(bytes);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, e);
  for (size_t n = 0; n < bytes.size(); ++n) {
    SCOPED_TRACE(n);
    EXPECT_FALSE(DecodeEvent(std::string_view(bytes).substr(0, n)).ok());
  }
}

// An event's bytes before its tag.
std::string Prefix(const DossierEvent& e) {
  BinaryWriter w;
  w.PutRaw(std::string_view("\x01", 1));
  w.PutVarint(e.version);
  w.PutSigned(e.recorded_at);
  w.PutString(e.actor);
  return w.Release();
}

PostalRecorded FullPostal() {
  PostalRecorded p;
  p.kind = PostalEventKind::kInboundPickup;
  p.carrier = "vnpost";
  p.carrier_event_id = "ev-1";
  p.carrier_status = "100";
  p.tracking_number = "EB1VN";
  p.at = 1'700'000'000'000'000;
  p.postal_worker = "Phạm Văn Bưu";
  p.officer = "Lê Hoa";
  p.record_number = "BB-1";
  p.documents = {{"Tờ khai", 1, 2}};
  p.sealed = true;
  p.fees_vnd = 25000;
  p.recipient_name = "An";
  p.recipient_id = "001190012345";
  p.reason = "vắng nhà";
  return p;
}

TEST(DossierCodecTest, PostalEventWithEveryFieldRoundTrips) {
  const DossierEvent e{2, 1'700'000'000'000'001, "postal-webhook",
                       FullPostal()};
  const std::string bytes = EncodeEvent(e);
  EXPECT_EQ(bytes.substr(0, Prefix(e).size() + 1), Prefix(e) + '\x04');
  auto back = DecodeEvent(bytes);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, e);
  for (size_t n = 0; n < bytes.size(); ++n) {
    SCOPED_TRACE(n);
    EXPECT_FALSE(DecodeEvent(std::string_view(bytes).substr(0, n)).ok());
  }
}

// A receipt with terms and no tracking number keeps tag 2 and its bytes; a
// tracking number makes it tag 5 (tag 2's layout, then the number); the
// snapshot (kDossierFormat) carries the postal record either way.
TEST(DossierCodecTest, PostalTrackingNumberUsesNewTagAndFormat) {
  DossierEvent e = SampleEvent();
  auto& r = std::get<DossierReceived>(e.body);
  // Terms as stored before tag 8: legacy counting.
  r.terms.emplace().counting = kLegacyCounting;
  r.terms->dossier_by_post = true;
  const std::string tag2 = EncodeEvent(e);
  Dossier plain = Fold({e});
  EXPECT_EQ(EncodeDossier(plain)[0], kDossierFormat);

  r.terms->postal_tracking_number = "EB1VN";
  const std::string tag5 = EncodeEvent(e);
  ASSERT_GT(tag5.size(), tag2.size());
  auto back = DecodeEvent(tag5);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, e);
  // Tag 5, then tag 2's body, then the number.
  const size_t n = Prefix(e).size();
  ASSERT_EQ(tag2.substr(0, n + 1), Prefix(e) + '\x02');
  BinaryWriter number;
  number.PutString("EB1VN");
  EXPECT_EQ(tag5, Prefix(e) + '\x05' + tag2.substr(n + 1) + number.data());

  Dossier d = Fold({e});
  EXPECT_EQ(d.postal.inbound_tracking_number, "EB1VN");
  PostalRecorded p = FullPostal();
  Apply(d, DossierEvent{2, p.at, "postal-webhook", p});
  const std::string state = EncodeDossier(d);
  EXPECT_EQ(state[0], kDossierFormat);
  auto decoded = DecodeDossier(state);
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_EQ(*decoded, d);
  for (size_t n = 0; n < state.size(); ++n) {
    SCOPED_TRACE(n);
    EXPECT_FALSE(DecodeDossier(std::string_view(state).substr(0, n)).ok());
  }
}

TEST(DossierCodecTest, DeadlineNoticeUsesNewTagAndFormat) {
  DossierEvent e = SampleEvent();
  auto& r = std::get<DossierReceived>(e.body);
  r.terms.emplace().counting = kLegacyCounting;  // pre-format-7 terms
  Dossier d = Fold({e});
  const std::string before = EncodeDossier(d);
  ASSERT_EQ(before[0], kDossierFormat);

  const DeadlineNoticed n{
      WatchKind::kStepOverdue, 2,        1'767'600'000'000'000,
      1'767'700'000'000'000,   "H55.22", -3 * 3'600'000'000LL};
  const DossierEvent notice{2, n.noticed_at, "sweeper", n};
  const std::string bytes = EncodeEvent(notice);
  ASSERT_EQ(bytes.substr(0, Prefix(notice).size() + 1),
            Prefix(notice) + '\x06');
  auto back = DecodeEvent(bytes);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(*back, notice);
  for (size_t k = 0; k < bytes.size(); ++k) {
    SCOPED_TRACE(k);
    EXPECT_FALSE(DecodeEvent(std::string_view(bytes).substr(0, k)).ok());
  }
  std::string bad_kind = bytes;
  bad_kind[Prefix(notice).size() + 1] = static_cast<char>(kWatchKindCount);
  EXPECT_FALSE(DecodeEvent(bad_kind).ok());

  Dossier noticed = d;
  Apply(noticed, notice);
  // Nothing but the version and the notice record changes.
  Dossier expected = d;
  expected.version = 2;
  expected.notices = {{n.kind, n.step, n.deadline, n.noticed_at, "H55.22"}};
  EXPECT_EQ(noticed, expected);
  const std::string state = EncodeDossier(noticed);
  EXPECT_EQ(state[0], kDossierFormat);
  auto decoded = DecodeDossier(state);
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_EQ(*decoded, noticed);
  for (size_t k = 0; k < state.size(); ++k) {
    SCOPED_TRACE(k);
    EXPECT_FALSE(DecodeDossier(std::string_view(state).substr(0, k)).ok());
  }
  // Dossiers without notices keep their bytes.
  EXPECT_EQ(EncodeDossier(d), before);
  std::string future = state;
  future[0] = 5;
  EXPECT_FALSE(DecodeDossier(future).ok());
}

// Terms counted under Civil Code 2015 Art. 147 (every receipt since issue
// 11) are tag 8 (tag 5's layout, its number possibly empty, then the rules)
// and the snapshot carries the rules. Older tags decode with legacy
// counting, so their clocks replay to the appointment printed with the
// calendar's cut-off.
TEST(DossierCodecTest, CountingRulesUseNewTagAndFormat) {
  DossierEvent e = SampleEvent();
  auto& r = std::get<DossierReceived>(e.body);
  r.terms.emplace().counting.receipt_cutoff_minute = 15 * 60;
  const std::string tag8 = EncodeEvent(e);
  EXPECT_EQ(tag8.substr(0, Prefix(e).size() + 1), Prefix(e) + '\x08');
  auto back = DecodeEvent(tag8);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(*back, e);
  for (size_t k = 0; k < tag8.size(); ++k) {
    SCOPED_TRACE(k);
    EXPECT_FALSE(DecodeEvent(std::string_view(tag8).substr(0, k)).ok());
  }
  const Dossier d = Fold({e});
  const std::string state = EncodeDossier(d);
  EXPECT_EQ(state[0], kDossierFormat);
  auto decoded = DecodeDossier(state);
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_EQ(*decoded, d);
  EXPECT_EQ(decoded->terms->counting.receipt_cutoff_minute, 15 * 60);
  for (size_t k = 0; k < state.size(); ++k) {
    SCOPED_TRACE(k);
    EXPECT_FALSE(DecodeDossier(std::string_view(state).substr(0, k)).ok());
  }
  // No cut-off: still tag 8, decoded as Civil Code counting.
  r.terms->counting = {};
  auto plain = DecodeDossier(EncodeDossier(Fold({e})));
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->terms->counting, CountingRules{});
  EXPECT_EQ(EncodeEvent(e)[Prefix(e).size()], '\x08');

  // The same receipt as stored before: tag 2, legacy counting.
  r.terms->counting = kLegacyCounting;
  const std::string tag2 = EncodeEvent(e);
  EXPECT_EQ(tag2[Prefix(e).size()], '\x02');
  EXPECT_EQ(std::get<DossierReceived>(DecodeEvent(tag2)->body).terms->counting,
            kLegacyCounting);
  const std::string v2 = EncodeDossier(Fold({e}));
  EXPECT_EQ(v2[0], kDossierFormat);
  EXPECT_EQ(DecodeDossier(v2)->terms->counting, kLegacyCounting);
}

// Every value of every stored enum decodes: the codec's bounds are the
// enums' named counts, so a value added later (calendar days, issue 11) is
// not read back as corruption.
TEST(DossierCodecTest, EveryBudgetUnitAndClockKindRoundTrips) {
  for (int u = 0; u < kBudgetUnitCount; ++u) {
    SCOPED_TRACE(u);
    DossierEvent e = SampleEvent();
    auto& terms = std::get<DossierReceived>(e.body).terms.emplace();
    terms.budget = Budget{static_cast<BudgetUnit>(u), 5};
    terms.steps.push_back(PlannedStep{});
    terms.steps.back().budget = terms.budget;
    auto back = DecodeEvent(EncodeEvent(e));
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(*back, e);
    const Dossier d = Fold({e});
    auto decoded = DecodeDossier(EncodeDossier(d));
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_EQ(*decoded, d);
  }
}

// A rating is tag 7; the snapshot carries it, and a dossier without one
// keeps its bytes.
TEST(DossierCodecTest, RatingUsesNewTagAndFormat) {
  DossierEvent e = SampleEvent();
  // Pre-format-7 terms (legacy counting).
  std::get<DossierReceived>(e.body).terms.emplace().counting = kLegacyCounting;
  const Dossier d = Fold({e});
  const DossierRated rated{4, true, "Chờ lâu,\nthiếu hướng dẫn",
                           1'767'700'000'000'000};
  const DossierEvent rating{2, rated.at, "citizen", rated};
  const std::string bytes = EncodeEvent(rating);
  BinaryWriter body;
  body.PutVarint(4);
  body.PutBool(true);
  body.PutString(rated.comment);
  body.PutSigned(rated.at);
  EXPECT_EQ(bytes, Prefix(rating) + '\x07' + body.data());
  auto back = DecodeEvent(bytes);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(*back, rating);
  for (size_t k = 0; k < bytes.size(); ++k) {
    SCOPED_TRACE(k);
    EXPECT_FALSE(DecodeEvent(std::string_view(bytes).substr(0, k)).ok());
  }
  for (char level : {'\x00', '\x05'}) {
    std::string bad = bytes;
    bad[Prefix(rating).size() + 1] = level;
    EXPECT_FALSE(DecodeEvent(bad).ok());
  }

  struct Case {
    const char* name;
    Dossier before;
    char format_before;
  };
  Dossier postal = d;
  postal.postal.inbound_tracking_number = "EB1VN";
  Dossier noticed = postal;
  noticed.notices = {{WatchKind::kOverdue, 0, 1, 2, "H55.1"}};
  const Case cases[] = {
      {"plain", d, kDossierFormat},
      {"postal", postal, kDossierFormat},
      {"postal and notices", noticed, kDossierFormat},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string before = EncodeDossier(c.before);
    ASSERT_EQ(before[0], c.format_before);
    Dossier after = c.before;
    Apply(after, rating);
    Dossier expected = c.before;
    expected.version = 2;
    expected.rating = rated;
    EXPECT_EQ(after, expected);
    const std::string state = EncodeDossier(after);
    ASSERT_EQ(state[0], kDossierFormat);
    auto decoded = DecodeDossier(state);
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_EQ(*decoded, after);
    for (size_t k = 0; k < state.size(); ++k) {
      SCOPED_TRACE(k);
      EXPECT_FALSE(DecodeDossier(std::string_view(state).substr(0, k)).ok());
    }
    std::string future = state;
    future[0] = 6;
    EXPECT_FALSE(DecodeDossier(future).ok());
    // Without the rating, the bytes are what they were.
    EXPECT_EQ(EncodeDossier(c.before), before);
  }
}

// Issue 11 items 12 and 13: an apology's responsible unit, new date and
// untimely flag, a signed electronic result and an online payment are tag 9
// (tag 3's layout, then the facts); a digitised receipt is tag 10; the
// snapshot carries the facts. Every other event keeps its bytes, and events
// stored before decode with the facts unset.
TEST(DossierCodecTest, ApologyAndIndicatorFactsUseNewTagAndFormat) {
  DossierTransitioned t;
  t.transition = Transition::kApologize;
  t.from = t.to = DossierState::kInProcessing;
  t.officer = "Trần Văn Bình";
  t.agency_code = "H55.16.1";
  t.at = 1'774'000'000'000'000;
  t.reason = "Chờ kết quả đo đạc";
  t.calendar_version = 3;
  const DossierEvent old_event{5, t.at, "agency-app", t};
  // Before: tag 3, which decodes with no facts.
  const std::string tag3 = EncodeEvent(old_event);
  ASSERT_EQ(tag3[Prefix(old_event).size()], '\x03');
  auto old_back = DecodeEvent(tag3);
  ASSERT_TRUE(old_back.ok()) << old_back.error().message;
  const auto& old_t = std::get<DossierTransitioned>(old_back->body);
  EXPECT_FALSE(old_t.untimely);
  EXPECT_TRUE(old_t.responsible_agency.empty());
  EXPECT_FALSE(old_t.new_appointment.has_value());

  DossierTransitioned late = t;
  late.untimely = true;
  late.responsible_agency = "H55.22";
  late.new_appointment = t.at + 5 * kMicrosPerDay;
  const DossierEvent event{5, t.at, "agency-app", late};
  const std::string tag9 = EncodeEvent(event);
  BinaryWriter facts;
  facts.PutVarint(1);  // untimely
  facts.PutString("H55.22");
  facts.PutBool(true);
  facts.PutSigned(*late.new_appointment);
  EXPECT_EQ(tag9, Prefix(event) + '\x09' +
                      tag3.substr(Prefix(event).size() + 1) + facts.data());
  auto back = DecodeEvent(tag9);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(*back, event);
  for (size_t k = 0; k < tag9.size(); ++k) {
    SCOPED_TRACE(k);
    EXPECT_FALSE(DecodeEvent(std::string_view(tag9).substr(0, k)).ok());
  }
  std::string unknown_flag = tag9;
  unknown_flag[tag3.size()] = '\x08';
  EXPECT_FALSE(DecodeEvent(unknown_flag).ok());

  for (auto set : {+[](DossierTransitioned& x) { x.electronic_result = true; },
                   +[](DossierTransitioned& x) { x.paid_online = true; },
                   +[](DossierTransitioned& x) {
                     x.transition = Transition::kAcceptOnline;
                     x.regime = RegimeId::kDecree118Circular01;
                   }}) {
    DossierTransitioned f = t;
    set(f);
    const DossierEvent fe{5, t.at, "agency-app", f};
    const std::string bytes = EncodeEvent(fe);
    EXPECT_EQ(bytes[Prefix(fe).size()], '\x09');
    EXPECT_EQ(*DecodeEvent(bytes), fe);
    if (f.regime) {
      std::string unknown = bytes;
      unknown.back() = '\x04';  // no such regime
      EXPECT_FALSE(DecodeEvent(unknown).ok());
    }
  }

  // A digitised receipt, with terms (any counting) or without: tag 10.
  for (bool with_terms : {false, true}) {
    SCOPED_TRACE(with_terms);
    DossierEvent r = SampleEvent();
    auto& rec = std::get<DossierReceived>(r.body);
    if (with_terms) rec.terms.emplace().counting = kLegacyCounting;
    const std::string before = EncodeEvent(r);
    rec.digitized = true;
    const std::string tag10 = EncodeEvent(r);
    EXPECT_EQ(tag10[Prefix(r).size()], '\x0a');
    auto decoded = DecodeEvent(tag10);
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_EQ(*decoded, r);
    for (size_t k = 0; k < tag10.size(); ++k) {
      SCOPED_TRACE(k);
      EXPECT_FALSE(DecodeEvent(std::string_view(tag10).substr(0, k)).ok());
    }
    // Not digitised: the bytes of before, which decode undigitised.
    EXPECT_FALSE(
        std::get<DossierReceived>(DecodeEvent(before)->body).digitized);
  }

  // The dossier: without facts they decode unset; each fact round-trips,
  // legacy counting or not.
  DossierEvent receipt = SampleEvent();
  std::get<DossierReceived>(receipt.body).terms.emplace().counting =
      kLegacyCounting;
  const Dossier plain = Fold({receipt});
  const std::string v2 = EncodeDossier(plain);
  ASSERT_EQ(v2[0], kDossierFormat);
  auto v2_back = DecodeDossier(v2);
  ASSERT_TRUE(v2_back.ok());
  EXPECT_TRUE(v2_back->untimely_apologies.empty());
  EXPECT_FALSE(v2_back->digitized || v2_back->electronic_result ||
               v2_back->paid_online || v2_back->paid_otherwise);
  struct Case {
    const char* name;
    void (*set)(Dossier&);
  };
  const Case cases[] = {
      {"untimely apology",
       [](Dossier& d) { d.untimely_apologies = {1'774'000'000'000'000}; }},
      {"digitised", [](Dossier& d) { d.digitized = true; }},
      {"electronic result", [](Dossier& d) { d.electronic_result = true; }},
      {"paid online", [](Dossier& d) { d.paid_online = true; }},
      {"paid otherwise", [](Dossier& d) { d.paid_otherwise = true; }},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    for (CountingRules counting : {kLegacyCounting, CountingRules{}}) {
      Dossier d = plain;
      d.terms->counting = counting;
      c.set(d);
      const std::string state = EncodeDossier(d);
      ASSERT_EQ(state[0], kDossierFormat);
      auto decoded = DecodeDossier(state);
      ASSERT_TRUE(decoded.ok()) << decoded.error().message;
      EXPECT_EQ(*decoded, d);
      for (size_t k = 0; k < state.size(); ++k) {
        SCOPED_TRACE(k);
        EXPECT_FALSE(DecodeDossier(std::string_view(state).substr(0, k)).ok());
      }
    }
  }
}

TEST(DeadlineNoticeTest, KindNamesAreStable) {
  const char* names[] = {"due_soon", "overdue", "step_due_soon", "step_overdue",
                         "apology_required"};
  for (int i = 0; i < kWatchKindCount; ++i) {
    SCOPED_TRACE(i);
    const auto k = static_cast<WatchKind>(i);
    EXPECT_EQ(WatchKindName(k), names[i]);
    EXPECT_EQ(ParseWatchKind(names[i]), k);
    EXPECT_EQ(IsStepKind(k), i == 2 || i == 3);
  }
  EXPECT_FALSE(ParseWatchKind("late").has_value());
}

TEST(PostalRecordTest, KeepsLegsInEventTimeOrder) {
  PostalRecord r;
  auto leg = [](PostalEventKind k, Instant at, const char* id) {
    PostalRecorded p;
    p.kind = k;
    p.at = at;
    p.carrier = "vnpost";
    p.carrier_event_id = id;
    p.tracking_number = k == PostalEventKind::kOutboundPickup ? "OUT" : "IN";
    return p;
  };
  AddLeg(r, leg(PostalEventKind::kInboundHandover, 20, "b"));
  AddLeg(r, leg(PostalEventKind::kInboundPickup, 10, "a"));
  AddLeg(r, leg(PostalEventKind::kOutboundPickup, 30, "c"));
  AddLeg(r, leg(PostalEventKind::kDeliveryFailed, 40, "d"));
  ASSERT_EQ(r.legs.size(), 4u);
  EXPECT_EQ(r.legs[0].carrier_event_id, "a");
  EXPECT_EQ(r.legs[1].carrier_event_id, "b");
  EXPECT_EQ(r.inbound_tracking_number, "IN");
  EXPECT_EQ(r.outbound_tracking_number, "OUT");
  EXPECT_EQ(r.delivery(), DeliveryStatus::kAttemptFailed);
  EXPECT_NE(r.Find("vnpost", "c"), nullptr);
  EXPECT_EQ(r.Find("other", "c"), nullptr);
  EXPECT_EQ(ParsePostalEventKind("returned_to_sender"),
            PostalEventKind::kReturnedToSender);
  EXPECT_FALSE(ParsePostalEventKind("lost").has_value());
}

}  // namespace
}  // namespace motcua::engine
