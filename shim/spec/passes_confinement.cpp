// SPDX-License-Identifier: Apache-2.0
// Passes over kernel-enforced limits: the seccomp filter and the pids limit.
#include "seccomp_profile.hpp"
#include "spec/passes.hpp"

namespace hardrun::spec {

Result<Changes> pass_seccomp(Json& spec, const RewriteContext& ctx) {
    if (ctx.seccomp_profile == nullptr) return Changes{};
    const Json::json_pointer ptr("/linux/seccomp");
    const bool present = spec.contains(ptr) && !spec.at(ptr).is_null();
    if (present && profiles::seccomp_at_least_as_strict(spec.at(ptr), *ctx.seccomp_profile)) {
        return Changes{};
    }
    auto linux_obj = ensure_object(spec, "/linux");
    if (!linux_obj) return linux_obj.error();
    (**linux_obj)["seccomp"] = *ctx.seccomp_profile;
    return Changes{{"/linux/seccomp",
                    std::string(present ? "replaced a weaker profile" : "added a profile") +
                        " with \"" + ctx.seccomp_name + "\"",
                    "the rule's seccomp profile"}};
}

Result<Changes> pass_pids_limit(Json& spec, const RewriteContext& ctx) {
    const std::int64_t limit = ctx.body().pids_limit;
    if (limit <= 0) return Changes{};
    auto current = get_int(spec, "/linux/resources/pids/limit");
    if (!current) return current.error();
    if (current->has_value() && **current > 0 && **current <= limit) return Changes{};
    auto pids = ensure_object(spec, "/linux/resources/pids");
    if (!pids) return pids.error();
    (**pids)["limit"] = limit;
    const std::string before = current->has_value() ? std::to_string(**current) : "unlimited";
    return Changes{{"/linux/resources/pids/limit", before + " → " + std::to_string(limit),
                    "the rule's pids_limit"}};
}

}  // namespace hardrun::spec
