// SPDX-License-Identifier: Apache-2.0
// URLs of the OCI distribution API and the tags cosign and the referrers fallback use.
// Pure code.
//   manifests  <scheme>://<host>/v2/<name>/manifests/<tag or digest>
//   blobs      <scheme>://<host>/v2/<name>/blobs/<digest>
//   referrers  <scheme>://<host>/v2/<name>/referrers/<digest>
// Docker Hub's API host is registry-1.docker.io, not docker.io.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace hardrun::registry {

struct Endpoint {
    std::string scheme;  // "https", or "http" for a registry listed as insecure
    std::string host;    // "127.0.0.1:5000", "registry-1.docker.io"
    std::string base() const { return scheme + "://" + host; }
};

// HTTPS unless `domain` matches one of `insecure_globs` (shell globs over host[:port]).
Endpoint endpoint_for(std::string_view domain, std::span<const std::string> insecure_globs);

std::string manifest_url(const Endpoint& endpoint, std::string_view path,
                         std::string_view reference);
std::string blob_url(const Endpoint& endpoint, std::string_view path, std::string_view digest);
std::string referrers_url(const Endpoint& endpoint, std::string_view path, std::string_view digest);

// "sha256:<hex>" → "sha256-<hex>.sig": where cosign stores key-based signatures.
std::string cosign_signature_tag(std::string_view digest);
// "sha256:<hex>" → "sha256-<hex>": the referrers tag schema for registries without the API.
std::string referrers_fallback_tag(std::string_view digest);

// RFC 3986 percent-encoding of everything except unreserved characters.
std::string percent_encode(std::string_view text);

}  // namespace hardrun::registry
