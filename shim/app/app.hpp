// SPDX-License-Identifier: Apache-2.0
// The hardrun runtime as a list of steps: parse, load settings, decide, rewrite, record, exec.
#pragma once

#include "app/settings.hpp"
#include "cli/invocation.hpp"

namespace hardrun::app {

// The whole runtime; returns an exit code only when it does not exec the real runtime.
int run(int argc, char** argv);

int handle_create(const cli::Invocation& inv, Settings& settings);
int handle_exec(const cli::Invocation& inv, Settings& settings);

// Forwards argv unchanged (or as given) to the real runtime.
int forward(const std::vector<std::string>& argv, Settings& settings);

}  // namespace hardrun::app
