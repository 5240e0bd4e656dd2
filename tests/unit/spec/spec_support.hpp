// SPDX-License-Identifier: Apache-2.0
// A rewrite context over a given config, for spec tests.
#pragma once

#include "policy/config.hpp"
#include "seccomp_profile.hpp"
#include "spec/context.hpp"

namespace hardrun::testing {

struct Fixture {
    policy::Config config = policy::builtin_config();
    policy::Rule& rule() { return config.default_rule; }
    spec::HostFacts host;
    std::map<std::string, std::string> resolved;
    std::vector<std::string> host_namespaces;

    spec::RewriteContext ctx() {
        return spec::RewriteContext{config, config.default_rule, &profiles::default_seccomp_profile(),
                                    "default", host, resolved, host_namespaces};
    }
};

}  // namespace hardrun::testing
