// motcuactl report ...: Form 06 (form06, submit), the Decision 766
// indicators and the overdue list, as JSON or exported to CSV or XLSX
// (--format, checked against the set; the file is --out, else a name
// without spaces in the current directory: mau06-Q4-2026.xlsx,
// indicators-2026-q4.csv, overdue-2026-12-02.csv).
//
// Periods: --year Y alone is the whole year; with --quarter Q, --month M,
// --half H or --nine-months the Decree 09/2019 period of year Y; --from
// DATE --to DATE a custom range. The kinds exclude each other and --from /
// --to exclude --year (CLI11 names both flags when they are mixed).
//
//   motcuactl report indicators --year 2026 --quarter 4 --format xlsx
//   motcuactl report overdue --agency H55.10 --format csv --out late.csv
#pragma once

#include <CLI/CLI.hpp>

#include "tools/ctl/ctl.h"

namespace motcua::ctl {

void RegisterReportCommands(CLI::App& app, Ctl& ctl);

}  // namespace motcua::ctl
