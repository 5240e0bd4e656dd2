// SPDX-License-Identifier: Apache-2.0
// Finding the signatures of an image manifest digest D in its repository:
//  1. cosign key-based signatures at tag "sha256-<hex>.sig": an image manifest whose layers of
//     type application/vnd.dev.cosign.simplesigning.v1+json carry the base64 DER signature in
//     the annotation dev.cosignproject.cosign/signature (and optionally the Rekor bundle in
//     dev.sigstore.cosign/bundle); each layer's blob is the signed payload.
//  2. Sigstore bundles as OCI referrers of D (GET /v2/<name>/referrers/D), or, from a registry
//     without that API, the index at tag "sha256-<hex>"; each referrer whose artifact type is a
//     Sigstore bundle is a manifest whose first bundle-typed layer is the bundle JSON.
// A 404 at either place means "none there". Something found but malformed (bad base64, a
// payload or bundle that does not parse) is skipped with a note; whether a signature is valid
// is decided by the signature policy. Registry and network errors fail the whole fetch.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "registry/client.hpp"
#include "trust/signature.hpp"

namespace hardrun::registry {

struct FoundSignatures {
    std::vector<trust::SignatureEvidence> signatures;
    std::vector<std::string> skipped;  // one line per malformed signature left out, saying why
};

Result<FoundSignatures> find_signatures(RegistryClient& client, const std::string& repository,
                                        const std::string& digest);

struct FetchRequest {
    std::string image;  // "repo:tag" or "repo@sha256:<hex>"
    std::vector<std::string> insecure_registries;
    std::int64_t timeout_ms = 2000;
    std::vector<std::string> auth_files;  // credentials.hpp; none = anonymous
};

struct FetchResult {
    std::string repository;  // "127.0.0.1:5000/app"
    std::string digest;      // the manifest digest the signatures are for
    FoundSignatures found;
};

// Parses the image reference (kInvalidArgument), resolves a tag to its digest and finds the
// signatures, all within timeout_ms, with the repository's credentials from auth_files.
Result<FetchResult> fetch_signatures(const FetchRequest& request);

}  // namespace hardrun::registry
