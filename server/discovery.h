// Discovery on a gRPC listener: server reflection v1 and per-service health.
//
// Debian 12's libgrpc++_reflection (gRPC 1.51) serves
// grpc.reflection.v1alpha.ServerReflection only; newer clients (grpcurl,
// grpcui, Postman, recent grpcio-reflection) ask v1 first. AddDiscovery adds
// grpc.reflection.v1.ServerReflection (proto/grpc/reflection/v1, the same
// messages) answering from the generated descriptor pool about the services
// registered on that server, as v1alpha does.
//
// Health (grpc.health.v1.Health, gRPC's default service): after the server
// starts, ServeHealth sets SERVING for "" (the whole server) and for every
// service registered on it, by full name ("motcua.v1.DossierService"); a name
// served by another listener is NOT_FOUND there. Server::Shutdown turns them
// all NOT_SERVING.
//
// Thread safety: AddDiscovery and ServeHealth from the thread building the
// server; the reflection service is safe for concurrent streams.
#pragma once

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <vector>

namespace motcua::services {

// The services a listener serves, known once it is built.
struct DiscoveredServices {
  std::vector<std::string> names;
};

// Installs reflection v1 on `builder`; the returned list is filled in by
// BuildAndStart.
std::shared_ptr<DiscoveredServices> AddDiscovery(grpc::ServerBuilder& builder);

// SERVING for "" and every discovered service of `server`.
void ServeHealth(grpc::Server& server, const DiscoveredServices& services);

}  // namespace motcua::services
