// SPDX-License-Identifier: Apache-2.0
// Scopes of the "docker" transport in containers-policy.json(5), and the order in which an
// image's identity looks them up, as containers/image defines it:
//   "docker.io/library/busybox:1.36" or "quay.io/ns/app@sha256:<hex>"   one image
//   "quay.io/ns/app"                                                     a repository
//   "quay.io/ns", "quay.io", "localhost:5000"                            a namespace, a registry
//   "*.example.com"                                                      every subdomain
// Scopes are written in the fully expanded form ("docker.io/library/busybox", never
// "busybox"); containers/image accepts any string and lets a malformed one never match,
// hardrun refuses it at load so a typo cannot silently disable a requirement. Pure code.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/image_reference.hpp"
#include "base/result.hpp"

namespace hardrun::trust {

// kInvalidArgument saying what is wrong with `scope` (which is not "": that is always valid).
Result<void> validate_docker_scope(std::string_view scope);

// The policy identity of an image: "repo:tag" or "repo@digest" (the digest wins when a
// reference carries both, as the engine pulls by digest then).
std::string docker_policy_identity(const ImageReference& image);

// Scopes to try, most specific first: the identity, the repository, each enclosing namespace
// up to the registry host (with its port), then "*.<parent domain>" for each parent domain of
// the host without its port ("a.b.example.com" → "*.b.example.com", "*.example.com", "*.com").
// The transport's "" scope and the global default come after these and are not listed.
std::vector<std::string> docker_scope_candidates(const ImageReference& image);

// The grammar pieces containers/image's remapIdentity prefixes are checked against:
// host[:port] with alphanumeric labels, and a "/"-separated repository path.
bool is_docker_domain(std::string_view text);
bool is_docker_path(std::string_view text);

}  // namespace hardrun::trust
