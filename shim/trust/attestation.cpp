// SPDX-License-Identifier: Apache-2.0
#include "trust/attestation.hpp"

#include <nlohmann/json.hpp>

#include "trust/bundle.hpp"

namespace hardrun::trust {
namespace {

Error untrusted(const std::string& why) { return Error(ErrorCode::kUntrustedImage, "attestation: " + why); }

Result<DsseEnvelope> envelope_of(std::string_view json_text) {
    const auto doc = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
    if (doc.is_discarded() || !doc.is_object()) return untrusted("not a JSON object");
    if (doc.contains("dsseEnvelope")) {
        auto bundle = parse_bundle(json_text);
        if (!bundle) return bundle.error();
        return std::move(*bundle->dsse_envelope);
    }
    if (doc.contains("payloadType")) return parse_dsse_envelope(json_text);
    return untrusted("neither a DSSE envelope nor a Sigstore bundle with one");
}

}  // namespace

Result<std::string> verify_attestation(std::string_view json_text, const PublicKey& key,
                                       std::string_view predicate_type) {
    auto envelope = envelope_of(json_text);
    if (!envelope) return envelope.error();
    if (envelope->payload_type != kInTotoPayloadType) {
        return untrusted("payloadType \"" + envelope->payload_type + "\" is not " + std::string(kInTotoPayloadType));
    }
    if (auto verified = key.verify(dsse_pae(envelope->payload_type, envelope->payload), envelope->signature);
        !verified) {
        return untrusted("the signature does not verify with the " + key.algorithm() + " key given");
    }
    auto statement = parse_in_toto_statement(envelope->payload);
    if (!statement) return statement.error();
    if (statement->predicate_type != predicate_type) {
        return untrusted("predicate type \"" + statement->predicate_type + "\" is not " + std::string(predicate_type));
    }
    return std::move(envelope->payload);
}

}  // namespace hardrun::trust
