// SPDX-License-Identifier: Apache-2.0
#include "registry/signatures.hpp"

#include <chrono>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "fake_registry.hpp"
#include "trust/base64.hpp"
#include "trust/public_key.hpp"

using namespace hardrun::registry;
using hardrun::testing::CannedResponse;
using hardrun::testing::FakeRegistry;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

const std::string kHex(64, 'a');
const std::string kDigest = "sha256:" + kHex;

std::string payload_for(const std::string& repo, const std::string& digest) {
    return R"({"critical":{"identity":{"docker-reference":")" + repo +
           R"("},"image":{"docker-manifest-digest":")" + digest +
           R"("},"type":"cosign container image signature"},"optional":null})";
}

json descriptor(const std::string& media_type, const std::string& blob) {
    return {{"mediaType", media_type}, {"size", blob.size()}, {"digest", sha256_digest(blob)}};
}

// Serves `blob` and returns its descriptor.
json serve_blob(FakeRegistry& server, const std::string& media_type, const std::string& blob) {
    server.on("/v2/app/blobs/" + sha256_digest(blob), CannedResponse{200, {}, blob});
    return descriptor(media_type, blob);
}

std::string manifest(const json& config, const json& layers,
                     const std::string& artifact_type = "") {
    json m = {
        {"schemaVersion", 2}, {"mediaType", kOciManifest}, {"config", config}, {"layers", layers}};
    if (!artifact_type.empty()) m["artifactType"] = artifact_type;
    return m.dump();
}

std::string bundle_json() {
    return json{{"mediaType", kSigstoreBundleV03},
                {"verificationMaterial", {{"publicKey", {{"hint", "x"}}}}},
                {"messageSignature",
                 {{"messageDigest",
                   {{"algorithm", "SHA2_256"},
                    {"digest", hardrun::trust::base64_encode(hardrun::trust::sha256("x"))}}},
                  {"signature", hardrun::trust::base64_encode("sig")}}}}
        .dump();
}

struct Fixture {
    FakeRegistry server;
    HttpClient http;
    Deadline deadline{5000ms};
    RegistryClient client{http, Endpoint{"http", server.host()}, "app", deadline};
    std::string repo = server.host() + "/app";
    json config = serve_blob(server, "application/vnd.oci.image.config.v1+json", "{}");
};

}  // namespace

TEST_CASE("an image without signatures has none, and that is not an error",
          "[registry][signatures]") {
    Fixture f;
    auto found = find_signatures(f.client, f.repo, kDigest);
    INFO((found ? std::string() : found.error().message()));
    REQUIRE(found);
    CHECK(found->signatures.empty());
    CHECK(found->skipped.empty());
}

TEST_CASE("cosign signatures come from the .sig tag: payload blob, base64 DER and the Rekor bundle",
          "[registry][signatures]") {
    Fixture f;
    json layer =
        serve_blob(f.server, std::string(kCosignSimpleSigning), payload_for(f.repo, kDigest));
    layer["annotations"] = {
        {std::string(kCosignSignatureAnnotation), hardrun::trust::base64_encode("DER")},
        {std::string(kCosignBundleAnnotation), R"({"SignedEntryTimestamp":"x"})"}};
    json other = serve_blob(f.server, "application/octet-stream", "ignored");
    f.server.on("/v2/app/manifests/sha256-" + kHex + ".sig",
                CannedResponse{200, {}, manifest(f.config, json::array({layer, other}))});

    auto found = find_signatures(f.client, f.repo, kDigest);
    INFO((found ? std::string() : found.error().message()));
    REQUIRE(found);
    REQUIRE(found->signatures.size() == 1);
    const auto& e = found->signatures[0];
    const auto& cosign = std::get<hardrun::trust::CosignSignature>(e.content);
    CHECK(cosign.payload == payload_for(f.repo, kDigest));
    CHECK(cosign.signature == "DER");
    CHECK(cosign.rekor_bundle == std::optional<std::string>(R"({"SignedEntryTimestamp":"x"})"));
    CHECK(e.source == f.repo + ":sha256-" + kHex + ".sig");
}

TEST_CASE("malformed cosign layers are skipped with a reason", "[registry][signatures]") {
    Fixture f;
    const auto [payload, annotations,
                reason] = GENERATE_COPY(table<std::string, json, std::string>({
        {payload_for("r", kDigest), json::object(), "has no dev.cosignproject.cosign/signature"},
        {payload_for("r", kDigest), json{{"dev.cosignproject.cosign/signature", "%%%"}},
         "not base64"},
        {"not a payload", json{{"dev.cosignproject.cosign/signature", "REVS"}},
         "simple signing payload"},
        {payload_for("r", kDigest),
         json{{"dev.cosignproject.cosign/signature", "REVS"}, {"dev.sigstore.cosign/bundle", "{"}},
         "Rekor"},
    }));
    json layer = serve_blob(f.server, std::string(kCosignSimpleSigning), payload);
    layer["annotations"] = annotations;
    f.server.on("/v2/app/manifests/sha256-" + kHex + ".sig",
                CannedResponse{200, {}, manifest(f.config, json::array({layer}))});
    auto found = find_signatures(f.client, f.repo, kDigest);
    INFO((found ? std::string() : found.error().message()));
    REQUIRE(found);
    CHECK(found->signatures.empty());
    REQUIRE(found->skipped.size() == 1);
    CHECK_THAT(found->skipped[0], Catch::Contains(reason));
}

