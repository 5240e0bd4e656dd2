// SPDX-License-Identifier: Apache-2.0
#include "scan/timestamp.hpp"

#include <cstdio>

#include "policy/parse_trust.hpp"

namespace hardrun::scan {
namespace {

// Exactly `width` decimal digits at text[pos...].
std::optional<int> digits(std::string_view text, std::size_t pos, std::size_t width) {
    if (pos + width > text.size()) return std::nullopt;
    int value = 0;
    for (std::size_t i = pos; i < pos + width; ++i) {
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

// The time zone suffix at text[pos...] → seconds east of UTC.
std::optional<std::int64_t> zone_offset(std::string_view text, std::size_t pos) {
    if (pos == text.size() - 1 && (text[pos] == 'Z' || text[pos] == 'z')) return 0;
    if (pos + 6 != text.size() || (text[pos] != '+' && text[pos] != '-') || text[pos + 3] != ':') {
        return std::nullopt;
    }
    const auto hours = digits(text, pos + 1, 2);
    const auto minutes = digits(text, pos + 4, 2);
    if (!hours || !minutes || *hours > 23 || *minutes > 59) return std::nullopt;
    const std::int64_t offset = *hours * 3600 + *minutes * 60;
    return text[pos] == '-' ? -offset : offset;
}

// Civil date of days since 1970-01-01 (Howard Hinnant's civil_from_days).
void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0);
}

}  // namespace

std::optional<std::int64_t> parse_rfc3339(std::string_view text) {
    // 2006-01-02T15:04:05[.fraction](Z|±hh:mm)
    if (text.size() < 20) return std::nullopt;
    const auto day = policy::parse_utc_date(text.substr(0, 10));
    const char t = text[10];
    if (!day || (t != 'T' && t != 't' && t != ' ') || text[13] != ':' || text[16] != ':') {
        return std::nullopt;
    }
    const auto hour = digits(text, 11, 2);
    const auto minute = digits(text, 14, 2);
    const auto second = digits(text, 17, 2);
    // 60 is a leap second, which Unix time folds into the next one.
    if (!hour || !minute || !second || *hour > 23 || *minute > 59 || *second > 60) {
        return std::nullopt;
    }
    std::size_t pos = 19;
    if (text[pos] == '.') {
        const std::size_t start = ++pos;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
        if (pos == start) return std::nullopt;
    }
    if (pos >= text.size()) return std::nullopt;
    const auto offset = zone_offset(text, pos);
    if (!offset) return std::nullopt;
    return *day + *hour * 3600 + *minute * 60 + *second - *offset;
}

std::string format_utc(std::int64_t unix_seconds) {
    std::int64_t days = unix_seconds / 86400;
    std::int64_t rest = unix_seconds % 86400;
    if (rest < 0) {
        rest += 86400;
        --days;
    }
    std::int64_t year = 0;
    unsigned month = 0;
    unsigned day = 0;
    civil_from_days(days, year, month, day);
    char out[64];
    std::snprintf(out, sizeof out, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ",
                  static_cast<long long>(year), month, day, static_cast<long long>(rest / 3600),
                  static_cast<long long>(rest / 60 % 60), static_cast<long long>(rest % 60));
    return out;
}

std::string format_duration(std::int64_t seconds) {
    struct Unit {
        std::int64_t size;
        const char* name;
    };
    static constexpr Unit kUnits[] = {
        {86400, "day"}, {3600, "hour"}, {60, "minute"}, {1, "second"}};
    for (const auto& unit : kUnits) {
        if (seconds >= unit.size || unit.size == 1) {
            const std::int64_t n = seconds / unit.size;
            return std::to_string(n) + " " + unit.name + (n == 1 ? "" : "s");
        }
    }
    return "0 seconds";
}

}  // namespace hardrun::scan
