// The webhook end to end: a real HTTP client (Beast) against the server on
// port 0, a sink that runs the real postal rules on one in-memory dossier
// and answers from another thread, as the sequencer does.
#include "adapters/postal/postal_webhook_server.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cerrno>
#include <filesystem>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <thread>

#include "engine/postal/postal_testing.h"

namespace motcua::adapters {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using json = nlohmann::json;
using engine::testing::At;

constexpr char kSecret[] = "vnpost-secret-0123456789";
constexpr char kIn[] = "EB100000001VN";

class FixedClock : public engine::Clock {
 public:
  explicit FixedClock(engine::Instant t) : t_(t) {}
  engine::Instant Now() const override { return t_; }

 private:
  engine::Instant t_;
};

// One dossier by post, ready at the desk; index tracking -> code.
class FakeSink : public engine::PostalEventSink {
 public:
  explicit FakeSink(const engine::Dossier& d) : dossier_(d) {
    index_[kIn] = d.code;
  }
  ~FakeSink() override {
    for (std::thread& t : threads_) t.join();
  }
  void Record(engine::PostalCommand cmd, Done done) override {
    std::lock_guard<std::mutex> lock(mu_);
    ++calls_;
    if (throw_ == Throw::kBeforeDone) throw std::runtime_error("sink broke");
    if (throw_ == Throw::kAfterDone) {
      done(Decide(cmd));
      throw std::runtime_error("sink broke after answering");
    }
    threads_.emplace_back(
        [done = std::move(done), r = Decide(cmd)] { done(r); });
  }
  enum class Throw { kNever, kBeforeDone, kAfterDone };
  void ThrowInRecord(Throw t) {
    std::lock_guard<std::mutex> lock(mu_);
    throw_ = t;
  }
  void FailWith(std::optional<engine::Error> e) {
    std::lock_guard<std::mutex> lock(mu_);
    fail_ = std::move(e);
  }
  engine::Dossier dossier() {
    std::lock_guard<std::mutex> lock(mu_);
    return dossier_;
  }
  int calls() {
    std::lock_guard<std::mutex> lock(mu_);
    return calls_;
  }

 private:
  engine::Result<engine::PostalOutcome> Decide(
      const engine::PostalCommand& cmd) {
    if (fail_) return *fail_;
    auto it = index_.find(cmd.report.tracking_number);
    const std::string code = !cmd.dossier_code.empty() ? cmd.dossier_code
                             : it != index_.end()      ? it->second
                                                       : "";
    if (code != dossier_.code) {
      return engine::NotFound("tracking_number: no dossier has " +
                              cmd.report.tracking_number);
    }
    auto r = engine::DecidePostal(dossier_, cmd, At(2025, 3, 24, 10, 0));
    if (!r.ok()) return r.error();
    for (const engine::DossierEvent& e : r->events) Apply(dossier_, e);
    for (const std::string& n : engine::TrackingNumbersIntroduced(r->events)) {
      index_[n] = dossier_.code;
    }
    return engine::PostalOutcome{r->duplicate, dossier_.code, dossier_.version};
  }

  std::mutex mu_;
  engine::Dossier dossier_;
  std::map<std::string, std::string> index_;
  std::optional<engine::Error> fail_;
  Throw throw_ = Throw::kNever;
  int calls_ = 0;
  std::vector<std::thread> threads_;
};

struct Reply {
  int status = 0;
  json body;
};

// Members are public: the table of failures drives them from lambdas.
class WebhookTest : public ::testing::Test {
 public:
  void SetUp() override {
    engine::testing::PostalWalker w;
    ASSERT_OK(w.ReadyByPost(At(2025, 3, 10, 9, 0), At(2025, 3, 20, 10, 0)));
    sink_ = std::make_unique<FakeSink>(w.dossier());
    auto table = CarrierTable::Load(MOTCUA_POSTAL_DIR "/carrier_statuses.json");
    ASSERT_TRUE(table.ok()) << table.error().message;
    PostalWebhookOptions o = options_;
    o.auth.secrets = {{"vnpost", kSecret}};
    server_ = std::make_unique<PostalWebhookServer>(o, *sink_, clock_,
                                                    std::move(*table));
    auto port = server_->Start();
    ASSERT_TRUE(port.ok()) << port.error().message;
    port_ = *port;
  }
  void TearDown() override { server_.reset(); }

