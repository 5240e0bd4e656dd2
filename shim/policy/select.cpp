// SPDX-License-Identifier: Apache-2.0
#include "policy/select.hpp"

#include <algorithm>

#include "base/glob.hpp"

namespace hardrun::policy {

bool rule_matches(const Rule& rule, const MatchInput& input) {
    const auto& m = rule.match;
    if (!m.namespaces.empty() &&
        std::none_of(m.namespaces.begin(), m.namespaces.end(), [&](const std::string& glob) {
            return glob_match(glob, input.engine_namespace);
        })) {
        return false;
    }
    return std::all_of(m.annotations.begin(), m.annotations.end(), [&](const auto& want) {
        const auto it = input.annotations.find(want.first);
        return it != input.annotations.end() && glob_match(want.second, it->second);
    });
}

const Rule& select_rule(const Config& config, const MatchInput& input) {
    for (const auto& rule : config.rules) {
        if (rule_matches(rule, input)) return rule;
    }
    return config.default_rule;
}

}  // namespace hardrun::policy
