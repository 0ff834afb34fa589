// Structured random requests through every RPC's validation, without a
// server: the first byte chooses the message (protobuf-mutator is not in
// Debian 12), the rest is parsed with ParseFromArray, mapped to engine
// commands by the services' FromProto and judged by the engine
// (ValidateReceipt and Receive, Decide for each of the 16 transitions
// against sample dossiers in several states, ValidatePostalCommand and
// DecidePostal). Nothing may crash, and every error message is UTF-8.
#include <google/protobuf/stubs/logging.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/common/text.h"
#include "engine/dossier/receipt.h"
#include "engine/lifecycle/lifecycle_testing.h"
#include "engine/postal/decide_postal.h"
#include "motcua/v1/dossier.pb.h"
#include "motcua/v1/postal.pb.h"
#include "services/dossier_mapping.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

namespace engine = motcua::engine;
namespace pb = motcua::v1;
using engine::Channel;
using engine::Transition;
using engine::testing::At;
using engine::testing::Cmd;
using engine::testing::Submission;
using engine::testing::Walker;
using motcua::fuzz::Check;
using motcua::fuzz::CheckUtf8;

const engine::Instant kNow = At(2026, 1, 12, 10, 0);

void Must(const engine::Status& s, const char* what) {
  Check(s.ok(), what, s.ok() ? std::string_view{} : s.error().message);
}

// Received at the desk; in processing; received by post and in processing.
const std::vector<engine::Dossier>& SampleDossiers() {
  static const auto* dossiers = [] {
    auto* out = new std::vector<engine::Dossier>;
    Walker received;
    Must(received.Receive(Submission("H55.10", "1.001234", Channel::kDirect,
                                     At(2026, 1, 5, 9, 0))),
         "sample receipt");
    out->push_back(received.dossier());
    Walker processing;
    Must(processing.Receive(Submission("H55.41", "1.001022", Channel::kDirect,
                                       At(2026, 1, 5, 9, 0))),
         "sample receipt");
    auto transfer = Cmd(Transition::kTransfer, "H55.41", At(2026, 1, 5, 9, 30));
    transfer.to_agency = "H55.41";
    Must(processing.Do(transfer), "sample transfer");
    Must(processing.Do(Cmd(Transition::kStartProcessing, "H55.41",
                           At(2026, 1, 5, 10, 0))),
         "sample start");
    out->push_back(processing.dossier());
    Walker postal;
    auto by_post = Submission("H55.10", "1.001234", Channel::kPostal,
                              At(2026, 1, 6, 9, 0));
    by_post.result_channel = Channel::kPostal;
    by_post.postal_tracking_number = "EB123456789VN";
    if (postal.Receive(by_post).ok()) out->push_back(postal.dossier());
    return out;
  }();
  return *dossiers;
}

void CheckError(const engine::Status& s, const char* what) {
  if (!s.ok()) CheckUtf8(s.error().message, what);
}

void Submit(const uint8_t* data, size_t size) {
  pb::SubmitDossierRequest request;
  if (!request.ParseFromArray(data, static_cast<int>(size))) return;
  auto cmd = motcua::services::FromProto(request);
  if (!cmd.ok()) {
    CheckUtf8(cmd.error().message, "SubmitDossier mapping message");
    return;
  }
  engine::Status valid = engine::ValidateReceipt(*cmd, kNow);
  CheckError(valid, "ValidateReceipt message");
  if (!valid.ok()) return;
  auto received = engine::Receive(*cmd, kNow, 0,
                                  {engine::testing::SampleCatalogue(),
                                   engine::testing::ShippedCalendars()});
  CheckError(received.status(), "Receive message");
}

void Act(uint8_t selector, const uint8_t* data, size_t size) {
  pb::DossierAction action;
  if (!action.ParseFromArray(data, static_cast<int>(size))) return;
  auto transition =
      static_cast<Transition>(selector % engine::kTransitionCount);
  auto cmd = motcua::services::FromProto(action, transition);
  if (!cmd.ok()) {
    CheckUtf8(cmd.error().message, "DossierAction mapping message");
    return;
  }
  const auto& dossiers = SampleDossiers();
  const engine::Dossier& d = dossiers[(selector / 16) % dossiers.size()];
  auto events = engine::Decide(d, *cmd, kNow,
                               {engine::testing::ShippedCalendars(),
                                &engine::testing::SampleCatalogue()});
  CheckError(events.status(), "Decide message");
}

void Postal(uint8_t selector, const uint8_t* data, size_t size) {
  pb::RecordPostalEventRequest request;
  if (!request.ParseFromArray(data, static_cast<int>(size))) return;
  auto report = motcua::services::FromProto(request.report(), "report");
  if (!report.ok()) {
    CheckUtf8(report.error().message, "PostalReport mapping message");
    return;
  }
  engine::PostalCommand cmd;
  cmd.client_id = request.client_id();
  cmd.dossier_code = request.dossier_code();
  cmd.report = std::move(*report);
  engine::Status valid = engine::ValidatePostalCommand(cmd, kNow);
  CheckError(valid, "ValidatePostalCommand message");
  if (!valid.ok()) return;
  const auto& dossiers = SampleDossiers();
  auto decision =
      engine::DecidePostal(dossiers[selector % dossiers.size()], cmd, kNow);
  CheckError(decision.status(), "DecidePostal message");
}

}  // namespace

// Protobuf logs every string field that is not UTF-8; the parse failing is
// the answer the services give, the log lines are noise.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  google::protobuf::SetLogHandler(nullptr);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const uint8_t selector = data[1];
  switch (data[0] % 3) {
    case 0:
      Submit(data + 2, size - 2);
      break;
    case 1:
      Act(selector, data + 2, size - 2);
      break;
    case 2:
      Postal(selector, data + 2, size - 2);
      break;
  }
  return 0;
}
