// SPDX-License-Identifier: Apache-2.0
#include "ctl/image_settings.hpp"

#include <utility>

#include "policy/load.hpp"

namespace hardrun::ctl {

Result<policy::ImageSettings> configured_image_settings() {
    const std::string path = policy::config_path_from_environment();
    auto loaded = policy::load_config(path);
    if (!loaded) return loaded.error().with_context("cannot read the image settings of " + path);
    return std::move(loaded->config.images);
}

Result<void> apply_image_flags(const cli::ParsedOptions& opts, policy::ImageSettings& settings) {
    for (auto [flag, field] : {std::pair{"--policy", &settings.signature_policy},
                               std::pair{"--cache-dir", &settings.cache_dir}}) {
        if (auto v = opts.value(flag)) {
            auto path = cli::absolute_path(flag, *v);
            if (!path) return path.error();
            *field = std::move(*path);
        }
    }
    if (auto v = opts.value("--timeout-ms")) {
        auto ms = cli::parse_milliseconds("--timeout-ms", *v);
        if (!ms) return ms.error();
        settings.fetch_timeout_ms = *ms;
    }
    if (opts.has("--no-fetch")) settings.fetch_on_miss = false;
    if (!opts.values("--insecure-registry").empty()) settings.insecure_registries = opts.values("--insecure-registry");
    if (!opts.values("--auth-file").empty()) {
        settings.auth_files.clear();
        for (const auto& v : opts.values("--auth-file")) {
            auto path = cli::absolute_path("--auth-file", v);
            if (!path) return path.error();
            settings.auth_files.push_back(std::move(*path));
        }
    }
    return ok();
}

}  // namespace hardrun::ctl
