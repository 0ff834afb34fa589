#include "services/sequencer.h"

#include <optional>
#include <vector>

namespace motcua::services {

using engine::CivilDate;
using engine::Dossier;
using engine::Error;
using engine::Result;

Sequencer::Sequencer(engine::DossierStore& store, const engine::Clock& clock,
                     SequencerOptions options)
    : store_(store), clock_(clock), options_(options) {
  worker_ = std::thread([this] { Run(); });
}

Sequencer::~Sequencer() { Stop(); }

void Sequencer::Stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_ && !worker_.joinable()) return;
    stopping_ = true;
  }
  cv_.notify_all();
  if (worker_.joinable()) worker_.join();
}

uint64_t Sequencer::commits() const {
  std::lock_guard lock(mu_);
  return commits_;
}

void Sequencer::Receive(engine::ReceiveCommand command, ReceiveDone done) {
  {
    std::unique_lock lock(mu_);
    if (stopping_) {
      lock.unlock();
      done(engine::Unavailable("the server is shutting down; retry"));
      return;
    }
    if (queue_.size() >= options_.max_queue) {
      lock.unlock();
      done(engine::ResourceExhausted(
          "the write queue is full (" + std::to_string(options_.max_queue) +
          " commands waiting); retry with backoff"));
      return;
    }
    queue_.push_back(Job{std::move(command), std::move(done)});
  }
  cv_.notify_one();
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
          job.done(engine::Unavailable("the server is shutting down; retry"));
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

void Sequencer::Process(std::deque<Job>& jobs) {
  const engine::Instant now = clock_.Now();
  engine::CommitBatch batch;
  // Counters advanced by this batch; published to counters_ after commit.
  std::map<std::pair<std::string, int64_t>, uint32_t> staged_counters;
  // Requests first seen in this batch -> index into batch.dossiers.
  std::map<std::pair<std::string, std::string>, size_t> staged_requests;
  // Replies that wait for the commit.
  struct Pending {
    Job* job;
    size_t index;  // into batch.dossiers
    bool replayed;
  };
  std::vector<Pending> pending;

  auto fail = [](Job& job, Error e) { job.done(std::move(e)); };

  for (Job& job : jobs) {
    const engine::ReceiveCommand& cmd = job.command;
    if (engine::Status s = engine::ValidateReceipt(cmd, now); !s.ok()) {
      fail(job, s.error());
      continue;
    }
    const uint64_t fingerprint = engine::Fingerprint(cmd);
    const auto request_key = std::make_pair(cmd.client_id, cmd.request_id);
    if (auto it = staged_requests.find(request_key);
        it != staged_requests.end()) {
      if (batch.requests[it->second].fingerprint != fingerprint) {
        fail(job, engine::InvalidArgument(
                      "request_id: \"" + cmd.request_id +
                      "\" was already used by client " + cmd.client_id +
                      " for a different submission; use a new request_id"));
      } else {
        pending.push_back({&job, it->second, true});
      }
      continue;
    }
    auto prior = store_.FindRequest(cmd.client_id, cmd.request_id);
    if (!prior.ok()) {
      fail(job, prior.error());
      continue;
    }
    if (prior->has_value()) {
      const engine::IdempotencyRecord& record = **prior;
      if (record.fingerprint != fingerprint) {
        fail(job, engine::InvalidArgument(
                      "request_id: \"" + cmd.request_id +
                      "\" was already used by client " + cmd.client_id +
                      " for dossier " + record.dossier_code +
                      " with different content; use a new request_id"));
        continue;
      }
      auto dossier = store_.FindDossier(record.dossier_code);
      if (!dossier.ok()) {
        fail(job, dossier.error());
      } else if (!dossier->has_value()) {
        fail(job, engine::Internal("idempotency record points at missing "
                                   "dossier " + record.dossier_code));
      } else {
        job.done(ReceiveReply{std::move(**dossier), true});
      }
      continue;
    }

    const CivilDate date = engine::ReceiptDate(cmd, now);
    const auto counter_key =
        std::make_pair(cmd.agency_code, engine::DaysFromCivil(date));
    uint32_t last = 0;
    if (auto it = staged_counters.find(counter_key);
        it != staged_counters.end()) {
      last = it->second;
    } else if (auto it = counters_.find(counter_key); it != counters_.end()) {
      last = it->second;
    } else {
      auto stored = store_.LastSequence(cmd.agency_code, date);
      if (!stored.ok()) {
        fail(job, stored.error());
        continue;
      }
      last = *stored;
    }
    auto event = engine::Receive(cmd, now, last);
    if (!event.ok()) {
      fail(job, event.error());
      continue;
    }
    Dossier dossier = engine::Fold({*event});
    staged_counters[counter_key] = dossier.sequence;
    const size_t index = batch.dossiers.size();
    staged_requests.emplace(request_key, index);
    batch.requests.push_back(engine::IdempotencyRecord{
        cmd.client_id, cmd.request_id, fingerprint, dossier.code, now});
    batch.events.push_back({dossier.code, std::move(*event)});
    batch.counters.push_back({cmd.agency_code, date, dossier.sequence});
    batch.dossiers.push_back(std::move(dossier));
    pending.push_back({&job, index, false});
  }

  if (pending.empty()) return;
  const engine::Status committed = store_.Commit(batch);
  if (committed.ok()) {
    for (const auto& [key, last] : staged_counters) counters_[key] = last;
    // A province has a few hundred agencies; dropping the cache now and then
    // only costs one store read per (agency, day) afterwards.
    if (counters_.size() > 200000) counters_.clear();
    std::lock_guard lock(mu_);
    ++commits_;
  }
  for (const Pending& p : pending) {
    if (!committed.ok()) {
      p.job->done(engine::Unavailable(committed.error().message +
                                   "; nothing was stored, retry with the "
                                   "same request_id"));
      continue;
    }
    p.job->done(ReceiveReply{batch.dossiers[p.index], p.replayed});
  }
}

}  // namespace motcua::services
