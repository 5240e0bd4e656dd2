// SPDX-License-Identifier: Apache-2.0
// JSON for security-relevant documents (containers-policy.json, Rekor bundles), read the way
// containers/image reads them: a duplicated key anywhere is an error rather than "last one
// wins", and every error names where it is as a JSONPath ("$.transports.docker[\"quay.io\"][0]").
// Pure code; nlohmann's exceptions stay inside the .cpp.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include "base/json.hpp"
#include "base/result.hpp"

namespace hardrun::trust {

// Parses `text`; kInvalidArgument "not valid JSON at byte N" or "$.a.b: duplicate key \"k\"".
// The caller prepends the file name.
Result<Json> parse_strict_json(std::string_view text);

// JSONPath steps: `$.name` for identifier-like keys, `$["quay.io"]` otherwise; `$[3]`.
std::string json_path_member(const std::string& path, std::string_view key);
std::string json_path_index(const std::string& path, std::size_t index);

// kInvalidArgument "<path>: unknown field \"x\"" for the first key of `object` (which must be
// an object) outside `allowed`.
Result<void> reject_unknown_fields(const Json& object, const std::string& path,
                                   std::initializer_list<std::string_view> allowed);

}  // namespace hardrun::trust
