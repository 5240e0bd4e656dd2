// SPDX-License-Identifier: Apache-2.0
// What every pass and check reads: the chosen rule, hardrun's configuration, the seccomp profile
// to apply and facts about the host probed once before deciding. Passes never probe the host.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "base/json.hpp"
#include "policy/config.hpp"

namespace hardrun::spec {

struct HostFacts {
    bool apparmor_enabled = false;
    std::vector<std::string> apparmor_profiles;  // loaded profile names, when readable
};

struct RewriteContext {
    const policy::Config& config;
    const policy::Rule& rule;
    const Json* seccomp_profile = nullptr;  // nullptr: the rule says unconfined
    std::string seccomp_name;               // "default" or the profile's path, for messages
    HostFacts host;
    // Bind-mount sources as the host resolves them (symlinks followed), keyed by the
    // spec's text. Filled by the caller; a source missing here is judged by its text alone.
    std::map<std::string, std::string> resolved_sources;
    // Namespace paths in the spec that are the host's own namespaces (same nsfs inode as
    // /proc/1/ns/<type>), e.g. Docker's --net=host joins <exec-root>/netns/default.
    std::vector<std::string> host_namespace_paths;

    const policy::RuleBody& body() const { return rule.body; }
    // The AppArmor profile hardrun sets, or "" when none applies on this host.
    std::string effective_apparmor_profile() const;
};

// One edit a pass made, for the decision log and `hardrunctl explain`.
struct Change {
    std::string pointer;  // JSON pointer of the field changed
    std::string what;     // what was done
    std::string why;      // the rule or fact that asked for it
};

// One thing the policy forbids in a spec.
struct Violation {
    std::string pointer;
    std::string reason;
};

Json change_to_json(const Change& change);
Json violation_to_json(const Violation& violation);

}  // namespace hardrun::spec
