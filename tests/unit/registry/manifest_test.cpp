// SPDX-License-Identifier: Apache-2.0
#include "registry/manifest.hpp"

#include <string>

#include <catch2/catch.hpp>

using namespace hardrun::registry;

namespace {
const std::string kA = "sha256:" + std::string(64, 'a');
const std::string kB = "sha256:" + std::string(64, 'b');
const std::string kC = "sha256:" + std::string(64, 'c');

// The shape cosign pushes at sha256-<hex>.sig.
const std::string kCosignManifest =
    R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
  "config":{"mediaType":"application/vnd.oci.image.config.v1+json","size":233,"digest":")" +
    kA + R"("},
  "layers":[{"mediaType":"application/vnd.dev.cosign.simplesigning.v1+json","size":242,"digest":")" +
    kB + R"(",
             "annotations":{"dev.cosignproject.cosign/signature":"MEUCIQ==","dev.sigstore.cosign/bundle":"{}"}}]})";
}  // namespace

TEST_CASE("a cosign signature manifest parses into layers with their annotations",
          "[registry][manifest]") {
    auto m = parse_manifest(kCosignManifest);
    REQUIRE(m);
    CHECK(m->media_type == kOciManifest);
    CHECK(m->config.digest == kA);
    CHECK(m->config.size == 233);
    REQUIRE(m->layers.size() == 1);
    CHECK(m->layers[0].media_type == kCosignSimpleSigning);
    CHECK(m->layers[0].digest == kB);
    CHECK(m->layers[0].annotations.at(std::string(kCosignSignatureAnnotation)) == "MEUCIQ==");
    CHECK(m->layers[0].annotations.at(std::string(kCosignBundleAnnotation)) == "{}");
    CHECK_FALSE(m->subject);
}

TEST_CASE("a Sigstore bundle referrer manifest keeps its artifact type and subject",
          "[registry][manifest]") {
    auto m = parse_manifest(
        R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
      "artifactType":"application/vnd.dev.sigstore.bundle.v0.3+json",
      "config":{"mediaType":"application/vnd.oci.empty.v1+json","size":2,"digest":")" +
        kA + R"("},
      "layers":[{"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json","size":10,"digest":")" +
        kB + R"("}],
      "subject":{"mediaType":"application/vnd.oci.image.manifest.v1+json","size":500,"digest":")" +
        kC + R"("}})");
    REQUIRE(m);
    CHECK(m->artifact_type == kSigstoreBundleV03);
    REQUIRE(m->subject);
    CHECK(m->subject->digest == kC);
    CHECK(is_sigstore_bundle_type(m->layers[0].media_type));
}

TEST_CASE("Docker schema 2 manifests and manifests without a mediaType parse",
          "[registry][manifest]") {
    const std::string media =
        GENERATE(as<std::string>{},
                 R"("mediaType":"application/vnd.docker.distribution.manifest.v2+json",)", "");
    auto m = parse_manifest(R"({"schemaVersion":2,)" + media +
                            R"("config":{"mediaType":"x","size":1,"digest":")" + kA +
                            R"("},"layers":[]})");
    REQUIRE(m);
    CHECK(m->layers.empty());
}

TEST_CASE("malformed manifests are refused, naming the field", "[registry][manifest]") {
    const std::string config = R"("config":{"mediaType":"x","size":1,"digest":")" + kA + R"("})";
    const auto [text, needle] = GENERATE_COPY(table<std::string, std::string>({
        {"", "not valid JSON"},
        {"[]", "not a JSON object"},
        {R"({"schemaVersion":1})", "/schemaVersion"},
        {R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json",)" + config +
             R"(,"layers":[]})",
         "/mediaType"},
        {R"({"schemaVersion":2,"layers":[]})", "/config is missing"},
        {R"({"schemaVersion":2,)" + config + "}", "/layers"},
        {R"({"schemaVersion":2,)" + config + R"(,"layers":{}})", "/layers"},
        {R"({"schemaVersion":2,)" + config + R"(,"layers":[{"mediaType":"x","size":1}]})",
         "/layers/0/digest"},
        {R"({"schemaVersion":2,)" + config +
             R"(,"layers":[{"mediaType":"x","size":1,"digest":"sha512:ab"}]})",
         "/layers/0/digest"},
        {R"({"schemaVersion":2,)" + config + R"(,"layers":[{"mediaType":"x","size":-1,"digest":")" +
             kA + R"("}]})",
         "/layers/0/size"},
        {R"({"schemaVersion":2,)" + config + R"(,"layers":[{"size":1,"digest":")" + kA + R"("}]})",
         "/layers/0/mediaType"},
        {R"({"schemaVersion":2,)" + config + R"(,"layers":[{"mediaType":"x","size":1,"digest":")" +
             kA + R"(","annotations":{"k":1}}]})",
         "/layers/0/annotations/k"},
        {R"({"schemaVersion":2,)" + config + R"(,"layers":[{"mediaType":"x","size":1,"digest":")" +
             kA + R"(","annotations":[]}]})",
         "/layers/0/annotations"},
        {R"({"schemaVersion":2,"artifactType":5,)" + config + R"(,"layers":[]})", "/artifactType"},
    }));
    auto m = parse_manifest(text);
    CAPTURE(text);
    REQUIRE_FALSE(m);
    CHECK(m.error().code() == hardrun::ErrorCode::kUntrustedImage);
    CHECK_THAT(m.error().message(), Catch::Contains(needle));
}

TEST_CASE("a referrers index lists descriptors with their artifact types", "[registry][manifest]") {
    auto index = parse_index(
        R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
      {"mediaType":"application/vnd.oci.image.manifest.v1+json","size":700,"digest":")" +
        kA + R"(",
       "artifactType":"application/vnd.dev.sigstore.bundle.v0.3+json"},
      {"mediaType":"application/vnd.oci.image.manifest.v1+json","size":800,"digest":")" +
        kB + R"(",
       "artifactType":"application/spdx+json","annotations":{"org.opencontainers.image.created":"2024"}}]})");
    REQUIRE(index);
    REQUIRE(index->manifests.size() == 2);
    CHECK(is_sigstore_bundle_type(index->manifests[0].artifact_type));
    CHECK_FALSE(is_sigstore_bundle_type(index->manifests[1].artifact_type));
    CHECK(index->manifests[1].annotations.size() == 1);
}

TEST_CASE("malformed indexes are refused, naming the field", "[registry][manifest]") {
    const auto [text, needle] = GENERATE_COPY(table<std::string, std::string>({
        {"{", "not valid JSON"},
        {R"({"schemaVersion":2})", "/manifests"},
        {R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","manifests":[]})",
         "/mediaType"},
        {R"({"schemaVersion":2,"manifests":[5]})", "/manifests/0 is not an object"},
        {R"({"manifests":[]})", "/schemaVersion"},
    }));
    auto index = parse_index(text);
    CAPTURE(text);
    REQUIRE_FALSE(index);
    CHECK_THAT(index.error().message(), Catch::Contains(needle));
}

TEST_CASE("Sigstore bundle media types of every version are recognised", "[registry][manifest]") {
    CHECK(is_sigstore_bundle_type("application/vnd.dev.sigstore.bundle.v0.3+json"));
    CHECK(is_sigstore_bundle_type("application/vnd.dev.sigstore.bundle+json;version=0.2"));
    CHECK_FALSE(is_sigstore_bundle_type("application/vnd.dev.cosign.simplesigning.v1+json"));
    CHECK_FALSE(is_sigstore_bundle_type(""));
}
