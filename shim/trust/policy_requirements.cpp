// SPDX-License-Identifier: Apache-2.0
#include "trust/policy_requirements.hpp"

#include <array>

#include "trust/base64.hpp"
#include "trust/policy_keys.hpp"
#include "trust/strict_json.hpp"

namespace hardrun::trust {
namespace {

Error bad(const std::string& path, const std::string& why) {
    return Error(ErrorCode::kInvalidArgument, path + ": " + why);
}

// An optional string field: absent → "", present and not a string → error.
Result<std::string> optional_string(const Json& node, const std::string& path, const char* key) {
    const auto it = node.find(key);
    if (it == node.end()) return std::string();
    if (!it->is_string()) return bad(json_path_member(path, key), "must be a string");
    return it->get<std::string>();
}

Result<void> check_base64(const Json& node, const std::string& path, const char* key) {
    const auto it = node.find(key);
    if (it == node.end()) return ok();
    if (!it->is_string()) return bad(json_path_member(path, key), "must be a base64 string");
    if (auto bytes = base64_decode(it->get<std::string>()); !bytes) {
        return bad(json_path_member(path, key), bytes.error().message());
    }
    return ok();
}

Result<SignedIdentity> identity_at(const Json& node, const std::string& path, const char* key) {
    const auto it = node.find(key);
    if (it == node.end()) return SignedIdentity{};  // matchRepoDigestOrExact
    return parse_signed_identity(*it, json_path_member(path, key));
}

Result<void> parse_fulcio(const Json& node, const std::string& path) {
    if (!node.is_object()) return bad(path, "must be an object");
    HARDRUN_RETURN_IF_ERROR(
        reject_unknown_fields(node, path, {"caPath", "caData", "oidcIssuer", "subjectEmail"}));
    HARDRUN_RETURN_IF_ERROR(check_base64(node, path, "caData"));
    auto ca_path = optional_string(node, path, "caPath");
    if (!ca_path) return ca_path.error();
    if (node.contains("caPath") == node.contains("caData")) {
        return bad(path, "exactly one of caPath and caData must be specified");
    }
    for (const char* key : {"oidcIssuer", "subjectEmail"}) {
        auto value = optional_string(node, path, key);
        if (!value) return value.error();
        if (value->empty()) return bad(path, std::string(key) + " must be specified");
    }
    return ok();
}

Result<void> parse_pki(const Json& node, const std::string& path) {
    if (!node.is_object()) return bad(path, "must be an object");
    HARDRUN_RETURN_IF_ERROR(
        reject_unknown_fields(node, path,
                              {"caRootsPath", "caRootsData", "caIntermediatesPath",
                               "caIntermediatesData", "subjectEmail", "subjectHostname"}));
    for (const char* key :
         {"caRootsPath", "caIntermediatesPath", "subjectEmail", "subjectHostname"}) {
        if (auto value = optional_string(node, path, key); !value) return value.error();
    }
    HARDRUN_RETURN_IF_ERROR(check_base64(node, path, "caRootsData"));
    HARDRUN_RETURN_IF_ERROR(check_base64(node, path, "caIntermediatesData"));
    if (node.contains("caRootsPath") == node.contains("caRootsData")) {
        return bad(path, "exactly one of caRootsPath and caRootsData must be specified");
    }
    if (node.contains("caIntermediatesPath") && node.contains("caIntermediatesData")) {
        return bad(path, "caIntermediatesPath and caIntermediatesData cannot be used together");
    }
    if (!node.contains("subjectEmail") && !node.contains("subjectHostname")) {
        return bad(path, "at least one of subjectEmail and subjectHostname must be specified");
    }
    return ok();
}

Result<void> check_key_sources(const Json& node, const std::string& path) {
    const int keys = count_key_fields(node, kSignerKeyFields) + (node.contains("fulcio") ? 1 : 0) +
                     (node.contains("pki") ? 1 : 0);
    if (keys != 1) {
        return bad(path,
                   "exactly one of keyPath, keyPaths, keyData, keyDatas, fulcio and pki must be "
                   "specified, found " +
                       std::to_string(keys));
    }
    const int rekor = count_key_fields(node, kRekorKeyFields);
    if (rekor > 1) {
        return bad(path,
                   "at most one of rekorPublicKeyPath, rekorPublicKeyPaths, rekorPublicKeyData "
                   "and rekorPublicKeyDatas can be specified");
    }
    if (node.contains("fulcio") && rekor == 0)
        return bad(path, "fulcio requires a Rekor public key");
    if (node.contains("pki") && rekor != 0)
        return bad(path, "pki cannot be combined with a Rekor public key");
    return ok();
}

Result<PolicyRequirement> parse_sigstore_signed(const Json& node, const std::string& path,
                                                const KeyFileReader& read_key) {
    HARDRUN_RETURN_IF_ERROR(
        reject_unknown_fields(node, path,
                              {"type", "keyPath", "keyPaths", "keyData", "keyDatas", "fulcio",
                               "pki", "rekorPublicKeyPath", "rekorPublicKeyPaths",
                               "rekorPublicKeyData", "rekorPublicKeyDatas", "signedIdentity"}));
    HARDRUN_RETURN_IF_ERROR(check_key_sources(node, path));
    SigstoreSigned req;
    if (const auto it = node.find("fulcio"); it != node.end()) {
        HARDRUN_RETURN_IF_ERROR(parse_fulcio(*it, json_path_member(path, "fulcio")));
        req.fulcio = true;
    }
    if (const auto it = node.find("pki"); it != node.end()) {
        HARDRUN_RETURN_IF_ERROR(parse_pki(*it, json_path_member(path, "pki")));
        req.pki = true;
    }
    auto keys = load_keys(node, path, kSignerKeyFields, read_key);
    if (!keys) return keys.error();
    req.keys = std::move(*keys);
    auto rekor = load_keys(node, path, kRekorKeyFields, read_key);
    if (!rekor) return rekor.error();
    for (const TrustedKey& k : *rekor) {
        // The Rekor log signs with ECDSA; containers/image refuses any other Rekor key.
        if (k.key.algorithm().rfind("ecdsa-", 0) != 0) {
            return bad(path,
                       "Rekor public key " + k.source + " is " + k.key.algorithm() + ", not ECDSA");
        }
    }
    req.rekor_keys = std::move(*rekor);
    auto identity = identity_at(node, path, "signedIdentity");
    if (!identity) return identity.error();
    req.identity = std::move(*identity);
    return PolicyRequirement(std::move(req));
}

Result<void> check_string_list(const Json& node, const std::string& path, const char* key) {
    const auto it = node.find(key);
    if (it == node.end()) return ok();
    if (!it->is_array()) return bad(json_path_member(path, key), "must be an array of strings");
    for (const auto& item : *it) {
        if (!item.is_string())
            return bad(json_path_member(path, key), "must be an array of strings");
    }
    return ok();
}

Result<PolicyRequirement> parse_signed_by(const Json& node, const std::string& path) {
    HARDRUN_RETURN_IF_ERROR(reject_unknown_fields(
        node, path, {"type", "keyType", "keyPath", "keyPaths", "keyData", "signedIdentity"}));
    auto key_type = optional_string(node, path, "keyType");
    if (!key_type) return key_type.error();
    constexpr std::array<std::string_view, 4> kKeyTypes = {"GPGKeys", "signedByGPGKeys",
                                                           "X509Certificates", "signedByX509CAs"};
    bool valid = false;
    for (const auto t : kKeyTypes) valid = valid || *key_type == t;
    if (!valid)
        return bad(json_path_member(path, "keyType"), "invalid keyType \"" + *key_type + "\"");
    if (auto p = optional_string(node, path, "keyPath"); !p) return p.error();
    HARDRUN_RETURN_IF_ERROR(check_string_list(node, path, "keyPaths"));
    HARDRUN_RETURN_IF_ERROR(check_base64(node, path, "keyData"));
    const int sources = (node.contains("keyPath") ? 1 : 0) + (node.contains("keyPaths") ? 1 : 0) +
                        (node.contains("keyData") ? 1 : 0);
    if (sources != 1) {
        return bad(path, "exactly one of keyPath, keyPaths and keyData must be specified, found " +
                             std::to_string(sources));
    }
    auto identity = identity_at(node, path, "signedIdentity");
    if (!identity) return identity.error();
    return PolicyRequirement(SignedBy{std::move(*key_type), std::move(*identity)});
}

Result<PolicyRequirement> parse_signed_base_layer(const Json& node, const std::string& path) {
    HARDRUN_RETURN_IF_ERROR(reject_unknown_fields(node, path, {"type", "baseLayerIdentity"}));
    if (!node.contains("baseLayerIdentity")) return bad(path, "\"baseLayerIdentity\" is required");
    auto identity = identity_at(node, path, "baseLayerIdentity");
    if (!identity) return identity.error();
    return PolicyRequirement(SignedBaseLayer{std::move(*identity)});
}

}  // namespace

Result<PolicyRequirement> parse_policy_requirement(const Json& node, const std::string& path,
                                                   const KeyFileReader& read_key) {
    if (!node.is_object()) return bad(path, "must be an object");
    const auto type_it = node.find("type");
    if (type_it == node.end()) return bad(path, "\"type\" is required");
    if (!type_it->is_string()) return bad(json_path_member(path, "type"), "must be a string");
    const auto type = type_it->get<std::string>();
    if (type == "insecureAcceptAnything" || type == "reject") {
        HARDRUN_RETURN_IF_ERROR(reject_unknown_fields(node, path, {"type"}));
        if (type == "reject") return PolicyRequirement(Reject{});
        return PolicyRequirement(InsecureAcceptAnything{});
    }
    if (type == "sigstoreSigned") return parse_sigstore_signed(node, path, read_key);
    if (type == "signedBy") return parse_signed_by(node, path);
    if (type == "signedBaseLayer") return parse_signed_base_layer(node, path);
    return bad(json_path_member(path, "type"), "unknown policy requirement type \"" + type + "\"");
}

}  // namespace hardrun::trust
