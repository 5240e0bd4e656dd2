// SPDX-License-Identifier: Apache-2.0
// The JSON document type for foreign files (config.json, process.json) and typed accessors
// that report the JSON pointer of whatever is missing or of the wrong type.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/result.hpp"

namespace hardrun {

// Insertion-ordered so a rewritten config.json keeps the engine's field order.
using Json = nlohmann::ordered_json;

// Parses text; errors name `origin` (a file name) and the byte offset.
Result<Json> parse_json(std::string_view text, const std::string& origin);

// Compact serialisation that never throws on invalid UTF-8 (it is replaced), for logs.
std::string to_text(const Json& doc);

// Optional typed reads under a JSON pointer. Absent (or null) → nullopt; present with the
// wrong type → kInvalidSpec naming the pointer.
Result<std::optional<std::vector<std::string>>> get_string_array(const Json& doc,
                                                                 const std::string& pointer);
Result<std::optional<std::string>> get_string(const Json& doc, const std::string& pointer);
Result<std::optional<bool>> get_bool(const Json& doc, const std::string& pointer);
Result<std::optional<std::int64_t>> get_int(const Json& doc, const std::string& pointer);

// The object at pointer, created (with parents) when absent; kInvalidSpec when something of
// another type is in the way.
Result<Json*> ensure_object(Json& doc, const std::string& pointer);

}  // namespace hardrun
