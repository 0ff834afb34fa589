// CallerKey: who a citizen's call comes from, as the lookup rate limiter
// counts callers: the caller's IP address.
//
// Model: the key is the gRPC peer's address, unless the peer is a trusted
// proxy (a citizen portal or load balancer, --trusted-proxy). Then the key
// comes from the `x-forwarded-for` metadata, which each proxy extends with
// the address it received the call from: the right-most entry that is not
// itself a trusted proxy is the first address no trusted party vouches
// against, so it is the caller. Entries further left were written by the
// caller and are never used.
//
// Ambiguous cases, answered:
// - The peer is not a trusted proxy: x-forwarded-for is ignored (anyone can
//   send it).
// - The right-most untrusted entry is not an IP address (garbage, an empty
//   entry, "unknown"), or every entry is a trusted proxy, or there is no
//   x-forwarded-for: the peer's address is the key. Garbage never becomes a
//   key, so a proxy bug cannot give each call a fresh bucket.
// - Several x-forwarded-for entries in the metadata are one list, in order.
// - Entries may carry a port ("10.0.0.7:8080", "[2001:db8::1]:443"); the
//   key is the address alone, printed canonically ("2001:db8::1").
// - A peer that is not an IP address (a Unix socket) is its own key, except
//   the server's in-process channel ("unknown" or "inproc...", the HTTP/JSON
//   gateway; motcuad's listeners are TCP, whose peers are addresses), whose
//   last x-forwarded-for entry is the HTTP caller's key the gateway computed
//   with these rules (an entry that is not an IP address: the peer again).
//
// Thread safety: TrustedProxies is immutable after construction.
//
// Example:
//   auto proxies = TrustedProxies::Parse({"10.0.0.5", "10.1.0.0/16"});
//   CallerKey("ipv4:10.0.0.5:40000", {"203.0.113.7, 10.1.2.3"}, *proxies)
//     == "203.0.113.7"
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/common/result.h"
#include "services/network_address.h"

namespace motcua::services {

class TrustedProxies {
 public:
  TrustedProxies() = default;  // none: the peer is always the caller
  // Each spec is an address or a CIDR range (ParseIpRange); the error names
  // the first one that is neither.
  static engine::Result<TrustedProxies> Parse(
      const std::vector<std::string>& specs);

  bool Contains(const IpAddress& address) const;
  bool empty() const { return ranges_.empty(); }

 private:
  std::vector<IpRange> ranges_;
};

// `peer` is grpc::ServerContext::peer(); `forwarded_for` the values of the
// call's x-forwarded-for metadata, in order.
std::string CallerKey(std::string_view peer,
                      const std::vector<std::string_view>& forwarded_for,
                      const TrustedProxies& proxies);

}  // namespace motcua::services
