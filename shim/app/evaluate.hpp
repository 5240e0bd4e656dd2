// SPDX-License-Identifier: Apache-2.0
// policy + spec together: choose the rule for a config.json, load its seccomp profile, check the
// spec against the rule and rewrite a copy. Shared by `hardrun create` and `hardrunctl explain`.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/json.hpp"
#include "base/result.hpp"
#include "identity/identity.hpp"
#include "policy/config.hpp"
#include "spec/context.hpp"
#include "spec/exec.hpp"
#include "spec/passes.hpp"

namespace hardrun::app {

struct Evaluation {
    const policy::Rule* rule = nullptr;
    std::vector<spec::Violation> violations;
    spec::Changes changes;
    Json rewritten;  // the spec as enforce mode would store it
    std::vector<std::string> notes;
    spec::ExecLimits exec_limits;
};

// `image` (may be null: not looked up) lets rules match by image. `rule_out` is set as soon as
// the rule is known, so a later error can still be judged by the rule's mode.
Result<Evaluation> evaluate(const policy::Config& config, const spec::HostFacts& host,
                            const Json& spec, const std::string& engine_namespace,
                            const identity::ImageIdentity* image = nullptr,
                            const policy::Rule** rule_out = nullptr);

}  // namespace hardrun::app
