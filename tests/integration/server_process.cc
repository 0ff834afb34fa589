#include "tests/integration/server_process.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

namespace motcua::testing {

ServerProcess::ServerProcess(std::string data_dir)
    : data_dir_(std::move(data_dir)) {
  int out[2];
  if (pipe(out) != 0) {
    ADD_FAILURE() << "pipe: " << std::strerror(errno);
    return;
  }
  pid_ = fork();
  if (pid_ == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    close(out[1]);
    execl(MOTCUAD_PATH, MOTCUAD_PATH, "--listen", "127.0.0.1:0", "--data",
          data_dir_.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);
  FILE* f = fdopen(out[0], "r");
  char line[512] = {0};
  if (fgets(line, sizeof line, f) == nullptr) {
    ADD_FAILURE() << "motcuad exited before listening";
  } else if (const char* colon = std::strrchr(line, ':');
             colon == nullptr || std::sscanf(colon + 1, "%d", &port_) != 1) {
    ADD_FAILURE() << "unexpected first line from motcuad: " << line;
  }
  // The server prints nothing more on stdout; closing is safe (its later
  // writes would only get EPIPE, and it makes none).
  fclose(f);
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) Crash();
}

std::shared_ptr<grpc::Channel> ServerProcess::Channel() const {
  return grpc::CreateChannel(address(), grpc::InsecureChannelCredentials());
}

std::unique_ptr<motcua::v1::DossierService::Stub> ServerProcess::DossierStub()
    const {
  return motcua::v1::DossierService::NewStub(Channel());
}

int ServerProcess::Stop() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    WaitExit();
  }
  return exit_status_;
}

void ServerProcess::Crash() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    WaitExit();
  }
}

void ServerProcess::WaitExit() {
  int status = 0;
  waitpid(pid_, &status, 0);
  exit_status_ = WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
  pid_ = -1;
}

}  // namespace motcua::testing
