// SPDX-License-Identifier: Apache-2.0
// Deciding whether an image may run under the signature policy: the requirements of the most
// specific docker scope (see policy_scope.hpp) must all accept the image (AND), as in
// containers/image. Runs on every container start, so it is pure: the keys were parsed when
// the policy was loaded and the signatures were fetched beforehand; no file or network I/O.
//
//   insecureAcceptAnything  accepts
//   reject                  refuses
//   sigstoreSigned          accepts when one signature passes every check (see below)
//   signedBy, signedBaseLayer, sigstoreSigned with fulcio or pki: refuse, saying hardrun does
//                           not evaluate them (no GPG, no certificates), never accept silently
//
// A cosign signature passes when it verifies over the exact payload bytes with a trusted key,
// the Rekor bundle checks out if the policy names a Rekor key (rekor_set.hpp), the payload is
// a simple-signing payload for this manifest digest, and its docker-reference satisfies the
// requirement's signedIdentity. A Sigstore bundle passes when it is a DSSE envelope verified
// by a trusted key whose in-toto statement has predicate type
// https://sigstore.dev/cosign/sign/v1 (an attestation is not a signature) and a subject with
// this sha256 digest whose name satisfies signedIdentity; with a Rekor key in the policy, the
// bundle must also carry a dsse transparency-log entry for that envelope whose SET verifies
// (rekor_set.hpp).
#pragma once

#include <span>
#include <string>
#include <vector>

#include "trust/containers_policy.hpp"
#include "trust/signature.hpp"

namespace hardrun::trust {

struct ImageToVerify {
    std::string repository;       // normalised: "127.0.0.1:5000/app", "docker.io/library/busybox"
    // The name the engine used ("app:1.0", "app@sha256:..."), the identity signatures are
    // matched against: a bare name means ":latest" as in Docker; a digest must be this
    // manifest's and wins over a tag; empty means repository@manifest_digest.
    std::string reference;
    std::string manifest_digest;  // "sha256:<64 hex>"
};

struct Verdict {
    bool accepted = false;
    std::string reason;       // one sentence for the user
    std::string requirement;  // "$.transports.docker[\"127.0.0.1:5000/app\"]: sigstoreSigned"
    std::vector<std::string> evidence;  // one line per requirement outcome / signature checked
};

inline constexpr std::string_view kCosignSignPredicateType = "https://sigstore.dev/cosign/sign/v1";

Verdict verify_image(const SignaturePolicy& policy, const ImageToVerify& image,
                     std::span<const SignatureEvidence> signatures);

}  // namespace hardrun::trust
