// SPDX-License-Identifier: Apache-2.0
// Passes over the container's file system view: read-only rootfs with tmpfs for the paths a
// rule keeps writable, and Docker's masked and read-only /proc and /sys paths as the floor.
#include <algorithm>

#include "base/glob.hpp"
#include "spec/passes.hpp"

namespace hardrun::spec {
namespace {

// Owned by the container's user: runc copies the mode of an existing directory onto a tmpfs
// mounted over it (an image's /run is usually 0755), so mode=1777 alone is not enough.
// No set-uid files, no device nodes.
Json tmpfs_mount(const std::string& destination, std::int64_t uid, std::int64_t gid) {
    return Json{{"destination", destination},
                {"type", "tmpfs"},
                {"source", "tmpfs"},
                {"options", Json::array({"nosuid", "nodev", "mode=1777", "size=65536k",
                                         "uid=" + std::to_string(uid), "gid=" + std::to_string(gid)})}};
}

Result<std::vector<std::string>> mount_destinations(const Json& spec) {
    std::vector<std::string> out;
    if (!spec.contains("mounts") || spec["mounts"].is_null()) return out;
    const auto& mounts = spec["mounts"];
    if (!mounts.is_array()) return Error(ErrorCode::kInvalidSpec, "/mounts must be an array");
    for (std::size_t i = 0; i < mounts.size(); ++i) {
        const auto& m = mounts[i];
        if (!m.is_object() || !m.contains("destination") || !m["destination"].is_string()) {
            return Error(ErrorCode::kInvalidSpec,
                         "/mounts/" + std::to_string(i) + "/destination must be a string");
        }
        out.push_back(clean_path(m["destination"].get<std::string>()));
    }
    return out;
}

Result<Changes> add_missing_paths(Json& spec, const std::string& ptr,
                                  const std::vector<std::string>& wanted, const char* why) {
    auto current = get_string_array(spec, ptr);
    if (!current) return current.error();
    std::vector<std::string> have = current->value_or(std::vector<std::string>{});
    std::vector<std::string> added;
    for (const auto& path : wanted) {
        if (std::find(have.begin(), have.end(), path) == have.end()) added.push_back(path);
    }
    if (added.empty()) return Changes{};
    auto linux_obj = ensure_object(spec, "/linux");
    if (!linux_obj) return linux_obj.error();
    Json& list = spec[Json::json_pointer(ptr)];
    if (list.is_null()) list = Json::array();
    std::string text;
    for (const auto& path : added) {
        list.push_back(path);
        text += (text.empty() ? "" : ", ") + path;
    }
    return Changes{{ptr, "added " + text, why}};
}

}  // namespace

Result<Changes> pass_readonly_rootfs(Json& spec, const RewriteContext& ctx) {
    if (!ctx.body().readonly_rootfs) return Changes{};
    auto readonly = get_bool(spec, "/root/readonly");
    if (!readonly) return readonly.error();
    auto dests = mount_destinations(spec);
    if (!dests) return dests.error();
    // Runs after the user pass, so this is the user the container will run as.
    auto uid = get_int(spec, "/process/user/uid");
    if (!uid) return uid.error();
    auto gid = get_int(spec, "/process/user/gid");
    if (!gid) return gid.error();
    Changes changes;
    if (!readonly->value_or(false)) {
        auto root = ensure_object(spec, "/root");
        if (!root) return root.error();
        (**root)["readonly"] = true;
        changes.push_back({"/root/readonly", "set to true", "the rule requires a read-only rootfs"});
    }
    for (const auto& path : ctx.body().writable_paths) {
        if (std::find(dests->begin(), dests->end(), path) != dests->end()) continue;
        if (!spec.contains("mounts") || spec["mounts"].is_null()) spec["mounts"] = Json::array();
        spec["mounts"].push_back(tmpfs_mount(path, uid->value_or(0), gid->value_or(0)));
        changes.push_back({"/mounts/" + std::to_string(spec["mounts"].size() - 1),
                           "added tmpfs at " + path, "a writable path of the rule"});
    }
    return changes;
}

Result<Changes> pass_masked_paths(Json& spec, const RewriteContext& ctx) {
    if (ctx.body().allow.privileged) return Changes{};
    auto masked = add_missing_paths(spec, "/linux/maskedPaths", ctx.config.masked_paths,
                                    "masked paths are at least Docker's defaults");
    if (!masked) return masked.error();
    auto ro = add_missing_paths(spec, "/linux/readonlyPaths", ctx.config.readonly_paths,
                                "read-only paths are at least Docker's defaults");
    if (!ro) return ro.error();
    masked->insert(masked->end(), ro->begin(), ro->end());
    return masked;
}

}  // namespace hardrun::spec
