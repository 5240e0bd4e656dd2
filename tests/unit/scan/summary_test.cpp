// SPDX-License-Identifier: Apache-2.0
#include "scan/summary.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "base/files.hpp"
#include "scan_support.hpp"
#include "temp_dir.hpp"

using hardrun::ErrorCode;
using hardrun::policy::Severity;
using hardrun::scan::load_summary;
using hardrun::scan::parse_summary;
using hardrun::scan::ScanSummary;
using hardrun::scan::store_summary;
using hardrun::scan::summary_to_json;
using nlohmann::json;
namespace t = hardrun::testing;

namespace {

const std::string kManifest = "sha256:" + std::string(64, 'a');
const std::string kOther = "sha256:" + std::string(64, 'b');
const std::string kConfig = "sha256:" + std::string(64, 'c');

ScanSummary sample() {
    ScanSummary s;
    s.scanner = "trivy";
    s.scanner_version = "0.57.1";
    s.created_at = 1795168800;
    s.imported_at = 1795170000;
    s.source = "report.json";
    s.manifest_digests = {kManifest};
    s.config_digest = kConfig;
    s.repositories = {"docker.io/library/alpine"};
    s.findings = {{"CVE-2024-0001", "openssl", "3.0.1", Severity::kCritical, "3.0.2"},
                  {"CVE-2024-0002", "bash", "5.2", Severity::kUnknown, ""}};
    return s;
}

}  // namespace

TEST_CASE("a summary survives its JSON form unchanged", "[scan][summary]") {
    ScanSummary s = sample();
    SECTION("with a creation time") {}
    SECTION("without a creation time or findings list") {
        s.created_at.reset();
        s.has_findings = false;
        s.findings.clear();
    }
    auto back = parse_summary(summary_to_json(s), "s.json");
    REQUIRE(back);
    CHECK(*back == s);
}

TEST_CASE("a summary stores each finding as [id, package, installed, severity, fixed]",
          "[scan][summary]") {
    const auto doc = json::parse(summary_to_json(sample()));
    CHECK(doc["format"] == 1);
    CHECK(doc["findings"][0] ==
          json::array({"CVE-2024-0001", "openssl", "3.0.1", "critical", "3.0.2"}));
    CHECK(doc["findings"][1] == json::array({"CVE-2024-0002", "bash", "5.2", "unknown", ""}));
}

TEST_CASE("a malformed summary is refused naming the file and field", "[scan][summary]") {
    const auto [pointer, value, want] = GENERATE(table<std::string, json, std::string>({
        {"/format", 2, "/format is 2, this hardrun reads 1"},
        {"/format", nullptr, "/format is missing"},
        {"/scanner", 1, "/scanner must be a string"},
        {"/scanner_version", nullptr, "/scanner_version is missing"},
        {"/source", json::array(), "/source must be a string"},
        {"/imported_at", "now", "/imported_at must be an integer"},
        {"/created_at", 1.5, "/created_at must be an integer"},
        {"/manifest_digests", json::array({"sha256:1"}), "/manifest_digests holds \"sha256:1\""},
        {"/config_digest", "x", "/config_digest \"x\" is not a sha256"},
        {"/repositories", "x", "/repositories must be an array"},
        {"/has_findings", "yes", "/has_findings must be a boolean"},
        {"/findings", json::object(), "/findings must be an array"},
        {"/findings/1", json::object(),
         "/findings/1 must be [id, package, installed, severity, fixed]"},
        {"/findings/1", json::array({"a", "b", "c", "high"}),
         "/findings/1 must be [id, package, installed"},
        {"/findings/0/0", nullptr, "/findings/0/0 must be a string"},
        {"/findings/0/1", 1, "/findings/0/1 must be a string"},
        {"/findings/0/3", "urgent", "/findings/0/3 \"urgent\" is not a severity"},
        {"/findings/1/4", false, "/findings/1/4 must be a string"},
    }));
    auto doc = json::parse(summary_to_json(sample()));
    doc[json::json_pointer(pointer)] = value;
    auto back = parse_summary(doc.dump(), "s.json");
    REQUIRE_FALSE(back);
    CHECK(back.error().code() == ErrorCode::kInvalidSpec);
    CHECK_THAT(back.error().message(), Catch::StartsWith("s.json: ") && Catch::Contains(want));
}

TEST_CASE("a summary that is not a JSON object is refused", "[scan][summary]") {
    CHECK_THAT(parse_summary("[]", "s.json").error().message(),
               Catch::Contains("s.json: / must be an object"));
    CHECK_THAT(parse_summary("{", "s.json").error().message(),
               Catch::Contains("s.json: not valid JSON"));
}

