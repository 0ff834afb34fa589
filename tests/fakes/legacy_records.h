// Idempotency records as the code before fingerprint schemes wrote them
// (adapters/rocksdb up to commit f617db5, EncodeRequest), and a way to put
// such bytes straight into a closed RocksDbStore directory: the migration
// tests store what an old server left behind, then retry through the new
// code. GetRaw reads such bytes back (to rewrite a record in its old form).
#pragma once

#include <rocksdb/db.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace motcua::testing {

// The old value format, spelled out byte by byte: format byte 1, then
// client, request (varint length + bytes), the fingerprint (8 bytes big
// endian), the dossier code, first and last version (varints), recorded_at
// (zigzag varint). No fingerprint scheme.
inline std::string LegacyRequestBytes(
    std::string_view client, std::string_view request, uint64_t fingerprint,
    std::string_view code, uint64_t first_version, uint64_t last_version,
    int64_t recorded_at) {
  std::string out(1, '\x01');
  auto varint = [&out](uint64_t v) {
    while (v >= 0x80) {
      out.push_back(static_cast<char>((v & 0x7F) | 0x80));
      v >>= 7;
    }
    out.push_back(static_cast<char>(v));
  };
  auto text = [&](std::string_view s) {
    varint(s.size());
    out.append(s);
  };
  text(client);
  text(request);
  for (int i = 7; i >= 0; --i) {
    out.push_back(static_cast<char>(fingerprint >> (8 * i)));
  }
  text(code);
  varint(first_version);
  varint(last_version);
  varint((static_cast<uint64_t>(recorded_at) << 1) ^
         static_cast<uint64_t>(recorded_at >> 63));
  return out;
}

// The key of the "requests" column family: client \0 request.
inline std::string RequestKey(std::string_view client,
                              std::string_view request) {
  std::string key(client);
  key.push_back('\0');
  key.append(request);
  return key;
}

// Opens the RocksDB database at `path` (no store may have it open), calls
// `use` with column family `family`, closes it. True when the family exists
// and `use` returned true (the close is always attempted).
inline bool WithFamily(
    const std::string& path, const std::string& family,
    const std::function<bool(rocksdb::DB&, rocksdb::ColumnFamilyHandle*)>&
        use) {
  std::vector<std::string> names;
  if (!rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), path, &names)
           .ok()) {
    return false;
  }
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const std::string& n : names)
    families.emplace_back(n, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  if (!rocksdb::DB::Open(rocksdb::DBOptions(), path, families, &handles, &raw)
           .ok()) {
    return false;
  }
  std::unique_ptr<rocksdb::DB> db(raw);
  bool ok = false;
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == family) ok = use(*db, handles[i]);
  }
  for (rocksdb::ColumnFamilyHandle* h : handles) {
    (void)db->DestroyColumnFamilyHandle(h);
  }
  return db->Close().ok() && ok;
}

// Writes key -> value (synced) into column family `family` of the database
// at `path`. True on success.
inline bool PutRaw(const std::string& path, const std::string& family,
                   const std::string& key, const std::string& value) {
  return WithFamily(path, family,
                    [&](rocksdb::DB& db, rocksdb::ColumnFamilyHandle* cf) {
                      rocksdb::WriteOptions sync;
                      sync.sync = true;
                      return db.Put(sync, cf, key, value).ok();
                    });
}

// Reads key from column family `family` of the database at `path` into
// `value`. True when found.
inline bool GetRaw(const std::string& path, const std::string& family,
                   const std::string& key, std::string* value) {
  return WithFamily(
      path, family, [&](rocksdb::DB& db, rocksdb::ColumnFamilyHandle* cf) {
        return db.Get(rocksdb::ReadOptions(), cf, key, value).ok();
      });
}

}  // namespace motcua::testing
