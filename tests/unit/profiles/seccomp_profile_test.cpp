// SPDX-License-Identifier: Apache-2.0
#include "seccomp_profile.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

namespace hardrun::profiles {
namespace {

constexpr std::size_t kDockerDefaultAllowed = 301;  // Docker's default, x86_64 (DESIGN.md)

bool allows(const Json& profile, const std::string& name) {
    const auto names = allowed_syscalls(profile);
    return std::binary_search(names.begin(), names.end(), name);
}

// The errnoRet of the rule that names `name` with SCMP_ACT_ERRNO, or -1.
long long errno_rule_for(const Json& profile, const std::string& name) {
    for (const Json& rule : profile["syscalls"]) {
        if (rule["action"] != "SCMP_ACT_ERRNO") continue;
        const auto& names = rule["names"];
        if (std::find(names.begin(), names.end(), name) != names.end()) {
            return rule.value("errnoRet", 1LL);
        }
    }
    return -1;
}

Json with_rule(Json profile, Json rule) {
    profile["syscalls"].push_back(std::move(rule));
    return profile;
}

const Json kDockerClone = Json::parse(R"({"names": ["clone"], "action": "SCMP_ACT_ALLOW",
    "args": [{"index": 0, "value": 2114060288, "valueTwo": 0, "op": "SCMP_CMP_MASKED_EQ"}]})");

}  // namespace

TEST_CASE("the shipped default profile is a valid OCI linux.seccomp object",
          "[profiles][seccomp]") {
    const Json& profile = default_seccomp_profile();
    REQUIRE_FALSE(profile.is_discarded());
    const auto result = validate_seccomp_profile(profile, "default.json");
    INFO((result ? std::string() : result.error().message()));
    CHECK(result);
}

TEST_CASE("the default profile denies with EPERM by default on the native architecture only",
          "[profiles][seccomp]") {
    const Json& profile = default_seccomp_profile();
    CHECK(profile["defaultAction"] == "SCMP_ACT_ERRNO");
    CHECK(profile["defaultErrnoRet"] == 1);
    CHECK_FALSE(profile.contains("architectures"));
}

TEST_CASE("the default profile allows what runc's init and the Go runtime call after the filter",
          "[profiles][seccomp]") {
    const std::string name =
        GENERATE("read", "write", "close", "futex", "openat", "getpid", "epoll_ctl", "fstatfs",
                 "getdents64", "execve", "capget", "capset", "prctl", "setgroups", "setgid",
                 "setuid", "chdir", "getcwd", "fcntl", "fstat", "newfstatat", "faccessat2",
                 "rt_sigreturn", "sigaltstack", "nanosleep", "sched_yield", "tgkill", "gettid",
                 "mmap", "munmap", "madvise", "epoll_pwait", "exit_group", "arch_prctl");
    INFO(name);
    CHECK(allows(default_seccomp_profile(), name));
}

TEST_CASE("the default profile allows the harmless newer syscalls libc and busybox use",
          "[profiles][seccomp]") {
    const std::string name =
        GENERATE("openat2", "faccessat2", "statx", "close_range", "rseq", "epoll_pwait2",
                 "landlock_create_ruleset", "landlock_add_rule", "landlock_restrict_self");
    INFO(name);
    CHECK(allows(default_seccomp_profile(), name));
}

TEST_CASE("the default profile does not allow syscalls hardrun denies beyond Docker",
          "[profiles][seccomp]") {
    const std::string name = GENERATE(
        "io_uring_setup", "io_uring_enter", "io_uring_register", "userfaultfd", "keyctl", "add_key",
        "request_key", "bpf", "perf_event_open", "ptrace", "process_vm_readv", "process_vm_writev",
        "mount", "umount2", "move_mount", "open_tree", "fsopen", "fsconfig", "fsmount", "fspick",
        "mount_setattr", "pivot_root", "unshare", "setns", "kexec_load", "kexec_file_load",
        "init_module", "finit_module", "delete_module", "reboot", "swapon", "swapoff", "acct",
        "quotactl", "quotactl_fd", "open_by_handle_at", "name_to_handle_at", "lookup_dcookie",
        "iopl", "ioperm", "syslog", "settimeofday", "clock_settime", "adjtimex", "clock_adjtime",
        "nfsservctl", "uselib", "chroot", "clone3", "modify_ldt", "memfd_secret", "process_madvise",
        "msgget", "mq_open", "vmsplice", "fanotify_mark");
    INFO(name);
    CHECK_FALSE(allows(default_seccomp_profile(), name));
}

