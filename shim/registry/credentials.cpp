// SPDX-License-Identifier: Apache-2.0
#include "registry/credentials.hpp"

#include "base/files.hpp"
#include "base/json.hpp"
#include "trust/base64.hpp"

namespace hardrun::registry {
namespace {

constexpr std::size_t kMaxAuthFileBytes = 1024 * 1024;

// Docker Hub is written many ways; they all mean docker.io.
std::string canonical_registry(std::string_view host) {
    if (host == "index.docker.io" || host == "registry-1.docker.io" || host == "registry.hub.docker.com") {
        return "docker.io";
    }
    return std::string(host);
}

// A key as "host[/path]": a URL's scheme is dropped, and with it a Docker-style API suffix
// ("/v1/", "/v2/").
std::string normalised_key(std::string_view key) {
    bool url = false;
    for (std::string_view scheme : {"https://", "http://"}) {
        if (key.starts_with(scheme)) {
            key.remove_prefix(scheme.size());
            url = true;
        }
    }
    while (key.ends_with("/")) key.remove_suffix(1);
    if (url) {
        for (std::string_view suffix : {"/v1", "/v2"}) {
            if (key.ends_with(suffix)) key.remove_suffix(suffix.size());
        }
    }
    const auto slash = key.find('/');
    const std::string host = canonical_registry(key.substr(0, slash));
    return slash == std::string_view::npos ? host : host + std::string(key.substr(slash));
}

// True when `key` names the repository or a path prefix of it.
bool covers(const std::string& key, const std::string& repository) {
    return repository == key || (repository.starts_with(key) && repository[key.size()] == '/');
}

}  // namespace

Result<std::optional<Credentials>> find_credentials(std::string_view text, const std::string& origin,
                                                    const std::string& repository) {
    auto doc = parse_json(text, origin);
    if (!doc) return doc.error();
    if (!doc->is_object()) return Error(ErrorCode::kInvalidArgument, origin + ": not a JSON object");
    const auto auths = doc->find("auths");
    if (auths == doc->end()) return std::optional<Credentials>();
    if (!auths->is_object()) return Error(ErrorCode::kInvalidArgument, origin + ": auths must be an object");
    std::optional<Credentials> best;
    std::size_t best_length = 0;
    for (const auto& [key, entry] : auths->items()) {
        const std::string normalised = normalised_key(key);
        if (!covers(normalised, repository) || (best && normalised.size() <= best_length)) continue;
        const std::string where = origin + ": auths[\"" + key + "\"]";
        if (!entry.is_object()) return Error(ErrorCode::kInvalidArgument, where + " must be an object");
        const auto auth = entry.find("auth");
        if (auth == entry.end()) continue;  // an identitytoken-only or helper-managed entry
        if (!auth->is_string()) return Error(ErrorCode::kInvalidArgument, where + ".auth must be a string");
        auto decoded = trust::base64_decode(auth->get<std::string>());
        const auto colon = decoded ? decoded->find(':') : std::string::npos;
        if (!decoded || colon == std::string::npos || colon == 0) {
            return Error(ErrorCode::kInvalidArgument, where + ".auth is not base64 of \"user:password\"");
        }
        best = Credentials{decoded->substr(0, colon), decoded->substr(colon + 1), where};
        best_length = normalised.size();
    }
    return best;
}

Result<std::optional<Credentials>> load_credentials(const std::vector<std::string>& files,
                                                    const std::string& repository) {
    for (const auto& path : files) {
        auto text = read_file(path, kMaxAuthFileBytes);
        if (!text) {
            if (text.error().code() == ErrorCode::kNotFound) continue;
            return text.error().with_context("registry credentials");
        }
        auto found = find_credentials(*text, path, repository);
        if (!found || *found) return found;
    }
    return std::optional<Credentials>();
}

std::string basic_authorization(const Credentials& credentials) {
    return "Basic " + trust::base64_encode(credentials.username + ":" + credentials.password);
}

}  // namespace hardrun::registry
