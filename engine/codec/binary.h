// A compact binary encoding for values the store keeps: varints, zigzag
// signed ints, length-prefixed strings, and big-endian fixed-width integers
// for keys (so that byte order equals numeric order in RocksDB).
//
// Readers never trust input: every Get* returns false on truncation or an
// overlong varint, and the caller turns that into a Status. A reader that
// failed stays failed.
//
// Thread safety: a Writer or Reader belongs to one thread.
//
// Example:
//   BinaryWriter w; w.PutVarint(7); w.PutString("H55.242");
//   BinaryReader r(w.data()); uint64_t n; std::string s;
//   bool ok = r.GetVarint(n) && r.GetString(s) && r.done();
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace motcua::engine {

class BinaryWriter {
 public:
  void PutVarint(uint64_t v);
  void PutSigned(int64_t v);  // zigzag varint
  void PutString(std::string_view s);
  void PutBool(bool b) { out_.push_back(b ? 1 : 0); }
  void PutFixed32BE(uint32_t v);
  void PutFixed64BE(uint64_t v);
  void PutRaw(std::string_view s) { out_.append(s); }

  const std::string& data() const { return out_; }
  std::string Release() { return std::move(out_); }

 private:
  std::string out_;
};

class BinaryReader {
 public:
  explicit BinaryReader(std::string_view in) : in_(in) {}

  bool GetVarint(uint64_t& v);
  bool GetVarint32(uint32_t& v);
  bool GetSigned(int64_t& v);
  bool GetString(std::string& s);
  bool GetBool(bool& b);
  bool GetFixed32BE(uint32_t& v);
  bool GetFixed64BE(uint64_t& v);

  // True when all input was consumed without error.
  bool done() const { return ok_ && in_.empty(); }
  bool ok() const { return ok_; }

 private:
  bool Fail() {
    ok_ = false;
    return false;
  }
  std::string_view in_;
  bool ok_ = true;
};

}  // namespace motcua::engine
