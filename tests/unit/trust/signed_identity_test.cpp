// SPDX-License-Identifier: Apache-2.0
// Match tables follow the cases containers/image's own policy_reference_match tests exercise,
// restated: tag vs digest images, name-only claims, Docker Hub normalisation, prefix
// boundaries for remapIdentity.
#include "trust/signed_identity.hpp"

#include <catch2/catch.hpp>

#include "trust/strict_json.hpp"

using hardrun::parse_image_reference;
using hardrun::trust::IdentityMatch;
using hardrun::trust::parse_signed_identity;
using hardrun::trust::parse_strict_json;
using hardrun::trust::signed_identity_matches;
using hardrun::trust::SignedIdentity;

namespace {

const std::string kD1 = "@sha256:" + std::string(64, '1');
const std::string kD2 = "@sha256:" + std::string(64, '2');

struct MatchCase {
    std::string intended;
    std::string claimed;
    bool matches;
};

bool matches(const SignedIdentity& id, const MatchCase& c) {
    auto intended = parse_image_reference(c.intended);
    REQUIRE(intended);
    return signed_identity_matches(id, *intended, c.claimed);
}

SignedIdentity parse(const std::string& text) {
    auto doc = parse_strict_json(text);
    REQUIRE(doc);
    auto id = parse_signed_identity(*doc, "$.x");
    REQUIRE(id);
    return *id;
}

}  // namespace

TEST_CASE("matchExact needs equal references that both carry a tag or digest",
          "[trust][identity]") {
    const SignedIdentity id{IdentityMatch::kMatchExact, {}, {}};
    const auto c = GENERATE(values<MatchCase>({
        {"busybox:latest", "docker.io/library/busybox:latest", true},
        {"busybox:latest", "busybox:latest", true},
        {"busybox:latest", "busybox:notlatest", false},
        {"busybox:latest", "busybox", false},
        {"busybox" + kD1, "busybox" + kD1, true},
        {"busybox" + kD1, "busybox" + kD2, false},
        {"busybox" + kD1, "busybox:latest", false},
        {"busybox:latest", "busybox" + kD1, false},
        {"quay.io/app:1", "docker.io/app:1", false},
        {"busybox:latest", "UPPER/case:latest", false},
    }));
    CAPTURE(c.intended, c.claimed);
    CHECK(matches(id, c) == c.matches);
}

TEST_CASE("matchRepoDigestOrExact is exact for tags and same-repository for digests",
          "[trust][identity]") {
    const SignedIdentity id{};  // the default
    REQUIRE(id.type == IdentityMatch::kMatchRepoDigestOrExact);
    const auto c = GENERATE(values<MatchCase>({
        {"busybox:latest", "busybox:latest", true},
        {"busybox:latest", "busybox:v1", false},
        {"busybox:latest", "busybox" + kD1, false},
        {"busybox:latest", "busybox", false},
        {"busybox" + kD1, "busybox:anytag", true},
        {"busybox" + kD1, "busybox" + kD2, true},
        {"busybox" + kD1, "busybox", false},  // cosign's repository-only claim
        {"busybox" + kD1, "quay.io/busybox:latest", false},
        {"busybox" + kD1, "not a reference", false},
    }));
    CAPTURE(c.intended, c.claimed);
    CHECK(matches(id, c) == c.matches);
}

TEST_CASE("matchRepository accepts any claim in the same repository", "[trust][identity]") {
    const SignedIdentity id{IdentityMatch::kMatchRepository, {}, {}};
    const auto c = GENERATE(values<MatchCase>({
        {"busybox:latest", "busybox", true},
        {"busybox:latest", "docker.io/library/busybox:v2", true},
        {"busybox" + kD1, "busybox" + kD2, true},
        {"127.0.0.1:5000/app" + kD1, "127.0.0.1:5000/app", true},
        {"127.0.0.1:5000/app" + kD1, "127.0.0.1:5000/app/sub", false},
        {"127.0.0.1:5000/app" + kD1, "127.0.0.1:5001/app", false},
    }));
    CAPTURE(c.intended, c.claimed);
    CHECK(matches(id, c) == c.matches);
}

TEST_CASE("exactReference and exactRepository ignore the image and compare the claim",
          "[trust][identity]") {
    const SignedIdentity ref{
        IdentityMatch::kExactReference, "docker.io/library/busybox:latest", {}};
    const SignedIdentity repo{IdentityMatch::kExactRepository, "vendor.example/product", {}};
    CHECK(matches(ref, {"quay.io/mirror/busybox:latest", "busybox:latest", true}));
    CHECK_FALSE(matches(ref, {"quay.io/mirror/busybox:latest", "busybox", false}));
    CHECK_FALSE(matches(ref, {"quay.io/mirror/busybox:latest", "busybox:v1", false}));
    CHECK_FALSE(
        matches(ref, {"docker.io/library/busybox:latest", "quay.io/mirror/busybox:latest", false}));
    CHECK(matches(repo, {"mirror.local/app" + kD1, "vendor.example/product", true}));
    CHECK(matches(repo, {"mirror.local/app" + kD1, "vendor.example/product:9", true}));
    CHECK_FALSE(matches(repo, {"mirror.local/app" + kD1, "vendor.example/other", false}));
}

