// The one way motcua makes an .xlsx file in memory with libxlsxwriter, which
// only writes files: a temporary file made with mkstemp in $TMPDIR (else
// /tmp), filled by the caller, closed, read back and unlinked (also on
// failure).
//
// Errors (the temporary file cannot be made, written or read; `fill` or
// libxlsxwriter fails) are Internal: "cannot export <what> as XLSX: ...".
//
// Thread safety: a pure function apart from its own temporary file; calls
// may run concurrently.
//
// Example:
//   auto bytes = MakeXlsx("Form 06", [&](lxw_workbook* wb) {
//     lxw_worksheet* ws = workbook_add_worksheet(wb, "Mẫu 06");
//     return ws == nullptr ? LXW_ERROR_MEMORY_MALLOC_FAILED
//                          : worksheet_write_string(ws, 0, 0, "x", nullptr);
//   });
#pragma once

#include <xlsxwriter.h>

#include <functional>
#include <string>
#include <string_view>

#include "engine/common/result.h"

namespace motcua::adapters {

// `fill` adds the sheets and returns the first libxlsxwriter error it met
// (LXW_NO_ERROR when none).
engine::Result<std::string> MakeXlsx(
    std::string_view what, const std::function<lxw_error(lxw_workbook*)>& fill);

}  // namespace motcua::adapters
