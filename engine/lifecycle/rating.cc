#include "engine/lifecycle/rating.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>

#include "engine/common/text.h"

namespace motcua::engine {

Result<std::vector<DossierEvent>> DecideRating(const Dossier& d, int rating,
                                               bool complaint,
                                               std::string comment,
                                               Instant now) {
  if (rating < kRatingMin || rating > kRatingMax) {
    return InvalidArgument(
        "rating: must be 1 (rất hài lòng), 2 (hài lòng), 3 (chấp nhận được) "
        "or 4 (không hài lòng), got " +
        std::to_string(rating));
  }
  // A comment is prose: line breaks and tabs are fine, other controls not.
  std::string printable = comment;
  std::replace_if(
      printable.begin(), printable.end(),
      [](char c) { return c == '\n' || c == '\r' || c == '\t'; }, ' ');
  const std::optional<size_t> chars = CountPrintableUtf8(printable);
  if (!chars) {
    return InvalidArgument(
        "comment: must be UTF-8 text without control characters other than "
        "line breaks and tabs");
  }
  if (Status s = ValidateText(printable, "comment", 0, kMaxRatingCommentChars);
      !s.ok()) {
    return s.error();
  }
  const std::string subject = "cannot rate dossier " + d.code;
  if (d.state != DossierState::kReturned) {
    return FailedPrecondition(subject + ": it is " +
                              std::string(DossierStateName(d.state)) +
                              "; it can be rated once its result is returned");
  }
  if (d.rating) {
    return FailedPrecondition(subject + ": it was already rated on " +
                              FormatDate(VietnamDateOf(d.rating->at)) +
                              " and a dossier is rated once");
  }
  DossierEvent e;
  e.version = d.version + 1;
  e.recorded_at = now;
  e.actor = std::string(kRatingActor);
  e.body = DossierRated{rating, complaint, std::move(comment), now};
  return std::vector<DossierEvent>{std::move(e)};
}

}  // namespace motcua::engine
