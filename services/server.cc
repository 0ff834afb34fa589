#include "services/server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/grpcpp.h>
#include <grpcpp/health_check_service_interface.h>

#include <chrono>

#include "adapters/rocksdb/rocksdb_dossier_store.h"
#include "services/dossier_service.h"

namespace motcua::services {

engine::Result<std::unique_ptr<Server>> Server::Start(
    const ServerOptions& options, const engine::Clock& clock) {
  std::unique_ptr<Server> server(new Server());
  auto store = adapters::RocksDbDossierStore::Open({options.data_dir});
  if (!store.ok()) return store.error();
  server->store_ = std::move(*store);
  server->sequencer_ =
      std::make_unique<Sequencer>(*server->store_, clock, options.sequencer);
  server->dossier_service_ =
      std::make_unique<DossierService>(*server->sequencer_, *server->store_);

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.listen, grpc::InsecureServerCredentials(),
                           &server->port_);
  builder.RegisterService(server->dossier_service_.get());
  server->grpc_server_ = builder.BuildAndStart();
  if (!server->grpc_server_ || server->port_ == 0) {
    return engine::Unavailable("cannot listen on " + options.listen);
  }
  server->grpc_server_->GetHealthCheckService()->SetServingStatus(true);
  return server;
}

Server::~Server() { Shutdown(); }

void Server::Wait() {
  if (grpc_server_) grpc_server_->Wait();
}

void Server::Shutdown() {
  if (grpc_server_) {
    grpc_server_->GetHealthCheckService()->SetServingStatus(false);
    grpc_server_->Shutdown(std::chrono::system_clock::now() +
                           std::chrono::seconds(5));
  }
  if (sequencer_) sequencer_->Stop();
}

}  // namespace motcua::services
