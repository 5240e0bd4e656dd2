// SPDX-License-Identifier: Apache-2.0
#include "trust/sigstore_check.hpp"

#include "trust/bundle.hpp"
#include "trust/rekor_set.hpp"
#include "trust/simple_signing.hpp"
#include "trust/verify_image.hpp"

namespace hardrun::trust {
namespace {

SignatureCheck refused(const std::string& what, std::string cause, const std::string& detail) {
    return SignatureCheck{false, std::move(cause), what + ": rejected: " + detail};
}

// The trusted key that verifies `signature` over `message`, or why none does.
struct Signer {
    const TrustedKey* key = nullptr;
    bool malformed = true;  // every failure was a malformed signature, not a mismatch
    std::string failure;
};

Signer find_signer(const std::vector<TrustedKey>& keys, std::string_view message,
                   std::string_view signature) {
    Signer signer;
    for (const TrustedKey& k : keys) {
        auto verified = k.key.verify(message, signature);
        if (verified) return Signer{&k, false, {}};
        const std::string& why = verified.error().message();
        if (why.rfind("malformed signature", 0) != 0) signer.malformed = false;
        if (signer.failure.empty() || !signer.malformed) signer.failure = why;
    }
    return signer;
}

std::string key_list(const std::vector<TrustedKey>& keys) {
    std::string out;
    for (const TrustedKey& k : keys) {
        if (!out.empty()) out += ", ";
        out += k.key.algorithm() + " " + k.source;
    }
    return out;
}

SignatureCheck signer_failure(const std::string& what, const Signer& signer,
                              const std::vector<TrustedKey>& keys) {
    if (signer.malformed) return refused(what, "malformed signature encoding", signer.failure);
    return refused(what, "not signed by a trusted key",
                   "does not verify with any trusted key (" + key_list(keys) +
                       "): made by another key, or the signed content was altered");
}

std::string signer_label(const std::string& what, const TrustedKey& key) {
    return what + ", " + key.key.algorithm() + " key " + key.source;
}

SignatureCheck identity_failure(const std::string& what, const SigstoreSigned& req,
                                const ImageReference& intended, const std::string& claimed) {
    std::string detail = "the signature claims identity \"" + claimed +
                         "\", which signedIdentity " +
                         std::string(identity_match_name(req.identity.type)) +
                         " does not accept for " + intended.to_string();
    const auto parsed = parse_image_reference(claimed);
    const bool repo_only = parsed && parsed->tag.empty() && parsed->digest.empty();
    if (repo_only && (req.identity.type == IdentityMatch::kMatchRepoDigestOrExact ||
                      req.identity.type == IdentityMatch::kMatchExact)) {
        detail +=
            " (cosign signs the repository without a tag: use matchRepository or exactRepository)";
    }
    return refused(what, "signed identity not accepted", detail);
}

SignatureCheck check_cosign(const SigstoreSigned& req, const ImageReference& intended,
                            std::string_view digest, const CosignSignature& sig,
                            const std::string& source) {
    const std::string what = source + ": cosign signature";
    const Signer signer = find_signer(req.keys, sig.payload, sig.signature);
    if (signer.key == nullptr) return signer_failure(what, signer, req.keys);
    const std::string label = signer_label(what, *signer.key);
    if (!req.rekor_keys.empty()) {
        if (!sig.rekor_bundle) {
            return refused(label, "no Rekor bundle",
                           "no Rekor bundle (dev.sigstore.cosign/bundle), which the policy's Rekor "
                           "key requires");
        }
        if (auto logged = verify_rekor_bundle(*sig.rekor_bundle, req.rekor_keys, signer.key->key,
                                              sig.signature, sig.payload);
            !logged) {
            return refused(label, "Rekor bundle does not verify", logged.error().message());
        }
    }
    auto payload = parse_simple_signing(sig.payload);
    if (!payload) return refused(label, "malformed payload", payload.error().message());
    if (payload->manifest_digest != digest) {
        return refused(
            label, "signed for another digest",
            "signs " + payload->manifest_digest + ", not the image's " + std::string(digest));
    }
    if (!signed_identity_matches(req.identity, intended, payload->reference)) {
        return identity_failure(label, req, intended, payload->reference);
    }
    return SignatureCheck{true, {}, label + ": accepted (identity \"" + payload->reference + "\")"};
}

const InTotoSubject* subject_with_digest(const InTotoStatement& statement,
                                         std::string_view digest) {
    const std::string_view hex = digest.substr(digest.find(':') + 1);
    for (const InTotoSubject& subject : statement.subjects) {
        const auto it = subject.digest.find("sha256");
        if (it != subject.digest.end() && it->second == hex) return &subject;
    }
    return nullptr;
}

SignatureCheck check_bundle(const SigstoreSigned& req, const ImageReference& intended,
                            std::string_view digest, const SigstoreBundleSignature& sig,
                            const std::string& source) {
    const std::string what = source + ": Sigstore bundle";
    auto bundle = parse_bundle(sig.bundle_json);
    if (!bundle) return refused(what, "malformed Sigstore bundle", bundle.error().message());
    if (!bundle->dsse_envelope) {
        return refused(what, "not an image signature",
                       "a messageSignature bundle signs a blob, not an image");
    }
    const DsseEnvelope& envelope = *bundle->dsse_envelope;
    if (envelope.payload_type != kInTotoPayloadType) {
        return refused(
            what, "not an image signature",
            "DSSE payload type \"" + envelope.payload_type + "\" is not an in-toto statement");
    }
    const Signer signer = find_signer(req.keys, dsse_pae(envelope.payload_type, envelope.payload),
                                      envelope.signature);
    if (signer.key == nullptr) return signer_failure(what, signer, req.keys);
    const std::string label = signer_label(what, *signer.key);
    if (!req.rekor_keys.empty()) {
        if (auto logged = verify_bundle_tlog(bundle->tlog_entries, req.rekor_keys, signer.key->key, envelope);
            !logged) {
            return refused(label, "Rekor entry does not verify", logged.error().message());
        }
    }
    auto statement = parse_in_toto_statement(envelope.payload);
    if (!statement) return refused(label, "malformed payload", statement.error().message());
    if (statement->predicate_type != kCosignSignPredicateType) {
        return refused(label, "an attestation, not a signature",
                       "predicate type \"" + statement->predicate_type +
                           "\" is an attestation, not a signature (" +
                           std::string(kCosignSignPredicateType) + ")");
    }
    const InTotoSubject* subject = subject_with_digest(*statement, digest);
    if (subject == nullptr) {
        return refused(label, "signed for another digest",
                       "no subject of the statement has the image's digest " + std::string(digest));
    }
    if (!signed_identity_matches(req.identity, intended, subject->name)) {
        return identity_failure(label, req, intended, subject->name);
    }
    return SignatureCheck{true, {}, label + ": accepted (identity \"" + subject->name + "\")"};
}

}  // namespace

SignatureCheck check_signature(const SigstoreSigned& requirement, const ImageReference& intended,
                               std::string_view manifest_digest,
                               const SignatureEvidence& evidence) {
    if (const auto* cosign = std::get_if<CosignSignature>(&evidence.content)) {
        return check_cosign(requirement, intended, manifest_digest, *cosign, evidence.source);
    }
    return check_bundle(requirement, intended, manifest_digest,
                        std::get<SigstoreBundleSignature>(evidence.content), evidence.source);
}

}  // namespace hardrun::trust
