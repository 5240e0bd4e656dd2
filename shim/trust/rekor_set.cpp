// SPDX-License-Identifier: Apache-2.0
#include "trust/rekor_set.hpp"

#include <cstdint>

#include <nlohmann/json.hpp>

#include "trust/base64.hpp"
#include "trust/strict_json.hpp"

namespace hardrun::trust {
namespace {

Error bad(const std::string& what) {
    return Error(ErrorCode::kUntrustedImage, "Rekor bundle: " + what);
}

struct RekorPayload {
    std::string body;  // still base64
    std::int64_t integrated_time = 0;
    std::int64_t log_index = 0;
    std::string log_id;
};

Result<RekorPayload> parse_payload(const Json& node) {
    if (!node.is_object()) return bad("Payload is not an object");
    if (auto known =
            reject_unknown_fields(node, "Payload", {"body", "integratedTime", "logIndex", "logID"});
        !known) {
        return bad(known.error().message());
    }
    RekorPayload p;
    for (const char* key : {"body", "logID"}) {
        const auto it = node.find(key);
        if (it == node.end() || !it->is_string())
            return bad(std::string("Payload.") + key + " is not a string");
        (std::string_view(key) == "body" ? p.body : p.log_id) = it->get<std::string>();
    }
    for (const char* key : {"integratedTime", "logIndex"}) {
        const auto it = node.find(key);
        if (it == node.end() || !it->is_number_integer())
            return bad(std::string("Payload.") + key + " is not an integer");
        if (it->is_number_unsigned() && it->get<std::uint64_t>() > std::uint64_t{INT64_MAX}) {
            return bad(std::string("Payload.") + key + " is out of range");
        }
        (std::string_view(key) == "integratedTime" ? p.integrated_time : p.log_index) =
            it->get<std::int64_t>();
    }
    return p;
}

std::string string_at(const Json& object, const char* key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// The Rekor key whose log ID the entry names, and whose signature the SET is.
Result<void> verify_set(const RekorPayload& p, std::string_view set,
                        const std::vector<TrustedKey>& rekor_keys) {
    const std::string content =
        rekor_set_signed_content(p.body, p.integrated_time, p.log_id, p.log_index);
    for (const TrustedKey& k : rekor_keys) {
        if (to_hex(sha256(k.key.spki_der())) != p.log_id) continue;
        if (auto verified = k.key.verify(content, set); !verified) {
            return bad("the SignedEntryTimestamp does not verify with Rekor key " + k.source +
                       " (" + verified.error().message() + ")");
        }
        return ok();
    }
    return bad("logID " + p.log_id + " is not the log ID of a trusted Rekor key");
}

// body: a hashedrekord v0.0.1 entry recording this payload, signature and key.
Result<void> check_body(std::string_view body_b64, const PublicKey& signer,
                        std::string_view signature, std::string_view payload) {
    auto text = base64_decode(body_b64);
    if (!text) return bad("body is not base64: " + text.error().message());
    auto body = parse_strict_json(*text);
    if (!body || !body->is_object()) return bad("body is not a JSON object");
    if (string_at(*body, "kind") != "hashedrekord" || string_at(*body, "apiVersion") != "0.0.1") {
        return bad("body is not a hashedrekord 0.0.1 entry");
    }
    const Json::json_pointer algorithm("/spec/data/hash/algorithm"), value("/spec/data/hash/value"),
        sig("/spec/signature/content"), key("/spec/signature/publicKey/content");
    for (const auto& ptr : {algorithm, value, sig, key}) {
        if (!body->contains(ptr) || !body->at(ptr).is_string())
            return bad("body has no string at " + ptr.to_string());
    }
    if (body->at(algorithm) != "sha256")
        return bad("body hashes with " + body->at(algorithm).get<std::string>() + ", not sha256");
    std::string hash = body->at(value).get<std::string>();
    for (char& c : hash) c = (c >= 'A' && c <= 'F') ? static_cast<char>(c - 'A' + 'a') : c;
    if (hash != to_hex(sha256(payload)))
        return bad("the logged data hash is not sha256 of this payload");
    auto logged_sig = base64_decode(body->at(sig).get<std::string>());
    if (!logged_sig || *logged_sig != signature)
        return bad("the logged signature is not this signature");
    auto logged_pem = base64_decode(body->at(key).get<std::string>());
    if (!logged_pem) return bad("the logged public key is not base64");
    auto logged_key = PublicKey::from_pem(*logged_pem);
    if (!logged_key || logged_key->spki_der() != signer.spki_der()) {
        return bad("the logged public key is not the key that made this signature");
    }
    return ok();
}

// A body field that must be a string; "" when it is not.
std::string string_at_pointer(const Json& doc, const char* pointer) {
    const Json::json_pointer ptr(pointer);
    return doc.contains(ptr) && doc.at(ptr).is_string() ? doc.at(ptr).get<std::string>() : std::string();
}

std::string lower(std::string text) {
    for (char& c : text) c = (c >= 'A' && c <= 'F') ? static_cast<char>(c - 'A' + 'a') : c;
    return text;
}

// body: a dsse v0.0.1 entry recording this payload's hash, this signature and the signing key.
Result<void> check_dsse_body(std::string_view body_text, const PublicKey& signer, const DsseEnvelope& envelope) {
    auto body = parse_strict_json(body_text);
    if (!body || !body->is_object()) return bad("body is not a JSON object");
    if (string_at(*body, "kind") != "dsse" || string_at(*body, "apiVersion") != "0.0.1") {
        return bad("body is not a dsse 0.0.1 entry");
    }
    if (string_at_pointer(*body, "/spec/payloadHash/algorithm") != "sha256" ||
        lower(string_at_pointer(*body, "/spec/payloadHash/value")) != to_hex(sha256(envelope.payload))) {
        return bad("the logged payload hash is not sha256 of this payload");
    }
    const Json::json_pointer signatures("/spec/signatures");
    if (!body->contains(signatures) || !body->at(signatures).is_array()) return bad("body has no /spec/signatures");
    for (const Json& logged : body->at(signatures)) {
        if (!logged.is_object()) continue;
        auto sig = base64_decode(string_at(logged, "signature"));
        if (!sig || *sig != envelope.signature) continue;
        // Rekor names the key "verifier"; its schema once said "publicKey".
        const std::string key_b64 = logged.contains("verifier") ? string_at(logged, "verifier") : string_at(logged, "publicKey");
        auto pem = base64_decode(key_b64);
        auto key = pem ? PublicKey::from_pem(*pem) : Result<PublicKey>(Error(ErrorCode::kUntrustedImage, "no key"));
        if (key && key->spki_der() == signer.spki_der()) return ok();
        return bad("the logged signature was made with another key");
    }
    return bad("the logged signatures do not include this signature");
}

}  // namespace

Result<void> verify_bundle_tlog(const std::vector<TlogEntry>& entries, const std::vector<TrustedKey>& rekor_keys,
                                const PublicKey& signer, const DsseEnvelope& envelope) {
    if (entries.empty()) return bad("the bundle has no transparency-log entry");
    std::string why;
    for (const TlogEntry& entry : entries) {
        Result<void> checked = ok();
        if (!entry.signed_entry_timestamp) {
            checked = bad("entry " + std::to_string(entry.log_index) + " has no inclusion promise");
        } else if (entry.kind != "dsse" || entry.version != "0.0.1") {
            checked = bad("entry " + std::to_string(entry.log_index) + " is a " + entry.kind + " " + entry.version +
                          " entry, not dsse 0.0.1");
        } else {
            const RekorPayload p{base64_encode(entry.canonicalized_body), entry.integrated_time, entry.log_index,
                                 entry.log_id};
            checked = verify_set(p, *entry.signed_entry_timestamp, rekor_keys);
            if (checked) checked = check_dsse_body(entry.canonicalized_body, signer, envelope);
        }
        if (checked) return ok();
        why = checked.error().message();
    }
    return Error(ErrorCode::kUntrustedImage, why);
}

std::string rekor_set_signed_content(std::string_view body, std::int64_t integrated_time,
                                     std::string_view log_id, std::int64_t log_index) {
    // nlohmann::json keeps object keys sorted and dump() writes no spaces: RFC 8785 form for
    // these four fields (strings of base64/hex and integers).
    const nlohmann::json doc = {{"body", body},
                                {"integratedTime", integrated_time},
                                {"logID", log_id},
                                {"logIndex", log_index}};
    return doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Result<void> verify_rekor_bundle(std::string_view bundle_json,
                                 const std::vector<TrustedKey>& rekor_keys, const PublicKey& signer,
                                 std::string_view signature, std::string_view payload) {
    auto doc = parse_strict_json(bundle_json);
    if (!doc) return bad(doc.error().message());
    if (!doc->is_object()) return bad("not a JSON object");
    if (auto known = reject_unknown_fields(*doc, "$", {"SignedEntryTimestamp", "Payload"});
        !known) {
        return bad(known.error().message());
    }
    const auto set_it = doc->find("SignedEntryTimestamp");
    if (set_it == doc->end() || !set_it->is_string())
        return bad("SignedEntryTimestamp is not a string");
    auto set = base64_decode(set_it->get<std::string>());
    if (!set) return bad("SignedEntryTimestamp is not base64: " + set.error().message());
    const auto payload_it = doc->find("Payload");
    if (payload_it == doc->end()) return bad("Payload is missing");
    auto entry = parse_payload(*payload_it);
    if (!entry) return entry.error();
    HARDRUN_RETURN_IF_ERROR(verify_set(*entry, *set, rekor_keys));
    return check_body(entry->body, signer, signature, payload);
}

}  // namespace hardrun::trust
