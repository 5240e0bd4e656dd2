// SPDX-License-Identifier: Apache-2.0
// Registry credentials from the files engines already keep: containers-auth.json(5) (podman,
// CRI-O, skopeo: /run/containers/0/auth.json) and Docker's config.json (docker login), both
// {"auths": {KEY: {"auth": base64("user:password")}}}. KEY is a registry ("quay.io",
// "127.0.0.1:5000"), a registry with a repository path ("quay.io/team", containers-auth.json),
// or a URL ("https://index.docker.io/v1/", docker login's key for Docker Hub). For an image,
// the entry with the longest KEY that is the repository or a path prefix of it wins, and the
// first file holding a match wins over later ones. Credential helpers (credsStore,
// credHelpers) and identity tokens are not run or read: an entry with only those is skipped.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"

namespace hardrun::registry {

struct Credentials {
    std::string username;
    std::string password;
    std::string source;  // "<file>: auths[\"<key>\"]", for messages; never the secret
};

// The entry for `repository` (normalised: "docker.io/library/busybox") in one file's text;
// nullopt without one. kInvalidArgument naming `origin` and the key for malformed JSON or an
// "auth" that is not base64 of "user:password".
Result<std::optional<Credentials>> find_credentials(std::string_view text, const std::string& origin,
                                                    const std::string& repository);

// The first match in `files`, read in order (at most 1 MiB each); a file that does not exist
// is skipped, one that cannot be read or parsed is an error naming it.
Result<std::optional<Credentials>> load_credentials(const std::vector<std::string>& files,
                                                    const std::string& repository);

// The value of an Authorization header for Basic authentication.
std::string basic_authorization(const Credentials& credentials);

}  // namespace hardrun::registry
