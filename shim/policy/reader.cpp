// SPDX-License-Identifier: Apache-2.0
#include "policy/reader.hpp"

#include <algorithm>

namespace hardrun::policy {

Error Reader::error_at(const std::string& path, const std::string& problem) {
    return Error(ErrorCode::kInvalidPolicy, path + ": " + problem);
}

Result<void> Reader::expect_object() const {
    if (!value_.is_object()) return error("must be an object");
    return ok();
}

Result<void> Reader::only_keys(std::span<const std::string_view> known) const {
    for (const auto& [key, unused] : value_.items()) {
        if (std::find(known.begin(), known.end(), key) == known.end()) {
            std::string list;
            for (auto k : known) list += (list.empty() ? "" : ", ") + std::string(k);
            return error_at(path_ + "." + key, "unknown field (known: " + list + ")");
        }
    }
    return ok();
}

Result<void> Reader::read(const char* key, bool& out) const {
    if (!has(key)) return ok();
    const auto& v = value_.at(key);
    if (!v.is_boolean()) return error_at_key(key, "must be true or false");
    out = v.get<bool>();
    return ok();
}

Result<void> Reader::read(const char* key, std::string& out) const {
    if (!has(key)) return ok();
    const auto& v = value_.at(key);
    if (!v.is_string()) return error_at_key(key, "must be a string");
    out = v.get<std::string>();
    return ok();
}

Result<void> Reader::read(const char* key, std::uint32_t& out) const {
    if (!has(key)) return ok();
    const auto& v = value_.at(key);
    if (!v.is_number_integer() || v.get<std::int64_t>() < 0 ||
        v.get<std::int64_t>() > 0xFFFFFFFFLL) {
        return error_at_key(key, "must be an integer from 0 to 4294967295");
    }
    out = static_cast<std::uint32_t>(v.get<std::int64_t>());
    return ok();
}

Result<void> Reader::read(const char* key, std::int64_t& out) const {
    if (!has(key)) return ok();
    const auto& v = value_.at(key);
    if (!v.is_number_integer()) return error_at_key(key, "must be an integer");
    out = v.get<std::int64_t>();
    return ok();
}

Result<void> Reader::read(const char* key, std::vector<std::string>& out) const {
    if (!has(key)) return ok();
    const auto& v = value_.at(key);
    if (!v.is_array()) return error_at_key(key, "must be an array of strings");
    std::vector<std::string> items;
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (!v[i].is_string()) {
            return error_at(child_path(key) + "[" + std::to_string(i) + "]", "must be a string");
        }
        items.push_back(v[i].get<std::string>());
    }
    out = std::move(items);
    return ok();
}

Result<void> Reader::read_object(const char* key,
                                 const std::function<Result<void>(const Reader&)>& fn) const {
    if (!has(key)) return ok();
    Reader child(value_.at(key), child_path(key));
    HARDRUN_RETURN_IF_ERROR(child.expect_object());
    return fn(child);
}

}  // namespace hardrun::policy
