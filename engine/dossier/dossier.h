// The dossier (hồ sơ TTHC) and the events that make it.
//
// Model: a dossier is a fold of its events. Every accepted command appends
// events; Apply() is the only code that changes a Dossier, so replaying the
// event log from the start gives exactly the stored state (Fold). `version`
// is the number of events applied, so version 1 is a freshly received dossier.
//
// The event bodies:
//   - DossierReceived: the dossier got its code (tiếp nhận; or, online, was
//     submitted). Its `terms` pin what the rest of the life depends on: the
//     procedure version and its step plan, the rule regime, the calendar and
//     the appointment. Dossiers received before terms existed (the
//     receipt-only engine) have no terms and cannot move further.
//   - DossierTransitioned: one row of the transition table
//     (engine/lifecycle/transition_table.h) taken, with everything computed
//     when it was decided (appointments from the calendar, step results), so
//     Apply needs no calendar and replay is exact even after a calendar is
//     republished.
//   - PostalRecorded: a carrier's report of a postal leg (postal_event.h;
//     rules in engine/postal/decide_postal.h). It builds Dossier::postal and
//     never changes the state, the clock or last_event_at; the outbound
//     pickup that returns a result is followed by its own
//     DossierTransitioned (return_result).
//   - DeadlineNoticed: the sweeper noticed a deadline (due soon, overdue,
//     apology required; deadline_notice.h, rules in engine/enforcement). It
//     appends to Dossier::notices and, like a postal event, never changes
//     the state, the clock or last_event_at.
//   - DossierRated: the citizen rated the returned dossier (citizen_rating.h;
//     rules in engine/lifecycle/rating.h). It sets Dossier::rating, once, and
//     likewise never changes the state, the clock or last_event_at.
//   - AppointmentMoved: a new official schedule of the dossier's calendar
//     (published or withdrawn) moved its appointment in force (rules in
//     engine/lifecycle/recalendar.h). It sets Dossier::appointment and
//     changes nothing else: the printed (original) appointment stays, and
//     the applicant is told (engine/notify).
//   - PortalSynced: the national public-service portal's sync adapter
//     acknowledged that the portal holds the dossier up to a version (rules
//     in engine/lifecycle/portal_sync.h; Decision 766/QĐ-TTg counts the
//     dossiers synchronised). It sets Dossier::portal_* and, like a postal
//     event, never changes the state, the clock or last_event_at.
//   - PersonalDataPurged: the dossier was closed longer ago than the
//     province's retention period for personal data, and its personal data
//     was erased (rules in engine/lifecycle/retention.h; what counts as
//     personal data in personal_data.h). The write path also rewrites the
//     earlier events without it, so Fold of the stored log gives the same
//     dossier; Apply scrubs the dossier and sets personal_data_purged_at.
//     Like a postal event, it never changes the state, the clock or
//     last_event_at, so every report counts the dossier as before.
//
// Invariants of a received dossier: `code` parses and its agency, date and
// sequence equal `agency_code`, VietnamDateOf(received_at) and `sequence`.
//
// Thread safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "engine/common/civil_time.h"
#include "engine/deadline/deadline.h"
#include "engine/deadline/deadline_clock.h"
#include "engine/dossier/citizen_rating.h"
#include "engine/dossier/deadline_notice.h"
#include "engine/dossier/document.h"
#include "engine/dossier/postal_event.h"

