// SPDX-License-Identifier: Apache-2.0
// hardrun's own configuration: where the real runtime is, where decisions are logged, and the
// rules that say how each container is hardened. Typed, and parsed strictly (parse.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace hardrun::policy {

enum class Mode { kEnforce, kAudit };
const char* mode_name(Mode mode);

struct UserPolicy {
    bool allow_root = false;
    std::uint32_t uid = 65534;
    std::uint32_t gid = 65534;
};

struct AppArmorPolicy {
    std::string profile = "hardrun-default";  // "" sets none
    bool required = false;                    // refuse on hosts without AppArmor
};

// What a rule lets a container have that hardrun otherwise refuses.
struct Allowances {
    bool privileged = false;
    std::vector<std::string> host_namespaces;  // "pid", "ipc", "network", "uts", "mount"
    std::vector<std::string> host_paths;       // globs; a match covers the path and beneath
    std::vector<std::string> devices;          // globs over device paths
};

struct RuleBody {
    Mode mode = Mode::kEnforce;
    std::vector<std::string> capabilities;  // allowlist, "CAP_*" names
    UserPolicy user;
    bool no_new_privileges = true;
    bool readonly_rootfs = true;
    std::vector<std::string> writable_paths;  // tmpfs mounts added under a read-only rootfs
    std::string seccomp = "default";          // "default", "unconfined" or an absolute path
    AppArmorPolicy apparmor;
    std::int64_t pids_limit = 1024;           // 0 leaves the spec's limit alone
    std::vector<std::string> allowed_sysctls; // globs
    Allowances allow;
};

struct Match {
    std::vector<std::string> namespaces;                            // globs over the engine namespace
    std::vector<std::pair<std::string, std::string>> annotations;  // key → value glob, all must match
};

struct Rule {
    std::string name;
    Match match;
    RuleBody body;  // the default rule with this rule's fields applied
};

enum class LogSink { kFile, kSyslog, kNone };

struct DecisionLog {
    LogSink sink = LogSink::kFile;
    std::string path = "/var/log/hardrun/decisions.log";
};

struct Config {
    std::string origin;        // the file it came from, or "built-in defaults"
    std::string runtime_path;  // "" = the first runc found in the usual places
    DecisionLog decision_log;
    std::string state_dir = "/run/hardrun";
    std::vector<std::string> protected_host_paths;
    std::vector<std::string> engine_managed_paths;  // globs under protected paths engines bind
    std::vector<std::string> masked_paths;
    std::vector<std::string> readonly_paths;
    Rule default_rule;
    std::vector<Rule> rules;
};

// Secure defaults used when no configuration file exists; also the base every file extends.
Config builtin_config();

}  // namespace hardrun::policy
