// ReportFact: the compact per-dossier value every report is computed from.
//
// Model. A report never loads dossiers: the report index keeps one
// ReportFact per dossier (52 bytes, no strings), rewritten in the same write
// batch whenever the dossier changes. FactOf derives it from the Dossier and
// the calendar its deadlines are counted on; the codes it mentions (agency,
// field of work, procedure) are interned to small ids by a FactDictionary.
//
// Time. Instants are kept as ReportMinute: whole minutes since the Unix epoch
// (UTC), floored. Period boundaries are Vietnamese midnights, hence whole
// minutes, so every comparison a report makes (received before the start?
// ended before the end? overdue at the last instant of the period?) gives the
// same answer as on the exact instants; only an arbitrary instant T (the
// overdue list "now") is answered at minute precision.
//
// What the fact says:
//  - received: when the dossier counts as received (tiếp nhận): the receipt,
//    or the officer's acceptance of an online submission (online
//    submissions count from the check). An online submission still awaiting
//    the check has received == kNever and is in no report. A submission
//    refused at the check was never received: received == ended == the
//    refusal (Form 06 excludes it unless configured otherwise).
//  - ended / end: the one way the dossier left processing, and when:
//    completed (result ready or refused after appraisal:
//    Dossier::completed_at), withdrawn, stopped, refused at receipt
//    (Dossier::last_event_at of that transition); kNever while open. Returning
//    the result is not an ending: a dossier is resolved when its result (or
//    refusal notice) is ready.
//  - timeliness: of a completion, Dossier::result (against the appointment in
//    force). For withdrawn / stopped, the ending instant classified against
//    the appointment in force then (used by Treatment::kResolvedByTimeliness).
//  - overdue: the set of instants at which the dossier's clock is overdue,
//    as up to three half-open intervals [overdue_from[i], overdue_until[i]):
//    OverdueIntervals (engine/lifecycle/overdue.h), the one rule for
//    "overdue at t" (running: from 00:00 of the day after the appointment
//    in force; suspended: only when already overdue when suspended). The
//    intervals are NOT cut at the ending: "open at m" is OpenAt(m), and
//    Form 06 reads overdue at the period's end for a dossier open at its
//    cut-off, so a past period does not depend on when, after its cut-off,
//    the dossier ended. A re-appointment ends an interval; a date passing
//    starts one. Three intervals are exact up to two re-appointments that
//    each cure an overdue dossier; beyond that the later intervals are
//    merged (over-reporting overdue between them), which no current regime
//    allows.
//  - resolver: the agency that resolves the dossier (cơ quan có thẩm quyền
//    giải quyết): the lead step's agency (procedure.h: the first step is
//    the lead agency's) when the procedure fixes it, else the agency that
//    took the first step up, else (not transferred yet) the receiving
//    agency. Form 06 may group by it instead of the receiving agency.
//  - processing_days: working days from the receipt date (day 0, as for
//    deadlines) to the completion date, suspensions included (elapsed time,
//    what Decision 766's "average processing time" reports); 0 when open.
//  - processing_days_net: the same less the applicant's waiting time: each
//    suspension (supplement, payment) takes off the working days after the
//    date it began up to and including the date it ended, by civil date
//    like processing_days (a suspension within one day takes off nothing);
//    never below 0.
//  - flags (Decision 766/QĐ-TTg indicators): kFactElectronicResult, the
//    result is a digitally signed electronic document however it was
//    handed over (Dossier::electronic_result; before fact format 3 this bit
//    meant "result channel online", which is not the indicator);
//    kFactDigitized, digitised at receipt or submitted online;
//    kFactPaymentRequired, fees were required (a payment suspension);
//    kFactPaidOnline, and every confirmed payment was made online;
//    kFactPortalSynced, the national portal's sync adapter acknowledged the
//    dossier (Dossier::portal_synced_version > 0; added within format 3:
//    no fact written before it existed had a sync to record).
//  - rating: the citizen's rating (Dossier::rating); kNone until a rating
//    event exists. The four levels fold to three: 1 and 2 kSatisfied, 3
//    kAcceptable, 4 kUnsatisfied; a complaint is kUnsatisfied whatever the
//    level (engine/dossier/citizen_rating.h).
//
// Thread safety: ReportFact is a plain value; FactDictionary is a plain
// value, not synchronised (the writer owns it; readers copy or lock).
//
// Example:
//   FactDictionary dict;
//   dict.DefineAgency("000.00.31.H12", "Sở Tư pháp", ReportLevel::kProvince);
//   Result<ReportFact> f = FactOf(dossier, *calendar, dict);
//   std::string bytes = EncodeFact(*f);      // the index value
//   Result<ReportFact> back = DecodeFact(bytes);
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "engine/calendar/working_calendar.h"
#include "engine/catalogue/catalogue.h"
#include "engine/common/civil_time.h"
#include "engine/common/result.h"
#include "engine/deadline/deadline.h"
#include "engine/dossier/dossier.h"

