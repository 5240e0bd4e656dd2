// SPDX-License-Identifier: Apache-2.0
#include "seccomp_profile.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <exception>
#include <limits>
#include <map>
#include <optional>
#include <string_view>
#include <tuple>

namespace hardrun::profiles {

extern const std::string_view kDefaultSeccompText;

namespace {

constexpr std::array<std::string_view, 9> kActions = {
    "SCMP_ACT_KILL",  "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD",
    "SCMP_ACT_TRAP",  "SCMP_ACT_ERRNO",        "SCMP_ACT_TRACE",
    "SCMP_ACT_ALLOW", "SCMP_ACT_LOG",          "SCMP_ACT_NOTIFY"};
constexpr std::array<std::string_view, 5> kDenyingActions = {
    "SCMP_ACT_ERRNO", "SCMP_ACT_KILL", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_KILL_PROCESS",
    "SCMP_ACT_TRAP"};
constexpr std::array<std::string_view, 7> kOperators = {
    "SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE",       "SCMP_CMP_EQ",
    "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ"};
constexpr std::array<std::string_view, 19> kArchitectures = {
    "SCMP_ARCH_X86",     "SCMP_ARCH_X86_64",   "SCMP_ARCH_X32",         "SCMP_ARCH_ARM",
    "SCMP_ARCH_AARCH64", "SCMP_ARCH_MIPS",     "SCMP_ARCH_MIPS64",      "SCMP_ARCH_MIPS64N32",
    "SCMP_ARCH_MIPSEL",  "SCMP_ARCH_MIPSEL64", "SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_PPC",
    "SCMP_ARCH_PPC64",   "SCMP_ARCH_PPC64LE",  "SCMP_ARCH_S390",        "SCMP_ARCH_S390X",
    "SCMP_ARCH_PARISC",  "SCMP_ARCH_PARISC64", "SCMP_ARCH_RISCV64"};
constexpr std::array<std::string_view, 4> kFlags = {
    "SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW",
    "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"};
constexpr std::array<std::string_view, 7> kProfileKeys = {
    "defaultAction", "defaultErrnoRet",  "architectures", "flags",
    "listenerPath",  "listenerMetadata", "syscalls"};
constexpr std::array<std::string_view, 4> kRuleKeys = {"names", "action", "errnoRet", "args"};
constexpr std::array<std::string_view, 4> kArgKeys = {"index", "value", "valueTwo", "op"};

constexpr std::uint64_t kMaxErrno = 4095;  // the kernel's MAX_ERRNO
constexpr std::uint64_t kMaxArgIndex = 5;  // syscalls take at most six arguments
constexpr std::uint64_t kMaxU64 = std::numeric_limits<std::uint64_t>::max();

template <std::size_t N>
bool one_of(const std::array<std::string_view, N>& set, std::string_view value) {
    return std::find(set.begin(), set.end(), value) != set.end();
}

bool is_denying(std::string_view action) { return one_of(kDenyingActions, action); }

// Parsed non-negative numbers are "unsigned" to nlohmann, but ones assigned from C++ ints are
// "integer": both count.
std::optional<std::uint64_t> as_unsigned(const Json& value) {
    if (value.is_number_unsigned()) return value.get<std::uint64_t>();
    if (value.is_number_integer() && value.get<std::int64_t>() >= 0) {
        return static_cast<std::uint64_t>(value.get<std::int64_t>());
    }
    return std::nullopt;
}

// Checks single values and words failures as "<origin>: <pointer>: <problem>".
class Checker {
public:
    explicit Checker(const std::string& origin) : origin_(origin) {}

    [[nodiscard]] Error error(const std::string& pointer, const std::string& problem) const {
        return {ErrorCode::kInvalidSpec,
                origin_ + ": " + (pointer.empty() ? "(root)" : pointer) + ": " + problem};
    }

    template <std::size_t N>
    Result<void> known_keys(const Json& object, const std::string& pointer,
                            const std::array<std::string_view, N>& keys) const {
        for (const auto& [key, value] : object.items()) {
            if (!one_of(keys, key)) return error(pointer + "/" + escaped(key), "unknown field");
        }
        return ok();
    }

    template <std::size_t N>
    Result<void> string_in(const Json& value, const std::string& pointer,
                           const std::array<std::string_view, N>& set, const char* what) const {
        if (!value.is_string()) {
            return error(pointer, std::string("must be a string (") + what + ")");
        }
        if (!one_of(set, value.get_ref<const std::string&>())) {
            return error(pointer,
                         std::string("unknown ") + what + " \"" + value.get<std::string>() + "\"");
        }
        return ok();
    }

