// SPDX-License-Identifier: Apache-2.0
// Every error path of the report parsers: one field of a good report removed or given the
// wrong type or value, and the error must name the file and that field's JSON pointer.
#include <catch2/catch.hpp>

#include "scan/report.hpp"
#include "scan_support.hpp"

using hardrun::ErrorCode;
using hardrun::scan::parse_report;
using nlohmann::json;
namespace t = hardrun::testing;

namespace {

struct Broken {
    std::string fixture;
    std::string pointer;
    json value;  // the sentinel "<remove>" removes the member
    std::string want;
};

std::string apply(const Broken& b) {
    if (b.value == "<remove>") return t::without_field(b.fixture, b.pointer);
    return t::with_field(b.fixture, b.pointer, b.value);
}

const std::string kTrivy = "trivy-repo-digests.json";
const std::string kGrype = "grype-image.json";
const std::string kStatement = "cosign-vuln-statement-trivy.json";
const std::string kPredicate = "cosign-vuln-predicate-grype.json";

}  // namespace

TEST_CASE("a malformed Trivy report is refused naming the field", "[scan][trivy][errors]") {
    const Broken b = GENERATE(values<Broken>({
        {kTrivy, "/SchemaVersion", 1, "/SchemaVersion must be 2"},
        {kTrivy, "/SchemaVersion", "2", "/SchemaVersion must be 2"},
        {kTrivy, "/Trivy", "0.57", "/Trivy must be an object"},
        {kTrivy, "/Trivy/Version", 57, "/Trivy/Version must be a string"},
        {kTrivy, "/CreatedAt", "yesterday", "/CreatedAt \"yesterday\" is not an RFC 3339 time"},
        {kTrivy, "/CreatedAt", 1700000000, "/CreatedAt must be a string"},
        {kTrivy, "/Metadata", json::array(), "/Metadata must be an object"},
        {kTrivy, "/Metadata/RepoDigests", "app@sha256:x", "/Metadata/RepoDigests must be an array"},
        {kTrivy, "/Metadata/RepoDigests/1", 7, "/Metadata/RepoDigests/1 must be a string"},
        {kTrivy, "/Metadata/RepoDigests/0", "app:1.0",
         "/Metadata/RepoDigests/0 \"app:1.0\" is not REPOSITORY@sha256:<hex>"},
        {kTrivy, "/Metadata/RepoDigests/0", "app@sha256:abc",
         "/Metadata/RepoDigests/0 \"app@sha256:abc\" does not end in"},
        {kTrivy, "/Metadata/RepoDigests/0", "UPPER@sha256:" + std::string(64, 'a'),
         "/Metadata/RepoDigests/0 image reference"},
        {kTrivy, "/Metadata/RepoTags/0", "Bad Tag", "/Metadata/RepoTags/0 image reference"},
        {kTrivy, "/Metadata/ImageID", "sha256:XYZ",
         "/Metadata/ImageID \"sha256:XYZ\" is not a sha256:<64 hex> digest"},
        {kTrivy, "/Results", json::object(), "/Results must be an array"},
        {kTrivy, "/Results/0", "x", "/Results/0 must be an object"},
        {kTrivy, "/Results/0/Vulnerabilities", json::object(),
         "/Results/0/Vulnerabilities must be an array"},
        {kTrivy, "/Results/2/Vulnerabilities/0", json::array(),
         "/Results/2/Vulnerabilities/0 must be an object"},
        {kTrivy, "/Results/0/Vulnerabilities/1/VulnerabilityID", "<remove>",
         "/Results/0/Vulnerabilities/1/VulnerabilityID is missing"},
        {kTrivy, "/Results/0/Vulnerabilities/1/VulnerabilityID", 5,
         "/Results/0/Vulnerabilities/1/VulnerabilityID must be a string"},
        {kTrivy, "/Results/0/Vulnerabilities/0/PkgName", "<remove>",
         "/Results/0/Vulnerabilities/0/PkgName is missing"},
        {kTrivy, "/Results/0/Vulnerabilities/0/InstalledVersion", 3,
         "/Results/0/Vulnerabilities/0/InstalledVersion must be a string"},
        {kTrivy, "/Results/0/Vulnerabilities/0/Severity", "<remove>",
         "/Results/0/Vulnerabilities/0/Severity is missing"},
        {kTrivy, "/Results/0/Vulnerabilities/0/Severity", "SEVERE",
         "/Results/0/Vulnerabilities/0/Severity \"SEVERE\" is not a severity"},
        {kTrivy, "/Results/0/Vulnerabilities/0/FixedVersion", json::array(),
         "/Results/0/Vulnerabilities/0/FixedVersion must be a string"},
    }));
    CAPTURE(b.pointer, b.value.dump());
    auto r = parse_report(apply(b), "trivy.json");
    REQUIRE_FALSE(r);
    CHECK(r.error().code() == ErrorCode::kInvalidSpec);
    CHECK_THAT(r.error().message(), Catch::StartsWith("trivy.json: ") && Catch::Contains(b.want));
}