namespace motcua::engine {

// Whole minutes since 1970-01-01T00:00Z, floored.
using ReportMinute = int32_t;
inline constexpr ReportMinute kNever = std::numeric_limits<int32_t>::max();
constexpr ReportMinute ToReportMinute(Instant t) {
  return static_cast<ReportMinute>(FloorDiv(t, kMicrosPerMinute));
}
constexpr Instant FromReportMinute(ReportMinute m) {
  return static_cast<Instant>(m) * kMicrosPerMinute;
}

// The level groups of Form 06. Stored: append only.
enum class ReportLevel : uint8_t {
  kProvince = 0,  // UBND tỉnh, sở, ban, ngành, provincial service centre
  kDistrict = 1,  // UBND cấp huyện (until 2025-06-30)
  kCommune = 2,   // UBND xã, phường, đặc khu
};
inline constexpr int kReportLevelCount = 3;
// Central, province, department, service centre and other units report
// with the province; district and commune as themselves. A unit of level
// kOther reports with its nearest parent that has another level.
ReportLevel ReportLevelOf(const Catalogue& catalogue, std::string_view code);

// How a dossier left processing. Stored: append only.
enum class FactEnd : uint8_t {
  kOpen = 0,
  kCompleted = 1,  // result ready or refused after appraisal
  kWithdrawn = 2,
  kStopped = 3,
  kRefusedAtReceipt = 4,
};
inline constexpr int kFactEndCount = 5;

// Citizen rating. Stored: append only.
enum class Rating : uint8_t {
  kNone = 0,
  kUnsatisfied = 1,  // includes a complaint
  kAcceptable = 2,
  kSatisfied = 3,
};
inline constexpr int kRatingCount = 4;

inline constexpr uint8_t kFactElectronicResult = 1;  // signed e-result
inline constexpr uint8_t kFactInterAgency = 2;       // more than one step
inline constexpr uint8_t kFactReappointed = 4;       // apologised at least once
inline constexpr uint8_t kFactDigitized = 8;         // or submitted online
inline constexpr uint8_t kFactPaymentRequired = 16;  // fees were required
inline constexpr uint8_t kFactPaidOnline = 32;       // all paid online
inline constexpr uint8_t kFactPortalSynced = 64;     // on the national portal

inline constexpr int kOverdueSlots = 3;

struct ReportFact {
  ReportMinute received = kNever;
  ReportMinute ended = kNever;
  ReportMinute overdue_from[kOverdueSlots] = {kNever, kNever, kNever};
  ReportMinute overdue_until[kOverdueSlots] = {kNever, kNever, kNever};
  uint16_t agency = 0;     // receiving agency (FactDictionary id)
  uint16_t holder = 0;     // agency holding the dossier now
  uint16_t field = 0;      // field of work (lĩnh vực)
  uint16_t procedure = 0;  // procedure code
  uint16_t processing_days = 0;
  uint16_t resolver = 0;  // resolving (lead) agency (FactDictionary id)
  uint16_t processing_days_net = 0;  // less the applicant's waiting time
  // Of the receiving agency when the fact was made (Form 06 groups by the
  // dictionary's current level, which an agency update may change).
  ReportLevel level = ReportLevel::kProvince;
  uint8_t channel = 0;  // Channel of receipt (Channel is int-sized)
  FactEnd end = FactEnd::kOpen;
  Timeliness timeliness = Timeliness::kOnTime;
  uint8_t flags = 0;  // kFact* bits
  Rating rating = Rating::kNone;

  Channel receipt_channel() const { return static_cast<Channel>(channel); }