TEST_CASE("remapIdentity rewrites the image's prefix and then matches by repo-digest-or-exact",
          "[trust][identity]") {
    const SignedIdentity id{IdentityMatch::kRemapIdentity, "private-mirror:5000/vendor-mirror",
                            "vendor.example.com"};
    const auto c = GENERATE(values<MatchCase>({
        {"private-mirror:5000/vendor-mirror/producta/image1:latest",
         "vendor.example.com/producta/image1:latest", true},
        {"private-mirror:5000/vendor-mirror/producta/image1:latest",
         "vendor.example.com/producta/image1:v2", false},
        {"private-mirror:5000/vendor-mirror/producta/image1" + kD1,
         "vendor.example.com/producta/image1:v2", true},
        {"private-mirror:5000/vendor-mirror/producta/image1" + kD1,
         "vendor.example.com/producta/image1", false},
        // Not under the prefix (no '/' boundary): no remapping, so the original must match.
        {"private-mirror:5000/vendor-mirror2/image1:latest", "vendor.example.com2/image1:latest",
         false},
        {"private-mirror:5000/vendor-mirror2/image1:latest",
         "private-mirror:5000/vendor-mirror2/image1:latest", true},
        // The prefix matches a whole repository too.
        {"private-mirror:5000/vendor-mirror:1", "vendor.example.com:1",
         false},  // "vendor.example.com" is no repository
    }));
    CAPTURE(c.intended, c.claimed);
    CHECK(matches(id, c) == c.matches);

    SECTION("a remapped result that is not canonical matches nothing") {
        const SignedIdentity to_short{IdentityMatch::kRemapIdentity, "docker.io/library",
                                      "library"};
        CHECK_FALSE(matches(to_short, {"busybox:latest", "busybox:latest", false}));
    }
    SECTION("a host prefix does not match another port of the same host") {
        const SignedIdentity host{IdentityMatch::kRemapIdentity, "example.com", "quay.io"};
        CHECK(matches(host, {"example.com/app:1", "quay.io/app:1", true}));
        CHECK_FALSE(matches(host, {"example.com:5000/app:1", "quay.io/app:1", false}));
    }
}

TEST_CASE("parse_signed_identity reads every type", "[trust][identity]") {
    CHECK(parse(R"({"type":"matchExact"})").type == IdentityMatch::kMatchExact);
    CHECK(parse(R"({"type":"matchRepoDigestOrExact"})").type ==
          IdentityMatch::kMatchRepoDigestOrExact);
    CHECK(parse(R"({"type":"matchRepository"})").type == IdentityMatch::kMatchRepository);
    const auto ref = parse(R"({"type":"exactReference","dockerReference":"busybox:1"})");
    CHECK(ref.type == IdentityMatch::kExactReference);
    CHECK(ref.reference == "busybox:1");
    const auto repo = parse(R"({"type":"exactRepository","dockerRepository":"quay.io/a/b"})");
    CHECK(repo.type == IdentityMatch::kExactRepository);
    CHECK(repo.reference == "quay.io/a/b");
    const auto remap =
        parse(R"({"type":"remapIdentity","prefix":"m.local:5000/ns","signedPrefix":"docker.io"})");
    CHECK(remap.type == IdentityMatch::kRemapIdentity);
    CHECK(remap.reference == "m.local:5000/ns");
    CHECK(remap.signed_prefix == "docker.io");
}

TEST_CASE("parse_signed_identity refuses malformed identities, naming the JSON path",
          "[trust][identity]") {
    struct Case {
        std::string text;
        std::string message;
    };
    const auto c = GENERATE(values<Case>({
        {R"("matchExact")", "$.x: must be an object"},
        {R"({})", R"($.x: "type" is required)"},
        {R"({"type": 1})", "$.x.type: must be a string"},
        {R"({"type": "matchSomething"})",
         R"($.x.type: unknown signedIdentity type "matchSomething")"},
        {R"({"type": "matchExact", "dockerReference": "a:1"})",
         R"($.x: unknown field "dockerReference")"},
        {R"({"type": "matchRepository", "extra": true})", R"($.x: unknown field "extra")"},
        {R"({"type": "exactReference"})", R"($.x: "dockerReference" is required)"},
        {R"({"type": "exactReference", "dockerReference": 5})",
         "$.x.dockerReference: must be a string"},
        {R"({"type": "exactReference", "dockerReference": "busybox"})",
         "has neither a tag nor a digest"},
        {R"({"type": "exactReference", "dockerReference": "UPPER:1"})",
         "$.x.dockerReference: image reference"},
        {R"({"type": "exactReference", "dockerReference": "a:1", "x": 1})", R"(unknown field "x")"},
        {R"({"type": "exactRepository"})", R"($.x: "dockerRepository" is required)"},
        {R"({"type": "exactRepository", "dockerRepository": "bad//repo"})",
         "$.x.dockerRepository: image reference"},
        {R"({"type": "remapIdentity", "prefix": "docker.io"})",
         R"($.x: "signedPrefix" is required)"},
        {R"({"type": "remapIdentity", "signedPrefix": "docker.io"})",
         R"($.x: "prefix" is required)"},
        {R"({"type": "remapIdentity", "prefix": "docker.io/library/busybox:latest", "signedPrefix": "quay.io"})",
         "$.x.prefix: \"docker.io/library/busybox:latest\" is not a host[:port], namespace or "
         "repository"},
        {R"({"type": "remapIdentity", "prefix": "quay.io", "signedPrefix": ""})",
         "$.x.signedPrefix:"},
        {R"({"type": "remapIdentity", "prefix": "quay.io", "signedPrefix": "q.io/a@sha256:x"})",
         "$.x.signedPrefix:"},
        {R"({"type": "remapIdentity", "prefix": "quay.io", "signedPrefix": 3})",
         "$.x.signedPrefix: must be a string"},
    }));
    CAPTURE(c.text);
    auto doc = parse_strict_json(c.text);
    REQUIRE(doc);
    auto id = parse_signed_identity(*doc, "$.x");
    REQUIRE_FALSE(id);
    CHECK_THAT(id.error().message(), Catch::Contains(c.message));
}
