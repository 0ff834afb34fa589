#include "runtime/sequencer.h"

#include <algorithm>
#include <chrono>

#include "engine/dossier/dossier_codec.h"
#include "engine/dossier/personal_data.h"
#include "engine/idempotency/fingerprint.h"
#include "engine/postal/decide_postal.h"
#include "runtime/log.h"

namespace motcua::runtime {

using engine::CivilDate;
using engine::Dossier;
using engine::DossierEvent;
using engine::Error;
using engine::Result;
using engine::Status;

namespace {

engine::Error ReusedRequestId(const std::string& client,
                              const std::string& request,
                              const std::string& code,
                              const std::string& field = "request_id") {
  return engine::InvalidArgument(
      field + ": \"" + request + "\" was already used by " + client +
      " for another request (dossier " + code + "); use a new " + field);
}

// The idempotency rule of sequencer.h: OK when the record stored under a
// key answers this command (a replay). `code`: the dossier an Execute acts
// on (unused for a receipt).
Status MatchRecord(const engine::IdempotencyRecord& r, uint64_t fingerprint,
                   bool receipt, const std::string& code,
                   const std::string& field) {
  // Only a receipt creates version 1.
  const bool same_target = receipt
                               ? r.first_version == 1
                               : r.first_version > 1 && r.dossier_code == code;
  if (same_target && r.fingerprint_scheme == engine::kLegacyFingerprintScheme) {
    return {};
  }
  if (same_target && r.fingerprint_scheme == engine::kFingerprintScheme &&
      r.fingerprint == fingerprint) {
    return {};
  }
  if (r.fingerprint_scheme > engine::kFingerprintScheme) {
    return engine::FailedPrecondition(
        field + ": \"" + r.request_id + "\" of " + r.client_id +
        " was recorded by a newer server (fingerprint scheme " +
        std::to_string(r.fingerprint_scheme) + "; this one knows up to " +
        std::to_string(engine::kFingerprintScheme) +
        "); run the newer version");
  }
  return ReusedRequestId(r.client_id, r.request_id, r.dossier_code, field);
}

}  // namespace

// Everything one group commit stages: the CommitBatch, the dossiers as this
// batch left them, counters, idempotency records, and the replies to send
// once the commit's outcome is known.
class Sequencer::Batch {
 public:
  Batch(Sequencer& seq, engine::Instant now)
      : seq_(seq), now_(now), next_global_seq_(seq.last_global_seq_ + 1) {}

  engine::Instant now() const { return now_; }
  engine::CommitBatch& commit() { return commit_; }
  bool empty() const { return pending_.empty(); }

  // The dossier as this batch left it, else as stored.
  Result<std::optional<Dossier>> Load(const std::string& code) {
    if (auto it = dossier_index_.find(code); it != dossier_index_.end()) {
      return std::optional<Dossier>(commit_.dossiers[it->second]);
    }
    return seq_.store_.FindDossier(code);
  }

  // The committed reply for a request key, if this batch or the store has
  // one; Error when the lookup failed.
  struct Prior {
    engine::IdempotencyRecord record;
    // Set when the first request is in this batch.
    const CommandReply* staged = nullptr;
  };
  Result<std::optional<Prior>> FindRequest(const std::string& client,
                                           const std::string& request) {
    if (auto it = staged_requests_.find({client, request});
        it != staged_requests_.end()) {
      return std::optional<Prior>(
          Prior{commit_.requests[it->second.first], &it->second.second});
    }
    auto stored = seq_.store_.FindRequest(client, request);
    if (!stored.ok()) return stored.error();
    if (!stored->has_value()) return std::optional<Prior>();
    return std::optional<Prior>(Prior{**stored, nullptr});
  }

  // The reply a committed request gave: the dossier as of its last version
  // and the events it appended.
  Result<CommandReply> Replay(const engine::IdempotencyRecord& record) {
    auto events = seq_.store_.ListEvents(record.dossier_code);
    if (!events.ok()) return events.error();
    if (events->size() < record.last_version) {
      return engine::Internal("idempotency record of " + record.dossier_code +
                              " points past its event log");
    }
    CommandReply reply;
    events->resize(record.last_version);
    reply.dossier = engine::Fold(*events);
    engine::AccountHistory(reply.dossier, *events);
    for (const DossierEvent& e : *events) {
      if (e.version >= record.first_version) reply.events.push_back(e);
    }
    reply.replayed = true;
    return reply;
  }