  // Received at or before minute m and not ended at m.
  bool OpenAt(ReportMinute m) const { return received <= m && m < ended; }
  // Overdue at minute m, if open then (see the file comment; the rule is
  // engine/lifecycle/overdue.h's).
  bool OverdueAt(ReportMinute m) const {
    for (int i = 0; i < kOverdueSlots; ++i) {
      if (overdue_from[i] <= m && m < overdue_until[i]) {
        return true;
      }
    }
    return false;
  }

  friend bool operator==(const ReportFact&, const ReportFact&) = default;
};
static_assert(sizeof(ReportFact) <= 64, "a report fact must stay compact");
static_assert(sizeof(ReportFact) == 52);

struct DictionaryEntry {
  std::string code;
  std::string name;  // may be empty: reports then print the code
  ReportLevel level = ReportLevel::kProvince;  // agencies only

  friend bool operator==(const DictionaryEntry&,
                         const DictionaryEntry&) = default;
};

// Interns agency, field and procedure codes to dense ids 0, 1, 2, ... in
// order of first use. Ids are stable for the life of the dictionary: persist
// the entries in id order and re-add them in that order to restore it.
// At most 65536 entries of each kind (ResourceExhausted beyond).
class FactDictionary {
 public:
  // Interns or updates the agency's name and level.
  Result<uint16_t> DefineAgency(std::string_view code, std::string_view name,
                                ReportLevel level);
  // Interns (an unknown agency gets an empty name and kProvince).
  Result<uint16_t> InternAgency(std::string_view code);
  // Interns; a non-empty name replaces the stored one.
  Result<uint16_t> InternField(std::string_view code, std::string_view name);
  Result<uint16_t> InternProcedure(std::string_view code);

  const std::vector<DictionaryEntry>& agencies() const { return agencies_; }
  const std::vector<DictionaryEntry>& fields() const { return fields_; }
  const std::vector<DictionaryEntry>& procedures() const { return procedures_; }
  // The name, or the code when the name is empty.
  std::string_view AgencyLabel(uint16_t id) const;
  std::string_view FieldLabel(uint16_t id) const;

 private:
  static Result<uint16_t> Intern(
      std::vector<DictionaryEntry>& entries,
      std::map<std::string, uint16_t, std::less<>>& index,
      std::string_view code, std::string_view kind);

  std::vector<DictionaryEntry> agencies_;
  std::vector<DictionaryEntry> fields_;
  std::vector<DictionaryEntry> procedures_;
  std::map<std::string, uint16_t, std::less<>> agency_index_;
  std::map<std::string, uint16_t, std::less<>> field_index_;
  std::map<std::string, uint16_t, std::less<>> procedure_index_;
};

// The fact of a dossier (see the file comment). `calendar` must be the one
// named by the dossier's terms (the lifecycle replays its clock on it).
// Like ReadDeadlines, the overdue intervals come from replaying the ledger on
// the calendar given: when a calendar is republished, facts of dossiers with
// an open clock on it should be recomputed. New codes are interned into
// `dictionary`: persist its new entries in the same write batch as the fact.
// FailedPrecondition / InvalidArgument when the clock cannot be replayed;
// ResourceExhausted when the dictionary is full. A dossier without terms (the
// receipt-only engine) is open, never overdue.
Result<ReportFact> FactOf(const Dossier& dossier,
                          const WorkingCalendar& calendar,
                          FactDictionary& dictionary);

// The fact's index value: a version byte (format 3) then the fields,
// little-endian, kEncodedFactSize bytes. DecodeFact rejects another size,
// version or an out-of-range enum with InvalidArgument, and a fact of an
// older format with FailedPrecondition: the caller recomputes it from its
// dossier (ReportBook does at start). Format 1 (49 bytes) cut the overdue
// intervals at the ending and had no resolver; format 2 (51 bytes) had no
// processing_days_net, and its kFactElectronicResult meant "result
// channel online".
inline constexpr size_t kEncodedFactSize = 53;
inline constexpr size_t kEncodedFactSize2 = 51;
inline constexpr size_t kEncodedFactSize1 = 49;
std::string EncodeFact(const ReportFact& fact);
Result<ReportFact> DecodeFact(std::string_view bytes);

}  // namespace motcua::engine
