#include "engine/dossier/citizen_rating.h"

namespace motcua::engine {

bool CountsAsUnsatisfied(const DossierRated& rating) {
  return rating.complaint || rating.rating == kRatingUnsatisfied;
}

std::string_view RatingNameVi(int rating) {
  switch (rating) {
    case kRatingVerySatisfied:
      return "rất hài lòng";
    case kRatingSatisfied:
      return "hài lòng";
    case kRatingAcceptable:
      return "chấp nhận được";
    case kRatingUnsatisfied:
      return "không hài lòng";
    default:
      return "";
  }
}

}  // namespace motcua::engine
