#include "engine/catalogue/catalogue.h"

#include <algorithm>

namespace motcua::engine {
namespace {

std::string Range(const Procedure& p) {
  return "version " + std::to_string(p.version) + " [" +
         FormatDate(p.effective_from) + ", " +
         (p.effective_until ? FormatDate(*p.effective_until) : "open") + ")";
}

}  // namespace

Status Catalogue::CheckAgencyRefs(const Agency& a,
                                  std::string_view field) const {
  if (!a.parent_code.empty() && !agencies_.contains(a.parent_code)) {
    return InvalidArgument(std::string(field) + ".parent_code: agency " +
                           a.parent_code + " is not in the catalogue");
  }
  for (size_t i = 0; i < a.successors.size(); ++i) {
    if (!agencies_.contains(a.successors[i])) {
      return InvalidArgument(std::string(field) + ".successors[" +
                             std::to_string(i) + "]: agency " +
                             a.successors[i] + " is not in the catalogue");
    }
  }
  return {};
}

Status Catalogue::CheckProcedureRefs(const Procedure& p,
                                     std::string_view field) const {
  for (size_t i = 0; i < p.steps.size(); ++i) {
    const std::string& code = p.steps[i].agency_code;
    if (!code.empty() && !agencies_.contains(code)) {
      return InvalidArgument(std::string(field) + ".steps[" +
                             std::to_string(i) + "].agency_code: agency " +
                             code + " is not in the catalogue");
    }
  }
  return {};
}

Result<Catalogue> Catalogue::Build(CatalogueData data) {
  Catalogue c;
  for (size_t i = 0; i < data.agencies.size(); ++i) {
    const std::string field = "agencies[" + std::to_string(i) + "]";
    if (Status s = ValidateAgency(data.agencies[i], field); !s.ok())
      return s.error();
    if (!c.agencies_.emplace(data.agencies[i].code, data.agencies[i]).second) {
      return InvalidArgument(field + ".code: agency " + data.agencies[i].code +
                             " appears twice");
    }
  }
  for (size_t i = 0; i < data.agencies.size(); ++i) {
    const std::string field = "agencies[" + std::to_string(i) + "]";
    if (Status s = c.CheckAgencyRefs(data.agencies[i], field); !s.ok()) {
      return s.error();
    }
  }
  std::map<std::pair<std::string, int>, size_t> index;
  for (size_t i = 0; i < data.procedures.size(); ++i) {
    const Procedure& p = data.procedures[i];
    const std::string field = "procedures[" + std::to_string(i) + "]";
    if (Status s = ValidateProcedure(p, field); !s.ok()) return s.error();
    if (Status s = c.CheckProcedureRefs(p, field); !s.ok()) return s.error();
    if (!index.emplace(std::make_pair(p.code, p.version), i).second) {
      return InvalidArgument(field + ".version: procedure " + p.code +
                             " version " + std::to_string(p.version) +
                             " appears twice");
    }
  }
  // Versions of one code: 1..n, increasing starts, no overlap.
  for (auto it = index.begin(); it != index.end(); ++it) {
    const Procedure& p = data.procedures[it->second];
    const std::string field = "procedures[" + std::to_string(it->second) + "]";
    auto prev = it == index.begin() ? index.end() : std::prev(it);
    const bool first = prev == index.end() || prev->first.first != p.code;
    if (first) {
      if (p.version != 1) {
        return InvalidArgument(
            field + ".version: procedure " + p.code + " starts at version " +
            std::to_string(p.version) + "; versions are numbered 1, 2, ...");
      }
      continue;
    }
    const Procedure& q = data.procedures[prev->second];
    if (q.version + 1 != p.version) {
      return InvalidArgument(
          field + ".version: procedure " + p.code + " jumps from version " +
          std::to_string(q.version) + " to " + std::to_string(p.version));
    }
    if (p.effective_from <= q.effective_from || !q.effective_until ||
        *q.effective_until > p.effective_from) {
      return InvalidArgument(field + ".effective_from: procedure " + p.code +
                             " " + Range(p) + " overlaps or precedes " +
                             Range(q));
    }
  }
  for (Procedure& p : data.procedures) {
    auto key = std::make_pair(p.code, p.version);
    c.procedures_.emplace(std::move(key), std::move(p));
  }
  return c;
}

Status Catalogue::PutAgency(Agency agency) {
  if (Status s = ValidateAgency(agency, "agency"); !s.ok()) return s;
  if (Status s = CheckAgencyRefs(agency, "agency"); !s.ok()) return s;
  agencies_.insert_or_assign(agency.code, std::move(agency));
  return {};
}

Status Catalogue::AddProcedureVersion(Procedure p) {
  if (Status s = ValidateProcedure(p, "procedure"); !s.ok()) return s;
  if (Status s = CheckProcedureRefs(p, "procedure"); !s.ok()) return s;
  const std::vector<const Procedure*> versions = Versions(p.code);
  const int latest = versions.empty() ? 0 : versions.back()->version;
  if (p.version != latest + 1) {
    return FailedPrecondition(
        "cannot add version " + std::to_string(p.version) + " of procedure " +
        p.code + ": the next version is " + std::to_string(latest + 1));
  }
  if (!versions.empty()) {
    Procedure& q = procedures_.at({p.code, latest});
    if (p.effective_from <= q.effective_from) {
      return FailedPrecondition("cannot add procedure " + p.code + " " +
                                Range(p) + ": it must start after " + Range(q) +
                                " started");
    }
    if (q.effective_until && *q.effective_until > p.effective_from) {
      return FailedPrecondition("cannot add procedure " + p.code + " " +
                                Range(p) + ": it overlaps " + Range(q));
    }
    if (!q.effective_until) q.effective_until = p.effective_from;
  }
  auto key = std::make_pair(p.code, p.version);
  procedures_.emplace(std::move(key), std::move(p));
  return {};
}

Result<const Agency*> Catalogue::FindAgency(std::string_view code,
                                            CivilDate on) const {
  const Agency* a = AgencyByCode(code);
  if (a == nullptr) {
    return NotFound("agency " + std::string(code) + " is not in the catalogue");
  }
  if (!a->ValidOn(on)) {
    std::string msg =
        "agency " + a->code + " is not valid on " + FormatDate(on) +
        ": its period is [" + FormatDate(a->valid_from) + ", " +
        (a->valid_until ? FormatDate(*a->valid_until) : "open") + ")";
    if (!a->successors.empty()) {
      msg += "; its work passed to";
      for (const std::string& s : a->successors) msg += " " + s;
    }
    return FailedPrecondition(std::move(msg));
  }
  return a;
}

Result<const Procedure*> Catalogue::FindProcedure(std::string_view code,
                                                  CivilDate on) const {
  const std::vector<const Procedure*> versions = Versions(code);
  if (versions.empty()) {
    return NotFound("procedure " + std::string(code) +
                    " is not in the catalogue");
  }
  std::string ranges;
  for (const Procedure* p : versions) {
    if (p->EffectiveOn(on)) return p;
    ranges += (ranges.empty() ? "" : ", ") + Range(*p);
  }
  return FailedPrecondition("procedure " + std::string(code) +
                            " has no version in force on " + FormatDate(on) +
                            " (" + ranges + ")");
}

const Agency* Catalogue::AgencyByCode(std::string_view code) const {
  auto it = agencies_.find(code);
  return it == agencies_.end() ? nullptr : &it->second;
}

std::vector<const Procedure*> Catalogue::Versions(std::string_view code) const {
  std::vector<const Procedure*> out;
  for (auto it = procedures_.lower_bound({std::string(code), 0});
       it != procedures_.end() && it->first.first == code; ++it) {
    out.push_back(&it->second);
  }
  return out;
}

}  // namespace motcua::engine
