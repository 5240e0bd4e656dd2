// SPDX-License-Identifier: Apache-2.0
// One signature checked against one sigstoreSigned requirement (see verify_image.hpp for the
// rules). Internal to verify_image.
#pragma once

#include <string>
#include <string_view>

#include "base/image_reference.hpp"
#include "trust/containers_policy.hpp"
#include "trust/signature.hpp"

namespace hardrun::trust {

struct SignatureCheck {
    bool accepted = false;
    std::string cause;  // short, for the refusal sentence: "signed for another digest"
    std::string line;   // the evidence line: "<source>: cosign signature, <key>: <result>"
};

// `intended` carries a tag or a digest; `manifest_digest` is "sha256:<hex>".
SignatureCheck check_signature(const SigstoreSigned& requirement, const ImageReference& intended,
                               std::string_view manifest_digest, const SignatureEvidence& evidence);

}  // namespace hardrun::trust
