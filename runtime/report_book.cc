#include "runtime/report_book.h"

#include <mutex>

#include "engine/codec/binary.h"

namespace motcua::runtime {
namespace {

using engine::FactDictionary;

constexpr std::string_view kDictKey = "dict";
constexpr std::string_view kFactPrefix = "f";

size_t DictionarySize(const FactDictionary& d) {
  return d.agencies().size() + d.fields().size() + d.procedures().size();
}

}  // namespace

std::string EncodeDictionary(const FactDictionary& d) {
  engine::BinaryWriter w;
  for (const auto* list : {&d.agencies(), &d.fields(), &d.procedures()}) {
    w.PutVarint(list->size());
    for (const engine::DictionaryEntry& e : *list) {
      w.PutString(e.code);
      w.PutString(e.name);
      w.PutVarint(static_cast<uint64_t>(e.level));
    }
  }
  return w.Release();
}

engine::Result<FactDictionary> DecodeDictionary(std::string_view bytes) {
  FactDictionary d;
  engine::BinaryReader r(bytes);
  for (int list = 0; list < 3; ++list) {
    uint64_t n = 0;
    if (!r.GetVarint(n))
      return engine::Internal("report dictionary is corrupt");
    for (uint64_t i = 0; i < n; ++i) {
      std::string code, name;
      uint64_t level = 0;
      if (!r.GetString(code) || !r.GetString(name) || !r.GetVarint(level) ||
          level > 2) {
        return engine::Internal("report dictionary is corrupt");
      }
      engine::Result<uint16_t> id =
          list == 0   ? d.DefineAgency(code, name,
                                       static_cast<engine::ReportLevel>(level))
          : list == 1 ? d.InternField(code, name)
                      : d.InternProcedure(code);
      if (!id.ok()) return id.error();
      if (*id != i)
        return engine::Internal("report dictionary ids out of order");
    }
  }
  if (!r.done()) return engine::Internal("report dictionary is corrupt");
  return d;
}

engine::Result<engine::ReportFact> ReportBook::Recompute(
    const engine::Dossier& d, FactDictionary& dict) const {
  std::shared_ptr<const engine::WorkingCalendar> cal;
  if (d.terms) {
    auto named = calendars_.Get(d.terms->calendar);
    if (!named.ok()) return named.error();
    cal = *named;
  } else {
    auto all = calendars_.All();
    if (all.empty())
      return engine::FailedPrecondition("no calendar configured");
    cal = all.front();  // a dossier without terms has no clock to replay
  }
  return engine::FactOf(d, *cal, dict);
}

engine::Result<std::unique_ptr<ReportBook>> ReportBook::Open(
    engine::DossierStore& store, const CalendarBook& calendars,
    const CatalogueBook& catalogue) {
  std::unique_ptr<ReportBook> book(new ReportBook(calendars, catalogue));
  engine::Status decode_error;
  bool have_rows = false;
  bool stale_facts = false;  // an older fact format: rebuild from dossiers
  engine::Status s =
      store.ForEachReportRow([&](std::string_view key, std::string_view value) {
        have_rows = true;
        if (!decode_error.ok()) return;
        if (key == kDictKey) {
          auto d = DecodeDictionary(value);
          if (!d.ok()) {
            decode_error = d.error();
          } else {
            book->dictionary_ = std::move(*d);
          }
        } else if (key.starts_with(kFactPrefix)) {
          auto fact = engine::DecodeFact(value);
          if (!fact.ok() &&
              fact.error().code == engine::ErrorCode::kFailedPrecondition) {
            stale_facts = true;
            return;
          }
          if (!fact.ok()) {
            decode_error = fact.error();
            return;
          }
          const std::string code(key.substr(kFactPrefix.size()));
          book->index_[code] = book->facts_.size();
          book->codes_.push_back(code);
          book->facts_.push_back(*fact);
        }
      });
  if (!s.ok()) return s.error();
  if (!decode_error.ok()) return decode_error.error();

  // Names and levels from the catalogue in force.
  FactDictionary& dict = book->dictionary_;
  const size_t before = DictionarySize(dict);
  auto snapshot = catalogue.Snapshot();
  std::string encoded_before = EncodeDictionary(dict);
  for (const auto& [code, agency] : snapshot->agencies()) {
    auto id = dict.DefineAgency(code, agency.name,
                                engine::ReportLevelOf(*snapshot, code));
    if (!id.ok()) return id.error();
  }
  for (const auto& [key, procedure] : snapshot->procedures()) {
    if (auto id = dict.InternField(procedure.field_code, procedure.field_name);
        !id.ok()) {
      return id.error();
    }
  }
  engine::CommitBatch initial;
  // An index older than its dossiers (or none yet), or facts of an older
  // format (report_fact.h): build it once, keeping the dictionary's ids.
  if (!have_rows || stale_facts) {
    book->facts_.clear();
    book->codes_.clear();
    book->index_.clear();
    std::string after;
    for (;;) {
      auto page = store.ScanDossiers(after, 1024);
      if (!page.ok()) return page.error();
      if (page->empty()) break;
      for (const engine::Dossier& d : *page) {
        auto fact = book->Recompute(d, dict);
        if (!fact.ok()) return fact.error();
        book->index_[d.code] = book->facts_.size();
        book->codes_.push_back(d.code);
        book->facts_.push_back(*fact);
        initial.report_rows.emplace_back(std::string(kFactPrefix) + d.code,
                                         engine::EncodeFact(*fact));
      }
      after = page->back().code;
    }
  }
  if (DictionarySize(dict) != before ||
      EncodeDictionary(dict) != encoded_before ||
      !initial.report_rows.empty()) {
    initial.report_rows.emplace_back(std::string(kDictKey),
                                     EncodeDictionary(dict));
    if (engine::Status c = store.Commit(initial); !c.ok()) return c.error();
  }
  book->staging_dictionary_ = book->dictionary_;
  return book;
}

engine::Status ReportBook::Stage(std::span<const ChangedDossier> changed,
                                 engine::CommitBatch& batch) {
  staged_.clear();
  const size_t before = DictionarySize(staging_dictionary_);
  for (const ChangedDossier& c : changed) {
    if (!c.appended) continue;
    const engine::Dossier& d = c.after;
    auto fact = Recompute(d, staging_dictionary_);
    // A dossier whose clock cannot be replayed (its calendar vanished from
    // the configuration) keeps its previous fact until it can.
    if (!fact.ok()) continue;
    batch.report_rows.emplace_back(std::string(kFactPrefix) + d.code,
                                   engine::EncodeFact(*fact));
    staged_.emplace_back(d.code, *fact);
  }
  dictionary_staged_ = DictionarySize(staging_dictionary_) != before;
  if (dictionary_staged_) {
    batch.report_rows.emplace_back(std::string(kDictKey),
                                   EncodeDictionary(staging_dictionary_));
  }
  return {};
}

void ReportBook::AfterCommit(bool committed) {
  if (!committed) {
    std::shared_lock lock(mu_);
    if (dictionary_staged_) staging_dictionary_ = dictionary_;
    staged_.clear();
    dictionary_staged_ = false;
    return;
  }
  std::unique_lock lock(mu_);
  for (auto& [code, fact] : staged_) {
    auto it = index_.find(code);
    if (it == index_.end()) {
      index_.emplace(code, facts_.size());
      codes_.push_back(code);
      facts_.push_back(fact);
    } else {
      facts_[it->second] = fact;
    }
  }
  if (dictionary_staged_) dictionary_ = staging_dictionary_;
  staged_.clear();
  dictionary_staged_ = false;
}

void ReportBook::Read(
    const std::function<void(std::span<const engine::ReportFact>,
                             const std::vector<std::string>&,
                             const FactDictionary&)>& read) const {
  std::shared_lock lock(mu_);
  read(facts_, codes_, dictionary_);
}

}  // namespace motcua::runtime
