#include "adapters/postal/carrier_table.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace motcua::adapters {
namespace {

using engine::InvalidArgument;
using json = nlohmann::json;

engine::Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return engine::NotFound(path + ": cannot be read");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

engine::Result<json> ParseJson(std::string_view text) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return InvalidArgument("not valid JSON");
  return j;
}

}  // namespace

engine::Result<CarrierTable> CarrierTable::Parse(std::string_view text) {
  auto j = ParseJson(text);
  if (!j.ok()) return j.error();
  if (!j->is_object() || !j->contains("format") || (*j)["format"] != json(1)) {
    return InvalidArgument("format: must be 1");
  }
  const json* carriers = nullptr;
  if (auto it = j->find("carriers"); it != j->end() && it->is_object()) {
    carriers = &*it;
  } else {
    return InvalidArgument("carriers: required, an object");
  }
  CarrierTable t;
  for (const auto& [carrier, body] : carriers->items()) {
    const std::string path = "carriers." + carrier;
    auto st = body.find("statuses");
    if (!body.is_object() || st == body.end() || !st->is_object()) {
      return InvalidArgument(path + ".statuses: required, an object");
    }
    auto& codes = t.carriers_[carrier];
    for (const auto& [code, entry] : st->items()) {
      const std::string epath = path + ".statuses." + code;
      auto kind = entry.find("kind");
      if (!entry.is_object() || kind == entry.end() || !kind->is_string()) {
        return InvalidArgument(epath + ".kind: required, a string");
      }
      CarrierStatus s;
      const std::string k = kind->get<std::string>();
      if (k != "ignore") {
        s.kind = engine::ParsePostalEventKind(k);
        if (!s.kind) {
          return InvalidArgument(epath + ".kind: \"" + k +
                                 "\" is not a postal event kind");
        }
      }
      if (auto note = entry.find("note");
          note != entry.end() && note->is_string()) {
        s.note = note->get<std::string>();
      }
      codes.emplace(code, std::move(s));
    }
  }
  return t;
}

engine::Result<CarrierTable> CarrierTable::Load(const std::string& path) {
  auto text = ReadFile(path);
  if (!text.ok()) return text.error();
  auto t = Parse(*text);
  if (!t.ok()) return InvalidArgument(path + ": " + t.error().message);
  return t;
}

bool CarrierTable::HasCarrier(std::string_view carrier) const {
  return carriers_.find(carrier) != carriers_.end();
}

const CarrierStatus* CarrierTable::Find(std::string_view carrier,
                                        std::string_view status) const {
  auto c = carriers_.find(carrier);
  if (c == carriers_.end()) return nullptr;
  auto s = c->second.find(status);
  return s == c->second.end() ? nullptr : &s->second;
}

engine::Result<std::map<std::string, std::string, std::less<>>>
ParseCarrierSecrets(std::string_view text) {
  auto j = ParseJson(text);
  if (!j.ok()) return j.error();
  if (!j->is_object()) return InvalidArgument("secrets: must be an object");
  std::map<std::string, std::string, std::less<>> out;
  for (const auto& [carrier, secret] : j->items()) {
    if (!secret.is_string() || secret.get<std::string>().size() < 16) {
      return InvalidArgument(carrier +
                             ": the secret must be a string of at "
                             "least 16 bytes");
    }
    out.emplace(carrier, secret.get<std::string>());
  }
  return out;
}

engine::Result<std::map<std::string, std::string, std::less<>>>
LoadCarrierSecrets(const std::string& path) {
  auto text = ReadFile(path);
  if (!text.ok()) return text.error();
  auto s = ParseCarrierSecrets(*text);
  if (!s.ok()) return InvalidArgument(path + ": " + s.error().message);
  return s;
}

}  // namespace motcua::adapters
