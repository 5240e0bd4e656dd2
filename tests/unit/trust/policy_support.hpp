// SPDX-License-Identifier: Apache-2.0
// Test-time signing material in the exact shapes cosign writes, built on trust_support.hpp:
// simple-signing payloads, Rekor bundles with a SET signed by a test "Rekor" key, DSSE
// Sigstore bundles, and an in-memory KeyFileReader for policies that name key files.
#pragma once

#include <functional>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "trust/base64.hpp"
#include "trust/bundle.hpp"
#include "trust/containers_policy.hpp"
#include "trust/public_key.hpp"
#include "trust/rekor_set.hpp"
#include "trust/signature.hpp"
#include "trust_support.hpp"

namespace hardrun::testing {

inline const std::string kDigest = "sha256:" + std::string(64, 'a');
inline const std::string kOtherDigest = "sha256:" + std::string(64, 'b');

// The message digest a key kind signs with ("" for Ed25519).
inline std::string md_for(std::string_view kind) {
    if (kind == "P-384") return "SHA384";
    if (kind == "P-521") return "SHA512";
    if (kind == "ED25519") return "";
    return "SHA256";
}

// What `cosign sign` signs: note "optional": null and the field order cosign uses.
inline std::string cosign_payload(const std::string& reference, const std::string& digest) {
    return R"({"critical":{"identity":{"docker-reference":")" + reference +
           R"("},"image":{"docker-manifest-digest":")" + digest +
           R"("},"type":"cosign container image signature"},"optional":null})";
}

inline trust::PublicKey public_key(const std::string& pem) {
    return trust::PublicKey::from_pem(pem).value();
}

struct TestKey {
    Pkey pkey;
    std::string kind;
    std::string pem;

    explicit TestKey(std::string_view k = "P-256")
        : pkey(generate_key(k)), kind(k), pem(public_pem(pkey.get())) {}
    std::string sign(std::string_view message) const {
        return testing::sign(pkey.get(), md_for(kind), message);
    }
    std::string key_data() const { return trust::base64_encode(pem); }
    std::string log_id() const {
        auto key = trust::PublicKey::from_pem(pem);
        return trust::to_hex(trust::sha256(key->spki_der()));
    }
};

// A hashedrekord v0.0.1 body for (payload, signature, signer), base64 as Rekor returns it.
inline std::string rekor_body(const std::string& payload, const std::string& signature,
                              const std::string& signer_pem) {
    const nlohmann::json body = {
        {"apiVersion", "0.0.1"},
        {"kind", "hashedrekord"},
        {"spec",
         {{"data",
           {{"hash", {{"algorithm", "sha256"}, {"value", trust::to_hex(trust::sha256(payload))}}}}},
          {"signature",
           {{"content", trust::base64_encode(signature)},
            {"publicKey", {{"content", trust::base64_encode(signer_pem)}}}}}}},
    };
    return trust::base64_encode(body.dump());
}

// The dev.sigstore.cosign/bundle annotation, its SET signed by `rekor`.
inline std::string rekor_bundle(const TestKey& rekor, const std::string& body,
                                const std::string& log_id,
                                std::int64_t integrated_time = 1674251859,
                                std::int64_t log_index = 11608800) {
    const std::string content =
        trust::rekor_set_signed_content(body, integrated_time, log_id, log_index);
    const nlohmann::json doc = {
        {"SignedEntryTimestamp", trust::base64_encode(rekor.sign(content))},
        {"Payload",
         {{"body", body},
          {"integratedTime", integrated_time},
          {"logIndex", log_index},
          {"logID", log_id}}},
    };
    return doc.dump();
}

inline trust::SignatureEvidence cosign_evidence(
    const TestKey& key, const std::string& payload,
    std::optional<std::string> bundle = std::nullopt,
    std::string source = "registry/app:sha256-aaaa.sig") {
    return {trust::CosignSignature{payload, key.sign(payload), std::move(bundle)},
            std::move(source)};
}

inline std::string in_toto_statement(const std::string& name, const std::string& digest,
                                     const std::string& predicate_type) {
    return nlohmann::json{
        {"_type", "https://in-toto.io/Statement/v1"},
        {"subject", {{{"name", name}, {"digest", {{"sha256", digest.substr(7)}}}}}},
        {"predicateType", predicate_type},
        {"predicate", nlohmann::json::object()}}
        .dump();
}

