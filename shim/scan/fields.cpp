// SPDX-License-Identifier: Apache-2.0
#include "scan/fields.hpp"

#include <algorithm>

#include "base/image_reference.hpp"

namespace hardrun::scan::detail {

const json* Node::find(std::string_view key) const {
    if (!value.is_object()) return nullptr;
    const auto it = value.find(key);
    if (it == value.end() || it->is_null()) return nullptr;
    return &*it;
}

Error Node::error(std::string_view key, const std::string& what) const {
    return Error(ErrorCode::kInvalidSpec, at(key) + " " + what);
}

Error Node::error(const std::string& what) const {
    return Error(ErrorCode::kInvalidSpec, (path.empty() ? std::string("/") : path) + " " + what);
}

Result<std::string> required_string(const Node& object, std::string_view key) {
    const json* v = object.find(key);
    if (v == nullptr) return object.error(key, "is missing");
    if (!v->is_string()) return object.error(key, "must be a string");
    return v->get<std::string>();
}

Result<std::string> optional_string(const Node& object, std::string_view key) {
    const json* v = object.find(key);
    if (v == nullptr) return std::string();
    if (!v->is_string()) return object.error(key, "must be a string");
    return v->get<std::string>();
}

Result<Node> required_object(const Node& object, std::string_view key) {
    const json* v = object.find(key);
    if (v == nullptr) return object.error(key, "is missing");
    if (!v->is_object()) return object.error(key, "must be an object");
    return object.member_node(*v, key);
}

Result<std::optional<Node>> optional_object(const Node& object, std::string_view key) {
    const json* v = object.find(key);
    if (v == nullptr) return std::optional<Node>();
    if (!v->is_object()) return object.error(key, "must be an object");
    return std::optional<Node>(object.member_node(*v, key));
}

Result<std::optional<Node>> optional_array(const Node& object, std::string_view key) {
    const json* v = object.find(key);
    if (v == nullptr) return std::optional<Node>();
    if (!v->is_array()) return object.error(key, "must be an array");
    return std::optional<Node>(object.member_node(*v, key));
}

Result<std::vector<std::string>> optional_strings(const Node& object, std::string_view key) {
    auto array = optional_array(object, key);
    if (!array) return array.error();
    std::vector<std::string> out;
    if (!*array) return out;
    const Node& list = **array;
    for (std::size_t i = 0; i < list.value.size(); ++i) {
        if (!list.value[i].is_string()) return list.element(i).error("must be a string");
        out.push_back(list.value[i].get<std::string>());
    }
    return out;
}

Result<policy::Severity> required_severity(const Node& object, std::string_view key) {
    auto name = required_string(object, key);
    if (!name) return name.error();
    const auto severity = policy::severity_from_name(*name);
    if (!severity) return object.error(key, "\"" + *name + "\" is not a severity");
    return *severity;
}

Result<std::string> optional_digest(const Node& object, std::string_view key) {
    auto text = optional_string(object, key);
    if (!text) return text.error();
    if (!text->empty() && !is_sha256_digest(*text)) {
        return object.error(key, "\"" + *text + "\" is not a sha256:<64 hex> digest");
    }
    return text;
}

Result<RepoDigest> parse_repo_digest(std::string_view text, const std::string& pointer) {
    const auto at = text.rfind('@');
    if (at == std::string_view::npos) {
        return Error(ErrorCode::kInvalidSpec,
                     pointer + " \"" + std::string(text) + "\" is not REPOSITORY@sha256:<hex>");
    }
    const std::string digest(text.substr(at + 1));
    if (!is_sha256_digest(digest)) {
        return Error(ErrorCode::kInvalidSpec, pointer + " \"" + std::string(text) +
                                                  "\" does not end in a sha256:<64 hex> digest");
    }
    auto repository = parse_repository(text.substr(0, at), pointer);
    if (!repository) return repository.error();
    return RepoDigest{std::move(*repository), digest};
}

Result<std::string> parse_repository(std::string_view text, const std::string& pointer) {
    auto ref = parse_image_reference(text);
    if (!ref) return Error(ErrorCode::kInvalidSpec, pointer + " " + ref.error().message());
    return ref->repository();
}

void add_unique(std::vector<std::string>& list, std::string item) {
    if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(std::move(item));
}

}  // namespace hardrun::scan::detail
