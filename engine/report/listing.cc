#include "engine/report/listing.h"

#include <algorithm>
#include <queue>

namespace motcua::engine {

FactEnd FactEndOf(DossierState state) {
  switch (state) {
    case DossierState::kResultReady:
    case DossierState::kRefused:
    case DossierState::kReturned:
      return FactEnd::kCompleted;
    case DossierState::kWithdrawn:
      return FactEnd::kWithdrawn;
    case DossierState::kStopped:
      return FactEnd::kStopped;
    case DossierState::kRefusedAtReceipt:
      return FactEnd::kRefusedAtReceipt;
    default:
      return FactEnd::kOpen;
  }
}

namespace {

bool Passes(const ReportFact& f, const ListingFilter& q) {
  if (q.agency && f.agency != *q.agency) return false;
  if (q.holder && f.holder != *q.holder) return false;
  if (q.procedure && f.procedure != *q.procedure) return false;
  if (((q.ends_mask >> static_cast<int>(f.end)) & 1u) == 0) return false;
  if (q.scope != nullptr) {
    const auto covered = [&](uint16_t id) {
      return id < q.scope->size() && (*q.scope)[id];
    };
    if (!covered(f.agency) && !covered(f.holder)) return false;
  }
  // The fact's receipt minute is when the clock starts (ReceiptTerms::
  // clock_start), never before the dossier's received_at: it can rule out
  // a dossier received too early, not one received too late. Online
  // receipts count from the acceptance: not ruled out at all.
  if (q.received_from && f.received != kNever &&
      f.receipt_channel() != Channel::kOnline &&
      f.received < ToReportMinute(*q.received_from)) {
    return false;
  }
  if (q.overdue_at &&
      !(f.OpenAt(*q.overdue_at) && f.OverdueAt(*q.overdue_at))) {
    return false;
  }
  return true;
}

}  // namespace

std::vector<uint32_t> ListingCandidates(std::span<const ReportFact> facts,
                                        std::span<const std::string> codes,
                                        const ListingFilter& filter,
                                        std::string_view after, size_t limit) {
  if (limit == 0) return {};
  // A max-heap by code of the `limit` smallest codes seen.
  const auto less = [&codes](uint32_t a, uint32_t b) {
    return codes[a] < codes[b];
  };
  std::priority_queue<uint32_t, std::vector<uint32_t>, decltype(less)> heap(
      less);
  const size_t n = std::min(facts.size(), codes.size());
  for (size_t i = 0; i < n; ++i) {
    if (!Passes(facts[i], filter)) continue;
    const std::string& code = codes[i];
    if (!after.empty() && code <= after) continue;
    if (heap.size() == limit) {
      if (!(code < codes[heap.top()])) continue;
      heap.pop();
    }
    heap.push(static_cast<uint32_t>(i));
  }
  std::vector<uint32_t> out(heap.size());
  for (size_t k = out.size(); k-- > 0;) {
    out[k] = heap.top();
    heap.pop();
  }
  return out;
}

}  // namespace motcua::engine