// A Sigstore bundle v0.3 with a DSSE envelope over `statement`, signed by `key`.
inline trust::SignatureEvidence dsse_evidence(const TestKey& key, const std::string& statement,
                                              std::string source = "registry/app referrer") {
    const std::string type(trust::kInTotoPayloadType);
    const nlohmann::json doc = {
        {"mediaType", "application/vnd.dev.sigstore.bundle.v0.3+json"},
        {"verificationMaterial", {{"publicKey", {{"hint", "test"}}}}},
        {"dsseEnvelope",
         {{"payloadType", type},
          {"payload", trust::base64_encode(statement)},
          {"signatures",
           {{{"sig", trust::base64_encode(key.sign(trust::dsse_pae(type, statement)))}}}}}},
    };
    return {trust::SigstoreBundleSignature{doc.dump()}, std::move(source)};
}

// A Rekor dsse v0.0.1 body recording (payload, signature, signer), as JSON text.
inline std::string rekor_dsse_body(const std::string& payload, const std::string& signature,
                                   const std::string& signer_pem) {
    return nlohmann::json{
        {"apiVersion", "0.0.1"},
        {"kind", "dsse"},
        {"spec",
         {{"envelopeHash", {{"algorithm", "sha256"}, {"value", std::string(64, '0')}}},
          {"payloadHash", {{"algorithm", "sha256"}, {"value", trust::to_hex(trust::sha256(payload))}}},
          {"signatures",
           {{{"signature", trust::base64_encode(signature)}, {"verifier", trust::base64_encode(signer_pem)}}}}}},
    }
        .dump();
}

// dsse_evidence with a transparency-log entry: `body` (JSON text) logged by `rekor`, whose
// inclusion promise (SET) it signs.
inline trust::SignatureEvidence logged_dsse_evidence(const TestKey& key, const std::string& statement,
                                                     const TestKey& rekor,
                                                     const std::function<std::string(const std::string&)>& body_for,
                                                     std::string kind = "dsse") {
    const std::string type(trust::kInTotoPayloadType);
    const std::string signature = key.sign(trust::dsse_pae(type, statement));
    const std::string body = body_for(signature);
    const std::int64_t integrated_time = 1790000000;
    const std::int64_t log_index = 4242;
    const std::string set = rekor.sign(
        trust::rekor_set_signed_content(trust::base64_encode(body), integrated_time, rekor.log_id(), log_index));
    std::string key_id;
    for (std::size_t i = 0; i + 1 < rekor.log_id().size(); i += 2) {
        key_id.push_back(static_cast<char>(std::stoi(rekor.log_id().substr(i, 2), nullptr, 16)));
    }
    const nlohmann::json doc = {
        {"mediaType", "application/vnd.dev.sigstore.bundle.v0.3+json"},
        {"verificationMaterial",
         {{"publicKey", {{"hint", "test"}}},
          {"tlogEntries",
           {{{"logIndex", std::to_string(log_index)},
             {"logId", {{"keyId", trust::base64_encode(key_id)}}},
             {"kindVersion", {{"kind", kind}, {"version", "0.0.1"}}},
             {"integratedTime", std::to_string(integrated_time)},
             {"inclusionPromise", {{"signedEntryTimestamp", trust::base64_encode(set)}}},
             {"canonicalizedBody", trust::base64_encode(body)}}}}}},
        {"dsseEnvelope",
         {{"payloadType", type},
          {"payload", trust::base64_encode(statement)},
          {"signatures", {{{"sig", trust::base64_encode(signature)}}}}}},
    };
    return {trust::SigstoreBundleSignature{doc.dump()}, "registry/app referrer"};
}

// Serves key files from memory; a path not in the map is kNotFound.
inline trust::KeyFileReader files(std::map<std::string, std::string> contents) {
    return [contents = std::move(contents)](const std::string& path) -> Result<std::string> {
        const auto it = contents.find(path);
        if (it == contents.end())
            return Error(ErrorCode::kNotFound, "open " + path + ": No such file or directory");
        return it->second;
    };
}

}  // namespace hardrun::testing
