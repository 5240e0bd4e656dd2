// SPDX-License-Identifier: Apache-2.0
// The built-in secure defaults. Docker's masked and read-only paths are the floor.
#include "policy/config.hpp"

#include <algorithm>
#include <array>

namespace hardrun::policy {

const char* mode_name(Mode mode) { return mode == Mode::kEnforce ? "enforce" : "audit"; }

namespace {
constexpr std::array<const char*, 6> kSeverityNames = {"unknown", "negligible", "low",
                                                       "medium", "high", "critical"};
}

const char* severity_name(Severity severity) { return kSeverityNames.at(static_cast<std::size_t>(severity)); }

std::optional<Severity> severity_from_name(std::string_view name) {
    for (std::size_t i = 0; i < kSeverityNames.size(); ++i) {
        const std::string_view want = kSeverityNames[i];
        if (want.size() == name.size() &&
            std::equal(want.begin(), want.end(), name.begin(), [](char a, char b) {
                return a == (b >= 'A' && b <= 'Z' ? static_cast<char>(b - 'A' + 'a') : b);
            })) {
            return static_cast<Severity>(i);
        }
    }
    return std::nullopt;
}

const char* gate_mode_name(GateMode mode) {
    switch (mode) {
        case GateMode::kOff: return "off";
        case GateMode::kEnforce: return "enforce";
        case GateMode::kWarn: return "warn";
    }
    return "off";
}

namespace {

std::vector<std::string> protected_paths() {
    return {"/", "/etc", "/proc", "/sys", "/dev", "/boot", "/root", "/var/run/docker.sock", "/run/docker.sock", "/run/docker", "/var/lib/docker",
            "/run/containerd", "/var/run/containerd", "/var/lib/containerd", "/run/crio",
            "/var/run/crio", "/var/lib/containers", "/run/containers", "/var/lib/kubelet",
            "/etc/kubernetes", "/run/runc", "/run/hardrun", "/var/lib/hardrun", "/etc/hardrun"};
}

// Per-container files the engines themselves bind from their state directories.
std::vector<std::string> engine_managed() {
    return {"/var/lib/docker/containers/*", "/var/lib/docker/volumes/*/_data",
            "/var/lib/containerd/io.containerd.grpc.v1.cri/sandboxes/*",
            "/run/containerd/io.containerd.grpc.v1.cri/sandboxes/*",
            "/var/lib/kubelet/pods/*", "/var/lib/containers/storage/overlay-containers/*",
            "/run/containers/storage/overlay-containers/*"};
}

std::vector<std::string> masked() {
    return {"/proc/asound",      "/proc/acpi",        "/proc/kcore",       "/proc/keys",
            "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug",
            "/proc/scsi",        "/sys/firmware",     "/sys/devices/virtual/powercap",
            "/sys/kernel/debug", "/sys/kernel/security"};
}

std::vector<std::string> readonly() {
    return {"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"};
}

// Kubernetes' safe sysctls plus the two Docker sets by default.
std::vector<std::string> safe_sysctls() {
    return {"kernel.shm_rmid_forced",       "net.ipv4.ip_local_port_range",
            "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_syncookies",
            "net.ipv4.ping_group_range",    "net.ipv4.ip_unprivileged_port_start",
            "net.ipv4.tcp_keepalive_time",  "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes"};
}

}  // namespace

Config builtin_config() {
    Config config;
    config.origin = "built-in defaults";
    config.protected_host_paths = protected_paths();
    config.engine_managed_paths = engine_managed();
    config.masked_paths = masked();
    config.readonly_paths = readonly();
    config.default_rule.name = "default";
    config.default_rule.body.writable_paths = {"/tmp", "/var/tmp", "/run"};
    config.default_rule.body.allowed_sysctls = safe_sysctls();
    return config;
}

}  // namespace hardrun::policy
