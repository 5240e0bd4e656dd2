// SPDX-License-Identifier: Apache-2.0
#include "cli/flags.hpp"

#include <array>

namespace hardrun::cli {
namespace {

using enum FlagId;

// runc 1.1 global flags, plus crun's extra ones so crun users can pass them through.
constexpr std::array kGlobal = {
    FlagSpec{"debug", "", false, kIgnored},
    FlagSpec{"log", "", true, kLog},
    FlagSpec{"log-format", "", true, kLogFormat},
    FlagSpec{"root", "", true, kRoot},
    FlagSpec{"criu", "", true, kIgnored},
    FlagSpec{"systemd-cgroup", "", false, kIgnored},
    FlagSpec{"rootless", "", true, kIgnored},
    FlagSpec{"help", "h", false, kIgnored},
    FlagSpec{"version", "v", false, kIgnored},
    FlagSpec{"cgroup-manager", "", true, kIgnored},   // crun
    FlagSpec{"log-level", "", true, kIgnored},        // crun
};

// runc 1.1 create, plus what run adds.
constexpr std::array kCreateRun = {
    FlagSpec{"bundle", "b", true, kBundle},
    FlagSpec{"console-socket", "", true, kIgnored},
    FlagSpec{"pidfd-socket", "", true, kIgnored},
    FlagSpec{"pid-file", "", true, kIgnored},
    FlagSpec{"no-pivot", "", false, kIgnored},
    FlagSpec{"no-new-keyring", "", false, kIgnored},
    FlagSpec{"preserve-fds", "", true, kIgnored},
    FlagSpec{"detach", "d", false, kIgnored},
    FlagSpec{"keep", "", false, kIgnored},
    FlagSpec{"no-subreaper", "", false, kIgnored},
    FlagSpec{"help", "h", false, kIgnored},
};

constexpr std::array kRestore = {
    FlagSpec{"bundle", "b", true, kBundle},
    FlagSpec{"console-socket", "", true, kIgnored},
    FlagSpec{"image-path", "", true, kIgnored},
    FlagSpec{"work-path", "", true, kIgnored},
    FlagSpec{"tcp-established", "", false, kIgnored},
    FlagSpec{"ext-unix-sk", "", false, kIgnored},
    FlagSpec{"shell-job", "", false, kIgnored},
    FlagSpec{"file-locks", "", false, kIgnored},
    FlagSpec{"manage-cgroups-mode", "", true, kIgnored},
    FlagSpec{"detach", "d", false, kIgnored},
    FlagSpec{"pid-file", "", true, kIgnored},
    FlagSpec{"no-subreaper", "", false, kIgnored},
    FlagSpec{"no-pivot", "", false, kIgnored},
    FlagSpec{"empty-ns", "", true, kIgnored},
    FlagSpec{"auto-dedup", "", false, kIgnored},
    FlagSpec{"lazy-pages", "", false, kIgnored},
    FlagSpec{"lsm-profile", "", true, kIgnored},
    FlagSpec{"lsm-mount-context", "", true, kIgnored},
    FlagSpec{"help", "h", false, kIgnored},
};

constexpr std::array kExec = {
    FlagSpec{"console-socket", "", true, kIgnored},
    FlagSpec{"pidfd-socket", "", true, kIgnored},
    FlagSpec{"cwd", "", true, kIgnored},
    FlagSpec{"env", "e", true, kIgnored},
    FlagSpec{"tty", "t", false, kIgnored},
    FlagSpec{"user", "u", true, kUser},
    FlagSpec{"additional-gids", "g", true, kIgnored},
    FlagSpec{"process", "p", true, kProcess},
    FlagSpec{"detach", "d", false, kIgnored},
    FlagSpec{"pid-file", "", true, kIgnored},
    FlagSpec{"process-label", "", true, kIgnored},
    FlagSpec{"apparmor", "", true, kApparmor},
    FlagSpec{"no-new-privs", "", false, kNoNewPrivs},
    FlagSpec{"cap", "c", true, kCap},
    FlagSpec{"preserve-fds", "", true, kIgnored},
    FlagSpec{"cgroup", "", true, kIgnored},
    FlagSpec{"ignore-paused", "", false, kIgnored},
    FlagSpec{"help", "h", false, kIgnored},
};

constexpr std::array kDelete = {
    FlagSpec{"force", "f", false, kIgnored},
    FlagSpec{"help", "h", false, kIgnored},
};

constexpr std::array<std::string_view, 14> kTakesId = {
    "create", "run", "restore", "exec", "delete", "start", "state", "kill",
    "pause", "resume", "ps", "events", "update", "checkpoint"};

}  // namespace

std::span<const FlagSpec> global_flags() { return kGlobal; }

std::span<const FlagSpec> command_flags(std::string_view command) {
    if (command == "create" || command == "run") return kCreateRun;
    if (command == "restore") return kRestore;
    if (command == "exec") return kExec;
    if (command == "delete") return kDelete;
    return {};
}

bool command_takes_id(std::string_view command) {
    for (auto name : kTakesId) {
        if (name == command) return true;
    }
    return false;
}

}  // namespace hardrun::cli
