// SPDX-License-Identifier: Apache-2.0
#include "policy/load.hpp"

#include <cstdlib>

#include "base/files.hpp"
#include "policy/parse.hpp"

namespace hardrun::policy {

namespace {
constexpr std::size_t kMaxConfigBytes = 4 * 1024 * 1024;
}

std::string config_path_from_environment() {
    const char* env = std::getenv("HARDRUN_CONFIG");  // NOLINT(concurrency-mt-unsafe): single-threaded start-up
    return env != nullptr && *env != '\0' ? env : kDefaultConfigPath;
}

Result<LoadedConfig> load_config(const std::string& path) {
    auto text = read_file(path, kMaxConfigBytes);
    if (!text) {
        if (text.error().code() == ErrorCode::kNotFound) {
            return LoadedConfig{builtin_config(),
                                path + " does not exist; using built-in secure defaults"};
        }
        return Error(ErrorCode::kInvalidPolicy, text.error().message());
    }
    auto config = parse_config_text(*text, path);
    if (!config) return config.error();
    return LoadedConfig{std::move(*config), std::nullopt};
}

}  // namespace hardrun::policy
