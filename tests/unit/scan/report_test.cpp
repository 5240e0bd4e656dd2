// SPDX-License-Identifier: Apache-2.0
// The report parsers over reports shaped as Trivy, Grype and cosign write them
// (tests/fixtures/scan), and every error path with one field broken.
#include "scan/report.hpp"

#include <catch2/catch.hpp>

#include "scan_support.hpp"

using hardrun::ErrorCode;
using hardrun::policy::Severity;
using hardrun::scan::Finding;
using hardrun::scan::parse_report;
using nlohmann::json;
namespace t = hardrun::testing;

namespace {

const std::string kA = "sha256:" + std::string(64, 'a');
const std::string kB = "sha256:" + std::string(64, 'b');

hardrun::scan::ScanReport parsed(const std::string& fixture) {
    auto report = parse_report(t::scan_fixture(fixture), fixture);
    INFO((report ? "" : report.error().message()));
    REQUIRE(report);
    return *report;
}

}  // namespace

TEST_CASE("a Trivy report gives its version, time, digests, repositories and findings",
          "[scan][trivy]") {
    const auto r = parsed("trivy-repo-digests.json");
    CHECK(r.scanner == "trivy");
    CHECK(r.scanner_version == "0.57.1");
    CHECK(r.created_at == 1795168800);  // 11:30:00.123456789+01:30
    CHECK(r.manifest_digests == std::vector<std::string>{kA, kB});
    CHECK(r.config_digest == "sha256:" + std::string(64, '1'));
    CHECK(r.repositories == std::vector<std::string>{"registry.example.com:5000/team/app",
                                                     "docker.io/library/alpine"});
    CHECK(r.has_findings);
    REQUIRE(r.findings.size() == 4);
    CHECK(r.findings[0] == Finding{"CVE-2024-0001", "openssl", "3.0.11-1~deb12u2",
                                   Severity::kCritical, "3.0.15-1~deb12u1"});
    CHECK(r.findings[1] == Finding{"CVE-2024-0002", "bash", "5.2.15-2+b7", Severity::kLow, ""});
    CHECK(r.findings[2] ==
          Finding{"CVE-2024-0003", "zlib1g", "1:1.2.13.dfsg-1", Severity::kUnknown, ""});
    CHECK(r.findings[3] == Finding{"GHSA-xxxx-yyyy-zzzz", "org.example:lib", "1.0.0",
                                   Severity::kMedium, "1.0.1, 1.1.0"});
}

TEST_CASE("a Trivy report may leave out what Trivy omits when empty", "[scan][trivy]") {
    SECTION("no CreatedAt: the age is unknown") {
        auto r = parse_report(t::without_field("trivy-repo-digests.json", "/CreatedAt"), "r.json");
        REQUIRE(r);
        CHECK_FALSE(r->created_at.has_value());
    }
    SECTION("no Results: no findings, but a findings list") {
        auto r = parse_report(t::scan_fixture("trivy-config-only.json"), "r.json");
        REQUIRE(r);
        CHECK(r->findings.empty());
        CHECK(r->has_findings);
        CHECK(r->manifest_digests.empty());
        CHECK(r->config_digest == "sha256:" + std::string(64, '2'));
    }
    SECTION("no Metadata, InstalledVersion or FixedVersion") {
        auto text = t::with_field("trivy-repo-digests.json", "/Metadata", nullptr);
        auto doc = json::parse(text);
        doc["Results"][0]["Vulnerabilities"][0].erase("InstalledVersion");
        doc["Results"][0]["Vulnerabilities"][0].erase("FixedVersion");
        auto r = parse_report(doc.dump(), "r.json");
        REQUIRE(r);
        CHECK(r->manifest_digests.empty());
        CHECK(r->config_digest.empty());
        CHECK(r->findings[0].installed_version.empty());
        CHECK(r->findings[0].fixed_version.empty());
    }
}

TEST_CASE("a Grype report gives its descriptor, image target and matches", "[scan][grype]") {
    const auto r = parsed("grype-image.json");
    CHECK(r.scanner == "grype");
    CHECK(r.scanner_version == "0.84.0");
    CHECK(r.created_at == 1795144530);  // 2026-11-19T22:15:30.5-05:00
    CHECK(r.manifest_digests == std::vector<std::string>{"sha256:" + std::string(64, '5'),
                                                         "sha256:" + std::string(64, '6')});
    CHECK(r.config_digest == "sha256:" + std::string(64, '4'));
    CHECK(r.repositories == std::vector<std::string>{"docker.io/library/debian"});
    REQUIRE(r.findings.size() == 4);
    CHECK(r.findings[0] ==
          Finding{"CVE-2025-1000", "libc6", "2.36-9+deb12u4", Severity::kHigh, "2.36-9+deb12u9"});
    CHECK(r.findings[1] ==
          Finding{"CVE-2025-1001", "coreutils", "9.1-1", Severity::kNegligible, ""});
    CHECK(r.findings[2] == Finding{"GHSA-aaaa-bbbb-cccc", "example-lib", "1.1.1",
                                   Severity::kCritical, "1.2.1, 2.1.3"});
    // Versions under a state other than "fixed" are not a fix.
    CHECK(r.findings[3] == Finding{"CVE-2025-1002", "tar", "1.34", Severity::kUnknown, ""});
}

