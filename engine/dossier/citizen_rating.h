// The citizen's rating of a dossier (DOMAIN.md §7; Decision 766/QĐ-TTg,
// 2022: "satisfaction = (dossiers - dossiers rated unsatisfied or complained
// about) / dossiers").
//
// A citizen who got her result back rates the dossier once, by its code and
// lookup secret (the rules are in engine/lifecycle/rating.h). The rating is
// one DossierRated event in the dossier's log; Apply copies it to
// Dossier::rating. Like a postal report or a deadline notice it is not a
// lifecycle transition: it never changes the state, the holder, the clock,
// the appointment or Dossier::last_event_at; it does take a version.
//
// The scale (the four levels the national portal's survey uses), stored by
// its number, append only:
//   1 rất hài lòng    (very satisfied)
//   2 hài lòng        (satisfied)
//   3 chấp nhận được  (acceptable)
//   4 không hài lòng  (unsatisfied)
// What counts as "unsatisfied" for Decision 766: level 4, or any rating with
// `complaint` set (a complaint about the handling, phản ánh / kiến nghị),
// whatever the level: "rated unsatisfied or complained about". So a citizen
// who picks "satisfied" and files a complaint counts as unsatisfied.
//
// Thread safety: plain values.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "engine/common/civil_time.h"

namespace motcua::engine {

inline constexpr int kRatingVerySatisfied = 1;
inline constexpr int kRatingSatisfied = 2;
inline constexpr int kRatingAcceptable = 3;
inline constexpr int kRatingUnsatisfied = 4;
inline constexpr int kRatingMin = kRatingVerySatisfied;
inline constexpr int kRatingMax = kRatingUnsatisfied;
// The longest comment, in Unicode code points.
inline constexpr size_t kMaxRatingCommentChars = 500;

// The event body, and what Dossier::rating keeps of it.
struct DossierRated {
  int rating = kRatingSatisfied;  // kRatingMin..kRatingMax
  bool complaint = false;
  // Optional free text, well-formed UTF-8, at most kMaxRatingCommentChars
  // code points (line breaks allowed). It may name people: it is not shown
  // on the citizen's status page.
  std::string comment;
  Instant at = 0;  // when the citizen rated (the server's `now`)

  friend bool operator==(const DossierRated&, const DossierRated&) = default;
};

// Level 4 or a complaint: "unsatisfied" for Decision 766 (file comment).
bool CountsAsUnsatisfied(const DossierRated& rating);

// "rất hài lòng", "hài lòng", "chấp nhận được", "không hài lòng"; empty for
// a number outside the scale.
std::string_view RatingNameVi(int rating);

}  // namespace motcua::engine
