// Writes the seed inputs that need code into a corpus root (normally
// tests/fuzz/corpus): signed webhook requests, encoded sample dossiers and
// their events, and serialized requests of every kind the validation fuzzer
// reads. Text seeds (catalogue, schedules, holiday rules) are copies of the
// deploy/ files. Usage: fuzz_make_corpus CORPUS_DIR
#include <cstdio>
#include <fstream>
#include <string>
#include <string_view>

#include "adapters/postal/webhook_request.h"
#include "engine/dossier/dossier_codec.h"
#include "engine/lifecycle/lifecycle_testing.h"
#include "motcua/v1/dossier.pb.h"
#include "motcua/v1/postal.pb.h"

namespace {

namespace engine = motcua::engine;
namespace pb = motcua::v1;
using engine::Channel;
using engine::Transition;
using engine::testing::At;
using engine::testing::Cmd;
using engine::testing::Submission;
using engine::testing::Walker;

std::string root;

void Check(const engine::Status& s) {
  if (!s.ok()) {
    std::fprintf(stderr, "sample walk: %s\n", s.error().message.c_str());
    std::exit(1);
  }
}

// The desk hands the dossier to the agency's own processing officer.
engine::LifecycleCommand Transfer(const std::string& agency,
                                  engine::Instant at) {
  auto c = Cmd(Transition::kTransfer, agency, at);
  c.to_agency = agency;
  return c;
}

void Write(const std::string& target, const std::string& name,
           std::string_view bytes) {
  std::string path = root + "/" + target + "/" + name;
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) {
    std::fprintf(stderr, "cannot write %s\n", path.c_str());
    std::exit(1);
  }
}

void Webhook() {
  const std::string prefix = std::string("\x03") + "vnpost\n1741600000\n\n";
  const std::string handover =
      R"({"carrier_event_id":"ev-1","tracking_number":"EB1VN",)"
      R"("status":"HCC-200","event_time":"2025-03-10T09:00:00+07:00",)"
      R"("postal_worker":"Bưu","officer":"Hoa","record_number":"BB-1",)"
      R"("documents":[{"name":"Tờ khai","originals":1}],"fees_vnd":25000})";
  const std::string failed =
      R"({"carrier_event_id":"ev-9","tracking_number":"EB2VN",)"
      R"("status":"HCC-410","event_time":"2025-03-10T02:00:00.5Z",)"
      R"("postal_worker":"Bưu","reason":"Không có người nhận"})";
  Write("webhook_request_fuzz", "handover", prefix + handover);
  Write("webhook_request_fuzz", "delivery_failed", prefix + failed);
  Write("webhook_request_fuzz", "ignored",
        prefix +
            R"({"carrier_event_id":"ev-2","tracking_number":"EB1VN",)"
            R"("status":"HCC-110","event_time":"2025-03-10T09:00:00+07:00"})");
  // Signed by the fuzzer's secret with the fuzzer's clock, as sent.
  std::string ts = "1741600000";
  std::string signature = motcua::adapters::SignWebhook(
      "fuzz-secret-0123456789abcdef", ts, handover);
  Write("webhook_request_fuzz", "signed_as_sent",
        std::string("\x00", 1) + "vnpost\n" + ts + "\n" + signature + "\n" +
            handover);
}

void Codec(const Walker& w, const std::string& name) {
  Write("dossier_codec_fuzz", name + "_dossier",
        std::string("\x00", 1) + engine::EncodeDossier(w.dossier()));
  int i = 0;
  for (const engine::DossierEvent& e : w.log()) {
    Write("dossier_codec_fuzz", name + "_event" + std::to_string(i++),
          std::string("\x01", 1) + engine::EncodeEvent(e));
  }
}

