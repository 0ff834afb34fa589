#include "engine/report/listing.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace motcua::engine {
namespace {

ReportFact Fact(uint16_t agency, uint16_t holder, FactEnd end,
                ReportMinute received) {
  ReportFact f;
  f.agency = agency;
  f.holder = holder;
  f.end = end;
  f.received = received;
  f.channel = static_cast<uint8_t>(Channel::kDirect);
  if (end != FactEnd::kOpen) f.ended = received + 60;
  return f;
}

std::vector<std::string> CodesOf(const std::vector<uint32_t>& ids,
                                 const std::vector<std::string>& codes) {
  std::vector<std::string> out;
  for (uint32_t i : ids) out.push_back(codes[i]);
  return out;
}

TEST(ListingCandidatesTest, PagesInCodeOrderFromTheToken) {
  // Inserted out of code order, as dossiers of several agencies arrive.
  const std::vector<std::string> codes = {
      "H55.2-260105-0001", "H55.1-260105-0002", "H55.1-260105-0001",
      "H55.3-260105-0001"};
  const std::vector<ReportFact> facts(4, Fact(1, 1, FactEnd::kOpen, 100));
  auto page = ListingCandidates(facts, codes, {}, "", 2);
  EXPECT_EQ(
      CodesOf(page, codes),
      (std::vector<std::string>{"H55.1-260105-0001", "H55.1-260105-0002"}));
  page = ListingCandidates(facts, codes, {}, "H55.1-260105-0002", 2);
  EXPECT_EQ(
      CodesOf(page, codes),
      (std::vector<std::string>{"H55.2-260105-0001", "H55.3-260105-0001"}));
  EXPECT_TRUE(
      ListingCandidates(facts, codes, {}, "H55.3-260105-0001", 2).empty());
  EXPECT_TRUE(ListingCandidates(facts, codes, {}, "", 0).empty());
}

TEST(ListingCandidatesTest, FiltersNeverDropWhatTheExactFilterKeeps) {
  const std::vector<std::string> codes = {"A-1", "A-2", "A-3", "A-4", "A-5"};
  std::vector<ReportFact> facts = {
      Fact(1, 1, FactEnd::kOpen, 1000),
      Fact(1, 2, FactEnd::kCompleted, 2000),
      Fact(2, 2, FactEnd::kOpen, 3000),
      Fact(2, 1, FactEnd::kWithdrawn, 4000),
      Fact(1, 1, FactEnd::kOpen, 5000),       // A-5, online, see below
  };
  facts[4].channel = static_cast<uint8_t>(Channel::kOnline);
  ListingFilter q;
  q.agency = 1;
  EXPECT_EQ(CodesOf(ListingCandidates(facts, codes, q, "", 10), codes),
            (std::vector<std::string>{"A-1", "A-2", "A-5"}));
  q = {};
  q.holder = 1;
  q.ends_mask = 1u << static_cast<int>(FactEndOf(DossierState::kInProcessing));
  EXPECT_EQ(CodesOf(ListingCandidates(facts, codes, q, "", 10), codes),
            (std::vector<std::string>{"A-1", "A-5"}));
  // The scope keeps a dossier received OR held by a covered agency.
  const std::vector<bool> scope = {false, false, true};
  q = {};
  q.scope = &scope;
  EXPECT_EQ(CodesOf(ListingCandidates(facts, codes, q, "", 10), codes),
            (std::vector<std::string>{"A-2", "A-3", "A-4"}));
  // Received from, in whole minutes; an online receipt is not ruled out
  // (its fact counts from the acceptance).
  q = {};
  q.received_from = FromReportMinute(2000) + 30 * kMicrosPerSecond;
  EXPECT_EQ(CodesOf(ListingCandidates(facts, codes, q, "", 10), codes),
            (std::vector<std::string>{"A-2", "A-3", "A-4", "A-5"}));
  q.received_from = FromReportMinute(5000) + 30 * kMicrosPerSecond;
  EXPECT_EQ(CodesOf(ListingCandidates(facts, codes, q, "", 10), codes),
            (std::vector<std::string>{"A-5"}));
}

TEST(ListingCandidatesTest, OverdueIsOpenAndInAnInterval) {
  const std::vector<std::string> codes = {"A-1", "A-2", "A-3"};
  std::vector<ReportFact> facts = {Fact(1, 1, FactEnd::kOpen, 100),
                                   Fact(1, 1, FactEnd::kOpen, 100),
                                   Fact(1, 1, FactEnd::kCompleted, 100)};
  facts[0].overdue_from[0] = 500;  // overdue from minute 500
  facts[2].overdue_from[0] = 120;  // but it ended at 160
  ListingFilter q;
  q.overdue_at = 600;
  EXPECT_EQ(CodesOf(ListingCandidates(facts, codes, q, "", 10), codes),
            (std::vector<std::string>{"A-1"}));
  q.overdue_at = 499;
  EXPECT_TRUE(ListingCandidates(facts, codes, q, "", 10).empty());
}

TEST(ListingCandidatesTest, StatesFoldToTheirEnds) {
  EXPECT_EQ(FactEndOf(DossierState::kSubmittedOnline), FactEnd::kOpen);
  EXPECT_EQ(FactEndOf(DossierState::kWithdrawalRequested), FactEnd::kOpen);
  EXPECT_EQ(FactEndOf(DossierState::kResultReady), FactEnd::kCompleted);
  EXPECT_EQ(FactEndOf(DossierState::kReturned), FactEnd::kCompleted);
  EXPECT_EQ(FactEndOf(DossierState::kRefused), FactEnd::kCompleted);
  EXPECT_EQ(FactEndOf(DossierState::kWithdrawn), FactEnd::kWithdrawn);
  EXPECT_EQ(FactEndOf(DossierState::kStopped), FactEnd::kStopped);
  EXPECT_EQ(FactEndOf(DossierState::kRefusedAtReceipt),
            FactEnd::kRefusedAtReceipt);
}

}  // namespace
}  // namespace motcua::engine
