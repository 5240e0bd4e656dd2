// SPDX-License-Identifier: Apache-2.0
// Which rule governs a container: the first rule whose match holds, else the default rule.
#pragma once

#include <map>
#include <string>

#include "policy/config.hpp"

namespace hardrun::policy {

struct MatchInput {
    std::string engine_namespace;                    // last element of --root
    std::map<std::string, std::string> annotations;  // config.json "annotations"
};

bool rule_matches(const Rule& rule, const MatchInput& input);
const Rule& select_rule(const Config& config, const MatchInput& input);

}  // namespace hardrun::policy
