// Form 06 of Circular 01/2020/TT-VPCP: "Tình hình, kết quả giải quyết thủ
// tục hành chính" — the quarterly control report (DOMAIN.md §7).
//
// Model. One pass over the report facts (report_fact.h) of every dossier of
// the province. A fact counts, for the period [start, end):
//  - nowhere if it was never received (an online submission awaiting the
//    check), was received at or after `end`, or ended before `start`;
//  - nowhere if it ended before `end` and its ending is configured kExclude;
//  - col 4 (online) or col 5 (direct or postal: DOMAIN §6 counts postal
//    receipts with direct ones) when received in the period, else col 6
//    (carried over: received before `start`, not ended at `start`);
//  - col 8/9/10 when it ended in the period (resolved): a completion by its
//    timeliness against the appointment in force (Dossier::result); a
//    withdrawal, stop or refusal at receipt per ReportConfig;
//  - col 12/13 otherwise (still open at the cut-off, the period's last
//    instant): overdue (col 13) when its appointment in force is on or
//    before the period's last day. At the cut-off the whole last day has
//    passed, so this is "overdue at Period::end" under the one overdue rule
//    (engine/lifecycle/overdue.h, DOMAIN.md §7): a dossier due on the last
//    day and still open at the cut-off is overdue in that period, whether
//    it is still open today or was resolved the next morning.
// Column 3 ("Số hồ sơ nhận giải quyết – Tổng số") is the sum of 4, 5 and 6,
// as the form heads it and provincial systems compute it. So
// col3 = col4 + col5 + col6, col7 = col8 + col9 + col10,
// col11 = col12 + col13 and col3 = col7 + col11 hold on every row by
// construction (Form06Counts::Consistent), and
// every figure depends only on what had happened by the period's end: a
// dossier completed after the cut-off is in progress at the cut-off (and
// overdue there exactly when it would be if still open), and a past quarter
// asked today gives the answer it gave at its cut-off.
//
// Ambiguous cases, answered:
//  - Suspended across the cut-off (waiting for a supplement or payment):
//    in progress; within deadline (col 12) unless the clock was already
//    overdue when it was suspended (col 13). This is DeadlineClock::Read's
//    rule: waiting for the applicant is not the agency's delay.
//  - Excluded endings (kExclude) leave the report from the period in which
//    they end: the dossier counted as received / in progress in earlier
//    periods and those stay as they were; in the period it ended and later
//    it is in no column. Hence col 6 of a period can be less than col 11 of
//    the previous one; the difference is the excluded endings. The default
//    (provincial practice) counts a withdrawal as resolved on time, so
//    col 6 of a period equals col 11 of the previous one; refusals at
//    receipt are excluded by default but never carried over (they are
//    received and ended at the same instant).
//  - A refusal after appraisal is a completion (its notice is what the desk
//    returns; the dossier records its timeliness like a result). Once
//    returned, the dossier no longer says it was refused, so it cannot be
//    configured separately.
//  - Rows: the agency's level group (province, district, commune), then
//    the agency, then the field of work (lĩnh vực) of the procedure. The
//    agency is the receiving one by default, or the resolving (lead) one
//    (ReportFact::resolver) with AgencyGrouping::kResolvingAgency. Only
//    (agency, field) pairs with a non-zero figure get a row.
//  - Scope: BuildForm06 may be limited to a set of agencies (an agency and
//    its subtree in the catalogue, chosen by the caller); the set applies
//    to the grouping agency, so the rows are exactly the chosen agencies.
//
// Thread safety: pure functions on values.
//
// Example:
//   Result<Period> q = Quarter(2026, 1);
//   Form06 form = BuildForm06(facts, *q, ReportConfig{}, dictionary);
//   std::string csv = Form06Csv(form);      // form06_csv.h
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "engine/report/period.h"
#include "engine/report/report_fact.h"

