// SPDX-License-Identifier: Apache-2.0
// Signed attestations (e.g. cosign's vuln attestation): a DSSE envelope, bare as `cosign
// download attestation` prints it or inside a Sigstore bundle, whose signature over the DSSE
// pre-authentication encoding verifies with a given key and whose payload is an in-toto
// statement of the expected predicate type. What it says is parsed elsewhere.
#pragma once

#include <string>
#include <string_view>

#include "base/result.hpp"
#include "trust/public_key.hpp"

namespace hardrun::trust {

inline constexpr std::string_view kVulnPredicateType = "https://cosign.sigstore.dev/attestation/vuln/v1";

// The verified statement's exact bytes. kUntrustedImage when the document is malformed, the
// signature does not verify, the payload is not in-toto or its predicate type differs.
Result<std::string> verify_attestation(std::string_view json_text, const PublicKey& key,
                                       std::string_view predicate_type);

}  // namespace hardrun::trust
