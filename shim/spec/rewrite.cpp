// SPDX-License-Identifier: Apache-2.0
#include "spec/rewrite.hpp"

#include <array>

namespace hardrun::spec {
namespace {

constexpr std::array kPasses = {
    NamedPass{"capabilities", pass_capabilities},
    NamedPass{"user", pass_user},
    NamedPass{"no_new_privileges", pass_no_new_privileges},
    NamedPass{"apparmor", pass_apparmor},
    NamedPass{"readonly_rootfs", pass_readonly_rootfs},
    NamedPass{"masked_paths", pass_masked_paths},
    NamedPass{"seccomp", pass_seccomp},
    NamedPass{"pids_limit", pass_pids_limit},
};

}  // namespace

std::span<const NamedPass> rewrite_passes() { return kPasses; }

Result<Changes> rewrite_spec(Json& spec, const RewriteContext& ctx) {
    if (!spec.is_object()) return Error(ErrorCode::kInvalidSpec, "the document must be an object");
    if (!spec.contains("process") || !spec["process"].is_object()) {
        return Error(ErrorCode::kInvalidSpec, "/process must be an object");
    }
    Changes all;
    for (const auto& pass : kPasses) {
        auto changes = pass.run(spec, ctx);
        if (!changes) return changes.error().with_context(std::string("pass ") + pass.name);
        all.insert(all.end(), changes->begin(), changes->end());
    }
    return all;
}

}  // namespace hardrun::spec
