// SPDX-License-Identifier: Apache-2.0
#include "base/image_reference.hpp"

#include <cstddef>

namespace hardrun {
namespace {

constexpr std::size_t kMaxNameLength = 255;
constexpr std::size_t kMaxTagLength = 128;

bool is_lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool is_alnum(char c) { return is_lower_alnum(c) || (c >= 'A' && c <= 'Z'); }

// path-component := [a-z0-9]+ ( ( "." | "_" | "__" | "-"+ ) [a-z0-9]+ )*
bool valid_path_component(std::string_view c) {
    if (c.empty() || !is_lower_alnum(c.front()) || !is_lower_alnum(c.back())) return false;
    for (std::size_t i = 0; i < c.size();) {
        if (is_lower_alnum(c[i])) {
            ++i;
            continue;
        }
        std::size_t run = 0;
        const char sep = c[i];
        while (i < c.size() && c[i] == sep) ++i, ++run;
        const bool ok = sep == '-' || ((sep == '.' || sep == '_') && run == 1) || (sep == '_' && run == 2);
        if (!ok) return false;
    }
    return true;
}

// tag := [A-Za-z0-9_] [A-Za-z0-9_.-]{0,127}
bool valid_tag(std::string_view t) {
    if (t.empty() || t.size() > kMaxTagLength) return false;
    if (!is_alnum(t.front()) && t.front() != '_') return false;
    for (const char c : t) {
        if (!is_alnum(c) && c != '_' && c != '.' && c != '-') return false;
    }
    return true;
}

bool looks_like_domain(std::string_view first) {
    return first.find('.') != std::string_view::npos || first.find(':') != std::string_view::npos ||
           first == "localhost";
}

}  // namespace

bool is_registry_hostname(std::string_view h) {
    if (h.empty()) return false;
    std::size_t start = 0;
    while (start <= h.size()) {
        auto dot = h.find('.', start);
        if (dot == std::string_view::npos) dot = h.size();
        const auto label = h.substr(start, dot - start);
        if (label.empty() || !is_alnum(label.front()) || !is_alnum(label.back())) return false;
        for (const char c : label) {
            if (!is_alnum(c) && c != '-') return false;
        }
        start = dot + 1;
    }
    return true;
}

bool is_registry_domain(std::string_view d) {
    if (const auto colon = d.rfind(':'); colon != std::string_view::npos) {
        const auto port = d.substr(colon + 1);
        if (port.empty() || port.size() > 5) return false;
        for (const char c : port) {
            if (c < '0' || c > '9') return false;
        }
        d = d.substr(0, colon);
    }
    return is_registry_hostname(d);
}

bool is_repository_path(std::string_view path) {
    if (path.empty()) return false;
    for (std::size_t start = 0; start <= path.size();) {
        auto end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        if (!valid_path_component(path.substr(start, end - start))) return false;
        start = end + 1;
    }
    return true;
}

bool is_normalised_repository(std::string_view text) {
    const auto slash = text.find('/');
    return slash != std::string_view::npos && is_registry_domain(text.substr(0, slash)) &&
           is_repository_path(text.substr(slash + 1));
}

Result<void> check_cache_key(const std::string& repository, const std::string& digest) {
    if (!is_sha256_digest(digest)) return Error(ErrorCode::kInvalidArgument, "not a sha256 digest: " + digest);
    if (!is_normalised_repository(repository)) {
        return Error(ErrorCode::kInvalidArgument, "not a normalised repository name: \"" + repository + "\"");
    }
    return ok();
}

std::vector<std::string> cache_components(std::string_view kind, const std::string& repository,
                                          const std::string& digest, std::string_view suffix) {
    std::vector<std::string> out{std::string(kind)};
    for (std::size_t start = 0; start <= repository.size();) {
        auto slash = repository.find('/', start);
        if (slash == std::string::npos) slash = repository.size();
        out.push_back(repository.substr(start, slash - start));
        start = slash + 1;
    }
    out.emplace_back("sha256");
    out.push_back(digest.substr(std::string_view("sha256:").size()) + std::string(suffix));
    return out;
}

bool is_sha256_digest(std::string_view digest) {
    constexpr std::string_view kPrefix = "sha256:";
    if (digest.size() != kPrefix.size() + 64 || digest.substr(0, kPrefix.size()) != kPrefix) return false;
    for (const char c : digest.substr(kPrefix.size())) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
}

std::string ImageReference::repository() const { return domain + "/" + path; }

std::string ImageReference::to_string() const {
    std::string out = repository();
    if (!tag.empty()) out += ":" + tag;
    if (!digest.empty()) out += "@" + digest;
    return out;
}

Result<ImageReference> parse_image_reference(std::string_view text) {
    const auto bad = [&](const std::string& why) {
        return Error(ErrorCode::kInvalidArgument, "image reference \"" + std::string(text) + "\": " + why);
    };
    ImageReference ref;
    std::string_view rest = text;
    if (const auto at = rest.find('@'); at != std::string_view::npos) {
        ref.digest = std::string(rest.substr(at + 1));
        if (!is_sha256_digest(ref.digest)) return bad("the digest is not sha256: with 64 lower-case hex digits");
        rest = rest.substr(0, at);
    }
    // A tag follows the last ':' that comes after the last '/', so "host:5000/app" has none.
    const auto slash = rest.rfind('/');
    if (const auto colon = rest.rfind(':'); colon != std::string_view::npos &&
                                            (slash == std::string_view::npos || colon > slash)) {
        ref.tag = std::string(rest.substr(colon + 1));
        if (!valid_tag(ref.tag)) return bad("invalid tag \"" + ref.tag + "\"");
        rest = rest.substr(0, colon);
    }
    if (rest.empty()) return bad("no repository name");
    if (rest.size() > kMaxNameLength) return bad("the name is longer than 255 characters");
    std::string_view path = rest;
    if (const auto first_slash = rest.find('/');
        first_slash != std::string_view::npos && looks_like_domain(rest.substr(0, first_slash))) {
        ref.domain = std::string(rest.substr(0, first_slash));
        if (!is_registry_domain(ref.domain)) return bad("invalid registry \"" + ref.domain + "\"");
        path = rest.substr(first_slash + 1);
    } else {
        ref.domain = "docker.io";
    }
    if (ref.domain == "index.docker.io") ref.domain = "docker.io";
    for (std::size_t start = 0; start <= path.size();) {
        auto end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        const auto component = path.substr(start, end - start);
        if (!valid_path_component(component)) {
            return bad("invalid path component \"" + std::string(component) +
                       "\" (lower-case letters, digits and single separators only)");
        }
        start = end + 1;
    }
    ref.path = std::string(path);
    if (ref.domain == "docker.io" && ref.path.find('/') == std::string::npos) ref.path = "library/" + ref.path;
    return ref;
}

}  // namespace hardrun
