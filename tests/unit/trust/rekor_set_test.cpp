// SPDX-License-Identifier: Apache-2.0
#include "trust/rekor_set.hpp"

#include <catch2/catch.hpp>

#include "policy_support.hpp"

using hardrun::ErrorCode;
using hardrun::trust::PublicKey;
using hardrun::trust::rekor_set_signed_content;
using hardrun::trust::TrustedKey;
using hardrun::trust::verify_rekor_bundle;
using nlohmann::json;
namespace t = hardrun::testing;

namespace {

struct Setup {
    t::TestKey signer{"P-256"};
    t::TestKey rekor{"P-256"};
    std::string payload = t::cosign_payload("127.0.0.1:5000/app", t::kDigest);
    std::string signature = signer.sign(payload);
    std::vector<TrustedKey> rekor_keys;
    PublicKey signer_key = t::public_key(signer.pem);

    Setup() { rekor_keys.push_back(TrustedKey{"/keys/rekor.pub", t::public_key(rekor.pem)}); }
    std::string body() const { return t::rekor_body(payload, signature, signer.pem); }
    std::string bundle() const { return t::rekor_bundle(rekor, body(), rekor.log_id()); }
    hardrun::Result<void> verify(const std::string& bundle_json) const {
        return verify_rekor_bundle(bundle_json, rekor_keys, signer_key, signature, payload);
    }
};

}  // namespace

TEST_CASE("the SET signs the canonical JSON of the four payload fields", "[trust][rekor]") {
    CHECK(rekor_set_signed_content("Ym9keQ==", 1674251859, "c0d2", 11608800) ==
          R"({"body":"Ym9keQ==","integratedTime":1674251859,"logID":"c0d2","logIndex":11608800})");
}

TEST_CASE("a Rekor bundle made the way Rekor makes it verifies", "[trust][rekor]") {
    const Setup s;
    CHECK(s.verify(s.bundle()));

    SECTION("with any of several Rekor keys, chosen by log ID") {
        Setup multi;
        t::TestKey other{"P-384"};
        multi.rekor_keys.insert(multi.rekor_keys.begin(),
                                TrustedKey{"other", t::public_key(other.pem)});
        CHECK(multi.verify(multi.bundle()));
    }
}

TEST_CASE("a Rekor bundle that does not prove this signature was logged is refused, saying why",
          "[trust][rekor]") {
    const Setup s;
    struct Case {
        std::string name;
        std::string bundle;
        std::string message;
    };
    t::TestKey impostor{"P-256"};
    const std::string body = s.body();
    json doc = json::parse(s.bundle());
    auto edited = [&](auto edit) {
        json copy = doc;
        edit(copy);
        return copy.dump();
    };
    // A body for another payload, signature or key, correctly signed by the Rekor key.
    const std::string other_payload = t::rekor_bundle(
        s.rekor, t::rekor_body("other", s.signature, s.signer.pem), s.rekor.log_id());
    const std::string other_signature =
        t::rekor_bundle(s.rekor, t::rekor_body(s.payload, "sig", s.signer.pem), s.rekor.log_id());
    const std::string other_key = t::rekor_bundle(
        s.rekor, t::rekor_body(s.payload, s.signature, impostor.pem), s.rekor.log_id());
    json not_hashedrekord = json::parse(*hardrun::trust::base64_decode(body));
    not_hashedrekord["kind"] = "intoto";
    json sha512 = json::parse(*hardrun::trust::base64_decode(body));
    sha512["spec"]["data"]["hash"]["algorithm"] = "sha512";
    json no_hash = json::parse(*hardrun::trust::base64_decode(body));
    no_hash["spec"]["data"].erase("hash");

    const std::vector<Case> cases = {
        {"not JSON", "{", "Rekor bundle: not valid JSON"},
        {"not an object", "[]", "Rekor bundle: not a JSON object"},
        {"unknown field", edited([](json& d) { d["Extra"] = 1; }), R"(unknown field "Extra")"},
        {"no SET", edited([](json& d) { d.erase("SignedEntryTimestamp"); }),
         "SignedEntryTimestamp is not a string"},
        {"SET not base64", edited([](json& d) { d["SignedEntryTimestamp"] = "!!"; }),
         "SignedEntryTimestamp is not base64"},
        {"no Payload", edited([](json& d) { d.erase("Payload"); }), "Payload is missing"},
        {"Payload not an object", edited([](json& d) { d["Payload"] = 1; }),
         "Payload is not an object"},
        {"Payload extra field", edited([](json& d) { d["Payload"]["x"] = 1; }),
         R"(unknown field "x")"},
        {"integratedTime a string", edited([](json& d) { d["Payload"]["integratedTime"] = "1"; }),
         "Payload.integratedTime is not an integer"},
        {"logIndex a float", edited([](json& d) { d["Payload"]["logIndex"] = 1.5; }),
         "Payload.logIndex is not an integer"},
        {"logID not a string", edited([](json& d) { d["Payload"]["logID"] = 1; }),
         "Payload.logID is not a string"},
        {"unknown log", edited([](json& d) { d["Payload"]["logID"] = std::string(64, '0'); }),
         "is not the log ID of a trusted Rekor key"},
        {"SET over other content", edited([](json& d) { d["Payload"]["integratedTime"] = 1; }),
         "the SignedEntryTimestamp does not verify with Rekor key /keys/rekor.pub"},
        {"SET by another key with the Rekor log ID",
         t::rekor_bundle(impostor, body, s.rekor.log_id()),
         "the SignedEntryTimestamp does not verify"},
        {"body for another payload", other_payload,
         "the logged data hash is not sha256 of this payload"},
        {"body for another signature", other_signature,
         "the logged signature is not this signature"},
        {"body for another key", other_key,
         "the logged public key is not the key that made this signature"},
        {"body not base64", t::rekor_bundle(s.rekor, "@@", s.rekor.log_id()), "body is not base64"},
        {"body not JSON",
         t::rekor_bundle(s.rekor, hardrun::trust::base64_encode("nope"), s.rekor.log_id()),
         "body is not a JSON object"},
        {"body not a hashedrekord",
         t::rekor_bundle(s.rekor, hardrun::trust::base64_encode(not_hashedrekord.dump()),
                         s.rekor.log_id()),
         "body is not a hashedrekord 0.0.1 entry"},
        {"body hashing with sha512",
         t::rekor_bundle(s.rekor, hardrun::trust::base64_encode(sha512.dump()), s.rekor.log_id()),
         "body hashes with sha512, not sha256"},
        {"body without a hash",
         t::rekor_bundle(s.rekor, hardrun::trust::base64_encode(no_hash.dump()), s.rekor.log_id()),
         "body has no string at /spec/data/hash/algorithm"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.name);
        auto verified = s.verify(c.bundle);
        REQUIRE_FALSE(verified);
        CHECK(verified.error().code() == ErrorCode::kUntrustedImage);
        CHECK_THAT(verified.error().message(),
                   Catch::StartsWith("Rekor bundle: ") && Catch::Contains(c.message));
    }
}