TEST_CASE("Grype fix states decide whether a finding has a fix", "[scan][grype]") {
    const auto [state, versions, want] = GENERATE(table<std::string, json, std::string>({
        {"fixed", json::array({"1.0"}), "1.0"},
        {"fixed", json::array(), "a version the report does not name"},
        {"not-fixed", json::array({"1.0"}), ""},
        {"wont-fix", json::array(), ""},
        {"unknown", json::array(), ""},
        {"", json::array(), ""},
    }));
    CAPTURE(state);
    auto r = parse_report(t::with_field("grype-image.json", "/matches/0/vulnerability/fix",
                                        json{{"state", state}, {"versions", versions}}),
                          "g.json");
    REQUIRE(r);
    CHECK(r->findings[0].fixed_version == want);
}

TEST_CASE("a Grype report with a blank timestamp or a directory source is accepted",
          "[scan][grype]") {
    SECTION("blank timestamp: the age is unknown") {
        auto r =
            parse_report(t::with_field("grype-image.json", "/descriptor/timestamp", ""), "g.json");
        REQUIRE(r);
        CHECK_FALSE(r->created_at.has_value());
    }
    SECTION("directory source: no digests") {
        auto r = parse_report(t::with_field("grype-image.json", "/source",
                                            json{{"type", "directory"}, {"target", "/src"}}),
                              "g.json");
        REQUIRE(r);
        CHECK(r->manifest_digests.empty());
        CHECK(r->config_digest.empty());
    }
    SECTION("no fix object: no fix") {
        auto r = parse_report(t::without_field("grype-image.json", "/matches/0/vulnerability/fix"),
                              "g.json");
        REQUIRE(r);
        CHECK(r->findings[0].fixed_version.empty());
    }
}

TEST_CASE("a cosign vuln statement gives its subjects, scan time and the Trivy findings it carries",
          "[scan][cosign]") {
    const auto r = parsed("cosign-vuln-statement-trivy.json");
    CHECK(r.scanner == "cosign-vuln");
    CHECK(r.scanner_version == "0.50.0");
    CHECK(r.created_at == 1795168805);  // metadata.scanFinishedOn
    CHECK(r.manifest_digests == std::vector<std::string>{"sha256:" + std::string(64, '7')});
    CHECK(r.config_digest == "sha256:" + std::string(64, '2'));
    CHECK(r.repositories == std::vector<std::string>{"ghcr.io/example/app"});
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0] ==
          Finding{"CVE-2025-2000", "musl", "1.2.5-r0", Severity::kHigh, "1.2.5-r1"});
}

TEST_CASE("a bare cosign vuln predicate gives the Grype report's digests and findings",
          "[scan][cosign]") {
    const auto r = parsed("cosign-vuln-predicate-grype.json");
    CHECK(r.scanner == "cosign-vuln");
    CHECK(r.created_at == 1795143660);
    CHECK(r.manifest_digests.size() == 2);
    CHECK(r.findings.size() == 4);
    CHECK(r.has_findings);
}

TEST_CASE("a cosign vuln predicate without a scanner result has no findings list",
          "[scan][cosign]") {
    auto r = parse_report(
        t::with_field("cosign-vuln-predicate-grype.json", "/scanner/result", nullptr), "p.json");
    REQUIRE(r);
    CHECK_FALSE(r->has_findings);
    CHECK(r->findings.empty());
    CHECK(r->manifest_digests.empty());
}

TEST_CASE("a cosign vuln predicate with an empty scanner version names the inner scanner",
          "[scan][cosign]") {
    auto r = parse_report(t::with_field("cosign-vuln-predicate-grype.json", "/scanner/version", ""),
                          "p.json");
    REQUIRE(r);
    CHECK(r->scanner_version == "grype 0.84.0");
}

TEST_CASE("a report that is not one of the formats is refused with what it is not",
          "[scan][report]") {
    const auto [text, want] = GENERATE(table<std::string, std::string>({
        {"", "x.json: not valid JSON at byte 1"},
        {"{\"SchemaVersion\": 2,", "x.json: not valid JSON at byte"},
        {"[]",
         "x.json: not a Trivy (SchemaVersion 2) or Grype JSON report, nor a cosign vuln "
         "attestation"},
        {"{\"a\": 1}", "not a Trivy"},
        {"{\"payloadType\": \"application/vnd.in-toto+json\", \"payload\": \"\", \"signatures\": "
         "[]}",
         "x.json: a DSSE envelope: verify the attestation and import the in-toto statement it "
         "carries"},
    }));
    auto r = parse_report(text, "x.json");
    REQUIRE_FALSE(r);
    CHECK(r.error().code() == ErrorCode::kInvalidSpec);
    CHECK_THAT(r.error().message(), Catch::Contains(want));
}

TEST_CASE("a report over 64 MiB is refused before parsing", "[scan][report]") {
    const std::string big(hardrun::scan::kMaxReportBytes + 1, ' ');
    auto r = parse_report(big, "big.json");
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message(), Catch::Contains("big.json: larger than 67108864 bytes"));
}
