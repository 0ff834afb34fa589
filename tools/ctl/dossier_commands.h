// motcuactl dossier ...: read dossiers (get, list with filters and paging,
// forms) and the lifecycle actions support staff take on them (every
// DossierAction RPC of DossierService and ProcessingService, one command
// each: accept, refuse, transfer, start, forward, request-supplement,
// receive-supplement, require-payment, confirm-payment,
// refuse-after-appraisal, result-ready, return, apologize, stop,
// request-withdrawal, withdraw).
//
// An action needs CODE, --agency (the acting agency) and --officer; each
// command has only the flags its RPC reads (--reason, --to-agency,
// --document, --amount, ...). The four actions both services declare
// (receive-supplement, confirm-payment, request-withdrawal, withdraw) go to
// DossierService (role desk) unless --by processing (ProcessingService, role
// agency_officer).
//
//   motcuactl dossier list --agency H55.10 --state in_processing
//             --received-from 2026-01-01 --received-to 2026-03-31 --all
//   motcuactl dossier transfer H55.10-260105-0001 --agency H55.10
//             --officer "Nguyễn Thị Lan" --to-agency H55.10.1
#pragma once

#include <CLI/CLI.hpp>

#include "tools/ctl/ctl.h"

namespace motcua::ctl {

void RegisterDossierCommands(CLI::App& app, Ctl& ctl);

}  // namespace motcua::ctl
