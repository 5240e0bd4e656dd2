// SPDX-License-Identifier: Apache-2.0
// The `signedIdentity` of a signature requirement (containers-policy.json(5)): which identity
// a signature's docker-reference must claim for the image being verified. Semantics are
// containers/image's, on normalised references ("busybox" is "docker.io/library/busybox"):
//   matchExact              both carry a tag or digest and are equal
//   matchRepoDigestOrExact  (the default) image by tag: equal; image by digest: same repository
//   matchRepository         same repository
//   exactReference          the signature claims exactly `dockerReference` (tag or digest)
//   exactRepository         the signature claims `dockerRepository`'s repository
//   remapIdentity           the image's `prefix` is rewritten to `signedPrefix`, then as
//                           matchRepoDigestOrExact
// cosign signs the repository only ("registry/app", no tag), so only matchRepository,
// exactRepository and remapIdentity-by-digest accept what `cosign sign` produces. Pure code.
#pragma once

#include <string>
#include <string_view>

#include "base/image_reference.hpp"
#include "base/json.hpp"
#include "base/result.hpp"

namespace hardrun::trust {

enum class IdentityMatch {
    kMatchExact,
    kMatchRepoDigestOrExact,
    kMatchRepository,
    kExactReference,
    kExactRepository,
    kRemapIdentity,
};

struct SignedIdentity {
    IdentityMatch type = IdentityMatch::kMatchRepoDigestOrExact;
    std::string reference;  // exactReference: dockerReference; exactRepository: dockerRepository;
                            // remapIdentity: prefix
    std::string signed_prefix;  // remapIdentity only
};

// The JSON spelling ("matchRepoDigestOrExact").
std::string_view identity_match_name(IdentityMatch type);

// Parses the object at `path` (e.g. "$.default[0].signedIdentity"). kInvalidArgument naming
// the path for an unknown type, unknown or missing fields, or an invalid reference or prefix.
Result<SignedIdentity> parse_signed_identity(const Json& node, const std::string& path);

// Whether a signature claiming `signed_reference` is accepted for the image known as
// `intended` (normalised, with a tag or a digest). An unparsable claim never matches.
bool signed_identity_matches(const SignedIdentity& identity, const ImageReference& intended,
                             std::string_view signed_reference);

}  // namespace hardrun::trust
