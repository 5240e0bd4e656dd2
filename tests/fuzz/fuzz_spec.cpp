// SPDX-License-Identifier: Apache-2.0
// Fuzzes the decision on a config.json: any document gives violations and a rewrite, or an
// error, never a crash; and a successful rewrite is idempotent.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "base/json.hpp"
#include "seccomp_profile.hpp"
#include "spec/checks.hpp"
#include "spec/exec.hpp"
#include "spec/rewrite.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace hardrun;
    auto doc = parse_json(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz");
    if (!doc) return 0;
    static const policy::Config config = policy::builtin_config();
    const spec::RewriteContext ctx{config, config.default_rule, &profiles::default_seccomp_profile(),
                                   "default", {}, {}, {}};
    (void)spec::check_spec(*doc, ctx);
    (void)profiles::seccomp_at_least_as_strict(*doc, profiles::default_seccomp_profile());
    Json process = *doc;
    (void)spec::rewrite_process(process, spec::ExecLimits{});
    Json once = *doc;
    if (!spec::rewrite_spec(once, ctx)) return 0;
    Json twice = once;
    auto again = spec::rewrite_spec(twice, ctx);
    if (!again || !again->empty() || twice != once) __builtin_trap();
    return 0;
}
