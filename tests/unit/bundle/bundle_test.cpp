// SPDX-License-Identifier: Apache-2.0
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "base/files.hpp"
#include "bundle/bundle.hpp"
#include "temp_dir.hpp"

using hardrun::testing::TempDir;

TEST_CASE("load_bundle reads config.json and store_spec replaces it keeping its mode", "[bundle]") {
    TempDir dir;
    REQUIRE(hardrun::replace_file(dir / "config.json", R"({"ociVersion":"1.0.2","z":1,"a":2})", 0640));
    auto bundle = hardrun::bundle::load_bundle(dir.path());
    REQUIRE(bundle);
    CHECK(bundle->mode == 0640);
    bundle->spec["process"] = {{"noNewPrivileges", true}};
    REQUIRE(hardrun::bundle::store_spec(*bundle, bundle->spec));
    auto text = hardrun::read_file(dir / "config.json", 1 << 20);
    REQUIRE(text);
    CHECK(*text == R"({"ociVersion":"1.0.2","z":1,"a":2,"process":{"noNewPrivileges":true}})");
    struct stat st {};
    REQUIRE(::stat((dir / "config.json").c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0640);
    // No temporary file is left beside it.
    CHECK(::access((dir / ".config.json.hardrun-0").c_str(), F_OK) != 0);
}

TEST_CASE("load_bundle refuses what an engine never writes", "[bundle]") {
    TempDir dir;
    TempDir elsewhere;
    SECTION("config.json as a symbolic link is not followed") {
        REQUIRE(hardrun::replace_file(elsewhere / "real.json", "{}", 0644));
        REQUIRE(::symlink((elsewhere / "real.json").c_str(), (dir / "config.json").c_str()) == 0);
        auto bundle = hardrun::bundle::load_bundle(dir.path());
        REQUIRE_FALSE(bundle);
        CHECK_THAT(bundle.error().message(), Catch::Contains("symbolic link"));
    }
    SECTION("a missing config.json names the bundle") {
        auto bundle = hardrun::bundle::load_bundle(dir.path());
        REQUIRE_FALSE(bundle);
        CHECK_THAT(bundle.error().message(), Catch::Contains(dir.path() + "/config.json"));
    }
    SECTION("a directory named config.json") {
        REQUIRE(::mkdir((dir / "config.json").c_str(), 0755) == 0);
        REQUIRE_FALSE(hardrun::bundle::load_bundle(dir.path()));
    }
    SECTION("JSON that is not an object") {
        REQUIRE(hardrun::replace_file(dir / "config.json", "[1,2]", 0644));
        auto bundle = hardrun::bundle::load_bundle(dir.path());
        REQUIRE_FALSE(bundle);
        CHECK_THAT(bundle.error().message(), Catch::Contains("must be a JSON object"));
    }
    SECTION("truncated JSON names the byte") {
        REQUIRE(hardrun::replace_file(dir / "config.json", R"({"process": {)", 0644));
        auto bundle = hardrun::bundle::load_bundle(dir.path());
        REQUIRE_FALSE(bundle);
        CHECK_THAT(bundle.error().message(), Catch::Contains("not valid JSON at byte"));
    }
    SECTION("a bundle that does not exist") {
        REQUIRE_FALSE(hardrun::bundle::load_bundle(dir / "absent"));
    }
}
