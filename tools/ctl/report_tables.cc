#include "tools/ctl/report_tables.h"

#include <cstdio>
#include <ctime>
#include <string>

namespace motcua::ctl {
namespace {

using engine::Cell;

Cell Percent(double share) { return Cell::Number(share * 100.0, 2); }
Cell Count(int64_t n) { return Cell::Number(static_cast<double>(n)); }

std::string VietnamTime(const google::protobuf::Timestamp& t) {
  const std::time_t local = static_cast<std::time_t>(t.seconds() + 7 * 3600);
  std::tm tm{};
  gmtime_r(&local, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%02d/%02d/%04d %02d:%02d", tm.tm_mday,
                tm.tm_mon + 1, tm.tm_year + 1900, tm.tm_hour, tm.tm_min);
  return buf;
}

std::string ApologyText(const std::string& apology) {
  if (apology == "none") return "Chưa phải xin lỗi";
  if (apology == "required") return "Phải xin lỗi, chưa xin lỗi";
  if (apology == "apologized") return "Đã xin lỗi";
  return apology;
}

}  // namespace

engine::Table IndicatorsTable(const motcua::v1::GetIndicatorsResponse& reply,
                              bool by_procedure) {
  engine::Table t;
  t.title =
      "CHỈ SỐ ĐÁNH GIÁ CHẤT LƯỢNG GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH (Quyết định "
      "766/QĐ-TTg)";
  t.headings = {by_procedure ? "Mã thủ tục" : "Mã cơ quan",
                by_procedure ? "Tên thủ tục" : "Tên cơ quan",
                "Số hồ sơ tiếp nhận",
                "Số hồ sơ đã giải quyết",
                "Tỷ lệ trước hạn và đúng hạn (%)",
                "Tỷ lệ trực tuyến (%)",
                "Tỷ lệ trực tiếp (%)",
                "Tỷ lệ bưu chính (%)",
                "Tỷ lệ kết quả điện tử (%)",
                "Mức độ hài lòng (%)",
                "Số lượt đánh giá",
                "Thời gian giải quyết trung bình (ngày làm việc)",
                "Thời gian giải quyết trung vị (ngày làm việc)",
                "Trung bình không tính thời gian chờ (ngày làm việc)",
                "Trung vị không tính thời gian chờ (ngày làm việc)",
                "Tỷ lệ số hóa (%)",
                "Tỷ lệ thanh toán trực tuyến (%)",
                "Tỷ lệ đồng bộ Cổng DVCQG (%)"};
  for (const motcua::v1::Indicator& i : reply.indicators()) {
    t.rows.push_back(
        {Cell::Text(i.code()), Cell::Text(i.name()), Count(i.received()),
         Count(i.resolved()), Percent(i.on_time_share()),
         Percent(i.online_share()), Percent(i.direct_share()),
         Percent(i.postal_share()), Percent(i.electronic_result_share()),
         Percent(i.satisfaction()), Count(i.rated()),
         Cell::Number(i.average_processing_days(), 2),
         Count(i.median_processing_days()),
         Cell::Number(i.average_processing_days_excluding_waiting(), 2),
         Count(i.median_processing_days_excluding_waiting()),
         Percent(i.digitization_share()), Percent(i.online_payment_share()),
         Percent(i.portal_sync_share())});
  }
  return t;
}

engine::Table OverdueTable(const motcua::v1::GetOverdueListResponse& reply) {
  engine::Table t;
  t.title = "DANH SÁCH HỒ SƠ QUÁ HẠN";
  t.headings = {"Mã hồ sơ",
                "Cơ quan chịu trách nhiệm",
                "Ngày hẹn trả (giờ Việt Nam)",
                "Số ngày làm việc quá hạn",
                "Xin lỗi",
                "Xin lỗi muộn"};
  for (const motcua::v1::OverdueDossier& d : reply.dossiers()) {
    t.rows.push_back({Cell::Text(d.code()), Cell::Text(d.responsible_agency()),
                      Cell::Text(VietnamTime(d.appointment())),
                      Count(d.working_days_late()),
                      Cell::Text(ApologyText(d.apology())),
                      Cell::Text(d.apology_untimely() ? "Có" : "")});
  }
  return t;
}

}  // namespace motcua::ctl
