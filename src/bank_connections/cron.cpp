#include "bank_connections/cron.hpp"

#include <charconv>
#include <sstream>
#include <vector>

namespace recon::bank_connections {
namespace {

constexpr int kSearchDaysMax = 4 * 366;

struct FieldSpec {
  const char* name;
  int low;
  int high;
};

constexpr FieldSpec kFields[] = {{"minute", 0, 59}, {"hour", 0, 23}, {"day of month", 1, 31}, {"month", 1, 12},
                                 {"day of week", 0, 7}};

std::optional<int> Number(const std::string& text) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

// Sets bits low..high of one field from its text; an error names the field and the piece.
Status ParseField(const std::string& text, const FieldSpec& spec, std::vector<bool>& bits) {
  auto fail = [&](const std::string& why) {
    return MakeError(ErrorCode::kInvalidRequest, std::string(spec.name) + ": " + why, "schedule");
  };
  std::stringstream parts(text);
  std::string part;
  while (std::getline(parts, part, ',')) {
    int step = 1;
    if (auto slash = part.find('/'); slash != std::string::npos) {
      auto s = Number(part.substr(slash + 1));
      if (!s || *s < 1) return fail("'" + part + "' has no valid step");
      step = *s;
      part.resize(slash);
    }
    int from = spec.low, to = spec.high;
    if (part != "*") {
      auto dash = part.find('-');
      auto a = Number(part.substr(0, dash));
      auto b = dash == std::string::npos ? a : Number(part.substr(dash + 1));
      if (!a || !b) return fail("'" + part + "' is not a number, range or '*'");
      from = *a;
      to = *b;
      if (from < spec.low || to > spec.high || from > to)
        return fail("'" + part + "' is beyond " + std::to_string(spec.low) + "-" + std::to_string(spec.high));
    }
    for (int v = from; v <= to; v += step) bits[v] = true;
  }
  return Status::Ok();
}

Result<std::chrono::minutes> ParseOffset(const std::string& tz) {
  if (tz.empty() || tz == "UTC" || tz == "Z" || tz == "Etc/UTC") return std::chrono::minutes(0);
  auto fail = MakeError(ErrorCode::kInvalidRequest,
                        "'" + tz + "' is not UTC or a fixed offset like +01:00 (named time zones are not supported)",
                        "schedule_tz");
  if (tz.size() != 6 || (tz[0] != '+' && tz[0] != '-') || tz[3] != ':') return fail;
  auto h = Number(tz.substr(1, 2));
  auto m = Number(tz.substr(4, 2));
  if (!h || !m || *h > 14 || *m > 59) return fail;
  const int minutes = *h * 60 + *m;
  return std::chrono::minutes(tz[0] == '-' ? -minutes : minutes);
}

}  // namespace

Result<CronSchedule> ParseCron(const std::string& expression, const std::string& time_zone) {
  std::istringstream in(expression);
  std::vector<std::string> fields;
  for (std::string f; in >> f;) fields.push_back(f);
  if (fields.size() != 5)
    return MakeError(ErrorCode::kInvalidRequest,
                     "a schedule has 5 fields (minute hour day-of-month month day-of-week), not " +
                         std::to_string(fields.size()),
                     "schedule");
  std::vector<std::vector<bool>> bits;
  for (int i = 0; i < 5; ++i) {
    bits.emplace_back(kFields[i].high + 1, false);
    if (Status s = ParseField(fields[i], kFields[i], bits.back()); !s) return s.error();
  }
  auto offset = ParseOffset(time_zone);
  if (!offset) return offset.error();
  CronSchedule c;
  for (int v = 0; v < 60; ++v) c.minutes[v] = bits[0][v];
  for (int v = 0; v < 24; ++v) c.hours[v] = bits[1][v];
  for (int v = 1; v <= 31; ++v) c.days[v] = bits[2][v];
  for (int v = 1; v <= 12; ++v) c.months[v] = bits[3][v];
  for (int v = 0; v <= 7; ++v)
    if (bits[4][v]) c.weekdays[v % 7] = true;
  c.days_restricted = fields[2] != "*";
  c.weekdays_restricted = fields[4] != "*";
  c.offset = *offset;
  return c;
}

std::optional<std::chrono::sys_seconds> NextDue(const CronSchedule& s, std::chrono::sys_seconds after) {
  using namespace std::chrono;
  // Work in local time (UTC + offset), minute by minute within a due day.
  const local_seconds local_after{after.time_since_epoch() + s.offset};
  const local_time<minutes> first = floor<minutes>(local_after) + minutes(1);
  local_days day = floor<days>(first);
  for (int d = 0; d < kSearchDaysMax; ++d, day += days(1)) {
    const year_month_day ymd{day};
    const unsigned weekday_number = weekday{day}.c_encoding();
    const bool dom = s.days[static_cast<unsigned>(ymd.day())];
    const bool dow = s.weekdays[weekday_number];
    const bool day_due = s.days_restricted && s.weekdays_restricted ? (dom || dow)
                         : s.days_restricted                        ? dom
                         : s.weekdays_restricted                    ? dow
                                                                    : true;
    if (!s.months[static_cast<unsigned>(ymd.month())] || !day_due) continue;
    for (int h = 0; h < 24; ++h) {
      if (!s.hours[h]) continue;
      for (int m = 0; m < 60; ++m) {
        if (!s.minutes[m]) continue;
        const local_time<minutes> candidate = day + hours(h) + minutes(m);
        if (candidate < first) continue;
        return sys_seconds{candidate.time_since_epoch() - s.offset};
      }
    }
  }
  return std::nullopt;
}

}  // namespace recon::bank_connections