TEST_CASE("the default profile answers probe syscalls it does not allow with ENOSYS",
          "[profiles][seccomp]") {
    const std::string name =
        GENERATE("clone3", "io_uring_setup", "io_uring_enter", "io_uring_register", "memfd_secret",
                 "process_madvise", "fchmodat2", "cachestat", "map_shadow_stack");
    INFO(name);
    CHECK(errno_rule_for(default_seccomp_profile(), name) == 38);
}

TEST_CASE("the default profile allows clone only without namespace flags", "[profiles][seccomp]") {
    const Json& profile = default_seccomp_profile();
    std::vector<Json> clone_rules;
    for (const Json& rule : profile["syscalls"]) {
        const auto& names = rule["names"];
        if (std::find(names.begin(), names.end(), "clone") != names.end()) {
            clone_rules.push_back(rule);
        }
    }
    REQUIRE(clone_rules.size() == 1);
    CHECK(clone_rules[0] == kDockerClone);
}

TEST_CASE("the default profile allows far fewer syscalls than Docker's default",
          "[profiles][seccomp]") {
    const auto names = allowed_syscalls(default_seccomp_profile());
    WARN("the default profile allows " << names.size()
                                       << " syscalls (Docker: " << kDockerDefaultAllowed << ")");
    CHECK(names.size() + 30 <= kDockerDefaultAllowed);
    CHECK(std::is_sorted(names.begin(), names.end()));
    CHECK(std::adjacent_find(names.begin(), names.end()) == names.end());
}

TEST_CASE("validate_seccomp_profile names the JSON pointer of what is malformed",
          "[profiles][seccomp]") {
    const auto [text, message] = GENERATE(table<std::string, std::string>({
        {R"([])", "t.json: (root): must be an object"},
        {R"({})", "t.json: /defaultAction: is required"},
        {R"({"defaultAction": "SCMP_ACT_DENY"})",
         R"(t.json: /defaultAction: unknown action "SCMP_ACT_DENY")"},
        {R"({"defaultAction": "SCMP_ACT_NOTIFY", "listenerPath": "/s"})",
         "t.json: /defaultAction: SCMP_ACT_NOTIFY cannot be the default action"},
        {R"({"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": -1})",
         "t.json: /defaultErrnoRet: must be an errno number (0..4095)"},
        {R"({"defaultAction": "SCMP_ACT_ERRNO", "comment": "x"})",
         "t.json: /comment: unknown field"},
        {R"({"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["x86_64"]})",
         R"(t.json: /architectures/0: unknown architecture "x86_64")"},
        {R"({"defaultAction": "SCMP_ACT_ERRNO", "flags": "SECCOMP_FILTER_FLAG_LOG"})",
         "t.json: /flags: must be an array"},
        {R"({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": {}})",
         "t.json: /syscalls: must be an array"},
        {R"({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": [], "action": "SCMP_ACT_ALLOW"}]})",
         "t.json: /syscalls/0/names: must be a non-empty array of syscall names"},
        {R"({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read", ""], "action": "SCMP_ACT_ALLOW"}]})",
         "t.json: /syscalls/0/names/1: must be a non-empty string"},
        {R"({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"]}]})",
         "t.json: /syscalls/0/action: is required"},
        {R"({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ERRNO", "errnoret": 1}]})",
         "t.json: /syscalls/0/errnoret: unknown field"},
        {R"({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ERRNO", "errnoRet": "1"}]})",
         "t.json: /syscalls/0/errnoRet: must be an errno number (0..4095)"},
        {R"({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW"},
             {"names": ["clone"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 6, "value": 1, "op": "SCMP_CMP_EQ"}]}]})",
         "t.json: /syscalls/1/args/0/index: must be an argument index 0..5"},
        {R"({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["clone"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": -1, "op": "SCMP_CMP_EQ"}]}]})",
         "t.json: /syscalls/0/args/0/value: must be an unsigned 64-bit integer"},
        {R"({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["clone"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 1, "valueTwo": 1.5, "op": "SCMP_CMP_EQ"}]}]})",
         "t.json: /syscalls/0/args/0/valueTwo: must be an unsigned 64-bit integer"},
        {R"({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["clone"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_MASKED"}]}]})",
         R"(t.json: /syscalls/0/args/0/op: unknown comparison operator "SCMP_CMP_MASKED")"},
        {R"({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["clone"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ", "a/b": 0}]}]})",
         "t.json: /syscalls/0/args/0/a~1b: unknown field"},
        {R"({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["ioctl"], "action": "SCMP_ACT_NOTIFY"}]})",
         "t.json: /syscalls/0/action: SCMP_ACT_NOTIFY needs /listenerPath"},
    }));
    INFO(text);
    const auto result = validate_seccomp_profile(Json::parse(text), "t.json");
    REQUIRE_FALSE(result);
    CHECK(result.error().code() == ErrorCode::kInvalidSpec);
    CHECK(result.error().message() == message);
}