namespace motcua::engine {

enum class Channel { kDirect, kPostal, kOnline };
inline constexpr int kChannelCount = 3;   // stored: the codecs' bound
std::string_view ChannelName(Channel c);  // "direct", "postal", "online"

// Internal states. The numeric values are stored: append only.
// National portal status (TrangThaiHoSo) in brackets; see NationalStatus.
// Several states share a code where the portal has one code for both:
// transferred and in_processing are both "4 in processing"; withdrawn keeps
// "7" (the portal has no code for a confirmed withdrawal; it is terminal
// here); refused (after appraisal) is "9": the refusal notice is what the
// desk hands back, like a result, and return_result then gives "10".
enum class DossierState {
  kReceived = 0,             // [2] received at the desk, code assigned
  kSubmittedOnline = 1,      // [1] online, awaiting the officer's check
  kRefusedAtReceipt = 2,     // [3] online submission refused (terminal)
  kTransferred = 3,          // [4] handed to an agency, not yet taken up
  kInProcessing = 4,         // [4] an agency is processing its step
  kSupplementRequested = 5,  // [5] clock suspended, waiting for applicant
  kPaymentRequired = 6,      // [6] clock suspended, waiting for payment
  kWithdrawalRequested = 7,  // [7] applicant asked to withdraw
  kWithdrawn = 8,            // [7] withdrawal confirmed (terminal)
  kStopped = 9,              // [8] processing stopped (terminal)
  kRefused = 10,             // [9] refused after appraisal; notice ready
  kResultReady = 11,         // [9] result ready at the desk
  kReturned = 12,            // [10] result (or refusal) returned (terminal)
};
inline constexpr int kDossierStateCount = 13;

// National portal status code (TrangThaiHoSo, 1..10) for a state.
int NationalStatus(DossierState state);
// "in_processing"; stable, used in messages and by adapters.
std::string_view DossierStateName(DossierState state);
bool IsTerminal(DossierState state);

// Rule regimes by the date a dossier counts as received
// (engine/lifecycle/regime.h holds their data and boundaries). Stored:
// append only; ids 0 and 1 were once wider (see regime.h), and stored
// dossiers keep the id they were received with.
enum class RegimeId : uint8_t {
  kDecree61And107 = 0,       // 2021-12-06 .. 2025-06-30
  kDecree118 = 1,            // from 2025-09-15 (Circular 03/2025 forms)
  kDecree61 = 2,             // 2018-06-21 .. 2021-12-05
  kDecree118Circular01 = 3,  // 2025-07-01 .. 2025-09-14
};
inline constexpr int kRegimeIdCount = 4;

// Every accepted transition. Stored: append only.
enum class Transition : uint8_t {
  kAcceptOnline = 0,
  kRefuseAtReceipt = 1,
  kTransfer = 2,
  kStartProcessing = 3,
  kForward = 4,
  kRequestSupplement = 5,
  kReceiveSupplement = 6,
  kRequirePayment = 7,
  kConfirmPayment = 8,
  kRefuseAfterAppraisal = 9,
  kMarkResultReady = 10,
  kReturnResult = 11,
  kRequestWithdrawal = 12,
  kWithdraw = 13,
  kStop = 14,
  kApologize = 15,
};
inline constexpr int kTransitionCount = 16;
std::string_view TransitionName(Transition t);  // "request_supplement"

struct Applicant {
  std::string full_name;
  std::string personal_id;
  std::string phone;
  std::string address;

  friend bool operator==(const Applicant&, const Applicant&) = default;
};

// One planned step of a procedure, copied from the catalogue at receipt so
// that a later catalogue version never changes an open dossier.
struct PlannedStep {
  std::string role;         // "lead", "tax", "land registry", ...
  std::string agency_code;  // empty: any agency may take this role
  Budget budget;

  friend bool operator==(const PlannedStep&, const PlannedStep&) = default;
};

// What the dossier was received under (see the file comment).
struct ReceiptTerms {
  int procedure_version = 0;
  std::string procedure_name;
  std::string field_code;  // lĩnh vực
  std::string field_name;
  RegimeId regime = RegimeId::kDecree118;
  std::string calendar;
  int64_t calendar_version = 0;
  Budget budget;
  // How the clocks count from clock_start and from each step's handover
  // (deadline.h): the procedure's receipt cut-off, copied from the
  // catalogue; legacy_calendar_cutoff for terms stored before Civil Code
  // 2015 Art. 147 counting (dossier_codec.h), so that they replay to the
  // appointment printed on their slip.
  CountingRules counting;
  // The steps; one step (the whole budget, any agency) when the procedure
  // is not inter-agency.
  std::vector<PlannedStep> steps;
  bool dossier_by_post = false;
  Channel result_channel = Channel::kDirect;
  // The carrier's dispatch slip / tracking number of a dossier by post,
  // when the desk entered it at receipt (empty: none yet; the first inbound
  // postal report may set it).
  std::string postal_tracking_number;
  // Online submissions wait for the officer's check: no clock yet.
  bool awaiting_check = false;
  // The clock (unset while awaiting_check): where it starts, the appointment
  // printed on the receipt slip.
  Instant clock_start = 0;
  Instant appointment = 0;

