// HTTP/JSON transcoding of the gRPC API (README "HTTP/JSON"): the rules,
// without any I/O. The HTTP server around it is server/http_gateway.h.
//
// Routes come from the `google.api.http` option of each method of the
// services served (proto/google/api/http.proto), read from the descriptor
// pool at start, so an annotated method is reachable without code here.
//
// Path templates: literal segments, single-segment variables `{field}` or
// `{a.b}` (also `{field=*}`), `*`, and a trailing verb `:verb`. The verb of a
// request path is the text after the last ':' of its last segment; a
// template with a verb matches only paths with that verb, one without only
// paths without (send a ':' inside a value as %3A). Segments are
// percent-decoded after matching; a variable binds a singular scalar field.
//
// Request message, in this order:
//  1. body: "*" parses the whole body as the request's JSON; "field" parses
//     it into that top-level message field (raw bytes when the field is a
//     google.api.HttpBody); none: the body is ignored.
//  2. query parameters (`a.b=value`, repeated fields by repeating the key,
//     enums by name or number, bools true/false, Timestamps in RFC 3339,
//     '+' is a space): only for routes without body "*".
//  3. path variables, which win over both.
// JSON is proto3 JSON (snake_case or lowerCamelCase names; unknown fields,
// bad values, nesting deeper than max_json_depth and invalid UTF-8 are
// refused with 400 naming the problem).
//
// Response: proto3 JSON with the proto field names and every field present;
// `response_body: "field"` answers that field alone; a google.api.HttpBody
// (the response or its response_body field) is answered as raw bytes with
// its content_type. A server-streaming method is answered as
// newline-delimited JSON (application/x-ndjson), one message a line, each
// line written as its message arrives; an error after the first line ends
// the stream with a line {"error": <the error body below>}.
//
// Errors: gRPC codes map to HTTP statuses as grpc-gateway does
// (HttpStatusFor); the body is {"code": <gRPC code number>, "status":
// "<CODE_NAME>", "message": "...", "details": [...]}, details being the
// google.rpc.Status details of grpc-status-details-bin as JSON Any values
// ({"@type": ..., ...fields}, or {"@type", "value": base64} for a type this
// binary does not know).
//
// Thread safety: an HttpRouter is immutable after Build; the functions are
// free of shared state.
#pragma once

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <grpcpp/support/status.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "engine/common/result.h"
#include "proto/grpc_status_name.h"

namespace motcua::services {

class PathTemplate {
 public:
  // The template of an annotation; InvalidArgument for a form this gateway
  // does not serve (`**`, `{x=a/*}`, an empty segment, no leading '/').
  static engine::Result<PathTemplate> Parse(std::string_view text);

  // The variables' (field path, decoded value) when `path` (the request
  // target's path, still percent-encoded, without the query) matches.
  std::optional<std::vector<std::pair<std::string, std::string>>> Match(
      std::string_view path) const;

  // Field paths bound by the template, in order.
  std::vector<std::string> Variables() const;
  const std::string& text() const { return text_; }

 private:
  struct Segment {
    enum class Kind { kLiteral, kVariable, kWildcard } kind;
    std::string text;  // the literal, or the variable's field path
  };
  std::string text_;
  std::vector<Segment> segments_;
  std::string verb_;
};

struct HttpRoute {
  std::string http_method;  // GET, POST, PUT, DELETE, PATCH
  PathTemplate path;
  const google::protobuf::MethodDescriptor* method = nullptr;
  std::string body;           // "", "*" or a top-level field of the request
  std::string response_body;  // "" or a top-level field of the response
  // "/package.Service/Method", as gRPC names the call.
  std::string grpc_method;
  // A server stream: answered as newline-delimited JSON, one line a
  // message (application/x-ndjson, chunked).
  bool server_streaming = false;
};

// What the gateway answers when it does not call the method.
struct HttpError {
  int http_status = 400;
  grpc::StatusCode code = grpc::StatusCode::INVALID_ARGUMENT;
  std::string message;
  // 405: the methods the path takes, for the Allow header.
  std::string allow;
};

class HttpRouter {
 public:
  // The routes of every method of `services` (full names, looked up in
  // `pool`) that has a google.api.http option. InvalidArgument when a
  // service is unknown or an annotation cannot be served (template, body or
  // response_body naming a field that is not there, a client stream).
  static engine::Result<HttpRouter> Build(
      const google::protobuf::DescriptorPool& pool,
      const std::vector<std::string>& services);

  struct Found {
    const HttpRoute* route;
    std::vector<std::pair<std::string, std::string>> bindings;
  };
  // The route for `http_method` and `path`: 404 when no template matches
  // the path, 405 (with `allow`) when some match with other methods.
  std::variant<Found, HttpError> Find(std::string_view http_method,
                                      std::string_view path) const;

  const std::vector<HttpRoute>& routes() const { return routes_; }

 private:
  std::vector<HttpRoute> routes_;
};

struct TranscodeLimits {
  size_t max_json_depth = 32;
};

// The request message of `found` from the query string (without '?') and
// the body; 400 naming the problem when they do not make one.
std::variant<std::unique_ptr<google::protobuf::Message>, HttpError>
BuildRequest(const HttpRouter::Found& found, std::string_view query,
             std::string_view body, std::string_view content_type,
             const TranscodeLimits& limits);

struct HttpAnswer {
  int http_status = 200;
  std::string content_type = "application/json";
  std::string body;
};

// The HTTP answer to `route` for the gRPC response `response`.
HttpAnswer RenderResponse(const HttpRoute& route,
                          const google::protobuf::Message& response);

// grpc-gateway's mapping: OK 200, INVALID_ARGUMENT/FAILED_PRECONDITION/
// OUT_OF_RANGE 400, UNAUTHENTICATED 401, PERMISSION_DENIED 403, NOT_FOUND
// 404, ALREADY_EXISTS/ABORTED 409, RESOURCE_EXHAUSTED 429, CANCELLED 499,
// UNIMPLEMENTED 501, UNAVAILABLE 503, DEADLINE_EXCEEDED 504, the rest 500.
int HttpStatusFor(grpc::StatusCode code);

// The JSON error body (see the top of this file). `details_bin` is the
// serialized google.rpc.Status of grpc-status-details-bin (may be empty).
std::string ErrorJson(grpc::StatusCode code, std::string_view message,
                      std::string_view details_bin);

// The services whose routes the gateway serves next to the --listen gRPC
// listener: the public ones, and the admin ones when `with_admin` (no
// --admin-listen). A service added to the server is added here too.
std::vector<std::string> HttpServedServices(bool with_admin);

// Depth of the deepest array/object nesting of `json` (strings skipped).
size_t JsonDepth(std::string_view json);

}  // namespace motcua::services
