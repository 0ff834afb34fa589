#include "engine/report/report_fact.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "engine/lifecycle/dossier_clock.h"
#include "engine/lifecycle/overdue.h"

namespace motcua::engine {
namespace {

constexpr Instant kForever = kOverdueForever;

// The citizen's four levels folded to the report's three (citizen_rating.h):
// a complaint is unsatisfied whatever the level, as Decision 766 counts it.
Rating RatingOf(const std::optional<DossierRated>& r) {
  if (!r) {
    return Rating::kNone;
  }
  if (CountsAsUnsatisfied(*r)) {
    return Rating::kUnsatisfied;
  }
  return r->rating == kRatingAcceptable ? Rating::kAcceptable
                                        : Rating::kSatisfied;
}

ReportMinute MinuteOrNever(Instant t) {
  return t == kForever ? kNever : ToReportMinute(t);
}

bool PaymentRequired(const Dossier& d) {
  return std::any_of(d.clock.begin(), d.clock.end(), [](const ClockMark& m) {
    return m.kind == ClockEventKind::kSuspend &&
           m.reason == SuspensionReason::kPayment;
  });
}

// Working days the applicant kept the dossier waiting up to `end`: for each
// suspension, the working days after the date it began up to and including
// the date it ended (or `end`'s date, if still suspended then).
Result<int> WaitingDays(const Dossier& d, const WorkingCalendar& calendar,
                        Instant end) {
  int total = 0;
  bool waiting = false;
  Instant since = 0;
  auto close = [&](Instant until) -> Status {
    auto n =
        calendar.WorkingDaysAfter(VietnamDateOf(since), VietnamDateOf(until));
    if (!n.ok()) return n.error();
    total += *n;
    waiting = false;
    return {};
  };
  for (const ClockMark& m : d.clock) {
    if (m.at > end) break;
    if (m.kind == ClockEventKind::kSuspend && !waiting) {
      waiting = true;
      since = m.at;
    } else if (m.kind == ClockEventKind::kResume && waiting) {
      if (Status s = close(m.at); !s.ok()) return s.error();
    }
  }
  if (waiting) {
    if (Status s = close(end); !s.ok()) return s.error();
  }
  return total;
}

}  // namespace

ReportLevel ReportLevelOf(const Catalogue& catalogue, std::string_view code) {
  const Agency* a = catalogue.AgencyByCode(code);
  // A cycle is impossible in a built catalogue; the bound is belt and braces.
  for (int depth = 0; a != nullptr && depth < 16; ++depth) {
    switch (a->level) {
      case AgencyLevel::kDistrict:
        return ReportLevel::kDistrict;
      case AgencyLevel::kCommune:
        return ReportLevel::kCommune;
      case AgencyLevel::kOther:
        if (a->parent_code.empty()) {
          return ReportLevel::kProvince;
        }
        a = catalogue.AgencyByCode(a->parent_code);
        continue;
      default:
        return ReportLevel::kProvince;
    }
  }
  return ReportLevel::kProvince;
}

Result<uint16_t> FactDictionary::Intern(
    std::vector<DictionaryEntry>& entries,
    std::map<std::string, uint16_t, std::less<>>& index, std::string_view code,
    std::string_view kind) {
  if (auto it = index.find(code); it != index.end()) {
    return it->second;
  }
  if (entries.size() > std::numeric_limits<uint16_t>::max()) {
    return ResourceExhausted("cannot add " + std::string(kind) + " " +
                             std::string(code) +
                             " to the report dictionary: it already holds "
                             "65536; report facts have 16-bit ids");
  }
  const auto id = static_cast<uint16_t>(entries.size());
  entries.push_back(
      DictionaryEntry{std::string(code), "", ReportLevel::kProvince});
  index.emplace(std::string(code), id);
  return id;
}

Result<uint16_t> FactDictionary::DefineAgency(std::string_view code,
                                              std::string_view name,
                                              ReportLevel level) {
  auto id = InternAgency(code);
  if (id.ok()) {
    agencies_[*id].name = std::string(name);
    agencies_[*id].level = level;
  }
  return id;
}

Result<uint16_t> FactDictionary::InternAgency(std::string_view code) {
  return Intern(agencies_, agency_index_, code, "agency");
}

Result<uint16_t> FactDictionary::InternField(std::string_view code,
                                             std::string_view name) {
  auto id = Intern(fields_, field_index_, code, "field");
  if (id.ok() && !name.empty()) {
    fields_[*id].name = std::string(name);
  }
  return id;
}

Result<uint16_t> FactDictionary::InternProcedure(std::string_view code) {
  return Intern(procedures_, procedure_index_, code, "procedure");
}

std::string_view FactDictionary::AgencyLabel(uint16_t id) const {
  const DictionaryEntry& e = agencies_.at(id);
  return e.name.empty() ? e.code : e.name;
}

std::string_view FactDictionary::FieldLabel(uint16_t id) const {
  const DictionaryEntry& e = fields_.at(id);
  return e.name.empty() ? e.code : e.name;
}

Result<ReportFact> FactOf(const Dossier& d, const WorkingCalendar& calendar,
                          FactDictionary& dictionary) {
  ReportFact f;
  auto agency = dictionary.InternAgency(d.agency_code);
  if (!agency.ok()) return agency.error();
  auto holder = dictionary.InternAgency(
      d.holder_agency.empty() ? d.agency_code : d.holder_agency);
  if (!holder.ok()) return holder.error();
  auto procedure = dictionary.InternProcedure(d.procedure_code);
  if (!procedure.ok()) return procedure.error();
  auto field =
      d.terms ? dictionary.InternField(d.terms->field_code, d.terms->field_name)
              : dictionary.InternField("", "");
  if (!field.ok()) return field.error();
  auto resolver = dictionary.InternAgency(LeadAgency(d));
  if (!resolver.ok()) return resolver.error();
  f.agency = *agency;
  f.holder = *holder;
  f.resolver = *resolver;
  f.procedure = *procedure;
  f.field = *field;
  f.level = dictionary.agencies()[*agency].level;
  f.channel = static_cast<uint8_t>(d.channel);
  if (d.terms && d.terms->steps.size() > 1) {
    f.flags |= kFactInterAgency;
  }
  if (!d.reappointments.empty()) {
    f.flags |= kFactReappointed;
  }
  // Decision 766/QĐ-TTg: an electronic result is a signed electronic
  // document, whatever the channel it went back by (Decree 45/2020/NĐ-CP).
  if (d.electronic_result) {
    f.flags |= kFactElectronicResult;
  }
  if (d.digitized || d.channel == Channel::kOnline) {
    f.flags |= kFactDigitized;
  }
  if (PaymentRequired(d)) {
    f.flags |= kFactPaymentRequired;
    if (d.paid_online && !d.paid_otherwise) {
      f.flags |= kFactPaidOnline;
    }
  }
  if (d.portal_synced_version > 0) {
    f.flags |= kFactPortalSynced;
  }
  f.rating = RatingOf(d.rating);

  if (d.state == DossierState::kRefusedAtReceipt) {
    f.end = FactEnd::kRefusedAtReceipt;
    f.received = f.ended = ToReportMinute(d.last_event_at);
    return f;
  }
  if (d.terms && d.terms->awaiting_check) {
    return f;  // not received yet: in no report
  }
  const Instant received = d.terms ? d.terms->clock_start : d.received_at;
  f.received = ToReportMinute(received);
  Instant end = kForever;
  if (d.completed_at) {
    f.end = FactEnd::kCompleted;
    end = *d.completed_at;
    f.timeliness = d.result.value_or(Timeliness::kOnTime);
  } else if (d.state == DossierState::kWithdrawn) {
    f.end = FactEnd::kWithdrawn;
    end = d.last_event_at;
  } else if (d.state == DossierState::kStopped) {
    f.end = FactEnd::kStopped;
    end = d.last_event_at;
  }
  f.ended = MinuteOrNever(end);
  if (!d.terms) {
    return f;
  }

  auto clock = DossierClock(d, calendar);
  if (!clock.ok()) return clock.error();
  if (f.end == FactEnd::kWithdrawn || f.end == FactEnd::kStopped) {
    auto r = clock->Read(calendar, std::max(end, received));
    if (!r.ok()) return r.error();
    f.timeliness = ClassifyCompletion(end, r->appointment);
  }
  if (f.end == FactEnd::kCompleted) {
    auto days = calendar.WorkingDaysAfter(clock->initial().receipt_date,
                                          VietnamDateOf(end));
    if (!days.ok()) return days.error();
    f.processing_days = static_cast<uint16_t>(
        std::clamp(*days, 0, int{std::numeric_limits<uint16_t>::max()}));
    auto waiting = WaitingDays(d, calendar, end);
    if (!waiting.ok()) return waiting.error();
    f.processing_days_net = static_cast<uint16_t>(std::clamp(
        *days - *waiting, 0, int{std::numeric_limits<uint16_t>::max()}));
  }
  // Not cut at the ending: Form 06 reads them at the period's end for a
  // dossier open at its cut-off, whenever it ended afterwards (overdue.h).
  std::vector<OverdueInterval> overdue = OverdueIntervals(*clock);
  if (overdue.size() > kOverdueSlots) {
    overdue[kOverdueSlots - 1].second = overdue.back().second;
    overdue.resize(kOverdueSlots);
  }
  for (size_t i = 0; i < overdue.size(); ++i) {
    f.overdue_from[i] = MinuteOrNever(overdue[i].first);
    f.overdue_until[i] = MinuteOrNever(overdue[i].second);
  }
  return f;
}

namespace {

// Format 3 (this one): format 2 plus processing_days_net, and the flags of
// Decision 766 (report_fact.h). Format 2 added the resolving agency and
// overdue intervals not cut at the ending. Older facts are recomputed from
// their dossiers.
constexpr uint8_t kFactFormat = 3;
constexpr uint8_t kFactFormat2 = 2;
constexpr uint8_t kFactFormat1 = 1;

void Put32(std::string& out, int32_t v) {
  const auto u = static_cast<uint32_t>(v);
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>(u >> (8 * i)));
}
void Put16(std::string& out, uint16_t v) {
  out.push_back(static_cast<char>(v & 0xff));
  out.push_back(static_cast<char>(v >> 8));
}
int32_t Get32(const unsigned char* p) {
  return static_cast<int32_t>(uint32_t{p[0]} | uint32_t{p[1]} << 8 |
                              uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24);
}
uint16_t Get16(const unsigned char* p) {
  return static_cast<uint16_t>(p[0] | p[1] << 8);
}

}  // namespace

