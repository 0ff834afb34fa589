// motcua_load: a load generator for durable commands. N callers each keep
// one request in flight (closed loop) for a fixed time against a running
// server; it prints throughput and latency percentiles. Not a test: see
// README "Benchmarks".
//
//   motcua_load --target 127.0.0.1:50051 --callers 32 --seconds 10
//   motcua_load --mode lifecycle --callers 32 --seconds 10
//
// --mode submit (the default): callers submit procedure 1.001234 (in the
// shipped sample catalogue) for the agencies valid today, spread round-robin
// (read once from CatalogueService), with unique request ids, so runs never
// replay and no agency nears the daily limit of dossier codes.
//
// --mode lifecycle: each caller takes dossiers from receipt to return, five
// durable commands each: SubmitDossier and Transfer (to the next agency valid
// today) by the receiving agency's desk, StartProcessing and MarkResultReady
// by the agency it went to, ReturnResult by the desk. Procedure 1.001022 has
// a one-step plan at any agency (1.001234 is inter-agency since 2025-07-01,
// so its result is ready only after a Forward and a second StartProcessing).
// A failed command ends its lifecycle (counted) and the caller begins
// another; a lifecycle under way when the time is up is finished, within
// the elapsed time. --warmup W runs W seconds first whose successes are not
// counted (errors are). commands/s counts every acknowledged command. Output:
//   callers=.. seconds=.. lifecycles=.. failed=.. throughput=../s commands=../s
//   <command> ok=.. p50=..ms p99=..ms errors[code C]=N ...   (for submit,
//     transfer, start_processing, mark_result_ready, return_result)
//   lifecycle ok=.. p50=..ms p99=..ms   (submission to return)
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "motcua/v1/catalogue.grpc.pb.h"
#include "motcua/v1/dossier.grpc.pb.h"

namespace {

namespace pb = motcua::v1;
using Clock = std::chrono::steady_clock;

struct Options {
  std::string target = "127.0.0.1:50051";
  // "submit" or "lifecycle".
  std::string mode = "submit";
  int callers = 32;
  double seconds = 10;
  // Lifecycle mode: seconds run before the measured ones, whose successes
  // are not counted (errors are).
  double warmup = 0;
  int channels = 4;
  // The bearer token's file (README "Security").
  std::string token_file = "data/bootstrap-admin.token";
};

// "Bearer <token>" from the file, for every call.
std::string g_authorization;

std::unique_ptr<grpc::ClientContext> NewContext() {
  auto context = std::make_unique<grpc::ClientContext>();
  context->AddMetadata("authorization", g_authorization);
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::seconds(30));
  return context;
}

double MicrosSince(Clock::time_point start) {
  return std::chrono::duration<double, std::micro>(Clock::now() - start)
      .count();
}

class Caller {
 public:
  Caller(pb::DossierService::Stub* stub, int id, std::string run,
         std::string agency, Clock::time_point stop, std::atomic<int>* running,
         std::condition_variable* done_cv)
      : stub_(stub),
        id_(id),
        run_(std::move(run)),
        stop_(stop),
        running_(running),
        done_cv_(done_cv) {
    request_.set_client_id("load-" + run_);
    request_.set_agency_code(agency);
    request_.set_procedure_code("1.001234");
    request_.mutable_applicant()->set_full_name("Phạm Minh Châu");
    request_.mutable_applicant()->set_personal_id("001190012345");
    request_.set_channel(pb::CHANNEL_DIRECT);
    auto* d = request_.add_documents();
    d->set_name("Tờ khai");
    d->set_originals(1);
  }

  void Start() { Next(); }

  std::vector<double> latencies_us;
  std::map<int, int> errors;

 private:
  void Next() {
    if (Clock::now() >= stop_) {
      if (running_->fetch_sub(1) == 1) done_cv_->notify_all();
      return;
    }
    request_.set_request_id(run_ + "-" + std::to_string(id_) + "-" +
                            std::to_string(n_++));
    context_ = NewContext();
    started_ = Clock::now();
    stub_->async()->SubmitDossier(
        context_.get(), &request_, &response_, [this](grpc::Status s) {
          if (s.ok()) {
            latencies_us.push_back(MicrosSince(started_));
          } else {
            ++errors[s.error_code()];
          }
          Next();
        });
  }

  pb::DossierService::Stub* stub_;
  int id_;
  std::string run_;
  Clock::time_point stop_;
  std::atomic<int>* running_;
  std::condition_variable* done_cv_;
  pb::SubmitDossierRequest request_;
  pb::SubmitDossierResponse response_;
  std::unique_ptr<grpc::ClientContext> context_;
  Clock::time_point started_;
  uint64_t n_ = 0;
};

