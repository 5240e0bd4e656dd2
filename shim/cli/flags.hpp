// SPDX-License-Identifier: Apache-2.0
// runc's (and crun's) flags as data: which take a value, and which hardrun reads.
#pragma once

#include <span>
#include <string_view>

namespace hardrun::cli {

enum class FlagId {
    kIgnored,  // known, forwarded, not read by hardrun
    kRoot,
    kLog,
    kLogFormat,
    kBundle,
    kProcess,
    kCap,
    kUser,
    kApparmor,
    kNoNewPrivs,
};

struct FlagSpec {
    std::string_view name;        // long name without dashes
    std::string_view alias;       // one-letter alias or ""
    bool takes_value;
    FlagId id;
};

std::span<const FlagSpec> global_flags();

// Flags of a subcommand hardrun parses; empty for commands it forwards untouched.
std::span<const FlagSpec> command_flags(std::string_view command);

// Subcommands whose argument list starts with a container id.
bool command_takes_id(std::string_view command);

}  // namespace hardrun::cli
