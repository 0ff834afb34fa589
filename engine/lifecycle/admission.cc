#include "engine/lifecycle/admission.h"

#include "engine/lifecycle/regime.h"

namespace motcua::engine {
namespace {

Error Prefixed(std::string_view field, const Error& e) {
  return Error{e.code, std::string(field) + ": " + e.message};
}

std::string VersionText(const Procedure& p) {
  return "procedure " + p.code + " version " + std::to_string(p.version);
}

}  // namespace

static Result<ReceiptTerms> TermsOfValid(const ReceiveCommand& cmd, Instant now,
                                         const AdmissionContext& ctx);

Result<ReceiptTerms> AdmissionTerms(const ReceiveCommand& cmd, Instant now,
                                    const AdmissionContext& ctx) {
  if (Status s = ValidateReceipt(cmd, now); !s.ok()) return s.error();
  return TermsOfValid(cmd, now, ctx);
}

static Result<ReceiptTerms> TermsOfValid(const ReceiveCommand& cmd, Instant now,
                                         const AdmissionContext& ctx) {
  const CivilDate date = ReceiptDate(cmd, now);
  auto agency = ctx.catalogue.FindAgency(cmd.agency_code, date);
  if (!agency.ok()) return Prefixed("agency_code", agency.error());
  auto procedure = ctx.catalogue.FindProcedure(cmd.procedure_code, date);
  if (!procedure.ok()) return Prefixed("procedure_code", procedure.error());
  const Procedure& p = **procedure;
  const Channel channel = *cmd.channel;
  if (!p.channels.Allows(channel)) {
    return InvalidArgument("channel: " + VersionText(p) + " does not accept " +
                           std::string(ChannelName(channel)) + " dossiers");
  }
  const Channel result = cmd.result_channel.value_or(channel);
  if ((result == Channel::kPostal && !p.result_by_post) ||
      (result == Channel::kOnline && !p.channels.online)) {
    return InvalidArgument("result_channel: " + VersionText(p) +
                           " does not return results by " +
                           std::string(ChannelName(result)));
  }
  auto calendar = ctx.calendars.Get((*agency)->calendar);
  if (!calendar.ok()) {
    return FailedPrecondition(
        "agency_code: agency " + (*agency)->code +
        " counts deadlines on calendar \"" + (*agency)->calendar +
        "\", which is not configured: " + calendar.error().message);
  }
  ReceiptTerms t;
  t.procedure_version = p.version;
  t.procedure_name = p.name;
  t.field_code = p.field_code;
  t.field_name = p.field_name;
  t.regime = RegimeFor(date).id;
  t.calendar = (*calendar)->name();
  t.calendar_version = (*calendar)->version();
  t.budget = p.budget;
  t.counting.receipt_cutoff_minute = p.receipt_cutoff_minute;
  if (p.steps.empty()) {
    t.steps.push_back({"lead", "", p.budget});
  } else {
    for (const ProcedureStep& s : p.steps) {
      t.steps.push_back({s.role, s.agency_code, s.budget});
    }
  }
  t.dossier_by_post = channel == Channel::kPostal;
  t.result_channel = result;
  t.postal_tracking_number = cmd.postal_tracking_number.value_or("");
  if (channel == Channel::kOnline) {
    t.awaiting_check = true;
    return t;
  }
  const Instant received = cmd.received_at.value_or(now);
  auto deadline = ComputeDeadline(**calendar, received, p.budget, t.counting);
  if (!deadline.ok()) return Prefixed("received_at", deadline.error());
  t.clock_start = received;
  t.appointment = deadline->appointment;
  return t;
}

Result<DossierEvent> Receive(const ReceiveCommand& cmd, Instant now,
                             uint32_t last_sequence,
                             const AdmissionContext& ctx) {
  if (Status s = ValidateReceipt(cmd, now); !s.ok()) return s.error();
  return AdmitValidated(cmd, now, last_sequence, ctx);
}

Result<DossierEvent> AdmitValidated(const ReceiveCommand& cmd, Instant now,
                                    uint32_t last_sequence,
                                    const AdmissionContext& ctx) {
  auto terms = TermsOfValid(cmd, now, ctx);
  if (!terms.ok()) return terms.error();
  auto event = ReceiveValidated(cmd, now, last_sequence);
  if (!event.ok()) return event.error();
  std::get<DossierReceived>(event->body).terms = std::move(*terms);
  return event;
}

}  // namespace motcua::engine