  Reply Send(http::verb verb, const std::string& target,
             const std::string& body, std::string timestamp,
             std::string signature) {
    net::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.connect(
        net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port_));
    http::request<http::string_body> req(verb, target, 11);
    req.set(http::field::host, "127.0.0.1");
    req.set(http::field::content_type, "application/json");
    req.set("X-Motcua-Timestamp", timestamp);
    req.set("X-Motcua-Signature", signature);
    req.body() = body;
    req.prepare_payload();
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    beast::error_code ignored;
    stream.socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
    Reply r{static_cast<int>(res.result_int()),
            json::parse(res.body(), nullptr, false)};
    return r;
  }
  // Signed with the server's current time.
  Reply Post(const json& body) { return PostRaw(body.dump()); }
  Reply PostRaw(const std::string& body) {
    const std::string ts = Now();
    return Send(http::verb::post, "/v1/carriers/vnpost/events", body, ts,
                SignWebhook(kSecret, ts, body));
  }
  std::string Now() const {
    return std::to_string(clock_.Now() / engine::kMicrosPerSecond);
  }

  static json Event(const char* id, const char* status, const char* time) {
    return {{"carrier_event_id", id},
            {"tracking_number", kIn},
            {"status", status},
            {"event_time", time},
            {"postal_worker", "Phạm Văn Bưu"}};
  }
  static json Handover() {
    json j = Event("ev-2", "HCC-200", "2025-03-10T09:00:00+07:00");
    j["officer"] = "Lê Thị Hoa";
    j["record_number"] = "BB-0001";
    return j;
  }
  static json Pickup() {
    json j = Event("ev-1", "HCC-100", "2025-03-07T09:00:00Z");
    j["documents"] = json::array({{{"name", "Tờ khai"}, {"originals", 1}}});
    j["sealed"] = true;
    j["fees_vnd"] = 25000;
    return j;
  }

  // Raw bytes on a new connection; the status and body of the answer, or
  // status 0 when the server closed without one.
  Reply Raw(const std::string& bytes) {
    net::io_context ioc;
    beast::tcp_stream stream(ioc);
    stream.connect(
        net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port_));
    net::write(stream, net::buffer(bytes));
    return ReadReply(stream);
  }
  static Reply ReadReply(beast::tcp_stream& stream) {
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> res;
    res.body_limit(1 << 20);
    beast::error_code ec;
    http::read(stream, buffer, res, ec);
    if (ec) return Reply{};
    return Reply{static_cast<int>(res.get().result_int()),
                 json::parse(res.get().body(), nullptr, false)};
  }
  // The server still records reports.
  void ExpectServing() {
    Reply r = Post(Handover());
    EXPECT_EQ(r.status, 200) << r.body.dump();
  }

  PostalWebhookOptions options_ = [] {
    PostalWebhookOptions o;
    o.threads = 2;
    return o;
  }();
  FixedClock clock_{At(2025, 3, 24, 10, 0)};
  std::unique_ptr<FakeSink> sink_;
  std::unique_ptr<PostalWebhookServer> server_;
  uint16_t port_ = 0;
};

TEST_F(WebhookTest, RecordsOnceAndAnswersTheRepeatAsDuplicate) {
  const uint64_t v0 = sink_->dossier().version;
  Reply first = Post(Handover());
  ASSERT_EQ(first.status, 200) << first.body.dump();
  EXPECT_EQ(first.body["recorded"], true);
  EXPECT_EQ(first.body["duplicate"], false);
  EXPECT_EQ(first.body["kind"], "inbound_handover");
  EXPECT_EQ(first.body["version"], v0 + 1);
  Reply again = Post(Handover());
  ASSERT_EQ(again.status, 200);
  EXPECT_EQ(again.body["duplicate"], true);
  EXPECT_EQ(sink_->dossier().version, v0 + 1);
  EXPECT_EQ(sink_->dossier().postal.legs.size(), 1u);
}

TEST_F(WebhookTest, LateEarlierPickupIsPlacedBeforeTheHandover) {
  ASSERT_EQ(Post(Handover()).status, 200);
  Reply r = Post(Pickup());
  ASSERT_EQ(r.status, 200) << r.body.dump();
  const auto legs = sink_->dossier().postal.legs;
  ASSERT_EQ(legs.size(), 2u);
  EXPECT_EQ(legs[0].kind, engine::PostalEventKind::kInboundPickup);
  EXPECT_EQ(legs[0].at, At(2025, 3, 7, 16, 0));
  EXPECT_EQ(legs[1].kind, engine::PostalEventKind::kInboundHandover);
}

