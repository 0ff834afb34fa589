// A deterministic generator of realistic dossiers for report tests and
// benchmarks (not for production data).
//
// Model. Dossier i is a pure function of (config, i): a splitmix64 stream
// seeded with (seed, i), so datasets of any size are reproducible and can be
// generated in any order or in parallel. The generator builds Dossier values
// directly (no commands, no event log) but consistently: the suspension
// ledger, re-appointments, steps, appointment and result classification are
// computed on the generator's working calendar with the same DeadlineClock
// the lifecycle uses, so DossierClock() replays every dossier exactly.
//
// What a dataset looks like (defaults):
//  - agencies: 20 provincial departments ("H55.1" .. "H55.20", level
//    province) and 100 communes ("H55.101.1" ..., level commune), with
//    about two thirds of the volume at communes; 15 fields of work, each
//    agency serving a few of them;
//  - receipts spread uniformly over `days` days from `first_day`; direct and
//    postal on working days 07:00-17:00 (some after the 15:00 cut-off),
//    online submissions at any hour, accepted within a few working hours;
//    channel mix 40% online, 10% postal, 50% direct;
//  - budgets of 1..30 working days (some 4 or 8 working hours);
//  - 15% suspended for a supplement (some after their appointment, so
//    suspended while overdue), 3% re-appointed after an apology (some
//    after becoming overdue), 10% inter-agency with two steps;
//  - endings: 2% withdrawn, 1% stopped, 1% of online submissions refused at
//    the check, about `late_share` completed late, the rest early or on
//    time; nothing happens after `as_of` (the end of the receipt range
//    plus 20 days by default), so recent dossiers are still open, some
//    suspended, and recent online submissions still await the check.
//
// Time travel: two generators that differ only in as_of produce the same
// dossiers, the earlier one seeing each as it stood at its as_of (events
// after it not yet happened). Tests use this to check that a report for a
// past period is the same whenever it is asked.
//
// Thread safety: Generate is const and may be called from several threads.
//
// Example:
//   auto gen = SyntheticGenerator::Create({.dossiers = 20000});
//   for (int i = 0; i < gen->config().dossiers; ++i) {
//     Dossier d = gen->Generate(i);
//     ReportFact f = *FactOf(d, gen->calendar(), dict);
//   }
#pragma once

#include <cstdint>
#include <memory>

#include "engine/calendar/working_calendar.h"
#include "engine/common/result.h"
#include "engine/dossier/dossier.h"
#include "engine/report/report_fact.h"

namespace motcua::engine {

struct SyntheticConfig {
  uint64_t seed = 20260101;
  int dossiers = 20000;
  CivilDate first_day{2025, 12, 1};
  int days = 365;
  int province_agencies = 20;
  int commune_agencies = 100;
  int fields = 15;
  double online_share = 0.40;
  double postal_share = 0.10;
  double late_share = 0.05;
  double suspension_share = 0.15;
  double reappointment_share = 0.03;
  double inter_agency_share = 0.10;
  double withdrawn_share = 0.02;
  double stopped_share = 0.01;
  double refused_at_receipt_share = 0.01;  // of online submissions
  double electronic_result_share = 0.30;
  // 0: the last receipt day + 20 days, 17:00 Vietnam time.
  Instant as_of = 0;
};

class SyntheticGenerator {
 public:
  // InvalidArgument for non-positive counts or shares outside [0, 1].
  static Result<SyntheticGenerator> Create(SyntheticConfig config);

  const SyntheticConfig& config() const { return config_; }
  Instant as_of() const { return config_.as_of; }
  const WorkingCalendar& calendar() const { return *calendar_; }
  std::shared_ptr<const WorkingCalendar> shared_calendar() const {
    return calendar_;
  }
  // Every agency and field of the dataset, defined in a fixed order, so
  // facts of different generator runs share ids.
  const FactDictionary& dictionary() const { return dictionary_; }

  // Dossier i (0 <= i < config().dossiers) as it stands at as_of().
  Dossier Generate(int i) const;

 private:
  SyntheticGenerator() = default;

  SyntheticConfig config_;
  std::shared_ptr<const WorkingCalendar> calendar_;
  FactDictionary dictionary_;
};

}  // namespace motcua::engine
