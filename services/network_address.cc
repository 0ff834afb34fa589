#include "services/network_address.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

namespace motcua::services {
namespace {

constexpr std::array<uint8_t, 12> kV4MappedPrefix = {0, 0, 0, 0, 0,    0,
                                                     0, 0, 0, 0, 0xff, 0xff};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
    s.remove_suffix(1);
  }
  return s;
}

bool IsPort(std::string_view s) {
  return !s.empty() && s.size() <= 5 &&
         std::all_of(s.begin(), s.end(),
                     [](char c) { return c >= '0' && c <= '9'; });
}

std::string AsciiLower(std::string_view s) {
  std::string lower(s);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  });
  return lower;
}

// "HOST:PORT" -> HOST without brackets; nullopt without a port.
std::optional<std::string_view> HostOf(std::string_view host_port) {
  const size_t colon = host_port.rfind(':');
  if (colon == std::string_view::npos) return std::nullopt;
  std::string_view host = host_port.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  return host;
}

}  // namespace

bool IpAddress::IsV4() const {
  return std::equal(kV4MappedPrefix.begin(), kV4MappedPrefix.end(),
                    bytes.begin());
}

bool IpAddress::IsLoopback() const {
  if (IsV4()) return bytes[12] == 127;
  static const std::array<uint8_t, 16> kV6Loopback = {0, 0, 0, 0, 0, 0, 0, 0,
                                                      0, 0, 0, 0, 0, 0, 0, 1};
  return bytes == kV6Loopback;
}

std::string IpAddress::ToString() const {
  char text[INET6_ADDRSTRLEN] = {0};
  if (IsV4()) {
    inet_ntop(AF_INET, bytes.data() + 12, text, sizeof text);
  } else {
    inet_ntop(AF_INET6, bytes.data(), text, sizeof text);
  }
  return text;
}

std::optional<IpAddress> ParseIpAddress(std::string_view text) {
  // inet_pton wants a NUL-terminated string; addresses are short.
  if (text.empty() || text.size() >= INET6_ADDRSTRLEN) return std::nullopt;
  char buf[INET6_ADDRSTRLEN] = {0};
  std::memcpy(buf, text.data(), text.size());
  IpAddress out;
  if (inet_pton(AF_INET, buf, out.bytes.data() + 12) == 1) {
    std::copy(kV4MappedPrefix.begin(), kV4MappedPrefix.end(),
              out.bytes.begin());
    return out;
  }
  if (inet_pton(AF_INET6, buf, out.bytes.data()) == 1) return out;
  return std::nullopt;
}

std::optional<IpAddress> ParseHostAddress(std::string_view text) {
  text = Trim(text);
  if (!text.empty() && text.front() == '[') {
    const size_t close = text.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    const std::string_view rest = text.substr(close + 1);
    if (!rest.empty() && !(rest.front() == ':' && IsPort(rest.substr(1)))) {
      return std::nullopt;
    }
    auto address = ParseIpAddress(text.substr(1, close - 1));
    if (!address || address->IsV4()) return std::nullopt;
    return address;
  }
  if (auto address = ParseIpAddress(text)) return address;
  // IPv4 with a port; an IPv6 address with a port must be bracketed.
  const size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || !IsPort(text.substr(colon + 1))) {
    return std::nullopt;
  }
  auto address = ParseIpAddress(text.substr(0, colon));
  if (!address || !address->IsV4()) return std::nullopt;
  return address;
}

std::optional<IpAddress> PeerIpAddress(std::string_view peer) {
  std::string_view rest;
  if (peer.substr(0, 5) == "ipv4:") {
    rest = peer.substr(5);
  } else if (peer.substr(0, 5) == "ipv6:") {
    rest = peer.substr(5);
  } else {
    return std::nullopt;
  }
  // gRPC writes the peer as a URI: "ipv6:%5B::1%5D:51234".
  std::string decoded;
  for (size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] == '%' && rest.substr(i, 3) == "%5B") {
      decoded.push_back('[');
      i += 2;
    } else if (rest[i] == '%' && rest.substr(i, 3) == "%5D") {
      decoded.push_back(']');
      i += 2;
    } else {
      decoded.push_back(rest[i]);
    }
  }
  auto host = HostOf(decoded);
  if (!host) return std::nullopt;
  // A zone id ("%25eth0") makes it no address: not parsed.
  return ParseIpAddress(*host);
}

bool IpRange::Contains(const IpAddress& address) const {
  for (int bit = 0; bit < prefix_bits; bit += 8) {
    const int left = prefix_bits - bit;
    const uint8_t mask =
        left >= 8 ? 0xff : static_cast<uint8_t>(0xff << (8 - left));
    if ((address.bytes[bit / 8] & mask) != base.bytes[bit / 8]) return false;
  }
  return true;
}

std::optional<IpRange> ParseIpRange(std::string_view text) {
  text = Trim(text);
  const size_t slash = text.find('/');
  auto base = ParseIpAddress(text.substr(0, slash));
  if (!base) return std::nullopt;
  const int width = base->IsV4() ? 32 : 128;
  int bits = width;
  if (slash != std::string_view::npos) {
    const std::string_view digits = text.substr(slash + 1);
    if (digits.empty() || digits.size() > 3 ||
        !std::all_of(digits.begin(), digits.end(),
                     [](char c) { return c >= '0' && c <= '9'; })) {
      return std::nullopt;
    }
    bits = std::stoi(std::string(digits));
    if (bits > width) return std::nullopt;
  }
  IpRange range{*base, bits + (128 - width)};
  // The base must have no bits past the prefix.
  IpAddress masked = *base;
  for (int i = 0; i < 16; ++i) {
    const int left = range.prefix_bits - i * 8;
    const uint8_t mask = left >= 8  ? 0xff
                         : left > 0 ? static_cast<uint8_t>(0xff << (8 - left))
                                    : 0;
    masked.bytes[i] &= mask;
  }
  if (!(masked == *base)) return std::nullopt;
  return range;
}

bool IsLoopbackListenAddress(std::string_view listen) {
  if (listen.substr(0, 5) == "unix:" ||
      listen.substr(0, 14) == "unix-abstract:") {
    return true;
  }
  auto host = HostOf(listen);
  if (!host) return false;
  const std::string lower = AsciiLower(*host);
  if (lower == "localhost") return true;
  auto address = ParseIpAddress(lower);
  return address && address->IsLoopback();
}

std::optional<ListenAddress> ParseListenAddress(std::string_view listen) {
  const size_t colon = listen.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  const std::string_view digits = listen.substr(colon + 1);
  if (!IsPort(digits)) return std::nullopt;
  int port = 0;
  for (char c : digits) port = port * 10 + (c - '0');
  if (port > 65535) return std::nullopt;
  auto host = HostOf(listen);
  if (!host || host->empty()) return std::nullopt;
  const std::string lower = AsciiLower(*host);
  ListenAddress parsed;
  parsed.host = lower == "localhost" ? "127.0.0.1" : std::string(*host);
  parsed.port = static_cast<uint16_t>(port);
  return parsed;
}

}  // namespace motcua::services