TEST_F(WebhookTest, OutboundRoundTripReturnsTheResult) {
  json out = Event("ev-3", "HCC-300", "2025-03-21T08:00:00+07:00");
  out["tracking_number"] = "EB200000002VN";
  out["dossier_code"] = sink_->dossier().code;
  out["record_number"] = "SBG-42";
  ASSERT_EQ(Post(out).status, 200);
  EXPECT_EQ(sink_->dossier().state, engine::DossierState::kReturned);
  json delivered = Event("ev-4", "HCC-400", "2025-03-23T10:00:00+07:00");
  delivered["tracking_number"] = "EB200000002VN";  // found by the index now
  delivered["recipient_name"] = "Nguyễn Thị Ánh";
  delivered["recipient_id"] = "001190012345";
  Reply r = Post(delivered);
  ASSERT_EQ(r.status, 200) << r.body.dump();
  EXPECT_EQ(sink_->dossier().postal.delivery(),
            engine::DeliveryStatus::kDelivered);
}

TEST_F(WebhookTest, AnswersEachFailureWithItsStatusAndRecordsNothing) {
  struct Case {
    const char* name;
    std::function<Reply(WebhookTest&)> send;
    int status;
    const char* field;  // nullptr: not checked
  };
  const std::string body = Handover().dump();
  const Case cases[] = {
      {"bad signature",
       [&](WebhookTest& t) {
         return t.Send(http::verb::post, "/v1/carriers/vnpost/events", body,
                       t.Now(),
                       SignWebhook("wrong-secret-0123456", t.Now(), body));
       },
       401, "X-Motcua-Signature"},
      {"stale timestamp",
       [&](WebhookTest& t) {
         const std::string old =
             std::to_string(t.clock_.Now() / engine::kMicrosPerSecond - 301);
         return t.Send(http::verb::post, "/v1/carriers/vnpost/events", body,
                       old, SignWebhook(kSecret, old, body));
       },
       401, "X-Motcua-Timestamp"},
      {"unknown carrier",
       [&](WebhookTest& t) {
         return t.Send(http::verb::post, "/v1/carriers/ghn/events", body,
                       t.Now(), SignWebhook(kSecret, t.Now(), body));
       },
       401, "carrier"},
      {"malformed JSON",
       [](WebhookTest& t) { return t.PostRaw("{\"carrier_event_id\":"); }, 400,
       ""},
      {"missing field",
       [](WebhookTest& t) {
         json j = Handover();
         j.erase("tracking_number");
         return t.Post(j);
       },
       400, "tracking_number"},
      {"engine field rule",
       [](WebhookTest& t) {
         json j = Handover();
         j.erase("officer");
         return t.Post(j);
       },
       400, "officer"},
      {"unknown tracking number",
       [](WebhookTest& t) {
         json j = Handover();
         j["tracking_number"] = "EB999999999VN";
         return t.Post(j);
       },
       404, nullptr},
      {"contradiction",
       [](WebhookTest& t) {
         json j = Event("ev-9", "HCC-400", "2025-03-21T08:00:00+07:00");
         j["recipient_name"] = "An";
         j["recipient_id"] = "001190012345";
         return t.Post(j);
       },
       409, nullptr},
      {"wrong path",
       [&](WebhookTest& t) {
         return t.Send(http::verb::post, "/v1/carriers/vnpost", body, t.Now(),
                       SignWebhook(kSecret, t.Now(), body));
       },
       404, nullptr},
      {"wrong method",
       [&](WebhookTest& t) {
         return t.Send(http::verb::get, "/v1/carriers/vnpost/events", "",
                       t.Now(), "");
       },
       405, nullptr},
  };
  const uint64_t version = sink_->dossier().version;
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Reply r = c.send(*this);
    EXPECT_EQ(r.status, c.status) << r.body.dump();
    if (c.field != nullptr) {
      EXPECT_EQ(r.body["error"]["field"], c.field) << r.body.dump();
    }
    EXPECT_EQ(sink_->dossier().version, version);
  }
}

