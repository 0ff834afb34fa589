// ListingCandidates: the dossiers a filtered ListDossiers page may show,
// found in the report index (one ReportFact per dossier, in memory) instead
// of by reading dossiers from the store.
//
// Model. The facts carry the receiving agency, the holder, the procedure,
// the receipt minute, how the dossier ended and when it is overdue: enough
// to rule out almost every dossier a filter does not want. The filter here
// is a PREFILTER: it never rules out a dossier the exact filter (on the
// loaded dossier, services/dossier_service.cc) would keep, and may keep a
// few it would not (a state inside an end group, an online receipt):
//  - agency, holder, procedure: dictionary ids, exact;
//  - received_from: on the receipt minute (when the clock starts, never
//    before the receipt), floored to the minute; not applied to online
//    receipts (their fact counts from the officer's acceptance);
//    received_until is left to the exact filter;
//  - states: as the set of FactEnd groups they fall in (ends_mask);
//  - scope: the receiving agency or the holder in `scope` (agency ids);
//  - overdue_at: open and overdue at that minute (the one overdue rule,
//    engine/lifecycle/overdue.h, which the facts record).
// Order: by dossier code, ascending, as pages have always been; `after`
// is the last code of the previous page. One pass over the facts, a
// bounded heap of the `limit` smallest codes: O(n log limit), about 2-4 ms
// for 1M facts (report_benchmark BM_ListingCandidates).
//
// Thread safety: pure function on values.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/dossier/dossier.h"
#include "engine/report/report_fact.h"

namespace motcua::engine {

struct ListingFilter {
  std::optional<uint16_t> agency;
  std::optional<uint16_t> holder;
  std::optional<uint16_t> procedure;
  std::optional<Instant> received_from;  // inclusive
  // Bit (1 << FactEnd) per end allowed; all bits: no state filter.
  uint32_t ends_mask = ~0u;
  // Agency ids covered (indexed by dictionary id); null: every agency.
  const std::vector<bool>* scope = nullptr;
  std::optional<ReportMinute> overdue_at;
};

// The FactEnd group of a state (a submission awaiting its check and every
// state before the result are kOpen; result ready, refused and returned
// kCompleted).
FactEnd FactEndOf(DossierState state);

// Indices of up to `limit` facts that pass `filter` and whose codes sort
// after `after` (every code when empty), in code order. `codes[i]` is the
// code of `facts[i]`.
std::vector<uint32_t> ListingCandidates(std::span<const ReportFact> facts,
                                        std::span<const std::string> codes,
                                        const ListingFilter& filter,
                                        std::string_view after, size_t limit);

}  // namespace motcua::engine
