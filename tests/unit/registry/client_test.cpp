// SPDX-License-Identifier: Apache-2.0
#include "registry/client.hpp"

#include <chrono>
#include <optional>
#include <string>

#include <catch2/catch.hpp>

#include "fake_registry.hpp"

using namespace hardrun::registry;
using hardrun::testing::CannedResponse;
using hardrun::testing::FakeRegistry;
using namespace std::chrono_literals;

namespace {

const std::string kManifest =
    R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"x","size":2,"digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"},"layers":[]})";

struct Fixture {
    explicit Fixture(std::optional<Credentials> credentials = std::nullopt)
        : client{http, Endpoint{"http", server.host()}, "team/app", deadline, std::move(credentials)} {}
    FakeRegistry server;
    HttpClient http;
    Deadline deadline{5000ms};
    RegistryClient client;
};

}  // namespace

TEST_CASE("sha256_digest is the OCI digest string of the bytes", "[registry][client]") {
    CHECK(sha256_digest("{}") ==
          "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
}

TEST_CASE("a tag resolves to HEAD's Docker-Content-Digest", "[registry][client]") {
    Fixture f;
    const std::string d = "sha256:" + std::string(64, 'd');
    f.server.on("/v2/team/app/manifests/v1",
                CannedResponse{200, {"Docker-Content-Digest: " + d}, kManifest});
    auto digest = f.client.resolve_tag("v1");
    REQUIRE(digest);
    CHECK(*digest == d);
    const auto reqs = f.server.requests();
    REQUIRE(reqs.size() == 1);
    CHECK(reqs[0].method == "HEAD");
    CHECK_THAT(reqs[0].head, Catch::Contains("application/vnd.oci.image.index.v1+json"));
    CHECK_THAT(reqs[0].head,
               Catch::Contains("application/vnd.docker.distribution.manifest.v2+json"));
}

TEST_CASE("without Docker-Content-Digest a tag resolves to the digest of the manifest body",
          "[registry][client]") {
    Fixture f;
    f.server.on("/v2/team/app/manifests/v1", CannedResponse{200, {}, kManifest});
    auto digest = f.client.resolve_tag("v1");
    REQUIRE(digest);
    CHECK(*digest == sha256_digest(kManifest));
}

TEST_CASE("an unknown tag is kNotFound naming the URL", "[registry][client]") {
    Fixture f;
    auto digest = f.client.resolve_tag("nope");
    REQUIRE_FALSE(digest);
    CHECK(digest.error().code() == hardrun::ErrorCode::kNotFound);
    CHECK_THAT(digest.error().message(), Catch::Contains("/v2/team/app/manifests/nope"));
}

TEST_CASE("a manifest fetched by digest must hash to it", "[registry][client]") {
    Fixture f;
    const std::string good = sha256_digest(kManifest);
    const std::string bad = "sha256:" + std::string(64, 'e');
    f.server.on("/v2/team/app/manifests/" + good,
                CannedResponse{
                    200, {"Content-Type: application/vnd.oci.image.manifest.v1+json"}, kManifest});
    f.server.on("/v2/team/app/manifests/" + bad, CannedResponse{200, {}, kManifest});
    auto m = f.client.get_manifest(good, kOciManifest);
    REQUIRE(m);
    REQUIRE(*m);
    CHECK((*m)->media_type == kOciManifest);
    auto wrong = f.client.get_manifest(bad, kOciManifest);
    REQUIRE_FALSE(wrong);
    CHECK(wrong.error().code() == hardrun::ErrorCode::kUntrustedImage);
}

TEST_CASE(
    "a missing manifest is no manifest; a server error names the status and the registry's words",
    "[registry][client]") {
    Fixture f;
    f.server.on(
        "/v2/team/app/manifests/broken",
        CannedResponse{500, {}, R"({"errors":[{"code":"UNKNOWN","message":"disk on fire"}]})"});
    auto missing = f.client.get_manifest("missing", kOciManifest);
    REQUIRE(missing);
    CHECK_FALSE(*missing);
    auto broken = f.client.get_manifest("broken", kOciManifest);
    REQUIRE_FALSE(broken);
    CHECK_THAT(broken.error().message(),
               Catch::Contains("GET http://" + f.server.host() +
                               "/v2/team/app/manifests/broken: HTTP 500 (UNKNOWN disk on fire)"));
}

TEST_CASE("blobs are verified against their descriptor's digest and size, and capped",
          "[registry][client]") {
    Fixture f;
    const std::string payload = "payload bytes";
    const std::string d = sha256_digest(payload);
    f.server.on("/v2/team/app/blobs/" + d, CannedResponse{200, {}, payload});
    const std::string other = "sha256:" + std::string(64, 'f');
    f.server.on("/v2/team/app/blobs/" + other, CannedResponse{200, {}, payload});

    auto blob = f.client.get_blob(
        Descriptor{"x", d, static_cast<std::int64_t>(payload.size()), "", {}}, 1024);
    REQUIRE(blob);
    CHECK(*blob == payload);
    SECTION("a digest mismatch") {
        auto r = f.client.get_blob(
            Descriptor{"x", other, static_cast<std::int64_t>(payload.size()), "", {}}, 1024);
        REQUIRE_FALSE(r);
        CHECK(r.error().code() == hardrun::ErrorCode::kUntrustedImage);
        CHECK_THAT(r.error().message(), Catch::Contains("digest is " + d));
    }
    SECTION("a size mismatch") {
        auto r = f.client.get_blob(Descriptor{"x", d, 5, "", {}}, 1024);
        REQUIRE_FALSE(r);
        CHECK_THAT(r.error().message(), Catch::Contains("its descriptor says 5"));
    }
    SECTION("a descriptor over the cap is not even requested") {
        const auto before = f.server.requests().size();
        auto r = f.client.get_blob(Descriptor{"x", d, 2048, "", {}}, 1024);
        REQUIRE_FALSE(r);
        CHECK_THAT(r.error().message(), Catch::Contains("over the limit of 1024 bytes"));
        CHECK(f.server.requests().size() == before);
    }
}

TEST_CASE("a 401 Bearer challenge gets an anonymous token, which later requests reuse",
          "[registry][client]") {
    Fixture f;
    const std::string realm = "http://" + f.server.host() + "/token";
    f.server.on(
        "/v2/team/app/manifests/v1",
        CannedResponse{
            401, {"WWW-Authenticate: Bearer realm=\"" + realm + "\",service=\"fake\""}, ""});
    f.server.on("/token?service=fake&scope=repository%3Ateam%2Fapp%3Apull",
                CannedResponse{200, {}, R"({"token":"T0K"})"});
    auto m = f.client.get_manifest("v1", kOciManifest);
    // The fake answers 401 again on the retry (it does not look at Authorization): the second
    // 401 is returned as an error, after exactly one token request and one retry carrying it.
    REQUIRE_FALSE(m);
    CHECK_THAT(m.error().message(), Catch::Contains("HTTP 401"));
    const auto reqs = f.server.requests();
    REQUIRE(reqs.size() == 3);
    CHECK(reqs[1].target == "/token?service=fake&scope=repository%3Ateam%2Fapp%3Apull");
    CHECK_THAT(reqs[1].head, !Catch::Contains("Authorization"));
    CHECK_THAT(reqs[2].head, Catch::Contains("Authorization: Bearer T0K"));
    f.server.on("/v2/team/app/manifests/v2", CannedResponse{200, {}, kManifest});
    auto next = f.client.get_manifest("v2", kOciManifest);
    REQUIRE(next);
    CHECK_THAT(f.server.requests().back().head, Catch::Contains("Authorization: Bearer T0K"));
}

TEST_CASE("with credentials, the token request carries them as Basic authentication", "[registry][client]") {
    Fixture f(Credentials{"alice", "pw", "test"});
    const std::string realm = "http://" + f.server.host() + "/token";
    f.server.on("/v2/team/app/manifests/v1",
                CannedResponse{401, {"WWW-Authenticate: Bearer realm=\"" + realm + "\",service=\"fake\""}, ""});
    f.server.on("/token?service=fake&scope=repository%3Ateam%2Fapp%3Apull", CannedResponse{200, {}, R"({"token":"T0K"})"});
    (void)f.client.get_manifest("v1", kOciManifest);
    const auto reqs = f.server.requests();
    REQUIRE(reqs.size() == 3);
    CHECK_THAT(reqs[0].head, !Catch::Contains("Authorization"));
    CHECK_THAT(reqs[1].head, Catch::Contains("Authorization: Basic YWxpY2U6cHc="));  // alice:pw
    CHECK_THAT(reqs[2].head, Catch::Contains("Authorization: Bearer T0K"));
}

TEST_CASE("a Basic challenge is answered with the credentials, and they are kept", "[registry][client]") {
    Fixture f(Credentials{"alice", "pw", "test"});
    f.server.on("/v2/team/app/manifests/v1", CannedResponse{401, {"WWW-Authenticate: Basic realm=\"r\""}, ""});
    (void)f.client.get_manifest("v1", kOciManifest);
    auto reqs = f.server.requests();
    REQUIRE(reqs.size() == 2);
    CHECK_THAT(reqs[1].head, Catch::Contains("Authorization: Basic YWxpY2U6cHc="));
    f.server.on("/v2/team/app/manifests/v2", CannedResponse{200, {}, kManifest});
    REQUIRE(f.client.get_manifest("v2", kOciManifest));
    CHECK_THAT(f.server.requests().back().head, Catch::Contains("Authorization: Basic YWxpY2U6cHc="));
}

TEST_CASE("a 401 without a usable challenge is an error naming the URL", "[registry][client]") {
    Fixture f;
    const std::string header =
        GENERATE(as<std::string>{}, "", "WWW-Authenticate: Basic realm=\"r\"");
    std::vector<std::string> headers;
    if (!header.empty()) headers.push_back(header);
    f.server.on("/v2/team/app/manifests/v1", CannedResponse{401, headers, ""});
    auto m = f.client.get_manifest("v1", kOciManifest);
    REQUIRE_FALSE(m);
    CHECK_THAT(m.error().message(), Catch::Contains("/v2/team/app/manifests/v1"));
}

TEST_CASE("the referrers API is optional: 404 or a non-index answer means none",
          "[registry][client]") {
    Fixture f;
    const std::string d = "sha256:" + std::string(64, 'a');
    auto none = f.client.get_referrers(d);
    REQUIRE(none);
    CHECK_FALSE(*none);
    f.server.on("/v2/team/app/referrers/" + d,
                CannedResponse{200, {"Content-Type: text/html"}, "<html>"});
    auto html = f.client.get_referrers(d);
    REQUIRE(html);
    CHECK_FALSE(*html);
    f.server.on("/v2/team/app/referrers/" + d,
                CannedResponse{200,
                               {"Content-Type: application/vnd.oci.image.index.v1+json"},
                               R"({"schemaVersion":2,"manifests":[]})"});
    auto index = f.client.get_referrers(d);
    REQUIRE(index);
    REQUIRE(*index);
    CHECK_THAT(**index, Catch::Contains("manifests"));
}
