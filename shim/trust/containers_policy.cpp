// SPDX-License-Identifier: Apache-2.0
#include "trust/containers_policy.hpp"

#include "base/files.hpp"
#include "trust/policy_requirements.hpp"
#include "trust/policy_scope.hpp"
#include "trust/strict_json.hpp"

namespace hardrun::trust {
namespace {

constexpr std::size_t kMaxKeyBytes = 64 * 1024;
constexpr std::size_t kMaxPolicyBytes = 1024 * 1024;

Error bad(const std::string& path, const std::string& why) {
    return Error(ErrorCode::kInvalidArgument, path + ": " + why);
}

Result<PolicyRequirements> parse_requirements(const Json& node, const std::string& path,
                                              const KeyFileReader& read_key) {
    if (!node.is_array()) return bad(path, "must be an array of policy requirements");
    if (node.empty()) return bad(path, "the list of policy requirements must not be empty");
    PolicyRequirements out;
    out.reserve(node.size());
    for (std::size_t i = 0; i < node.size(); ++i) {
        auto requirement = parse_policy_requirement(node[i], json_path_index(path, i), read_key);
        if (!requirement) return requirement.error();
        out.push_back(std::move(*requirement));
    }
    return out;
}

// One transport's {scope: requirements}; docker scopes are validated, other transports'
// scopes are kept as written (hardrun never consults them).
Result<std::map<std::string, PolicyRequirements>> parse_scopes(const std::string& transport,
                                                               const Json& node,
                                                               const std::string& path,
                                                               const KeyFileReader& read_key) {
    if (!node.is_object())
        return bad(path, "must be an object mapping scopes to policy requirements");
    std::map<std::string, PolicyRequirements> scopes;
    for (const auto& [scope, value] : node.items()) {
        const std::string scope_path = json_path_member(path, scope);
        if (transport == "docker" && !scope.empty()) {
            if (auto valid = validate_docker_scope(scope); !valid)
                return bad(scope_path, valid.error().message());
        }
        auto requirements = parse_requirements(value, scope_path, read_key);
        if (!requirements) return requirements.error();
        scopes.emplace(scope, std::move(*requirements));
    }
    return scopes;
}

Result<SignaturePolicy> parse_document(const Json& doc, const KeyFileReader& read_key) {
    if (!doc.is_object()) return bad("$", "must be an object");
    HARDRUN_RETURN_IF_ERROR(reject_unknown_fields(doc, "$", {"default", "transports"}));
    SignaturePolicy policy;
    const auto def = doc.find("default");
    if (def == doc.end()) return bad("$", "\"default\" is required");
    auto requirements = parse_requirements(*def, "$.default", read_key);
    if (!requirements) return requirements.error();
    policy.default_requirements = std::move(*requirements);

    const auto transports = doc.find("transports");
    if (transports == doc.end()) return policy;
    if (!transports->is_object())
        return bad("$.transports", "must be an object mapping transport names to scopes");
    for (const auto& [name, scopes_node] : transports->items()) {
        auto scopes =
            parse_scopes(name, scopes_node, json_path_member("$.transports", name), read_key);
        if (!scopes) return scopes.error();
        policy.transports.emplace(name, std::move(*scopes));
    }
    return policy;
}

}  // namespace

std::string_view requirement_type_name(const PolicyRequirement& requirement) {
    struct Name {
        std::string_view operator()(const InsecureAcceptAnything&) const {
            return "insecureAcceptAnything";
        }
        std::string_view operator()(const Reject&) const { return "reject"; }
        std::string_view operator()(const SignedBy&) const { return "signedBy"; }
        std::string_view operator()(const SignedBaseLayer&) const { return "signedBaseLayer"; }
        std::string_view operator()(const SigstoreSigned&) const { return "sigstoreSigned"; }
    };
    return std::visit(Name{}, requirement);
}

Result<std::string> read_key_file(const std::string& path) { return read_file(path, kMaxKeyBytes); }

Result<SignaturePolicy> parse_signature_policy(std::string_view text, const std::string& origin,
                                               const KeyFileReader& read_key) {
    auto doc = parse_strict_json(text);
    if (!doc) return Error(ErrorCode::kInvalidPolicy, origin + ": " + doc.error().message());
    auto policy = parse_document(*doc, read_key);
    if (!policy) return Error(ErrorCode::kInvalidPolicy, origin + ": " + policy.error().message());
    policy->origin = origin;
    return policy;
}

Result<SignaturePolicy> load_signature_policy(const std::string& path, const KeyFileReader& read_key) {
    auto text = read_file(path, kMaxPolicyBytes);
    if (!text) return text.error().with_context("signature policy");
    return parse_signature_policy(*text, path, read_key);
}

}  // namespace hardrun::trust
