#include "tests/integration/server_process.h"

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>

namespace motcua::testing {

ServerProcess::ServerProcess(std::string data_dir,
                             std::vector<std::string> extra_args)
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
    // The shipped data of this source tree (a build-tree motcuad has no
    // installed data, server/install_paths.h).
    std::vector<const char*> argv = {MOTCUAD_PATH,
                                     "--listen",
                                     "127.0.0.1:0",
                                     "--data",
                                     data_dir_.c_str(),
                                     "--calendars",
                                     MOTCUA_DEPLOY_DIR "/calendars",
                                     "--catalogue",
                                     MOTCUA_DEPLOY_DIR "/catalogue",
                                     "--postal-statuses",
                                     MOTCUA_DEPLOY_DIR
                                     "/postal/carrier_statuses.json"};
    for (const std::string& a : extra_args) argv.push_back(a.c_str());
    argv.push_back(nullptr);
    execv(MOTCUAD_PATH, const_cast<char* const*>(argv.data()));
    _exit(127);
  }
  close(out[1]);
  FILE* f = fdopen(out[0], "r");
  char line[512] = {0};
  // The first start prints where it wrote the bootstrap token first.
  bool got = fgets(line, sizeof line, f) != nullptr;
  if (got &&
      std::strncmp(line, "motcuad: bootstrap token written to ", 36) == 0) {
    got = fgets(line, sizeof line, f) != nullptr;
  }
  if (!got) {
    ADD_FAILURE() << "motcuad exited before listening";
  } else if (std::sscanf(line, "motcuad listening on 127.0.0.1:%d", &port_) !=
             1) {
    ADD_FAILURE() << "unexpected first line from motcuad: " << line;
  } else {
    if (const char* webhook = std::strstr(line, "postal_webhook=");
        webhook != nullptr) {
      const char* colon = std::strchr(webhook, ':');
      if (colon == nullptr ||
          std::sscanf(colon + 1, "%d", &postal_port_) != 1) {
        ADD_FAILURE() << "unexpected webhook address from motcuad: " << line;
      }
    }
    // " http=HOST:PORT" and " metrics=HOST:PORT": the port after the last
    // colon before the next space.
    const std::pair<const char*, int*> listeners[] = {
        {" http=", &http_port_}, {" metrics=", &metrics_port_}};
    for (const auto& [key, port] : listeners) {
      const char* at = std::strstr(line, key);
      if (at == nullptr) continue;
      const std::string_view rest(at + std::strlen(key));
      const size_t colon = rest.substr(0, rest.find(' ')).rfind(':');
      if (colon == std::string_view::npos ||
          std::sscanf(rest.data() + colon + 1, "%d", port) != 1) {
        ADD_FAILURE() << "unexpected" << key
                      << " address from motcuad: " << line;
      }
    }
  }
  if (std::find(extra_args.begin(), extra_args.end(), "--admin-listen") !=
      extra_args.end()) {
    constexpr std::string_view kAdmin = "motcuad admin listening on ";
    char admin[512] = {0};
    const char* colon = nullptr;
    if (fgets(admin, sizeof admin, f) == nullptr ||
        std::string_view(admin).substr(0, kAdmin.size()) != kAdmin ||
        (colon = std::strrchr(admin, ':')) == nullptr ||
        std::sscanf(colon + 1, "%d", &admin_port_) != 1) {
      ADD_FAILURE() << "no admin listening line from motcuad: " << admin;
    }
  }
  // The server prints nothing more on stdout; closing is safe (its later
  // writes would only get EPIPE, and it makes none).
  fclose(f);
}

