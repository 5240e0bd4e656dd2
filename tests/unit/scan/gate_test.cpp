// SPDX-License-Identifier: Apache-2.0
#include "scan/gate.hpp"

#include <catch2/catch.hpp>

using hardrun::policy::CveException;
using hardrun::policy::GateMode;
using hardrun::policy::ScanGate;
using hardrun::policy::Severity;
using hardrun::scan::evaluate_gate;
using hardrun::scan::Finding;
using hardrun::scan::ScanSummary;

namespace {

constexpr std::int64_t kNow = 1795168800;  // 2026-11-20T10:00:00Z
constexpr std::int64_t kDay = 86400;
const std::string kImage = "docker.io/library/app@sha256:aaaa";

ScanGate enforce(Severity max = Severity::kMedium, bool fixable_only = true) {
    ScanGate g;
    g.mode = GateMode::kEnforce;
    g.max_severity = max;
    g.fixable_only = fixable_only;
    g.max_age_seconds = 7 * kDay;
    return g;
}

ScanSummary report(std::vector<Finding> findings, std::int64_t age = kDay) {
    ScanSummary s;
    s.scanner = "trivy";
    s.source = "report.json";
    s.created_at = kNow - age;
    s.findings = std::move(findings);
    return s;
}

Finding finding(const std::string& id, Severity severity, const std::string& fixed = "1.1") {
    return Finding{id, "pkg", "1.0", severity, fixed};
}

}  // namespace

TEST_CASE("evaluate_gate blocks findings above the threshold and nothing else", "[scan][gate]") {
    const auto [max, severity, blocks] = GENERATE(table<Severity, Severity, bool>({
        {Severity::kMedium, Severity::kCritical, true},
        {Severity::kMedium, Severity::kHigh, true},
        {Severity::kMedium, Severity::kMedium, false},
        {Severity::kMedium, Severity::kLow, false},
        {Severity::kMedium, Severity::kNegligible, false},
        {Severity::kMedium, Severity::kUnknown, true},  // unknown ranks as high
        {Severity::kHigh, Severity::kUnknown, false},
        {Severity::kHigh, Severity::kCritical, true},
        {Severity::kCritical, Severity::kCritical, false},
        {Severity::kNegligible, Severity::kLow, true},
        {Severity::kLow, Severity::kNegligible, false},
    }));
    CAPTURE(hardrun::policy::severity_name(max), hardrun::policy::severity_name(severity));
    const auto summary = report({finding("CVE-1", severity)});
    const auto r = evaluate_gate(enforce(max), &summary, kImage, kNow);
    CHECK(r.pass == !blocks);
    CHECK(r.blocking.size() == (blocks ? 1u : 0u));
    CHECK(r.reason.empty() == !blocks);
}

TEST_CASE("evaluate_gate with fixable_only lets findings without a fix through", "[scan][gate]") {
    const auto summary = report(
        {finding("CVE-1", Severity::kCritical, ""), finding("CVE-2", Severity::kHigh, "2.0")});
    SECTION("fixable_only") {
        const auto r = evaluate_gate(enforce(Severity::kMedium, true), &summary, kImage, kNow);
        CHECK_FALSE(r.pass);
        REQUIRE(r.blocking.size() == 1);
        CHECK(r.blocking[0].id == "CVE-2");
    }
    SECTION("every finding") {
        const auto r = evaluate_gate(enforce(Severity::kMedium, false), &summary, kImage, kNow);
        CHECK(r.blocking.size() == 2);
        CHECK_THAT(r.reason, Catch::Contains("CVE-1 (pkg 1.0, critical, no fix)"));
    }
}

TEST_CASE("evaluate_gate's reason names the image and the most severe findings first",
          "[scan][gate]") {
    const auto summary =
        report({finding("CVE-2023-2", Severity::kHigh, "2.0"),
                Finding{"CVE-2023-1", "openssl", "3.0.1", Severity::kCritical, "3.0.2"},
                finding("CVE-2023-3", Severity::kUnknown, "9")});
    const auto r = evaluate_gate(enforce(), &summary, kImage, kNow);
    CHECK_FALSE(r.pass);
    CHECK(r.reason == "image " + kImage +
                          " has 3 vulnerabilities above medium with a fix: "
                          "CVE-2023-1 (openssl 3.0.1, critical, fixed in 3.0.2), CVE-2023-2 (pkg "
                          "1.0, high, fixed in 2.0), "
                          "CVE-2023-3 (pkg 1.0, unknown, ranked high, fixed in 9)");
}

TEST_CASE("evaluate_gate lists at most five findings, then how many more", "[scan][gate]") {
    std::vector<Finding> many;
    for (int i = 0; i < 8; ++i) {
        many.push_back(finding("CVE-" + std::to_string(i), Severity::kHigh));
    }
    const auto summary = report(many);
    const auto r = evaluate_gate(enforce(), &summary, kImage, kNow);
    CHECK(r.blocking.size() == 8);
    CHECK_THAT(r.reason, Catch::Contains("has 8 vulnerabilities") && Catch::Contains("CVE-4 (") &&
                             Catch::EndsWith(", and 3 more"));
    CHECK_THAT(r.reason, !Catch::Contains("CVE-5"));
}

