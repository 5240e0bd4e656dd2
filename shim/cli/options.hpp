// SPDX-License-Identifier: Apache-2.0
// hardrunctl's subcommand flags, parsed from one table: "--name VALUE" and "--name=VALUE" for
// flags with a value, "--name" alone for switches, everything else positional. An unknown flag,
// a missing value, a value given to a switch, and a single-valued flag given twice are usage
// errors naming the flag.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"

namespace hardrun::cli {

enum class OptionKind { kValue, kRepeated, kSwitch };

struct OptionSpec {
    std::string_view name;  // "--cache-dir"
    OptionKind kind;
};

class ParsedOptions {
public:
    std::optional<std::string> value(std::string_view name) const;
    const std::vector<std::string>& values(std::string_view name) const;  // kRepeated; empty when absent
    bool has(std::string_view name) const;                                 // given at all

    std::vector<std::string> positional;

private:
    friend Result<ParsedOptions> parse_options(std::span<const std::string_view>, std::span<const OptionSpec>);
    std::map<std::string, std::vector<std::string>, std::less<>> given_;
};

Result<ParsedOptions> parse_options(std::span<const std::string_view> args, std::span<const OptionSpec> specs);

// A flag's number of milliseconds, 1 to `max`; kInvalidArgument naming the flag.
Result<std::int64_t> parse_milliseconds(std::string_view flag, std::string_view text, std::int64_t max = 600000);

// A flag's absolute path; kInvalidArgument naming the flag.
Result<std::string> absolute_path(std::string_view flag, std::string_view text);

}  // namespace hardrun::cli