  Result<uint32_t> LastSequence(const std::string& agency, CivilDate date) {
    const auto key = std::make_pair(agency, engine::DaysFromCivil(date));
    if (auto it = staged_counters_.find(key); it != staged_counters_.end()) {
      return it->second;
    }
    if (auto it = seq_.counters_.find(key); it != seq_.counters_.end()) {
      return it->second;
    }
    return seq_.store_.LastSequence(agency, date);
  }

  void AdvanceCounter(const std::string& agency, CivilDate date,
                      uint32_t last) {
    staged_counters_[{agency, engine::DaysFromCivil(date)}] = last;
    commit_.counters.push_back({agency, date, last});
  }

  // Stages `events` (already applied to give `state`) for the request key
  // and returns the reply the request will get if the commit succeeds.
  const CommandReply& Stage(const std::string& client,
                            const std::string& request, uint64_t fingerprint,
                            Dossier state, std::vector<DossierEvent> events) {
    const std::string& code = state.code;
    for (DossierEvent& e : events) {
      commit_.events.push_back({code, e, next_global_seq_++});
    }
    engine::IdempotencyRecord record{client,
                                     request,
                                     fingerprint,
                                     code,
                                     events.front().version,
                                     events.back().version,
                                     now_,
                                     engine::kFingerprintScheme};
    if (auto it = dossier_index_.find(code); it != dossier_index_.end()) {
      commit_.dossiers[it->second] = state;
    } else {
      dossier_index_[code] = commit_.dossiers.size();
      commit_.dossiers.push_back(state);
    }
    commit_.requests.push_back(record);
    auto [it, inserted] = staged_requests_.emplace(
        std::make_pair(client, request),
        std::make_pair(
            commit_.requests.size() - 1,
            CommandReply{std::move(state), std::move(events), false}));
    return it->second.second;
  }

  // The tracking numbers `events` tie to `code` that are not tied yet;
  // AlreadyExists when one belongs to another dossier.
  Result<std::vector<std::string>> NewTrackingNumbers(
      const std::vector<DossierEvent>& events, const std::string& code) {
    std::vector<std::string> fresh;
    for (std::string& number : engine::TrackingNumbersIntroduced(events)) {
      std::optional<std::string> owner;
      if (auto it = staged_tracking_.find(number);
          it != staged_tracking_.end()) {
        owner = it->second;
      } else {
        auto stored = seq_.store_.FindByTrackingNumber(number);
        if (!stored.ok()) return stored.error();
        owner = *stored;
      }
      if (owner && *owner != code) {
        return engine::Error{engine::ErrorCode::kAlreadyExists,
                             "tracking number " + number +
                                 " already belongs to dossier " + *owner};
      }
      if (!owner) fresh.push_back(std::move(number));
    }
    return fresh;
  }

  void TieTrackingNumbers(const std::vector<std::string>& numbers,
                          const std::string& code) {
    for (const std::string& n : numbers) {
      staged_tracking_[n] = code;
      commit_.tracking.push_back({n, code});
    }
  }

  // Passes every event of `code` already stored or staged through
  // `rewrite` (DossierCommand::rewrite); stages the stored ones it changed
  // for rewriting. Returns the stored size of those events afterwards.
  Result<uint64_t> RewriteHistory(
      const std::string& code,
      const std::function<bool(DossierEvent&)>& rewrite) {
    auto stored = seq_.store_.ListEvents(code);
    if (!stored.ok()) return stored.error();
    uint64_t bytes = 0;
    for (DossierEvent& e : *stored) {
      if (rewrite(e)) commit_.rewritten.push_back({code, e, 0});
      bytes += engine::EncodeEvent(e).size();
    }
    for (engine::CommitBatch::CodedEvent& staged : commit_.events) {
      if (staged.code != code) continue;
      rewrite(staged.event);
      bytes += engine::EncodeEvent(staged.event).size();
    }
    return bytes;
  }

