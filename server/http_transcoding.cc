#include "server/http_transcoding.h"

#include <google/protobuf/any.pb.h>
#include <google/protobuf/unknown_field_set.h>
#include <google/protobuf/util/json_util.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "engine/common/text.h"
#include "google/api/annotations.pb.h"
#include "motcua/v1/access.grpc.pb.h"
#include "motcua/v1/admin.grpc.pb.h"
#include "motcua/v1/calendar.grpc.pb.h"
#include "motcua/v1/catalogue.grpc.pb.h"
#include "motcua/v1/dossier.grpc.pb.h"
#include "motcua/v1/events.grpc.pb.h"
#include "motcua/v1/lookup.grpc.pb.h"
#include "motcua/v1/postal.grpc.pb.h"
#include "motcua/v1/report.grpc.pb.h"
#include "proto/grpc_status_name.h"

namespace motcua::services {

namespace pb = google::protobuf;

namespace {

constexpr std::string_view kHttpBody = "google.api.HttpBody";

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// %XX decoding ('+' a space when `plus_is_space`, as in a query string);
// nullopt for a '%' not followed by two hex digits.
std::optional<std::string> PercentDecode(std::string_view s,
                                         bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      const int hi = HexValue(s[i + 1]);
      const int lo = HexValue(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  for (;;) {
    const size_t at = s.find(sep);
    parts.push_back(s.substr(0, at));
    if (at == std::string_view::npos) return parts;
    s.remove_prefix(at + 1);
  }
}

bool IsIdentifierPath(std::string_view s) {
  if (s.empty()) return false;
  for (std::string_view part : Split(s, '.')) {
    if (part.empty()) return false;
    for (char c : part) {
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) {
        return false;
      }
    }
  }
  return true;
}

// A field by its proto name or its JSON (lowerCamelCase) name.
const pb::FieldDescriptor* FieldNamed(const pb::Descriptor& type,
                                      std::string_view name) {
  const std::string n(name);
  if (const pb::FieldDescriptor* f = type.FindFieldByName(n)) return f;
  for (int i = 0; i < type.field_count(); ++i) {
    if (type.field(i)->json_name() == n) return type.field(i);
  }
  return nullptr;
}

// The leaf field of a dotted path through singular message fields.
const pb::FieldDescriptor* FieldAtPath(const pb::Descriptor& root,
                                       std::string_view path) {
  const pb::Descriptor* type = &root;
  const pb::FieldDescriptor* field = nullptr;
  for (std::string_view part : Split(path, '.')) {
    if (type == nullptr) return nullptr;
    field = FieldNamed(*type, part);
    if (field == nullptr) return nullptr;
    type = field->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE &&
                   !field->is_repeated()
               ? field->message_type()
               : nullptr;
  }
  return field;
}

std::string JsonQuoted(std::string_view s) {
  return nlohmann::json(std::string(s))
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

template <class T>
bool ParseNumber(std::string_view s, T* out) {
  if (s.empty()) return false;
  if constexpr (std::is_floating_point_v<T>) {
    const std::string copy(s);
    char* end = nullptr;
    *out = static_cast<T>(std::strtod(copy.c_str(), &end));
    return end == copy.c_str() + copy.size();
  } else {
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
    return ec == std::errc() && end == s.data() + s.size();
  }
}

// Sets the field at `path` of `message` from a URL value; the error says
// what is wrong with it, without the field's name.
std::optional<std::string> SetFromText(pb::Message* message,
                                       std::string_view path,
                                       const std::string& value) {
  const std::vector<std::string_view> parts = Split(path, '.');
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    const pb::FieldDescriptor* f =
        FieldNamed(*message->GetDescriptor(), parts[i]);
    if (f == nullptr || f->is_repeated() ||
        f->cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE) {
      return "no such field";
    }
    message = message->GetReflection()->MutableMessage(message, f);
  }
  const pb::FieldDescriptor* f =
      FieldNamed(*message->GetDescriptor(), parts.back());
  if (f == nullptr) return "no such field";
  if (f->is_map()) return "a map cannot be set from the URL";
  const pb::Reflection* r = message->GetReflection();
  const bool rep = f->is_repeated();
  if (f->type() != pb::FieldDescriptor::TYPE_BYTES &&
      !engine::IsWellFormedUtf8(value)) {
    return "not valid UTF-8";
  }
  switch (f->cpp_type()) {
    case pb::FieldDescriptor::CPPTYPE_MESSAGE: {
      // Well-known types with a JSON string form (Timestamp, Duration...).
      if (rep) return "a repeated message cannot be set from the URL";
      pb::Message* sub = r->MutableMessage(message, f);
      pb::util::JsonParseOptions options;
      const auto status =
          pb::util::JsonStringToMessage(JsonQuoted(value), sub, options);
      if (!status.ok()) {
        return "not a valid " + f->message_type()->full_name() + " (" +
               status.message().ToString() + ")";
      }
      return std::nullopt;
    }
    case pb::FieldDescriptor::CPPTYPE_STRING:
      rep ? r->AddString(message, f, value) : r->SetString(message, f, value);
      return std::nullopt;
    case pb::FieldDescriptor::CPPTYPE_BOOL: {
      bool b = false;
      if (value == "true" || value == "1") {
        b = true;
      } else if (value != "false" && value != "0") {
        return "expected true or false";
      }
      rep ? r->AddBool(message, f, b) : r->SetBool(message, f, b);
      return std::nullopt;
    }
    case pb::FieldDescriptor::CPPTYPE_ENUM: {
      const pb::EnumValueDescriptor* v = f->enum_type()->FindValueByName(value);
      int number = 0;
      if (v != nullptr) {
        number = v->number();
      } else if (!ParseNumber(value, &number)) {
        return "expected a value of " + f->enum_type()->full_name();
      }
      rep ? r->AddEnumValue(message, f, number)
          : r->SetEnumValue(message, f, number);
      return std::nullopt;
    }
#define MOTCUA_NUMBER(CPP, Type, Name)                                   \
  case pb::FieldDescriptor::CPP: {                                       \
    Type n{};                                                            \
    if (!ParseNumber(value, &n)) return "expected a number (" #Name ")"; \
    rep ? r->Add##Name(message, f, n) : r->Set##Name(message, f, n);     \
    return std::nullopt;                                                 \
  }
      MOTCUA_NUMBER(CPPTYPE_INT32, int32_t, Int32)
      MOTCUA_NUMBER(CPPTYPE_INT64, int64_t, Int64)
      MOTCUA_NUMBER(CPPTYPE_UINT32, uint32_t, UInt32)
      MOTCUA_NUMBER(CPPTYPE_UINT64, uint64_t, UInt64)
      MOTCUA_NUMBER(CPPTYPE_DOUBLE, double, Double)
      MOTCUA_NUMBER(CPPTYPE_FLOAT, float, Float)
#undef MOTCUA_NUMBER
  }
  return "unsupported field type";
}

HttpError BadRequest(std::string message) {
  return HttpError{
      400, grpc::StatusCode::INVALID_ARGUMENT, std::move(message), {}};
}

std::string Base64(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                      reinterpret_cast<const unsigned char*>(bytes.data()),
                      static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(std::max(n, 0)));
  return out;
}

}  // namespace

