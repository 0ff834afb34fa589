#include "engine/report/synthetic.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "engine/deadline/deadline_clock.h"

namespace motcua::engine {
namespace {

// splitmix64: tiny, fast and good enough for test data.
class Rng {
 public:
  Rng(uint64_t seed, uint64_t stream)
      : s_(seed ^ (stream * 0xD1B54A32D192ED03ull)) {
    Next();
  }
  uint64_t Next() {
    uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  int Int(int lo, int hi) {
    return lo + static_cast<int>(Next() % static_cast<uint64_t>(hi - lo + 1));
  }
  bool Chance(double p) { return Uniform() < p; }

 private:
  uint64_t s_;
};

constexpr const char* kFieldNames[] = {"Hộ tịch",
                                       "Chứng thực",
                                       "Đất đai",
                                       "Xây dựng",
                                       "Kinh doanh",
                                       "Đầu tư",
                                       "Lao động",
                                       "Giáo dục và đào tạo",
                                       "Y tế",
                                       "Giao thông vận tải",
                                       "Tài nguyên và môi trường",
                                       "Văn hóa",
                                       "Nông nghiệp",
                                       "Công thương",
                                       "Tư pháp"};
constexpr int kProceduresPerField = 5;

void Must(const Status& s) {
  if (!s.ok()) {
    std::fprintf(stderr, "synthetic: %s\n", s.error().message.c_str());
    std::abort();
  }
}
template <typename T>
T Must(Result<T> r) {
  Must(r.status());
  return *std::move(r);
}

std::string TwoDigits(int v) {
  return std::string(1, static_cast<char>('0' + v / 10)) +
         static_cast<char>('0' + v % 10);
}

}  // namespace

Result<SyntheticGenerator> SyntheticGenerator::Create(SyntheticConfig c) {
  if (c.dossiers < 0 || c.days <= 0 || c.province_agencies <= 0 ||
      c.commune_agencies <= 0 || c.fields <= 0) {
    return InvalidArgument("synthetic: counts must be positive");
  }
  for (double s : {c.online_share, c.postal_share, c.late_share,
                   c.suspension_share, c.reappointment_share,
                   c.inter_agency_share, c.withdrawn_share, c.stopped_share,
                   c.refused_at_receipt_share, c.electronic_result_share}) {
    if (s < 0 || s > 1)
      return InvalidArgument("synthetic: share outside [0,1]");
  }
  if (c.as_of == 0) {
    c.as_of = VietnamMidnight(
                  CivilFromDays(DaysFromCivil(c.first_day) + c.days + 20)) +
              17 * kMicrosPerHour;
  }
  SyntheticGenerator g;
  g.config_ = c;
  CalendarConfig cal;
  cal.name = "synthetic";
  auto calendar = WorkingCalendar::Create(cal, {}, 1);
  if (!calendar.ok()) return calendar.error();
  g.calendar_ = *calendar;
  for (int a = 0; a < c.province_agencies; ++a) {
    Must(g.dictionary_
             .DefineAgency("H55." + std::to_string(a + 1),
                           "Sở số " + std::to_string(a + 1),
                           ReportLevel::kProvince)
             .status());
  }
  for (int a = 0; a < c.commune_agencies; ++a) {
    Must(g.dictionary_
             .DefineAgency("H55.101." + std::to_string(a + 1),
                           "UBND xã số " + std::to_string(a + 1),
                           ReportLevel::kCommune)
             .status());
  }
  for (int f = 0; f < c.fields; ++f) {
    std::string name =
        f < 15 ? kFieldNames[f] : "Lĩnh vực " + std::to_string(f);
    Must(g.dictionary_
             .InternField(
                 "F" + TwoDigits(f % 100) + (f >= 100 ? std::to_string(f) : ""),
                 name)
             .status());
  }
  for (int p = 0; p < c.fields * kProceduresPerField; ++p) {
    char code[16];
    std::snprintf(code, sizeof code, "1.%06d", 1000 + p);
    Must(g.dictionary_.InternProcedure(code).status());
  }
  return g;
}

Dossier SyntheticGenerator::Generate(int i) const {
  const SyntheticConfig& c = config_;
  const WorkingCalendar& cal = *calendar_;
  const int64_t day_length = cal.working_day_length();
  Rng r(c.seed, static_cast<uint64_t>(i));
  Dossier d;

  const bool commune = r.Chance(2.0 / 3.0);
  const int agency =
      commune ? c.province_agencies + r.Int(0, c.commune_agencies - 1)
              : r.Int(0, c.province_agencies - 1);
  // Communes serve the first four fields and one more; departments three.
  const int field = commune
                        ? (r.Chance(0.8) ? r.Int(0, std::min(3, c.fields - 1))
                                         : agency % c.fields)
                        : (agency + 5 * r.Int(0, 2)) % c.fields;
  const int procedure =
      field * kProceduresPerField + r.Int(0, kProceduresPerField - 1);
  d.agency_code = dictionary_.agencies()[agency].code;
  d.procedure_code = dictionary_.procedures()[procedure].code;

  const double u = r.Uniform();
  d.channel = u < c.online_share                    ? Channel::kOnline
              : u < c.online_share + c.postal_share ? Channel::kPostal
                                                    : Channel::kDirect;
  CivilDate day =
      CivilFromDays(DaysFromCivil(c.first_day) + r.Int(0, c.days - 1));
  Instant clock_start;
  if (d.channel == Channel::kOnline) {
    d.received_at =
        VietnamMidnight(day) + r.Int(0, 24 * 60 - 1) * kMicrosPerMinute;
    clock_start = Must(cal.NextWorkingInstant(d.received_at)) +
                  r.Int(0, 180) * kMicrosPerMinute;
  } else {
    while (!Must(cal.IsWorkingDay(day))) {
      day = CivilFromDays(DaysFromCivil(day) + 1);
    }
    d.received_at = VietnamMidnight(day) + 7 * kMicrosPerHour +
                    r.Int(0, 599) * kMicrosPerMinute;
    clock_start = d.received_at;
  }
  d.sequence = static_cast<uint32_t>(i % 10000);
  const CivilDate code_date = VietnamDateOf(d.received_at);
  d.code = d.agency_code + "-" + TwoDigits(code_date.year % 100) +
           TwoDigits(code_date.month) + TwoDigits(code_date.day) + "-" +
           std::to_string(i);
  d.holder_agency = d.agency_code;

  ReceiptTerms t;
  t.procedure_version = 1;
  t.procedure_name = "Thủ tục " + d.procedure_code;
  t.field_code = dictionary_.fields()[field].code;
  t.field_name = dictionary_.fields()[field].name;
  t.regime = code_date < CivilDate{2025, 7, 1} ? RegimeId::kDecree61And107
                                               : RegimeId::kDecree118;
  t.calendar = cal.name();
  t.calendar_version = cal.version();
  static constexpr int kDays[] = {1, 2, 3, 5, 7, 10, 15, 20, 30};
  t.budget = r.Chance(0.08) ? Budget::WorkingHours(r.Chance(0.5) ? 4 : 8)
                            : Budget::WorkingDays(kDays[r.Int(0, 8)]);
  t.result_channel =
      r.Chance(c.electronic_result_share) ? Channel::kOnline : Channel::kDirect;
  t.dossier_by_post = d.channel == Channel::kPostal;
  const bool inter = t.budget.unit == BudgetUnit::kWorkingDays &&
                     t.budget.amount >= 2 && r.Chance(c.inter_agency_share);
  const std::string other_agency =
      dictionary_.agencies()[(agency + 1) % c.province_agencies].code;
  if (inter) {
    const int a = t.budget.amount / 2;
    t.steps = {
        {"lead", d.agency_code, Budget::WorkingDays(a)},
        {"partner", other_agency, Budget::WorkingDays(t.budget.amount - a)}};
  } else {
    t.steps = {{"lead", "", t.budget}};
  }

  // Drawn whatever as_of is, so that datasets differing only in as_of
  // share their random stream (a dossier is the same, just less advanced).
  const bool refuse = r.Chance(c.refused_at_receipt_share);
  if (d.channel == Channel::kOnline && (clock_start > c.as_of || refuse)) {
    t.awaiting_check = true;
    const bool refused = clock_start <= c.as_of;
    d.state = refused ? DossierState::kRefusedAtReceipt
                      : DossierState::kSubmittedOnline;
    d.last_event_at = refused ? clock_start : d.received_at;
    d.terms = std::move(t);
    return d;
  }

  DeadlineClock clock = Must(DeadlineClock::Start(cal, clock_start, t.budget));
  t.clock_start = clock_start;
  t.appointment = clock.appointment();
  d.original_appointment = t.appointment;
  std::vector<ClockMark> marks;
  Instant last = clock_start;
  if (r.Chance(c.suspension_share)) {
    const Instant span =
        std::max<Instant>(clock.appointment() - last, kMicrosPerHour);
    const Instant at = last + kMicrosPerMinute +
                       static_cast<Instant>(r.Uniform() * 1.3 * span);
    const Instant back =
        Must(cal.AddWorkingTime(at, r.Int(1, 15) * day_length));
    Must(clock.Suspend(cal, at, SuspensionReason::kSupplement));
    Must(clock.Resume(cal, back));
    marks.push_back(
        {ClockEventKind::kSuspend, at, SuspensionReason::kSupplement, 0});
    marks.push_back(
        {ClockEventKind::kResume, back, SuspensionReason::kOther, 0});
    last = back;
  }
  if (r.Chance(c.reappointment_share)) {
    const Instant due = clock.appointment();
    Instant at = r.Chance(0.5) ? due + r.Int(1, 3) * kMicrosPerDay  // cures
                               : due - kMicrosPerDay;
    at = std::max(at, last + kMicrosPerMinute);
    const Instant to = cal.EndOfWorkingDay(Must(
        cal.AddWorkingDays(VietnamDateOf(std::max(at, due)), r.Int(2, 10))));
    if (clock.Reappoint(cal, at, to).ok()) {
      marks.push_back(
          {ClockEventKind::kReappoint, at, SuspensionReason::kOther, to});
      last = at;
    }
  }

  // The ending, relative to the appointment in force.
  const double e = r.Uniform();
  const CivilDate due = VietnamDateOf(clock.appointment());
  Instant end;
  if (r.Chance(c.late_share)) {
    end = cal.StartOfWorkingDay(Must(cal.AddWorkingDays(due, r.Int(1, 10)))) +
          r.Int(0, 400) * kMicrosPerMinute;
  } else if (r.Chance(0.4)) {
    end = cal.StartOfWorkingDay(due) + r.Int(0, 480) * kMicrosPerMinute;
  } else {
    end = last + static_cast<Instant>(
                     r.Uniform() *
                     std::max<Instant>(0, cal.StartOfWorkingDay(due) - last));
  }
  end = std::max(end, last + kMicrosPerMinute);

  // Nothing after as_of has happened yet: truncate and replay.
  std::erase_if(marks, [&](const ClockMark& m) { return m.at > c.as_of; });
  DeadlineClock now = Must(DeadlineClock::Start(cal, clock_start, t.budget));
  for (const ClockMark& m : marks) {
    switch (m.kind) {
      case ClockEventKind::kSuspend:
        Must(now.Suspend(cal, m.at, m.reason));
        d.supplement_requests.push_back(m.at);
        break;
      case ClockEventKind::kResume:
        Must(now.Resume(cal, m.at));
        break;
      default:
        Must(now.Reappoint(cal, m.at, m.appointment));
        d.reappointments.push_back(m.at);
        break;
    }
  }
  d.clock = marks;
  d.appointment = now.appointment();
  d.last_event_at = marks.empty() ? clock_start : marks.back().at;
  const bool ended = end <= c.as_of;

  // Steps: the lead's, then (inter-agency) the partner's from the midpoint.
  const Instant horizon = ended ? end : c.as_of;
  const Instant mid = clock_start + (horizon - clock_start) / 2;
  StepRecord lead{0, d.agency_code, clock_start, 0,
                  0, std::nullopt,  std::nullopt};
  lead.deadline = lead.original_deadline =
      inter ? Must(DeadlineClock::Start(cal, clock_start, t.steps[0].budget))
                  .appointment()
            : t.appointment;
  d.steps.push_back(lead);
  if (inter) {
    d.steps[0].ended_at = mid;
    d.steps[0].result = ClassifyCompletion(mid, d.steps[0].deadline);
    StepRecord partner{1, other_agency, mid, 0, 0, std::nullopt, std::nullopt};
    partner.deadline = partner.original_deadline =
        Must(DeadlineClock::Start(cal, mid, t.steps[1].budget)).appointment();
    d.steps.push_back(partner);
    d.holder_agency = other_agency;
  }
  d.terms = std::move(t);

  if (!ended) {
    d.state = now.suspended() ? DossierState::kSupplementRequested
                              : DossierState::kInProcessing;
    return d;
  }
  d.steps.back().ended_at = end;
  d.steps.back().result = ClassifyCompletion(end, d.steps.back().deadline);
  d.last_event_at = end;
  if (e < c.withdrawn_share) {
    d.state = DossierState::kWithdrawn;
  } else if (e < c.withdrawn_share + c.stopped_share) {
    d.state = DossierState::kStopped;
  } else {
    const CompletionClass k = Must(now.Classify(cal, end));
    d.completed_at = end;
    d.result = k.against_appointment;
    d.result_against_original = k.against_original;
    d.state = DossierState::kResultReady;
    d.holder_agency = d.agency_code;
    if (end + 2 * kMicrosPerDay <= c.as_of) {
      d.state = DossierState::kReturned;
      d.returned_at = end + 2 * kMicrosPerDay;
      d.returned_by = d.terms->result_channel;
      d.last_event_at = *d.returned_at;
    }
  }
  return d;
}

}  // namespace motcua::engine
