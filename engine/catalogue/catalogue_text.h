// The catalogue text format (deploy/catalogue/*.catalogue): a line-oriented
// file the engine parses itself, so the shipped sample is checked by the
// tests and needs no loader beyond reading the file.
//
// Format (UTF-8; deploy/catalogue/README.md has the full reference):
//   # comment                     blank lines and comments are ignored
//   [agency H55.10]               starts an agency; keys follow
//   name = Sở Tư pháp tỉnh Mẫu
//   level = department            agency levels: agency.h AgencyLevelName
//   parent = H55
//   valid_from = 2020-01-01       optional (default 2000-01-01)
//   valid_until = 2025-07-01      optional, exclusive
//   successors = H55.20 H55.21    optional, space separated
//   calendar = vn
//
//   [procedure 1.001193 1]        code and version
//   name = Đăng ký khai sinh
//   field = HT | Hộ tịch          field code | field name
//   level = commune               central | province | district | commune
//   effective_from = 2021-01-01
//   effective_until = 2025-07-01  optional, exclusive
//   budget = 3 working_days       or "8 working_hours", "30 calendar_days",
//                                 "same_day"
//   receipt_cutoff = 15:00        optional: received at or after it counts
//                                 from the next working day (default none)
//   channels = direct postal online
//   result_by_post = yes          yes | no (default no)
//   fee = Lệ phí | 8000           repeatable: name | whole đồng
//   step = lead | H55.10 | 5 working_days   repeatable, in order; an empty
//                                 agency ("tax | | 3 working_days") means any
//
// Every key except the optional ones is required once. Errors are
// InvalidArgument naming the line ("line 12: [procedure 1.001193 1]:
// unknown key \"budgt\""); the result still goes through Catalogue::Build
// for the entry and cross-reference rules.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "engine/catalogue/catalogue.h"

namespace motcua::engine {

Result<CatalogueData> ParseCatalogueText(std::string_view text);

// "3 working_days" -> Budget::WorkingDays(3); nullopt when malformed.
std::optional<Budget> ParseBudgetText(std::string_view text);

}  // namespace motcua::engine