// ------------------------------------------------------------ PathTemplate

engine::Result<PathTemplate> PathTemplate::Parse(std::string_view text) {
  const auto bad = [&](std::string_view why) {
    return engine::InvalidArgument("path template " + std::string(text) + ": " +
                                   std::string(why));
  };
  if (text.empty() || text[0] != '/') return bad("must start with '/'");
  PathTemplate t;
  t.text_ = std::string(text);
  std::string_view rest = text.substr(1);
  // The verb: after the last ':' outside braces of the last segment.
  const size_t last_slash = rest.rfind('/');
  const size_t last_close = rest.rfind('}');
  size_t colon = rest.rfind(':');
  if (colon != std::string_view::npos &&
      (last_slash == std::string_view::npos || colon > last_slash) &&
      (last_close == std::string_view::npos || colon > last_close)) {
    t.verb_ = std::string(rest.substr(colon + 1));
    rest = rest.substr(0, colon);
    if (t.verb_.empty()) return bad("empty verb");
  }
  for (std::string_view seg : Split(rest, '/')) {
    if (seg.empty()) return bad("empty segment");
    if (seg.front() == '{') {
      if (seg.back() != '}') return bad("unclosed variable");
      std::string_view inner = seg.substr(1, seg.size() - 2);
      if (const size_t eq = inner.find('='); eq != std::string_view::npos) {
        if (inner.substr(eq + 1) != "*") {
          return bad("only single-segment variables are served");
        }
        inner = inner.substr(0, eq);
      }
      if (!IsIdentifierPath(inner)) return bad("bad variable name");
      t.segments_.push_back({Segment::Kind::kVariable, std::string(inner)});
    } else if (seg == "*") {
      t.segments_.push_back({Segment::Kind::kWildcard, ""});
    } else if (seg == "**") {
      return bad("'**' is not served");
    } else {
      if (seg.find_first_of("{}*:") != std::string_view::npos) {
        return bad("bad literal segment");
      }
      t.segments_.push_back({Segment::Kind::kLiteral, std::string(seg)});
    }
  }
  return t;
}

