// SPDX-License-Identifier: Apache-2.0
#include "app/settings.hpp"

#include "policy/load.hpp"

namespace hardrun::app {

Settings load_settings(const cli::Invocation& inv) {
    Settings s;
    s.log.path = inv.globals.log;
    s.log.format = inv.globals.log_format.value_or("text");
    auto loaded = policy::load_config(policy::config_path_from_environment());
    if (loaded) {
        s.config = std::move(loaded->config);
        if (loaded->warning) s.warnings.push_back(*loaded->warning);
    } else {
        s.config = policy::builtin_config();
        s.config_error = loaded.error();
    }
    return s;
}

audit::RuncLog runc_log_from_raw_argv(const std::vector<std::string>& argv) {
    audit::RuncLog log;
    for (std::size_t i = 1; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        auto value_of = [&](const std::string& name) -> std::optional<std::string> {
            for (const std::string& prefix : {"-" + name, "--" + name}) {
                if (a == prefix && i + 1 < argv.size()) return argv[i + 1];
                if (a.rfind(prefix + "=", 0) == 0) return a.substr(prefix.size() + 1);
            }
            return std::nullopt;
        };
        if (auto v = value_of("log")) log.path = v;
        if (auto v = value_of("log-format")) log.format = *v;
    }
    return log;
}

}  // namespace hardrun::app
