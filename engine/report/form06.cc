#include "engine/report/form06.h"

#include <algorithm>
#include <map>
#include <utility>

namespace motcua::engine {
namespace {

// The primary counters of a cell; columns 3, 7 and 11 are sums of them.
enum Counter : int {
  kOnline,          // col 4
  kDirectOrPost,    // col 5
  kCarried,         // col 6
  kEarly,           // col 8
  kOnTime,          // col 9
  kLate,            // col 10
  kWithinDeadline,  // col 12
  kOverdue,         // col 13
  kCounterCount,
};
using Cell = std::array<uint32_t, kCounterCount>;

Form06Counts CountsOf(const Cell& c) {
  Form06Counts out;
  out[4] = c[kOnline];
  out[5] = c[kDirectOrPost];
  out[6] = c[kCarried];
  // Biểu số 06 (Circular 01/2020/TT-VPCP) heads column 3 "Tổng số" over
  // columns 4, 5 and 6: new receipts plus those carried over.
  out[3] = out[4] + out[5] + out[6];
  out[8] = c[kEarly];
  out[9] = c[kOnTime];
  out[10] = c[kLate];
  out[7] = out[8] + out[9] + out[10];
  out[12] = c[kWithinDeadline];
  out[13] = c[kOverdue];
  out[11] = out[12] + out[13];
  return out;
}

bool Zero(const Cell& c) {
  return std::all_of(c.begin(), c.end(), [](uint32_t v) { return v == 0; });
}

std::string_view TreatmentVi(Treatment t) {
  switch (t) {
    case Treatment::kExclude:
      return "không tính vào báo cáo từ kỳ kết thúc";
    case Treatment::kResolvedOnTime:
      return "tính là đã giải quyết đúng hạn trong kỳ kết thúc";
    case Treatment::kResolvedByTimeliness:
      return "tính là đã giải quyết trong kỳ kết thúc, trước/đúng/quá hạn "
             "so với ngày hẹn có hiệu lực";
  }
  return "";
}

constexpr const char* kRoman[] = {"I", "II", "III"};

}  // namespace

std::string_view ReportLevelNameVi(ReportLevel level) {
  switch (level) {
    case ReportLevel::kProvince:
      return "Cấp tỉnh";
    case ReportLevel::kDistrict:
      return "Cấp huyện";
    case ReportLevel::kCommune:
      return "Cấp xã";
  }
  return "";
}

std::string TreatmentNote(const ReportConfig& c) {
  std::string out = "Hồ sơ rút (công dân xin rút): ";
  out += TreatmentVi(c.withdrawn);
  out += ". Hồ sơ dừng xử lý: ";
  out += TreatmentVi(c.stopped);
  out += ". Hồ sơ trực tuyến bị từ chối khi tiếp nhận: ";
  out += TreatmentVi(c.refused_at_receipt);
  out += c.grouping == AgencyGrouping::kResolvingAgency
             ? ". Số liệu theo cơ quan giải quyết (cơ quan chủ trì)"
             : ". Số liệu theo cơ quan tiếp nhận";
  out +=
      ". Hồ sơ từ chối giải quyết sau thẩm định: tính là đã giải quyết. "
      "Số liệu đang giải quyết tính tại thời điểm cuối kỳ (hết ngày cuối "
      "kỳ): hồ sơ có ngày hẹn trả đến hết ngày cuối kỳ mà chưa giải quyết "
      "tính là quá hạn; hồ sơ tạm dừng chờ bổ sung/nộp phí tại thời điểm "
      "đó tính là trong hạn, trừ khi đã quá hạn trước khi tạm dừng.";
  return out;
}

Result<AgencyScope> SubtreeScope(const Catalogue& catalogue,
                                 const FactDictionary& dictionary,
                                 std::string_view root) {
  if (catalogue.AgencyByCode(root) == nullptr) {
    return NotFound("cannot limit Form 06 to agency " + std::string(root) +
                    ": the catalogue has no such agency");
  }
  AgencyScope scope(dictionary.agencies().size(), false);
  for (size_t id = 0; id < scope.size(); ++id) {
    const Agency* a = catalogue.AgencyByCode(dictionary.agencies()[id].code);
    // A built catalogue has no cycles; the bound is belt and braces.
    for (int depth = 0; a != nullptr && depth < 64; ++depth) {
      if (a->code == root) {
        scope[id] = true;
        break;
      }
      a = a->parent_code.empty() ? nullptr
                                 : catalogue.AgencyByCode(a->parent_code);
    }
  }
  return scope;
}

bool Form06Counts::Consistent() const {
  const auto& c = *this;
  return c[3] == c[4] + c[5] + c[6] && c[7] == c[8] + c[9] + c[10] &&
         c[11] == c[12] + c[13] && c[3] == c[7] + c[11];
}

Form06 BuildForm06(std::span<const ReportFact> facts, const Period& period,
                   const ReportConfig& config, const FactDictionary& dictionary,
                   const AgencyScope& scope) {
  const ReportMinute start = ToReportMinute(period.start);
  const ReportMinute end = ToReportMinute(period.end);
  const bool by_resolver = config.grouping == AgencyGrouping::kResolvingAgency;
  std::array<Treatment, 5> treatment{};
  treatment[static_cast<int>(FactEnd::kOpen)] =
      Treatment::kResolvedByTimeliness;
  treatment[static_cast<int>(FactEnd::kCompleted)] =
      Treatment::kResolvedByTimeliness;
  treatment[static_cast<int>(FactEnd::kWithdrawn)] = config.withdrawn;
  treatment[static_cast<int>(FactEnd::kStopped)] = config.stopped;
  treatment[static_cast<int>(FactEnd::kRefusedAtReceipt)] =
      config.refused_at_receipt;

  const size_t agencies = dictionary.agencies().size();
  const size_t fields = std::max<size_t>(1, dictionary.fields().size());
  std::vector<Cell> cells(agencies * fields, Cell{});
  std::map<std::pair<uint16_t, uint16_t>, Cell> strays;  // ids not in dict

  for (const ReportFact& f : facts) {
    // received == kNever (awaiting the check) is >= end too.
    if (f.received >= end || f.ended < start) {
      continue;
    }
    const bool ended_in_period = f.ended < end;
    const Treatment t = treatment[static_cast<int>(f.end)];
    if (ended_in_period && t == Treatment::kExclude) {
      continue;
    }
    const uint16_t agency = by_resolver ? f.resolver : f.agency;
    if (!scope.empty() && (agency >= scope.size() || !scope[agency])) {
      continue;
    }
    Cell& c = (agency < agencies && f.field < fields)
                  ? cells[agency * fields + f.field]
                  : strays[{agency, f.field}];
    if (f.received >= start) {
      ++c[f.receipt_channel() == Channel::kOnline ? kOnline : kDirectOrPost];
    } else {
      ++c[kCarried];
    }
    if (ended_in_period) {
      const int k = t == Treatment::kResolvedOnTime
                        ? kOnTime
                        : kEarly + static_cast<int>(f.timeliness);
      ++c[k];
    } else {
      // Open at the cut-off, the period's last instant, when its last day
      // has wholly passed: overdue there exactly when overdue at `end`
      // (engine/lifecycle/overdue.h; Biểu số 06 col 13, Circular
      // 01/2020/TT-VPCP). The intervals are not cut at the ending, so a
      // dossier resolved after the cut-off reads as one still open.
      ++c[f.OverdueAt(end) ? kOverdue : kWithinDeadline];
    }
  }

  // Print order: level, agency code, field code.
  struct Key {
    ReportLevel level;
    std::string_view agency_code;
    std::string_view field_code;
    uint16_t agency;
    uint16_t field;
    const Cell* cell;
  };
  std::vector<Key> keys;
  auto level_of = [&](uint16_t a) {
    return a < agencies ? dictionary.agencies()[a].level
                        : ReportLevel::kProvince;
  };
  for (size_t a = 0; a < agencies; ++a) {
    for (size_t fi = 0; fi < fields; ++fi) {
      const Cell& c = cells[a * fields + fi];
      if (Zero(c)) continue;
      const auto aid = static_cast<uint16_t>(a);
      const auto fid = static_cast<uint16_t>(fi);
      keys.push_back({level_of(aid), dictionary.agencies()[a].code,
                      fi < dictionary.fields().size()
                          ? std::string_view(dictionary.fields()[fi].code)
                          : std::string_view(),
                      aid, fid, &c});
    }
  }
  for (const auto& [ids, c] : strays) {
    keys.push_back({level_of(ids.first), "", "", ids.first, ids.second, &c});
  }
  std::sort(keys.begin(), keys.end(), [](const Key& x, const Key& y) {
    return std::tie(x.level, x.agency_code, x.agency, x.field_code, x.field) <
           std::tie(y.level, y.agency_code, y.agency, y.field_code, y.field);
  });

  Form06 form;
  form.period = period;
  form.config = config;
  form.treatment_note = TreatmentNote(config);
  auto agency_label = [&](uint16_t a) {
    return a < agencies ? std::string(dictionary.AgencyLabel(a))
                        : "#" + std::to_string(a);
  };
  auto field_label = [&](uint16_t f) {
    return f < dictionary.fields().size()
               ? std::string(dictionary.FieldLabel(f))
               : "#" + std::to_string(f);
  };
  size_t level_row = 0, agency_row = 0;
  int level_n = 0, agency_n = 0, field_n = 0;
  for (size_t i = 0; i < keys.size(); ++i) {
    const Key& k = keys[i];
    const bool new_level = i == 0 || keys[i - 1].level != k.level;
    if (new_level) {
      level_row = form.rows.size();
      form.rows.push_back({Form06RowKind::kLevel,
                           k.level,
                           0,
                           0,
                           kRoman[level_n++],
                           std::string(ReportLevelNameVi(k.level)),
                           {}});
      agency_n = 0;
    }
    if (new_level || keys[i - 1].agency != k.agency) {
      agency_row = form.rows.size();
      form.rows.push_back({Form06RowKind::kAgency,
                           k.level,
                           k.agency,
                           0,
                           std::to_string(++agency_n),
                           agency_label(k.agency),
                           {}});
      field_n = 0;
    }
    const Form06Counts counts = CountsOf(*k.cell);
    form.rows.push_back(
        {Form06RowKind::kField, k.level, k.agency, k.field,
         std::to_string(agency_n) + "." + std::to_string(++field_n),
         field_label(k.field), counts});
    form.rows[level_row].counts += counts;
    form.rows[agency_row].counts += counts;
    form.total += counts;
  }
  return form;
}

}  // namespace motcua::engine