TEST_CASE("a payload blob that does not match its digest fails the fetch",
          "[registry][signatures]") {
    Fixture f;
    json layer = descriptor(std::string(kCosignSimpleSigning), payload_for(f.repo, kDigest));
    layer["annotations"] = {{std::string(kCosignSignatureAnnotation), "REVS"}};
    f.server.on("/v2/app/blobs/" + layer["digest"].get<std::string>(),
                CannedResponse{200, {}, payload_for(f.repo, "sha256:" + std::string(64, 'b'))});
    f.server.on("/v2/app/manifests/sha256-" + kHex + ".sig",
                CannedResponse{200, {}, manifest(f.config, json::array({layer}))});
    auto found = find_signatures(f.client, f.repo, kDigest);
    REQUIRE_FALSE(found);
    CHECK(found.error().code() == hardrun::ErrorCode::kUntrustedImage);
}

TEST_CASE("Sigstore bundles come from the referrers fallback tag when the API is missing",
          "[registry][signatures]") {
    Fixture f;
    json bundle_layer = serve_blob(f.server, std::string(kSigstoreBundleV03), bundle_json());
    const std::string referrer =
        manifest(f.config, json::array({bundle_layer}), std::string(kSigstoreBundleV03));
    const std::string referrer_digest = sha256_digest(referrer);
    f.server.on("/v2/app/manifests/" + referrer_digest, CannedResponse{200, {}, referrer});
    json sbom = descriptor(std::string(kOciManifest), "sbom manifest not served");
    sbom["artifactType"] = "application/spdx+json";
    json entry = descriptor(std::string(kOciManifest), referrer);
    entry["artifactType"] = kSigstoreBundleV03;
    const json index = {
        {"schemaVersion", 2}, {"mediaType", kOciIndex}, {"manifests", json::array({sbom, entry})}};
    f.server.on("/v2/app/manifests/sha256-" + kHex, CannedResponse{200, {}, index.dump()});

    auto found = find_signatures(f.client, f.repo, kDigest);
    INFO((found ? std::string() : found.error().message()));
    REQUIRE(found);
    REQUIRE(found->signatures.size() == 1);
    const auto& bundle =
        std::get<hardrun::trust::SigstoreBundleSignature>(found->signatures[0].content);
    CHECK(bundle.bundle_json == bundle_json());
    CHECK(found->signatures[0].source == f.repo + "@" + referrer_digest);
    const auto reqs = f.server.requests();
    CHECK(std::any_of(reqs.begin(), reqs.end(),
                      [&](const auto& r) { return r.target == "/v2/app/referrers/" + kDigest; }));
}

TEST_CASE("a malformed referrers index fails the fetch; a malformed bundle is skipped",
          "[registry][signatures]") {
    Fixture f;
    SECTION("index") {
        f.server.on("/v2/app/manifests/sha256-" + kHex,
                    CannedResponse{200, {}, R"({"schemaVersion":2})"});
        auto found = find_signatures(f.client, f.repo, kDigest);
        REQUIRE_FALSE(found);
        CHECK_THAT(found.error().message(), Catch::Contains("sha256-" + kHex));
    }
    SECTION("bundle") {
        json bundle_layer =
            serve_blob(f.server, std::string(kSigstoreBundleV03), R"({"mediaType":"nope"})");
        const std::string referrer =
            manifest(f.config, json::array({bundle_layer}), std::string(kSigstoreBundleV03));
        f.server.on("/v2/app/manifests/" + sha256_digest(referrer),
                    CannedResponse{200, {}, referrer});
        json entry = descriptor(std::string(kOciManifest), referrer);
        entry["artifactType"] = kSigstoreBundleV03;
        f.server.on(
            "/v2/app/referrers/" + kDigest,
            CannedResponse{200,
                           {"Content-Type: application/vnd.oci.image.index.v1+json"},
                           json{{"schemaVersion", 2}, {"manifests", json::array({entry})}}.dump()});
        auto found = find_signatures(f.client, f.repo, kDigest);
        REQUIRE(found);
        CHECK(found->signatures.empty());
        REQUIRE(found->skipped.size() == 1);
    }
}

TEST_CASE("fetch_signatures resolves a tag first, and refuses a malformed reference",
          "[registry][signatures]") {
    Fixture f;
    f.server.on("/v2/app/manifests/v1",
                CannedResponse{200, {"Docker-Content-Digest: " + kDigest}, ""});
    auto r = fetch_signatures(FetchRequest{f.server.host() + "/app:v1", {"127.0.0.1:*"}, 5000, {}});
    REQUIRE(r);
    CHECK(r->digest == kDigest);
    CHECK(r->repository == f.server.host() + "/app");
    CHECK(r->found.signatures.empty());
    auto bad = fetch_signatures(FetchRequest{"UPPER/Case", {}, 5000, {}});
    REQUIRE_FALSE(bad);
    CHECK(bad.error().code() == hardrun::ErrorCode::kInvalidArgument);
}
