// SPDX-License-Identifier: Apache-2.0
// What hardrun understands of a runc command line. The original argv is kept verbatim and
// forwarded; only the few fields the create/exec paths need are extracted.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"

namespace hardrun::cli {

enum class Command {
    kNone,     // no subcommand: --help, --version, or nothing at all
    kCreate,
    kRun,
    kRestore,
    kExec,
    kDelete,
    kOther,    // forwarded untouched
};

struct GlobalOptions {
    std::optional<std::string> root;
    std::optional<std::string> log;
    std::optional<std::string> log_format;  // "text" (runc's default) or "json"
};

// One occurrence of an exec flag hardrun may need to rewrite: argv[index] is the flag, and the
// value is either inline ("--cap=X") or argv[index + 1].
struct FlagUse {
    std::size_t index = 0;
    bool inline_value = false;
    std::string value;  // empty for boolean flags
};

struct ExecFlags {
    std::optional<std::string> process_file;
    std::vector<FlagUse> caps;
    std::optional<FlagUse> user;
    std::optional<FlagUse> apparmor;
    std::optional<FlagUse> no_new_privs;  // value "true" or "false"
};

struct Invocation {
    std::vector<std::string> argv;   // verbatim, argv[0] included
    GlobalOptions globals;
    Command command = Command::kNone;
    std::string command_name;
    std::size_t command_index = 0;   // argv index of the subcommand
    std::string container_id;        // empty when the command takes none
    std::size_t container_id_index = 0;  // its argv index, when there is one
    std::string bundle;              // create/run/restore: --bundle, else "" (= cwd)
    ExecFlags exec;                  // exec only

    // The last element of --root: "moby", "k8s.io", "default", or "" without --root.
    std::string engine_namespace() const;
};

// Pure: never prints, never exits. Errors are kInvalidArgument with the offending token.
Result<Invocation> parse_invocation(std::span<const std::string_view> argv);

// runc's rule for container ids (^[\w+-\.]+$), also what keeps ids safe as file names.
bool valid_container_id(std::string_view id);

}  // namespace hardrun::cli
