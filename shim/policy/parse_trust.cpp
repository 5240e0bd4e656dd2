// SPDX-License-Identifier: Apache-2.0
#include "policy/parse_trust.hpp"

#include <charconv>
#include <string>

#include "base/image_reference.hpp"

namespace hardrun::policy {
namespace {

std::optional<std::int64_t> parse_digits(std::string_view text) {
    std::int64_t value = 0;
    if (text.empty()) return std::nullopt;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < 0) return std::nullopt;
    return value;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, std::int64_t m, std::int64_t d) {
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const std::int64_t yoe = y - era * 400;
    const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

Result<void> read_positive_ms(const Reader& r, const char* key, std::int64_t& out) {
    HARDRUN_RETURN_IF_ERROR(r.read(key, out));
    if (out <= 0 || out > 600000) return r.error_at_key(key, "must be between 1 and 600000 milliseconds");
    return ok();
}

Result<void> read_gate(const Reader& r, ScanGate& gate) {
    HARDRUN_RETURN_IF_ERROR(r.only_keys({"mode", "max_severity", "max_age", "fixable_only", "allowlist"}));
    std::string mode = gate_mode_name(gate.mode);
    HARDRUN_RETURN_IF_ERROR(r.read("mode", mode));
    if (mode == "off") {
        gate.mode = GateMode::kOff;
    } else if (mode == "enforce") {
        gate.mode = GateMode::kEnforce;
    } else if (mode == "warn") {
        gate.mode = GateMode::kWarn;
    } else {
        return r.error_at_key("mode", "\"" + mode + "\" is not off, enforce or warn");
    }
    std::string severity = severity_name(gate.max_severity);
    HARDRUN_RETURN_IF_ERROR(r.read("max_severity", severity));
    const auto parsed = severity_from_name(severity);
    if (!parsed || *parsed == Severity::kUnknown || severity != severity_name(*parsed)) {
        return r.error_at_key("max_severity", "\"" + severity +
                                                  "\" is not negligible, low, medium, high or critical");
    }
    gate.max_severity = *parsed;
    if (r.has("max_age")) {
        std::string age;
        HARDRUN_RETURN_IF_ERROR(r.read("max_age", age));
        const auto seconds = parse_duration(age);
        if (!seconds) return r.error_at_key("max_age", "\"" + age + "\" is not a duration like 7d, 12h, 30m or 0");
        gate.max_age_seconds = *seconds;
    }
    HARDRUN_RETURN_IF_ERROR(r.read("fixable_only", gate.fixable_only));
    if (!r.has("allowlist")) return ok();
    const auto& list = r.value().at("allowlist");
    if (!list.is_array()) return r.error_at_key("allowlist", "must be an array of {id, until, reason}");
    gate.allowlist.clear();
    for (std::size_t i = 0; i < list.size(); ++i) {
        const Reader e(list[i], r.child_path("allowlist") + "[" + std::to_string(i) + "]");
        HARDRUN_RETURN_IF_ERROR(e.expect_object());
        HARDRUN_RETURN_IF_ERROR(e.only_keys({"id", "until", "reason"}));
        CveException ex;
        HARDRUN_RETURN_IF_ERROR(e.read("id", ex.id));
        if (ex.id.empty()) return e.error_at_key("id", "every exception names a vulnerability id");
        HARDRUN_RETURN_IF_ERROR(e.read("until", ex.until_text));
        const auto until = parse_utc_date(ex.until_text);
        if (!until) {
            return e.error_at_key("until", "\"" + ex.until_text +
                                               "\" is not a date YYYY-MM-DD (every exception expires)");
        }
        ex.until = *until;
        HARDRUN_RETURN_IF_ERROR(e.read("reason", ex.reason));
        gate.allowlist.push_back(std::move(ex));
    }
    return ok();
}

}  // namespace

std::optional<std::int64_t> parse_utc_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    const auto y = parse_digits(text.substr(0, 4));
    const auto m = parse_digits(text.substr(5, 2));
    const auto d = parse_digits(text.substr(8, 2));
    if (!y || !m || !d || *m < 1 || *m > 12 || *d < 1) return std::nullopt;
    static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (*y % 4 == 0 && *y % 100 != 0) || *y % 400 == 0;
    if (*d > kDays[*m - 1] || (*m == 2 && *d == 29 && !leap)) return std::nullopt;
    return days_from_civil(*y, *m, *d) * 86400;
}

std::optional<std::int64_t> parse_duration(std::string_view text) {
    if (text == "0") return 0;
    if (text.size() < 2) return std::nullopt;
    std::int64_t unit = 0;
    switch (text.back()) {
        case 'd': unit = 86400; break;
        case 'h': unit = 3600; break;
        case 'm': unit = 60; break;
        case 's': unit = 1; break;
        default: return std::nullopt;
    }
    const auto n = parse_digits(text.substr(0, text.size() - 1));
    if (!n || *n > 3650 * 86400 / unit) return std::nullopt;
    return *n * unit;
}

Result<void> read_images(const Reader& r, ImageSettings& images) {
    HARDRUN_RETURN_IF_ERROR(r.only_keys({"containerd_address", "lookup_timeout_ms", "containers_storage",
                                         "signature_policy", "cache_dir", "fetch_on_miss",
                                         "fetch_timeout_ms", "insecure_registries", "auth_files"}));
    const auto absolute = [&](const char* key, std::string& out, bool may_be_empty) -> Result<void> {
        HARDRUN_RETURN_IF_ERROR(r.read(key, out));
        if ((out.empty() && may_be_empty) || (!out.empty() && out.front() == '/')) return ok();
        return r.error_at_key(key, "must be an absolute path");
    };
    HARDRUN_RETURN_IF_ERROR(absolute("containerd_address", images.containerd_address, true));
    HARDRUN_RETURN_IF_ERROR(read_positive_ms(r, "lookup_timeout_ms", images.lookup_timeout_ms));
    HARDRUN_RETURN_IF_ERROR(absolute("containers_storage", images.containers_storage, false));
    HARDRUN_RETURN_IF_ERROR(absolute("signature_policy", images.signature_policy, false));
    HARDRUN_RETURN_IF_ERROR(absolute("cache_dir", images.cache_dir, false));
    if (images.cache_dir == "/") return r.error_at_key("cache_dir", "must not be /");
    HARDRUN_RETURN_IF_ERROR(r.read("fetch_on_miss", images.fetch_on_miss));
    HARDRUN_RETURN_IF_ERROR(read_positive_ms(r, "fetch_timeout_ms", images.fetch_timeout_ms));
    HARDRUN_RETURN_IF_ERROR(r.read("auth_files", images.auth_files));
    for (const auto& path : images.auth_files) {
        if (path.empty() || path.front() != '/') return r.error_at_key("auth_files", "must hold absolute paths");
    }
    return r.read("insecure_registries", images.insecure_registries);
}

Result<void> read_trust(const Reader& r, TrustPolicy& trust) {
    HARDRUN_RETURN_IF_ERROR(r.only_keys({"signatures", "scan"}));
    if (r.has("signatures")) {
        std::string text;
        HARDRUN_RETURN_IF_ERROR(r.read("signatures", text));
        if (text != "verify" && text != "off") {
            return r.error_at_key("signatures", "\"" + text + "\" is not verify or off");
        }
        trust.signatures = text == "verify";
    }
    return r.read_object("scan", [&](const Reader& c) { return read_gate(c, trust.scan); });
}

}  // namespace hardrun::policy
