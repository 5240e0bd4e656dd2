// SPDX-License-Identifier: Apache-2.0
#include "trust/policy_keys.hpp"

#include "trust/base64.hpp"
#include "trust/strict_json.hpp"

namespace hardrun::trust {
namespace {

Error bad(const std::string& path, const std::string& why) {
    return Error(ErrorCode::kInvalidArgument, path + ": " + why);
}

Result<TrustedKey> key_from_pem(std::string_view pem, std::string source, const std::string& path) {
    auto key = PublicKey::from_pem(pem);
    if (!key) return bad(path, key.error().message());
    return TrustedKey{std::move(source), std::move(*key)};
}

Result<TrustedKey> key_from_file(const Json& value, const std::string& path,
                                 const KeyFileReader& read_key) {
    if (!value.is_string()) return bad(path, "must be a string");
    const auto file = value.get<std::string>();
    if (file.empty() || file.front() != '/') {
        return bad(path, "\"" + file + "\" is not an absolute path");
    }
    auto pem = read_key(file);
    if (!pem) return bad(path, pem.error().message());
    return key_from_pem(*pem, file, path);
}

Result<TrustedKey> key_from_data(const Json& value, const std::string& path, std::string source) {
    if (!value.is_string()) return bad(path, "must be a string (base64 of a PEM public key)");
    auto pem = base64_decode(value.get<std::string>());
    if (!pem) return bad(path, pem.error().message());
    return key_from_pem(*pem, std::move(source), path);
}

// A "...Paths" or "...Datas" list: non-empty, each entry loaded by `one`.
template <typename Load>
Result<std::vector<TrustedKey>> load_list(const Json& value, const std::string& path, Load one) {
    if (!value.is_array()) return bad(path, "must be an array");
    if (value.empty()) return bad(path, "contains no entries");
    std::vector<TrustedKey> keys;
    for (std::size_t i = 0; i < value.size(); ++i) {
        auto key = one(value[i], json_path_index(path, i), i);
        if (!key) return key.error();
        keys.push_back(std::move(*key));
    }
    return keys;
}

}  // namespace

int count_key_fields(const Json& node, const KeyFields& fields) {
    int n = 0;
    for (const char* key : {fields.path, fields.paths, fields.data, fields.datas}) {
        n += node.contains(key) ? 1 : 0;
    }
    return n;
}

Result<std::vector<TrustedKey>> load_keys(const Json& node, const std::string& path,
                                          const KeyFields& fields, const KeyFileReader& read_key) {
    if (const auto it = node.find(fields.path); it != node.end()) {
        auto key = key_from_file(*it, json_path_member(path, fields.path), read_key);
        if (!key) return key.error();
        std::vector<TrustedKey> keys;
        keys.push_back(std::move(*key));
        return keys;
    }
    if (const auto it = node.find(fields.paths); it != node.end()) {
        return load_list(*it, json_path_member(path, fields.paths),
                         [&](const Json& v, const std::string& p, std::size_t) {
                             return key_from_file(v, p, read_key);
                         });
    }
    if (const auto it = node.find(fields.data); it != node.end()) {
        auto key = key_from_data(*it, json_path_member(path, fields.data), fields.data);
        if (!key) return key.error();
        std::vector<TrustedKey> keys;
        keys.push_back(std::move(*key));
        return keys;
    }
    if (const auto it = node.find(fields.datas); it != node.end()) {
        return load_list(*it, json_path_member(path, fields.datas),
                         [&](const Json& v, const std::string& p, std::size_t i) {
                             return key_from_data(
                                 v, p, std::string(fields.datas) + "[" + std::to_string(i) + "]");
                         });
    }
    return std::vector<TrustedKey>{};
}

}  // namespace hardrun::trust
