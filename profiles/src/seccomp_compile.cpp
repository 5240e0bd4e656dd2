// SPDX-License-Identifier: Apache-2.0
#include "seccomp_compile.hpp"

#include <linux/filter.h>
#include <seccomp.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/unique_fd.hpp"
#include "seccomp_profile.hpp"

namespace hardrun::profiles {
namespace {

constexpr std::size_t kOptimizeAbove = 32;  // runc's threshold for the binary-tree layout
constexpr std::size_t kMaxArgs = 6;

struct FilterRelease {
    void operator()(void* ctx) const { seccomp_release(ctx); }
};
// scmp_filter_ctx is a void*; this owns one.
using Filter = std::unique_ptr<void, FilterRelease>;

Error spec_error(const std::string& what) {
    return {ErrorCode::kInvalidSpec, "seccomp profile: " + what};
}

// libseccomp returns -errno; a filter it cannot build is a profile runc could not load either.
Error libseccomp_error(const std::string& what, int rc, ErrorCode code = ErrorCode::kInvalidSpec) {
    return {code, io_error("seccomp profile: libseccomp: " + what, -rc).message()};
}

// The libseccomp action for an OCI action name (already validated) and optional errnoRet.
std::optional<std::uint32_t> to_action(std::string_view name, const Json* errno_ret) {
    const auto ret = static_cast<std::uint32_t>(
        errno_ret != nullptr && !errno_ret->is_null() ? errno_ret->get<std::uint64_t>() : EPERM);
    if (name == "SCMP_ACT_ALLOW") return SCMP_ACT_ALLOW;
    if (name == "SCMP_ACT_ERRNO") return SCMP_ACT_ERRNO(ret);
    if (name == "SCMP_ACT_KILL" || name == "SCMP_ACT_KILL_THREAD") return SCMP_ACT_KILL_THREAD;
    if (name == "SCMP_ACT_KILL_PROCESS") return SCMP_ACT_KILL_PROCESS;
    if (name == "SCMP_ACT_TRAP") return SCMP_ACT_TRAP;
    if (name == "SCMP_ACT_TRACE") return SCMP_ACT_TRACE(ret);
    if (name == "SCMP_ACT_LOG") return SCMP_ACT_LOG;
    if (name == "SCMP_ACT_NOTIFY") return SCMP_ACT_NOTIFY;
    return std::nullopt;
}

std::optional<scmp_compare> to_operator(std::string_view op) {
    if (op == "SCMP_CMP_NE") return SCMP_CMP_NE;
    if (op == "SCMP_CMP_LT") return SCMP_CMP_LT;
    if (op == "SCMP_CMP_LE") return SCMP_CMP_LE;
    if (op == "SCMP_CMP_EQ") return SCMP_CMP_EQ;
    if (op == "SCMP_CMP_GE") return SCMP_CMP_GE;
    if (op == "SCMP_CMP_GT") return SCMP_CMP_GT;
    if (op == "SCMP_CMP_MASKED_EQ") return SCMP_CMP_MASKED_EQ;
    return std::nullopt;
}

// Conditions of one rule, in profile order; args were validated, so the ops are known.
std::vector<scmp_arg_cmp> to_conditions(const Json& rule) {
    std::vector<scmp_arg_cmp> out;
    const auto args = rule.find("args");
    if (args == rule.end()) return out;
    for (const Json& arg : *args) {
        scmp_arg_cmp cmp{};
        cmp.arg = arg["index"].get<unsigned int>();
        cmp.op = *to_operator(arg["op"].get_ref<const std::string&>());
        // For MASKED_EQ datum_a is the mask and datum_b the expected value, as in the spec.
        cmp.datum_a = arg["value"].get<std::uint64_t>();
        cmp.datum_b = arg.contains("valueTwo") ? arg["valueTwo"].get<std::uint64_t>() : 0;
        out.push_back(cmp);
    }
    return out;
}

bool has_repeated_index(const std::vector<scmp_arg_cmp>& conditions) {
    std::array<int, kMaxArgs> seen{};
    for (const auto& cmp : conditions) {
        if (++seen.at(cmp.arg) > 1) return true;
    }
    return false;
}

Result<void> add_rule(const Filter& filter, std::uint32_t action, const std::string& name,
                      const std::vector<scmp_arg_cmp>& conditions) {
    const int nr = seccomp_syscall_resolve_name(name.c_str());
    if (nr == __NR_SCMP_ERROR) return spec_error("unknown syscall \"" + name + "\"");
    // runc's rule: conditions on distinct arguments are ANDed in one rule; if an argument is
    // named twice, each condition becomes its own rule, so they are ORed.
    std::vector<std::vector<scmp_arg_cmp>> groups;
    if (has_repeated_index(conditions)) {
        for (const auto& cmp : conditions) groups.push_back({cmp});
    } else {
        groups.push_back(conditions);
    }
    for (const auto& group : groups) {
        const int rc = seccomp_rule_add_array(filter.get(), action, nr,
                                              static_cast<unsigned int>(group.size()),
                                              group.empty() ? nullptr : group.data());
        if (rc < 0) return libseccomp_error("rule for \"" + name + "\"", rc);
    }
    return ok();
}

Result<void> add_rules(const Filter& filter, const Json& profile, std::uint32_t default_action) {
    const auto rules = profile.find("syscalls");
    if (rules == profile.end()) return ok();
    for (const Json& rule : *rules) {
        const auto errno_ret = rule.find("errnoRet");
        const auto action = to_action(rule["action"].get_ref<const std::string&>(),
                                      errno_ret == rule.end() ? nullptr : &*errno_ret);
        // libseccomp refuses a rule that repeats the default; runc skips it silently.
        if (!action || *action == default_action) continue;
        const auto conditions = to_conditions(rule);
        for (const Json& name : rule["names"]) {
            HARDRUN_RETURN_IF_ERROR(
                add_rule(filter, *action, name.get_ref<const std::string&>(), conditions));
        }
    }
    return ok();
}

Result<void> add_architectures(const Filter& filter, const Json& profile) {
    const auto arches = profile.find("architectures");
    if (arches == profile.end()) return ok();
    for (const Json& arch : *arches) {
        // "SCMP_ARCH_X86_64" → libseccomp's name "x86_64".
        std::string name = arch.get<std::string>().substr(std::string_view("SCMP_ARCH_").size());
        for (char& ch : name) ch = static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
        const std::uint32_t token = seccomp_arch_resolve_name(name.c_str());
        if (token == 0) return spec_error("architecture " + arch.get<std::string>() + " unknown");
        const int rc = seccomp_arch_add(filter.get(), token);
        if (rc < 0 && rc != -EEXIST) return libseccomp_error("architecture " + name, rc);
    }
    return ok();
}

Result<void> set_attribute(const Filter& filter, scmp_filter_attr attr, std::uint32_t value,
                           const std::string& what) {
    const int rc = seccomp_attr_set(filter.get(), attr, value);
    if (rc < 0) return libseccomp_error(what, rc);
    return ok();
}

Result<void> apply_flags(const Filter& filter, const Json& profile) {
    const auto flags = profile.find("flags");
    if (flags == profile.end()) return ok();
    for (const Json& flag : *flags) {
        const auto& name = flag.get_ref<const std::string&>();
        if (name == "SECCOMP_FILTER_FLAG_LOG") {
            HARDRUN_RETURN_IF_ERROR(set_attribute(filter, SCMP_FLTATR_CTL_LOG, 1, name));
        } else if (name == "SECCOMP_FILTER_FLAG_SPEC_ALLOW") {
            HARDRUN_RETURN_IF_ERROR(set_attribute(filter, SCMP_FLTATR_CTL_SSB, 1, name));
        } else if (name != "SECCOMP_FILTER_FLAG_TSYNC") {
            // TSYNC needs nothing (runc syncs threads anyway); anything else runc 1.1 refuses.
            return spec_error("flag " + name + " is not supported by runc 1.1");
        }
    }
    return ok();
}

Result<Filter> build_filter(const Json& profile) {
    HARDRUN_RETURN_IF_ERROR(validate_seccomp_profile(profile, "seccomp profile"));
    const auto errno_ret = profile.find("defaultErrnoRet");
    const auto default_action = to_action(profile["defaultAction"].get_ref<const std::string&>(),
                                          errno_ret == profile.end() ? nullptr : &*errno_ret);
    if (!default_action) return spec_error("unusable default action");
    Filter filter(seccomp_init(*default_action));
    if (!filter) return Error(ErrorCode::kInternal, "libseccomp: seccomp_init failed");
    HARDRUN_RETURN_IF_ERROR(add_architectures(filter, profile));
    HARDRUN_RETURN_IF_ERROR(apply_flags(filter, profile));
    const auto rules = profile.find("syscalls");
    if (rules != profile.end() && rules->size() > kOptimizeAbove) {
        // As in runc: a failure only means an older libseccomp, not a broken profile.
        (void)seccomp_attr_set(filter.get(), SCMP_FLTATR_CTL_OPTIMIZE, 2);
    }
    // no_new_privs is the caller's business (runc sets it from the spec; install_seccomp here).
    HARDRUN_RETURN_IF_ERROR(set_attribute(filter, SCMP_FLTATR_CTL_NNP, 0, "no_new_privs"));
    HARDRUN_RETURN_IF_ERROR(add_rules(filter, profile, *default_action));
    return filter;
}

}  // namespace

Result<std::size_t> compile_seccomp(const Json& profile) {
    auto filter = build_filter(profile);
    if (!filter) return filter.error();
    const UniqueFd fd(memfd_create("hardrun-seccomp-bpf", MFD_CLOEXEC));
    if (!fd.valid()) return io_error("memfd_create", errno);
    const int rc = seccomp_export_bpf(filter->get(), fd.get());
    if (rc < 0) return libseccomp_error("export", rc, ErrorCode::kIo);
    struct stat st {};
    if (fstat(fd.get(), &st) != 0) return io_error("fstat of the BPF memfd", errno);
    return static_cast<std::size_t>(st.st_size) / sizeof(sock_filter);
}

Result<void> install_seccomp(const Json& profile) {
    auto filter = build_filter(profile);
    if (!filter) return filter.error();
    if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return io_error("PR_SET_NO_NEW_PRIVS", errno);
    const int rc = seccomp_load(filter->get());
    if (rc < 0) return libseccomp_error("load", rc, ErrorCode::kIo);
    return ok();
}

}  // namespace hardrun::profiles
