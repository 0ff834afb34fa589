#include "runtime/personal_data_purge.h"

#include <future>
#include <memory>
#include <utility>
#include <vector>

#include "engine/dossier/personal_data.h"
#include "engine/lifecycle/retention.h"
#include "runtime/log.h"

namespace motcua::runtime {

std::string PurgeRequestId(std::string_view code) {
  return "purge:" + std::string(code);
}

PersonalDataPurger::PersonalDataPurger(Sequencer& sequencer,
                                       const engine::DossierStore& store,
                                       const engine::Clock& clock,
                                       PurgeOptions options,
                                       AfterPurge after_purge)
    : sequencer_(sequencer),
      store_(store),
      clock_(clock),
      options_(std::move(options)),
      after_purge_(std::move(after_purge)),
      loop_({.name = "personal_data_purge",
             .after_failure = std::chrono::minutes(10)},
            [this] { return Pass(); }) {}

PersonalDataPurger::~PersonalDataPurger() { Stop(); }

engine::Result<PurgeReport> PersonalDataPurger::PurgeOnce() {
  if (engine::Status s = engine::ValidateRetentionYears(
          options_.retention_years, "--personal-data-retention-years");
      !s.ok()) {
    return s.error();
  }
  PurgeReport report;
  report.cutoff =
      engine::RetentionCutoff(clock_.Now(), options_.retention_years);
  std::string after;
  for (;;) {
    if (stopping_) return engine::Unavailable("the server is stopping");
    auto page = store_.ScanDossiers(after, options_.page);
    if (!page.ok()) return page.error();
    if (page->empty()) break;
    after = page->back().code;
    report.examined += page->size();
    std::vector<std::future<engine::Result<CommandReply>>> replies;
    for (const engine::Dossier& d : *page) {
      if (!engine::PurgeDue(d, report.cutoff)) continue;
      auto promise =
          std::make_shared<std::promise<engine::Result<CommandReply>>>();
      replies.push_back(promise->get_future());
      DossierCommand cmd;
      cmd.client_id = options_.client_id;
      cmd.request_id = PurgeRequestId(d.code);
      cmd.command = engine::PurgeCommand{options_.retention_years};
      cmd.dossier_code = d.code;
      cmd.decide = [actor = options_.client_id](const engine::Dossier& current,
                                                const engine::WriteCommand& c,
                                                engine::Instant now) {
        return engine::DecidePurge(current, std::get<engine::PurgeCommand>(c),
                                   now, actor);
      };
      cmd.rewrite = [](engine::DossierEvent& e) {
        return engine::ScrubPersonalData(e);
      };
      sequencer_.Execute(std::move(cmd),
                         [promise](engine::Result<CommandReply> r) {
                           promise->set_value(std::move(r));
                         });
    }
    std::optional<engine::Error> stop;
    for (auto& f : replies) {
      auto r = f.get();
      if (r.ok()) {
        if (!r->replayed) {
          ++report.purged;
          pending_.push_back(r->dossier.code);
        }
      } else if (r.error().code == engine::ErrorCode::kUnavailable ||
                 r.error().code == engine::ErrorCode::kResourceExhausted) {
        stop = r.error();  // the store or the queue: the next pass
      }
      // Others concern one dossier (it became active again): skipped.
    }
    if (stop) return *stop;
    if (page->size() < options_.page) break;
  }
  if (!pending_.empty() && after_purge_) {
    if (engine::Status s = after_purge_(pending_); !s.ok()) return s.error();
  }
  pending_.clear();
  return report;
}

void PersonalDataPurger::Start() { loop_.Start(); }

void PersonalDataPurger::Stop() {
  stopping_ = true;
  loop_.Stop();
}

std::chrono::microseconds PersonalDataPurger::Pass() {
  const auto started = std::chrono::steady_clock::now();
  auto report = PurgeOnce();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started)
          .count();
  if (!report.ok()) {
    Log(LogLevel::kWarn, "personal_data_purge_failed",
        {{"error", report.error().message}, {"seconds", seconds}});
    return std::chrono::hours(1);
  }
  if (report->purged > 0) {
    Log(LogLevel::kInfo, "personal_data_purge",
        {{"purged", report->purged},
         {"examined", report->examined},
         {"retention_years", options_.retention_years},
         {"closed_before", engine::FormatVietnamInstant(report->cutoff)},
         {"seconds", seconds}});
  }
  return options_.interval;
}

}  // namespace motcua::runtime
