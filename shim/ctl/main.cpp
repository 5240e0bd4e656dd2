// SPDX-License-Identifier: Apache-2.0
// hardrunctl: the operator's tool. Subcommands are data: words → handler.
#include <array>
#include <exception>
#include <iostream>
#include <vector>

#include "ctl/commands.hpp"

namespace {

using hardrun::ctl::Args;

struct Subcommand {
    std::array<std::string_view, 2> words;  // second word "" for one-word commands
    int (*run)(Args, std::ostream&, std::ostream&);
    std::string_view usage;
};

constexpr std::array kCommands = {
    Subcommand{{"policy", "check"}, hardrun::ctl::policy_check,
               "policy check [FILE]           validate a configuration file (default: $HARDRUN_CONFIG or /etc/hardrun/config.json)"},
    Subcommand{{"explain", ""}, hardrun::ctl::explain,
               "explain [--config FILE] [--namespace NS] [--json] BUNDLE\n"
               "                                show what hardrun would change or refuse in BUNDLE/config.json, writing nothing"},
    Subcommand{{"seccomp", "check"}, hardrun::ctl::seccomp_check,
               "seccomp check FILE            validate an OCI seccomp profile and compile it with libseccomp"},
    Subcommand{{"configure", ""}, hardrun::ctl::configure_engine,
               "configure docker|containerd|crio [--config FILE | --config-dir DIR] [--runtime-name NAME]\n"
               "          [--path PATH] [--set-as-default] [--dry-run]\n"
               "                                register hardrun in the engine's configuration (see docs/engines.md)"},
    Subcommand{{"unconfigure", ""}, hardrun::ctl::unconfigure_engine,
               "unconfigure docker|containerd|crio [--config FILE | --config-dir DIR] [--runtime-name NAME] [--dry-run]\n"
               "                                remove what configure added"},
    Subcommand{{"verify-blob", ""}, hardrun::ctl::verify_blob,
               "verify-blob --key KEY.pub (--signature SIG | --bundle BUNDLE.json) FILE\n"
               "                                verify FILE against a cosign key-based signature or Sigstore bundle"},
    Subcommand{{"scan", "import"}, hardrun::ctl::scan_import,
               "scan import [--cache-dir DIR] [--image REPO@sha256:…] [--key KEY.pub] REPORT\n"
               "                                store a Trivy/Grype report or cosign vuln attestation as scan evidence"},
    Subcommand{{"trust", "fetch"}, hardrun::ctl::trust_fetch,
               "trust fetch [--cache-dir DIR] [--timeout-ms N] [--insecure-registry HOSTGLOB]... IMAGE\n"
               "                                fetch IMAGE's signatures from its registry into the node-local cache"},
    Subcommand{{"trust", "verify"}, hardrun::ctl::trust_verify,
               "trust verify [--policy FILE] [--cache-dir DIR] [--timeout-ms N] [--no-fetch]\n"
               "             [--insecure-registry HOSTGLOB]... [--reference NAME] [--json] REPOSITORY@DIGEST...\n"
               "                                check the image's signatures as the runtime does; store an approval on a pass"},
    Subcommand{{"identity", ""}, hardrun::ctl::image_identity,
               "identity --bundle DIR [--namespace NS] [--containerd-address SOCK] [--timeout-ms N] ID\n"
               "                                print the image (repository, manifest digest) container ID was created from, as JSON"},
};

int usage(std::ostream& os, int code) {
    os << "usage: hardrunctl COMMAND\n\ncommands:\n";
    for (const auto& c : kCommands) os << "  " << c.usage << "\n";
    os << "  version                       print the version\n";
    return code;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        const std::vector<std::string_view> args(argv + 1, argv + argc);
        if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
            return usage(args.empty() ? std::cerr : std::cout, args.empty() ? 2 : 0);
        }
        if (args[0] == "version" || args[0] == "--version") {
            std::cout << "hardrunctl " << HARDRUN_VERSION << "\n";
            return 0;
        }
        for (const auto& c : kCommands) {
            const bool two = !c.words[1].empty();
            if (args[0] != c.words[0] || (two && (args.size() < 2 || args[1] != c.words[1]))) continue;
            return c.run(Args(args).subspan(two ? 2 : 1), std::cout, std::cerr);
        }
        std::cerr << "hardrunctl: unknown command \"" << args[0] << "\"\n";
        return usage(std::cerr, 2);
    } catch (const std::exception& e) {
        std::cerr << "hardrunctl: internal error: " << e.what() << "\n";
        return 1;
    }
}
