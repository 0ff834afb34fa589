#include "tools/ctl/report_commands.h"

#include <ctime>
#include <memory>
#include <string>

#include "adapters/export/table_xlsx.h"
#include "motcua/v1/report.grpc.pb.h"
#include "tools/ctl/report_tables.h"
#include "tools/ctl/values.h"

namespace motcua::ctl {
namespace {

namespace pb = motcua::v1;

const FlagNames kPeriodFlags = {
    {"period", ""},
    {"period.kind", "--year/--from"},
    {"period.year", "--year"},
    {"period.from", "--from"},
    {"period.to", "--to"},
    {"year", "--year"},
    {"quarter", "--quarter"},
    {"month", "--month"},
    {"half", "--half"},
    {"from", "--from"},
    {"to", "--to"},
    {"agency_code", "--agency"},
    {"at", "--at"},
};

struct PeriodFlags {
  int year = 0, quarter = 0, month = 0, half = 0;
  bool nine = false, whole = false;
  std::string from, to;

  void Add(CLI::App* c) {
    auto* y =
        c->add_option("--year", year, "reporting year (alone: the whole year)");
    auto* q = c->add_option("--quarter", quarter, "quarter 1..4 of --year")
                  ->check(CLI::Range(1, 4));
    auto* m = c->add_option("--month", month, "month 1..12 of --year")
                  ->check(CLI::Range(1, 12));
    auto* h = c->add_option("--half", half, "half-year 1..2 of --year")
                  ->check(CLI::Range(1, 2));
    auto* n = c->add_flag("--nine-months", nine, "15/12 to 14/09 of --year");
    auto* w = c->add_flag("--whole-year", whole, "the whole --year");
    auto* f = c->add_option("--from", from, "custom range: first day");
    auto* t = c->add_option("--to", to, "custom range: last day");
    CLI::Option* kinds[] = {q, m, h, n, w};
    for (CLI::Option* a : kinds) {
      a->needs(y);
      a->excludes(f);
      a->excludes(t);
      for (CLI::Option* b : kinds) {
        if (a != b) a->excludes(b);
      }
    }
    f->excludes(y);
    t->excludes(y);
    f->needs(t);
    t->needs(f);
  }

  pb::PeriodSpec Spec() const {
    pb::PeriodSpec p;
    if (!from.empty()) {
      p.set_kind(pb::PERIOD_KIND_CUSTOM);
      *p.mutable_from() = ParseDate(from, "--from");
      *p.mutable_to() = ParseDate(to, "--to");
      return p;
    }
    if (year == 0) {
      throw UsageError(
          "give the period: --year Y (alone for the whole year, or with "
          "--quarter, --month, --half or --nine-months), or --from DATE "
          "--to DATE");
    }
    p.set_year(year);
    if (quarter != 0) {
      p.set_kind(pb::PERIOD_KIND_QUARTER);
      p.set_number(quarter);
    } else if (month != 0) {
      p.set_kind(pb::PERIOD_KIND_MONTH);
      p.set_number(month);
    } else if (half != 0) {
      p.set_kind(pb::PERIOD_KIND_HALF_YEAR);
      p.set_number(half);
    } else if (nine) {
      p.set_kind(pb::PERIOD_KIND_NINE_MONTHS);
    } else {
      p.set_kind(pb::PERIOD_KIND_YEAR);
    }
    return p;
  }

  // "2026-q4", "2026-m03", "2026-h1", "2026-9m", "2026",
  // "2026-01-01_2026-03-31": for file names.
  std::string Tag() const {
    if (!from.empty()) return from + "_" + to;
    char buf[64];
    if (quarter != 0) {
      std::snprintf(buf, sizeof buf, "%d-q%d", year, quarter);
    } else if (month != 0) {
      std::snprintf(buf, sizeof buf, "%d-m%02d", year, month);
    } else if (half != 0) {
      std::snprintf(buf, sizeof buf, "%d-h%d", year, half);
    } else if (nine) {
      std::snprintf(buf, sizeof buf, "%d-9m", year);
    } else {
      std::snprintf(buf, sizeof buf, "%d", year);
    }
    return buf;
  }
};

struct Options {
  PeriodFlags period;
  std::string format = "json", out, agency, at;
  bool by_resolver = false, by_procedure = false;
  IdempotencyFlags key;
};

void AddFormat(CLI::App* c, Options& o) {
  c->add_option("--format", o.format,
                "json (printed), csv (UTF-8 with BOM) or xlsx (a file)")
      ->check(CLI::IsMember({"json", "csv", "xlsx"}))
      ->capture_default_str();
  c->add_option("--out", o.out,
                "the file to write a csv or xlsx export to (default: a name "
                "from the report, in the current directory)");
}

// Prints the reply (json) or writes the table as csv / xlsx.
void Export(Ctl& ctl, const Options& o, const google::protobuf::Message& reply,
            const engine::Table& table, const std::string& base,
            const std::string& sheet) {
  if (o.format == "json") {
    ctl.Finish(grpc::Status::OK, reply);
    return;
  }
  const std::string path =
      o.out.empty() ? SafeFileName(base + "." + o.format) : o.out;
  if (o.format == "csv") {
    ctl.Save(path, engine::TableCsv(table));
    return;
  }
  auto bytes = adapters::TableXlsx(table, sheet);
  if (!bytes.ok()) throw UsageError(bytes.error().message);
  ctl.Save(path, *bytes);
}

std::string VietnamToday() {
  const std::time_t now = std::time(nullptr) + 7 * 3600;
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday);
  return buf;
}

}  // namespace

