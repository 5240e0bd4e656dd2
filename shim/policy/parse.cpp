// SPDX-License-Identifier: Apache-2.0
#include "policy/parse.hpp"

#include <algorithm>
#include <array>
#include <set>

#include "base/capabilities.hpp"
#include "base/glob.hpp"
#include "base/image_reference.hpp"
#include "policy/parse_trust.hpp"
#include "policy/reader.hpp"

namespace hardrun::policy {
namespace {

using nlohmann::json;

bool is_clean_absolute(const std::string& path) {
    return !path.empty() && path.front() == '/' && clean_path(path) == path;
}

Result<void> check_absolute_paths(const Reader& r, const char* key,
                                  const std::vector<std::string>& paths, bool allow_root) {
    for (std::size_t i = 0; i < paths.size(); ++i) {
        if (!is_clean_absolute(paths[i]) || (!allow_root && paths[i] == "/")) {
            return Reader::error_at(r.child_path(key) + "[" + std::to_string(i) + "]",
                                    "\"" + paths[i] + "\" must be a clean absolute path" +
                                        (allow_root ? "" : " other than /"));
        }
    }
    return ok();
}

Result<void> read_user(const Reader& r, UserPolicy& user) {
    HARDRUN_RETURN_IF_ERROR(r.only_keys({"allow_root", "uid", "gid"}));
    HARDRUN_RETURN_IF_ERROR(r.read("allow_root", user.allow_root));
    HARDRUN_RETURN_IF_ERROR(r.read("uid", user.uid));
    HARDRUN_RETURN_IF_ERROR(r.read("gid", user.gid));
    if (user.uid == 0 && !user.allow_root) {
        return r.error_at_key("uid", "0 is root; set allow_root to run containers as root");
    }
    return ok();
}

Result<void> read_apparmor(const Reader& r, AppArmorPolicy& aa) {
    HARDRUN_RETURN_IF_ERROR(r.only_keys({"profile", "required"}));
    HARDRUN_RETURN_IF_ERROR(r.read("profile", aa.profile));
    return r.read("required", aa.required);
}

Result<void> read_allow(const Reader& r, Allowances& allow) {
    HARDRUN_RETURN_IF_ERROR(r.only_keys({"privileged", "host_namespaces", "host_paths", "devices"}));
    HARDRUN_RETURN_IF_ERROR(r.read("privileged", allow.privileged));
    HARDRUN_RETURN_IF_ERROR(r.read("host_namespaces", allow.host_namespaces));
    static constexpr std::array<std::string_view, 5> kTypes = {"pid", "ipc", "network", "uts",
                                                               "mount"};
    for (std::size_t i = 0; i < allow.host_namespaces.size(); ++i) {
        const auto& ns = allow.host_namespaces[i];
        if (std::find(kTypes.begin(), kTypes.end(), ns) == kTypes.end()) {
            return Reader::error_at(r.child_path("host_namespaces") + "[" + std::to_string(i) + "]",
                                    "\"" + ns + "\" is not one of pid, ipc, network, uts, mount");
        }
    }
    HARDRUN_RETURN_IF_ERROR(r.read("host_paths", allow.host_paths));
    HARDRUN_RETURN_IF_ERROR(r.read("devices", allow.devices));
    return ok();
}

Result<void> read_capabilities(const Reader& r, std::vector<std::string>& caps) {
    HARDRUN_RETURN_IF_ERROR(r.read("capabilities", caps));
    for (std::size_t i = 0; i < caps.size(); ++i) {
        if (!is_capability_name(caps[i])) {
            return Reader::error_at(r.child_path("capabilities") + "[" + std::to_string(i) + "]",
                                    "\"" + caps[i] + "\" is not a capability name (CAP_*)");
        }
    }
    return ok();
}

Result<void> read_mode(const Reader& r, Mode& mode) {
    std::string text = mode_name(mode);
    HARDRUN_RETURN_IF_ERROR(r.read("mode", text));
    if (text == "enforce") {
        mode = Mode::kEnforce;
    } else if (text == "audit") {
        mode = Mode::kAudit;
    } else {
        return r.error_at_key("mode", "\"" + text + "\" is not enforce or audit");
    }
    return ok();
}

Result<void> read_seccomp(const Reader& r, std::string& seccomp) {
    HARDRUN_RETURN_IF_ERROR(r.read("seccomp", seccomp));
    if (seccomp != "default" && seccomp != "unconfined" && !is_clean_absolute(seccomp)) {
        return r.error_at_key("seccomp", "\"" + seccomp +
                                             "\" is not \"default\", \"unconfined\" or an "
                                             "absolute path to an OCI seccomp profile");
    }
    return ok();
}

// Applies the body fields present in `r` onto `body`; fields absent keep their value.
Result<void> read_body(const Reader& r, RuleBody& body) {
    HARDRUN_RETURN_IF_ERROR(read_mode(r, body.mode));
    HARDRUN_RETURN_IF_ERROR(read_capabilities(r, body.capabilities));
    HARDRUN_RETURN_IF_ERROR(r.read_object("user", [&](const Reader& c) { return read_user(c, body.user); }));
    HARDRUN_RETURN_IF_ERROR(r.read("no_new_privileges", body.no_new_privileges));
    HARDRUN_RETURN_IF_ERROR(r.read("readonly_rootfs", body.readonly_rootfs));
    HARDRUN_RETURN_IF_ERROR(r.read("writable_paths", body.writable_paths));
    HARDRUN_RETURN_IF_ERROR(check_absolute_paths(r, "writable_paths", body.writable_paths, false));
    HARDRUN_RETURN_IF_ERROR(read_seccomp(r, body.seccomp));
    HARDRUN_RETURN_IF_ERROR(
        r.read_object("apparmor", [&](const Reader& c) { return read_apparmor(c, body.apparmor); }));
    HARDRUN_RETURN_IF_ERROR(r.read("pids_limit", body.pids_limit));
    if (body.pids_limit < 0) return r.error_at_key("pids_limit", "must be 0 (keep) or positive");
    HARDRUN_RETURN_IF_ERROR(r.read("allowed_sysctls", body.allowed_sysctls));
    HARDRUN_RETURN_IF_ERROR(r.read_object("allow", [&](const Reader& c) { return read_allow(c, body.allow); }));
    return r.read_object("trust", [&](const Reader& c) { return read_trust(c, body.trust); });
}

constexpr std::array<std::string_view, 12> kBodyKeys = {
    "mode", "capabilities", "user", "no_new_privileges", "readonly_rootfs", "writable_paths",
    "seccomp", "apparmor", "pids_limit", "allowed_sysctls", "allow", "trust"};

Result<void> read_match(const Reader& r, Match& match) {
    HARDRUN_RETURN_IF_ERROR(r.only_keys({"namespaces", "annotations", "images"}));
    HARDRUN_RETURN_IF_ERROR(r.read("namespaces", match.namespaces));
    HARDRUN_RETURN_IF_ERROR(r.read("images", match.images));
    for (std::size_t i = 0; i < match.images.size(); ++i) {
        const auto& image = match.images[i];
        if (image.empty() || (image.starts_with("sha256:") && !is_sha256_digest(image))) {
            return Reader::error_at(r.child_path("images") + "[" + std::to_string(i) + "]",
                                    "\"" + image + "\" is neither a repository glob nor sha256:<64 hex>");
        }
    }
    return r.read_object("annotations", [&](const Reader& a) -> Result<void> {
        for (const auto& [key, value] : a.value().items()) {
            if (!value.is_string()) {
                return Reader::error_at(a.path() + "." + key, "must be a string (a glob)");
            }
            match.annotations.emplace_back(key, value.get<std::string>());
        }
        return ok();
    });
}

Result<Rule> read_rule(const Reader& r, const RuleBody& base, std::set<std::string>& names) {
    HARDRUN_RETURN_IF_ERROR(r.expect_object());
    std::vector<std::string_view> known = {"name", "match"};
    known.insert(known.end(), kBodyKeys.begin(), kBodyKeys.end());
    for (const auto& [key, unused] : r.value().items()) {
        if (std::find(known.begin(), known.end(), key) == known.end()) {
            return Reader::error_at(r.path() + "." + key, "unknown field");
        }
    }
    Rule rule{.name = "", .match = {}, .body = base};
    HARDRUN_RETURN_IF_ERROR(r.read("name", rule.name));
    if (rule.name.empty()) return r.error_at_key("name", "every rule needs a non-empty name");
    if (rule.name == "default" || !names.insert(rule.name).second) {
        return r.error_at_key("name", "\"" + rule.name + "\" is used twice (or is \"default\")");
    }
    HARDRUN_RETURN_IF_ERROR(r.read_object("match", [&](const Reader& m) { return read_match(m, rule.match); }));
    HARDRUN_RETURN_IF_ERROR(read_body(r, rule.body));
    return rule;
}

Result<void> read_globals(const Reader& r, Config& config) {
    HARDRUN_RETURN_IF_ERROR(r.read_object("runtime", [&](const Reader& c) -> Result<void> {
        HARDRUN_RETURN_IF_ERROR(c.only_keys({"path"}));
        HARDRUN_RETURN_IF_ERROR(c.read("path", config.runtime_path));
        if (!config.runtime_path.empty() && !is_clean_absolute(config.runtime_path)) {
            return c.error_at_key("path", "must be an absolute path");
        }
        return ok();
    }));
    HARDRUN_RETURN_IF_ERROR(r.read_object("decision_log", [&](const Reader& c) -> Result<void> {
        HARDRUN_RETURN_IF_ERROR(c.only_keys({"sink", "path"}));
        std::string sink = "file";
        HARDRUN_RETURN_IF_ERROR(c.read("sink", sink));
        HARDRUN_RETURN_IF_ERROR(c.read("path", config.decision_log.path));
        if (sink == "file") {
            config.decision_log.sink = LogSink::kFile;
        } else if (sink == "syslog") {
            config.decision_log.sink = LogSink::kSyslog;
        } else if (sink == "none") {
            config.decision_log.sink = LogSink::kNone;
        } else {
            return c.error_at_key("sink", "\"" + sink + "\" is not file, syslog or none");
        }
        if (!is_clean_absolute(config.decision_log.path)) {
            return c.error_at_key("path", "must be an absolute path");
        }
        return ok();
    }));
    HARDRUN_RETURN_IF_ERROR(r.read("state_dir", config.state_dir));
    if (!is_clean_absolute(config.state_dir) || config.state_dir == "/") {
        return r.error_at_key("state_dir", "must be an absolute path other than /");
    }
    HARDRUN_RETURN_IF_ERROR(r.read("protected_host_paths", config.protected_host_paths));
    HARDRUN_RETURN_IF_ERROR(
        check_absolute_paths(r, "protected_host_paths", config.protected_host_paths, true));
    HARDRUN_RETURN_IF_ERROR(r.read("engine_managed_paths", config.engine_managed_paths));
    return r.read_object("images", [&](const Reader& c) { return read_images(c, config.images); });
}

}  // namespace

Result<Config> parse_config(const json& doc, const std::string& origin) {
    Config config = builtin_config();
    config.origin = origin;
    const Reader root(doc, "$");
    auto parsed = [&]() -> Result<void> {
        HARDRUN_RETURN_IF_ERROR(root.expect_object());
        HARDRUN_RETURN_IF_ERROR(root.only_keys({"runtime", "decision_log", "state_dir",
                                                "protected_host_paths", "engine_managed_paths",
                                                "images", "default", "rules"}));
        HARDRUN_RETURN_IF_ERROR(read_globals(root, config));
        HARDRUN_RETURN_IF_ERROR(root.read_object("default", [&](const Reader& d) -> Result<void> {
            HARDRUN_RETURN_IF_ERROR(d.only_keys(kBodyKeys));
            return read_body(d, config.default_rule.body);
        }));
        if (!root.has("rules")) return ok();
        const auto& rules = doc.at("rules");
        if (!rules.is_array()) return root.error_at_key("rules", "must be an array of rules");
        std::set<std::string> names;
        for (std::size_t i = 0; i < rules.size(); ++i) {
            auto rule = read_rule(Reader(rules[i], "$.rules[" + std::to_string(i) + "]"),
                                  config.default_rule.body, names);
            if (!rule) return rule.error();
            config.rules.push_back(std::move(*rule));
        }
        return ok();
    }();
    if (!parsed) return parsed.error().with_context(origin);
    return config;
}

Result<Config> parse_config_text(std::string_view text, const std::string& origin) {
    json doc;
    try {
        doc = json::parse(text.begin(), text.end());
    } catch (const json::parse_error& e) {
        return Error(ErrorCode::kInvalidPolicy,
                     origin + ": not valid JSON at byte " + std::to_string(e.byte));
    } catch (const json::exception& e) {
        return Error(ErrorCode::kInvalidPolicy, origin + ": not valid JSON: " + e.what());
    }
    return parse_config(doc, origin);
}

}  // namespace hardrun::policy