  // Recompute the deadline entries of a dossier this batch did not change.
  void RefreshWatch(Dossier state) {
    if (dossier_index_.contains(state.code)) return;
    refresh_.insert_or_assign(state.code, std::move(state));
  }

  // What the projections see: every dossier the batch changed, then the
  // ones only re-examined (RefreshWatch). Valid until the batch ends.
  std::vector<ChangedDossier> Changed() const {
    std::vector<ChangedDossier> changed;
    changed.reserve(commit_.dossiers.size() + refresh_.size());
    for (const Dossier& d : commit_.dossiers) changed.push_back({d, true});
    for (const auto& [code, d] : refresh_) changed.push_back({d, false});
    return changed;
  }

  // Called after the commit with its outcome.
  void OnCommit(std::function<void(const engine::Status&)> reply) {
    pending_.push_back(std::move(reply));
  }

  void Finish(const engine::Status& committed) {
    if (committed.ok()) {
      for (const auto& [key, last] : staged_counters_)
        seq_.counters_[key] = last;
      // A province has a few hundred agencies; dropping the cache now and
      // then only costs one store read per (agency, day) afterwards.
      if (seq_.counters_.size() > 200000) seq_.counters_.clear();
      seq_.last_global_seq_ = next_global_seq_ - 1;
    }
    for (auto& reply : pending_) reply(committed);
  }

 private:
  Sequencer& seq_;
  const engine::Instant now_;
  uint64_t next_global_seq_;
  engine::CommitBatch commit_;
  std::map<std::string, size_t> dossier_index_;
  std::map<std::pair<std::string, int64_t>, uint32_t> staged_counters_;
  std::map<std::string, std::string> staged_tracking_;
  std::map<std::string, Dossier> refresh_;
  // request key -> (index into commit_.requests, the reply it will get)
  std::map<std::pair<std::string, std::string>, std::pair<size_t, CommandReply>>
      staged_requests_;
  std::vector<std::function<void(const engine::Status&)>> pending_;
};

Result<std::unique_ptr<Sequencer>> Sequencer::Start(engine::DossierStore& store,
                                                    const engine::Clock& clock,
                                                    SequencerOptions options) {
  auto last = store.LastGlobalSequence();
  if (!last.ok()) return last.error();
  return std::unique_ptr<Sequencer>(
      new Sequencer(store, clock, options, *last));
}

Sequencer::Sequencer(engine::DossierStore& store, const engine::Clock& clock,
                     SequencerOptions options, uint64_t last_global_seq)
    : store_(store),
      clock_(clock),
      options_(options),
      last_global_seq_(last_global_seq) {
  worker_ = std::thread([this] { Run(); });
}

Sequencer::~Sequencer() { Stop(); }

void Sequencer::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (worker_.joinable()) worker_.join();
}

uint64_t Sequencer::commits() const {
  std::lock_guard lock(mu_);
  return commits_;
}

size_t Sequencer::queue_depth() const {
  std::lock_guard lock(mu_);
  return queue_.size();
}

void Sequencer::FailJob(Job& job, Error error) {
  std::visit([&](auto& j) { j.done(std::move(error)); }, job);
}

void Sequencer::Enqueue(Job job) {
  {
    std::unique_lock lock(mu_);
    if (stopping_) {
      lock.unlock();
      FailJob(job, engine::Unavailable("the server is shutting down; retry"));
      return;
    }
    if (queue_.size() >= options_.max_queue) {
      lock.unlock();
      FailJob(job, engine::ResourceExhausted(
                       "the write queue is full (" +
                       std::to_string(options_.max_queue) +
                       " commands waiting); retry with backoff"));
      return;
    }
    queue_.push_back(std::move(job));
  }
  cv_.notify_one();
}

void Sequencer::Receive(engine::ReceiveCommand command, ReceiveDone done) {
  Enqueue(ReceiveJob{engine::WriteCommand(std::move(command)), nullptr,
                     std::move(done)});
}

void Sequencer::Receive(engine::ReceiveCommand command, Admit admit,
                        ReceiveDone done) {
  Enqueue(ReceiveJob{engine::WriteCommand(std::move(command)), std::move(admit),
                     std::move(done)});
}

void Sequencer::Execute(DossierCommand command, CommandDone done) {
  Enqueue(ExecuteJob{std::move(command), std::move(done)});
}

