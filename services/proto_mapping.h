// Conversions between the shared motcua.v1 value messages (Timestamp, Date,
// Budget) and engine values, in one place. Conversions from the wire
// validate and name the field on error.
#pragma once

#include <google/protobuf/timestamp.pb.h>

#include <optional>
#include <string>

#include "engine/common/civil_time.h"
#include "engine/common/result.h"
#include "engine/deadline/deadline.h"
#include "motcua/v1/calendar.pb.h"

namespace motcua::services {

void ToTimestamp(engine::Instant t, google::protobuf::Timestamp* out);
// InvalidArgument naming `field` outside 1900..2199 or for bad nanos.
engine::Result<engine::Instant> FromTimestamp(
    const google::protobuf::Timestamp& ts, const std::string& field);

void ToProto(engine::CivilDate d, motcua::v1::Date* out);
// InvalidArgument naming `field` for a date that does not exist.
engine::Result<engine::CivilDate> FromProto(const motcua::v1::Date& d,
                                            const std::string& field);

// A receipt cut-off as "HH:MM" ("" for none) and back; InvalidArgument
// naming `field` for anything but "" or 00:00..23:59.
std::string CutoffText(const std::optional<int>& minute);
engine::Result<std::optional<int>> CutoffFromText(const std::string& text,
                                                  const std::string& field);

void ToProto(const engine::Budget& b, motcua::v1::Budget* out);
engine::Result<engine::Budget> FromProto(const motcua::v1::Budget& b,
                                         const std::string& field);

}  // namespace motcua::services
