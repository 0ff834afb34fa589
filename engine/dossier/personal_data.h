// The personal data a dossier holds, and how it is erased when its
// retention period ends (engine/lifecycle/retention.h decides when).
//
// Personal data here is what identifies or describes the citizen, or may
// (Law on Personal Data Protection No. 91/2025/QH15, art. 2: data that
// identifies or helps identify a specific person):
//   - the applicant: full name, personal identification number, phone,
//     address (DossierReceived, Dossier::applicant);
//   - the postal recipient of a delivered result: name and identity
//     document number (PostalRecorded);
//   - free text written about the dossier, which may name or describe the
//     citizen: the reasons of transitions (refusal, supplement, payment,
//     withdrawal, stop, apology), the reason of a failed or returned
//     delivery, and the citizen's rating comment.
// What stays, because the statistics, the deadlines and the audit need it
// and it does not identify the citizen: the code, agencies, procedure and
// its terms, states, instants, results, amounts, document names and copies
// (the procedure's list of papers), the officers and postal workers (public
// servants acting in office), tracking and record numbers, the rating level
// and the complaint flag.
//
// Thread safety: pure functions.
#pragma once

#include "engine/dossier/dossier.h"

namespace motcua::engine {

// Clears the personal data an event carries; true when it changed anything.
bool ScrubPersonalData(DossierEvent& event);

// Clears the personal data a dossier holds (Apply of PersonalDataPurged):
// the applicant, the postal legs' recipients and reasons, the rating's
// comment. Nothing else changes.
void ScrubPersonalData(Dossier& dossier);

}  // namespace motcua::engine
