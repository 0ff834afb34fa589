#include "services/catalogue_book.h"

#include "engine/catalogue/catalogue_text.h"

namespace motcua::services {
namespace {

using engine::Catalogue;
using engine::CatalogueData;
using engine::Result;

// Applies parsed sections to `catalogue`. `tolerate_identical`: a procedure
// version already present with equal content is skipped (start-up replay).
Result<CatalogueApplied> ApplyData(Catalogue& catalogue, CatalogueData data,
                                   bool tolerate_identical) {
  CatalogueApplied applied;
  for (engine::Agency& a : data.agencies) {
    const std::string code = a.code;
    if (engine::Status s = catalogue.PutAgency(std::move(a)); !s.ok()) {
      return s.error();
    }
    applied.agencies.push_back(code);
  }
  for (engine::Procedure& p : data.procedures) {
    auto key = std::make_pair(p.code, p.version);
    if (tolerate_identical) {
      auto it = catalogue.procedures().find(key);
      if (it != catalogue.procedures().end()) {
        if (it->second == p) continue;
        return engine::FailedPrecondition(
            "procedure " + p.code + " version " + std::to_string(p.version) +
            " is both shipped in the catalogue files and stored as a change "
            "with different content; keep one of them");
      }
    }
    if (engine::Status s = catalogue.AddProcedureVersion(std::move(p));
        !s.ok()) {
      return s.error();
    }
    applied.procedures.push_back(std::move(key));
  }
  return applied;
}

}  // namespace

Result<std::unique_ptr<CatalogueBook>> CatalogueBook::Open(
    CatalogueData shipped, engine::CatalogueStore& store) {
  auto built = Catalogue::Build(std::move(shipped));
  if (!built.ok()) return built.error();
  auto changes = store.ListCatalogueChanges();
  if (!changes.ok()) return changes.error();
  std::unique_ptr<CatalogueBook> book(new CatalogueBook(store));
  for (const engine::CatalogueChange& c : *changes) {
    auto data = engine::ParseCatalogueText(c.text);
    if (!data.ok()) {
      return engine::Internal("stored catalogue change " +
                              std::to_string(c.seq) +
                              " no longer parses: " + data.error().message);
    }
    auto applied = ApplyData(*built, std::move(*data), true);
    if (!applied.ok()) {
      return engine::FailedPrecondition(
          "stored catalogue change " + std::to_string(c.seq) + " (by " +
          c.client_id + ") no longer applies: " + applied.error().message);
    }
    applied->seq = c.seq;
    book->applied_[{c.client_id, c.request_id}] = {c.text, *applied};
    book->last_seq_ = c.seq;
  }
  book->catalogue_ = std::make_shared<const Catalogue>(std::move(*built));
  return book;
}

std::shared_ptr<const Catalogue> CatalogueBook::Snapshot() const {
  std::lock_guard lock(read_mu_);
  return catalogue_;
}

Result<CatalogueApplied> CatalogueBook::Apply(const std::string& client_id,
                                              const std::string& request_id,
                                              const std::string& text,
                                              engine::Instant now) {
  std::lock_guard writer(writer_mu_);
  if (auto it = applied_.find({client_id, request_id}); it != applied_.end()) {
    if (it->second.first != text) {
      return engine::InvalidArgument(
          "request_id: \"" + request_id + "\" was already used by client " +
          client_id + " for another catalogue change; use a new request_id");
    }
    CatalogueApplied replay = it->second.second;
    replay.replayed = true;
    return replay;
  }
  auto data = engine::ParseCatalogueText(text);
  if (!data.ok()) {
    return engine::InvalidArgument("catalogue_text: " + data.error().message);
  }
  if (data->agencies.empty() && data->procedures.empty()) {
    return engine::InvalidArgument(
        "catalogue_text: no [agency] or [procedure] section");
  }
  Catalogue next = *Snapshot();
  auto applied = ApplyData(next, std::move(*data), false);
  if (!applied.ok()) return applied.error();
  applied->seq = last_seq_ + 1;
  if (engine::Status s = store_.AppendCatalogueChange(
          {applied->seq, client_id, request_id, text, now});
      !s.ok()) {
    return s.error();
  }
  last_seq_ = applied->seq;
  applied_[{client_id, request_id}] = {text, *applied};
  std::lock_guard lock(read_mu_);
  catalogue_ = std::make_shared<const Catalogue>(std::move(next));
  return *applied;
}

}  // namespace motcua::services