void Sequencer::Run() {
  std::deque<Job> jobs;
  for (;;) {
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) {
        jobs.swap(queue_);
        lock.unlock();
        for (Job& job : jobs) {
          FailJob(job,
                  engine::Unavailable("the server is shutting down; retry"));
        }
        return;
      }
      const size_t n = std::min(queue_.size(), options_.max_batch);
      for (size_t i = 0; i < n; ++i) {
        jobs.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    Process(jobs);
    jobs.clear();
  }
}

namespace {

engine::Error Unstored(const engine::Status& committed) {
  return engine::Unavailable(committed.error().message +
                             "; nothing was stored, retry with the same "
                             "request_id");
}

void RunReceive(Sequencer::ReceiveDone& done, const engine::WriteCommand& write,
                const Admit& admit, auto& batch) {
  const auto& cmd = std::get<engine::ReceiveCommand>(write);
  const engine::Instant now = batch.now();
  if (engine::Status s = engine::ValidateReceipt(cmd, now); !s.ok()) {
    done(s.error());
    return;
  }
  const uint64_t fingerprint = engine::Fingerprint(write);
  auto prior = batch.FindRequest(cmd.client_id, cmd.request_id);
  if (!prior.ok()) {
    done(prior.error());
    return;
  }
  if (prior->has_value()) {
    const auto& p = **prior;
    if (Status s = MatchRecord(p.record, fingerprint, /*receipt=*/true, "",
                               "request_id");
        !s.ok()) {
      done(s.error());
      return;
    }
    if (p.staged != nullptr) {
      Dossier dossier = p.staged->dossier;
      batch.OnCommit([done, dossier](const engine::Status& committed) {
        if (!committed.ok()) return done(Unstored(committed));
        done(ReceiveReply{dossier, true});
      });
      return;
    }
    auto replay = batch.Replay(p.record);
    if (!replay.ok()) return done(replay.error());
    done(ReceiveReply{std::move(replay->dossier), true});
    return;
  }
  const CivilDate date = engine::ReceiptDate(cmd, now);
  auto last = batch.LastSequence(cmd.agency_code, date);
  if (!last.ok()) return done(last.error());
  auto event = admit ? admit(cmd, now, *last)
                     : engine::ReceiveValidated(cmd, now, *last);
  if (!event.ok()) return done(event.error());
  Dossier dossier = engine::Fold({*event});
  engine::AccountHistory(dossier, {&*event, 1});
  auto tracking = batch.NewTrackingNumbers({*event}, dossier.code);
  if (!tracking.ok()) return done(tracking.error());
  batch.TieTrackingNumbers(*tracking, dossier.code);
  batch.AdvanceCounter(cmd.agency_code, date, dossier.sequence);
  const CommandReply& reply = batch.Stage(cmd.client_id, cmd.request_id,
                                          fingerprint, dossier, {*event});
  Dossier result = reply.dossier;
  batch.OnCommit([done, result](const engine::Status& committed) {
    if (!committed.ok()) return done(Unstored(committed));
    done(ReceiveReply{result, false});
  });
}

void RunExecute(Sequencer::CommandDone& done, DossierCommand& cmd,
                auto& batch) {
  const uint64_t fingerprint = engine::Fingerprint(cmd.command);
  auto prior = batch.FindRequest(cmd.client_id, cmd.request_id);
  if (!prior.ok()) return done(prior.error());
  if (prior->has_value()) {
    const auto& p = **prior;
    if (Status s = MatchRecord(p.record, fingerprint, /*receipt=*/false,
                               cmd.dossier_code, cmd.key_field);
        !s.ok()) {
      return done(s.error());
    }
    if (p.staged != nullptr) {
      CommandReply reply = *p.staged;
      reply.replayed = true;
      batch.OnCommit([done, reply](const engine::Status& committed) {
        if (!committed.ok()) return done(Unstored(committed));
        done(reply);
      });
      return;
    }
    return done(batch.Replay(p.record));
  }
  auto current = batch.Load(cmd.dossier_code);
  if (!current.ok()) return done(current.error());
  if (!current->has_value()) {
    return done(engine::NotFound("no dossier with code " + cmd.dossier_code));
  }
  Dossier state = std::move(**current);
  if (cmd.expected_version && *cmd.expected_version != state.version) {
    return done(engine::Error{
        engine::ErrorCode::kAborted,
        "dossier " + cmd.dossier_code + " is at version " +
            std::to_string(state.version) + " but the request expected " +
            std::to_string(*cmd.expected_version) +
            "; reload the dossier and retry"});
  }
  auto events = cmd.decide(state, cmd.command, batch.now());
  if (!events.ok()) return done(events.error());
  auto added_bytes = engine::CheckDossierRoom(state, *events);
  if (!added_bytes.ok()) return done(added_bytes.error());
  if (events->empty()) {
    // Nothing to do (a repeat the engine recognised, e.g. a carrier's
    // report already recorded): answered as a replay, but only after this
    // batch commits, in case the original is staged in it.
    if (cmd.refresh_watch) batch.RefreshWatch(state);
    CommandReply reply{std::move(state), {}, true};
    batch.OnCommit([done, reply](const engine::Status& committed) {
      if (!committed.ok()) return done(Unstored(committed));
      done(reply);
    });
    return;
  }
  // Purged stays purged: what a later event would bring (a late rating's
  // comment, a late delivery's recipient) is not stored either.
  if (state.personal_data_purged_at) {
    for (DossierEvent& e : *events) engine::ScrubPersonalData(e);
  }
  auto tracking = batch.NewTrackingNumbers(*events, cmd.dossier_code);
  if (!tracking.ok()) return done(tracking.error());
  for (const DossierEvent& e : *events) engine::Apply(state, e);
  state.history_bytes += *added_bytes;
  if (cmd.rewrite) {
    auto kept = batch.RewriteHistory(cmd.dossier_code, cmd.rewrite);
    if (!kept.ok()) return done(kept.error());
    state.history_bytes = *kept + *added_bytes;
  }
  batch.TieTrackingNumbers(*tracking, cmd.dossier_code);
  const CommandReply& reply =
      batch.Stage(cmd.client_id, cmd.request_id, fingerprint, std::move(state),
                  std::move(*events));
  CommandReply result = reply;
  batch.OnCommit([done, result](const engine::Status& committed) {
    if (!committed.ok()) return done(Unstored(committed));
    done(result);
  });
}

}  // namespace