  friend bool operator==(const ReceiptTerms&, const ReceiptTerms&) = default;
};

// A complete dossier was received at the desk and given its code.
struct DossierReceived {
  std::string code;
  std::string agency_code;
  std::string procedure_code;
  Applicant applicant;
  Channel channel = Channel::kDirect;
  std::vector<Document> documents;
  Instant received_at = 0;
  uint32_t sequence = 0;
  std::optional<ReceiptTerms> terms;
  // The desk scanned the paper documents into the electronic dossier at
  // receipt (số hóa hồ sơ, Decree 45/2020/NĐ-CP); an online submission is
  // electronic already and counts as digitised whatever this says.
  bool digitized = false;

  friend bool operator==(const DossierReceived&,
                         const DossierReceived&) = default;
};

// An entry of the dossier's suspension ledger (DeadlineClock's events,
// without what the clock recomputes).
struct ClockMark {
  ClockEventKind kind = ClockEventKind::kSuspend;
  Instant at = 0;
  SuspensionReason reason = SuspensionReason::kOther;  // kSuspend
  Instant appointment = 0;  // kReappoint: the new appointment

  friend bool operator==(const ClockMark&, const ClockMark&) = default;
};

// A step ended: its result against its own deadline.
struct StepClosed {
  uint32_t index = 0;
  Instant at = 0;
  Timeliness result = Timeliness::kOnTime;

  friend bool operator==(const StepClosed&, const StepClosed&) = default;
};

// A step started: a handover to `agency_code` with its own deadline.
struct StepOpened {
  uint32_t index = 0;
  std::string agency_code;
  Instant at = 0;
  Instant deadline = 0;

  friend bool operator==(const StepOpened&, const StepOpened&) = default;
};

// One transition of the table, taken (see the file comment).
struct DossierTransitioned {
  Transition transition = Transition::kTransfer;
  DossierState from = DossierState::kReceived;
  DossierState to = DossierState::kReceived;
  // Who acted, for which agency, and when it happened (Vietnam civil time
  // comes from this instant; recorded_at is when the server wrote it).
  std::string officer;
  std::string agency_code;
  Instant at = 0;
  std::string reason;
  // Handovers (transfer, forward, result back to the desk): the new holder.
  std::string to_agency;
  std::string to_officer;
  std::vector<Document> documents;  // supplement: what is asked / brought
  int64_t amount_vnd = 0;           // payment required
  std::optional<Channel> return_channel;
  std::optional<StepClosed> step_closed;
  std::optional<StepOpened> step_opened;
  std::optional<ClockMark> clock;
  // After this event, when set: the dossier's appointment in force and the
  // current step's deadline (recomputed on resume and re-appointment).
  std::optional<Instant> appointment;
  std::optional<Instant> step_deadline;
  int64_t calendar_version = 0;  // of the calendar that computed them
  // Result ready / refused: the dossier against its appointment in force
  // and against the original budget (shifted only by suspensions).
  std::optional<Timeliness> result;
  std::optional<Timeliness> result_against_original;

