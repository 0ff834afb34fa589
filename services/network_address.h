// Network addresses as motcuad reads them from its flags and from gRPC: IP
// addresses (IPv4 or IPv6), CIDR ranges of them, the gRPC peer string, and
// whether a listen address stays on this machine.
//
// Model: every address is kept as 16 bytes; an IPv4 address is its
// IPv4-mapped IPv6 form (::ffff:a.b.c.d), so "10.0.0.7" and
// "::ffff:10.0.0.7" are the same address (a dual-stack listener reports IPv4
// callers in the mapped form) and print as "10.0.0.7".
//
// Ambiguous cases, answered:
// - A listen address is loopback when its host is in 127.0.0.0/8, is ::1 or
//   is "localhost"; any other name, an empty host (":50051") and the
//   wildcards 0.0.0.0 and [::] are not (a name may resolve anywhere).
//   "unix:PATH" and "unix-abstract:NAME" are local sockets: treated as
//   loopback.
// - IPv6 zone ids ("fe80::1%eth0") are not parsed: not an address.
//
// Thread safety: values; free functions are pure.
//
// Example:
//   auto range = ParseIpRange("10.0.0.0/8");           // or "2001:db8::5"
//   auto peer = PeerIpAddress("ipv4:10.1.2.3:51234");  // 10.1.2.3
//   bool trusted = range && peer && range->Contains(*peer);
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace motcua::services {

struct IpAddress {
  // Network byte order; IPv4 as ::ffff:a.b.c.d.
  std::array<uint8_t, 16> bytes{};

  bool IsV4() const;
  bool IsLoopback() const;
  // "10.0.0.7", "2001:db8::1" (RFC 5952 form).
  std::string ToString() const;
  bool operator==(const IpAddress&) const = default;
};

// A bare address: "10.0.0.7", "2001:db8::1", "::ffff:10.0.0.7". No
// brackets, port or zone id.
std::optional<IpAddress> ParseIpAddress(std::string_view text);

// An address possibly written with a port, as proxies do in
// X-Forwarded-For: "10.0.0.7", "10.0.0.7:8080", "2001:db8::1",
// "[2001:db8::1]", "[2001:db8::1]:8080".
std::optional<IpAddress> ParseHostAddress(std::string_view text);

// The address of a gRPC peer ("ipv4:10.0.0.7:51234",
// "ipv6:[::1]:51234"); nullopt for other kinds ("unix:...").
std::optional<IpAddress> PeerIpAddress(std::string_view peer);

struct IpRange {
  IpAddress base;   // with the bits past prefix_bits cleared
  int prefix_bits;  // of the 128-bit form: an IPv4 /24 is 120

  bool Contains(const IpAddress& address) const;
};

// "10.0.0.0/8", "2001:db8::/32", or one address ("10.0.0.7" is /32 of
// IPv4). Host bits set in the base ("10.0.0.7/8") are refused: a typo is
// likelier than a wish for the whole range.
std::optional<IpRange> ParseIpRange(std::string_view text);

// Whether a listen address ("127.0.0.1:50051", "[::1]:0",
// "localhost:50051", "0.0.0.0:50051") only accepts connections from this
// machine (see the answered cases above).
bool IsLoopbackListenAddress(std::string_view listen);

// A listener flag's HOST:PORT as a socket binds it.
struct ListenAddress {
  // Brackets dropped ("[::1]" -> "::1"); "localhost" (any case) is
  // 127.0.0.1. Otherwise as written: a name is the binder's to refuse.
  std::string host;
  uint16_t port = 0;  // 0: any free port
};

// "127.0.0.1:50051", "[::1]:0", "localhost:9464", "0.0.0.0:0"; nullopt
// unless a non-empty host, a colon and a port of 1 to 5 digits <= 65535.
std::optional<ListenAddress> ParseListenAddress(std::string_view listen);

}  // namespace motcua::services
