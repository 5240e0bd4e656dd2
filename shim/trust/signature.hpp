// SPDX-License-Identifier: Apache-2.0
// One piece of signature evidence for an image digest, as fetched from a registry or read
// from the node-local cache: either a key-based cosign signature (a simple-signing payload,
// its signature, and optionally the Rekor bundle cosign attached) or a Sigstore bundle.
// Plain data: parsing lives with the formats, verification with the signature policy.
#pragma once

#include <optional>
#include <string>
#include <variant>

namespace hardrun::trust {

struct CosignSignature {
    std::string payload;                     // the exact simple-signing payload bytes
    std::string signature;                   // raw signature bytes (DER for ECDSA)
    std::optional<std::string> rekor_bundle; // JSON text of the "dev.sigstore.cosign/bundle" annotation
};

struct SigstoreBundleSignature {
    std::string bundle_json;  // the whole Sigstore bundle document
};

struct SignatureEvidence {
    std::variant<CosignSignature, SigstoreBundleSignature> content;
    std::string source;  // where it came from, for messages: "127.0.0.1:5000/app:sha256-<hex>.sig"
};

}  // namespace hardrun::trust
