// motcua_load: a load generator for SubmitDossier. N callers each keep one
// request in flight (closed loop) for a fixed time against a running server;
// it prints throughput and latency percentiles. Not a test: see README
// "Benchmarks".
//
//   motcua_load --target 127.0.0.1:50051 --callers 32 --seconds 10
//
// Callers submit procedure 1.001234 (in the shipped sample catalogue) for the
// agencies valid today, spread round-robin (read once from CatalogueService),
// with unique request ids, so runs never replay and no agency nears the
// daily limit of dossier codes.
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
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
  int callers = 32;
  double seconds = 10;
  int channels = 4;
  // The bearer token's file (README "Security").
  std::string token_file = "data/bootstrap-admin.token";
};

// "Bearer <token>" from the file, for every call.
std::string g_authorization;

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
    context_ = std::make_unique<grpc::ClientContext>();
    context_->AddMetadata("authorization", g_authorization);
    context_->set_deadline(std::chrono::system_clock::now() +
                           std::chrono::seconds(30));
    started_ = Clock::now();
    stub_->async()->SubmitDossier(
        context_.get(), &request_, &response_, [this](grpc::Status s) {
          if (s.ok()) {
            latencies_us.push_back(std::chrono::duration<double, std::micro>(
                                       Clock::now() - started_)
                                       .count());
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

double Percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  const size_t k = std::min(v.size() - 1, static_cast<size_t>(p * v.size()));
  std::nth_element(v.begin(), v.begin() + k, v.end());
  return v[k];
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--target")
      o.target = argv[i + 1];
    else if (flag == "--callers")
      o.callers = std::atoi(argv[i + 1]);
    else if (flag == "--seconds")
      o.seconds = std::atof(argv[i + 1]);
    else if (flag == "--channels")
      o.channels = std::atoi(argv[i + 1]);
    else if (flag == "--token-file")
      o.token_file = argv[i + 1];
    else {
      std::fprintf(stderr,
                   "usage: motcua_load [--target H:P] [--callers N] "
                   "[--seconds S] [--channels C] [--token-file F]\n");
      return 2;
    }
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
  if (o.callers < 1 || o.seconds <= 0 || o.channels < 1) {
    std::fprintf(stderr,
                 "motcua_load: callers, seconds, channels must be > 0\n");
    return 2;
  }
  std::vector<std::unique_ptr<pb::DossierService::Stub>> stubs;
  for (int c = 0; c < o.channels; ++c) {
    grpc::ChannelArguments args;
    args.SetInt("grpc.channel_id", c);  // distinct channels, not one shared
    stubs.push_back(pb::DossierService::NewStub(grpc::CreateCustomChannel(
        o.target, grpc::InsecureChannelCredentials(), args)));
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
  const auto begin = Clock::now();
  const auto stop =
      begin + std::chrono::microseconds(static_cast<int64_t>(o.seconds * 1e6));
  std::vector<std::unique_ptr<Caller>> callers;
  for (int i = 0; i < o.callers; ++i) {
    callers.push_back(std::make_unique<Caller>(
        stubs[i % o.channels].get(), i, run, agencies[i % agencies.size()],
        stop, &running, &done_cv));
  }
  for (auto& c : callers) c->Start();
  {
    std::unique_lock lock(mu);
    done_cv.wait(lock, [&] { return running.load() == 0; });
  }
  const double elapsed =
      std::chrono::duration<double>(Clock::now() - begin).count();
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
  for (auto [code, n] : errors) std::printf(" errors[code %d]=%d", code, n);
  std::printf("\n");
  return errors.empty() ? 0 : 1;
}