// The commands of a lifecycle, in order.
enum Command {
  kSubmit,
  kTransfer,
  kStartProcessing,
  kMarkResultReady,
  kReturnResult,
  kCommands
};
constexpr std::array<const char*, kCommands> kCommandNames = {
    "submit", "transfer", "start_processing", "mark_result_ready",
    "return_result"};

struct CommandStats {
  std::vector<double> latencies_us;
  std::map<int, int> errors;
};

class LifecycleCaller {
 public:
  LifecycleCaller(pb::DossierService::Stub* desk,
                  pb::ProcessingService::Stub* agency, int id, std::string run,
                  std::string receiving_agency, std::string processing_agency,
                  Clock::time_point count_from, Clock::time_point stop,
                  std::atomic<int>* running, std::condition_variable* done_cv)
      : desk_(desk),
        agency_(agency),
        id_(id),
        run_(std::move(run)),
        receiving_agency_(std::move(receiving_agency)),
        processing_agency_(std::move(processing_agency)),
        count_from_(count_from),
        stop_(stop),
        running_(running),
        done_cv_(done_cv) {
    submit_.set_client_id("load-" + run_);
    submit_.set_agency_code(receiving_agency_);
    submit_.set_procedure_code("1.001022");
    submit_.mutable_applicant()->set_full_name("Phạm Minh Châu");
    submit_.mutable_applicant()->set_personal_id("001190012345");
    submit_.set_channel(pb::CHANNEL_DIRECT);
    auto* d = submit_.add_documents();
    d->set_name("Tờ khai đăng ký kết hôn");
    d->set_originals(1);
  }

  void Start() { Begin(); }

  std::array<CommandStats, kCommands> stats;
  // Submission to the return's acknowledgement, of completed lifecycles.
  std::vector<double> lifecycle_us;
  int lifecycles = 0;
  int failed = 0;

 private:
  std::string NextRequestId() {
    return run_ + "-" + std::to_string(id_) + "-" + std::to_string(n_++);
  }

  void Begin() {
    if (Clock::now() >= stop_) {
      if (running_->fetch_sub(1) == 1) done_cv_->notify_all();
      return;
    }
    submit_.set_request_id(NextRequestId());
    context_ = NewContext();
    started_ = Clock::now();
    lifecycle_started_ = started_;
    desk_->async()->SubmitDossier(context_.get(), &submit_, &submitted_,
                                  [this](grpc::Status s) {
                                    if (!Done(kSubmit, s)) return;
                                    code_ = submitted_.dossier().code();
                                    Act(kTransfer);
                                  });
  }

  // Sends the action `c` on the dossier code_; each callback sends the next.
  void Act(Command c) {
    action_.Clear();
    action_.set_client_id("load-" + run_);
    action_.set_request_id(NextRequestId());
    action_.set_code(code_);
    // The bootstrap token names no officer, so any officer may act.
    action_.set_officer("cb.load");
    const bool by_desk = c == kTransfer || c == kReturnResult;
    action_.set_agency_code(by_desk ? receiving_agency_ : processing_agency_);
    if (c == kTransfer) {
      action_.set_to_agency(processing_agency_);
      // Needed only when it is the receiving agency itself (a handover
      // between people): one agency in the catalogue.
      action_.set_to_officer("cb.xuly");
    }
    context_ = NewContext();
    started_ = Clock::now();
    auto next = [this, c](grpc::Status s) {
      if (!Done(c, s)) return;
      if (c == kReturnResult) {
        if (Clock::now() >= count_from_) {
          lifecycle_us.push_back(MicrosSince(lifecycle_started_));
          ++lifecycles;
        }
        Begin();
      } else {
        Act(static_cast<Command>(c + 1));
      }
    };
    switch (c) {
      case kTransfer:
        desk_->async()->Transfer(context_.get(), &action_, &acted_, next);
        break;
      case kStartProcessing:
        agency_->async()->StartProcessing(context_.get(), &action_, &acted_,
                                          next);
        break;
      case kMarkResultReady:
        agency_->async()->MarkResultReady(context_.get(), &action_, &acted_,
                                          next);
        break;
      case kReturnResult:
        desk_->async()->ReturnResult(context_.get(), &action_, &acted_, next);
        break;
      case kSubmit:
      case kCommands:
        std::abort();
    }
  }

  // Records the outcome of command `c` (a success only after the warm-up);
  // on failure ends the lifecycle and begins the next one, returning false.
  bool Done(Command c, const grpc::Status& s) {
    if (s.ok()) {
      if (Clock::now() >= count_from_) {
        stats[c].latencies_us.push_back(MicrosSince(started_));
      }
      return true;
    }
    ++stats[c].errors[s.error_code()];
    ++failed;
    Begin();
    return false;
  }

