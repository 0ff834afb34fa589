#include "server/http_transcoding.h"

#include <google/protobuf/any.pb.h>
#include <google/protobuf/duration.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "google/api/httpbody.pb.h"
#include "motcua/v1/access.grpc.pb.h"
#include "motcua/v1/calendar.grpc.pb.h"
#include "motcua/v1/catalogue.grpc.pb.h"
#include "motcua/v1/dossier.grpc.pb.h"
#include "motcua/v1/events.grpc.pb.h"
#include "motcua/v1/lookup.grpc.pb.h"
#include "motcua/v1/postal.grpc.pb.h"
#include "motcua/v1/report.grpc.pb.h"

namespace motcua::services {
namespace {

namespace pb = google::protobuf;
using Bindings = std::vector<std::pair<std::string, std::string>>;

PathTemplate T(std::string_view text) {
  auto t = PathTemplate::Parse(text);
  EXPECT_TRUE(t.ok()) << text << ": " << t.error().message;
  return t.ok() ? *t : PathTemplate();
}

TEST(PathTemplateTest, LiteralsVariablesAndVerbs) {
  const PathTemplate get = T("/v1/dossiers/{code}");
  EXPECT_EQ(get.Match("/v1/dossiers/H55.1-261126-0001"),
            (Bindings{{"code", "H55.1-261126-0001"}}));
  EXPECT_FALSE(get.Match("/v1/dossiers"));
  EXPECT_FALSE(get.Match("/v1/dossiers/"));
  EXPECT_FALSE(get.Match("/v1/dossiers/a/b"));
  EXPECT_FALSE(get.Match("/v2/dossiers/a"));
  EXPECT_FALSE(get.Match("v1/dossiers/a"));
  // A path with a verb matches only a template with that verb.
  EXPECT_FALSE(get.Match("/v1/dossiers/A:transfer"));

  const PathTemplate action = T("/v1/dossiers/{code}:transfer");
  EXPECT_EQ(action.Match("/v1/dossiers/A-1:transfer"),
            (Bindings{{"code", "A-1"}}));
  EXPECT_FALSE(action.Match("/v1/dossiers/A-1:withdraw"));
  EXPECT_FALSE(action.Match("/v1/dossiers/A-1"));
  EXPECT_EQ(action.Variables(), std::vector<std::string>{"code"});

  const PathTemplate two = T("/forms/{code}/{file}");
  EXPECT_EQ(two.Match("/forms/ABC-123/receipt-slip.pdf"),
            (Bindings{{"code", "ABC-123"}, {"file", "receipt-slip.pdf"}}));

  const PathTemplate nested = T("/v1/x/{period.year=*}/*");
  EXPECT_EQ(nested.Match("/v1/x/2026/anything"),
            (Bindings{{"period.year", "2026"}}));
}

TEST(PathTemplateTest, VariablesArePercentDecoded) {
  const PathTemplate t = T("/v1/dossiers/{code}");
  EXPECT_EQ(t.Match("/v1/dossiers/a%3Ab%20c%2Fd"),
            (Bindings{{"code", "a:b c/d"}}));
  // '+' is a plus in a path.
  EXPECT_EQ(t.Match("/v1/dossiers/a+b"), (Bindings{{"code", "a+b"}}));
  EXPECT_FALSE(t.Match("/v1/dossiers/a%2"));
  EXPECT_FALSE(t.Match("/v1/dossiers/a%zz"));
  // Bytes that are not UTF-8 are decoded as they are; the field check
  // refuses them later.
  EXPECT_EQ(t.Match("/v1/dossiers/%FF"), (Bindings{{"code", "\xff"}}));
}

TEST(PathTemplateTest, UnservedFormsAreRefused) {
  for (const char* bad : {"", "v1/x", "/v1//x", "/v1/**", "/v1/{name=a/*}",
                          "/v1/{bad-name}", "/v1/{open", "/v1/x:", "/v1/a*b"}) {
    EXPECT_FALSE(PathTemplate::Parse(bad).ok()) << bad;
  }
}

std::vector<std::string> AllServices() { return HttpServedServices(true); }

// Every service of every proto/motcua/v1 file is in HttpServedServices, so
// an RPC added to the API is reachable over HTTP (the OpenAPI document lists
// it: openapi_up_to_date).
TEST(HttpRouterTest, EveryServiceOfTheApiIsServed) {
  const std::vector<std::string> served = AllServices();
  int files = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(MOTCUA_PROTO_DIR "/motcua/v1")) {
    if (entry.path().extension() != ".proto") continue;
    const std::string name = "motcua/v1/" + entry.path().filename().string();
    const pb::FileDescriptor* file =
        pb::DescriptorPool::generated_pool()->FindFileByName(name);
    ASSERT_NE(file, nullptr) << name << " is not linked into motcua_proto";
    ++files;
    for (int i = 0; i < file->service_count(); ++i) {
      EXPECT_NE(std::find(served.begin(), served.end(),
                          file->service(i)->full_name()),
                served.end())
          << file->service(i)->full_name()
          << " is not in HttpServedServices (server/http_transcoding.cc)";
    }
  }
  EXPECT_GE(files, 8);
  // Without the admin services when they have their own listener.
  EXPECT_LT(HttpServedServices(false).size(), served.size());
}

HttpRouter Router(const std::vector<std::string>& services = AllServices()) {
  auto r = HttpRouter::Build(*pb::DescriptorPool::generated_pool(), services);
  EXPECT_TRUE(r.ok()) << r.error().message;
  return r.ok() ? std::move(*r) : HttpRouter();
}

// Every method of every service has a route, and no two routes take
// the same method and path template.
TEST(HttpRouterTest, EveryMethodIsRoutedOnce) {
  const HttpRouter router = Router();
  std::set<std::string> routed, seen;
  for (const HttpRoute& r : router.routes()) {
    routed.insert(r.method->full_name());
    EXPECT_TRUE(seen.insert(r.http_method + " " + r.path.text()).second)
        << r.http_method << " " << r.path.text();
  }
  for (const std::string& name : AllServices()) {
    const auto* service =
        pb::DescriptorPool::generated_pool()->FindServiceByName(name);
    ASSERT_NE(service, nullptr);
    for (int i = 0; i < service->method_count(); ++i) {
      const auto* m = service->method(i);
      EXPECT_TRUE(routed.count(m->full_name())) << m->full_name();
    }
  }
}

TEST(HttpRouterTest, FindsTheRouteOrAnswers404Or405) {
  const HttpRouter router = Router();
  auto found = router.Find("GET", "/v1/dossiers/A-1");
  ASSERT_TRUE(std::holds_alternative<HttpRouter::Found>(found));
  EXPECT_EQ(std::get<HttpRouter::Found>(found).route->grpc_method,
            "/motcua.v1.DossierService/GetDossier");

  found = router.Find("POST", "/v1/dossiers/A-1:transfer");
  ASSERT_TRUE(std::holds_alternative<HttpRouter::Found>(found));
  EXPECT_EQ(std::get<HttpRouter::Found>(found).route->grpc_method,
            "/motcua.v1.DossierService/Transfer");

  found = router.Find("POST", "/v1/processing/dossiers/A-1:receiveSupplement");
  ASSERT_TRUE(std::holds_alternative<HttpRouter::Found>(found));
  EXPECT_EQ(std::get<HttpRouter::Found>(found).route->grpc_method,
            "/motcua.v1.ProcessingService/ReceiveSupplement");

  found = router.Find("DELETE", "/v1/dossiers/A-1");
  ASSERT_TRUE(std::holds_alternative<HttpError>(found));
  EXPECT_EQ(std::get<HttpError>(found).http_status, 405);
  EXPECT_EQ(std::get<HttpError>(found).allow, "GET");

  found = router.Find("GET", "/v1/dossiers");  // ListDossiers
  ASSERT_TRUE(std::holds_alternative<HttpRouter::Found>(found));
  found = router.Find("PUT", "/v1/dossiers");
  EXPECT_EQ(std::get<HttpError>(found).allow, "GET, POST");

  found = router.Find("GET", "/v1/nothing");
  ASSERT_TRUE(std::holds_alternative<HttpError>(found));
  EXPECT_EQ(std::get<HttpError>(found).http_status, 404);

  // Printable forms: served once DossierService has a method annotated
  // GET /forms/{code}/{file}; 404 until then.
  found = router.Find("GET", "/forms/ABC-123/receipt-slip.pdf");
  bool forms_routed = false;
  for (const HttpRoute& r : router.routes()) {
    forms_routed |= r.path.text() == "/forms/{code}/{file}";
  }
  if (forms_routed) {
    EXPECT_TRUE(std::holds_alternative<HttpRouter::Found>(found));
  } else {
    EXPECT_EQ(std::get<HttpError>(found).http_status, 404);
  }
}

TEST(HttpRouterTest, AdminRoutesOnlyWhenTheirServicesAreListed) {
  const HttpRouter router =
      Router({motcua::v1::DossierService::service_full_name()});
  auto found = router.Find("GET", "/v1/admin/tokens");
  ASSERT_TRUE(std::holds_alternative<HttpError>(found));
  EXPECT_EQ(std::get<HttpError>(found).http_status, 404);
  EXPECT_TRUE(std::holds_alternative<HttpRouter::Found>(
      Router().Find("GET", "/v1/admin/tokens")));
  EXPECT_FALSE(
      HttpRouter::Build(*pb::DescriptorPool::generated_pool(), {"no.Such"})
          .ok());
}

std::variant<std::unique_ptr<pb::Message>, HttpError> Build(
    const HttpRouter& router, std::string_view method, std::string_view target,
    std::string_view body = {}) {
  const size_t q = target.find('?');
  auto found = router.Find(method, target.substr(0, q));
  if (auto* e = std::get_if<HttpError>(&found)) return *e;
  return BuildRequest(
      std::get<HttpRouter::Found>(found),
      q == std::string_view::npos ? std::string_view() : target.substr(q + 1),
      body, "application/json", {});
}

template <class M>
M As(const std::variant<std::unique_ptr<pb::Message>, HttpError>& built) {
  M m;
  if (auto* e = std::get_if<HttpError>(&built)) {
    ADD_FAILURE() << e->http_status << " " << e->message;
    return m;
  }
  m.CopyFrom(*std::get<std::unique_ptr<pb::Message>>(built));
  return m;
}

std::string ErrorOf(
    const std::variant<std::unique_ptr<pb::Message>, HttpError>& built) {
  if (auto* e = std::get_if<HttpError>(&built)) {
    EXPECT_EQ(e->http_status, 400);
    return e->message;
  }
  ADD_FAILURE() << "built a request";
  return "";
}

TEST(BuildRequestTest, BodyAndPathMakeTheRequest) {
  const HttpRouter router = Router();
  auto a = As<motcua::v1::DossierAction>(
      Build(router, "POST", "/v1/dossiers/A%2D1:transfer",
            R"({"client_id": "desk", "toAgency": "H55.10", "code": "other",
                "expected_version": "3"})"));
  EXPECT_EQ(a.code(), "A-1");  // the path wins over the body
  EXPECT_EQ(a.client_id(), "desk");
  EXPECT_EQ(a.to_agency(), "H55.10");
  EXPECT_EQ(a.expected_version(), 3u);
  // No body: every field at its default.
  EXPECT_EQ(As<motcua::v1::DossierAction>(
                Build(router, "POST", "/v1/dossiers/B:withdraw"))
                .code(),
            "B");
}

TEST(BuildRequestTest, QueryParametersFillTheRest) {
  const HttpRouter router = Router();
  auto list = As<motcua::v1::ListDossiersRequest>(Build(
      router, "GET",
      "/v1/dossiers?agency_code=H55.1&states=DOSSIER_STATE_TRANSFERRED&"
      "states=1&page_size=20&unmasked=true&received_from=2026-01-01T00:00:00Z&"
      "page_token=a+b%2Bc"));
  EXPECT_EQ(list.agency_code(), "H55.1");
  ASSERT_EQ(list.states_size(), 2);
  EXPECT_EQ(list.states(0), motcua::v1::DOSSIER_STATE_TRANSFERRED);
  EXPECT_EQ(list.states(1), 1);
  EXPECT_EQ(list.page_size(), 20);
  EXPECT_TRUE(list.unmasked());
  EXPECT_EQ(list.received_from().seconds(), 1767225600);
  EXPECT_EQ(list.page_token(), "a b+c");

  auto form = As<motcua::v1::GetForm06Request>(
      Build(router, "GET",
            "/v1/reports/form06?period.kind=PERIOD_KIND_QUARTER&period.year="
            "2026&period.number=4&format=EXPORT_FORMAT_CSV"));
  EXPECT_EQ(form.period().kind(), motcua::v1::PERIOD_KIND_QUARTER);
  EXPECT_EQ(form.period().year(), 2026);
  EXPECT_EQ(form.period().number(), 4);
}

TEST(BuildRequestTest, BadInputIsA400NamingTheProblem) {
  const HttpRouter router = Router();
  EXPECT_NE(ErrorOf(Build(router, "GET", "/v1/dossiers?page_size=many"))
                .find("page_size"),
            std::string::npos);
  EXPECT_NE(ErrorOf(Build(router, "GET", "/v1/dossiers?nope=1")).find("nope"),
            std::string::npos);
  EXPECT_NE(ErrorOf(Build(router, "GET", "/v1/dossiers?unmasked=yes"))
                .find("true or false"),
            std::string::npos);
  EXPECT_NE(ErrorOf(Build(router, "GET", "/v1/dossiers?states=NOT_A_STATE"))
                .find("DossierState"),
            std::string::npos);
  EXPECT_NE(ErrorOf(Build(router, "GET", "/v1/dossiers?received_from=today"))
                .find("Timestamp"),
            std::string::npos);
  EXPECT_NE(ErrorOf(Build(router, "GET", "/v1/dossiers?agency_code=%FF"))
                .find("UTF-8"),
            std::string::npos);
  EXPECT_NE(ErrorOf(Build(router, "GET", "/v1/dossiers?a=%zz")).find("percent"),
            std::string::npos);
  EXPECT_NE(ErrorOf(Build(router, "POST", "/v1/dossiers", "{\"bogus\": 1}"))
                .find("bogus"),
            std::string::npos);
  EXPECT_NE(ErrorOf(Build(router, "POST", "/v1/dossiers", "{not json"))
                .find("SubmitDossierRequest"),
            std::string::npos);
  EXPECT_NE(ErrorOf(Build(router, "POST", "/v1/dossiers", "{\"a\":\"\xff\"}"))
                .find("UTF-8"),
            std::string::npos);
  EXPECT_NE(ErrorOf(Build(router, "POST", "/v1/dossiers",
                          std::string(40, '[') + std::string(40, ']')))
                .find("deeper than 32"),
            std::string::npos);
  // body "*": the body carries everything.
  EXPECT_NE(ErrorOf(Build(router, "POST", "/v1/dossiers?client_id=x", "{}"))
                .find("no query parameters"),
            std::string::npos);
}

TEST(JsonDepthTest, CountsNestingOutsideStrings) {
  EXPECT_EQ(JsonDepth("{}"), 1u);
  EXPECT_EQ(JsonDepth(R"({"a": [{"b": "[[[{"}]})"), 3u);
  EXPECT_EQ(JsonDepth(R"({"a": "\"[["})"), 1u);
  EXPECT_EQ(JsonDepth("3"), 0u);
}

TEST(RenderResponseTest, JsonWithProtoNamesAndEveryField) {
  HttpRoute route;
  motcua::v1::GetDossierRequest message;
  message.set_code("A-1");
  auto answer = RenderResponse(route, message);
  EXPECT_EQ(answer.http_status, 200);
  EXPECT_EQ(answer.content_type, "application/json");
  EXPECT_EQ(nlohmann::json::parse(answer.body)["code"], "A-1");

  motcua::v1::ListDossiersRequest empty;
  answer = RenderResponse(route, empty);
  const auto json = nlohmann::json::parse(answer.body);
  EXPECT_EQ(json["page_size"], 0);  // printed although default
  EXPECT_TRUE(json["states"].is_array());
}

TEST(RenderResponseTest, HttpBodyIsRawBytes) {
  HttpRoute route;
  google::api::HttpBody body;
  body.set_content_type("application/pdf");
  body.set_data(std::string("%PDF-1.7\0\xff", 10));
  auto answer = RenderResponse(route, body);
  EXPECT_EQ(answer.content_type, "application/pdf");
  EXPECT_EQ(answer.body, std::string("%PDF-1.7\0\xff", 10));
  body.clear_content_type();
  EXPECT_EQ(RenderResponse(route, body).content_type,
            "application/octet-stream");
}

TEST(StatusMappingTest, GrpcCodesToHttp) {
  using C = grpc::StatusCode;
  const std::pair<C, int> table[] = {
      {C::OK, 200},
      {C::INVALID_ARGUMENT, 400},
      {C::FAILED_PRECONDITION, 400},
      {C::OUT_OF_RANGE, 400},
      {C::UNAUTHENTICATED, 401},
      {C::PERMISSION_DENIED, 403},
      {C::NOT_FOUND, 404},
      {C::ALREADY_EXISTS, 409},
      {C::ABORTED, 409},
      {C::RESOURCE_EXHAUSTED, 429},
      {C::CANCELLED, 499},
      {C::UNKNOWN, 500},
      {C::INTERNAL, 500},
      {C::DATA_LOSS, 500},
      {C::UNIMPLEMENTED, 501},
      {C::UNAVAILABLE, 503},
      {C::DEADLINE_EXCEEDED, 504},
  };
  for (const auto& [code, http] : table) {
    EXPECT_EQ(HttpStatusFor(code), http) << StatusCodeName(code);
  }
  EXPECT_EQ(StatusCodeName(C::FAILED_PRECONDITION), "FAILED_PRECONDITION");
}

// A google.rpc.Status on the wire: 1 code, 2 message, 3 details (Any).
std::string StatusBytes(const std::vector<pb::Any>& details) {
  std::string out;
  out += '\x08';
  out += '\x03';  // code 3
  for (const pb::Any& any : details) {
    const std::string bytes = any.SerializeAsString();
    out += '\x1a';
    out += static_cast<char>(bytes.size());  // < 128 here
    out += bytes;
  }
  return out;
}

TEST(ErrorJsonTest, CodeStatusMessageAndDetails) {
  auto json = nlohmann::json::parse(
      ErrorJson(grpc::StatusCode::NOT_FOUND, "no dossier \"A\"", {}));
  EXPECT_EQ(json["code"], 5);
  EXPECT_EQ(json["status"], "NOT_FOUND");
  EXPECT_EQ(json["message"], "no dossier \"A\"");
  EXPECT_TRUE(json["details"].empty());

  pb::Duration duration;
  duration.set_seconds(2);
  pb::Any known;
  known.PackFrom(duration);
  pb::Any unknown;
  unknown.set_type_url("type.googleapis.com/not.Known");
  unknown.set_value("\x01\x02");
  json = nlohmann::json::parse(ErrorJson(grpc::StatusCode::INVALID_ARGUMENT,
                                         "bad \xff text",
                                         StatusBytes({known, unknown})));
  ASSERT_EQ(json["details"].size(), 2u);
  EXPECT_EQ(json["details"][0]["@type"],
            "type.googleapis.com/google.protobuf.Duration");
  EXPECT_EQ(json["details"][0]["value"], "2s");
  EXPECT_EQ(json["details"][1]["@type"], "type.googleapis.com/not.Known");
  EXPECT_EQ(json["details"][1]["value"], "AQI=");
  // Garbage details are left out, never thrown.
  json = nlohmann::json::parse(
      ErrorJson(grpc::StatusCode::INTERNAL, "x", "\xff\xff\xff"));
  EXPECT_TRUE(json["details"].empty());
}

}  // namespace
}  // namespace motcua::services