ExitedRun RunExpectingExit(const std::string& data_dir,
                           std::vector<std::string> args) {
  ExitedRun run;
  int out[2];
  if (pipe(out) != 0) {
    ADD_FAILURE() << "pipe: " << std::strerror(errno);
    return run;
  }
  const int pid = fork();
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    dup2(out[1], STDERR_FILENO);
    close(out[0]);
    close(out[1]);
    // The shipped data of this source tree (a build-tree motcuad has no
    // installed data, server/install_paths.h).
    std::vector<const char*> argv = {MOTCUAD_PATH,
                                     "--listen",
                                     "127.0.0.1:0",
                                     "--data",
                                     data_dir.c_str(),
                                     "--calendars",
                                     MOTCUA_DEPLOY_DIR "/calendars",
                                     "--catalogue",
                                     MOTCUA_DEPLOY_DIR "/catalogue",
                                     "--postal-statuses",
                                     MOTCUA_DEPLOY_DIR
                                     "/postal/carrier_statuses.json"};
    for (const std::string& a : args) argv.push_back(a.c_str());
    argv.push_back(nullptr);
    execv(MOTCUAD_PATH, const_cast<char* const*>(argv.data()));
    _exit(127);
  }
  close(out[1]);
  const auto give_up =
      std::chrono::steady_clock::now() + std::chrono::seconds(20);
  bool killed = false;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        give_up - std::chrono::steady_clock::now());
    pollfd p{out[0], POLLIN, 0};
    if (left.count() <= 0 || poll(&p, 1, static_cast<int>(left.count())) <= 0) {
      break;
    }
    char buf[512];
    const ssize_t n = read(out[0], buf, sizeof buf);
    if (n <= 0) break;
    run.output.append(buf, static_cast<size_t>(n));
    if (run.output.find("motcuad listening") != std::string::npos) break;
  }
  if (run.output.find("motcuad listening") != std::string::npos ||
      std::chrono::steady_clock::now() >= give_up) {
    kill(pid, SIGKILL);
    killed = true;
  }
  close(out[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!killed && WIFEXITED(status)) run.exit_status = WEXITSTATUS(status);
  return run;
}

namespace {

// How a wait status reads in a failure message.
std::string Describe(int wait_status) {
  if (WIFEXITED(wait_status)) {
    return "exited with status " + std::to_string(WEXITSTATUS(wait_status));
  }
  if (WIFSIGNALED(wait_status)) {
    const int sig = WTERMSIG(wait_status);
    return "was killed by signal " + std::to_string(sig) + " (" +
           strsignal(sig) + ")";
  }
  return "ended with wait status " + std::to_string(wait_status);
}

// The wait status of `pid` once it exits, waiting at most `timeout`;
// nullopt while it still runs.
std::optional<int> WaitAtMost(int pid, std::chrono::milliseconds timeout) {
  const int pidfd = static_cast<int>(syscall(SYS_pidfd_open, pid, 0));
  if (pidfd >= 0) {
    // Readable once the process has exited.
    pollfd p{pidfd, POLLIN, 0};
    poll(&p, 1, static_cast<int>(timeout.count()));
    close(pidfd);
  }
  int status = 0;
  // Without a pidfd (an old kernel), wait without a bound.
  if (waitpid(pid, &status, pidfd >= 0 ? WNOHANG : 0) == pid) return status;
  return std::nullopt;
}

constexpr std::chrono::seconds kStopTimeout(60);

}  // namespace

ServerProcess::~ServerProcess() {
  if (pid_ <= 0) return;
  const int status = Stop();
  if (status != 0) {
    ADD_FAILURE() << "motcuad did not stop cleanly at the end of the test: "
                  << (status > 0 ? "exit status " + std::to_string(status)
                                 : "signal " + std::to_string(-status))
                  << " (in a sanitizer build: see the report above)";
  }
}

std::string ServerProcess::Token() const { return ReadToken(data_dir_); }

std::shared_ptr<grpc::Channel> ServerProcess::Channel() const {
  return AuthenticatedChannel(address(), Token());
}

std::shared_ptr<grpc::Channel> ServerProcess::ChannelWith(
    const std::string& token) const {
  return AuthenticatedChannel(address(), token);
}

std::string ServerProcess::IssueToken(const std::vector<std::string>& roles,
                                      const std::vector<std::string>& agencies,
                                      const std::string& officer) const {
  auto admin = motcua::v1::TokenAdminService::NewStub(Channel());
  motcua::v1::CreateTokenRequest request;
  request.set_name("test principal");
  for (const std::string& r : roles) request.add_roles(r);
  for (const std::string& a : agencies) request.add_agencies(a);
  request.set_officer(officer);
  motcua::v1::CreateTokenResponse response;
  grpc::ClientContext ctx;
  const grpc::Status s = admin->CreateToken(&ctx, request, &response);
  if (!s.ok()) {
    ADD_FAILURE() << "CreateToken: " << s.error_message();
    return "";
  }
  return response.token();
}