TEST_CASE("evaluate_gate honours allowlist entries until they expire", "[scan][gate]") {
    const auto summary = report(
        {finding("CVE-2024-1", Severity::kCritical), finding("CVE-2024-2", Severity::kHigh)});
    ScanGate gate = enforce();
    SECTION("an active entry excuses its finding and is noted") {
        gate.allowlist = {
            CveException{"cve-2024-1", kNow + kDay, "2026-11-21", "vendor says unreachable"}};
        const auto r = evaluate_gate(gate, &summary, kImage, kNow);
        CHECK_FALSE(r.pass);
        REQUIRE(r.blocking.size() == 1);
        CHECK(r.blocking[0].id == "CVE-2024-2");
        CHECK(r.notes ==
              std::vector<std::string>{
                  "CVE-2024-1 is allowlisted until 2026-11-21 (vendor says unreachable)"});
    }
    SECTION("entries for every blocking finding let the image run") {
        gate.allowlist = {CveException{"CVE-2024-1", kNow + 1, "x", ""},
                          CveException{"CVE-2024-2", kNow + 1, "x", ""}};
        const auto r = evaluate_gate(gate, &summary, kImage, kNow);
        CHECK(r.pass);
        CHECK(r.reason.empty());
        CHECK(r.notes.size() == 2);
    }
    SECTION("an expired entry does not count and is noted") {
        gate.allowlist = {CveException{"CVE-2024-1", kNow, "2026-11-20", "waiting for a fix"}};
        const auto r = evaluate_gate(gate, &summary, kImage, kNow);
        CHECK_FALSE(r.pass);
        CHECK(r.blocking.size() == 2);
        CHECK(r.notes ==
              std::vector<std::string>{"the allowlist entry for CVE-2024-1 (waiting for a fix) "
                                       "expired on 2026-11-20; it no longer applies"});
    }
    SECTION("an entry for a finding that does not block is not noted") {
        gate.allowlist = {CveException{"CVE-2024-9", kNow + kDay, "x", ""}};
        CHECK(evaluate_gate(gate, &summary, kImage, kNow).notes.empty());
    }
}

TEST_CASE("evaluate_gate refuses reports that are too old or undated", "[scan][gate]") {
    ScanGate gate = enforce();
    SECTION("older than max_age") {
        const auto summary = report({}, 12 * kDay);
        const auto r = evaluate_gate(gate, &summary, kImage, kNow);
        CHECK_FALSE(r.pass);
        CHECK(r.reason == "the trivy report for " + kImage +
                              " (from report.json) is 12 days old (created 2026-11-08T10:00:00Z); "
                              "the limit is 7 days");
    }
    SECTION("exactly max_age old") {
        const auto summary = report({}, 7 * kDay);
        CHECK(evaluate_gate(gate, &summary, kImage, kNow).pass);
    }
    SECTION("undated") {
        auto summary = report({});
        summary.created_at.reset();
        const auto r = evaluate_gate(gate, &summary, kImage, kNow);
        CHECK_FALSE(r.pass);
        CHECK_THAT(r.reason, Catch::Contains("does not say when it was made") &&
                                 Catch::Contains("the age limit of 7 days"));
    }
    SECTION("any age allowed") {
        gate.max_age_seconds = 0;
        auto summary = report({}, 400 * kDay);
        CHECK(evaluate_gate(gate, &summary, kImage, kNow).pass);
        summary.created_at.reset();
        CHECK(evaluate_gate(gate, &summary, kImage, kNow).pass);
    }
}

TEST_CASE("evaluate_gate refuses an image with no report, or a report without findings",
          "[scan][gate]") {
    const auto none = evaluate_gate(enforce(), nullptr, kImage, kNow);
    CHECK_FALSE(none.pass);
    CHECK(none.reason ==
          "no scan report for " + kImage + "; import one with hardrunctl scan import");
    auto summary = report({});
    summary.scanner = "cosign-vuln";
    summary.has_findings = false;
    const auto empty = evaluate_gate(enforce(), &summary, kImage, kNow);
    CHECK_FALSE(empty.pass);
    CHECK_THAT(empty.reason, Catch::Contains("cosign-vuln report for " + kImage) &&
                                 Catch::Contains("carries no scanner result"));
}

TEST_CASE("evaluate_gate in warn mode passes and says what would have blocked", "[scan][gate]") {
    ScanGate gate = enforce();
    gate.mode = GateMode::kWarn;
    const auto summary = report({finding("CVE-1", Severity::kCritical)});
    const auto r = evaluate_gate(gate, &summary, kImage, kNow);
    CHECK(r.pass);
    CHECK(r.blocking.size() == 1);
    CHECK_THAT(r.reason, Catch::Contains("CVE-1"));
    REQUIRE(r.notes.size() == 1);
    CHECK_THAT(r.notes[0], Catch::StartsWith("scan gate in warn mode") && Catch::Contains("CVE-1"));
    const auto none = evaluate_gate(gate, nullptr, kImage, kNow);
    CHECK(none.pass);
    CHECK_THAT(none.reason, Catch::StartsWith("no scan report"));
}

TEST_CASE("evaluate_gate with the gate off passes without looking", "[scan][gate]") {
    ScanGate gate = enforce();
    gate.mode = GateMode::kOff;
    const auto r = evaluate_gate(gate, nullptr, kImage, kNow);
    CHECK(r.pass);
    CHECK(r.reason.empty());
    CHECK(r.notes.empty());
}
