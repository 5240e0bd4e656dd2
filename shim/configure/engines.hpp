// SPDX-License-Identifier: Apache-2.0
// The engines `hardrunctl configure` knows, as data, and its command line. Pure: parsing
// returns a value or an error and never prints or exits.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "base/result.hpp"
#include "configure/edit.hpp"

namespace hardrun::configure {

enum class Action { kConfigure, kUnconfigure };

// An edit of one engine's file: text in, text out (see docker_config.hpp and the others).
// Unconfigure uses only entry.name.
using EditFn = Result<Edit> (*)(std::string_view text, const std::string& origin,
                                const RuntimeEntry& entry);

struct Engine {
    std::string_view name;           // the word after configure/unconfigure
    std::string_view location_flag;  // "--config" (a file) or "--config-dir" (a directory)
    std::string_view default_location;
    std::string_view default_runtime_name;
    std::string_view drop_in;  // set: the file is <dir>/<drop_in>, hardrun's own
    std::string_view daemon;   // what to restart, for the message
    std::string_view restart_command;
    EditFn configure;
    EditFn unconfigure;
};

std::span<const Engine> engines();
const Engine* find_engine(std::string_view name);

inline constexpr std::string_view kDefaultHardrunPath = "/usr/sbin/hardrun";

struct Options {
    Action action = Action::kConfigure;
    const Engine* engine = nullptr;
    std::string location;  // the file, or for a drop-in engine the directory
    RuntimeEntry entry;    // defaults filled in
    bool dry_run = false;
};

// `ENGINE [--config FILE | --config-dir DIR] [--runtime-name NAME] [--path PATH]
// [--set-as-default] [--dry-run]` (unconfigure: no --path or --set-as-default); `--flag=value`
// works too. Errors are usage errors, worded for the operator.
Result<Options> parse_options(Action action, std::span<const std::string_view> args);

// The file an invocation edits.
std::string config_file(const Options& options);

// One usage block per engine for the action.
std::string usage(Action action);

}  // namespace hardrun::configure