TEST_F(WebhookTest, StoreUnavailableIs503AndTheRetrySucceeds) {
  sink_->FailWith(engine::Unavailable("the store refused the write"));
  EXPECT_EQ(Post(Handover()).status, 503);
  sink_->FailWith(std::nullopt);
  Reply retry = Post(Handover());
  EXPECT_EQ(retry.status, 200);
  EXPECT_EQ(retry.body["duplicate"], false);
}

TEST_F(WebhookTest, BodyOverTheLimitIs413) {
  json j = Handover();
  j["reason"] = std::string(70 * 1024, 'x');
  Reply r = Post(j);
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(sink_->calls(), 0);
}

TEST_F(WebhookTest, FieldRulesAnswer400BeforeTheSink) {
  json j = Handover();
  j["event_time"] = "2025-03-25T10:00:00+07:00";  // a day ahead of the clock
  Reply r = Post(j);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body["error"]["field"], "event_time");
  EXPECT_EQ(sink_->calls(), 0);
}

TEST_F(WebhookTest, IgnoredStatusNeverReachesTheSink) {
  Reply r = Post(Event("ev-5", "HCC-110", "2025-03-08T09:00:00+07:00"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body["ignored"], true);
  EXPECT_EQ(sink_->calls(), 0);
}

TEST_F(WebhookTest, InvalidUtf8CarrierIs401AndTheServerServesOn) {
  // Crashed the process: the 401's message echoed the byte and the JSON
  // dump threw.
  Reply r =
      Raw("POST /v1/carriers/\xff/events HTTP/1.1\r\nHost: x\r\n"
          "Content-Length: 2\r\n\r\n{}");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.body["error"]["field"], "carrier") << r.body.dump();
  ExpectServing();
}

TEST_F(WebhookTest, LongMultibyteDossierCodeIsAnsweredAndTheServerServesOn) {
  json j = Handover();
  std::string code = "a";
  for (int i = 0; i < 50; ++i) code += "Ă";
  j["dossier_code"] = code;
  Reply r = Post(j);
  EXPECT_EQ(r.status, 404) << r.body.dump();  // the fake sink's answer
  ASSERT_TRUE(r.body.is_object());
  ExpectServing();
}

TEST_F(WebhookTest, BadBytesAndSizesInTheHeadAreAnsweredNeverFatal) {
  struct Case {
    const char* name;
    std::string request;
    int status;
  };
  const std::string body = Handover().dump();
  auto post = [&](const std::string& target, const std::string& headers) {
    return "POST " + target + " HTTP/1.1\r\nHost: x\r\n" + headers +
           "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  };
  const std::string ts = "X-Motcua-Timestamp: " + Now() + "\r\n";
  const Case cases[] = {
      {"huge path",
       post("/v1/carriers/" + std::string(20000, 'a') + "/events", ""), 400},
      {"huge header",
       post("/v1/carriers/vnpost/events",
            "X-Motcua-Signature: " + std::string(20000, 's') + "\r\n"),
       400},
      {"bad bytes in the signature",
       post("/v1/carriers/vnpost/events",
            ts + "X-Motcua-Signature: sha256=\xff\xfe\x80\r\n"),
       401},
      {"bad bytes in the timestamp",
       post("/v1/carriers/vnpost/events",
            "X-Motcua-Timestamp: 17\xff\r\nX-Motcua-Signature: x\r\n"),
       401},
      {"bad bytes in another header",
       post("/v1/carriers/vnpost/events",
            ts + "X-Motcua-Carrier-Event-Id: \xc3\x28\r\n"),
       401},
      {"timestamp at the int64 edge",
       post("/v1/carriers/vnpost/events",
            "X-Motcua-Timestamp: -9223372036854775808\r\n"
            "X-Motcua-Signature: " +
                SignWebhook(kSecret, "-9223372036854775808", body) + "\r\n"),
       401},
      {"bad bytes in the carrier and a long one",
       post("/v1/carriers/" + std::string(4000, '\xc4') + "/events", ts), 401},
      {"bad request line", "GET\xff / HTTP/1.1\r\nHost: x\r\n\r\n", 400},
      {"not HTTP", "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", 400},
      {"body not UTF-8",
       post("/v1/carriers/vnpost/events", ts + "X-Motcua-Signature: x\r\n") +
           std::string(100, '\xff'),
       401},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Reply r = Raw(c.request);
    EXPECT_EQ(r.status, c.status) << r.body.dump();
    EXPECT_TRUE(r.body.is_object()) << r.body.dump();
  }
  // Signed bodies that are not UTF-8, or hide bad bytes in a string.
  for (const std::string& bad :
       {std::string(100, '\xff'), std::string("{\"reason\":\"\xc3\x28\"}")}) {
    Reply r = PostRaw(bad);
    EXPECT_EQ(r.status, 400) << r.body.dump();
  }
  ExpectServing();
}

TEST_F(WebhookTest, SinkThatThrowsIsAnswered500AndTheServerServesOn) {
  sink_->ThrowInRecord(FakeSink::Throw::kBeforeDone);
  Reply r = Post(Handover());
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body["error"]["code"], "internal") << r.body.dump();
  // A sink that answered and then threw: its answer stands, once.
  sink_->ThrowInRecord(FakeSink::Throw::kAfterDone);
  r = Post(Handover());
  EXPECT_EQ(r.status, 200) << r.body.dump();
  EXPECT_EQ(r.body["duplicate"], false);
  sink_->ThrowInRecord(FakeSink::Throw::kNever);
  r = Post(Handover());
  EXPECT_EQ(r.status, 200) << r.body.dump();
  EXPECT_EQ(r.body["duplicate"], true);
}

