#include "engine/dossier/dossier_codec.h"

#include "engine/codec/binary.h"

namespace motcua::engine {
namespace {

// Event kind tags: append-only, never reused.
//   1  DossierReceived without terms (the receipt-only engine's layout)
//   2  DossierReceived with terms (layout 1, then the terms)
//   3  DossierTransitioned
//   4  PostalRecorded
//   5  DossierReceived with terms and a postal tracking number (layout 2,
//      then the number); written only when the number is set, so receipts
//      without one keep the exact bytes of tag 2
//   6  DeadlineNoticed
//   7  DossierRated
//   8  DossierReceived with terms and counting rules (layout 5, its number
//      possibly empty, then the rules); written whenever the terms do not
//      count with kLegacyCounting, so tags 2 and 5 mean legacy counting
//   9  DossierTransitioned with the apology, Decision 766 and regime facts
//      (layout 3, then a varint of kTransition* flags, the responsible
//      agency, the optional new appointment, and with kTransitionRegime the
//      regime); written only when one of them is set, so every other
//      transition keeps the bytes of tag 3
//  10  DossierReceived digitised at receipt: layout 1, then an optional
//      terms block (the terms, the tracking number possibly empty, the
//      counting rules, legacy or not), then a varint of kReceived* flags
//      (not 0); written only for a digitised receipt
//  11  AppointmentMoved
//  12  PortalSynced
//  13  PersonalDataPurged
enum EventTag : uint64_t {
  kTagReceived = 1,
  kTagReceivedWithTerms = 2,
  kTagTransitioned = 3,
  kTagPostal = 4,
  kTagReceivedWithPostalTerms = 5,
  kTagDeadlineNoticed = 6,
  kTagRated = 7,
  kTagReceivedWithCounting = 8,
  kTagTransitionedWithFacts = 9,
  kTagReceivedDigitized = 10,
  kTagAppointmentMoved = 11,
  kTagPortalSynced = 12,
  kTagPersonalDataPurged = 13,
};

// Flags of tag 9.
constexpr uint64_t kTransitionUntimely = 1;
constexpr uint64_t kTransitionElectronicResult = 2;
constexpr uint64_t kTransitionPaidOnline = 4;
constexpr uint64_t kTransitionRegime = 8;
constexpr uint64_t kTransitionFlagsKnown = 15;
// Flags of tag 10.
constexpr uint64_t kReceivedDigitized = 1;
// Flags of the dossier snapshot.
constexpr uint64_t kDossierDigitized = 1;
constexpr uint64_t kDossierElectronicResult = 2;
constexpr uint64_t kDossierPaidOnline = 4;
constexpr uint64_t kDossierPaidOtherwise = 8;
constexpr uint64_t kDossierFlagsKnown = 15;

void PutApplicant(BinaryWriter& w, const Applicant& a) {
  w.PutString(a.full_name);
  w.PutString(a.personal_id);
  w.PutString(a.phone);
  w.PutString(a.address);
}

bool GetApplicant(BinaryReader& r, Applicant& a) {
  return r.GetString(a.full_name) && r.GetString(a.personal_id) &&
         r.GetString(a.phone) && r.GetString(a.address);
}

void PutDocuments(BinaryWriter& w, const std::vector<Document>& docs) {
  w.PutVarint(docs.size());
  for (const Document& d : docs) {
    w.PutString(d.name);
    w.PutVarint(d.originals);
    w.PutVarint(d.copies);
  }
}

bool GetDocuments(BinaryReader& r, std::vector<Document>& docs) {
  uint64_t n = 0;
  if (!r.GetVarint(n) || n > 100000) return false;
  docs.resize(n);
  for (Document& d : docs) {
    if (!r.GetString(d.name) || !r.GetVarint32(d.originals) ||
        !r.GetVarint32(d.copies)) {
      return false;
    }
  }
  return true;
}

bool GetChannel(BinaryReader& r, Channel& c) {
  uint64_t v = 0;
  if (!r.GetVarint(v) || v >= static_cast<uint64_t>(kChannelCount)) {
    return false;
  }
  c = static_cast<Channel>(v);
  return true;
}

bool GetFormat(std::string_view& bytes) {
  if (bytes.empty() || bytes[0] != kEventFormat) return false;
  bytes.remove_prefix(1);
  return true;
}

Error Corrupt(std::string_view what) {
  return Internal("stored " + std::string(what) +
                  " is corrupt or of an unknown format");
}

bool GetEnum(BinaryReader& r, int count, int& out) {
  uint64_t v = 0;
  if (!r.GetVarint(v) || v >= static_cast<uint64_t>(count)) return false;
  out = static_cast<int>(v);
  return true;
}

template <class E>
bool GetEnumAs(BinaryReader& r, int count, E& e) {
  int v = 0;
  if (!GetEnum(r, count, v)) return false;
  e = static_cast<E>(v);
  return true;
}

void PutBudget(BinaryWriter& w, const Budget& b) {
  w.PutVarint(static_cast<uint64_t>(b.unit));
  w.PutSigned(b.amount);
}

bool GetBudget(BinaryReader& r, Budget& b) {
  int64_t amount = 0;
  if (!GetEnumAs(r, kBudgetUnitCount, b.unit) || !r.GetSigned(amount))
    return false;
  b.amount = static_cast<int>(amount);
  return true;
}

template <class T, class F>
void PutOptional(BinaryWriter& w, const std::optional<T>& v, F put) {
  w.PutBool(v.has_value());
  if (v) put(*v);
}

template <class T, class F>
bool GetOptional(BinaryReader& r, std::optional<T>& v, F get) {
  bool has = false;
  if (!r.GetBool(has)) return false;
  if (!has) {
    v.reset();
    return true;
  }
  v.emplace();
  return get(*v);
}

void PutTerms(BinaryWriter& w, const ReceiptTerms& t) {
  w.PutSigned(t.procedure_version);
  w.PutString(t.procedure_name);
  w.PutString(t.field_code);
  w.PutString(t.field_name);
  w.PutVarint(static_cast<uint64_t>(t.regime));
  w.PutString(t.calendar);
  w.PutSigned(t.calendar_version);
  PutBudget(w, t.budget);
  w.PutVarint(t.steps.size());
  for (const PlannedStep& s : t.steps) {
    w.PutString(s.role);
    w.PutString(s.agency_code);
    PutBudget(w, s.budget);
  }
  w.PutBool(t.dossier_by_post);
  w.PutVarint(static_cast<uint64_t>(t.result_channel));
  w.PutBool(t.awaiting_check);
  w.PutSigned(t.clock_start);
  w.PutSigned(t.appointment);
}

bool GetTerms(BinaryReader& r, ReceiptTerms& t) {
  int64_t version = 0;
  uint64_t n = 0;
  if (!r.GetSigned(version) || !r.GetString(t.procedure_name) ||
      !r.GetString(t.field_code) || !r.GetString(t.field_name) ||
      !GetEnumAs(r, kRegimeIdCount, t.regime) || !r.GetString(t.calendar) ||
      !r.GetSigned(t.calendar_version) || !GetBudget(r, t.budget) ||
      !r.GetVarint(n) || n > 1000) {
    return false;
  }
  t.procedure_version = static_cast<int>(version);
  t.steps.resize(n);
  for (PlannedStep& s : t.steps) {
    if (!r.GetString(s.role) || !r.GetString(s.agency_code) ||
        !GetBudget(r, s.budget)) {
      return false;
    }
  }
  return r.GetBool(t.dossier_by_post) && GetChannel(r, t.result_channel) &&
         r.GetBool(t.awaiting_check) && r.GetSigned(t.clock_start) &&
         r.GetSigned(t.appointment);
}

// The receipt's fields before its terms (layout of tag 1).
void PutReceivedHead(BinaryWriter& w, const DossierReceived& r) {
  w.PutString(r.code);
  w.PutString(r.agency_code);
  w.PutString(r.procedure_code);
  PutApplicant(w, r.applicant);
  w.PutVarint(static_cast<uint64_t>(r.channel));
  PutDocuments(w, r.documents);
  w.PutSigned(r.received_at);
  w.PutVarint(r.sequence);
}

bool GetReceivedHead(BinaryReader& r, DossierReceived& b) {
  return r.GetString(b.code) && r.GetString(b.agency_code) &&
         r.GetString(b.procedure_code) && GetApplicant(r, b.applicant) &&
         GetChannel(r, b.channel) && GetDocuments(r, b.documents) &&
         r.GetSigned(b.received_at) && r.GetVarint32(b.sequence);
}

void PutCounting(BinaryWriter& w, const CountingRules& c) {
  w.PutVarint(c.receipt_cutoff_minute
                  ? static_cast<uint64_t>(*c.receipt_cutoff_minute) + 1
                  : 0);
  w.PutBool(c.legacy_calendar_cutoff);
}

bool GetCounting(BinaryReader& r, CountingRules& c) {
  uint64_t cutoff = 0;
  if (!r.GetVarint(cutoff) || cutoff > 24 * 60) return false;
  c.receipt_cutoff_minute.reset();
  if (cutoff > 0) c.receipt_cutoff_minute = static_cast<int>(cutoff - 1);
  return r.GetBool(c.legacy_calendar_cutoff);
}

bool CountsAsBefore(const std::optional<ReceiptTerms>& t) {
  return !t || t->counting == kLegacyCounting;
}

void PutMark(BinaryWriter& w, const ClockMark& m) {
  w.PutVarint(static_cast<uint64_t>(m.kind));
  w.PutSigned(m.at);
  w.PutVarint(static_cast<uint64_t>(m.reason));
  w.PutSigned(m.appointment);
}

bool GetMark(BinaryReader& r, ClockMark& m) {
  return GetEnumAs(r, kClockEventKindCount, m.kind) && r.GetSigned(m.at) &&
         GetEnumAs(r, kSuspensionReasonCount, m.reason) &&
         r.GetSigned(m.appointment);
}

void PutTimeliness(BinaryWriter& w, Timeliness t) {
  w.PutVarint(static_cast<uint64_t>(t));
}
bool GetTimeliness(BinaryReader& r, Timeliness& t) {
  return GetEnumAs(r, kTimelinessCount, t);
}
void PutInstant(BinaryWriter& w, Instant t) { w.PutSigned(t); }
bool GetInstant(BinaryReader& r, Instant& t) { return r.GetSigned(t); }
void PutChannel(BinaryWriter& w, Channel c) {
  w.PutVarint(static_cast<uint64_t>(c));
}

void PutInstants(BinaryWriter& w, const std::vector<Instant>& v) {
  w.PutVarint(v.size());
  for (Instant t : v) w.PutSigned(t);
}
bool GetInstants(BinaryReader& r, std::vector<Instant>& v) {
  uint64_t n = 0;
  if (!r.GetVarint(n) || n > 100000) return false;
  v.resize(n);
  for (Instant& t : v) {
    if (!r.GetSigned(t)) return false;
  }
  return true;
}

void PutTransitioned(BinaryWriter& w, const DossierTransitioned& e) {
  w.PutVarint(static_cast<uint64_t>(e.transition));
  w.PutVarint(static_cast<uint64_t>(e.from));
  w.PutVarint(static_cast<uint64_t>(e.to));
  w.PutString(e.officer);
  w.PutString(e.agency_code);
  w.PutSigned(e.at);
  w.PutString(e.reason);
  w.PutString(e.to_agency);
  w.PutString(e.to_officer);
  PutDocuments(w, e.documents);
  w.PutSigned(e.amount_vnd);
  PutOptional(w, e.return_channel, [&](Channel c) { PutChannel(w, c); });
  PutOptional(w, e.step_closed, [&](const StepClosed& s) {
    w.PutVarint(s.index);
    w.PutSigned(s.at);
    PutTimeliness(w, s.result);
  });
  PutOptional(w, e.step_opened, [&](const StepOpened& s) {
    w.PutVarint(s.index);
    w.PutString(s.agency_code);
    w.PutSigned(s.at);
    w.PutSigned(s.deadline);
  });
  PutOptional(w, e.clock, [&](const ClockMark& m) { PutMark(w, m); });
  PutOptional(w, e.appointment, [&](Instant t) { PutInstant(w, t); });
  PutOptional(w, e.step_deadline, [&](Instant t) { PutInstant(w, t); });
  w.PutSigned(e.calendar_version);
  PutOptional(w, e.result, [&](Timeliness t) { PutTimeliness(w, t); });
  PutOptional(w, e.result_against_original,
              [&](Timeliness t) { PutTimeliness(w, t); });
}

bool GetTransitioned(BinaryReader& r, DossierTransitioned& e) {
  return GetEnumAs(r, kTransitionCount, e.transition) &&
         GetEnumAs(r, kDossierStateCount, e.from) &&
         GetEnumAs(r, kDossierStateCount, e.to) && r.GetString(e.officer) &&
         r.GetString(e.agency_code) && r.GetSigned(e.at) &&
         r.GetString(e.reason) && r.GetString(e.to_agency) &&
         r.GetString(e.to_officer) && GetDocuments(r, e.documents) &&
         r.GetSigned(e.amount_vnd) &&
         GetOptional(r, e.return_channel,
                     [&](Channel& c) { return GetChannel(r, c); }) &&
         GetOptional(r, e.step_closed,
                     [&](StepClosed& s) {
                       return r.GetVarint32(s.index) && r.GetSigned(s.at) &&
                              GetTimeliness(r, s.result);
                     }) &&
         GetOptional(r, e.step_opened,
                     [&](StepOpened& s) {
                       return r.GetVarint32(s.index) &&
                              r.GetString(s.agency_code) && r.GetSigned(s.at) &&
                              r.GetSigned(s.deadline);
                     }) &&
         GetOptional(r, e.clock, [&](ClockMark& m) { return GetMark(r, m); }) &&
         GetOptional(r, e.appointment,
                     [&](Instant& t) { return GetInstant(r, t); }) &&
         GetOptional(r, e.step_deadline,
                     [&](Instant& t) { return GetInstant(r, t); }) &&
         r.GetSigned(e.calendar_version) &&
         GetOptional(r, e.result,
                     [&](Timeliness& t) { return GetTimeliness(r, t); }) &&
         GetOptional(r, e.result_against_original,
                     [&](Timeliness& t) { return GetTimeliness(r, t); });
}

uint64_t TransitionFlags(const DossierTransitioned& e) {
  return (e.untimely ? kTransitionUntimely : 0) |
         (e.electronic_result ? kTransitionElectronicResult : 0) |
         (e.paid_online ? kTransitionPaidOnline : 0) |
         (e.regime ? kTransitionRegime : 0);
}

// Whether tag 9 is needed: tag 3 cannot carry these.
bool HasTransitionFacts(const DossierTransitioned& e) {
  return TransitionFlags(e) != 0 || !e.responsible_agency.empty() ||
         e.new_appointment.has_value();
}

void PutTransitionFacts(BinaryWriter& w, const DossierTransitioned& e) {
  w.PutVarint(TransitionFlags(e));
  w.PutString(e.responsible_agency);
  PutOptional(w, e.new_appointment, [&](Instant t) { PutInstant(w, t); });
  if (e.regime) w.PutVarint(static_cast<uint64_t>(*e.regime));
}

bool GetTransitionFacts(BinaryReader& r, DossierTransitioned& e) {
  uint64_t flags = 0;
  if (!r.GetVarint(flags) || (flags & ~kTransitionFlagsKnown) != 0) {
    return false;
  }
  e.untimely = (flags & kTransitionUntimely) != 0;
  e.electronic_result = (flags & kTransitionElectronicResult) != 0;
  e.paid_online = (flags & kTransitionPaidOnline) != 0;
  if (!r.GetString(e.responsible_agency) ||
      !GetOptional(r, e.new_appointment,
                   [&](Instant& t) { return GetInstant(r, t); })) {
    return false;
  }
  if ((flags & kTransitionRegime) != 0 &&
      !GetEnumAs(r, kRegimeIdCount, e.regime.emplace())) {
    return false;
  }
  return HasTransitionFacts(e);
}

void PutPostal(BinaryWriter& w, const PostalRecorded& p) {
  w.PutVarint(static_cast<uint64_t>(p.kind));
  w.PutString(p.carrier);
  w.PutString(p.carrier_event_id);
  w.PutString(p.carrier_status);
  w.PutString(p.tracking_number);
  w.PutSigned(p.at);
  w.PutString(p.postal_worker);
  w.PutString(p.officer);
  w.PutString(p.record_number);
  PutDocuments(w, p.documents);
  w.PutBool(p.sealed);
  w.PutSigned(p.fees_vnd);
  w.PutString(p.recipient_name);
  w.PutString(p.recipient_id);
  w.PutString(p.reason);
}

bool GetPostal(BinaryReader& r, PostalRecorded& p) {
  return GetEnumAs(r, kPostalEventKindCount, p.kind) &&
         r.GetString(p.carrier) && r.GetString(p.carrier_event_id) &&
         r.GetString(p.carrier_status) && r.GetString(p.tracking_number) &&
         r.GetSigned(p.at) && r.GetString(p.postal_worker) &&
         r.GetString(p.officer) && r.GetString(p.record_number) &&
         GetDocuments(r, p.documents) && r.GetBool(p.sealed) &&
         r.GetSigned(p.fees_vnd) && r.GetString(p.recipient_name) &&
         r.GetString(p.recipient_id) && r.GetString(p.reason);
}

// Notice fields shared by the event and the dossier's record.
void PutNoticeHead(BinaryWriter& w, WatchKind kind, uint32_t step,
                   Instant deadline, Instant noticed_at,
                   const std::string& agency) {
  w.PutVarint(static_cast<uint64_t>(kind));
  w.PutVarint(step);
  w.PutSigned(deadline);
  w.PutSigned(noticed_at);
  w.PutString(agency);
}

bool GetNoticeHead(BinaryReader& r, WatchKind& kind, uint32_t& step,
                   Instant& deadline, Instant& noticed_at,
                   std::string& agency) {
  return GetEnumAs(r, kWatchKindCount, kind) && r.GetVarint32(step) &&
         r.GetSigned(deadline) && r.GetSigned(noticed_at) &&
         r.GetString(agency);
}

void PutNoticed(BinaryWriter& w, const DeadlineNoticed& n) {
  PutNoticeHead(w, n.kind, n.step, n.deadline, n.noticed_at, n.agency_code);
  w.PutSigned(n.remaining_micros);
}

bool GetNoticed(BinaryReader& r, DeadlineNoticed& n) {
  return GetNoticeHead(r, n.kind, n.step, n.deadline, n.noticed_at,
                       n.agency_code) &&
         r.GetSigned(n.remaining_micros);
}

// The notices of a dossier (in its snapshot).
void PutNotices(BinaryWriter& w, const std::vector<DeadlineNotice>& v) {
  w.PutVarint(v.size());
  for (const DeadlineNotice& n : v) {
    PutNoticeHead(w, n.kind, n.step, n.deadline, n.noticed_at, n.agency_code);
  }
}

bool GetNotices(BinaryReader& r, std::vector<DeadlineNotice>& v) {
  uint64_t n = 0;
  if (!r.GetVarint(n) || n > 100000) return false;
  v.resize(n);
  for (DeadlineNotice& x : v) {
    if (!GetNoticeHead(r, x.kind, x.step, x.deadline, x.noticed_at,
                       x.agency_code)) {
      return false;
    }
  }
  return true;
}

// The rating, in the event (tag 7) and in the dossier snapshot. The level
// is checked on decoding: Apply and the reports rely on it being in range.
void PutRated(BinaryWriter& w, const DossierRated& r) {
  w.PutVarint(static_cast<uint64_t>(r.rating));
  w.PutBool(r.complaint);
  w.PutString(r.comment);
  w.PutSigned(r.at);
}

bool GetRated(BinaryReader& r, DossierRated& x) {
  uint64_t level = 0;
  if (!r.GetVarint(level) || level < kRatingMin || level > kRatingMax) {
    return false;
  }
  x.rating = static_cast<int>(level);
  return r.GetBool(x.complaint) && r.GetString(x.comment) && r.GetSigned(x.at);
}

// The postal part of a dossier snapshot: the terms' tracking number,
// then the postal record.
void PutPostalRecord(BinaryWriter& w, const Dossier& d) {
  w.PutString(d.terms ? d.terms->postal_tracking_number : "");
  w.PutString(d.postal.inbound_tracking_number);
  w.PutString(d.postal.outbound_tracking_number);
  w.PutVarint(d.postal.legs.size());
  for (const PostalRecorded& p : d.postal.legs) PutPostal(w, p);
}

bool GetPostalRecord(BinaryReader& r, Dossier& d) {
  std::string tracking;
  uint64_t n = 0;
  if (!r.GetString(tracking) || (!tracking.empty() && !d.terms) ||
      !r.GetString(d.postal.inbound_tracking_number) ||
      !r.GetString(d.postal.outbound_tracking_number) || !r.GetVarint(n) ||
      n > 10000) {
    return false;
  }
  if (d.terms) d.terms->postal_tracking_number = std::move(tracking);
  d.postal.legs.resize(n);
  for (PostalRecorded& p : d.postal.legs) {
    if (!GetPostal(r, p)) return false;
  }
  return true;
}

// The lifecycle part of a dossier snapshot.
void PutLifecycle(BinaryWriter& w, const Dossier& d) {
  PutOptional(w, d.terms, [&](const ReceiptTerms& t) { PutTerms(w, t); });
  w.PutString(d.holder_agency);
  w.PutString(d.holder_officer);
  w.PutSigned(d.appointment);
  w.PutSigned(d.original_appointment);
  w.PutVarint(d.clock.size());
  for (const ClockMark& m : d.clock) PutMark(w, m);
  w.PutVarint(d.steps.size());
  for (const StepRecord& s : d.steps) {
    w.PutVarint(s.index);
    w.PutString(s.agency_code);
    w.PutSigned(s.started_at);
    w.PutSigned(s.deadline);
    w.PutSigned(s.original_deadline);
    PutOptional(w, s.ended_at, [&](Instant t) { PutInstant(w, t); });
    PutOptional(w, s.result, [&](Timeliness t) { PutTimeliness(w, t); });
  }
  PutInstants(w, d.supplement_requests);
  PutInstants(w, d.reappointments);
  w.PutSigned(d.last_event_at);
  PutOptional(w, d.completed_at, [&](Instant t) { PutInstant(w, t); });
  PutOptional(w, d.result, [&](Timeliness t) { PutTimeliness(w, t); });
  PutOptional(w, d.result_against_original,
              [&](Timeliness t) { PutTimeliness(w, t); });
  PutOptional(w, d.returned_at, [&](Instant t) { PutInstant(w, t); });
  PutOptional(w, d.returned_by, [&](Channel c) { PutChannel(w, c); });
}

bool GetLifecycle(BinaryReader& r, Dossier& d) {
  uint64_t n = 0;
  if (!GetOptional(r, d.terms,
                   [&](ReceiptTerms& t) { return GetTerms(r, t); }) ||
      !r.GetString(d.holder_agency) || !r.GetString(d.holder_officer) ||
      !r.GetSigned(d.appointment) || !r.GetSigned(d.original_appointment) ||
      !r.GetVarint(n) || n > 100000) {
    return false;
  }
  d.clock.resize(n);
  for (ClockMark& m : d.clock) {
    if (!GetMark(r, m)) return false;
  }
  if (!r.GetVarint(n) || n > 1000) return false;
  d.steps.resize(n);
  for (StepRecord& s : d.steps) {
    if (!r.GetVarint32(s.index) || !r.GetString(s.agency_code) ||
        !r.GetSigned(s.started_at) || !r.GetSigned(s.deadline) ||
        !r.GetSigned(s.original_deadline) ||
        !GetOptional(r, s.ended_at,
                     [&](Instant& t) { return GetInstant(r, t); }) ||
        !GetOptional(r, s.result,
                     [&](Timeliness& t) { return GetTimeliness(r, t); })) {
      return false;
    }
  }
  return GetInstants(r, d.supplement_requests) &&
         GetInstants(r, d.reappointments) && r.GetSigned(d.last_event_at) &&
         GetOptional(r, d.completed_at,
                     [&](Instant& t) { return GetInstant(r, t); }) &&
         GetOptional(r, d.result,
                     [&](Timeliness& t) { return GetTimeliness(r, t); }) &&
         GetOptional(r, d.result_against_original,
                     [&](Timeliness& t) { return GetTimeliness(r, t); }) &&
         GetOptional(r, d.returned_at,
                     [&](Instant& t) { return GetInstant(r, t); }) &&
         GetOptional(r, d.returned_by,
                     [&](Channel& c) { return GetChannel(r, c); });
}

uint64_t DossierFlags(const Dossier& d) {
  return (d.digitized ? kDossierDigitized : 0) |
         (d.electronic_result ? kDossierElectronicResult : 0) |
         (d.paid_online ? kDossierPaidOnline : 0) |
         (d.paid_otherwise ? kDossierPaidOtherwise : 0);
}

// The dossier's facts: the flags, then the untimely apologies.
void PutDossierFacts(BinaryWriter& w, const Dossier& d) {
  w.PutVarint(DossierFlags(d));
  PutInstants(w, d.untimely_apologies);
}

bool GetDossierFacts(BinaryReader& r, Dossier& d) {
  uint64_t flags = 0;
  if (!r.GetVarint(flags) || (flags & ~kDossierFlagsKnown) != 0 ||
      !GetInstants(r, d.untimely_apologies)) {
    return false;
  }
  d.digitized = (flags & kDossierDigitized) != 0;
  d.electronic_result = (flags & kDossierElectronicResult) != 0;
  d.paid_online = (flags & kDossierPaidOnline) != 0;
  d.paid_otherwise = (flags & kDossierPaidOtherwise) != 0;
  return true;
}

// The portal's latest acknowledgement (synced_version 0: never).
void PutPortalSync(BinaryWriter& w, const Dossier& d) {
  w.PutVarint(d.portal_synced_version);
  w.PutSigned(d.portal_synced_at);
  w.PutString(d.portal_reference);
}

bool GetPortalSync(BinaryReader& r, Dossier& d) {
  return r.GetVarint(d.portal_synced_version) &&
         r.GetSigned(d.portal_synced_at) && r.GetString(d.portal_reference);
}

}  // namespace

bool IsCurrentDossierFormat(std::string_view bytes) {
  return !bytes.empty() && bytes[0] == kDossierFormat;
}

// Every part always present, in this order: the receipt, the lifecycle, the
// postal record, the notices, the rating, the size of the event log, the
// counting rules (with terms), the facts, the portal's acknowledgement, when
// the personal data was purged.
std::string EncodeDossier(const Dossier& d) {
  BinaryWriter w;
  w.PutRaw(std::string_view(&kDossierFormat, 1));
  w.PutString(d.code);
  w.PutString(d.agency_code);
  w.PutString(d.procedure_code);
  PutApplicant(w, d.applicant);
  w.PutVarint(static_cast<uint64_t>(d.channel));
  PutDocuments(w, d.documents);
  w.PutSigned(d.received_at);
  w.PutVarint(d.sequence);
  w.PutVarint(static_cast<uint64_t>(d.state));
  w.PutVarint(d.version);
  w.PutString(d.submitted_by);
  w.PutSigned(d.recorded_at);
  PutLifecycle(w, d);
  PutPostalRecord(w, d);
  PutNotices(w, d.notices);
  PutOptional(w, d.rating, [&](const DossierRated& x) { PutRated(w, x); });
  w.PutVarint(d.history_bytes);
  if (d.terms) PutCounting(w, d.terms->counting);
  PutDossierFacts(w, d);
  PutPortalSync(w, d);
  PutOptional(w, d.personal_data_purged_at,
              [&](const Instant& at) { w.PutSigned(at); });
  return w.Release();
}

Result<Dossier> DecodeDossier(std::string_view bytes) {
  if (!IsCurrentDossierFormat(bytes)) return Corrupt("dossier");
  bytes.remove_prefix(1);
  BinaryReader r(bytes);
  Dossier d;
  const bool ok =
      r.GetString(d.code) && r.GetString(d.agency_code) &&
      r.GetString(d.procedure_code) && GetApplicant(r, d.applicant) &&
      GetChannel(r, d.channel) && GetDocuments(r, d.documents) &&
      r.GetSigned(d.received_at) && r.GetVarint32(d.sequence) &&
      GetEnumAs(r, kDossierStateCount, d.state) && r.GetVarint(d.version) &&
      r.GetString(d.submitted_by) && r.GetSigned(d.recorded_at) &&
      GetLifecycle(r, d) && GetPostalRecord(r, d) && GetNotices(r, d.notices) &&
      GetOptional(r, d.rating,
                  [&](DossierRated& x) { return GetRated(r, x); }) &&
      r.GetVarint(d.history_bytes) &&
      (!d.terms || GetCounting(r, d.terms->counting)) &&
      GetDossierFacts(r, d) && GetPortalSync(r, d) &&
      GetOptional(r, d.personal_data_purged_at,
                  [&](Instant& at) { return r.GetSigned(at); }) &&
      r.done();
  if (!ok) return Corrupt("dossier");
  return d;
}

std::string EncodeEvent(const DossierEvent& e) {
  BinaryWriter w;
  w.PutRaw(std::string_view(&kEventFormat, 1));
  w.PutVarint(e.version);
  w.PutSigned(e.recorded_at);
  w.PutString(e.actor);
  if (const auto* r = std::get_if<DossierReceived>(&e.body);
      r != nullptr && r->digitized) {
    w.PutVarint(kTagReceivedDigitized);
    PutReceivedHead(w, *r);
    PutOptional(w, r->terms, [&](const ReceiptTerms& t) {
      PutTerms(w, t);
      w.PutString(t.postal_tracking_number);
      PutCounting(w, t.counting);
    });
    w.PutVarint(kReceivedDigitized);
  } else if (r != nullptr) {
    const bool counting = !CountsAsBefore(r->terms);
    const bool postal_terms =
        counting || (r->terms && !r->terms->postal_tracking_number.empty());
    w.PutVarint(counting       ? kTagReceivedWithCounting
                : postal_terms ? kTagReceivedWithPostalTerms
                : r->terms     ? kTagReceivedWithTerms
                               : kTagReceived);
    PutReceivedHead(w, *r);
    if (r->terms) PutTerms(w, *r->terms);
    if (postal_terms) w.PutString(r->terms->postal_tracking_number);
    if (counting) PutCounting(w, r->terms->counting);
  } else if (const auto* p = std::get_if<PostalRecorded>(&e.body)) {
    w.PutVarint(kTagPostal);
    PutPostal(w, *p);
  } else if (const auto* n = std::get_if<DeadlineNoticed>(&e.body)) {
    w.PutVarint(kTagDeadlineNoticed);
    PutNoticed(w, *n);
  } else if (const auto* x = std::get_if<DossierRated>(&e.body)) {
    w.PutVarint(kTagRated);
    PutRated(w, *x);
  } else if (const auto* y = std::get_if<PortalSynced>(&e.body)) {
    w.PutVarint(kTagPortalSynced);
    w.PutVarint(y->synced_version);
    w.PutString(y->portal_reference);
    w.PutSigned(y->at);
  } else if (const auto* g = std::get_if<PersonalDataPurged>(&e.body)) {
    w.PutVarint(kTagPersonalDataPurged);
    w.PutVarint(g->retention_years);
    w.PutSigned(g->closed_before);
  } else if (const auto* m = std::get_if<AppointmentMoved>(&e.body)) {
    w.PutVarint(kTagAppointmentMoved);
    w.PutSigned(m->before);
    w.PutSigned(m->after);
    w.PutString(m->calendar);
    w.PutSigned(m->calendar_version);
    w.PutSigned(m->at);
  } else {
    const auto& t = std::get<DossierTransitioned>(e.body);
    const bool facts = HasTransitionFacts(t);
    w.PutVarint(facts ? kTagTransitionedWithFacts : kTagTransitioned);
    PutTransitioned(w, t);
    if (facts) PutTransitionFacts(w, t);
  }
  return w.Release();
}

Result<DossierEvent> DecodeEvent(std::string_view bytes) {
  if (!GetFormat(bytes)) return Corrupt("event");
  BinaryReader r(bytes);
  DossierEvent e;
  uint64_t tag = 0;
  if (!r.GetVarint(e.version) || !r.GetSigned(e.recorded_at) ||
      !r.GetString(e.actor) || !r.GetVarint(tag)) {
    return Corrupt("event");
  }
  if (tag == kTagTransitioned || tag == kTagTransitionedWithFacts) {
    DossierTransitioned t;
    if (!GetTransitioned(r, t) ||
        (tag == kTagTransitionedWithFacts && !GetTransitionFacts(r, t)) ||
        !r.done()) {
      return Corrupt("event");
    }
    e.body = std::move(t);
    return e;
  }
  if (tag == kTagPostal) {
    PostalRecorded p;
    if (!GetPostal(r, p) || !r.done()) return Corrupt("event");
    e.body = std::move(p);
    return e;
  }
  if (tag == kTagDeadlineNoticed) {
    DeadlineNoticed n;
    if (!GetNoticed(r, n) || !r.done()) return Corrupt("event");
    e.body = std::move(n);
    return e;
  }
  if (tag == kTagRated) {
    DossierRated x;
    if (!GetRated(r, x) || !r.done()) return Corrupt("event");
    e.body = std::move(x);
    return e;
  }
  if (tag == kTagPortalSynced) {
    PortalSynced y;
    if (!r.GetVarint(y.synced_version) || !r.GetString(y.portal_reference) ||
        !r.GetSigned(y.at) || y.synced_version == 0 || !r.done()) {
      return Corrupt("event");
    }
    e.body = std::move(y);
    return e;
  }
  if (tag == kTagPersonalDataPurged) {
    PersonalDataPurged g;
    if (!r.GetVarint32(g.retention_years) || !r.GetSigned(g.closed_before) ||
        !r.done()) {
      return Corrupt("event");
    }
    e.body = g;
    return e;
  }
  if (tag == kTagAppointmentMoved) {
    AppointmentMoved m;
    if (!r.GetSigned(m.before) || !r.GetSigned(m.after) ||
        !r.GetString(m.calendar) || !r.GetSigned(m.calendar_version) ||
        !r.GetSigned(m.at) || !r.done()) {
      return Corrupt("event");
    }
    e.body = std::move(m);
    return e;
  }
  if (tag == kTagReceivedDigitized) {
    DossierReceived b;
    uint64_t flags = 0;
    const bool ok =
        GetReceivedHead(r, b) &&
        GetOptional(r, b.terms,
                    [&](ReceiptTerms& t) {
                      return GetTerms(r, t) &&
                             r.GetString(t.postal_tracking_number) &&
                             GetCounting(r, t.counting);
                    }) &&
        r.GetVarint(flags) && flags == kReceivedDigitized && r.done();
    if (!ok) return Corrupt("event");
    b.digitized = true;
    e.body = std::move(b);
    return e;
  }
  if (tag != kTagReceived && tag != kTagReceivedWithTerms &&
      tag != kTagReceivedWithPostalTerms && tag != kTagReceivedWithCounting) {
    return Corrupt("event");
  }
  DossierReceived b;
  bool ok = GetReceivedHead(r, b);
  if (ok && tag != kTagReceived) {
    b.terms.emplace();
    ok = GetTerms(r, *b.terms);
  }
  if (ok && tag == kTagReceivedWithPostalTerms) {
    ok = r.GetString(b.terms->postal_tracking_number) &&
         !b.terms->postal_tracking_number.empty();
  }
  if (ok && tag == kTagReceivedWithCounting) {
    ok = r.GetString(b.terms->postal_tracking_number) &&
         GetCounting(r, b.terms->counting) && !CountsAsBefore(b.terms);
  } else if (ok && b.terms) {
    b.terms->counting = kLegacyCounting;
  }
  if (!ok || !r.done()) return Corrupt("event");
  e.body = std::move(b);
  return e;
}

}  // namespace motcua::engine
