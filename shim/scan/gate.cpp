// SPDX-License-Identifier: Apache-2.0
#include "scan/gate.hpp"

#include <algorithm>
#include <set>

#include "scan/timestamp.hpp"

namespace hardrun::scan {
namespace {

using policy::Severity;

constexpr std::size_t kListed = 5;

bool same_id(std::string_view a, std::string_view b) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                              [&](char x, char y) { return lower(x) == lower(y); });
}

// Why the report cannot be judged at all; "" when it can.
std::string unusable(const policy::ScanGate& gate, const ScanSummary* summary,
                     std::string_view image, std::int64_t now) {
    const std::string img(image);
    if (summary == nullptr) {
        return "no scan report for " + img + "; import one with hardrunctl scan import";
    }
    const std::string what =
        summary->scanner + " report for " + img + " (from " + summary->source + ")";
    if (gate.max_age_seconds > 0 && !summary->created_at) {
        return "the " + what +
               " does not say when it was made, so it cannot be checked against the age limit of " +
               format_duration(gate.max_age_seconds);
    }
    if (gate.max_age_seconds > 0 && now - *summary->created_at > gate.max_age_seconds) {
        return "the " + what + " is " + format_duration(now - *summary->created_at) +
               " old (created " + format_utc(*summary->created_at) + "); the limit is " +
               format_duration(gate.max_age_seconds);
    }
    if (!summary->has_findings) {
        return "the " + what + " carries no scanner result, so it has no findings to judge";
    }
    return "";
}

std::string describe(const Finding& f) {
    const Severity ranked = effective_severity(f.severity);
    std::string severity = policy::severity_name(f.severity);
    if (ranked != f.severity) severity += ", ranked " + std::string(policy::severity_name(ranked));
    const std::string fix = f.fixed_version.empty() ? "no fix" : "fixed in " + f.fixed_version;
    return f.id + " (" + f.package + " " + f.installed_version + ", " + severity + ", " + fix + ")";
}

std::string blocking_reason(const policy::ScanGate& gate, const std::vector<Finding>& blocking,
                            std::string_view image) {
    const std::size_t n = blocking.size();
    std::string out = "image " + std::string(image) + " has " + std::to_string(n) +
                      (n == 1 ? " vulnerability" : " vulnerabilities") + " above " +
                      policy::severity_name(gate.max_severity) +
                      (gate.fixable_only ? " with a fix" : "") + ": ";
    for (std::size_t i = 0; i < std::min(n, kListed); ++i) {
        out += (i == 0 ? "" : ", ") + describe(blocking[i]);
    }
    if (n > kListed) out += ", and " + std::to_string(n - kListed) + " more";
    return out;
}

// Sorts the findings that block from those the allowlist excuses, noting each entry once.
void judge(const policy::ScanGate& gate, const ScanSummary& summary, std::int64_t now,
           GateResult& result) {
    std::set<std::string> noted;
    for (const auto& f : summary.findings) {
        if (effective_severity(f.severity) <= gate.max_severity) continue;
        if (gate.fixable_only && f.fixed_version.empty()) continue;
        const auto entry =
            std::find_if(gate.allowlist.begin(), gate.allowlist.end(),
                         [&](const policy::CveException& e) { return same_id(e.id, f.id); });
        const bool allowed = entry != gate.allowlist.end() && entry->until > now;
        if (entry != gate.allowlist.end() && noted.insert(entry->id).second) {
            const std::string why = entry->reason.empty() ? "" : " (" + entry->reason + ")";
            result.notes.push_back(allowed
                                       ? f.id + " is allowlisted until " + entry->until_text + why
                                       : "the allowlist entry for " + f.id + why + " expired on " +
                                             entry->until_text + "; it no longer applies");
        }
        if (!allowed) result.blocking.push_back(f);
    }
    std::stable_sort(result.blocking.begin(), result.blocking.end(),
                     [](const Finding& a, const Finding& b) {
                         return effective_severity(a.severity) > effective_severity(b.severity);
                     });
}

}  // namespace

Severity effective_severity(Severity severity) {
    return severity == Severity::kUnknown ? Severity::kHigh : severity;
}

GateResult evaluate_gate(const policy::ScanGate& gate, const ScanSummary* summary,
                         std::string_view image, std::int64_t now) {
    GateResult result;
    if (gate.mode == policy::GateMode::kOff) return result;
    result.reason = unusable(gate, summary, image, now);
    if (result.reason.empty()) {
        judge(gate, *summary, now, result);
        if (!result.blocking.empty()) result.reason = blocking_reason(gate, result.blocking, image);
    }
    if (result.reason.empty()) return result;
    result.pass = gate.mode == policy::GateMode::kWarn;
    if (result.pass) {
        result.notes.push_back(
            "scan gate in warn mode: the image runs, but enforce mode would refuse it: " +
            result.reason);
    }
    return result;
}

}  // namespace hardrun::scan