std::optional<std::vector<std::pair<std::string, std::string>>>
PathTemplate::Match(std::string_view path) const {
  if (path.empty() || path[0] != '/') return std::nullopt;
  path.remove_prefix(1);
  std::string_view verb;
  const size_t last_slash = path.rfind('/');
  const size_t colon = path.rfind(':');
  if (colon != std::string_view::npos &&
      (last_slash == std::string_view::npos || colon > last_slash)) {
    verb = path.substr(colon + 1);
    path = path.substr(0, colon);
  }
  if (verb != verb_) return std::nullopt;
  const std::vector<std::string_view> parts = Split(path, '/');
  if (parts.size() != segments_.size()) return std::nullopt;
  std::vector<std::pair<std::string, std::string>> bindings;
  for (size_t i = 0; i < parts.size(); ++i) {
    const Segment& s = segments_[i];
    if (parts[i].empty()) return std::nullopt;
    switch (s.kind) {
      case Segment::Kind::kLiteral:
        if (parts[i] != s.text) return std::nullopt;
        break;
      case Segment::Kind::kWildcard:
        break;
      case Segment::Kind::kVariable: {
        auto decoded = PercentDecode(parts[i], false);
        if (!decoded) return std::nullopt;
        bindings.emplace_back(s.text, std::move(*decoded));
        break;
      }
    }
  }
  return bindings;
}

std::vector<std::string> PathTemplate::Variables() const {
  std::vector<std::string> vars;
  for (const Segment& s : segments_) {
    if (s.kind == Segment::Kind::kVariable) vars.push_back(s.text);
  }
  return vars;
}

// -------------------------------------------------------------- HttpRouter

namespace {

engine::Status AddRoute(const pb::MethodDescriptor& method,
                        const google::api::HttpRule& rule,
                        std::vector<HttpRoute>* routes) {
  const std::string where = "google.api.http of " + method.full_name() + ": ";
  HttpRoute route;
  std::string path;
  switch (rule.pattern_case()) {
    case google::api::HttpRule::kGet:
      route.http_method = "GET";
      path = rule.get();
      break;
    case google::api::HttpRule::kPut:
      route.http_method = "PUT";
      path = rule.put();
      break;
    case google::api::HttpRule::kPost:
      route.http_method = "POST";
      path = rule.post();
      break;
    case google::api::HttpRule::kDelete:
      route.http_method = "DELETE";
      path = rule.delete_();
      break;
    case google::api::HttpRule::kPatch:
      route.http_method = "PATCH";
      path = rule.patch();
      break;
    case google::api::HttpRule::kCustom:
      route.http_method = rule.custom().kind();
      path = rule.custom().path();
      break;
    case google::api::HttpRule::PATTERN_NOT_SET:
      return engine::InvalidArgument(where + "no HTTP method");
  }
  if (method.client_streaming()) {
    return engine::InvalidArgument(where +
                                   "client-streaming methods are not served");
  }
  route.server_streaming = method.server_streaming();
  auto parsed = PathTemplate::Parse(path);
  if (!parsed.ok())
    return engine::InvalidArgument(where + parsed.error().message);
  route.path = std::move(*parsed);
  const pb::Descriptor& input = *method.input_type();
  for (const std::string& var : route.path.Variables()) {
    const pb::FieldDescriptor* f = FieldAtPath(input, var);
    if (f == nullptr || f->is_repeated() ||
        f->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE) {
      return engine::InvalidArgument(where + "{" + var +
                                     "} is not a singular scalar field of " +
                                     input.full_name());
    }
  }
  route.body = rule.body();
  if (!route.body.empty() && route.body != "*") {
    const pb::FieldDescriptor* f = input.FindFieldByName(route.body);
    if (f == nullptr || f->is_repeated() ||
        f->cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE) {
      return engine::InvalidArgument(where + "body " + route.body +
                                     " is not a singular message field");
    }
  }
  route.response_body = rule.response_body();
  if (!route.response_body.empty()) {
    const pb::FieldDescriptor* f =
        method.output_type()->FindFieldByName(route.response_body);
    if (f == nullptr || f->is_repeated() ||
        f->cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE) {
      return engine::InvalidArgument(where + "response_body " +
                                     route.response_body +
                                     " is not a singular message field");
    }
  }
  route.method = &method;
  route.grpc_method = "/" + method.service()->full_name() + "/" + method.name();
  routes->push_back(std::move(route));
  return {};
}

}  // namespace