TEST_CASE("a stored summary is found by manifest digest, then by config digest",
          "[scan][summary][files]") {
    t::TempDir dir;
    const uid_t me = ::geteuid();
    ScanSummary s = sample();
    SECTION("manifest digest") {
        auto paths = store_summary(dir.path(), s);
        REQUIRE(paths);
        CHECK(*paths == std::vector<std::string>{dir.path() + "/scans/sha256/" +
                                                 std::string(64, 'a') + ".json"});
        auto found = load_summary(dir.path(), {kOther, kManifest}, "", me);
        REQUIRE(found);
        REQUIRE(found->has_value());
        CHECK(**found == s);
        struct stat st {};
        REQUIRE(::stat((dir.path() + "/scans/sha256").c_str(), &st) == 0);
        CHECK((st.st_mode & 07777) == 0700);
        REQUIRE(::stat((*paths)[0].c_str(), &st) == 0);
        CHECK((st.st_mode & 07777) == 0644);
    }
    SECTION("config digest only") {
        s.manifest_digests.clear();
        auto paths = store_summary(dir.path(), s);
        REQUIRE(paths);
        CHECK(*paths == std::vector<std::string>{dir.path() + "/scans/config/sha256/" +
                                                 std::string(64, 'c') + ".json"});
        auto found = load_summary(dir.path(), {kManifest}, kConfig, me);
        REQUIRE(found);
        REQUIRE(found->has_value());
        CHECK((*found)->config_digest == kConfig);
        auto by_manifest_only = load_summary(dir.path(), {kManifest}, "", me);
        REQUIRE(by_manifest_only);
        CHECK_FALSE(by_manifest_only->has_value());
    }
}

TEST_CASE("no summary is found where none is stored", "[scan][summary][files]") {
    t::TempDir dir;
    SECTION("no cache directory") {
        auto found = load_summary(dir / "absent", {kManifest}, kConfig, ::geteuid());
        REQUIRE(found);
        CHECK_FALSE(found->has_value());
    }
    SECTION("another digest's summary") {
        REQUIRE(store_summary(dir.path(), sample()));
        auto found = load_summary(dir.path(), {kOther}, "", ::geteuid());
        REQUIRE(found);
        CHECK_FALSE(found->has_value());
    }
}

TEST_CASE("a summary nobody but its trusted owner could write is the only one loaded",
          "[scan][summary][files]") {
    t::TempDir dir;
    REQUIRE(store_summary(dir.path(), sample()));
    const std::string file = dir.path() + "/scans/sha256/" + std::string(64, 'a') + ".json";
    const uid_t me = ::geteuid();
    SECTION("owned by someone else") {
        // Asking for another owner is the same refusal as a file another user wrote.
        auto found = load_summary(dir.path(), {kManifest}, "", me + 1);
        REQUIRE_FALSE(found);
        CHECK_THAT(found.error().message(),
                   Catch::Contains("is owned by uid " + std::to_string(me) + ", not uid " +
                                   std::to_string(me + 1)));
    }
    SECTION("writable by its group") {
        REQUIRE(::chmod(file.c_str(), 0664) == 0);
        auto found = load_summary(dir.path(), {kManifest}, "", me);
        REQUIRE_FALSE(found);
        CHECK_THAT(found.error().message(), Catch::Contains(file + " is writable by its group"));
    }
    SECTION("writable by other users") {
        REQUIRE(::chmod(file.c_str(), 0646) == 0);
        auto found = load_summary(dir.path(), {kManifest}, "", me);
        REQUIRE_FALSE(found);
        CHECK_THAT(found.error().message(), Catch::Contains(file + " is writable by other users"));
    }
    SECTION("in a directory other users may write") {
        REQUIRE(::chmod((dir.path() + "/scans/sha256").c_str(), 0777) == 0);
        auto found = load_summary(dir.path(), {kManifest}, "", me);
        REQUIRE_FALSE(found);
        CHECK_THAT(found.error().message(),
                   Catch::Contains("/scans/sha256 is writable by other users"));
    }
    SECTION("a symbolic link") {
        REQUIRE(::rename(file.c_str(), (dir / "real.json").c_str()) == 0);
        REQUIRE(::symlink((dir / "real.json").c_str(), file.c_str()) == 0);
        auto found = load_summary(dir.path(), {kManifest}, "", me);
        REQUIRE_FALSE(found);
        CHECK_THAT(found.error().message(), Catch::Contains("is a symbolic link"));
    }
    SECTION("malformed") {
        REQUIRE(hardrun::replace_file(file, "{}", 0644));
        auto found = load_summary(dir.path(), {kManifest}, "", me);
        REQUIRE_FALSE(found);
        CHECK(found.error().code() == ErrorCode::kInvalidSpec);
        CHECK_THAT(found.error().message(), Catch::Contains(file + ": /format is missing"));
    }
}

TEST_CASE("summaries are keyed by well-formed digests only", "[scan][summary][files]") {
    t::TempDir dir;
    auto found = load_summary(dir.path(), {"sha256:../../etc/passwd"}, "", ::geteuid());
    REQUIRE_FALSE(found);
    CHECK(found.error().code() == ErrorCode::kInvalidArgument);
    auto bad_config = load_summary(dir.path(), {}, "sha256:1", ::geteuid());
    REQUIRE_FALSE(bad_config);
    ScanSummary s = sample();
    s.manifest_digests.clear();
    s.config_digest.clear();
    auto stored = store_summary(dir.path(), s);
    REQUIRE_FALSE(stored);
    CHECK_THAT(stored.error().message(), Catch::Contains("names no image digest"));
}
