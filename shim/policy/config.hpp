// SPDX-License-Identifier: Apache-2.0
// hardrun's own configuration: where the real runtime is, where decisions are logged, and the
// rules that say how each container is hardened. Typed, and parsed strictly (parse.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
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

// Vulnerability severities, lowest first. kUnknown (a scanner's "UNKNOWN") is ranked as
// kHigh by the gate: a finding nobody has rated is not assumed harmless.
enum class Severity { kUnknown, kNegligible, kLow, kMedium, kHigh, kCritical };
const char* severity_name(Severity severity);  // "unknown", "negligible", ... "critical"
// Any case ("HIGH", "High", "high"); nullopt for a name that is not a severity.
std::optional<Severity> severity_from_name(std::string_view name);

struct CveException {
    std::string id;             // "CVE-2024-1234", "GHSA-..."
    std::int64_t until = 0;     // Unix time: the exception ends at this instant (UTC midnight)
    std::string until_text;     // as written, "2027-01-31"
    std::string reason;
};

enum class GateMode { kOff, kEnforce, kWarn };
const char* gate_mode_name(GateMode mode);

// The scan-status gate of a rule. When not off, a report for the image digest is needed.
struct ScanGate {
    GateMode mode = GateMode::kOff;
    Severity max_severity = Severity::kMedium;  // a finding above this blocks
    std::int64_t max_age_seconds = 7 * 24 * 3600;  // 0 = any age
    bool fixable_only = true;  // only findings with a fixed version block
    std::vector<CveException> allowlist;
};

// What a rule asks of the image before anything else.
struct TrustPolicy {
    bool signatures = false;  // verify against the signature policy (containers-policy.json)
    ScanGate scan;
    bool needs_identity() const { return signatures || scan.mode != GateMode::kOff; }
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
    TrustPolicy trust;
};

struct Match {
    std::vector<std::string> namespaces;                            // globs over the engine namespace
    std::vector<std::pair<std::string, std::string>> annotations;  // key → value glob, all must match
    // Globs over the normalised repository ("127.0.0.1:5000/app*"), or "sha256:<hex>" manifest
    // digests; one must match. A rule with images never matches a container whose image is unknown.
    std::vector<std::string> images;
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

// Where image identity and trust evidence come from (node-wide).
struct ImageSettings {
    std::string containerd_address;  // "" = derived from the shim's TTRPC_ADDRESS
    std::int64_t lookup_timeout_ms = 1000;
    std::string containers_storage = "/var/lib/containers/storage";  // CRI-O's image store
    std::string signature_policy = "/etc/containers/policy.json";    // containers-policy.json(5)
    std::string cache_dir = "/var/lib/hardrun";
    bool fetch_on_miss = true;        // ask the registry when the cache has no signatures
    std::int64_t fetch_timeout_ms = 2000;
    std::vector<std::string> insecure_registries = {"localhost:*", "127.0.0.1:*"};  // plain HTTP
    // Registry credentials for signature fetches (registry/credentials.hpp), first match wins.
    std::vector<std::string> auth_files = {"/run/containers/0/auth.json", "/etc/containers/auth.json",
                                           "/root/.docker/config.json", "/var/lib/kubelet/config.json"};
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
    ImageSettings images;
    Rule default_rule;
    std::vector<Rule> rules;
};

// Secure defaults used when no configuration file exists; also the base every file extends.
Config builtin_config();

}  // namespace hardrun::policy