TEST_CASE("validate_seccomp_profile accepts every field the runtime-spec defines",
          "[profiles][seccomp]") {
    const std::string text =
        GENERATE(std::string(R"({"defaultAction": "SCMP_ACT_ALLOW"})"),
                 std::string(R"({"defaultAction": "SCMP_ACT_KILL_PROCESS", "defaultErrnoRet": 0,
            "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"],
            "flags": ["SECCOMP_FILTER_FLAG_LOG"], "listenerPath": "/run/l.sock",
            "listenerMetadata": "m", "syscalls": [
              {"names": ["mount"], "action": "SCMP_ACT_NOTIFY"},
              {"names": ["read"], "action": "SCMP_ACT_TRACE", "errnoRet": 4095},
              {"names": ["clone"], "action": "SCMP_ACT_ALLOW", "args": [
                {"index": 5, "value": 18446744073709551615, "op": "SCMP_CMP_GE"}]}]})"));
    const auto result = validate_seccomp_profile(Json::parse(text), "t.json");
    INFO((result ? std::string() : result.error().message()));
    CHECK(result);
}

TEST_CASE("validate_seccomp_profile accepts numbers assigned from C++ integers",
          "[profiles][seccomp]") {
    Json profile = {{"defaultAction", "SCMP_ACT_ERRNO"}, {"defaultErrnoRet", 1}};
    profile["syscalls"].push_back(
        {{"names", {"clone3"}}, {"action", "SCMP_ACT_ERRNO"}, {"errnoRet", 38}});
    profile["syscalls"].push_back(
        {{"names", {"socket"}},
         {"action", "SCMP_ACT_ALLOW"},
         {"args", {{{"index", 0}, {"value", 40}, {"valueTwo", 0}, {"op", "SCMP_CMP_NE"}}}}});
    REQUIRE(profile["defaultErrnoRet"].is_number_integer());
    const auto result = validate_seccomp_profile(profile, "built");
    INFO((result ? std::string() : result.error().message()));
    CHECK(result);
    CHECK(seccomp_at_least_as_strict(profile, default_seccomp_profile()));
}

TEST_CASE("the default profile is at least as strict as itself", "[profiles][seccomp]") {
    CHECK(seccomp_at_least_as_strict(default_seccomp_profile(), default_seccomp_profile()));
}

TEST_CASE("a profile that allows by default is looser than the default profile",
          "[profiles][seccomp]") {
    Json candidate = default_seccomp_profile();
    candidate["defaultAction"] = "SCMP_ACT_ALLOW";
    CHECK_FALSE(seccomp_at_least_as_strict(candidate, default_seccomp_profile()));
    candidate["defaultAction"] = "SCMP_ACT_LOG";
    CHECK_FALSE(seccomp_at_least_as_strict(candidate, default_seccomp_profile()));
}

TEST_CASE("a profile that lets through a syscall the default denies is looser",
          "[profiles][seccomp]") {
    const std::string action = GENERATE("SCMP_ACT_ALLOW", "SCMP_ACT_LOG", "SCMP_ACT_TRACE");
    const Json candidate =
        with_rule(default_seccomp_profile(), {{"names", {"unshare"}}, {"action", action}});
    INFO(action);
    CHECK_FALSE(seccomp_at_least_as_strict(candidate, default_seccomp_profile()));
}

TEST_CASE("a subset of the default profile is at least as strict", "[profiles][seccomp]") {
    const Json candidate = Json::parse(R"({"defaultAction": "SCMP_ACT_KILL_PROCESS",
        "syscalls": [{"names": ["read", "write", "exit_group"], "action": "SCMP_ACT_ALLOW"},
                     {"names": ["unshare", "mount"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1},
                     {"names": ["clone"], "action": "SCMP_ACT_ALLOW", "args": [
                        {"op": "SCMP_CMP_MASKED_EQ", "index": 0, "value": 2114060288}]}]})");
    CHECK(seccomp_at_least_as_strict(candidate, default_seccomp_profile()));
}

