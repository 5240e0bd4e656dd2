// SPDX-License-Identifier: Apache-2.0
#include "registry/credentials.hpp"

#include <catch2/catch.hpp>
#include <fstream>

#include "temp_dir.hpp"
#include "trust/base64.hpp"

using namespace hardrun::registry;
using hardrun::testing::TempDir;

namespace {

std::string auth(const std::string& user_password) { return hardrun::trust::base64_encode(user_password); }

std::string file_with(const std::string& key, const std::string& user_password) {
    return R"({"auths":{")" + key + R"(":{"auth":")" + auth(user_password) + R"("}}})";
}

}  // namespace

TEST_CASE("credentials are found by registry, by repository prefix and by Docker Hub URL", "[registry][credentials]") {
    const auto [key, repository] = GENERATE(table<std::string, std::string>({
        {"quay.io", "quay.io/team/app"},
        {"127.0.0.1:5000", "127.0.0.1:5000/app"},
        {"quay.io/team", "quay.io/team/app"},
        {"quay.io/team/app", "quay.io/team/app"},
        {"https://index.docker.io/v1/", "docker.io/library/busybox"},
        {"registry-1.docker.io", "docker.io/library/busybox"},
        {"https://registry.example.com", "registry.example.com/x"},
    }));
    auto found = find_credentials(file_with(key, "alice:s3cr:et"), "auth.json", repository);
    REQUIRE(found);
    REQUIRE(*found);
    CHECK((*found)->username == "alice");
    CHECK((*found)->password == "s3cr:et");
    CHECK((*found)->source == "auth.json: auths[\"" + key + "\"]");
}

TEST_CASE("no credentials for another registry or a sibling path", "[registry][credentials]") {
    for (const auto& [key, repository] : std::vector<std::pair<std::string, std::string>>{
             {"quay.io", "quay.io.evil.example/app"},
             {"quay.io/team", "quay.io/teamster/app"},
             {"127.0.0.1:5000", "127.0.0.1:5001/app"},
             {"quay.io/team/app/sub", "quay.io/team/app"}}) {
        auto found = find_credentials(file_with(key, "a:b"), "auth.json", repository);
        REQUIRE(found);
        CHECK_FALSE(*found);
    }
    CHECK_FALSE(*find_credentials(R"({"credsStore":"desktop"})", "config.json", "quay.io/x"));
    CHECK_FALSE(*find_credentials(R"({"auths":{"quay.io":{"identitytoken":"t"}}})", "config.json", "quay.io/x"));
}

TEST_CASE("the longest matching key wins", "[registry][credentials]") {
    const std::string text = R"({"auths":{"quay.io":{"auth":")" + auth("wide:1") + R"("},"quay.io/team":{"auth":")" +
                             auth("narrow:2") + R"("}}})";
    CHECK((*find_credentials(text, "a", "quay.io/team/app"))->username == "narrow");
    CHECK((*find_credentials(text, "a", "quay.io/other/app"))->username == "wide");
}

TEST_CASE("malformed credential files are errors naming the file and the key", "[registry][credentials]") {
    const auto [text, why] = GENERATE(table<std::string, std::string>({
        {"{", "a.json"},
        {R"({"auths":[]})", "a.json: auths must be an object"},
        {R"({"auths":{"quay.io":"x"}})", "a.json: auths[\"quay.io\"] must be an object"},
        {R"({"auths":{"quay.io":{"auth":5}}})", "auths[\"quay.io\"].auth must be a string"},
        {R"({"auths":{"quay.io":{"auth":"!!"}}})", "is not base64 of \"user:password\""},
        {R"({"auths":{"quay.io":{"auth":"bm9jb2xvbg=="}}})", "is not base64 of \"user:password\""},
    }));
    auto found = find_credentials(text, "a.json", "quay.io/x");
    REQUIRE_FALSE(found);
    CHECK_THAT(found.error().message(), Catch::Contains(why));
}

TEST_CASE("files are read in order, missing ones skipped, the first match wins", "[registry][credentials]") {
    TempDir dir;
    std::ofstream(dir / "first.json") << file_with("other.io", "x:y");
    std::ofstream(dir / "second.json") << file_with("quay.io", "bob:pw");
    std::ofstream(dir / "third.json") << file_with("quay.io", "carol:pw");
    auto found = load_credentials({dir / "missing.json", dir / "first.json", dir / "second.json", dir / "third.json"},
                                  "quay.io/app");
    REQUIRE(found);
    REQUIRE(*found);
    CHECK((*found)->username == "bob");
    CHECK(basic_authorization(**found) == "Basic " + auth("bob:pw"));
    std::ofstream(dir / "broken.json") << "{";
    CHECK_FALSE(load_credentials({dir / "broken.json", dir / "second.json"}, "quay.io/app"));
    CHECK_FALSE(*load_credentials({}, "quay.io/app"));
}
