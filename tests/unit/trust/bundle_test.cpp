// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "trust/base64.hpp"
#include "trust/bundle.hpp"
#include "trust_support.hpp"

using hardrun::ErrorCode;
using hardrun::trust::base64_encode;
using hardrun::trust::dsse_pae;
using hardrun::trust::parse_bundle;
using hardrun::trust::PublicKey;
using hardrun::trust::verify_bundle;
using nlohmann::json;
namespace t = hardrun::testing;
namespace tr = hardrun::trust;

namespace {

const std::string kArtifact = "hello world";

std::string message_bundle(EVP_PKEY* key, const std::string& artifact) {
    json doc = {
        {"mediaType", "application/vnd.dev.sigstore.bundle.v0.3+json"},
        {"verificationMaterial", {{"publicKey", {{"hint", "x"}}}}},
        {"messageSignature",
         {{"messageDigest", {{"algorithm", "SHA2_256"}, {"digest", base64_encode(tr::sha256(artifact))}}},
          {"signature", base64_encode(t::sign(key, "SHA256", artifact))}}},
    };
    return doc.dump();
}

std::string statement(const std::string& artifact, const std::string& predicate_type) {
    return json{{"_type", "https://in-toto.io/Statement/v1"},
                {"subject", {{{"name", "blob"}, {"digest", {{"sha256", tr::to_hex(tr::sha256(artifact))}}}}}},
                {"predicateType", predicate_type},
                {"predicate", json::object()}}
        .dump();
}

std::string dsse_bundle(EVP_PKEY* key, const std::string& payload_type, const std::string& payload) {
    json doc = {
        {"mediaType", "application/vnd.dev.sigstore.bundle.v0.3+json"},
        {"dsseEnvelope",
         {{"payloadType", payload_type},
          {"payload", base64_encode(payload)},
          {"signatures", {{{"keyid", ""}, {"sig", base64_encode(t::sign(key, "SHA256", dsse_pae(payload_type, payload)))}}}}}},
    };
    return doc.dump();
}

}  // namespace

TEST_CASE("the DSSE pre-authentication encoding counts bytes in ASCII decimal", "[trust][bundle]") {
    CHECK(dsse_pae("http://example.com/HelloWorld", "hello world") ==
          "DSSEv1 29 http://example.com/HelloWorld 11 hello world");
    CHECK(dsse_pae("", "") == "DSSEv1 0  0 ");
}

TEST_CASE("a messageSignature bundle verifies for its artifact and fails for another", "[trust][bundle]") {
    auto pkey = t::generate_key("P-256");
    auto key = PublicKey::from_pem(t::public_pem(pkey.get()));
    REQUIRE(key);
    auto bundle = parse_bundle(message_bundle(pkey.get(), kArtifact));
    REQUIRE(bundle);
    CHECK(bundle->public_key_hint == "x");
    CHECK(verify_bundle(*bundle, *key, kArtifact));

    auto other = verify_bundle(*bundle, *key, "hello world\n");
    REQUIRE_FALSE(other);
    CHECK(other.error().code() == ErrorCode::kUntrustedImage);
    CHECK_THAT(other.error().message(), Catch::Contains("messageDigest"));

    auto wrong = t::generate_key("P-256");
    auto wrong_key = PublicKey::from_pem(t::public_pem(wrong.get()));
    REQUIRE(wrong_key);
    auto refused = verify_bundle(*bundle, *wrong_key, kArtifact);
    REQUIRE_FALSE(refused);
    CHECK_THAT(refused.error().message(), Catch::Contains("does not verify"));
}

TEST_CASE("a DSSE bundle with an in-toto statement verifies and exposes the predicate type", "[trust][bundle]") {
    auto pkey = t::generate_key("P-256");
    auto key = PublicKey::from_pem(t::public_pem(pkey.get()));
    REQUIRE(key);
    const std::string payload = statement(kArtifact, "https://sigstore.dev/cosign/sign/v1");
    auto bundle = parse_bundle(dsse_bundle(pkey.get(), std::string(tr::kInTotoPayloadType), payload));
    REQUIRE(bundle);
    REQUIRE(bundle->dsse_envelope);
    CHECK(verify_bundle(*bundle, *key, kArtifact));

    auto parsed = tr::parse_in_toto_statement(bundle->dsse_envelope->payload);
    REQUIRE(parsed);
    CHECK(parsed->predicate_type == "https://sigstore.dev/cosign/sign/v1");
    REQUIRE(parsed->subjects.size() == 1);
    CHECK(parsed->subjects[0].digest.at("sha256") == tr::to_hex(tr::sha256(kArtifact)));

    auto other = verify_bundle(*bundle, *key, "something else");
    REQUIRE_FALSE(other);
    CHECK_THAT(other.error().message(), Catch::Contains("does not match any subject"));
}

