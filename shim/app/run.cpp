// SPDX-License-Identifier: Apache-2.0
#include <string_view>

#include "app/app.hpp"
#include "runtime/exec.hpp"
#include "runtime/exec_state.hpp"

namespace hardrun::app {

int forward(const std::vector<std::string>& argv, Settings& settings) {
    auto path = runtime::resolve_runtime(settings.config.runtime_path);
    if (!path) {
        audit::report(settings.log, audit::Level::kError, "hardrun: " + path.error().message());
        return 1;
    }
    auto failed = runtime::exec_runtime(*path, argv);
    audit::report(settings.log, audit::Level::kError, "hardrun: " + failed.error().message());
    return 1;
}

int run(int argc, char** argv) {
    std::vector<std::string_view> args(argv, argv + argc);
    auto inv = cli::parse_invocation(args);
    if (!inv) {
        const std::vector<std::string> raw(argv, argv + argc);
        audit::report(runc_log_from_raw_argv(raw), audit::Level::kError,
                      "hardrun: " + inv.error().message());
        return 1;
    }
    Settings settings = load_settings(*inv);
    switch (inv->command) {
        case cli::Command::kCreate:
        case cli::Command::kRun:
        case cli::Command::kRestore:
            return handle_create(*inv, settings);
        case cli::Command::kExec:
            return handle_exec(*inv, settings);
        case cli::Command::kDelete:
            runtime::remove_exec_state(runtime::exec_state_path(
                settings.config.state_dir, inv->globals.root.value_or(""), inv->container_id));
            return forward(inv->argv, settings);
        case cli::Command::kNone:
        case cli::Command::kOther:
            return forward(inv->argv, settings);
    }
    return forward(inv->argv, settings);
}

}  // namespace hardrun::app