    Result<void> unsigned_at_most(const Json& value, const std::string& pointer, std::uint64_t max,
                                  const char* what) const {
        const auto number = as_unsigned(value);
        if (!number || *number > max) {
            return error(pointer, std::string("must be ") + what);
        }
        return ok();
    }

private:
    // RFC 6901: "~" and "/" inside a key are written "~0" and "~1".
    static std::string escaped(const std::string& key) {
        std::string out;
        for (const char ch : key) {
            if (ch == '~') {
                out += "~0";
            } else if (ch == '/') {
                out += "~1";
            } else {
                out += ch;
            }
        }
        return out;
    }

    const std::string& origin_;
};

Result<void> check_arg(const Checker& c, const Json& arg, const std::string& ptr) {
    if (!arg.is_object()) return c.error(ptr, "must be an object");
    HARDRUN_RETURN_IF_ERROR(c.known_keys(arg, ptr, kArgKeys));
    if (!arg.contains("index")) return c.error(ptr + "/index", "is required");
    HARDRUN_RETURN_IF_ERROR(
        c.unsigned_at_most(arg["index"], ptr + "/index", kMaxArgIndex, "an argument index 0..5"));
    if (!arg.contains("value")) return c.error(ptr + "/value", "is required");
    HARDRUN_RETURN_IF_ERROR(
        c.unsigned_at_most(arg["value"], ptr + "/value", kMaxU64, "an unsigned 64-bit integer"));
    if (arg.contains("valueTwo")) {
        HARDRUN_RETURN_IF_ERROR(c.unsigned_at_most(arg["valueTwo"], ptr + "/valueTwo", kMaxU64,
                                                   "an unsigned 64-bit integer"));
    }
    if (!arg.contains("op")) return c.error(ptr + "/op", "is required");
    return c.string_in(arg["op"], ptr + "/op", kOperators, "comparison operator");
}

Result<void> check_rule(const Checker& c, const Json& rule, const std::string& ptr) {
    if (!rule.is_object()) return c.error(ptr, "must be an object");
    HARDRUN_RETURN_IF_ERROR(c.known_keys(rule, ptr, kRuleKeys));
    const auto names = rule.find("names");
    if (names == rule.end() || !names->is_array() || names->empty()) {
        return c.error(ptr + "/names", "must be a non-empty array of syscall names");
    }
    for (std::size_t i = 0; i < names->size(); ++i) {
        const Json& name = (*names)[i];
        if (!name.is_string() || name.get_ref<const std::string&>().empty()) {
            return c.error(ptr + "/names/" + std::to_string(i), "must be a non-empty string");
        }
    }
    if (!rule.contains("action")) return c.error(ptr + "/action", "is required");
    HARDRUN_RETURN_IF_ERROR(c.string_in(rule["action"], ptr + "/action", kActions, "action"));
    if (rule.contains("errnoRet")) {
        HARDRUN_RETURN_IF_ERROR(c.unsigned_at_most(rule["errnoRet"], ptr + "/errnoRet", kMaxErrno,
                                                   "an errno number (0..4095)"));
    }
    if (!rule.contains("args")) return ok();
    const Json& args = rule["args"];
    if (!args.is_array()) return c.error(ptr + "/args", "must be an array");
    for (std::size_t i = 0; i < args.size(); ++i) {
        HARDRUN_RETURN_IF_ERROR(check_arg(c, args[i], ptr + "/args/" + std::to_string(i)));
    }
    return ok();
}

Result<void> check_string_list(const Checker& c, const Json& profile, const char* key,
                               const auto& set, const char* what) {
    if (!profile.contains(key)) return ok();
    const std::string ptr = std::string("/") + key;
    const Json& list = profile[key];
    if (!list.is_array()) return c.error(ptr, "must be an array");
    for (std::size_t i = 0; i < list.size(); ++i) {
        HARDRUN_RETURN_IF_ERROR(c.string_in(list[i], ptr + "/" + std::to_string(i), set, what));
    }
    return ok();
}

Result<void> check_default(const Checker& c, const Json& profile) {
    if (!profile.contains("defaultAction")) return c.error("/defaultAction", "is required");
    HARDRUN_RETURN_IF_ERROR(
        c.string_in(profile["defaultAction"], "/defaultAction", kActions, "action"));
    // runc refuses it: the notifying call would be the one that hands over the listener fd.
    if (profile["defaultAction"] == "SCMP_ACT_NOTIFY") {
        return c.error("/defaultAction", "SCMP_ACT_NOTIFY cannot be the default action");
    }
    if (!profile.contains("defaultErrnoRet")) return ok();
    return c.unsigned_at_most(profile["defaultErrnoRet"], "/defaultErrnoRet", kMaxErrno,
                              "an errno number (0..4095)");
}

Result<void> check_rules(const Checker& c, const Json& profile) {
    if (!profile.contains("syscalls")) return ok();
    const Json& rules = profile["syscalls"];
    if (!rules.is_array()) return c.error("/syscalls", "must be an array");
    for (std::size_t i = 0; i < rules.size(); ++i) {
        HARDRUN_RETURN_IF_ERROR(check_rule(c, rules[i], "/syscalls/" + std::to_string(i)));
    }
    return ok();
}

Result<void> check_listener(const Checker& c, const Json& profile) {
    for (const char* key : {"listenerPath", "listenerMetadata"}) {
        if (profile.contains(key) && !profile[key].is_string()) {
            return c.error(std::string("/") + key, "must be a string");
        }
    }
    // The runtime-spec requires a listener whenever a rule hands calls to one.
    const auto rules = profile.find("syscalls");
    if (rules == profile.end() || profile.contains("listenerPath")) return ok();
    for (std::size_t i = 0; i < rules->size(); ++i) {
        if ((*rules)[i]["action"] == "SCMP_ACT_NOTIFY") {
            return c.error("/syscalls/" + std::to_string(i) + "/action",
                           "SCMP_ACT_NOTIFY needs /listenerPath");
        }
    }
    return ok();
}

// A rule's args in a canonical order, so equal conditions compare equal whatever their order.
using ArgKey = std::tuple<std::uint64_t, std::uint64_t, std::uint64_t, std::string>;

std::optional<std::vector<ArgKey>> canonical_args(const Json& rule) {
    std::vector<ArgKey> out;
    const auto args = rule.find("args");
    if (args == rule.end() || args->is_null()) return out;
    if (!args->is_array()) return std::nullopt;
    for (const Json& arg : *args) {
        if (!arg.is_object()) return std::nullopt;
        const auto index = arg.find("index");
        const auto value = arg.find("value");
        const auto two = arg.find("valueTwo");
        const auto op = arg.find("op");
        if (index == arg.end() || value == arg.end() || op == arg.end() || !op->is_string()) {
            return std::nullopt;
        }
        const auto index_number = as_unsigned(*index);
        const auto value_number = as_unsigned(*value);
        const auto two_number =
            two == arg.end() ? std::optional<std::uint64_t>(0) : as_unsigned(*two);
        if (!index_number || !value_number || !two_number) return std::nullopt;
        out.emplace_back(*index_number, *value_number, *two_number, op->get<std::string>());
    }
    std::sort(out.begin(), out.end());
    return out;
}

struct IndexedRule {
    std::string action;
    std::vector<ArgKey> args;
};
using RuleIndex = std::map<std::string, std::vector<IndexedRule>, std::less<>>;

// name → rules naming it; nullopt when the profile's rules are malformed.
std::optional<RuleIndex> index_rules(const Json& profile) {
    RuleIndex index;
    const auto rules = profile.find("syscalls");
    if (rules == profile.end() || rules->is_null()) return index;
    if (!rules->is_array()) return std::nullopt;
    for (const Json& rule : *rules) {
        if (!rule.is_object()) return std::nullopt;
        const auto names = rule.find("names");
        const auto action = rule.find("action");
        auto args = canonical_args(rule);
        if (names == rule.end() || !names->is_array() || action == rule.end() ||
            !action->is_string() || !args) {
            return std::nullopt;
        }
        for (const Json& name : *names) {
            if (!name.is_string()) return std::nullopt;
            index[name.get<std::string>()].push_back({action->get<std::string>(), *args});
        }
    }
    return index;
}

std::optional<std::vector<std::string>> string_list(const Json& profile, const char* key) {
    std::vector<std::string> out;
    const auto list = profile.find(key);
    if (list == profile.end() || list->is_null()) return out;
    if (!list->is_array()) return std::nullopt;
    for (const Json& item : *list) {
        if (!item.is_string()) return std::nullopt;
        out.push_back(item.get<std::string>());
    }
    return out;
}

bool contains(const std::vector<std::string>& list, std::string_view item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

// The architecture runc filters when a profile lists none.
std::string native_architecture() {
#if defined(__x86_64__)
    return "SCMP_ARCH_X86_64";
#elif defined(__aarch64__)
    return "SCMP_ARCH_AARCH64";
#else
    return "";
#endif
}

// Architectures and flags: nothing the reference does not also have. A reference that lists
// no architectures filters the native one only, so a candidate adding 32-bit x86 is looser.
bool filter_settings_no_looser(const Json& candidate, const Json& reference) {
    const auto cand_arches = string_list(candidate, "architectures");
    const auto ref_arches = string_list(reference, "architectures");
    const auto cand_flags = string_list(candidate, "flags");
    const auto ref_flags = string_list(reference, "flags");
    if (!cand_arches || !ref_arches || !cand_flags || !ref_flags) return false;
    const std::vector<std::string> native = {native_architecture()};
    const auto& allowed_arches = ref_arches->empty() ? native : *ref_arches;
    for (const auto& arch : *cand_arches) {
        if (!contains(allowed_arches, arch)) return false;
    }
    // SPEC_ALLOW turns off the kernel's speculative-store-bypass mitigation for the task.
    constexpr std::string_view kSpecAllow = "SECCOMP_FILTER_FLAG_SPEC_ALLOW";
    return !contains(*cand_flags, kSpecAllow) || contains(*ref_flags, kSpecAllow);
}

bool reference_permits(const RuleIndex& reference, bool reference_default_permits,
                       std::string_view name, const IndexedRule& wanted) {
    const auto it = reference.find(name);
    if (it == reference.end()) return reference_default_permits;
    return std::any_of(it->second.begin(), it->second.end(), [&](const IndexedRule& rule) {
        if (rule.args.empty()) return !is_denying(rule.action);
        return !wanted.args.empty() && rule.action == wanted.action && rule.args == wanted.args;
    });
}

bool at_least_as_strict(const Json& candidate, const Json& reference) {
    if (!candidate.is_object() || !reference.is_object()) return false;
    const auto cand_default = candidate.find("defaultAction");
    const auto ref_default = reference.find("defaultAction");
    if (cand_default == candidate.end() || !cand_default->is_string() ||
        ref_default == reference.end() || !ref_default->is_string()) {
        return false;
    }
    if (!is_denying(cand_default->get_ref<const std::string&>())) return false;
    if (!filter_settings_no_looser(candidate, reference)) return false;
    const auto cand_rules = index_rules(candidate);
    const auto ref_rules = index_rules(reference);
    if (!cand_rules || !ref_rules) return false;
    const bool ref_default_permits = !is_denying(ref_default->get_ref<const std::string&>());
    for (const auto& [name, rules] : *cand_rules) {
        for (const IndexedRule& rule : rules) {
            if (is_denying(rule.action)) continue;
            if (!reference_permits(*ref_rules, ref_default_permits, name, rule)) return false;
        }
    }
    return true;
}

}  // namespace

const Json& default_seccomp_profile() {
    // Parsed without exceptions: a broken embedded copy yields a discarded value, which
    // validate_seccomp_profile rejects (and the unit tests catch before it ships).
    static const Json profile = Json::parse(kDefaultSeccompText, nullptr, false);
    return profile;
}

Result<void> validate_seccomp_profile(const Json& profile, const std::string& origin) {
    const Checker c(origin);
    if (!profile.is_object()) return c.error("", "must be an object");
    HARDRUN_RETURN_IF_ERROR(c.known_keys(profile, "", kProfileKeys));
    HARDRUN_RETURN_IF_ERROR(check_default(c, profile));
    HARDRUN_RETURN_IF_ERROR(
        check_string_list(c, profile, "architectures", kArchitectures, "architecture"));
    HARDRUN_RETURN_IF_ERROR(check_string_list(c, profile, "flags", kFlags, "flag"));
    HARDRUN_RETURN_IF_ERROR(check_rules(c, profile));
    return check_listener(c, profile);
}

bool seccomp_at_least_as_strict(const Json& candidate, const Json& reference) {
    try {
        return at_least_as_strict(candidate, reference);
    } catch (const std::exception&) {
        // Only allocation can throw here; "not proven stricter" is the safe answer.
        return false;
    }
}

std::vector<std::string> allowed_syscalls(const Json& profile) {
    std::vector<std::string> out;
    const auto rules = profile.is_object() ? profile.find("syscalls") : profile.end();
    if (rules == profile.end() || !rules->is_array()) return out;
    for (const Json& rule : *rules) {
        if (!rule.is_object() || rule.value("action", Json()) != "SCMP_ACT_ALLOW") continue;
        const auto names = rule.find("names");
        if (names == rule.end() || !names->is_array()) continue;
        for (const Json& name : *names) {
            if (name.is_string()) out.push_back(name.get<std::string>());
        }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

}  // namespace hardrun::profiles