std::string EncodeFact(const ReportFact& f) {
  std::string out;
  out.reserve(kEncodedFactSize);
  out.push_back(static_cast<char>(kFactFormat));
  Put32(out, f.received);
  Put32(out, f.ended);
  for (int i = 0; i < kOverdueSlots; ++i) Put32(out, f.overdue_from[i]);
  for (int i = 0; i < kOverdueSlots; ++i) Put32(out, f.overdue_until[i]);
  for (uint16_t v : {f.agency, f.holder, f.field, f.procedure,
                     f.processing_days, f.resolver, f.processing_days_net}) {
    Put16(out, v);
  }
  for (uint8_t v :
       {static_cast<uint8_t>(f.level), f.channel, static_cast<uint8_t>(f.end),
        static_cast<uint8_t>(f.timeliness), f.flags,
        static_cast<uint8_t>(f.rating)}) {
    out.push_back(static_cast<char>(v));
  }
  return out;
}

Result<ReportFact> DecodeFact(std::string_view bytes) {
  if (bytes.empty()) {
    return InvalidArgument("report fact: empty");
  }
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  if (bytes.size() == kEncodedFactSize1 && p[0] == kFactFormat1) {
    return FailedPrecondition(
        "report fact: format 1 (overdue intervals cut at the ending, no "
        "resolving agency); recompute it from its dossier");
  }
  if (bytes.size() == kEncodedFactSize2 && p[0] == kFactFormat2) {
    return FailedPrecondition(
        "report fact: format 2 (no processing time net of waiting, "
        "electronic result meaning the online channel); recompute it from "
        "its dossier");
  }
  if (bytes.size() != kEncodedFactSize) {
    return InvalidArgument("report fact: expected " +
                           std::to_string(kEncodedFactSize) + " bytes, got " +
                           std::to_string(bytes.size()));
  }
  if (p[0] != kFactFormat) {
    return InvalidArgument("report fact: unknown format " +
                           std::to_string(p[0]) + "; rebuild the report index");
  }
  ReportFact f;
  size_t at = 1;
  f.received = Get32(p + at), at += 4;
  f.ended = Get32(p + at), at += 4;
  for (int i = 0; i < kOverdueSlots; ++i)
    f.overdue_from[i] = Get32(p + at), at += 4;
  for (int i = 0; i < kOverdueSlots; ++i)
    f.overdue_until[i] = Get32(p + at), at += 4;
  for (uint16_t* v :
       {&f.agency, &f.holder, &f.field, &f.procedure, &f.processing_days,
        &f.resolver, &f.processing_days_net}) {
    *v = Get16(p + at), at += 2;
  }
  const uint8_t level = p[at++], channel = p[at++], end = p[at++],
                timeliness = p[at++], flags = p[at++], rating = p[at++];
  if (level >= kReportLevelCount || channel >= kChannelCount ||
      end >= kFactEndCount || timeliness >= kTimelinessCount ||
      rating >= kRatingCount) {
    return InvalidArgument("report fact: an enum is out of range");
  }
  f.level = static_cast<ReportLevel>(level);
  f.channel = channel;
  f.end = static_cast<FactEnd>(end);
  f.timeliness = static_cast<Timeliness>(timeliness);
  f.flags = flags;
  f.rating = static_cast<Rating>(rating);
  return f;
}

}  // namespace motcua::engine