TEST_CASE("a DSSE signature over the bare payload instead of the PAE is refused", "[trust][bundle]") {
    auto pkey = t::generate_key("P-256");
    auto key = PublicKey::from_pem(t::public_pem(pkey.get()));
    REQUIRE(key);
    const std::string payload = statement(kArtifact, "https://sigstore.dev/cosign/sign/v1");
    json doc = json::parse(dsse_bundle(pkey.get(), std::string(tr::kInTotoPayloadType), payload));
    doc["dsseEnvelope"]["signatures"][0]["sig"] = base64_encode(t::sign(pkey.get(), "SHA256", payload));
    auto bundle = parse_bundle(doc.dump());
    REQUIRE(bundle);
    auto verified = verify_bundle(*bundle, *key, kArtifact);
    REQUIRE_FALSE(verified);
    CHECK_THAT(verified.error().message(), Catch::StartsWith("bundle DSSE envelope: signature does not verify"));
}

TEST_CASE("malformed bundles are refused, naming the field", "[trust][bundle]") {
    const auto [text, reason] = GENERATE(table<std::string, std::string>({
        {"{", "not valid JSON"},
        {R"({"mediaType":"application/json"})", "/mediaType"},
        {R"({"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json"})", "exactly one of"},
        {R"({"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json","messageSignature":{"messageDigest":{"algorithm":"MD5","digest":""},"signature":""}})",
         "not supported"},
        {R"({"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json","messageSignature":{"messageDigest":{"algorithm":"SHA2_256","digest":"%%"},"signature":""}})",
         "/messageSignature/messageDigest/digest: invalid base64"},
        {R"({"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json","dsseEnvelope":{"payloadType":"x","payload":"","signatures":[]}})",
         "exactly 1 expected"},
    }));
    auto bundle = parse_bundle(text);
    REQUIRE_FALSE(bundle);
    CHECK(bundle.error().code() == ErrorCode::kUntrustedImage);
    CHECK_THAT(bundle.error().message(), Catch::Contains(reason));
}

TEST_CASE("transparency-log entries parse from protobuf JSON, and malformed ones name the field",
          "[trust][bundle][rekor]") {
    const json entry = {{"logIndex", "4242"},
                        {"logId", {{"keyId", base64_encode("\x01\xab")}}},
                        {"kindVersion", {{"kind", "dsse"}, {"version", "0.0.1"}}},
                        {"integratedTime", 1790000000},
                        {"inclusionPromise", {{"signedEntryTimestamp", base64_encode("set")}}},
                        {"canonicalizedBody", base64_encode("{}")}};
    const auto bundle_with = [](const json& e) {
        return json{{"mediaType", "application/vnd.dev.sigstore.bundle.v0.3+json"},
                    {"verificationMaterial", {{"tlogEntries", json::array({e})}}},
                    {"dsseEnvelope",
                     {{"payloadType", "application/vnd.in-toto+json"},
                      {"payload", base64_encode("{}")},
                      {"signatures", {{{"sig", base64_encode("s")}}}}}}}
            .dump();
    };
    auto parsed = parse_bundle(bundle_with(entry));
    REQUIRE(parsed);
    REQUIRE(parsed->tlog_entries.size() == 1);
    const auto& e = parsed->tlog_entries[0];
    CHECK(e.log_index == 4242);
    CHECK(e.log_id == "01ab");
    CHECK(e.kind == "dsse");
    CHECK(e.integrated_time == 1790000000);
    CHECK(e.signed_entry_timestamp == std::optional<std::string>("set"));
    CHECK(e.canonicalized_body == "{}");

    const auto [field, value, why] = GENERATE(table<std::string, json, std::string>({
        {"logIndex", "-1", "/verificationMaterial/tlogEntries/0/logIndex is not a non-negative 64-bit integer"},
        {"logIndex", "12x", "/verificationMaterial/tlogEntries/0/logIndex is not a non-negative 64-bit integer"},
        {"integratedTime", json::array(), "/integratedTime is not a non-negative 64-bit integer"},
        {"logId", "x", "/verificationMaterial/tlogEntries/0/logId is missing"},
        {"canonicalizedBody", "!!", "/verificationMaterial/tlogEntries/0/canonicalizedBody"},
        {"inclusionPromise", "x", "/inclusionPromise is not an object"},
    }));
    json broken = entry;
    broken[field] = value;
    auto refused = parse_bundle(bundle_with(broken));
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code() == ErrorCode::kUntrustedImage);
    CHECK_THAT(refused.error().message(), Catch::Contains(why));
}