engine::Result<HttpRouter> HttpRouter::Build(
    const pb::DescriptorPool& pool, const std::vector<std::string>& services) {
  HttpRouter router;
  for (const std::string& name : services) {
    const pb::ServiceDescriptor* service = pool.FindServiceByName(name);
    if (service == nullptr) {
      return engine::InvalidArgument("no service " + name);
    }
    for (int i = 0; i < service->method_count(); ++i) {
      const pb::MethodDescriptor& method = *service->method(i);
      if (!method.options().HasExtension(google::api::http)) continue;
      const google::api::HttpRule& rule =
          method.options().GetExtension(google::api::http);
      if (engine::Status s = AddRoute(method, rule, &router.routes_); !s.ok()) {
        return s.error();
      }
      for (const google::api::HttpRule& extra : rule.additional_bindings()) {
        if (engine::Status s = AddRoute(method, extra, &router.routes_);
            !s.ok()) {
          return s.error();
        }
      }
    }
  }
  return router;
}

std::variant<HttpRouter::Found, HttpError> HttpRouter::Find(
    std::string_view http_method, std::string_view path) const {
  std::optional<Found> best;
  std::vector<std::string> allowed;
  for (const HttpRoute& route : routes_) {
    auto bindings = route.path.Match(path);
    if (!bindings) continue;
    if (route.http_method != http_method) {
      if (std::find(allowed.begin(), allowed.end(), route.http_method) ==
          allowed.end()) {
        allowed.push_back(route.http_method);
      }
      continue;
    }
    // The most literal template wins (/v1/x/list over /v1/x/{id}).
    if (!best || bindings->size() < best->bindings.size()) {
      best = Found{&route, std::move(*bindings)};
    }
  }
  if (best) return std::move(*best);
  if (!allowed.empty()) {
    std::sort(allowed.begin(), allowed.end());
    std::string allow;
    for (const std::string& m : allowed) {
      allow += (allow.empty() ? "" : ", ") + m;
    }
    return HttpError{405, grpc::StatusCode::UNIMPLEMENTED,
                     "method " + engine::QuoteText(http_method, 20) +
                         " is not allowed here; allowed: " + allow,
                     allow};
  }
  return HttpError{404,
                   grpc::StatusCode::NOT_FOUND,
                   "no route for " + engine::QuoteText(path, 120),
                   {}};
}

// ------------------------------------------------------------ BuildRequest