void Sequencer::Process(std::deque<Job>& jobs) {
  if (options_.metrics != nullptr) {
    options_.metrics->batch_size.Observe(static_cast<double>(jobs.size()));
  }
  Batch batch(*this, clock_.Now());
  for (Job& job : jobs) {
    std::visit(
        [&](auto& j) {
          using T = std::decay_t<decltype(j)>;
          if constexpr (std::is_same_v<T, ReceiveJob>) {
            RunReceive(j.done, j.command, j.admit, batch);
          } else {
            RunExecute(j.done, j.command, batch);
          }
        },
        job);
  }
  if (batch.empty()) return;
  const std::vector<ChangedDossier> changed = batch.Changed();
  engine::Status committed;
  size_t staged = 0;
  const auto commit_start = std::chrono::steady_clock::now();
  for (Projection* projection : options_.projections) {
    ++staged;
    if (engine::Status s = projection->Stage(changed, batch.commit());
        !s.ok()) {
      committed = engine::Internal(std::string(projection->name()) + ": " +
                                   s.error().message);
      break;
    }
  }
  if (committed.ok()) committed = store_.Commit(batch.commit());
  for (size_t i = 0; i < staged; ++i) {
    options_.projections[i]->AfterCommit(committed.ok());
  }
  if (options_.metrics != nullptr) {
    options_.metrics->commit_seconds.Observe(
        std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                      commit_start)
            .count());
    if (!committed.ok()) options_.metrics->failed_commits.fetch_add(1);
  }
  if (committed.ok()) {
    std::lock_guard lock(mu_);
    ++commits_;
  } else {
    Log(LogLevel::kError, "commit_failed",
        {{"commands", jobs.size()}, {"error", committed.error().message}});
  }
  batch.Finish(committed);
  if (committed.ok() && options_.on_commit)
    options_.on_commit(last_global_seq_);
}

}  // namespace motcua::runtime
