// Valid sample inputs shared by tests across modules, and a manual clock.
#pragma once

#include <atomic>
#include <string>

#include "engine/dossier/receipt.h"
#include "engine/ports/clock.h"

namespace motcua::testing {

// 2026-01-05 09:30 in Hanoi (a Monday).
inline constexpr engine::Instant kMonday0930 =
    engine::VietnamMidnight({2026, 1, 5}) + 9 * engine::kMicrosPerHour +
    30 * engine::kMicrosPerMinute;

inline engine::ReceiveCommand SampleCommand(std::string request_id = "req-1") {
  engine::ReceiveCommand c;
  c.client_id = "desk-01";
  c.request_id = std::move(request_id);
  c.agency_code = "000.00.31.H12";
  c.procedure_code = "1.001234";
  c.applicant = {"Nguyễn Thị Ánh", "001190012345", "0912345678",
                 "12 Tràng Tiền, Hoàn Kiếm, Hà Nội"};
  c.channel = engine::Channel::kDirect;
  c.documents = {{"Tờ khai đăng ký khai sinh", 1, 0},
                 {"Giấy chứng sinh", 1, 1}};
  return c;
}

class ManualClock final : public engine::Clock {
 public:
  explicit ManualClock(engine::Instant now) : now_(now) {}
  engine::Instant Now() const override { return now_.load(); }
  void Set(engine::Instant now) { now_.store(now); }
  void Advance(engine::Instant by) { now_.fetch_add(by); }

 private:
  std::atomic<engine::Instant> now_;
};

}  // namespace motcua::testing