  // Apologize (engine/lifecycle/decide.h, "Apologies"): the unit the letter
  // names as responsible for the delay (empty in apologies recorded before
  // it existed: the acting agency), the new appointment the letter gives,
  // and whether it came later than the regime's lead time. An untimely
  // apology moves nothing: `clock` and `appointment` stay unset and the
  // dossier stays due (and overdue) by the appointment in force.
  std::string responsible_agency;
  std::optional<Instant> new_appointment;
  bool untimely = false;
  // Mark_result_ready: the result is an electronic document carrying a
  // digital signature (Decree 45/2020/NĐ-CP), however it is handed over;
  // Decision 766/QĐ-TTg counts it as an electronic result.
  bool electronic_result = false;
  // Confirm_payment: the fees were paid online (through the national
  // portal's payment platform or another online payment), not at the desk.
  bool paid_online = false;
  // Accept_online: the regime of the acceptance date, which replaces the
  // terms' regime (chosen at submission) when it differs
  // (engine/lifecycle/regime.h).
  std::optional<RegimeId> regime;

  friend bool operator==(const DossierTransitioned&,
                         const DossierTransitioned&) = default;
};

// See the file comment. The calendar version is the one that computed
// `after`.
struct AppointmentMoved {
  Instant before = 0;
  Instant after = 0;
  std::string calendar;
  int64_t calendar_version = 0;
  Instant at = 0;  // when the server recomputed it

  friend bool operator==(const AppointmentMoved&,
                         const AppointmentMoved&) = default;
};

// See the file comment.
struct PortalSynced {
  // The dossier version the portal now holds (1..the version before this
  // event).
  uint64_t synced_version = 0;
  // The portal's own reference of the dossier (may be empty).
  std::string portal_reference;
  Instant at = 0;  // when the portal accepted it

  friend bool operator==(const PortalSynced&, const PortalSynced&) = default;
};

// See the file comment.
struct PersonalDataPurged {
  // The retention period in force when it was purged (years after the
  // dossier was closed), and the instant before which a dossier had to be
  // closed (RetentionCutoff of the purge's `now`).
  uint32_t retention_years = 0;
  Instant closed_before = 0;

  friend bool operator==(const PersonalDataPurged&,
                         const PersonalDataPurged&) = default;
};

struct DossierEvent {
  // 1-based position in the dossier's log; equals the version it produces.
  uint64_t version = 0;
  // When the server recorded the event (UTC), not when it happened outside.
  Instant recorded_at = 0;
  // The client_id of the system that caused it.
  std::string actor;
  // Alternatives are appended, never reordered (code switching on index()
  // and the codec's tags rely on it).
  std::variant<DossierReceived, DossierTransitioned, PostalRecorded,
               DeadlineNoticed, DossierRated, AppointmentMoved, PortalSynced,
               PersonalDataPurged>
      body;

  friend bool operator==(const DossierEvent&, const DossierEvent&) = default;
};

// A step as it stands.
struct StepRecord {
  uint32_t index = 0;
  std::string agency_code;
  Instant started_at = 0;
  Instant deadline = 0;  // in force (moved by suspensions)
  Instant original_deadline = 0;
  std::optional<Instant> ended_at;
  std::optional<Timeliness> result;

  friend bool operator==(const StepRecord&, const StepRecord&) = default;
};

struct Dossier {
  std::string code;
  std::string agency_code;
  std::string procedure_code;
  Applicant applicant;
  Channel channel = Channel::kDirect;
  std::vector<Document> documents;
  Instant received_at = 0;
  uint32_t sequence = 0;
  DossierState state = DossierState::kReceived;
  uint64_t version = 0;
  std::string submitted_by;
  Instant recorded_at = 0;

