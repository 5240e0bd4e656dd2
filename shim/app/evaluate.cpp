// SPDX-License-Identifier: Apache-2.0
#include "app/evaluate.hpp"

#include <sys/stat.h>

#include <climits>
#include <cstdlib>

#include "base/files.hpp"
#include "policy/select.hpp"
#include "seccomp_profile.hpp"
#include "spec/checks.hpp"
#include "spec/rewrite.hpp"

namespace hardrun::app {
namespace {

policy::MatchInput match_input(const Json& spec, const std::string& engine_namespace,
                               const identity::ImageIdentity* image) {
    policy::MatchInput input{engine_namespace, {}, "", {}};
    if (image != nullptr) {
        input.repository = image->repository;
        input.manifest_digests = image->manifest_digests;
    }
    if (spec.contains("annotations") && spec["annotations"].is_object()) {
        for (const auto& [key, value] : spec["annotations"].items()) {
            if (value.is_string()) input.annotations.emplace(key, value.get<std::string>());
        }
    }
    return input;
}

Result<std::optional<Json>> load_seccomp(const std::string& setting) {
    if (setting == "default" || setting == "unconfined") return std::optional<Json>();
    auto text = read_file(setting, 4 * 1024 * 1024);
    if (!text) return text.error().with_context("seccomp profile");
    auto doc = parse_json(*text, setting);
    if (!doc) return doc.error();
    HARDRUN_RETURN_IF_ERROR(profiles::validate_seccomp_profile(*doc, setting));
    return std::optional<Json>(std::move(*doc));
}

// Bind sources as the host resolves them: "/var/run/docker.sock" is "/run/docker.sock".
std::map<std::string, std::string> resolve_bind_sources(const Json& spec) {
    std::map<std::string, std::string> out;
    if (!spec.contains("mounts") || !spec["mounts"].is_array()) return out;
    for (const auto& m : spec["mounts"]) {
        if (!m.is_object() || !m.contains("source") || !m["source"].is_string()) continue;
        const auto source = m["source"].get<std::string>();
        if (source.empty() || source.front() != '/') continue;
        char buf[PATH_MAX];
        if (::realpath(source.c_str(), buf) != nullptr) out.emplace(source, buf);
    }
    return out;
}

// True when `path` is the same namespace (nsfs device and inode) as `reference`.
bool same_namespace(const std::string& path, const std::string& reference) {
    struct stat a {};
    struct stat b {};
    return ::stat(path.c_str(), &a) == 0 && ::stat(reference.c_str(), &b) == 0 &&
           a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

// Namespace paths that are the host's own: the same namespace as pid 1's, or as hardrun's own
// (engines and their shims run in the host's namespaces; pid 1 may not be inspectable).
std::vector<std::string> host_namespace_paths(const Json& spec) {
    static const std::map<std::string, std::string> kProcName = {
        {"pid", "pid"}, {"network", "net"}, {"ipc", "ipc"}, {"uts", "uts"},
        {"mount", "mnt"}, {"cgroup", "cgroup"}, {"user", "user"}, {"time", "time"}};
    std::vector<std::string> out;
    const Json::json_pointer ptr("/linux/namespaces");
    if (!spec.contains(ptr) || !spec.at(ptr).is_array()) return out;
    for (const auto& ns : spec.at(ptr)) {
        if (!ns.is_object() || !ns.contains("path") || !ns["path"].is_string()) continue;
        const auto it = kProcName.find(ns.value("type", ""));
        if (it == kProcName.end()) continue;
        const std::string path = ns["path"].get<std::string>();
        if (same_namespace(path, "/proc/1/ns/" + it->second) ||
            same_namespace(path, "/proc/self/ns/" + it->second)) {
            out.push_back(path);
        }
    }
    return out;
}

}  // namespace

Result<Evaluation> evaluate(const policy::Config& config, const spec::HostFacts& host,
                            const Json& spec, const std::string& engine_namespace,
                            const identity::ImageIdentity* image, const policy::Rule** rule_out) {
    Evaluation ev;
    ev.rule = &policy::select_rule(config, match_input(spec, engine_namespace, image));
    if (rule_out != nullptr) *rule_out = ev.rule;
    auto custom = load_seccomp(ev.rule->body.seccomp);
    if (!custom) return custom.error();
    const Json* seccomp = nullptr;
    if (ev.rule->body.seccomp == "default") seccomp = &profiles::default_seccomp_profile();
    if (custom->has_value()) seccomp = &**custom;

    const spec::RewriteContext ctx{config, *ev.rule, seccomp, ev.rule->body.seccomp, host,
                                   resolve_bind_sources(spec), host_namespace_paths(spec)};
    auto violations = spec::check_spec(spec, ctx);
    if (!violations) return violations.error();
    ev.violations = std::move(*violations);
    ev.rewritten = spec;
    auto changes = spec::rewrite_spec(ev.rewritten, ctx);
    if (!changes) return changes.error();
    ev.changes = std::move(*changes);
    ev.exec_limits = spec::exec_limits_for(ctx, &ev.rewritten);
    if (!ev.rule->body.apparmor.profile.empty() && ctx.effective_apparmor_profile().empty()) {
        ev.notes.push_back("AppArmor profile " + ev.rule->body.apparmor.profile + " not applied: " +
                           (host.apparmor_enabled ? "it is not loaded" : "this host has no AppArmor"));
    }
    if (seccomp == nullptr) ev.notes.push_back("seccomp left as the engine set it (rule says unconfined)");
    return ev;
}

}  // namespace hardrun::app
