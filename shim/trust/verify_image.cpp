// SPDX-License-Identifier: Apache-2.0
#include "trust/verify_image.hpp"

#include <set>

#include "trust/policy_scope.hpp"
#include "trust/sigstore_check.hpp"
#include "trust/strict_json.hpp"

namespace hardrun::trust {
namespace {

// The requirements that apply, where they are in the file, and how to name the scope.
struct Lookup {
    const PolicyRequirements* requirements;
    std::string path;   // "$.transports.docker[\"quay.io\"]"
    std::string scope;  // "quay.io", "docker default", "default"
};

Lookup select_requirements(const SignaturePolicy& policy, const ImageReference& intended) {
    if (const auto docker = policy.transports.find("docker"); docker != policy.transports.end()) {
        const auto& scopes = docker->second;
        for (const std::string& candidate : docker_scope_candidates(intended)) {
            if (const auto it = scopes.find(candidate); it != scopes.end()) {
                return {&it->second, json_path_member("$.transports.docker", candidate), candidate};
            }
        }
        if (const auto it = scopes.find(""); it != scopes.end()) {
            return {&it->second, json_path_member("$.transports.docker", ""), "docker default"};
        }
    }
    return {&policy.default_requirements, "$.default", "default"};
}

Error bad_image(const std::string& why) { return Error(ErrorCode::kInvalidArgument, why); }

// The identity signatures are matched against: the engine's reference (a tag, or a digest
// that must be this manifest's; a bare name means ":latest" as in Docker), or repo@digest.
Result<ImageReference> intended_reference(const ImageToVerify& image) {
    if (!is_sha256_digest(image.manifest_digest)) {
        return bad_image("manifest digest \"" + image.manifest_digest +
                         "\" is not sha256:<64 lower-case hex>");
    }
    auto repo = parse_image_reference(image.repository);
    if (!repo || !repo->tag.empty() || !repo->digest.empty() ||
        repo->repository() != image.repository) {
        return bad_image("\"" + image.repository + "\" is not a normalised repository name");
    }
    if (image.reference.empty()) {
        repo->digest = image.manifest_digest;
        return repo;
    }
    auto ref = parse_image_reference(image.reference);
    if (!ref) return ref.error();
    if (ref->repository() != image.repository) {
        return bad_image("reference \"" + image.reference + "\" is not in repository " +
                         image.repository);
    }
    if (!ref->digest.empty()) {
        if (ref->digest != image.manifest_digest) {
            return bad_image("reference \"" + image.reference + "\" pins another digest than " +
                             image.manifest_digest);
        }
        ref->tag.clear();
    } else if (ref->tag.empty()) {
        ref->tag = "latest";
    }
    return ref;
}

struct Outcome {
    bool accepted = false;
    std::string reason;  // for a refusal
};

Outcome check_sigstore(const SigstoreSigned& req, const ImageReference& intended,
                       const ImageToVerify& image, const std::string& who, const Lookup& lookup,
                       std::span<const SignatureEvidence> signatures,
                       std::vector<std::string>& evidence) {
    const std::string untrusted =
        who + " is not signed by a key trusted for " + lookup.scope + ": ";
    if (req.fulcio || req.pki) {
        const std::string what = req.fulcio ? "keyless (Fulcio)" : "X.509 PKI";
        evidence.push_back("sigstoreSigned with " + what +
                           " certificates is not supported by hardrun");
        return {false, who + " requires a " + what + " signature for scope " + lookup.scope +
                           ", which hardrun does not support"};
    }
    if (signatures.empty()) {
        evidence.push_back("no signatures found for " + who);
        return {false, untrusted + "no signature was found"};
    }
    std::set<std::string> causes;
    for (const SignatureEvidence& signature : signatures) {
        SignatureCheck check = check_signature(req, intended, image.manifest_digest, signature);
        evidence.push_back(std::move(check.line));
        if (check.accepted) return {true, {}};
        causes.insert(std::move(check.cause));
    }
    std::string summary;
    for (const std::string& cause : causes) summary += (summary.empty() ? "" : "; ") + cause;
    if (signatures.size() > 1)
        summary = std::to_string(signatures.size()) + " signatures checked: " + summary;
    return {false, untrusted + summary};
}

Outcome check_requirement(const PolicyRequirement& requirement, const ImageReference& intended,
                          const ImageToVerify& image, const Lookup& lookup,
                          std::span<const SignatureEvidence> signatures,
                          std::vector<std::string>& evidence) {
    const std::string who = "image " + image.repository + "@" + image.manifest_digest;
    if (std::holds_alternative<InsecureAcceptAnything>(requirement)) {
        evidence.push_back("no signature required for scope " + lookup.scope);
        return {true, {}};
    }
    if (std::holds_alternative<Reject>(requirement)) {
        evidence.push_back("scope " + lookup.scope + " rejects every image");
        return {false, who + " is rejected by the signature policy (scope " + lookup.scope + ")"};
    }
    if (std::holds_alternative<SignedBy>(requirement)) {
        evidence.push_back("signedBy (GPG simple signing) is not verified by hardrun");
        return {false, who + " requires a GPG signature (signedBy) for scope " + lookup.scope +
                           ", which hardrun does not verify"};
    }
    if (std::holds_alternative<SignedBaseLayer>(requirement)) {
        evidence.push_back("signedBaseLayer is not implemented (by containers/image either)");
        return {false, who + " requires signedBaseLayer for scope " + lookup.scope +
                           ", which is not implemented"};
    }
    return check_sigstore(std::get<SigstoreSigned>(requirement), intended, image, who, lookup,
                          signatures, evidence);
}

}  // namespace

Verdict verify_image(const SignaturePolicy& policy, const ImageToVerify& image,
                     std::span<const SignatureEvidence> signatures) {
    Verdict verdict;
    auto intended = intended_reference(image);
    if (!intended) {
        verdict.reason = "image identity cannot be verified: " + intended.error().message();
        return verdict;
    }
    const Lookup lookup = select_requirements(policy, *intended);
    std::string types;
    for (const PolicyRequirement& r : *lookup.requirements) {
        types += (types.empty() ? "" : ", ") + std::string(requirement_type_name(r));
    }
    verdict.requirement = lookup.path + ": " + types;
    for (const PolicyRequirement& requirement : *lookup.requirements) {
        Outcome outcome =
            check_requirement(requirement, *intended, image, lookup, signatures, verdict.evidence);
        if (!outcome.accepted) {
            verdict.reason = std::move(outcome.reason);
            return verdict;
        }
    }
    verdict.accepted = true;
    verdict.reason = "image " + image.repository + "@" + image.manifest_digest +
                     " is accepted by the signature policy (scope " + lookup.scope + ": " + types +
                     ")";
    return verdict;
}

}  // namespace hardrun::trust