TEST_CASE("a malformed Grype report is refused naming the field", "[scan][grype][errors]") {
    const Broken b = GENERATE(values<Broken>({
        {kGrype, "/descriptor", "<remove>", "/descriptor is missing"},
        {kGrype, "/descriptor", "grype", "/descriptor must be an object"},
        {kGrype, "/descriptor/version", 1, "/descriptor/version must be a string"},
        {kGrype, "/descriptor/timestamp", "2026-11-20",
         "/descriptor/timestamp \"2026-11-20\" is not an RFC 3339 time"},
        {kGrype, "/descriptor/timestamp", 0, "/descriptor/timestamp must be a string"},
        {kGrype, "/matches", json::object(), "/matches must be an array"},
        {kGrype, "/matches", nullptr, "/matches is missing"},
        {kGrype, "/matches/1", 1, "/matches/1 must be an object"},
        {kGrype, "/matches/0/vulnerability", "<remove>", "/matches/0/vulnerability is missing"},
        {kGrype, "/matches/0/vulnerability", "CVE", "/matches/0/vulnerability must be an object"},
        {kGrype, "/matches/0/vulnerability/id", "<remove>",
         "/matches/0/vulnerability/id is missing"},
        {kGrype, "/matches/0/vulnerability/severity", "Bad",
         "/matches/0/vulnerability/severity \"Bad\" is not a severity"},
        {kGrype, "/matches/0/vulnerability/severity", "<remove>",
         "/matches/0/vulnerability/severity is missing"},
        {kGrype, "/matches/0/vulnerability/fix", "yes",
         "/matches/0/vulnerability/fix must be an object"},
        {kGrype, "/matches/0/vulnerability/fix/state", 1,
         "/matches/0/vulnerability/fix/state must be a string"},
        {kGrype, "/matches/0/vulnerability/fix/versions", "1.0",
         "/matches/0/vulnerability/fix/versions must be an array"},
        {kGrype, "/matches/0/vulnerability/fix/versions/0", 1,
         "/matches/0/vulnerability/fix/versions/0 must be a string"},
        {kGrype, "/matches/0/artifact", "<remove>", "/matches/0/artifact is missing"},
        {kGrype, "/matches/0/artifact/name", "<remove>", "/matches/0/artifact/name is missing"},
        {kGrype, "/matches/0/artifact/version", 2, "/matches/0/artifact/version must be a string"},
        {kGrype, "/source", "image", "/source must be an object"},
        {kGrype, "/source/type", 1, "/source/type must be a string"},
        {kGrype, "/source/target", "<remove>", "/source/target is missing"},
        {kGrype, "/source/target", "debian:12", "/source/target must be an object"},
        {kGrype, "/source/target/manifestDigest", "sha256:1",
         "/source/target/manifestDigest \"sha256:1\" is not a sha256:<64 hex> digest"},
        {kGrype, "/source/target/imageID", "md5:1", "/source/target/imageID \"md5:1\" is not"},
        {kGrype, "/source/target/repoDigests/0", "debian",
         "/source/target/repoDigests/0 \"debian\" is not REPOSITORY@sha256:<hex>"},
        {kGrype, "/source/target/tags", "debian:12", "/source/target/tags must be an array"},
        {kGrype, "/source/target/tags/0", "-bad", "/source/target/tags/0 image reference"},
    }));
    CAPTURE(b.pointer, b.value.dump());
    auto r = parse_report(apply(b), "grype.json");
    REQUIRE_FALSE(r);
    CHECK(r.error().code() == ErrorCode::kInvalidSpec);
    CHECK_THAT(r.error().message(), Catch::StartsWith("grype.json: ") && Catch::Contains(b.want));
}