TEST_CASE("allowing clone without the namespace-flag check is looser than the default",
          "[profiles][seccomp]") {
    const Json candidate = Json::parse(R"({"defaultAction": "SCMP_ACT_ERRNO",
        "syscalls": [{"names": ["read", "clone"], "action": "SCMP_ACT_ALLOW"}]})");
    CHECK_FALSE(seccomp_at_least_as_strict(candidate, default_seccomp_profile()));
}

TEST_CASE("an argument rule the reference does not have is looser", "[profiles][seccomp]") {
    const Json candidate = Json::parse(R"({"defaultAction": "SCMP_ACT_ERRNO",
        "syscalls": [{"names": ["personality"], "action": "SCMP_ACT_ALLOW", "args": [
            {"index": 0, "value": 4194304, "valueTwo": 0, "op": "SCMP_CMP_EQ"}]}]})");
    CHECK_FALSE(seccomp_at_least_as_strict(candidate, default_seccomp_profile()));
}

TEST_CASE("architectures and flags a reference does not have make a profile looser",
          "[profiles][seccomp]") {
    Json reference = default_seccomp_profile();
    reference["architectures"] = {"SCMP_ARCH_X86_64"};
    Json candidate = default_seccomp_profile();
    CHECK(seccomp_at_least_as_strict(candidate, reference));
    candidate["architectures"] = {"SCMP_ARCH_X86_64", "SCMP_ARCH_X86"};
    CHECK_FALSE(seccomp_at_least_as_strict(candidate, reference));
    candidate = default_seccomp_profile();
    candidate["flags"] = {"SECCOMP_FILTER_FLAG_SPEC_ALLOW"};
    CHECK_FALSE(seccomp_at_least_as_strict(candidate, reference));
}

TEST_CASE("a reference without architectures means the native one only", "[profiles][seccomp]") {
    Json candidate = default_seccomp_profile();
    candidate["architectures"] = {"SCMP_ARCH_X86_64"};
    CHECK(seccomp_at_least_as_strict(candidate, default_seccomp_profile()));
    candidate["architectures"] = {"SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"};
    CHECK_FALSE(seccomp_at_least_as_strict(candidate, default_seccomp_profile()));
}

TEST_CASE("malformed profiles are never judged at least as strict", "[profiles][seccomp]") {
    const std::string text = GENERATE(
        "null", "42", "[]", R"({})", R"({"defaultAction": 1})",
        R"({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": {}})",
        R"({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [7]})",
        R"({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": "read", "action": "SCMP_ACT_ALLOW"}]})",
        R"({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": [1], "action": "SCMP_ACT_ALLOW"}]})",
        R"({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"]}]})",
        R"({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ALLOW", "args": [{"index": -1}]}]})",
        R"({"defaultAction": "SCMP_ACT_ERRNO", "architectures": "SCMP_ARCH_X86"})",
        R"({"defaultAction": "SCMP_ACT_ERRNO", "flags": [1]})");
    INFO(text);
    const Json odd = Json::parse(text);
    CHECK_FALSE(seccomp_at_least_as_strict(odd, default_seccomp_profile()));
    CHECK_FALSE(seccomp_at_least_as_strict(default_seccomp_profile(), odd));
    CHECK_NOTHROW(allowed_syscalls(odd));
}

TEST_CASE("allowed_syscalls lists names with allowing rules, argument-checked ones included",
          "[profiles][seccomp]") {
    const Json profile = Json::parse(R"({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
        {"names": ["write", "read"], "action": "SCMP_ACT_ALLOW"},
        {"names": ["read"], "action": "SCMP_ACT_ALLOW"},
        {"names": ["socket"], "action": "SCMP_ACT_ALLOW", "args": [
            {"index": 0, "value": 40, "op": "SCMP_CMP_NE"}]},
        {"names": ["clone3"], "action": "SCMP_ACT_ERRNO", "errnoRet": 38},
        {"names": ["ioctl"], "action": "SCMP_ACT_LOG"}]})");
    CHECK(allowed_syscalls(profile) == std::vector<std::string>{"read", "socket", "write"});
}

}  // namespace hardrun::profiles