  // Lifecycle (empty for a dossier received without terms).
  std::optional<ReceiptTerms> terms;
  std::string holder_agency;  // who holds the dossier now
  std::string holder_officer;
  Instant appointment = 0;           // in force
  Instant original_appointment = 0;  // printed on the receipt slip
  std::vector<ClockMark> clock;      // suspension ledger
  std::vector<StepRecord> steps;     // started steps, in order
  std::vector<Instant> supplement_requests;
  // Every apology (each names a new appointment); untimely_apologies are
  // those of them issued later than the regime's lead time, which did not
  // move `appointment`.
  std::vector<Instant> reappointments;
  std::vector<Instant> untimely_apologies;
  Instant last_event_at = 0;            // `at` of the latest event
  std::optional<Instant> completed_at;  // result ready or refused
  std::optional<Timeliness> result;
  std::optional<Timeliness> result_against_original;
  std::optional<Instant> returned_at;
  std::optional<Channel> returned_by;
  // Facts Decision 766/QĐ-TTg counts: the desk digitised the dossier at
  // receipt (DossierReceived::digitized; an online dossier is electronic
  // anyway, which the reports add); its result is a digitally signed
  // electronic one; fees confirmed as paid online, and otherwise (both can
  // be true when it paid twice).
  bool digitized = false;
  bool electronic_result = false;
  bool paid_online = false;
  bool paid_otherwise = false;

  // Postal legs (empty unless a postal report or a tracking number exists).
  PostalRecord postal;

  // Deadline notices given, in log order (DeadlineNoticed events).
  std::vector<DeadlineNotice> notices;

  // The citizen's rating (DossierRated), once given.
  std::optional<DossierRated> rating;

  // The latest acknowledgement of the national portal's sync (PortalSynced):
  // the highest version the portal holds (0: never synchronised), when it
  // accepted it, and its reference of the dossier (the latest one given).
  uint64_t portal_synced_version = 0;
  Instant portal_synced_at = 0;
  std::string portal_reference;

  // When its personal data was erased (PersonalDataPurged's recorded_at);
  // unset while the dossier still holds it.
  std::optional<Instant> personal_data_purged_at;

  // The stored size of the dossier's event log (sum of EncodeEvent sizes),
  // kept by the write path (AccountHistory) for CheckDossierRoom; not
  // derived by Apply, so Fold gives 0 (a snapshot rebuilt from its events
  // gets their stored size: adapters/rocksdb/snapshot_rebuild.h).
  uint64_t history_bytes = 0;

  bool clock_suspended() const {
    return !clock.empty() && clock.back().kind == ClockEventKind::kSuspend;
  }

  friend bool operator==(const Dossier&, const Dossier&) = default;
};

// Caps that keep a dossier, with its whole history, readable in one reply
// by a default gRPC client (4 MiB messages): the per-request limits (100
// documents, bounded texts) bound each event, these bound their sum.
inline constexpr uint64_t kMaxDossierEvents = 1000;
inline constexpr uint64_t kMaxDossierHistoryBytes = 2 * 1024 * 1024;

// The stored size of `events` when appending them keeps `dossier` within
// kMaxDossierEvents events and kMaxDossierHistoryBytes of history; else
// FailedPrecondition naming the dossier and the cap. Deadline notices are
// the server's own (bounded by the deadlines a dossier can have) and always
// fit: a full dossier still gets its overdue notice. The write path adds
// the returned size to history_bytes.
Result<uint64_t> CheckDossierRoom(const Dossier& dossier,
                                  const std::vector<DossierEvent>& events);

// Adds the stored size of `events` to dossier.history_bytes; the write path
// calls it with the events it appends.
void AccountHistory(Dossier& dossier, std::span<const DossierEvent> events);

// Applies one event. Aborts (invariant violation) when the event's version is
// not dossier.version + 1: the store hands events in order or not at all;
// likewise for a second DossierRated (DecideRating refuses it).
void Apply(Dossier& dossier, const DossierEvent& event);

// The state after applying `events` in order to an empty dossier.
Dossier Fold(const std::vector<DossierEvent>& events);

// The lead agency (cơ quan chủ trì giải quyết, the one that resolves the
// dossier): the first planned step's agency when the procedure fixes it
// (the first step is the lead agency's), else the agency that took the
// first step up, else (not transferred yet) the receiving agency.
std::string_view LeadAgency(const Dossier& dossier);

}  // namespace motcua::engine
