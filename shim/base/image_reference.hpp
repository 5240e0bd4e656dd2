// SPDX-License-Identifier: Apache-2.0
// Docker image references ("busybox", "127.0.0.1:5000/app:1.0", "repo@sha256:<hex>"), parsed
// by the grammar the distribution project defines and normalised the way Docker and
// containers/image normalise them: a first component without '.', ':' or "localhost" is a
// Docker Hub path, so "busybox" is "docker.io/library/busybox". Pure code.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"

namespace hardrun {

struct ImageReference {
    std::string domain;  // "docker.io", "127.0.0.1:5000"
    std::string path;    // "library/busybox"
    std::string tag;     // "" when the reference has none
    std::string digest;  // "" when the reference has none; "sha256:<64 hex>" otherwise

    // domain + "/" + path: what signatures and policy scopes name.
    std::string repository() const;
    // repository()[":" tag]["@" digest]
    std::string to_string() const;
};

// kInvalidArgument naming the reference and what is wrong with it. Only sha256 digests with
// 64 lower-case hex digits are accepted: identity never rests on a weaker or malformed digest.
Result<ImageReference> parse_image_reference(std::string_view text);

// True for "sha256:" followed by exactly 64 lower-case hex digits.
bool is_sha256_digest(std::string_view digest);

// The grammar's parts, for code that validates names without parsing a whole reference:
// a host name (dot-separated labels of letters, digits and inner '-'), the same with an
// optional ":port" (1 to 5 digits), and a repository path ("/"-separated components of
// lower-case letters and digits with single '.', '_', "__" or runs of '-' between them).
bool is_registry_hostname(std::string_view text);
bool is_registry_domain(std::string_view text);
bool is_repository_path(std::string_view text);
// A normalised repository, "domain/path" ("docker.io/library/busybox"): safe to use as
// directories, since the grammar admits no "..", no empty component and no leading '/'.
bool is_normalised_repository(std::string_view text);

// The cache's key for an image: kInvalidArgument unless `repository` is normalised and
// `digest` a sha256 digest. Then cache_components gives the path below `kind` ("signatures",
// "approvals"): kind/<repository components...>/sha256/<hex><suffix>.
Result<void> check_cache_key(const std::string& repository, const std::string& digest);
std::vector<std::string> cache_components(std::string_view kind, const std::string& repository,
                                          const std::string& digest, std::string_view suffix = "");

}  // namespace hardrun
