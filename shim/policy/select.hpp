// SPDX-License-Identifier: Apache-2.0
// Which rule governs a container: the first rule whose match holds, else the default rule.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "policy/config.hpp"

namespace hardrun::policy {

struct MatchInput {
    std::string engine_namespace;                    // last element of --root
    std::map<std::string, std::string> annotations;  // config.json "annotations"
    std::string repository;                          // normalised; "" when the image is unknown
    std::vector<std::string> manifest_digests;       // "sha256:<hex>"
};

bool rule_matches(const Rule& rule, const MatchInput& input);
const Rule& select_rule(const Config& config, const MatchInput& input);

// True when choosing a rule or applying one needs the image's identity, so the create path
// looks it up only for configurations that use it.
bool config_needs_identity(const Config& config);

}  // namespace hardrun::policy
