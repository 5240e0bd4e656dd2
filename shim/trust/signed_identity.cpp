// SPDX-License-Identifier: Apache-2.0
#include "trust/signed_identity.hpp"

#include <array>
#include <utility>

#include "trust/policy_scope.hpp"
#include "trust/strict_json.hpp"

namespace hardrun::trust {
namespace {

constexpr std::array<std::pair<IdentityMatch, std::string_view>, 6> kNames = {{
    {IdentityMatch::kMatchExact, "matchExact"},
    {IdentityMatch::kMatchRepoDigestOrExact, "matchRepoDigestOrExact"},
    {IdentityMatch::kMatchRepository, "matchRepository"},
    {IdentityMatch::kExactReference, "exactReference"},
    {IdentityMatch::kExactRepository, "exactRepository"},
    {IdentityMatch::kRemapIdentity, "remapIdentity"},
}};

Error bad(const std::string& path, const std::string& why) {
    return Error(ErrorCode::kInvalidArgument, path + ": " + why);
}

bool name_only(const ImageReference& r) { return r.tag.empty() && r.digest.empty(); }

// A field that must be present and a string.
Result<std::string> required_string(const Json& node, const std::string& path, const char* key) {
    const auto it = node.find(key);
    if (it == node.end()) return bad(path, std::string("\"") + key + "\" is required");
    if (!it->is_string()) return bad(json_path_member(path, key), "must be a string");
    return it->get<std::string>();
}

// containers/image's prefix rule: host[:port], or host[:port]/path, never a tag or digest.
bool valid_remap_prefix(std::string_view prefix) {
    const auto slash = prefix.find('/');
    if (slash == std::string_view::npos) return is_docker_domain(prefix);
    return is_docker_domain(prefix.substr(0, slash)) && is_docker_path(prefix.substr(slash + 1));
}

Result<void> parse_fields(SignedIdentity& id, const Json& node, const std::string& path) {
    switch (id.type) {
        case IdentityMatch::kExactReference: {
            HARDRUN_RETURN_IF_ERROR(reject_unknown_fields(node, path, {"type", "dockerReference"}));
            auto value = required_string(node, path, "dockerReference");
            if (!value) return value.error();
            auto ref = parse_image_reference(*value);
            if (!ref) return bad(json_path_member(path, "dockerReference"), ref.error().message());
            if (name_only(*ref)) {
                return bad(json_path_member(path, "dockerReference"),
                           "\"" + *value + "\" has neither a tag nor a digest");
            }
            id.reference = std::move(*value);
            return ok();
        }
        case IdentityMatch::kExactRepository: {
            HARDRUN_RETURN_IF_ERROR(
                reject_unknown_fields(node, path, {"type", "dockerRepository"}));
            auto value = required_string(node, path, "dockerRepository");
            if (!value) return value.error();
            if (auto ref = parse_image_reference(*value); !ref) {
                return bad(json_path_member(path, "dockerRepository"), ref.error().message());
            }
            id.reference = std::move(*value);
            return ok();
        }
        case IdentityMatch::kRemapIdentity: {
            HARDRUN_RETURN_IF_ERROR(
                reject_unknown_fields(node, path, {"type", "prefix", "signedPrefix"}));
            for (const char* key : {"prefix", "signedPrefix"}) {
                auto value = required_string(node, path, key);
                if (!value) return value.error();
                if (!valid_remap_prefix(*value)) {
                    return bad(json_path_member(path, key),
                               "\"" + *value + "\" is not a host[:port], namespace or repository");
                }
                (std::string_view(key) == "prefix" ? id.reference : id.signed_prefix) =
                    std::move(*value);
            }
            return ok();
        }
        default:
            return reject_unknown_fields(node, path, {"type"});
    }
}

bool match_repo_digest_or_exact(const ImageReference& intended, const ImageReference& signed_ref) {
    if (name_only(signed_ref)) return false;
    if (!intended.tag.empty()) return signed_ref.to_string() == intended.to_string();
    if (!intended.digest.empty()) return signed_ref.repository() == intended.repository();
    return false;
}

// remapIdentity: `prefix` matches the repository exactly or up to a '/' boundary; the
// rewritten reference must be canonical, or nothing matches.
bool remap_matches(const SignedIdentity& id, const ImageReference& intended,
                   const ImageReference& signed_ref) {
    const std::string name = intended.repository();
    const std::string& prefix = id.reference;
    const bool matches_prefix = name == prefix || (name.size() > prefix.size() &&
                                                   name.compare(0, prefix.size(), prefix) == 0 &&
                                                   name[prefix.size()] == '/');
    if (!matches_prefix) return match_repo_digest_or_exact(intended, signed_ref);
    const std::string remapped_text = id.signed_prefix + intended.to_string().substr(prefix.size());
    auto remapped = parse_image_reference(remapped_text);
    if (!remapped || remapped->to_string() != remapped_text) return false;
    return match_repo_digest_or_exact(*remapped, signed_ref);
}

}  // namespace

std::string_view identity_match_name(IdentityMatch type) {
    for (const auto& [t, name] : kNames) {
        if (t == type) return name;
    }
    return "unknown";
}

Result<SignedIdentity> parse_signed_identity(const Json& node, const std::string& path) {
    if (!node.is_object()) return bad(path, "must be an object");
    auto type = required_string(node, path, "type");
    if (!type) return type.error();
    SignedIdentity id;
    bool known = false;
    for (const auto& [t, name] : kNames) {
        if (name == *type) id.type = t, known = true;
    }
    if (!known)
        return bad(json_path_member(path, "type"), "unknown signedIdentity type \"" + *type + "\"");
    HARDRUN_RETURN_IF_ERROR(parse_fields(id, node, path));
    return id;
}

bool signed_identity_matches(const SignedIdentity& identity, const ImageReference& intended,
                             std::string_view signed_reference) {
    const auto signed_ref = parse_image_reference(signed_reference);
    if (!signed_ref) return false;
    switch (identity.type) {
        case IdentityMatch::kMatchExact:
            return !name_only(intended) && !name_only(*signed_ref) &&
                   signed_ref->to_string() == intended.to_string();
        case IdentityMatch::kMatchRepoDigestOrExact:
            return match_repo_digest_or_exact(intended, *signed_ref);
        case IdentityMatch::kMatchRepository:
            return signed_ref->repository() == intended.repository();
        case IdentityMatch::kExactReference: {
            const auto want = parse_image_reference(identity.reference);
            return want && !name_only(*want) && !name_only(*signed_ref) &&
                   signed_ref->to_string() == want->to_string();
        }
        case IdentityMatch::kExactRepository: {
            const auto want = parse_image_reference(identity.reference);
            return want && signed_ref->repository() == want->repository();
        }
        case IdentityMatch::kRemapIdentity:
            return remap_matches(identity, intended, *signed_ref);
    }
    return false;
}

}  // namespace hardrun::trust
