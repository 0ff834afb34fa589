#include "services/caller_key.h"

namespace motcua::services {

engine::Result<TrustedProxies> TrustedProxies::Parse(
    const std::vector<std::string>& specs) {
  TrustedProxies out;
  for (const std::string& spec : specs) {
    auto range = ParseIpRange(spec);
    if (!range) {
      return engine::InvalidArgument(
          "--trusted-proxy " + spec +
          ": not an IP address or CIDR range (e.g. 10.0.0.5, 10.0.0.0/24, "
          "2001:db8::5, 2001:db8::/64)");
    }
    out.ranges_.push_back(*range);
  }
  return out;
}

bool TrustedProxies::Contains(const IpAddress& address) const {
  for (const IpRange& range : ranges_) {
    if (range.Contains(address)) return true;
  }
  return false;
}

std::string CallerKey(std::string_view peer,
                      const std::vector<std::string_view>& forwarded_for,
                      const TrustedProxies& proxies) {
  const auto peer_address = PeerIpAddress(peer);
  if (!peer_address) {
    // The server's own in-process channel (the HTTP/JSON gateway), which
    // only server code can open ("unknown" in gRPC 1.51, "inproc..." in
    // others; motcuad listens on TCP only): its one entry is the key it
    // computed.
    if ((peer == "unknown" || peer.substr(0, 6) == "inproc") &&
        !forwarded_for.empty()) {
      if (const auto address = ParseHostAddress(forwarded_for.back())) {
        return address->ToString();
      }
    }
    return std::string(peer);
  }
  const std::string peer_key = peer_address->ToString();
  if (!proxies.Contains(*peer_address)) return peer_key;
  // Right to left over the entries of all values, last value first.
  for (auto value = forwarded_for.rbegin(); value != forwarded_for.rend();
       ++value) {
    std::string_view list = *value;
    for (;;) {
      const size_t comma = list.rfind(',');
      const std::string_view entry =
          comma == std::string_view::npos ? list : list.substr(comma + 1);
      const auto address = ParseHostAddress(entry);
      if (!address) return peer_key;
      if (!proxies.Contains(*address)) return address->ToString();
      if (comma == std::string_view::npos) break;
      list = list.substr(0, comma);
    }
  }
  return peer_key;
}

}  // namespace motcua::services