void Requests() {
  pb::SubmitDossierRequest submit;
  submit.set_client_id("desk-01");
  submit.set_request_id("req-1");
  submit.set_agency_code("H55.10");
  submit.set_procedure_code("1.001234");
  submit.mutable_applicant()->set_full_name("Nguyễn Thị Ánh");
  submit.mutable_applicant()->set_personal_id("001190012345");
  submit.mutable_applicant()->set_phone("0912345678");
  submit.mutable_applicant()->set_address("12 Tràng Tiền, Hoàn Kiếm, Hà Nội");
  submit.set_channel(pb::CHANNEL_DIRECT);
  auto* doc = submit.add_documents();
  doc->set_name("Tờ khai");
  doc->set_originals(1);
  submit.mutable_received_at()->set_seconds(At(2026, 1, 12, 9, 0) /
                                            engine::kMicrosPerSecond);
  Write("request_validation_fuzz", "submit",
        std::string("\x00\x00", 2) + submit.SerializeAsString());
  submit.set_channel(pb::CHANNEL_POSTAL);
  submit.set_result_channel(pb::CHANNEL_POSTAL);
  submit.set_postal_tracking_number("EB123456789VN");
  Write("request_validation_fuzz", "submit_postal",
        std::string("\x00\x00", 2) + submit.SerializeAsString());

  pb::DossierAction action;
  action.set_client_id("agency-app");
  action.set_request_id("req-2");
  action.set_code("H55.41-260105-0001");
  action.set_officer("Trần Văn Bình");
  action.set_agency_code("H55.41");
  action.mutable_at()->set_seconds(At(2026, 1, 12, 9, 0) /
                                   engine::kMicrosPerSecond);
  action.set_reason("Thiếu bản sao giấy tờ");
  // Selector: transition in the low 4 bits, sample dossier above.
  for (Transition t :
       {Transition::kStartProcessing, Transition::kRequestSupplement,
        Transition::kMarkResultReady, Transition::kTransfer}) {
    std::string selector(1, static_cast<char>(16 + static_cast<int>(t)));
    Write("request_validation_fuzz",
          "action_" + std::string(engine::TransitionName(t)),
          std::string("\x01", 1) + selector + action.SerializeAsString());
  }

  pb::RecordPostalEventRequest postal;
  postal.set_client_id("postal-gw");
  postal.set_dossier_code("H55.10-260106-0001");
  auto* r = postal.mutable_report();
  r->set_kind(pb::POSTAL_EVENT_KIND_DELIVERY_FAILED);
  r->set_carrier("vnpost");
  r->set_carrier_event_id("ev-1");
  r->set_carrier_status("HCC-410");
  r->set_tracking_number("EB123456789VN");
  r->mutable_at()->set_seconds(At(2026, 1, 12, 9, 0) /
                               engine::kMicrosPerSecond);
  r->set_postal_worker("Bưu");
  r->set_reason("Không có người nhận");
  Write("request_validation_fuzz", "postal",
        std::string("\x02\x02", 2) + postal.SerializeAsString());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s CORPUS_DIR\n", argv[0]);
    return 2;
  }
  root = argv[1];
  Webhook();

  Walker received;
  Check(received.Receive(Submission("H55.10", "1.001234", Channel::kDirect,
                                    At(2025, 1, 20, 9, 30))));
  Codec(received, "received");
  Walker done;
  Check(done.Receive(Submission("H55.41", "1.001022", Channel::kDirect,
                                At(2026, 1, 5, 9, 0))));
  Check(done.Do(Transfer("H55.41", At(2026, 1, 5, 10, 0))));
  Check(done.Do(
      Cmd(Transition::kStartProcessing, "H55.41", At(2026, 1, 5, 10, 5))));
  Check(done.Do(
      Cmd(Transition::kMarkResultReady, "H55.41", At(2026, 1, 8, 15, 0))));
  Check(
      done.Do(Cmd(Transition::kReturnResult, "H55.41", At(2026, 1, 9, 8, 0))));
  Codec(done, "returned");
  Walker supplement;
  Check(supplement.Receive(Submission("H55.10", "1.001234", Channel::kDirect,
                                      At(2025, 1, 20, 9, 30))));
  Check(supplement.Do(Transfer("H55.10", At(2025, 1, 20, 10, 0))));
  Check(supplement.Do(
      Cmd(Transition::kStartProcessing, "H55.10", At(2025, 1, 20, 10, 0))));
  Check(supplement.Do(Cmd(Transition::kRequestSupplement, "H55.10",
                          At(2025, 1, 22, 10, 0), "Thiếu bản sao")));
  Codec(supplement, "supplement");

  Requests();
  return 0;
}
