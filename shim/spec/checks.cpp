// SPDX-License-Identifier: Apache-2.0
#include "spec/checks.hpp"

#include <algorithm>
#include <array>

#include "base/glob.hpp"

namespace hardrun::spec {
namespace {

using Violations = std::vector<Violation>;

bool listed(const std::vector<std::string>& items, const std::string& item) {
    return std::find(items.begin(), items.end(), item) != items.end();
}

// A glob entry covers a path when it matches the path or one of its ancestors.
bool covered_by_glob(const std::vector<std::string>& globs, const std::string& path) {
    for (std::string p = path; !p.empty();) {
        for (const auto& g : globs) {
            if (path_glob_match(g, p)) return true;
        }
        if (p == "/") break;
        const auto slash = p.rfind('/');
        p = slash == 0 ? "/" : p.substr(0, slash);
    }
    return false;
}

bool is_protected(const std::string& source, const std::vector<std::string>& protected_paths,
                  std::string& hit) {
    for (const auto& p : protected_paths) {
        // The path itself, anything beneath it (but "/" protects only itself), or an ancestor
        // that would expose it.
        if (source == p || path_is_within(p, source) || (p != "/" && path_is_within(source, p))) {
            hit = p;
            return true;
        }
    }
    return false;
}

bool allows_every_device(const Json& spec) {
    const Json::json_pointer ptr("/linux/resources/devices");
    if (!spec.contains(ptr) || !spec.at(ptr).is_array()) return false;
    return std::any_of(spec.at(ptr).begin(), spec.at(ptr).end(), [](const Json& d) {
        if (!d.is_object() || !d.value("allow", false)) return false;
        const std::string type = d.contains("type") && d["type"].is_string() ? d["type"].get<std::string>() : "a";
        return type == "a" && !d.contains("major") && !d.contains("minor");
    });
}

bool empty_or_absent(const Json& spec, const char* ptr) {
    const Json::json_pointer p(ptr);
    return !spec.contains(p) || spec.at(p).is_null() || spec.at(p).empty();
}

void check_privileged(const Json& spec, const RewriteContext& ctx, Violations& out) {
    if (ctx.body().allow.privileged) return;
    if (allows_every_device(spec)) {
        out.push_back({"/linux/resources/devices",
                       "privileged container: the device cgroup allows every device"});
        return;
    }
    const auto bounding = get_string_array(spec, "/process/capabilities/bounding");
    const bool sys_admin = bounding && bounding->has_value() && listed(**bounding, "CAP_SYS_ADMIN");
    if (sys_admin && empty_or_absent(spec, "/linux/maskedPaths") &&
        empty_or_absent(spec, "/linux/readonlyPaths")) {
        out.push_back({"/linux/maskedPaths",
                       "privileged container: CAP_SYS_ADMIN with /proc and /sys unmasked"});
    }
}

Result<void> check_namespaces(const Json& spec, const RewriteContext& ctx, Violations& out) {
    static constexpr std::array<const char*, 5> kTypes = {"pid", "ipc", "network", "uts", "mount"};
    const Json::json_pointer ptr("/linux/namespaces");
    if (spec.contains(ptr) && !spec.at(ptr).is_array()) {
        return Error(ErrorCode::kInvalidSpec, "/linux/namespaces must be an array");
    }
    const Json empty = Json::array();
    const Json& namespaces = spec.contains(ptr) ? spec.at(ptr) : empty;
    for (const char* type : kTypes) {
        if (listed(ctx.body().allow.host_namespaces, type)) continue;
        const auto it = std::find_if(namespaces.begin(), namespaces.end(), [&](const Json& ns) {
            return ns.is_object() && ns.value("type", "") == type;
        });
        if (it == namespaces.end()) {
            out.push_back({"/linux/namespaces", std::string("host ") + type +
                                                    " namespace (no \"" + type + "\" entry)"});
            continue;
        }
        const std::string path = it->contains("path") && (*it)["path"].is_string() ? (*it)["path"].get<std::string>() : "";
        if (path.starts_with("/proc/1/ns/") || listed(ctx.host_namespace_paths, path)) {
            out.push_back({"/linux/namespaces", std::string("host ") + type + " namespace (joins " + path + ")"});
        }
    }
    return ok();
}

bool is_bind(const Json& mount) {
    if (mount.value("type", "") == "bind") return true;
    if (!mount.contains("options") || !mount["options"].is_array()) return false;
    return std::any_of(mount["options"].begin(), mount["options"].end(), [](const Json& o) {
        return o.is_string() && (o.get<std::string>() == "bind" || o.get<std::string>() == "rbind");
    });
}

Result<void> check_mounts(const Json& spec, const RewriteContext& ctx, Violations& out) {
    if (!spec.contains("mounts") || spec["mounts"].is_null()) return ok();
    if (!spec["mounts"].is_array()) return Error(ErrorCode::kInvalidSpec, "/mounts must be an array");
    const auto& mounts = spec["mounts"];
    for (std::size_t i = 0; i < mounts.size(); ++i) {
        const auto& m = mounts[i];
        if (!m.is_object()) return Error(ErrorCode::kInvalidSpec, "/mounts/" + std::to_string(i) + " must be an object");
        if (!is_bind(m)) continue;
        if (!m.contains("source") || !m["source"].is_string()) {
            return Error(ErrorCode::kInvalidSpec, "/mounts/" + std::to_string(i) + "/source must be a string");
        }
        const std::string text = m["source"].get<std::string>();
        std::vector<std::string> candidates = {clean_path(text)};
        if (auto it = ctx.resolved_sources.find(text); it != ctx.resolved_sources.end()) {
            candidates.push_back(clean_path(it->second));
        }
        for (const auto& source : candidates) {
            std::string hit;
            if (!is_protected(source, ctx.config.protected_host_paths, hit)) continue;
            if (covered_by_glob(ctx.config.engine_managed_paths, source) ||
                covered_by_glob(ctx.body().allow.host_paths, source)) {
                continue;
            }
            out.push_back({"/mounts/" + std::to_string(i),
                           "bind mount of protected host path " + hit + " (source " + source +
                               ", destination " + m.value("destination", "?") + ")"});
            break;
        }
    }
    return ok();
}

bool standard_device(const std::string& path) {
    static constexpr std::array<const char*, 8> kStandard = {
        "/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom", "/dev/tty",
        "/dev/console", "/dev/ptmx"};
    return std::any_of(kStandard.begin(), kStandard.end(), [&](const char* s) { return path == s; });
}

Result<void> check_devices(const Json& spec, const RewriteContext& ctx, Violations& out) {
    const Json::json_pointer ptr("/linux/devices");
    if (!spec.contains(ptr) || spec.at(ptr).is_null()) return ok();
    if (!spec.at(ptr).is_array()) return Error(ErrorCode::kInvalidSpec, "/linux/devices must be an array");
    const auto& devices = spec.at(ptr);
    std::vector<std::string> refused;
    std::size_t first = 0;
    for (std::size_t i = 0; i < devices.size(); ++i) {
        const auto& d = devices[i];
        if (!d.is_object() || !d.contains("path") || !d["path"].is_string()) {
            return Error(ErrorCode::kInvalidSpec, "/linux/devices/" + std::to_string(i) + "/path must be a string");
        }
        const std::string path = clean_path(d["path"].get<std::string>());
        if (standard_device(path) || covered_by_glob(ctx.body().allow.devices, path)) continue;
        if (refused.empty()) first = i;
        refused.push_back(path);
    }
    if (refused.empty()) return ok();
    // A privileged spec lists every host device: name a few, count the rest.
    constexpr std::size_t kNamed = 3;
    std::string names;
    for (std::size_t i = 0; i < refused.size() && i < kNamed; ++i) names += (i ? ", " : "") + refused[i];
    if (refused.size() > kNamed) names += " and " + std::to_string(refused.size() - kNamed) + " more";
    out.push_back({"/linux/devices/" + std::to_string(first),
                   (refused.size() == 1 ? "device " : "devices ") + names +
                       (refused.size() == 1 ? " is" : " are") + " not in the standard set"});
    return ok();
}

Result<void> check_sysctls(const Json& spec, const RewriteContext& ctx, Violations& out) {
    const Json::json_pointer ptr("/linux/sysctl");
    if (!spec.contains(ptr) || spec.at(ptr).is_null()) return ok();
    if (!spec.at(ptr).is_object()) return Error(ErrorCode::kInvalidSpec, "/linux/sysctl must be an object");
    for (const auto& item : spec.at(ptr).items()) {
        const std::string name = item.key();
        const auto& allowed = ctx.body().allowed_sysctls;
        if (std::none_of(allowed.begin(), allowed.end(), [&](const std::string& g) { return glob_match(g, name); })) {
            out.push_back({"/linux/sysctl/" + name, "sysctl " + name + " is not in the allowed list"});
        }
    }
    return ok();
}

void check_apparmor(const RewriteContext& ctx, Violations& out) {
    const auto& aa = ctx.body().apparmor;
    if (!aa.required || aa.profile.empty() || !ctx.effective_apparmor_profile().empty()) return;
    out.push_back({"/process/apparmorProfile",
                   "AppArmor profile " + aa.profile + " is required but " +
                       (ctx.host.apparmor_enabled ? "is not loaded" : "this host has no AppArmor")});
}

}  // namespace

Result<std::vector<Violation>> check_spec(const Json& spec, const RewriteContext& ctx) {
    Violations out;
    check_privileged(spec, ctx, out);
    HARDRUN_RETURN_IF_ERROR(check_namespaces(spec, ctx, out));
    HARDRUN_RETURN_IF_ERROR(check_mounts(spec, ctx, out));
    HARDRUN_RETURN_IF_ERROR(check_devices(spec, ctx, out));
    HARDRUN_RETURN_IF_ERROR(check_sysctls(spec, ctx, out));
    check_apparmor(ctx, out);
    return out;
}

}  // namespace hardrun::spec