TEST_CASE("a malformed cosign vuln attestation is refused naming the field",
          "[scan][cosign][errors]") {
    const Broken b = GENERATE(values<Broken>({
        {kStatement, "/_type", "<remove>", "/_type is missing"},
        {kStatement, "/_type", "https://example.com/Statement",
         "/_type \"https://example.com/Statement\" is not an in-toto"},
        {kStatement, "/predicateType", "https://slsa.dev/provenance/v1",
         "/predicateType \"https://slsa.dev/provenance/v1\" is not "
         "https://cosign.sigstore.dev/attestation/vuln/v1"},
        {kStatement, "/predicateType", 1, "/predicateType must be a string"},
        {kStatement, "/subject", "<remove>", "/subject is missing"},
        {kStatement, "/subject", json::object(), "/subject must be an array"},
        {kStatement, "/subject/0", "x", "/subject/0 must be an object"},
        {kStatement, "/subject/0/digest", "<remove>", "/subject/0/digest is missing"},
        {kStatement, "/subject/0/digest/sha256", "ABC",
         "/subject/0/digest/sha256 \"ABC\" is not 64 lower-case hex digits"},
        {kStatement, "/subject/0/digest/sha256", 1, "/subject/0/digest/sha256 must be a string"},
        {kStatement, "/subject/0/name", 1, "/subject/0/name must be a string"},
        {kStatement, "/predicate", "<remove>", "/predicate is missing"},
        {kStatement, "/predicate/scanner", "<remove>", "/predicate/scanner is missing"},
        {kStatement, "/predicate/scanner/uri", "<remove>", "/predicate/scanner/uri is missing"},
        {kStatement, "/predicate/scanner/version", 1,
         "/predicate/scanner/version must be a string"},
        {kStatement, "/predicate/invocation", "x", "/predicate/invocation must be an object"},
        {kStatement, "/predicate/metadata", "<remove>", "/predicate/metadata is missing"},
        {kStatement, "/predicate/metadata/scanFinishedOn", "<remove>",
         "/predicate/metadata/scanFinishedOn is missing"},
        {kStatement, "/predicate/metadata/scanFinishedOn", "soon",
         "/predicate/metadata/scanFinishedOn \"soon\" is not an RFC 3339 time"},
        {kStatement, "/predicate/metadata/scanStartedOn", 5,
         "/predicate/metadata/scanStartedOn must be a string"},
        {kStatement, "/predicate/scanner/result", "report",
         "/predicate/scanner/result is not a Trivy or Grype JSON report"},
        {kStatement, "/predicate/scanner/result", json{{"runs", json::array()}},
         "/predicate/scanner/result is not a Trivy or Grype"},
        {kStatement, "/predicate/scanner/result/Results/0/Vulnerabilities/0/Severity", "x",
         "/predicate/scanner/result/Results/0/Vulnerabilities/0/Severity \"x\" is not a severity"},
        {kPredicate, "/scanner/result/matches/0/artifact", "<remove>",
         "/scanner/result/matches/0/artifact is missing"},
        {kPredicate, "/metadata", "x", "/metadata must be an object"},
        {kPredicate, "/scanner", json::array(), "/scanner must be an object"},
    }));
    CAPTURE(b.fixture, b.pointer, b.value.dump());
    auto r = parse_report(apply(b), "attestation.json");
    REQUIRE_FALSE(r);
    CHECK(r.error().code() == ErrorCode::kInvalidSpec);
    CHECK_THAT(r.error().message(),
               Catch::StartsWith("attestation.json: ") && Catch::Contains(b.want));
}