namespace motcua::engine {

// What a withdrawn / stopped / refused-at-receipt dossier counts as.
enum class Treatment : uint8_t {
  // In no column of the period it ends in, nor of later ones.
  kExclude,
  // Resolved on time (col 9) in the period it ends in.
  kResolvedOnTime,
  // Resolved in the period it ends in, classified early / on time / late
  // by its ending instant against the appointment in force then.
  kResolvedByTimeliness,
};

// Which agency a dossier's row belongs to.
enum class AgencyGrouping : uint8_t {
  kReceivingAgency,  // the agency that received it (tiếp nhận)
  kResolvingAgency,  // the lead / competent agency (ReportFact::resolver)
};

struct ReportConfig {
  // Provincial practice (and what keeps col 6 of a period equal to col 11
  // of the previous one): a withdrawn dossier is resolved on time.
  Treatment withdrawn = Treatment::kResolvedOnTime;
  Treatment stopped = Treatment::kResolvedByTimeliness;
  // An online submission refused at the officer's check was never received
  // (DOMAIN §3); counting it makes it received and resolved at the refusal.
  Treatment refused_at_receipt = Treatment::kExclude;
  AgencyGrouping grouping = AgencyGrouping::kReceivingAgency;

  friend bool operator==(const ReportConfig&, const ReportConfig&) = default;
};

// The text printed on the report under the table, in Vietnamese
// ("Hồ sơ rút: ...; hồ sơ dừng xử lý: ...", the grouping and the cut-off
// rule).
std::string TreatmentNote(const ReportConfig& config);

// Columns 3..13 of the form.
struct Form06Counts {
  std::array<int64_t, 11> col{};  // col[0] is column 3

  int64_t& operator[](int column) { return col[column - 3]; }
  int64_t operator[](int column) const { return col[column - 3]; }
  Form06Counts& operator+=(const Form06Counts& o) {
    for (size_t i = 0; i < col.size(); ++i) col[i] += o.col[i];
    return *this;
  }
  // The four invariants of Biểu số 06 (Circular 01/2020/TT-VPCP):
  // 3 = 4 + 5 + 6, 7 = 8 + 9 + 10, 11 = 12 + 13 and 3 = 7 + 11.
  bool Consistent() const;
  friend bool operator==(const Form06Counts&, const Form06Counts&) = default;
};

enum class Form06RowKind : uint8_t {
  kLevel,   // a level group's subtotal (printed as its heading)
  kAgency,  // an agency's subtotal (printed as its heading)
  kField,   // one field of work of one agency
};

struct Form06Row {
  Form06RowKind kind = Form06RowKind::kField;
  ReportLevel level = ReportLevel::kProvince;
  uint16_t agency = 0;  // kAgency, kField
  uint16_t field = 0;   // kField
  std::string ordinal;  // column 1: "I", "1", "1.2"
  std::string label;    // column 2: level, agency or field name
  Form06Counts counts;

  friend bool operator==(const Form06Row&, const Form06Row&) = default;
};

struct Form06 {
  Period period;
  ReportConfig config;
  std::string treatment_note;
  // In print order: each level subtotal, then for each of its agencies the
  // agency subtotal followed by its field rows.
  std::vector<Form06Row> rows;
  Form06Counts total;  // "Tổng cộng"

  friend bool operator==(const Form06&, const Form06&) = default;
};

// Agency ids (FactDictionary) a form is limited to: empty = all agencies;
// else agencies[id] says whether agency `id` is in (ids beyond: out).
using AgencyScope = std::vector<bool>;

// The scope of one agency's subtree: `root` and every agency below it by
// the catalogue's parent links (Agency::parent_code), for the agencies of
// `dictionary` (an agency the catalogue does not know is out). NotFound
// when the catalogue has no agency `root`.
Result<AgencyScope> SubtreeScope(const Catalogue& catalogue,
                                 const FactDictionary& dictionary,
                                 std::string_view root);

// See the file comment. Facts whose agency or field id is not in
// `dictionary` are counted under a row labelled with the id ("#12") rather
// than dropped, so totals never lose dossiers (unless a scope is given).
Form06 BuildForm06(std::span<const ReportFact> facts, const Period& period,
                   const ReportConfig& config, const FactDictionary& dictionary,
                   const AgencyScope& scope = {});

// "Cấp tỉnh", "Cấp huyện", "Cấp xã".
std::string_view ReportLevelNameVi(ReportLevel level);

}  // namespace motcua::engine