size_t JsonDepth(std::string_view json) {
  size_t depth = 0, deepest = 0;
  bool in_string = false;
  for (size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      deepest = std::max(deepest, ++depth);
    } else if ((c == '}' || c == ']') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

namespace {

std::optional<HttpError> ParseJsonInto(std::string_view body,
                                       pb::Message* message,
                                       const TranscodeLimits& limits) {
  if (!engine::IsWellFormedUtf8(body)) {
    return BadRequest("request body: not valid UTF-8");
  }
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return std::nullopt;  // no body: every field at its default
  }
  if (JsonDepth(body) > limits.max_json_depth) {
    return BadRequest("request body: JSON nested deeper than " +
                      std::to_string(limits.max_json_depth) + " levels");
  }
  pb::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto status = pb::util::JsonStringToMessage(
      pb::StringPiece(body.data(), body.size()), message, options);
  if (!status.ok()) {
    return BadRequest(
        "request body: not a valid " + message->GetDescriptor()->full_name() +
        " in JSON: " + engine::QuoteText(status.message().ToString(), 300));
  }
  return std::nullopt;
}

}  // namespace

std::variant<std::unique_ptr<pb::Message>, HttpError> BuildRequest(
    const HttpRouter::Found& found, std::string_view query,
    std::string_view body, std::string_view content_type,
    const TranscodeLimits& limits) {
  const HttpRoute& route = *found.route;
  const pb::Message* prototype =
      pb::MessageFactory::generated_factory()->GetPrototype(
          route.method->input_type());
  if (prototype == nullptr) {
    return HttpError{500,
                     grpc::StatusCode::INTERNAL,
                     "no message type for " + route.method->full_name(),
                     {}};
  }
  std::unique_ptr<pb::Message> request(prototype->New());
  // 1. The body.
  if (route.body == "*") {
    if (auto error = ParseJsonInto(body, request.get(), limits)) {
      return std::move(*error);
    }
  } else if (!route.body.empty()) {
    const pb::FieldDescriptor* f =
        request->GetDescriptor()->FindFieldByName(route.body);
    pb::Message* target =
        request->GetReflection()->MutableMessage(request.get(), f);
    if (target->GetDescriptor()->full_name() == kHttpBody) {
      const pb::Descriptor* d = target->GetDescriptor();
      target->GetReflection()->SetString(target,
                                         d->FindFieldByName("content_type"),
                                         std::string(content_type));
      target->GetReflection()->SetString(target, d->FindFieldByName("data"),
                                         std::string(body));
    } else if (auto error = ParseJsonInto(body, target, limits)) {
      return std::move(*error);
    }
  }
  // 2. The query string.
  if (!query.empty()) {
    if (route.body == "*") {
      return BadRequest(
          "this route takes no query parameters: every field goes in the "
          "JSON body");
    }
    for (std::string_view pair : Split(query, '&')) {
      if (pair.empty()) continue;
      const size_t eq = pair.find('=');
      auto key = PercentDecode(pair.substr(0, eq), true);
      auto value =
          PercentDecode(eq == std::string_view::npos ? std::string_view()
                                                     : pair.substr(eq + 1),
                        true);
      if (!key || !value) {
        return BadRequest("query string: bad percent-encoding in " +
                          engine::QuoteText(pair, 80));
      }
      const std::string name = engine::QuoteText(*key, 80);
      if (!IsIdentifierPath(*key)) {
        return BadRequest("query parameter " + name + ": not a field path");
      }
      if (!route.body.empty() && Split(*key, '.').front() == route.body) {
        return BadRequest("query parameter " + name +
                          ": this field goes in the body");
      }
      if (auto error = SetFromText(request.get(), *key, *value)) {
        return BadRequest("query parameter " + name + ": " + *error);
      }
    }
  }
  // 3. The path variables.
  for (const auto& [field, value] : found.bindings) {
    if (auto error = SetFromText(request.get(), field, value)) {
      return BadRequest("path variable {" + field + "}: " + *error);
    }
  }
  return request;
}

// ---------------------------------------------------------- RenderResponse

HttpAnswer RenderResponse(const HttpRoute& route, const pb::Message& response) {
  const pb::Message* target = &response;
  if (!route.response_body.empty()) {
    const pb::FieldDescriptor* f =
        response.GetDescriptor()->FindFieldByName(route.response_body);
    target = &response.GetReflection()->GetMessage(response, f);
  }
  HttpAnswer answer;
  const pb::Descriptor* d = target->GetDescriptor();
  if (d->full_name() == kHttpBody) {
    const pb::Reflection* r = target->GetReflection();
    answer.content_type =
        r->GetString(*target, d->FindFieldByName("content_type"));
    if (answer.content_type.empty()) {
      answer.content_type = "application/octet-stream";
    }
    answer.body = r->GetString(*target, d->FindFieldByName("data"));
    return answer;
  }
  pb::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  const auto status =
      pb::util::MessageToJsonString(*target, &answer.body, options);
  if (!status.ok()) {
    answer.http_status = 500;
    answer.body = ErrorJson(grpc::StatusCode::INTERNAL,
                            "the reply could not be written as JSON", {});
  }
  return answer;
}

// ------------------------------------------------------------------ errors

int HttpStatusFor(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return 200;
    case grpc::StatusCode::CANCELLED:
      return 499;
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::FAILED_PRECONDITION:
    case grpc::StatusCode::OUT_OF_RANGE:
      return 400;
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return 504;
    case grpc::StatusCode::NOT_FOUND:
      return 404;
    case grpc::StatusCode::ALREADY_EXISTS:
    case grpc::StatusCode::ABORTED:
      return 409;
    case grpc::StatusCode::PERMISSION_DENIED:
      return 403;
    case grpc::StatusCode::UNAUTHENTICATED:
      return 401;
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return 429;
    case grpc::StatusCode::UNIMPLEMENTED:
      return 501;
    case grpc::StatusCode::UNAVAILABLE:
      return 503;
    default:  // UNKNOWN, INTERNAL, DATA_LOSS
      return 500;
  }
}

