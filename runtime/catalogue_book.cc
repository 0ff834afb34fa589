#include "runtime/catalogue_book.h"

#include <algorithm>

#include "engine/catalogue/catalogue_text.h"
#include "engine/common/text.h"

namespace motcua::runtime {
namespace {

using engine::Catalogue;
using engine::CatalogueData;
using engine::Result;

enum class Mode {
  // Start-up replay: a procedure version already present with equal content
  // is skipped, and agency changes stored before revisions existed take the
  // next revision.
  kReplay,
  // A change applied now: agency replacements must name their revision.
  kApply,
};

const engine::Procedure* StoredVersion(const Catalogue& catalogue,
                                       const std::pair<std::string, int>& key) {
  auto it = catalogue.procedures().find(key);
  return it == catalogue.procedures().end() ? nullptr : &it->second;
}

// `given` is the stored version as it was added: equal, or equal but for the
// effective_until that adding the next version gave an open-ended one
// (Catalogue::AddProcedureVersion), so a file applied again after a later
// version still matches.
bool SameVersion(const Catalogue& catalogue, const engine::Procedure& stored,
                 const engine::Procedure& given) {
  if (stored == given) return true;
  if (given.effective_until || !stored.effective_until) return false;
  const engine::Procedure* next =
      StoredVersion(catalogue, {stored.code, stored.version + 1});
  if (next == nullptr || next->effective_from != *stored.effective_until) {
    return false;
  }
  engine::Procedure reopened = stored;
  reopened.effective_until.reset();
  return reopened == given;
}

// Applies `data` to `catalogue`. What the catalogue already holds exactly as
// given (an agency of the same content, a procedure version equal to the
// stored one) is skipped and not listed, so applying a text twice changes
// nothing the second time.
Result<CatalogueApplied> ApplyData(Catalogue& catalogue, CatalogueData data,
                                   Mode mode, const AgencyCheck& check) {
  CatalogueApplied applied;
  for (engine::Agency& a : data.agencies) {
    const std::string code = a.code;
    const std::string section = "[agency " + code + "]: ";
    if (check) {
      if (engine::Status s = check(a); !s.ok()) {
        return engine::InvalidArgument(section + s.error().message);
      }
    }
    if (const engine::Agency* old = catalogue.AgencyByCode(code)) {
      // Already as given: nothing to store, nothing to report.
      if (engine::SameAgencyContent(*old, a)) continue;
      if (mode == Mode::kReplay) {
        a.revision = std::max(a.revision, old->revision + 1);
      } else if (a.revision != old->revision + 1) {
        return engine::FailedPrecondition(
            section + "the agency exists at revision " +
            std::to_string(old->revision) + " (name " +
            engine::QuoteText(old->name) + ", calendar " +
            engine::QuoteText(old->calendar) +
            "); changing it must be explicit: add \"revision = " +
            std::to_string(old->revision + 1) +
            "\" to the section, after checking the change against it");
      }
    } else if (mode == Mode::kApply && a.revision != 1) {
      return engine::FailedPrecondition(
          section + "the agency is new, so its revision is 1, not " +
          std::to_string(a.revision));
    }
    if (engine::Status s = catalogue.PutAgency(std::move(a)); !s.ok()) {
      return s.error();
    }
    applied.agencies.push_back(code);
  }
  for (engine::Procedure& p : data.procedures) {
    auto key = std::make_pair(p.code, p.version);
    if (const engine::Procedure* old = StoredVersion(catalogue, key)) {
      if (SameVersion(catalogue, *old, p)) continue;
      if (mode == Mode::kReplay) {
        return engine::FailedPrecondition(
            "procedure " + p.code + " version " + std::to_string(p.version) +
            " is both shipped in the catalogue files and stored as a change "
            "with different content; keep one of them");
      }
      return engine::FailedPrecondition(
          "[procedure " + p.code + " " + std::to_string(p.version) +
          "]: the catalogue already has version " + std::to_string(p.version) +
          " with other content; a version never changes once added, so give "
          "the new content the next version number");
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
    CatalogueData shipped, engine::CatalogueStore& store, AgencyCheck check) {
  auto built = Catalogue::Build(std::move(shipped));
  if (!built.ok()) return built.error();
  auto changes = store.ListCatalogueChanges();
  if (!changes.ok()) return changes.error();
  std::unique_ptr<CatalogueBook> book(
      new CatalogueBook(store, std::move(check)));
  for (const engine::CatalogueChange& c : *changes) {
    book->last_seq_ = std::max(book->last_seq_, c.seq);
    const std::string change = "stored catalogue change " +
                               std::to_string(c.seq) + " (by " +
                               engine::QuoteText(c.client_id) + ")";
    auto data = engine::ParseCatalogueText(c.text);
    if (!data.ok()) {
      book->skipped_.push_back(change +
                               " no longer parses: " + data.error().message);
      continue;
    }
    // All or nothing, as when it was applied.
    Catalogue next = *built;
    auto applied =
        ApplyData(next, std::move(*data), Mode::kReplay, book->check_);
    if (!applied.ok()) {
      book->skipped_.push_back(change + " no longer applies and is skipped: " +
                               applied.error().message);
      continue;
    }
    *built = std::move(next);
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
          "request_id: " + engine::QuoteText(request_id) +
          " was already used by client " + client_id +
          " for another catalogue change; use a new request_id");
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
  auto applied = ApplyData(next, std::move(*data), Mode::kApply, check_);
  if (!applied.ok()) {
    return engine::Error{applied.error().code,
                         "catalogue_text: " + applied.error().message};
  }
  if (applied->agencies.empty() && applied->procedures.empty()) {
    // Everything is already as the text says: no change to store.
    applied->seq = last_seq_;
    applied->unchanged = true;
    return *applied;
  }
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

}  // namespace motcua::runtime
