// SPDX-License-Identifier: Apache-2.0
#include "base/files.hpp"
#include "ctl/commands.hpp"
#include "seccomp_compile.hpp"
#include "seccomp_profile.hpp"

namespace hardrun::ctl {

int seccomp_check(Args args, std::ostream& out, std::ostream& err) {
    if (args.size() != 1) {
        err << "usage: hardrunctl seccomp check FILE\n";
        return 2;
    }
    const std::string path(args[0]);
    auto text = read_file(path, 4 * 1024 * 1024);
    if (!text) {
        err << "hardrunctl: " << text.error().message() << "\n";
        return 1;
    }
    auto doc = parse_json(*text, path);
    if (!doc) {
        err << "hardrunctl: " << doc.error().message() << "\n";
        return 1;
    }
    // Accept a whole config.json too: its linux.seccomp is the profile.
    const Json& profile = doc->contains("linux") ? (*doc)["linux"].value("seccomp", Json::object()) : *doc;
    if (auto valid = profiles::validate_seccomp_profile(profile, path); !valid) {
        err << "hardrunctl: " << valid.error().message() << "\n";
        return 1;
    }
    auto compiled = profiles::compile_seccomp(profile);
    if (!compiled) {
        err << "hardrunctl: " << path << ": " << compiled.error().message() << "\n";
        return 1;
    }
    out << path << ": valid, " << profiles::allowed_syscalls(profile).size()
        << " syscalls allowed, " << *compiled << " BPF instructions\n";
    return 0;
}

}  // namespace hardrun::ctl
