#include "services/network_address.h"

#include <gtest/gtest.h>

namespace motcua::services {
namespace {

TEST(NetworkAddressTest, ParsesAddressesCanonically) {
  struct Case {
    std::string text;
    std::string printed;  // empty: not an address
  };
  const Case cases[] = {
      {"10.0.0.7", "10.0.0.7"},
      {"::ffff:10.0.0.7", "10.0.0.7"},
      {"2001:DB8:0:0::1", "2001:db8::1"},
      {"::1", "::1"},
      {"10.0.0.256", ""},
      {"10.0.0", ""},
      {"010.0.0.7", ""},
      {"fe80::1%eth0", ""},
      {"[::1]", ""},
      {"10.0.0.7:80", ""},
      {"localhost", ""},
      {"", ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    auto address = ParseIpAddress(c.text);
    EXPECT_EQ(address ? address->ToString() : "", c.printed);
  }
}

TEST(NetworkAddressTest, HostAddressesMayCarryAPort) {
  struct Case {
    std::string text;
    std::string printed;
  };
  const Case cases[] = {
      {" 10.0.0.7 ", "10.0.0.7"},
      {"10.0.0.7:8080", "10.0.0.7"},
      {"[2001:db8::1]", "2001:db8::1"},
      {"[2001:db8::1]:443", "2001:db8::1"},
      {"2001:db8::1", "2001:db8::1"},
      {"[10.0.0.7]", ""},
      {"10.0.0.7:", ""},
      {"10.0.0.7:port", ""},
      {"[2001:db8::1]x", ""},
      {"unknown", ""},
      {"", ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    auto address = ParseHostAddress(c.text);
    EXPECT_EQ(address ? address->ToString() : "", c.printed);
  }
}

TEST(NetworkAddressTest, ReadsGrpcPeers) {
  struct Case {
    std::string peer;
    std::string printed;
  };
  const Case cases[] = {
      {"ipv4:10.0.0.7:51234", "10.0.0.7"},
      {"ipv6:[::1]:51234", "::1"},
      {"ipv6:%5B::1%5D:51234", "::1"},
      {"ipv6:%5B::ffff:127.0.0.1%5D:51234", "127.0.0.1"},
      {"unix:/run/motcua.sock", ""},
      {"ipv4:garbage:1", ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.peer);
    auto address = PeerIpAddress(c.peer);
    EXPECT_EQ(address ? address->ToString() : "", c.printed);
  }
}

TEST(NetworkAddressTest, RangesContainTheirPrefix) {
  struct Case {
    std::string range;
    std::string address;
    bool contained;
  };
  const Case cases[] = {
      {"10.0.0.0/8", "10.255.1.2", true},
      {"10.0.0.0/8", "11.0.0.0", false},
      {"10.1.2.0/23", "10.1.3.255", true},
      {"10.1.2.0/23", "10.1.4.0", false},
      {"10.0.0.7", "10.0.0.7", true},
      {"10.0.0.7", "10.0.0.8", false},
      {"10.0.0.0/8", "::ffff:10.9.9.9", true},
      {"10.0.0.0/8", "2001:db8::1", false},
      {"0.0.0.0/0", "192.0.2.1", true},
      {"0.0.0.0/0", "2001:db8::1", false},
      {"2001:db8::/32", "2001:db8:ffff::1", true},
      {"2001:db8::/32", "2001:db9::1", false},
      {"::/0", "2001:db8::1", true},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.range + " " + c.address);
    auto range = ParseIpRange(c.range);
    auto address = ParseIpAddress(c.address);
    ASSERT_TRUE(range.has_value());
    ASSERT_TRUE(address.has_value());
    EXPECT_EQ(range->Contains(*address), c.contained);
  }
  for (const char* bad :
       {"10.0.0.7/8", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/x", "/8",
        "2001:db8::1/32", "2001:db8::/129", "host.example"}) {
    SCOPED_TRACE(bad);
    EXPECT_FALSE(ParseIpRange(bad).has_value());
  }
}

TEST(NetworkAddressTest, OnlyLoopbackListenAddressesStayLocal) {
  struct Case {
    std::string listen;
    bool loopback;
  };
  const Case cases[] = {
      {"127.0.0.1:50051", true},   {"127.1.2.3:0", true},
      {"[::1]:50051", true},       {"localhost:50051", true},
      {"LOCALHOST:1", true},       {"unix:/run/motcua.sock", true},
      {"0.0.0.0:50051", false},    {"[::]:50051", false},
      {":50051", false},           {"10.0.0.7:50051", false},
      {"db.example:50051", false}, {"[::ffff:127.0.0.1]:1", true},
      {"127.0.0.1", false},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.listen);
    EXPECT_EQ(IsLoopbackListenAddress(c.listen), c.loopback);
  }
}

TEST(NetworkAddressTest, ListenAddressesSplitIntoWhatASocketBinds) {
  struct Case {
    std::string listen;
    std::string host;  // empty: refused
    uint16_t port;
  };
  const Case cases[] = {
      {"127.0.0.1:50051", "127.0.0.1", 50051},
      {"[::1]:0", "::1", 0},
      {"localhost:9464", "127.0.0.1", 9464},
      {"LocalHost:1", "127.0.0.1", 1},
      {"0.0.0.0:65535", "0.0.0.0", 65535},
      {"db.example:80", "db.example", 80},
      {"127.0.0.1:65536", "", 0},
      {"127.0.0.1:", "", 0},
      {":50051", "", 0},
      {"[]:1", "", 0},
      {"127.0.0.1", "", 0},
      {"127.0.0.1:123456", "", 0},
      {"127.0.0.1:-1", "", 0},
      {"127.0.0.1:+80", "", 0},
      {"unix:/run/motcua.sock", "", 0},
      {"", "", 0},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.listen);
    const auto parsed = ParseListenAddress(c.listen);
    if (c.host.empty()) {
      EXPECT_FALSE(parsed.has_value());
      continue;
    }
    ASSERT_TRUE(parsed.has_value());
    EXPECT_EQ(parsed->host, c.host);
    EXPECT_EQ(parsed->port, c.port);
  }
}

}  // namespace
}  // namespace motcua::services
