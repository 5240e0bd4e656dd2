// SPDX-License-Identifier: Apache-2.0
#include "base/json.hpp"

namespace hardrun {
namespace {

const Json* find(const Json& doc, const std::string& pointer) {
    const Json::json_pointer ptr(pointer);
    if (!doc.contains(ptr)) return nullptr;
    const Json& value = doc.at(ptr);
    return value.is_null() ? nullptr : &value;
}

Error type_error(const std::string& pointer, const char* expected) {
    return Error(ErrorCode::kInvalidSpec, pointer + " must be " + expected);
}

}  // namespace

Result<Json> parse_json(std::string_view text, const std::string& origin) {
    try {
        return Json::parse(text.begin(), text.end());
    } catch (const nlohmann::json::parse_error& e) {
        return Error(ErrorCode::kInvalidSpec,
                     origin + ": not valid JSON at byte " + std::to_string(e.byte));
    } catch (const nlohmann::json::exception& e) {
        // e.g. out_of_range for a number too large for any type
        return Error(ErrorCode::kInvalidSpec, origin + ": not valid JSON: " + e.what());
    }
}

std::string to_text(const Json& doc) {
    return doc.dump(-1, ' ', false, Json::error_handler_t::replace);
}

Result<std::optional<std::vector<std::string>>> get_string_array(const Json& doc,
                                                                 const std::string& pointer) {
    const Json* value = find(doc, pointer);
    if (value == nullptr) return std::optional<std::vector<std::string>>();
    if (!value->is_array()) return type_error(pointer, "an array of strings");
    std::vector<std::string> out;
    out.reserve(value->size());
    for (const auto& item : *value) {
        if (!item.is_string()) return type_error(pointer, "an array of strings");
        out.push_back(item.get<std::string>());
    }
    return std::optional(std::move(out));
}

Result<std::optional<std::string>> get_string(const Json& doc, const std::string& pointer) {
    const Json* value = find(doc, pointer);
    if (value == nullptr) return std::optional<std::string>();
    if (!value->is_string()) return type_error(pointer, "a string");
    return std::optional(value->get<std::string>());
}

Result<std::optional<bool>> get_bool(const Json& doc, const std::string& pointer) {
    const Json* value = find(doc, pointer);
    if (value == nullptr) return std::optional<bool>();
    if (!value->is_boolean()) return type_error(pointer, "a boolean");
    return std::optional(value->get<bool>());
}

Result<std::optional<std::int64_t>> get_int(const Json& doc, const std::string& pointer) {
    const Json* value = find(doc, pointer);
    if (value == nullptr) return std::optional<std::int64_t>();
    if (!value->is_number_integer()) return type_error(pointer, "an integer");
    return std::optional(value->get<std::int64_t>());
}

Result<Json*> ensure_object(Json& doc, const std::string& pointer) {
    if (!doc.is_object()) return type_error("/", "an object");
    Json* node = &doc;
    std::string walked;
    std::size_t pos = 1;
    while (pos <= pointer.size() && pointer.size() > 1) {
        const std::size_t next = pointer.find('/', pos);
        const std::string key = pointer.substr(pos, next == std::string::npos ? next : next - pos);
        walked += "/" + key;
        Json& child = (*node)[key];
        if (child.is_null()) child = Json::object();
        if (!child.is_object()) return type_error(walked, "an object");
        node = &child;
        if (next == std::string::npos) break;
        pos = next + 1;
    }
    return node;
}

}  // namespace hardrun