class WebhookConnectionCapTest : public WebhookTest {
 public:
  WebhookConnectionCapTest() { options_.max_connections_per_address = 2; }
};

TEST_F(WebhookConnectionCapTest, ConnectionBeyondThePerAddressCapIsClosed) {
  net::io_context ioc;
  const net::ip::tcp::endpoint server(net::ip::make_address("127.0.0.1"),
                                      port_);
  std::vector<std::unique_ptr<beast::tcp_stream>> open;
  for (int i = 0; i < 3; ++i) {
    open.push_back(std::make_unique<beast::tcp_stream>(ioc));
    open.back()->connect(server);
  }
  // The server accepts in connection order: the third is over the cap and
  // closed at once, unanswered.
  const std::string get =
      "GET /v1/carriers/vnpost/events HTTP/1.1\r\nHost: x\r\n\r\n";
  beast::error_code ec;
  net::write(*open[2], net::buffer(get), ec);
  EXPECT_EQ(ReadReply(*open[2]).status, 0);
  // The first two are served, and stay open (keep-alive).
  for (int i = 0; i < 2; ++i) {
    SCOPED_TRACE(i);
    net::write(*open[i], net::buffer(get));
    EXPECT_EQ(ReadReply(*open[i]).status, 405);
  }
  // Once one closes, the address may connect again (the server sees the
  // close asynchronously: poll, bounded).
  open[0]->socket().close();
  int status = 0;
  for (int attempt = 0; attempt < 200 && status != 405; ++attempt) {
    if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    beast::tcp_stream again(ioc);
    again.connect(server);
    net::write(again, net::buffer(get), ec);
    status = ReadReply(again).status;
  }
  EXPECT_EQ(status, 405);
}

// Process CPU time (all threads), in milliseconds.
int64_t CpuMillis() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1000 +
         (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1000;
}

int HighestOpenFd() {
  int highest = 2;
  for (const auto& entry :
       std::filesystem::directory_iterator("/proc/self/fd")) {
    highest = std::max(highest, std::stoi(entry.path().filename().string()));
  }
  return highest;
}

