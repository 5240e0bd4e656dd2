// SPDX-License-Identifier: Apache-2.0
#include <catch2/catch.hpp>

#include "policy_support.hpp"
#include "trust/attestation.hpp"

using namespace hardrun;
using namespace hardrun::testing;

namespace {

const std::string kVuln(trust::kVulnPredicateType);

// The DSSE envelope alone, as `cosign download attestation` prints it.
std::string bare_envelope(const TestKey& key, const std::string& statement, const std::string& signed_bytes) {
    const std::string type(trust::kInTotoPayloadType);
    return nlohmann::json{{"payloadType", type},
                          {"payload", trust::base64_encode(statement)},
                          {"signatures", {{{"keyid", ""}, {"sig", trust::base64_encode(key.sign(signed_bytes))}}}}}
        .dump();
}

std::string bundle_text(const trust::SignatureEvidence& evidence) {
    return std::get<trust::SigstoreBundleSignature>(evidence.content).bundle_json;
}

}  // namespace

TEST_CASE("verify_attestation returns the statement of a signed vuln attestation", "[trust][attestation]") {
    const TestKey key;
    const std::string statement = in_toto_statement("registry/app", kDigest, kVuln);
    const std::string type(trust::kInTotoPayloadType);
    const auto pub = public_key(key.pem);
    SECTION("a bare DSSE envelope") {
        auto out = trust::verify_attestation(bare_envelope(key, statement, trust::dsse_pae(type, statement)), pub, kVuln);
        REQUIRE(out);
        CHECK(*out == statement);
    }
    SECTION("a Sigstore bundle") {
        auto out = trust::verify_attestation(bundle_text(dsse_evidence(key, statement)), pub, kVuln);
        REQUIRE(out);
        CHECK(*out == statement);
    }
}

TEST_CASE("verify_attestation refuses what is not a signed statement of that type", "[trust][attestation]") {
    // GENERATE re-enters the test case for each row; the keys must outlive the re-entries.
    static const TestKey key;
    static const TestKey other;
    const std::string type(trust::kInTotoPayloadType);
    const std::string statement = in_toto_statement("registry/app", kDigest, kVuln);
    const auto pub = public_key(key.pem);
    auto [text, why] = GENERATE_REF(table<std::string, std::string>({
        {bare_envelope(other, statement, trust::dsse_pae(type, statement)), "does not verify"},
        {bare_envelope(key, statement, trust::dsse_pae(type, statement + " ")), "does not verify"},
        {bare_envelope(key, statement, statement), "does not verify"},
        {bundle_text(dsse_evidence(key, in_toto_statement("registry/app", kDigest, "https://slsa.dev/provenance/v1"))),
         "predicate type"},
        {"[1]", "not a JSON object"},
        {"{\"predicate\": {}}", "neither a DSSE envelope"},
        {"{\"payloadType\": \"text/plain\", \"payload\": \"eA==\", \"signatures\": [{\"sig\": \"eA==\"}]}", "payloadType"},
        {"{\"payloadType\": \"x\", \"payload\": \"!!\", \"signatures\": []}", "payload"},
    }));
    CAPTURE(text);
    auto out = trust::verify_attestation(text, pub, kVuln);
    REQUIRE_FALSE(out);
    CHECK_THAT(out.error().message(), Catch::Contains(why));
}
