// SPDX-License-Identifier: Apache-2.0
// A strict reader over one JSON object of the policy file. Every error names the JSON path
// of the offending value; unknown keys are errors, because a misspelt policy field silently
// ignored would leave a container less confined than the operator meant.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/result.hpp"

namespace hardrun::policy {

class Reader {
public:
    Reader(const nlohmann::json& value, std::string path) : value_(value), path_(std::move(path)) {}

    const std::string& path() const { return path_; }
    Result<void> expect_object() const;
    Result<void> only_keys(std::span<const std::string_view> known) const;
    Result<void> only_keys(std::initializer_list<std::string_view> known) const {
        return only_keys(std::span<const std::string_view>(known.begin(), known.size()));
    }
    bool has(const char* key) const { return value_.contains(key); }

    // Each reads the key when present and leaves `out` alone when absent.
    Result<void> read(const char* key, bool& out) const;
    Result<void> read(const char* key, std::string& out) const;
    Result<void> read(const char* key, std::uint32_t& out) const;
    Result<void> read(const char* key, std::int64_t& out) const;
    Result<void> read(const char* key, std::vector<std::string>& out) const;
    Result<void> read_object(const char* key,
                             const std::function<Result<void>(const Reader&)>& fn) const;

    Error error(const std::string& problem) const { return error_at(path_, problem); }
    Error error_at_key(const char* key, const std::string& problem) const {
        return error_at(child_path(key), problem);
    }
    std::string child_path(const char* key) const { return path_ + "." + key; }
    const nlohmann::json& value() const { return value_; }

    static Error error_at(const std::string& path, const std::string& problem);

private:
    const nlohmann::json& value_;
    std::string path_;
};

}  // namespace hardrun::policy
