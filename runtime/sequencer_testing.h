// Test helpers for code that drives the Sequencer: submit or execute one
// command and wait for its reply.
#pragma once

#include <future>
#include <utility>

#include "runtime/sequencer.h"

namespace motcua::runtime {

inline engine::Result<ReceiveReply> ReceiveSync(Sequencer& seq,
                                                engine::ReceiveCommand cmd) {
  std::promise<engine::Result<ReceiveReply>> promise;
  auto future = promise.get_future();
  seq.Receive(std::move(cmd), [&](engine::Result<ReceiveReply> r) {
    promise.set_value(std::move(r));
  });
  return future.get();
}

inline engine::Result<CommandReply> ExecuteSync(Sequencer& seq,
                                                DossierCommand cmd) {
  std::promise<engine::Result<CommandReply>> promise;
  auto future = promise.get_future();
  seq.Execute(std::move(cmd), [&](engine::Result<CommandReply> r) {
    promise.set_value(std::move(r));
  });
  return future.get();
}

}  // namespace motcua::runtime
