// SPDX-License-Identifier: Apache-2.0
#include "spec/exec.hpp"

#include <algorithm>
#include <charconv>
#include <map>

namespace hardrun::spec {

ExecLimits exec_limits_for(const RewriteContext& ctx, const Json* rewritten) {
    const auto& body = ctx.body();
    ExecLimits l{ctx.rule.name,           body.mode, body.capabilities, body.user,
                 body.no_new_privileges, ctx.effective_apparmor_profile(), std::nullopt};
    if (rewritten != nullptr) {
        const auto uid = get_int(*rewritten, "/process/user/uid");
        const auto gid = get_int(*rewritten, "/process/user/gid");
        if (uid && gid) {
            l.process_user = std::pair(static_cast<std::uint32_t>(uid->value_or(0)),
                                       static_cast<std::uint32_t>(gid->value_or(0)));
        }
    }
    return l;
}

Json exec_limits_to_json(const ExecLimits& l) {
    return Json{{"rule", l.rule},
                {"mode", policy::mode_name(l.mode)},
                {"capabilities", l.capabilities},
                {"user", {{"allow_root", l.user.allow_root}, {"uid", l.user.uid}, {"gid", l.user.gid}}},
                {"no_new_privileges", l.no_new_privileges},
                {"apparmor_profile", l.apparmor_profile},
                {"process_user", l.process_user ? Json{{"uid", l.process_user->first}, {"gid", l.process_user->second}}
                                                : Json()}};
}

Result<ExecLimits> exec_limits_from_json(const Json& doc) {
    try {
        ExecLimits l;
        l.rule = doc.at("rule").get<std::string>();
        const auto mode = doc.at("mode").get<std::string>();
        if (mode != "enforce" && mode != "audit") throw std::invalid_argument("mode");
        l.mode = mode == "audit" ? policy::Mode::kAudit : policy::Mode::kEnforce;
        l.capabilities = doc.at("capabilities").get<std::vector<std::string>>();
        l.user.allow_root = doc.at("/user/allow_root"_json_pointer).get<bool>();
        l.user.uid = doc.at("/user/uid"_json_pointer).get<std::uint32_t>();
        l.user.gid = doc.at("/user/gid"_json_pointer).get<std::uint32_t>();
        l.no_new_privileges = doc.at("no_new_privileges").get<bool>();
        l.apparmor_profile = doc.at("apparmor_profile").get<std::string>();
        if (doc.contains("process_user") && !doc.at("process_user").is_null()) {
            l.process_user = std::pair(doc.at("/process_user/uid"_json_pointer).get<std::uint32_t>(),
                                       doc.at("/process_user/gid"_json_pointer).get<std::uint32_t>());
        }
        return l;
    } catch (const std::exception& e) {
        return Error(ErrorCode::kInvalidSpec, std::string("malformed exec limits: ") + e.what());
    }
}

Result<Changes> rewrite_process(Json& process, const ExecLimits& limits) {
    if (!process.is_object()) return Error(ErrorCode::kInvalidSpec, "the process must be an object");
    Changes all;
    for (auto* step : {+[](Json& p, const ExecLimits& l) { return restrict_capabilities(p, "", l.capabilities); },
                       +[](Json& p, const ExecLimits& l) { return drop_root_user(p, "", l.user); },
                       +[](Json& p, const ExecLimits& l) { return set_no_new_privileges(p, "", l.no_new_privileges); },
                       +[](Json& p, const ExecLimits& l) { return set_apparmor_profile(p, "", l.apparmor_profile); }}) {
        auto changes = step(process, limits);
        if (!changes) return changes.error();
        all.insert(all.end(), changes->begin(), changes->end());
    }
    return all;
}

namespace {

// runc's --user is "uid[:gid]" in numbers; anything else it rejects itself.
bool is_root_user(const std::string& value) {
    const std::string uid = value.substr(0, value.find(':'));
    unsigned long long n = 1;
    const auto [end, ec] = std::from_chars(uid.data(), uid.data() + uid.size(), n);
    return ec == std::errc() && end == uid.data() + uid.size() && n == 0;
}

void set_flag_value(std::vector<std::string>& argv, const cli::FlagUse& use, const std::string& name,
                    const std::string& value) {
    if (use.inline_value) {
        argv[use.index] = "--" + name + "=" + value;
    } else {
        argv[use.index + 1] = value;
    }
}

}  // namespace

ExecArgv restrict_exec_flags(const cli::Invocation& inv, const ExecLimits& limits) {
    ExecArgv out{inv.argv, {}};
    std::vector<bool> drop(out.argv.size(), false);
    for (const auto& cap : inv.exec.caps) {
        if (std::find(limits.capabilities.begin(), limits.capabilities.end(), cap.value) !=
            limits.capabilities.end()) {
            continue;
        }
        drop[cap.index] = true;
        if (!cap.inline_value) drop[cap.index + 1] = true;
        out.changes.push_back({"--cap", "dropped " + cap.value, "not in the rule's capability allowlist"});
    }
    if (inv.exec.user && !limits.user.allow_root && is_root_user(inv.exec.user->value)) {
        const std::string user = std::to_string(limits.user.uid) + ":" + std::to_string(limits.user.gid);
        set_flag_value(out.argv, *inv.exec.user, "user", user);
        out.changes.push_back({"--user", inv.exec.user->value + " → " + user, "the rule does not allow root"});
    }
    if (inv.exec.apparmor && !limits.apparmor_profile.empty() &&
        inv.exec.apparmor->value != limits.apparmor_profile) {
        set_flag_value(out.argv, *inv.exec.apparmor, "apparmor", limits.apparmor_profile);
        out.changes.push_back({"--apparmor", inv.exec.apparmor->value + " → " + limits.apparmor_profile,
                               "the rule's AppArmor profile"});
    }
    std::vector<std::string> inserted;  // placed right after the subcommand
    if (!inv.exec.user && !inv.exec.process_file && !limits.user.allow_root) {
        const auto [uid, gid] = limits.process_user.value_or(std::pair(limits.user.uid, limits.user.gid));
        const std::string user = std::to_string(uid) + ":" + std::to_string(gid);
        inserted.insert(inserted.end(), {"--user", user});
        out.changes.push_back({"--user", "set " + user, "an exec runs as the container's user"});
    }
    bool insert_nnp = false;
    if (limits.no_new_privileges) {
        if (!inv.exec.no_new_privs) {
            insert_nnp = true;
        } else if (inv.exec.no_new_privs->value != "true") {
            out.argv[inv.exec.no_new_privs->index] = "--no-new-privs";
        }
        if (insert_nnp || inv.exec.no_new_privs->value != "true") {
            out.changes.push_back({"--no-new-privs", "set", "the rule requires no_new_privileges"});
        }
    }
    std::vector<std::string> argv;
    argv.reserve(out.argv.size() + 1 + inserted.size());
    for (std::size_t i = 0; i < out.argv.size(); ++i) {
        if (!drop[i]) argv.push_back(std::move(out.argv[i]));
        if (i != inv.command_index) continue;
        if (insert_nnp) argv.emplace_back("--no-new-privs");
        argv.insert(argv.end(), inserted.begin(), inserted.end());
    }
    out.argv = std::move(argv);
    return out;
}

}  // namespace hardrun::spec