TEST(WebhookAcceptTest, OutOfFileDescriptorsBacksOffInsteadOfSpinning) {
#ifdef MOTCUA_SANITIZE_VPTR
  // GCC 12's UBSan vptr check opens a pipe(2) on each miss of its type
  // cache to probe that the vtable is readable (IsAccessibleMemoryRange);
  // with no descriptor left the probe fails, and it reports "invalid vptr"
  // on a valid object (the acceptor strand's shared_ptr) and halts. Its
  // suppressions cannot name that report. The Release suite runs this test.
  GTEST_SKIP() << "UBSan's vptr check needs free file descriptors";
#endif
  engine::testing::PostalWalker w;
  ASSERT_OK(w.ReadyByPost(At(2025, 3, 10, 9, 0), At(2025, 3, 20, 10, 0)));
  FakeSink sink(w.dossier());
  FixedClock clock(At(2025, 3, 24, 10, 0));
  auto table = CarrierTable::Load(MOTCUA_POSTAL_DIR "/carrier_statuses.json");
  ASSERT_TRUE(table.ok());
  PostalWebhookOptions o;
  o.threads = 1;
  o.accept_retry_millis = 50;
  PostalWebhookServer server(o, sink, clock, std::move(*table));
  auto port = server.Start();
  ASSERT_TRUE(port.ok());

  // Use up every descriptor this process may open but one, under a low
  // soft limit, then spend that one on a client socket: the server's
  // accept of it fails with EMFILE for as long as the fillers are held.
  rlimit saved{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &saved), 0);
  rlimit low = saved;
  low.rlim_cur = static_cast<rlim_t>(HighestOpenFd() + 32);
  ASSERT_LE(low.rlim_cur, saved.rlim_max);
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &low), 0);
  std::vector<int> fillers;
  for (int fd; (fd = open("/dev/null", O_RDONLY | O_CLOEXEC)) >= 0;) {
    fillers.push_back(fd);
  }
  const int open_errno = errno;
  ASSERT_FALSE(fillers.empty());
  close(fillers.back());
  fillers.pop_back();
  const int client = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(*port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const int connected =
      connect(client, reinterpret_cast<sockaddr*>(&addr), sizeof addr);

  // Measured over a second of wall time: spinning costs about a second of
  // CPU, backing off a few milliseconds. (A CPU budget can only be seen
  // over time; this is the one sleep the test needs.)
  const int64_t before = CpuMillis();
  std::this_thread::sleep_for(std::chrono::seconds(1));
  const int64_t used = CpuMillis() - before;

  for (int fd : fillers) close(fd);
  setrlimit(RLIMIT_NOFILE, &saved);
  EXPECT_EQ(open_errno, EMFILE);
  ASSERT_GE(client, 0);
  ASSERT_EQ(connected, 0);
  EXPECT_LT(used, 250) << "ms of CPU while accept failed";

  // With descriptors back, the queued connection is accepted and served.
  const std::string get =
      "GET /v1/carriers/vnpost/events HTTP/1.1\r\nHost: x\r\n"
      "Connection: close\r\n\r\n";
  ASSERT_EQ(write(client, get.data(), get.size()),
            static_cast<ssize_t>(get.size()));
  std::string answer;
  char buf[4096];
  for (ssize_t n; (n = read(client, buf, sizeof buf)) > 0;)
    answer.append(buf, n);
  close(client);
  EXPECT_EQ(answer.substr(0, 12), "HTTP/1.1 405") << answer;
  server.Stop();
}

TEST(WebhookOverloadTest, BeyondMaxInFlightIs429) {
  engine::testing::PostalWalker w;
  ASSERT_OK(w.ReadyByPost(At(2025, 3, 10, 9, 0), At(2025, 3, 20, 10, 0)));
  FakeSink sink(w.dossier());
  FixedClock clock(At(2025, 3, 24, 10, 0));
  auto table = CarrierTable::Load(MOTCUA_POSTAL_DIR "/carrier_statuses.json");
  ASSERT_TRUE(table.ok());
  PostalWebhookOptions o;
  o.auth.secrets = {{"vnpost", kSecret}};
  o.max_in_flight = 0;
  PostalWebhookServer server(o, sink, clock, std::move(*table));
  auto port = server.Start();
  ASSERT_TRUE(port.ok());
  net::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.connect(
      net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), *port));
  const std::string body =
      R"({"carrier_event_id":"e","tracking_number":"EB100000001VN",)"
      R"("status":"HCC-200","event_time":"2025-03-10T09:00:00+07:00",)"
      R"("postal_worker":"B","officer":"H","record_number":"1"})";
  const std::string ts = std::to_string(clock.Now() / engine::kMicrosPerSecond);
  http::request<http::string_body> req(http::verb::post,
                                       "/v1/carriers/vnpost/events", 11);
  req.set("X-Motcua-Timestamp", ts);
  req.set("X-Motcua-Signature", SignWebhook(kSecret, ts, body));
  req.body() = body;
  req.prepare_payload();
  http::write(stream, req);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res);
  EXPECT_EQ(res.result_int(), 429u);
  EXPECT_EQ(res[http::field::retry_after], "5");
  EXPECT_EQ(sink.calls(), 0);
  server.Stop();
}

}  // namespace
}  // namespace motcua::adapters
