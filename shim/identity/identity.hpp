// SPDX-License-Identifier: Apache-2.0
// Image identity: for a container being created, the image's repository and manifest digest,
// which no engine writes into config.json. Sources, in order (see DESIGN.md "Image identity"):
//   1. Docker's graphdriver store, when the /etc/hostname mount lies in a Docker data-root;
//   2. containerd's API, when an address is known (ctr, nerdctl, Docker with the containerd
//      store, Kubernetes CRI);
//   3. CRI-O's annotations and containers-storage's images.json.
// The first source that yields a complete identity wins; every source that yields nothing adds
// one line to `tried` saying why, for refusal messages. resolve_identity never throws and
// never decides anything: policy decides what an incomplete identity means.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "base/json.hpp"

namespace hardrun::identity {

struct ImageIdentity {
    std::string repository;  // normalised, "docker.io/library/busybox"; "" unknown
    std::string reference;   // as the engine named it, "127.0.0.1:5000/app:v1"; a hint only
    std::vector<std::string> manifest_digests;  // "sha256:<hex>", equal candidates, usually one
    std::string config_digest;
    std::string media_type;          // of the manifest digest's target, when the source says
    std::string source;              // "docker", "containerd", "cri", "cri-o"
    std::vector<std::string> tried;  // one line per source that gave nothing, and why

    // A repository and at least one manifest digest.
    bool complete() const { return !repository.empty() && !manifest_digests.empty(); }
};

inline constexpr const char* kDefaultContainersStorage = "/var/lib/containers/storage";

struct LookupInput {
    const Json& spec;              // the bundle's config.json
    std::string engine_namespace;  // last element of runc --root: "default", "k8s.io", "moby"
    std::string container_id;
    std::string containerd_address;  // "" = ttrpc_address without its ".ttrpc" suffix
    std::string ttrpc_address;       // the shim's TTRPC_ADDRESS, passed in by the caller
    std::chrono::milliseconds timeout{2000};  // for all containerd calls together
    std::string containers_storage = kDefaultContainersStorage;
};

ImageIdentity resolve_identity(const LookupInput& input);

// {complete, repository, reference, manifest_digests, media_type, config_digest, source, tried}:
// for the decision log and `hardrunctl identity`.
Json identity_to_json(const ImageIdentity& identity);

// The containerd socket to ask: containerd_address, else ttrpc_address minus ".ttrpc"; "" when
// neither is known.
std::string containerd_socket(const LookupInput& input);

}  // namespace hardrun::identity
