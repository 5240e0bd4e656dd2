// SPDX-License-Identifier: Apache-2.0
// OCI image manifests and indexes (and Docker's schema 2 equivalents), parsed as far as
// signature discovery needs: media types, artifact types, descriptors with their annotations.
// Pure code. Every descriptor must name a sha256 digest (the only one hardrun verifies) and a
// non-negative size; anything malformed is kUntrustedImage naming the JSON pointer.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"

namespace hardrun::registry {

inline constexpr std::string_view kOciManifest = "application/vnd.oci.image.manifest.v1+json";
inline constexpr std::string_view kOciIndex = "application/vnd.oci.image.index.v1+json";
inline constexpr std::string_view kDockerManifest =
    "application/vnd.docker.distribution.manifest.v2+json";
inline constexpr std::string_view kDockerManifestList =
    "application/vnd.docker.distribution.manifest.list.v2+json";
// Accept header values: everything a tag may point to, and what the signature tag holds.
inline constexpr std::string_view kAcceptAnyManifest =
    "application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json, "
    "application/vnd.docker.distribution.manifest.v2+json, "
    "application/vnd.docker.distribution.manifest.list.v2+json";
inline constexpr std::string_view kAcceptImageManifest =
    "application/vnd.oci.image.manifest.v1+json, "
    "application/vnd.docker.distribution.manifest.v2+json";

inline constexpr std::string_view kCosignSimpleSigning =
    "application/vnd.dev.cosign.simplesigning.v1+json";
inline constexpr std::string_view kCosignSignatureAnnotation = "dev.cosignproject.cosign/signature";
inline constexpr std::string_view kCosignBundleAnnotation = "dev.sigstore.cosign/bundle";
inline constexpr std::string_view kSigstoreBundleV03 =
    "application/vnd.dev.sigstore.bundle.v0.3+json";

inline constexpr std::size_t kMaxManifestBytes = 4 * 1024 * 1024;
inline constexpr std::size_t kMaxSignatureLayerBytes = 1024 * 1024;

struct Descriptor {
    std::string media_type;
    std::string digest;  // "sha256:<64 hex>"
    std::int64_t size = 0;
    std::string artifact_type;  // "" when absent
    std::map<std::string, std::string> annotations;
};

struct Manifest {
    std::string media_type;     // "" when the document names none
    std::string artifact_type;  // "" when absent
    Descriptor config;
    std::vector<Descriptor> layers;
    std::optional<Descriptor> subject;
};

struct Index {
    std::string media_type;
    std::vector<Descriptor> manifests;
};

// An image manifest (OCI or Docker schema 2). An index or list is refused.
Result<Manifest> parse_manifest(std::string_view text);

// An image index (OCI) or manifest list (Docker); also the referrers API's answer.
Result<Index> parse_index(std::string_view text);

// True for Sigstore bundle media types ("application/vnd.dev.sigstore.bundle" v0.1 to v0.3).
bool is_sigstore_bundle_type(std::string_view media_type);

}  // namespace hardrun::registry
