// SPDX-License-Identifier: Apache-2.0
// Strict parsing of hardrun's configuration file: unknown fields, wrong types and bad values
// are errors that name the file and the JSON path ("$.rules[1].user.uid").
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "base/result.hpp"
#include "policy/config.hpp"

namespace hardrun::policy {

Result<Config> parse_config(const nlohmann::json& doc, const std::string& origin);
Result<Config> parse_config_text(std::string_view text, const std::string& origin);

}  // namespace hardrun::policy
