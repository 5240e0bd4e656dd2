// SPDX-License-Identifier: Apache-2.0
#include "ctl/commands.hpp"
#include "policy/load.hpp"

namespace hardrun::ctl {

int policy_check(Args args, std::ostream& out, std::ostream& err) {
    if (args.size() > 1) {
        err << "usage: hardrunctl policy check [FILE]\n";
        return 2;
    }
    const std::string path = args.empty() ? policy::config_path_from_environment() : std::string(args[0]);
    auto loaded = policy::load_config(path);
    if (!loaded) {
        err << "hardrunctl: " << loaded.error().message() << "\n";
        return 1;
    }
    if (loaded->warning) {
        err << "hardrunctl: " << *loaded->warning << "\n";
        return 1;
    }
    out << path << ": valid, " << loaded->config.rules.size() << " rule(s) besides the default ("
        << policy::mode_name(loaded->config.default_rule.body.mode) << ")\n";
    return 0;
}

}  // namespace hardrun::ctl