  pb::DossierService::Stub* desk_;
  pb::ProcessingService::Stub* agency_;
  int id_;
  std::string run_;
  std::string receiving_agency_;
  std::string processing_agency_;
  Clock::time_point count_from_;
  Clock::time_point stop_;
  std::atomic<int>* running_;
  std::condition_variable* done_cv_;
  pb::SubmitDossierRequest submit_;
  pb::SubmitDossierResponse submitted_;
  pb::DossierAction action_;
  pb::DossierActionResponse acted_;
  std::string code_;
  std::unique_ptr<grpc::ClientContext> context_;
  Clock::time_point started_;
  Clock::time_point lifecycle_started_;
  uint64_t n_ = 0;
};

double Percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  const size_t k = std::min(v.size() - 1, static_cast<size_t>(p * v.size()));
  std::nth_element(v.begin(), v.begin() + k, v.end());
  return v[k];
}

void PrintErrors(const std::map<int, int>& errors) {
  for (auto [code, n] : errors) std::printf(" errors[code %d]=%d", code, n);
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--target") {
      o.target = argv[i + 1];
    } else if (flag == "--mode") {
      o.mode = argv[i + 1];
    } else if (flag == "--callers") {
      o.callers = std::atoi(argv[i + 1]);
    } else if (flag == "--seconds") {
      o.seconds = std::atof(argv[i + 1]);
    } else if (flag == "--warmup") {
      o.warmup = std::atof(argv[i + 1]);
    } else if (flag == "--channels") {
      o.channels = std::atoi(argv[i + 1]);
    } else if (flag == "--token-file") {
      o.token_file = argv[i + 1];
    } else {
      std::fprintf(stderr,
                   "usage: motcua_load [--target H:P] [--mode "
                   "submit|lifecycle] [--callers N] [--seconds S] "
                   "[--warmup W] [--channels C] [--token-file F]\n");
      return 2;
    }
  }
  if (argc % 2 == 0) {
    std::fprintf(stderr, "motcua_load: %s needs a value\n", argv[argc - 1]);
    return 2;
  }
  if (o.mode != "submit" && o.mode != "lifecycle") {
    std::fprintf(stderr, "motcua_load: --mode is submit or lifecycle\n");
    return 2;
  }
  {
    std::ifstream in(o.token_file);
    std::string token;
    std::getline(in, token);
    if (token.empty()) {
      std::fprintf(stderr, "motcua_load: no token in %s\n",
                   o.token_file.c_str());
      return 2;
    }
    g_authorization = "Bearer " + token;
  }
  if (o.warmup < 0 || (o.warmup > 0 && o.mode != "lifecycle")) {
    std::fprintf(stderr, "motcua_load: --warmup is >= 0, lifecycle mode\n");
    return 2;
  }
  if (o.callers < 1 || o.seconds <= 0 || o.channels < 1) {
    std::fprintf(stderr,
                 "motcua_load: callers, seconds, channels must be > 0\n");
    return 2;
  }
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  for (int c = 0; c < o.channels; ++c) {
    grpc::ChannelArguments args;
    args.SetInt("grpc.channel_id", c);  // distinct channels, not one shared
    channels.push_back(grpc::CreateCustomChannel(
        o.target, grpc::InsecureChannelCredentials(), args));
  }
  std::vector<std::unique_ptr<pb::DossierService::Stub>> desks;
  std::vector<std::unique_ptr<pb::ProcessingService::Stub>> agencies_stubs;
  for (const auto& channel : channels) {
    desks.push_back(pb::DossierService::NewStub(channel));
    agencies_stubs.push_back(pb::ProcessingService::NewStub(channel));
  }
  std::vector<std::string> agencies;
  {
    auto catalogue = pb::CatalogueService::NewStub(
        grpc::CreateChannel(o.target, grpc::InsecureChannelCredentials()));
    grpc::ClientContext ctx;
    ctx.AddMetadata("authorization", g_authorization);
    ctx.set_deadline(std::chrono::system_clock::now() +
                     std::chrono::seconds(10));
    pb::ListAgenciesRequest req;
    const auto today = std::chrono::floor<std::chrono::days>(
        std::chrono::system_clock::now() + std::chrono::hours(7));
    const std::chrono::year_month_day ymd{today};
    req.mutable_valid_on()->set_year(static_cast<int>(ymd.year()));
    req.mutable_valid_on()->set_month(static_cast<unsigned>(ymd.month()));
    req.mutable_valid_on()->set_day(static_cast<unsigned>(ymd.day()));
    pb::ListAgenciesResponse resp;
    grpc::Status s = catalogue->ListAgencies(&ctx, req, &resp);
    if (!s.ok() || resp.agencies_size() == 0) {
      std::fprintf(stderr, "motcua_load: cannot list agencies: %s\n",
                   s.error_message().c_str());
      return 1;
    }
    for (const auto& a : resp.agencies()) agencies.push_back(a.code());
  }
  const std::string run = std::to_string(
      std::chrono::system_clock::now().time_since_epoch().count());
  std::atomic<int> running{o.callers};
  std::condition_variable done_cv;
  std::mutex mu;
  auto micros = [](double seconds) {
    return std::chrono::microseconds(static_cast<int64_t>(seconds * 1e6));
  };
  const auto begin = Clock::now() + micros(o.warmup);
  const auto stop = begin + micros(o.seconds);
  auto wait = [&] {
    // The callers notify without holding mu, so a wakeup can come between
    // the check and the wait: wait in short slices.
    std::unique_lock lock(mu);
    while (running.load() != 0) {
      done_cv.wait_for(lock, std::chrono::milliseconds(20));
    }
    return std::chrono::duration<double>(Clock::now() - begin).count();
  };

  if (o.mode == "lifecycle") {
    std::vector<std::unique_ptr<LifecycleCaller>> callers;
    for (int i = 0; i < o.callers; ++i) {
      const size_t a = i % agencies.size();
      callers.push_back(std::make_unique<LifecycleCaller>(
          desks[i % o.channels].get(), agencies_stubs[i % o.channels].get(), i,
          run, agencies[a], agencies[(a + 1) % agencies.size()], begin, stop,
          &running, &done_cv));
    }
    for (auto& c : callers) c->Start();
    const double elapsed = wait();
    std::array<CommandStats, kCommands> all;
    std::vector<double> lifecycle_us;
    int lifecycles = 0;
    int failed = 0;
    size_t commands = 0;
    for (auto& c : callers) {
      lifecycles += c->lifecycles;
      lifecycle_us.insert(lifecycle_us.end(), c->lifecycle_us.begin(),
                          c->lifecycle_us.end());
      failed += c->failed;
      for (int k = 0; k < kCommands; ++k) {
        const CommandStats& from = c->stats[k];
        all[k].latencies_us.insert(all[k].latencies_us.end(),
                                   from.latencies_us.begin(),
                                   from.latencies_us.end());
        for (auto [code, n] : from.errors) all[k].errors[code] += n;
      }
    }
    for (const auto& k : all) commands += k.latencies_us.size();
    std::printf(
        "callers=%d seconds=%.1f lifecycles=%d failed=%d throughput=%.1f/s "
        "commands=%.0f/s\n",
        o.callers, elapsed, lifecycles, failed, lifecycles / elapsed,
        commands / elapsed);
    for (int k = 0; k < kCommands; ++k) {
      std::printf("%s ok=%zu p50=%.2fms p99=%.2fms", kCommandNames[k],
                  all[k].latencies_us.size(),
                  Percentile(all[k].latencies_us, 0.50) / 1000,
                  Percentile(all[k].latencies_us, 0.99) / 1000);
      PrintErrors(all[k].errors);
      std::printf("\n");
    }
    std::printf("lifecycle ok=%d p50=%.2fms p99=%.2fms\n", lifecycles,
                Percentile(lifecycle_us, 0.50) / 1000,
                Percentile(lifecycle_us, 0.99) / 1000);
    return failed == 0 ? 0 : 1;
  }

  std::vector<std::unique_ptr<Caller>> callers;
  for (int i = 0; i < o.callers; ++i) {
    callers.push_back(std::make_unique<Caller>(
        desks[i % o.channels].get(), i, run, agencies[i % agencies.size()],
        stop, &running, &done_cv));
  }
  for (auto& c : callers) c->Start();
  const double elapsed = wait();
  std::vector<double> all;
  std::map<int, int> errors;
  for (auto& c : callers) {
    all.insert(all.end(), c->latencies_us.begin(), c->latencies_us.end());
    for (auto [code, n] : c->errors) errors[code] += n;
  }
  const size_t ok = all.size();
  std::printf(
      "callers=%d seconds=%.1f ok=%zu throughput=%.0f/s p50=%.2fms "
      "p99=%.2fms",
      o.callers, elapsed, ok, ok / elapsed, Percentile(all, 0.50) / 1000,
      Percentile(all, 0.99) / 1000);
  PrintErrors(errors);
  std::printf("\n");
  return errors.empty() ? 0 : 1;
}
