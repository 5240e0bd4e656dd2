// SPDX-License-Identifier: Apache-2.0
// Finding and reading the configuration file. A missing file means the built-in defaults
// (with a warning); an unreadable or malformed one is an error, so every create is refused.
#pragma once

#include <optional>
#include <string>

#include "base/result.hpp"
#include "policy/config.hpp"

namespace hardrun::policy {

inline constexpr const char* kDefaultConfigPath = "/etc/hardrun/config.json";

// HARDRUN_CONFIG when set and non-empty, else kDefaultConfigPath.
std::string config_path_from_environment();

struct LoadedConfig {
    Config config;
    std::optional<std::string> warning;
};

Result<LoadedConfig> load_config(const std::string& path);

}  // namespace hardrun::policy
