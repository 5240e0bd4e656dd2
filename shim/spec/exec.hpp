// SPDX-License-Identifier: Apache-2.0
// exec into a running container: the limits its rule set at create time, kept beside it, and
// the pure edits that hold an exec's process.json and flags to them, so that
// `docker exec --privileged` cannot gain what the container was denied.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/json.hpp"
#include "base/result.hpp"
#include "cli/invocation.hpp"
#include "policy/config.hpp"
#include "spec/context.hpp"
#include "spec/passes.hpp"

namespace hardrun::spec {

struct ExecLimits {
    std::string rule = "default";
    policy::Mode mode = policy::Mode::kEnforce;
    std::vector<std::string> capabilities;
    policy::UserPolicy user;
    bool no_new_privileges = true;
    std::string apparmor_profile;  // effective at create time; "" for none
    // The container process's user after the rewrite: an exec that names no user runs as it.
    // runc takes it from config.json; crun would run such an exec as root.
    std::optional<std::pair<std::uint32_t, std::uint32_t>> process_user;
};

// The limits of a container created from `rewritten` (its process user included).
ExecLimits exec_limits_for(const RewriteContext& ctx, const Json* rewritten = nullptr);
Json exec_limits_to_json(const ExecLimits& limits);
Result<ExecLimits> exec_limits_from_json(const Json& doc);

// Hardens an exec process.json (a bare process object).
Result<Changes> rewrite_process(Json& process, const ExecLimits& limits);

struct ExecArgv {
    std::vector<std::string> argv;
    Changes changes;
};

// Drops --cap flags outside the allowlist, turns --user 0 into the rule's user, names the
// container's user when an exec without --process names none, pins --apparmor to the rule's
// profile and makes sure --no-new-privs is set.
ExecArgv restrict_exec_flags(const cli::Invocation& inv, const ExecLimits& limits);

}  // namespace hardrun::spec
