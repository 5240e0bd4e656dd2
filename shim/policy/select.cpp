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
    if (!m.images.empty() &&
        std::none_of(m.images.begin(), m.images.end(), [&](const std::string& want) {
            if (want.starts_with("sha256:")) {
                return std::find(input.manifest_digests.begin(), input.manifest_digests.end(), want) !=
                       input.manifest_digests.end();
            }
            return !input.repository.empty() && glob_match(want, input.repository);
        })) {
        return false;
    }
    return std::all_of(m.annotations.begin(), m.annotations.end(), [&](const auto& want) {
        const auto it = input.annotations.find(want.first);
        return it != input.annotations.end() && glob_match(want.second, it->second);
    });
}

bool config_needs_identity(const Config& config) {
    if (config.default_rule.body.trust.needs_identity()) return true;
    return std::any_of(config.rules.begin(), config.rules.end(), [](const Rule& rule) {
        return !rule.match.images.empty() || rule.body.trust.needs_identity();
    });
}

const Rule& select_rule(const Config& config, const MatchInput& input) {
    for (const auto& rule : config.rules) {
        if (rule_matches(rule, input)) return rule;
    }
    return config.default_rule;
}

}  // namespace hardrun::policy
