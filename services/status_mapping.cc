#include "services/status_mapping.h"

#include "engine/common/field_violations.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace motcua::services {

namespace {

// INVALID_ARGUMENT with google.rpc.Status{code, message, [BadRequest]} as
// its details.
grpc::Status WithBadRequest(
    const std::string& message,
    const std::vector<engine::FieldViolation>& violations) {
  google::rpc::BadRequest bad_request;
  for (const engine::FieldViolation& v : violations) {
    google::rpc::BadRequest::FieldViolation* out =
        bad_request.add_field_violations();
    out->set_field(v.field);
    out->set_description(v.description);
  }
  google::rpc::Status status;
  status.set_code(static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
  status.set_message(message);
  status.add_details()->PackFrom(bad_request);
  return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, message,
                      status.SerializeAsString());
}

}  // namespace

grpc::Status ToGrpcStatus(const engine::Error& error) {
  using engine::ErrorCode;
  grpc::StatusCode code = grpc::StatusCode::INTERNAL;
  switch (error.code) {
    case ErrorCode::kInvalidArgument:
      code = grpc::StatusCode::INVALID_ARGUMENT;
      break;
    case ErrorCode::kNotFound:
      code = grpc::StatusCode::NOT_FOUND;
      break;
    case ErrorCode::kAlreadyExists:
      code = grpc::StatusCode::ALREADY_EXISTS;
      break;
    case ErrorCode::kFailedPrecondition:
      code = grpc::StatusCode::FAILED_PRECONDITION;
      break;
    case ErrorCode::kAborted:
      code = grpc::StatusCode::ABORTED;
      break;
    case ErrorCode::kResourceExhausted:
      code = grpc::StatusCode::RESOURCE_EXHAUSTED;
      break;
    case ErrorCode::kUnavailable:
      code = grpc::StatusCode::UNAVAILABLE;
      break;
    case ErrorCode::kInternal:
      code = grpc::StatusCode::INTERNAL;
      break;
    case ErrorCode::kUnauthenticated:
      code = grpc::StatusCode::UNAUTHENTICATED;
      break;
    case ErrorCode::kPermissionDenied:
      code = grpc::StatusCode::PERMISSION_DENIED;
      break;
  }
  if (code != grpc::StatusCode::INVALID_ARGUMENT) {
    return grpc::Status(code, error.message);
  }
  return WithBadRequest(error.message, {engine::ViolationOf(error.message)});
}

grpc::Status ToGrpcStatus(const engine::FieldViolations& violations) {
  const engine::Status status = violations.ToStatus();
  if (status.ok()) return grpc::Status::OK;
  if (status.error().code != engine::ErrorCode::kInvalidArgument) {
    return ToGrpcStatus(status.error());
  }
  return WithBadRequest(status.error().message, violations.violations());
}

grpc::ServerUnaryReactor* FinishCall(grpc::CallbackServerContext* context,
                                     const grpc::Status& status) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(status);
  return reactor;
}

grpc::ServerUnaryReactor* FinishCall(grpc::CallbackServerContext* context,
                                     const engine::Error& error) {
  return FinishCall(context, ToGrpcStatus(error));
}

grpc::ServerUnaryReactor* FinishCall(
    grpc::CallbackServerContext* context,
    const engine::FieldViolations& violations) {
  return FinishCall(context, ToGrpcStatus(violations));
}

}  // namespace motcua::services
