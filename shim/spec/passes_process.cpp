// SPDX-License-Identifier: Apache-2.0
// Passes over a process object: capabilities, user, no-new-privileges, AppArmor.
#include <algorithm>
#include <array>

#include "spec/passes.hpp"

namespace hardrun::spec {
namespace {

constexpr std::array<const char*, 5> kCapSets = {"bounding", "effective", "inheritable",
                                                 "permitted", "ambient"};

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
    return out;
}

bool contains(const std::vector<std::string>& items, const std::string& item) {
    return std::find(items.begin(), items.end(), item) != items.end();
}

}  // namespace

Result<Changes> restrict_capabilities(Json& doc, const std::string& base,
                                      const std::vector<std::string>& allowed) {
    Changes changes;
    for (const char* set : kCapSets) {
        const std::string ptr = base + "/capabilities/" + set;
        auto current = get_string_array(doc, ptr);
        if (!current) return current.error();
        if (!current->has_value()) continue;
        std::vector<std::string> kept;
        std::vector<std::string> removed;
        for (const auto& cap : **current) {
            (contains(allowed, cap) ? kept : removed).push_back(cap);
        }
        if (removed.empty()) continue;
        doc[Json::json_pointer(ptr)] = kept;
        changes.push_back({ptr, "removed " + join(removed),
                           "not in the rule's capability allowlist [" + join(allowed) + "]"});
    }
    return changes;
}

Result<Changes> drop_root_user(Json& doc, const std::string& base, const policy::UserPolicy& user) {
    if (user.allow_root) return Changes{};
    const std::string uid_ptr = base + "/user/uid";
    const std::string gid_ptr = base + "/user/gid";
    const std::string groups_ptr = base + "/user/additionalGids";
    auto uid = get_int(doc, uid_ptr);
    if (!uid) return uid.error();
    auto gid = get_int(doc, gid_ptr);
    if (!gid) return gid.error();
    if (doc.contains(Json::json_pointer(groups_ptr)) &&
        !doc.at(Json::json_pointer(groups_ptr)).is_array()) {
        return Error(ErrorCode::kInvalidSpec, groups_ptr + " must be an array of integers");
    }
    Changes changes;
    auto& user_obj = doc[Json::json_pointer(base + "/user")];
    if (!user_obj.is_object()) return Error(ErrorCode::kInvalidSpec, base + "/user must be an object");
    if (uid->value_or(0) == 0) {
        user_obj["uid"] = user.uid;
        user_obj["gid"] = user.gid;
        changes.push_back({uid_ptr, "uid 0 → " + std::to_string(user.uid) + ", gid → " +
                                        std::to_string(user.gid),
                           "the rule does not allow root"});
        if (user_obj.contains("additionalGids") && !user_obj["additionalGids"].empty()) {
            user_obj.erase("additionalGids");
            changes.push_back({groups_ptr, "removed root's supplementary groups",
                               "they belonged to root, not to uid " + std::to_string(user.uid)});
        }
        return changes;
    }
    if (gid->value_or(0) == 0) {
        user_obj["gid"] = user.gid;
        changes.push_back({gid_ptr, "gid 0 → " + std::to_string(user.gid), "the rule does not allow root"});
    }
    if (user_obj.contains("additionalGids")) {
        auto& groups = user_obj["additionalGids"];
        const auto before = groups.size();
        groups.erase(std::remove(groups.begin(), groups.end(), Json(0)), groups.end());
        if (groups.size() != before) {
            changes.push_back({groups_ptr, "removed group 0", "the rule does not allow root"});
        }
    }
    return changes;
}

Result<Changes> set_no_new_privileges(Json& doc, const std::string& base, bool required) {
    if (!required) return Changes{};
    const std::string ptr = base + "/noNewPrivileges";
    auto current = get_bool(doc, ptr);
    if (!current) return current.error();
    if (current->value_or(false)) return Changes{};
    doc[Json::json_pointer(ptr)] = true;
    return Changes{{ptr, "set to true", "the rule requires no_new_privileges"}};
}

Result<Changes> set_apparmor_profile(Json& doc, const std::string& base, const std::string& profile) {
    if (profile.empty()) return Changes{};
    const std::string ptr = base + "/apparmorProfile";
    auto current = get_string(doc, ptr);
    if (!current) return current.error();
    if (current->value_or("") == profile) return Changes{};
    doc[Json::json_pointer(ptr)] = profile;
    return Changes{{ptr, "\"" + current->value_or("") + "\" → \"" + profile + "\"",
                    "the rule's AppArmor profile"}};
}

Result<Changes> pass_capabilities(Json& spec, const RewriteContext& ctx) {
    return restrict_capabilities(spec, "/process", ctx.body().capabilities);
}

Result<Changes> pass_user(Json& spec, const RewriteContext& ctx) {
    return drop_root_user(spec, "/process", ctx.body().user);
}

Result<Changes> pass_no_new_privileges(Json& spec, const RewriteContext& ctx) {
    return set_no_new_privileges(spec, "/process", ctx.body().no_new_privileges);
}

Result<Changes> pass_apparmor(Json& spec, const RewriteContext& ctx) {
    return set_apparmor_profile(spec, "/process", ctx.effective_apparmor_profile());
}

}  // namespace hardrun::spec