std::shared_ptr<grpc::Channel> ServerProcess::AnonymousChannel() const {
  return grpc::CreateChannel(address(), grpc::InsecureChannelCredentials());
}

std::string ReadToken(const std::string& data_dir) {
  std::ifstream in(data_dir + "/bootstrap-admin.token");
  std::string token;
  std::getline(in, token);
  return token;
}

namespace {

// Adds "authorization: Bearer <token>" to every call of a channel.
class BearerInterceptor final : public grpc::experimental::Interceptor {
 public:
  explicit BearerInterceptor(std::string header) : header_(std::move(header)) {}
  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::
                PRE_SEND_INITIAL_METADATA)) {
      methods->GetSendInitialMetadata()->insert({"authorization", header_});
    }
    methods->Proceed();
  }

 private:
  std::string header_;
};

class BearerFactory final
    : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  explicit BearerFactory(std::string token) : token_(std::move(token)) {}
  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo*) override {
    return new BearerInterceptor("Bearer " + token_);
  }

 private:
  std::string token_;
};

}  // namespace

std::shared_ptr<grpc::Channel> AuthenticatedChannel(const std::string& target,
                                                    const std::string& token) {
  std::vector<
      std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>>
      interceptors;
  interceptors.push_back(std::make_unique<BearerFactory>(token));
  return grpc::experimental::CreateCustomChannelWithInterceptors(
      target, grpc::InsecureChannelCredentials(), grpc::ChannelArguments(),
      std::move(interceptors));
}

std::unique_ptr<motcua::v1::DossierService::Stub> ServerProcess::DossierStub()
    const {
  return motcua::v1::DossierService::NewStub(Channel());
}

int ServerProcess::Stop() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    std::optional<int> status = WaitAtMost(pid_, kStopTimeout);
    if (!status) {
      ADD_FAILURE() << "motcuad did not exit within " << kStopTimeout.count()
                    << " s of SIGTERM; killing it";
      kill(pid_, SIGKILL);
      status = WaitAtMost(pid_, kStopTimeout);
    }
    Reap(status.value_or(SIGKILL));
  }
  return exit_status_;
}

void ServerProcess::Crash() {
  if (pid_ > 0) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      ADD_FAILURE() << "motcuad " << Describe(status)
                    << " before the test killed it";
    } else {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
    }
    Reap(status);
  }
}

void ServerProcess::Reap(int wait_status) {
  exit_status_ = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status)
                                        : -WTERMSIG(wait_status);
  pid_ = -1;
}

std::unique_ptr<grpc::ClientContext> Ctx() {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(std::chrono::system_clock::now() +
                    std::chrono::seconds(20));
  return ctx;
}

motcua::v1::SubmitDossierRequest DeskSubmission(const std::string& client_id,
                                                const std::string& request_id) {
  motcua::v1::SubmitDossierRequest r;
  r.set_client_id(client_id);
  r.set_request_id(request_id);
  r.set_agency_code("H55.1");
  r.set_procedure_code("1.001234");
  r.mutable_applicant()->set_full_name("Hà Văn Nam");
  r.mutable_applicant()->set_personal_id("001190012345");
  r.set_channel(motcua::v1::CHANNEL_DIRECT);
  auto* d = r.add_documents();
  d->set_name("Tờ khai");
  d->set_originals(1);
  return r;
}

std::string SubmitOk(motcua::v1::DossierService::Stub& desk,
                     const motcua::v1::SubmitDossierRequest& request) {
  motcua::v1::SubmitDossierResponse resp;
  grpc::Status s = desk.SubmitDossier(Ctx().get(), request, &resp);
  EXPECT_TRUE(s.ok()) << s.error_message();
  return resp.dossier().code();
}

}  // namespace motcua::testing
