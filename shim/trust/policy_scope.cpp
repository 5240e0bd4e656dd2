// SPDX-License-Identifier: Apache-2.0
#include "trust/policy_scope.hpp"

#include "base/image_reference.hpp"

namespace hardrun::trust {
namespace {

Error bad_scope(std::string_view scope, const std::string& why) {
    return Error(ErrorCode::kInvalidArgument, "scope \"" + std::string(scope) + "\" " + why);
}

// A namespace or repository scope ("quay.io", "quay.io/ns/app"): the first component must be
// what a reference's registry can be, or the scope could never match anything.
Result<void> validate_name_scope(std::string_view scope) {
    const auto slash = scope.find('/');
    const std::string_view host = scope.substr(0, slash);
    if (!is_docker_domain(host))
        return bad_scope(scope, "does not start with a valid registry host[:port]");
    const bool registry_like = host.find('.') != std::string_view::npos ||
                               host.find(':') != std::string_view::npos || host == "localhost";
    if (!registry_like) {
        return bad_scope(scope,
                         "does not start with a registry host; scopes use the fully expanded "
                         "name, e.g. \"docker.io/library/busybox\" for \"busybox\"");
    }
    if (host == "index.docker.io")
        return bad_scope(scope, "never matches: Docker Hub is \"docker.io\"");
    if (slash != std::string_view::npos && !is_docker_path(scope.substr(slash + 1))) {
        return bad_scope(scope,
                         "has an invalid repository path (lower-case letters, digits and "
                         "single separators)");
    }
    return ok();
}

}  // namespace

bool is_docker_domain(std::string_view text) { return is_registry_domain(text); }

bool is_docker_path(std::string_view text) { return is_repository_path(text); }

Result<void> validate_docker_scope(std::string_view scope) {
    if (scope.substr(0, 2) == "*.") {
        if (!is_registry_hostname(scope.substr(2))) {
            return bad_scope(scope,
                             "is not a valid wildcard: \"*.\" must be followed by a host name "
                             "without a port, e.g. \"*.example.com\"");
        }
        return ok();
    }
    if (scope.find('*') != std::string_view::npos) {
        return bad_scope(scope, "has a wildcard other than a leading \"*.\"");
    }
    const auto last_slash = scope.rfind('/');
    const auto last_colon = scope.rfind(':');
    const bool has_digest = scope.find('@') != std::string_view::npos;
    const bool has_tag = last_slash != std::string_view::npos &&
                         last_colon != std::string_view::npos && last_colon > last_slash;
    if (!has_digest && !has_tag) return validate_name_scope(scope);
    if (last_slash == std::string_view::npos)
        return bad_scope(scope, "has a digest but no repository");

    auto ref = parse_image_reference(scope);
    if (!ref) return bad_scope(scope, "is not a valid image reference: " + ref.error().message());
    if (!ref->tag.empty() && !ref->digest.empty()) {
        return bad_scope(scope, "names both a tag and a digest; an image scope names one of them");
    }
    if (ref->to_string() != scope) {
        return bad_scope(scope, "is not in the fully expanded form \"" + ref->to_string() + "\"");
    }
    return ok();
}

std::string docker_policy_identity(const ImageReference& image) {
    if (!image.digest.empty()) return image.repository() + "@" + image.digest;
    return image.repository() + ":" + image.tag;
}

std::vector<std::string> docker_scope_candidates(const ImageReference& image) {
    std::vector<std::string> out{docker_policy_identity(image)};
    std::string name = image.repository();
    while (true) {
        out.push_back(name);
        const auto slash = name.rfind('/');
        if (slash == std::string::npos) break;
        name.resize(slash);
    }
    // `name` is now the registry host; wildcards apply to the host name without its port.
    if (const auto colon = name.find(':'); colon != std::string::npos) name.resize(colon);
    for (auto dot = name.find('.'); dot != std::string::npos; dot = name.find('.')) {
        name.erase(0, dot + 1);
        out.push_back("*." + name);
    }
    return out;
}

}  // namespace hardrun::trust
