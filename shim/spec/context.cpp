// SPDX-License-Identifier: Apache-2.0
#include "spec/context.hpp"

#include <algorithm>

namespace hardrun::spec {

std::string RewriteContext::effective_apparmor_profile() const {
    const std::string& profile = rule.body.apparmor.profile;
    if (profile.empty() || !host.apparmor_enabled) return "";
    // An empty list means the loaded profiles could not be read: trust the operator's name.
    if (!host.apparmor_profiles.empty() &&
        std::find(host.apparmor_profiles.begin(), host.apparmor_profiles.end(), profile) ==
            host.apparmor_profiles.end()) {
        return "";
    }
    return profile;
}

Json change_to_json(const Change& change) {
    return Json{{"path", change.pointer}, {"what", change.what}, {"why", change.why}};
}

Json violation_to_json(const Violation& violation) {
    return Json{{"path", violation.pointer}, {"reason", violation.reason}};
}

}  // namespace hardrun::spec
