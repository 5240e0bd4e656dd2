// SPDX-License-Identifier: Apache-2.0
#include "runtime/host_facts.hpp"

#include <sstream>

#include "base/files.hpp"

namespace hardrun::runtime {

spec::HostFacts probe_host_facts() {
    spec::HostFacts facts;
    // Same test dockerd and runc make: the module parameter reads "Y" when AppArmor is on.
    auto enabled = read_file("/sys/module/apparmor/parameters/enabled", 16);
    facts.apparmor_enabled = enabled && !enabled->empty() && enabled->front() == 'Y';
    if (!facts.apparmor_enabled) return facts;
    // Lines read "name (mode)"; unreadable (no securityfs) leaves the list empty.
    auto loaded = read_file("/sys/kernel/security/apparmor/profiles", 4 * 1024 * 1024);
    if (!loaded) return facts;
    std::istringstream lines(*loaded);
    for (std::string line; std::getline(lines, line);) {
        const auto paren = line.rfind(" (");
        facts.apparmor_profiles.push_back(paren == std::string::npos ? line : line.substr(0, paren));
    }
    return facts;
}

}  // namespace hardrun::runtime