std::string ErrorJson(grpc::StatusCode code, std::string_view message,
                      std::string_view details_bin) {
  nlohmann::json details = nlohmann::json::array();
  if (!details_bin.empty()) {
    // google.rpc.Status: 1 code, 2 message, 3 repeated google.protobuf.Any.
    // Read from the wire, so no google.rpc type is needed to get here; each
    // detail is printed with the type this binary knows for it.
    pb::UnknownFieldSet status;
    if (status.ParseFromArray(details_bin.data(),
                              static_cast<int>(details_bin.size()))) {
      for (int i = 0; i < status.field_count(); ++i) {
        const pb::UnknownField& field = status.field(i);
        if (field.number() != 3 ||
            field.type() != pb::UnknownField::TYPE_LENGTH_DELIMITED) {
          continue;
        }
        pb::Any any;
        if (!any.ParseFromString(field.length_delimited())) continue;
        std::string json;
        if (pb::util::MessageToJsonString(any, &json).ok()) {
          auto parsed = nlohmann::json::parse(json, nullptr, false);
          if (!parsed.is_discarded()) {
            details.push_back(std::move(parsed));
            continue;
          }
        }
        details.push_back(
            {{"@type", any.type_url()}, {"value", Base64(any.value())}});
      }
    }
  }
  nlohmann::json body = {{"code", static_cast<int>(code)},
                         {"status", std::string(StatusCodeName(code))},
                         {"message", std::string(message)},
                         {"details", std::move(details)}};
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::vector<std::string> HttpServedServices(bool with_admin) {
  std::vector<std::string> services = {
      motcua::v1::DossierService::service_full_name(),
      motcua::v1::ProcessingService::service_full_name(),
      motcua::v1::EventService::service_full_name(),
      motcua::v1::PostalService::service_full_name(),
      motcua::v1::LookupService::service_full_name(),
      motcua::v1::ReportService::service_full_name(),
      motcua::v1::CalendarService::service_full_name(),
      motcua::v1::CatalogueService::service_full_name(),
      motcua::v1::AccessService::service_full_name(),
      motcua::v1::PortalSyncService::service_full_name()};
  if (with_admin) {
    for (const char* admin :
         {motcua::v1::AdminService::service_full_name(),
          motcua::v1::CalendarAdminService::service_full_name(),
          motcua::v1::CatalogueAdminService::service_full_name(),
          motcua::v1::TokenAdminService::service_full_name(),
          motcua::v1::AuditService::service_full_name()}) {
      services.push_back(admin);
    }
  }
  return services;
}

}  // namespace motcua::services
