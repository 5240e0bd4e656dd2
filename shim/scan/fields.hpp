// SPDX-License-Identifier: Apache-2.0
// Internal to the scan parsers: typed reads of one member of a JSON object, with errors that
// name the member's JSON pointer ("/Results/0/Vulnerabilities/2/Severity must be a string").
// A member that is absent or null counts as absent.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/result.hpp"
#include "policy/config.hpp"

namespace hardrun::scan::detail {

using nlohmann::json;

// A JSON value with the pointer it was found at.
struct Node {
    const json& value;
    std::string path;  // "" for the document root

    Node member_node(const json& child, std::string_view key) const {
        return Node{child, path + "/" + std::string(key)};
    }
    Node element(std::size_t index) const {
        return Node{value[index], path + "/" + std::to_string(index)};
    }
    // The member or nullptr when absent or null; value must be an object.
    const json* find(std::string_view key) const;
    std::string at(std::string_view key) const { return path + "/" + std::string(key); }

    Error error(std::string_view key, const std::string& what) const;
    Error error(const std::string& what) const;
};

Result<std::string> required_string(const Node& object, std::string_view key);
Result<std::string> optional_string(const Node& object, std::string_view key);  // "" if absent
Result<Node> required_object(const Node& object, std::string_view key);
Result<std::optional<Node>> optional_object(const Node& object, std::string_view key);
Result<std::optional<Node>> optional_array(const Node& object, std::string_view key);
Result<std::vector<std::string>> optional_strings(const Node& object, std::string_view key);

// The member as a severity name in any case ("HIGH", "High").
Result<policy::Severity> required_severity(const Node& object, std::string_view key);

// Validates "sha256:<64 hex>" at object/key (a blank string is absent: "").
Result<std::string> optional_digest(const Node& object, std::string_view key);

// "repo@sha256:<hex>" → the normalised repository and the digest; the pointer names the field.
struct RepoDigest {
    std::string repository;
    std::string digest;
};
Result<RepoDigest> parse_repo_digest(std::string_view text, const std::string& pointer);
// "repo[:tag]" or "repo@digest" → the normalised repository.
Result<std::string> parse_repository(std::string_view text, const std::string& pointer);

// Appends when not already present (digests and repositories are sets kept in order).
void add_unique(std::vector<std::string>& list, std::string item);

}  // namespace hardrun::scan::detail