void RegisterReportCommands(CLI::App& app, Ctl& ctl) {
  CLI::App* report =
      app.add_subcommand("report", "control reports")->require_subcommand(1);

  auto form06_options = std::make_shared<Options>();
  CLI::App* form06 = report->add_subcommand("form06", "Form 06 for a period");
  form06_options->period.Add(form06);
  AddFormat(form06, *form06_options);
  form06->add_flag("--by-resolving-agency", form06_options->by_resolver,
                   "rows by the resolving (lead) agency, not the receiving");
  form06->add_option("--agency", form06_options->agency,
                     "only this agency and the agencies below it");
  form06->callback([&ctl, o = form06_options] {
    pb::GetForm06Request req;
    *req.mutable_period() = o->period.Spec();
    if (o->by_resolver) req.set_grouping(pb::AGENCY_GROUPING_RESOLVING);
    req.set_agency_code(o->agency);
    req.set_format(o->format == "csv"    ? pb::EXPORT_FORMAT_CSV
                   : o->format == "xlsx" ? pb::EXPORT_FORMAT_XLSX
                                         : pb::EXPORT_FORMAT_UNSPECIFIED);
    pb::GetForm06Response resp;
    auto stub = pb::ReportService::NewStub(ctl.Channel());
    grpc::Status s = ctl.Call([&](grpc::ClientContext* ctx) {
      return stub->GetForm06(ctx, req, &resp);
    });
    if (s.ok() && !resp.file().empty()) {
      ctl.Save(o->out.empty() ? SafeFileName(resp.file_name()) : o->out,
               resp.file());
      return;
    }
    ctl.Finish(s, resp, kPeriodFlags);
  });

  auto submit_options = std::make_shared<Options>();
  CLI::App* submit =
      report->add_subcommand("submit", "freeze Form 06 as a new version");
  submit_options->period.Add(submit);
  submit_options->key.Add(submit);
  submit->callback([&ctl, o = submit_options] {
    pb::SubmitForm06Request req;
    req.set_client_id(o->key.client_id);
    req.set_request_id(o->key.RequestId());
    *req.mutable_period() = o->period.Spec();
    pb::SubmitForm06Response resp;
    auto stub = pb::ReportService::NewStub(ctl.Channel());
    grpc::Status s = ctl.Call([&](grpc::ClientContext* ctx) {
      return stub->SubmitForm06(ctx, req, &resp);
    });
    ctl.FinishWrite(s, resp, kPeriodFlags, req.request_id());
  });

  auto indicator_options = std::make_shared<Options>();
  CLI::App* indicators =
      report->add_subcommand("indicators", "Decision 766 indicators");
  indicator_options->period.Add(indicators);
  AddFormat(indicators, *indicator_options);
  indicators->add_flag("--by-procedure", indicator_options->by_procedure,
                       "one row per procedure (default: per agency)");
  indicators->add_option("--agency", indicator_options->agency,
                         "only dossiers received by this agency or below");
  indicators->callback([&ctl, o = indicator_options] {
    pb::GetIndicatorsRequest req;
    *req.mutable_period() = o->period.Spec();
    req.set_group(o->by_procedure ? pb::INDICATOR_GROUP_PROCEDURE
                                  : pb::INDICATOR_GROUP_AGENCY);
    req.set_agency_code(o->agency);
    pb::GetIndicatorsResponse resp;
    auto stub = pb::ReportService::NewStub(ctl.Channel());
    grpc::Status s = ctl.Call([&](grpc::ClientContext* ctx) {
      return stub->GetIndicators(ctx, req, &resp);
    });
    if (!ctl.Check(s, kPeriodFlags)) return;
    Export(ctl, *o, resp, IndicatorsTable(resp, o->by_procedure),
           "indicators-" + o->period.Tag(), "Chỉ số 766");
  });

  auto overdue_options = std::make_shared<Options>();
  CLI::App* overdue =
      report->add_subcommand("overdue", "dossiers overdue now (or --at)");
  AddFormat(overdue, *overdue_options);
  overdue->add_option("--agency", overdue_options->agency,
                      "only dossiers this agency (or one below) is "
                      "responsible for");
  overdue->add_option("--at", overdue_options->at,
                      "overdue at this instant, RFC 3339 (default: now)");
  overdue->callback([&ctl, o = overdue_options] {
    pb::GetOverdueListRequest req;
    if (!o->at.empty()) *req.mutable_at() = ParseInstant(o->at, "--at");
    req.set_agency_code(o->agency);
    pb::GetOverdueListResponse resp;
    auto stub = pb::ReportService::NewStub(ctl.Channel());
    grpc::Status s = ctl.Call([&](grpc::ClientContext* ctx) {
      return stub->GetOverdueList(ctx, req, &resp);
    });
    if (!ctl.Check(s, kPeriodFlags)) return;
    Export(ctl, *o, resp, OverdueTable(resp),
           "overdue-" + (o->at.empty() ? VietnamToday() : o->at.substr(0, 10)),
           "Hồ sơ quá hạn");
  });
}

}  // namespace motcua::ctl
