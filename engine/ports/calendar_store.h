// CalendarStore: the port that keeps calendar administration durable —
// official schedules published (or withdrawn) at run time, and the version
// each named calendar has reached — so a restart rebuilds exactly the
// calendars that were in force and never reuses a version number for
// different content.
//
// Model. Publications are keyed by (calendar, year): the latest one wins.
// A withdrawal is a publication with no text (the year falls back to the
// rules even when a schedule file for it is shipped). Version records are
// keyed by calendar. SaveCalendarChanges is atomic and durable, like
// DossierStore::Commit.
//
// Thread safety: every method may be called from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/common/result.h"

namespace motcua::engine {

struct SchedulePublication {
  std::string calendar;
  int year = 0;
  // Canonical schedule text (FormatOfficialSchedule); nullopt = withdrawn.
  std::optional<std::string> text;

  friend bool operator==(const SchedulePublication&,
                         const SchedulePublication&) = default;
};

struct CalendarVersionRecord {
  std::string calendar;
  int64_t version = 0;
  // Digest of the calendar's configuration and schedules at that version.
  uint64_t fingerprint = 0;

  friend bool operator==(const CalendarVersionRecord&,
                         const CalendarVersionRecord&) = default;
};

class CalendarStore {
 public:
  virtual ~CalendarStore() = default;

  // All publications, ordered by (calendar, year).
  virtual Result<std::vector<SchedulePublication>> ListPublications() const = 0;
  // All version records, ordered by calendar.
  virtual Result<std::vector<CalendarVersionRecord>> ListCalendarVersions()
      const = 0;
  // Upserts both lists in one atomic, durable write.
  virtual Status SaveCalendarChanges(
      const std::vector<SchedulePublication>& publications,
      const std::vector<CalendarVersionRecord>& versions) = 0;
};

}  // namespace motcua::engine
