// SPDX-License-Identifier: Apache-2.0
// Everything one invocation needs before it decides: the parsed command line, hardrun's
// configuration (or the error that makes it unusable) and where user-facing messages go.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "audit/runc_log.hpp"
#include "base/result.hpp"
#include "cli/invocation.hpp"
#include "policy/config.hpp"

namespace hardrun::app {

struct Settings {
    policy::Config config;
    std::optional<Error> config_error;  // a broken file: creates and execs are refused
    std::vector<std::string> warnings;
    audit::RuncLog log;
};

Settings load_settings(const cli::Invocation& inv);

// The --log target of an argv that did not parse, so even that error reaches the engine.
audit::RuncLog runc_log_from_raw_argv(const std::vector<std::string>& argv);

}  // namespace hardrun::app
