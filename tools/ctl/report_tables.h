// The Decision 766 indicators and the overdue list as plain tables
// (engine/report/table.h) for motcuactl's CSV and XLSX exports, with
// Vietnamese headings. Shares (0..1 in the replies) are written as
// percentages with two decimals; appointments as Vietnam local time
// "dd/MM/yyyy HH:mm".
//
// Thread safety: pure functions.
#pragma once

#include "engine/report/table.h"
#include "motcua/v1/report.pb.h"

namespace motcua::ctl {

// One row per agency (by_procedure: per procedure), in the reply's order.
engine::Table IndicatorsTable(const motcua::v1::GetIndicatorsResponse& reply,
                              bool by_procedure);
engine::Table OverdueTable(const motcua::v1::GetOverdueListResponse& reply);

}  // namespace motcua::ctl
