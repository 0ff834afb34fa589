#include "adapters/rocksdb/keys.h"

#include "engine/codec/binary.h"

namespace motcua::adapters {

using engine::BinaryReader;
using engine::BinaryWriter;
using engine::Result;

std::string EventKey(std::string_view code, uint64_t version) {
  BinaryWriter w;
  w.PutRaw(code);
  w.PutRaw(std::string_view("\0", 1));
  w.PutFixed64BE(version);
  return w.Release();
}

std::string CounterKey(std::string_view agency, engine::CivilDate date) {
  BinaryWriter w;
  w.PutRaw(agency);
  w.PutRaw(std::string_view("\0", 1));
  w.PutFixed32BE(static_cast<uint32_t>(engine::DaysFromCivil(date)));
  return w.Release();
}

std::string RequestKey(std::string_view client, std::string_view request) {
  std::string key(client);
  key.push_back('\0');
  key.append(request);
  return key;
}

std::string PublicationKey(std::string_view calendar, int year) {
  BinaryWriter w;
  w.PutRaw("p");
  w.PutRaw(calendar);
  w.PutRaw(std::string_view("\0", 1));
  w.PutFixed32BE(static_cast<uint32_t>(year));
  return w.Release();
}

uint64_t SortableInstant(engine::Instant t) {
  return static_cast<uint64_t>(t) ^ (uint64_t{1} << 63);
}

engine::Instant FromSortable(uint64_t v) {
  return static_cast<engine::Instant>(v ^ (uint64_t{1} << 63));
}

std::string WatchKey(const engine::WatchEntry& w) {
  BinaryWriter out;
  out.PutFixed64BE(SortableInstant(w.due));
  out.PutRaw(w.code);
  out.PutRaw(std::string_view("\0", 1));
  out.PutRaw(std::string(1, static_cast<char>(w.kind)));
  out.PutFixed32BE(w.step);
  out.PutFixed64BE(SortableInstant(w.deadline));
  return out.Release();
}

Result<engine::WatchEntry> DecodeWatchKey(std::string_view key) {
  engine::WatchEntry w;
  const size_t nul = key.find('\0', 8);
  if (key.size() < 8 || nul == std::string_view::npos ||
      key.size() != nul + 1 + 1 + 4 + 8) {
    return engine::Internal("stored deadline index key is corrupt");
  }
  BinaryReader due(key.substr(0, 8));
  uint64_t v = 0;
  due.GetFixed64BE(v);
  w.due = FromSortable(v);
  w.code = std::string(key.substr(8, nul - 8));
  const auto kind = static_cast<uint8_t>(key[nul + 1]);
  if (kind >= engine::kWatchKindCount) {
    return engine::Internal("stored deadline index kind is unknown");
  }
  w.kind = static_cast<engine::WatchKind>(kind);
  BinaryReader rest(key.substr(nul + 2));
  uint64_t deadline = 0;
  rest.GetFixed32BE(w.step);
  rest.GetFixed64BE(deadline);
  w.deadline = FromSortable(deadline);
  return w;
}

std::string VersionKey(std::string_view calendar) {
  return "v" + std::string(calendar);
}

}  // namespace motcua::adapters
