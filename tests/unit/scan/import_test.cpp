// SPDX-License-Identifier: Apache-2.0
#include "scan/import.hpp"

#include <unistd.h>

#include <catch2/catch.hpp>

#include "base/files.hpp"
#include "scan_support.hpp"
#include "temp_dir.hpp"

using hardrun::ErrorCode;
using hardrun::scan::Binding;
using hardrun::scan::describe_import;
using hardrun::scan::import_report;
using hardrun::scan::ImportRequest;
using hardrun::scan::load_summary;
namespace t = hardrun::testing;

namespace {

constexpr std::int64_t kNow = 1795170000;
const std::string kA = "sha256:" + std::string(64, 'a');
const std::string kB = "sha256:" + std::string(64, 'b');
const std::string kConfig2 = "sha256:" + std::string(64, '2');

ImportRequest request(const t::TempDir& cache, const std::string& fixture,
                      std::optional<std::string> image = {}) {
    return ImportRequest{t::scan_fixture_path(fixture), cache.path(), std::move(image), kNow};
}

}  // namespace

TEST_CASE("import binds a report to the manifest digests it names", "[scan][import]") {
    t::TempDir cache;
    auto r = import_report(request(cache, "trivy-repo-digests.json"));
    REQUIRE(r);
    CHECK(r->binding == Binding::kReportManifest);
    CHECK(r->paths.size() == 2);
    CHECK(r->summary.imported_at == kNow);
    CHECK(r->summary.source == "trivy-repo-digests.json");
    CHECK(describe_import(*r) ==
          "bound trivy report (4 findings, created 2026-11-20T10:00:00Z) to " + kA + ", " + kB +
              " (the report's manifest digests)");
    for (const auto& digest : {kA, kB}) {
        auto found = load_summary(cache.path(), {digest}, "", ::geteuid());
        REQUIRE(found);
        REQUIRE(found->has_value());
        CHECK(**found == r->summary);
    }
}

TEST_CASE("import binds a report to the --image digest", "[scan][import]") {
    t::TempDir cache;
    SECTION("a report naming no manifest digest") {
        auto r =
            import_report(request(cache, "trivy-config-only.json", "localhost:5000/app@" + kB));
        REQUIRE(r);
        CHECK(r->binding == Binding::kImageFlag);
        CHECK(r->summary.manifest_digests == std::vector<std::string>{kB});
        CHECK(r->summary.repositories == std::vector<std::string>{"localhost:5000/app"});
        CHECK_THAT(describe_import(*r), Catch::EndsWith("to " + kB + " (from --image)"));
        auto found = load_summary(cache.path(), {kB}, "", ::geteuid());
        REQUIRE(found);
        CHECK(found->has_value());
    }
    SECTION("one of the digests the report names") {
        auto r = import_report(request(cache, "trivy-repo-digests.json", "alpine@" + kB));
        REQUIRE(r);
        CHECK(r->summary.manifest_digests == std::vector<std::string>{kB});
        CHECK(r->paths.size() == 1);
    }
}

TEST_CASE("import falls back to the config digest when that is all the report names",
          "[scan][import]") {
    t::TempDir cache;
    auto r = import_report(request(cache, "trivy-config-only.json"));
    REQUIRE(r);
    CHECK(r->binding == Binding::kConfigOnly);
    CHECK(r->paths == std::vector<std::string>{cache.path() + "/scans/config/sha256/" +
                                               std::string(64, '2') + ".json"});
    CHECK_THAT(describe_import(*r), Catch::Contains("to config digest " + kConfig2 + " only"));
    auto found = load_summary(cache.path(), {kA}, kConfig2, ::geteuid());
    REQUIRE(found);
    CHECK(found->has_value());
}

TEST_CASE("import refuses what it cannot bind, and writes nothing", "[scan][import]") {
    t::TempDir cache;
    t::TempDir work;
    SECTION("a report naming no digest, without --image") {
        REQUIRE(hardrun::replace_file(
            work / "r.json", t::without_field("trivy-config-only.json", "/Metadata"), 0644));
        auto r = import_report(ImportRequest{work / "r.json", cache.path(), std::nullopt, kNow});
        REQUIRE_FALSE(r);
        CHECK(r.error().code() == ErrorCode::kInvalidArgument);
        CHECK_THAT(r.error().message(),
                   Catch::Contains("r.json: the report names no image digest; pass --image"));
    }
    SECTION("--image with a tag only") {
        auto r = import_report(request(cache, "trivy-config-only.json", "alpine:3.20"));
        REQUIRE_FALSE(r);
        CHECK_THAT(r.error().message(), Catch::Contains("has no @sha256:… digest"));
    }
    SECTION("--image that is not a reference") {
        auto r = import_report(request(cache, "trivy-config-only.json", "Not A Reference"));
        REQUIRE_FALSE(r);
        CHECK_THAT(r.error().message(), Catch::StartsWith("--image: image reference"));
    }
    SECTION("--image contradicting the report") {
        auto r = import_report(request(cache, "grype-image.json", "debian@" + kA));
        REQUIRE_FALSE(r);
        CHECK_THAT(r.error().message(), Catch::Contains("but the report is about"));
    }
    SECTION("a malformed report") {
        REQUIRE(hardrun::replace_file(
            work / "bad.json",
            t::with_field("grype-image.json", "/matches/0/vulnerability/severity", 3), 0644));
        auto r = import_report(ImportRequest{work / "bad.json", cache.path(), std::nullopt, kNow});
        REQUIRE_FALSE(r);
        CHECK(r.error().code() == ErrorCode::kInvalidSpec);
        CHECK_THAT(r.error().message(),
                   Catch::Contains(work / "bad.json") &&
                       Catch::Contains("/matches/0/vulnerability/severity must be a string"));
    }
    SECTION("a missing file") {
        auto r =
            import_report(ImportRequest{work / "absent.json", cache.path(), std::nullopt, kNow});
        REQUIRE_FALSE(r);
        CHECK(r.error().code() == ErrorCode::kNotFound);
    }
    auto anything = load_summary(cache.path(), {kA, kB}, kConfig2, ::geteuid());
    REQUIRE(anything);
    CHECK_FALSE(anything->has_value());
}

TEST_CASE("import describes a report without findings or creation time", "[scan][import]") {
    t::TempDir cache;
    t::TempDir work;
    auto text = t::with_field("cosign-vuln-predicate-grype.json", "/scanner/result", nullptr);
    REQUIRE(hardrun::replace_file(work / "p.json", text, 0644));
    auto r = import_report(ImportRequest{work / "p.json", cache.path(), "ghcr.io/x/y@" + kA, kNow});
    REQUIRE(r);
    CHECK(describe_import(*r) ==
          "bound cosign-vuln report (no scanner result, created 2026-11-20T03:01:00Z) to " + kA +
              " (from --image)");
}
