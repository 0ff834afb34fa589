#include "engine/codec/binary.h"

namespace motcua::engine {

void BinaryWriter::PutVarint(uint64_t v) {
  while (v >= 0x80) {
    out_.push_back(static_cast<char>((v & 0x7F) | 0x80));
    v >>= 7;
  }
  out_.push_back(static_cast<char>(v));
}

void BinaryWriter::PutSigned(int64_t v) {
  PutVarint((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63));
}

void BinaryWriter::PutString(std::string_view s) {
  PutVarint(s.size());
  out_.append(s);
}

void BinaryWriter::PutFixed32BE(uint32_t v) {
  for (int i = 3; i >= 0; --i) out_.push_back(static_cast<char>(v >> (8 * i)));
}

void BinaryWriter::PutFixed64BE(uint64_t v) {
  for (int i = 7; i >= 0; --i) out_.push_back(static_cast<char>(v >> (8 * i)));
}

bool BinaryReader::GetVarint(uint64_t& v) {
  if (!ok_) return false;
  v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (in_.empty()) return Fail();
    const auto b = static_cast<uint8_t>(in_[0]);
    in_.remove_prefix(1);
    if (shift == 63 && b > 1) return Fail();
    v |= static_cast<uint64_t>(b & 0x7F) << shift;
    if ((b & 0x80) == 0) return true;
  }
  return Fail();
}

bool BinaryReader::GetVarint32(uint32_t& v) {
  uint64_t wide = 0;
  if (!GetVarint(wide)) return false;
  if (wide > UINT32_MAX) return Fail();
  v = static_cast<uint32_t>(wide);
  return true;
}

bool BinaryReader::GetSigned(int64_t& v) {
  uint64_t u = 0;
  if (!GetVarint(u)) return false;
  v = static_cast<int64_t>((u >> 1) ^ (~(u & 1) + 1));
  return true;
}

bool BinaryReader::GetString(std::string& s) {
  uint64_t n = 0;
  if (!GetVarint(n)) return false;
  if (n > in_.size()) return Fail();
  s.assign(in_.substr(0, n));
  in_.remove_prefix(n);
  return true;
}

bool BinaryReader::GetBool(bool& b) {
  if (!ok_ || in_.empty()) return Fail();
  const char c = in_[0];
  if (c != 0 && c != 1) return Fail();
  b = c == 1;
  in_.remove_prefix(1);
  return true;
}

bool BinaryReader::GetFixed32BE(uint32_t& v) {
  if (!ok_ || in_.size() < 4) return Fail();
  v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<uint8_t>(in_[i]);
  in_.remove_prefix(4);
  return true;
}

bool BinaryReader::GetFixed64BE(uint64_t& v) {
  if (!ok_ || in_.size() < 8) return Fail();
  v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<uint8_t>(in_[i]);
  in_.remove_prefix(8);
  return true;
}

}  // namespace motcua::engine
