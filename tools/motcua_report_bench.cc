// motcua_report_bench: reports and listings over 1M dossiers, end to end
// over gRPC (issue 13: Form 06 <= 100 ms, a filtered ListDossiers page
// <= 10 ms). Not a test: see README "Benchmarks" and
// benchmarks/report_over_grpc.sh, which runs both steps.
//
//   motcua_report_bench seed --data DIR --dossiers 1000000
//     writes synthetic dossiers (engine/report/synthetic.h: 120 agencies
//     H55.1..., a year of receipts from 01/12/2025) straight into a new
//     data directory's store, counted on the "vn" calendar; motcuad indexes
//     them for the reports at its first start.
//   motcua_report_bench query --target H:P --token-file F [--iterations N]
//     times GetForm06 (quarter 2 of 2026), GetIndicators (the same quarter,
//     by agency) and filtered ListDossiers pages (one commune's open
//     dossiers; one department's dossiers in processing held by it), one
//     call at a time, and prints p50 / p99 / max per call.
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "adapters/rocksdb/rocksdb_store.h"
#include "engine/report/synthetic.h"
#include "motcua/v1/dossier.grpc.pb.h"
#include "motcua/v1/report.grpc.pb.h"

namespace {

namespace pb = motcua::v1;
using Clock = std::chrono::steady_clock;

int Seed(const std::string& dir, int dossiers) {
  auto store =
      motcua::adapters::RocksDbStore::Open({.path = dir, .sync = false});
  if (!store.ok()) {
    std::fprintf(stderr, "seed: %s\n", store.error().message.c_str());
    return 1;
  }
  auto gen = motcua::engine::SyntheticGenerator::Create({.dossiers = dossiers});
  if (!gen.ok()) {
    std::fprintf(stderr, "seed: %s\n", gen.error().message.c_str());
    return 1;
  }
  const auto start = Clock::now();
  constexpr int kBatch = 5000;
  for (int i = 0; i < dossiers; i += kBatch) {
    motcua::engine::CommitBatch batch;
    for (int k = i; k < std::min(dossiers, i + kBatch); ++k) {
      motcua::engine::Dossier d = gen->Generate(k);
      if (d.terms) d.terms->calendar = "vn";
      batch.dossiers.push_back(std::move(d));
    }
    if (auto s = (*store)->Commit(batch); !s.ok()) {
      std::fprintf(stderr, "seed: %s\n", s.error().message.c_str());
      return 1;
    }
  }
  std::printf("seeded %d dossiers in %.1f s\n", dossiers,
              std::chrono::duration<double>(Clock::now() - start).count());
  return 0;
}

std::string g_authorization;

std::unique_ptr<grpc::ClientContext> Ctx() {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->AddMetadata("authorization", g_authorization);
  ctx->set_deadline(std::chrono::system_clock::now() +
                    std::chrono::seconds(60));
  return ctx;
}

// Calls `call` `n` times; prints the latency percentiles and `what`.
void Time(const char* name, int n, const std::function<std::string()>& call) {
  std::vector<double> ms;
  std::string what;
  for (int i = 0; i < n; ++i) {
    const auto t0 = Clock::now();
    what = call();
    ms.push_back(
        std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  std::printf("%-28s n=%d p50=%.2fms p99=%.2fms max=%.2fms  %s\n", name, n,
              ms[ms.size() / 2], ms[(ms.size() * 99) / 100], ms.back(),
              what.c_str());
}

int Query(const std::string& target, const std::string& token_file,
          int iterations) {
  std::ifstream in(token_file);
  std::string token;
  std::getline(in, token);
  if (token.empty()) {
    std::fprintf(stderr, "query: no token in %s\n", token_file.c_str());
    return 2;
  }
  g_authorization = "Bearer " + token;
  auto channel =
      grpc::CreateChannel(target, grpc::InsecureChannelCredentials());
  auto reports = pb::ReportService::NewStub(channel);
  auto desk = pb::DossierService::NewStub(channel);
  bool failed = false;
  auto check = [&failed](const grpc::Status& s) {
    if (!s.ok()) {
      std::fprintf(stderr, "query: %s\n", s.error_message().c_str());
      failed = true;
    }
  };

  pb::GetForm06Request form;
  form.mutable_period()->set_kind(pb::PERIOD_KIND_QUARTER);
  form.mutable_period()->set_year(2026);
  form.mutable_period()->set_number(2);
  Time("GetForm06 quarter", iterations, [&] {
    pb::GetForm06Response r;
    check(reports->GetForm06(Ctx().get(), form, &r));
    const auto& total = r.form().total().counts();
    return "rows=" + std::to_string(r.form().rows_size()) +
           " column3=" + std::to_string(total.empty() ? -1 : total[0]);
  });
  pb::GetIndicatorsRequest ind;
  *ind.mutable_period() = form.period();
  ind.set_group(pb::INDICATOR_GROUP_AGENCY);
  Time("GetIndicators quarter", iterations, [&] {
    pb::GetIndicatorsResponse r;
    check(reports->GetIndicators(Ctx().get(), ind, &r));
    return "groups=" + std::to_string(r.indicators_size());
  });
  pb::ListDossiersRequest commune;
  commune.set_agency_code("H55.101.1");
  for (pb::DossierState s :
       {pb::DOSSIER_STATE_RECEIVED, pb::DOSSIER_STATE_TRANSFERRED,
        pb::DOSSIER_STATE_IN_PROCESSING,
        pb::DOSSIER_STATE_SUPPLEMENT_REQUESTED}) {
    commune.add_states(s);
  }
  Time("ListDossiers commune open", iterations, [&] {
    pb::ListDossiersResponse r;
    check(desk->ListDossiers(Ctx().get(), commune, &r));
    return "page=" + std::to_string(r.dossiers_size());
  });
  pb::ListDossiersRequest held;
  held.set_holder_agency("H55.3");
  held.add_states(pb::DOSSIER_STATE_RETURNED);
  held.set_page_size(100);
  Time("ListDossiers held, returned", iterations, [&] {
    pb::ListDossiersResponse r;
    check(desk->ListDossiers(Ctx().get(), held, &r));
    return "page=" + std::to_string(r.dossiers_size());
  });
  pb::ListDossiersRequest all;
  Time("ListDossiers unfiltered", iterations, [&] {
    pb::ListDossiersResponse r;
    check(desk->ListDossiers(Ctx().get(), all, &r));
    return "page=" + std::to_string(r.dossiers_size());
  });
  return failed ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr,
                 "usage: motcua_report_bench seed --data DIR --dossiers N\n"
                 "       motcua_report_bench query --target H:P --token-file F "
                 "[--iterations N]\n");
    return 2;
  }
  const std::string command = argv[1];
  std::string data, target = "127.0.0.1:50051", token_file;
  int dossiers = 1'000'000, iterations = 50;
  for (int i = 2; i < argc; i += 2) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) {
      std::fprintf(stderr, "motcua_report_bench: %s needs a value\n",
                   flag.c_str());
      return 2;
    }
    const std::string value = argv[i + 1];
    if (flag == "--data") {
      data = value;
    } else if (flag == "--dossiers") {
      dossiers = std::atoi(value.c_str());
    } else if (flag == "--target") {
      target = value;
    } else if (flag == "--token-file") {
      token_file = value;
    } else if (flag == "--iterations") {
      iterations = std::atoi(value.c_str());
    } else {
      std::fprintf(stderr, "motcua_report_bench: unknown flag %s\n",
                   flag.c_str());
      return 2;
    }
  }
  if (command == "seed" && !data.empty() && dossiers > 0) {
    return Seed(data, dossiers);
  }
  if (command == "query" && !token_file.empty() && iterations > 0) {
    return Query(target, token_file, iterations);
  }
  std::fprintf(stderr, "motcua_report_bench: see the usage (no arguments)\n");
  return 2;
}
