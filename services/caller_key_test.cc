#include "services/caller_key.h"

#include <gtest/gtest.h>

namespace motcua::services {
namespace {

TEST(CallerKeyTest, TakesTheRightMostUntrustedForwardedAddress) {
  auto proxies = TrustedProxies::Parse({"10.0.0.5", "10.1.0.0/16", "fd00::1"});
  ASSERT_TRUE(proxies.ok()) << proxies.error().message;
  struct Case {
    std::string name;
    std::string peer;
    std::vector<std::string_view> forwarded_for;
    std::string key;
  };
  const Case cases[] = {
      {"no proxy: the peer", "ipv4:203.0.113.9:4000", {}, "203.0.113.9"},
      {"untrusted peer: the header is ignored",
       "ipv4:203.0.113.9:4000",
       {"198.51.100.1"},
       "203.0.113.9"},
      {"trusted peer: the forwarded caller",
       "ipv4:10.0.0.5:4000",
       {"198.51.100.1"},
       "198.51.100.1"},
      {"addresses a caller wrote on the left are not used",
       "ipv4:10.0.0.5:4000",
       {"1.2.3.4, 198.51.100.1"},
       "198.51.100.1"},
      {"trusted hops on the right are skipped",
       "ipv4:10.0.0.5:4000",
       {"1.2.3.4, 198.51.100.1, 10.1.7.7"},
       "198.51.100.1"},
      {"several values are one list",
       "ipv4:10.0.0.5:4000",
       {"1.2.3.4", "198.51.100.1", "10.1.7.7"},
       "198.51.100.1"},
      {"garbage where the caller should be: the peer",
       "ipv4:10.0.0.5:4000",
       {"198.51.100.1, unknown"},
       "10.0.0.5"},
      {"an empty entry: the peer",
       "ipv4:10.0.0.5:4000",
       {"198.51.100.1, "},
       "10.0.0.5"},
      {"only trusted hops: the peer",
       "ipv4:10.0.0.5:4000",
       {"10.1.0.1, 10.1.0.2"},
       "10.0.0.5"},
      {"empty header: the peer", "ipv4:10.0.0.5:4000", {""}, "10.0.0.5"},
      {"ports and brackets are dropped, IPv6 printed canonically",
       "ipv4:10.0.0.5:4000",
       {"[2001:DB8:0::7]:443"},
       "2001:db8::7"},
      {"IPv4 with a port",
       "ipv4:10.0.0.5:4000",
       {"198.51.100.1:5555"},
       "198.51.100.1"},
      {"a mapped IPv4 peer is the IPv4 proxy",
       "ipv6:%5B::ffff:10.0.0.5%5D:4000",
       {"198.51.100.1"},
       "198.51.100.1"},
      {"IPv6 proxy", "ipv6:[fd00::1]:4000", {"198.51.100.1"}, "198.51.100.1"},
      {"a Unix socket peer is its own key",
       "unix:/run/motcua.sock",
       {"198.51.100.1"},
       "unix:/run/motcua.sock"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(CallerKey(c.peer, c.forwarded_for, *proxies), c.key);
  }
}

TEST(CallerKeyTest, WithoutTrustedProxiesThePeerIsTheCaller) {
  EXPECT_EQ(CallerKey("ipv4:10.0.0.5:4000", {"198.51.100.1"}, {}), "10.0.0.5");
  EXPECT_EQ(CallerKey("ipv4:10.0.0.5:4000", {}, {}),
            CallerKey("ipv4:10.0.0.5:4001", {}, {}));
}

// The HTTP/JSON gateway calls through the in-process channel with the key
// it computed as the one x-forwarded-for entry.
TEST(CallerKeyTest, TheInProcessGatewayNamesTheCaller) {
  EXPECT_EQ(CallerKey("inproc", {"198.51.100.1"}, {}), "198.51.100.1");
  EXPECT_EQ(CallerKey("inproc", {"2001:db8::1"}, {}), "2001:db8::1");
  EXPECT_EQ(CallerKey("inproc", {"garbage"}, {}), "inproc");
  EXPECT_EQ(CallerKey("inproc", {}, {}), "inproc");
  // gRPC 1.51 names the in-process peer "unknown".
  EXPECT_EQ(CallerKey("unknown", {"198.51.100.1"}, {}), "198.51.100.1");
  // Only the in-process peer: another peer that is no address is itself.
  EXPECT_EQ(CallerKey("unix:/run/x.sock", {"198.51.100.1"}, {}),
            "unix:/run/x.sock");
}

TEST(CallerKeyTest, RefusesAProxyThatIsNoAddress) {
  auto proxies = TrustedProxies::Parse({"10.0.0.5", "portal.example"});
  ASSERT_FALSE(proxies.ok());
  EXPECT_NE(proxies.error().message.find("--trusted-proxy portal.example"),
            std::string::npos)
      << proxies.error().message;
}

}  // namespace
}  // namespace motcua::services
