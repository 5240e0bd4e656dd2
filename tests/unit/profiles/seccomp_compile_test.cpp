// SPDX-License-Identifier: Apache-2.0
// compile_seccomp proves profiles loadable without root; install_seccomp confines a forked child
// whose syscalls then show what the default profile really lets through.
#include "seccomp_compile.hpp"

#include <fcntl.h>
#include <linux/keyctl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <string>

#include <catch2/catch.hpp>

#include "seccomp_profile.hpp"

namespace hardrun::profiles {
namespace {

#ifndef AF_VSOCK
constexpr int AF_VSOCK = 40;
#endif

using Probe = long (*)();

// What a probe saw inside the confined child.
struct Outcome {
    bool installed = false;
    long ret = 0;
    int err = 0;
};

// Forks; the child installs `profile`, runs `probe` and reports through a pipe.
Outcome run_confined(const Json& profile, Probe probe) {
    std::array<int, 2> fds{};
    REQUIRE(pipe2(fds.data(), O_CLOEXEC) == 0);
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        Outcome outcome;
        outcome.installed = static_cast<bool>(install_seccomp(profile));
        if (outcome.installed) {
            errno = 0;
            outcome.ret = probe();
            outcome.err = outcome.ret < 0 ? errno : 0;
        }
        const ssize_t n = write(fds[1], &outcome, sizeof outcome);
        _exit(n == static_cast<ssize_t>(sizeof outcome) ? 0 : 1);
    }
    close(fds[1]);
    Outcome outcome;
    const ssize_t n = read(fds[0], &outcome, sizeof outcome);
    close(fds[0]);
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    INFO("child status " << status);
    REQUIRE(n == static_cast<ssize_t>(sizeof outcome));
    REQUIRE(outcome.installed);
    return outcome;
}

// Reaps the child of a fork-like call; the child itself leaves at once.
long finish_fork(long ret) {
    if (ret == 0) _exit(0);
    if (ret > 0) {
        const int saved = errno;
        waitpid(static_cast<pid_t>(ret), nullptr, 0);
        errno = saved;
        return 0;
    }
    return ret;
}

long call_getpid() { return syscall(SYS_getpid); }
long call_fork() { return finish_fork(fork()); }
long call_openat_root() {
    const long fd = syscall(SYS_openat, AT_FDCWD, "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) close(static_cast<int>(fd));
    return fd < 0 ? fd : 0;
}
long call_socket_inet() {
    const long fd = syscall(SYS_socket, AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd >= 0) close(static_cast<int>(fd));
    return fd < 0 ? fd : 0;
}
long call_personality_query() { return syscall(SYS_personality, 0xffffffffUL); }
long call_personality_linux32() { return syscall(SYS_personality, 0x0008UL); }
long call_no_new_privs() {
    return syscall(SYS_prctl, PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1 ? 0 : -1;
}

long call_unshare_user() { return syscall(SYS_unshare, CLONE_NEWUSER); }
long call_clone_newnet() {
    return finish_fork(syscall(SYS_clone, CLONE_NEWNET | SIGCHLD, 0, 0, 0, 0));
}
long call_setns() { return syscall(SYS_setns, -1, 0); }
long call_mount() {
    return syscall(SYS_mount, "none", "/nonexistent-hardrun", "tmpfs", 0, nullptr);
}
long call_umount2() { return syscall(SYS_umount2, "/nonexistent-hardrun", 0); }
long call_chroot() { return syscall(SYS_chroot, "/"); }
long call_keyctl() {
    return syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_SESSION_KEYRING, 0);
}
long call_add_key() {
    return syscall(SYS_add_key, "hardrun-no-such-type", "d", "x", 1, KEY_SPEC_SESSION_KEYRING);
}
long call_bpf() { return syscall(SYS_bpf, -1, nullptr, 0); }
long call_perf_event_open() { return syscall(SYS_perf_event_open, nullptr, 0, -1, -1, 0); }
long call_ptrace() { return syscall(SYS_ptrace, PTRACE_PEEKUSER, 0, 0, 0); }
long call_process_vm_readv() { return syscall(SYS_process_vm_readv, 0, nullptr, 0, nullptr, 0, 0); }
long call_userfaultfd() { return syscall(SYS_userfaultfd, 0); }
long call_personality_exec() { return syscall(SYS_personality, 0x0400000UL); }  // READ_IMPLIES_EXEC
long call_socket_vsock() { return syscall(SYS_socket, AF_VSOCK, SOCK_STREAM, 0); }
long call_msgsnd() { return syscall(SYS_msgsnd, -1, nullptr, 0, 0); }
long call_clone3() { return syscall(SYS_clone3, nullptr, 0); }
long call_io_uring_setup() { return syscall(SYS_io_uring_setup, 1, nullptr); }

constexpr int kAllowed = 0;

}  // namespace

TEST_CASE("compile_seccomp compiles the default profile into a BPF program",
          "[profiles][seccomp]") {
    const auto instructions = compile_seccomp(default_seccomp_profile());
    INFO((instructions ? std::string() : instructions.error().message()));
    REQUIRE(instructions);
    WARN("the default profile compiles to " << *instructions << " BPF instructions");
    CHECK(*instructions > 0);
}

TEST_CASE("compile_seccomp names a syscall libseccomp does not know", "[profiles][seccomp]") {
    const Json profile = Json::parse(R"({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
        {"names": ["read", "no_such_syscall"], "action": "SCMP_ACT_ALLOW"}]})");
    const auto result = compile_seccomp(profile);
    REQUIRE_FALSE(result);
    CHECK(result.error().code() == ErrorCode::kInvalidSpec);
    CHECK_THAT(result.error().message(), Catch::Contains("\"no_such_syscall\""));
}

TEST_CASE("compile_seccomp accepts names that exist only on other architectures, as runc does",
          "[profiles][seccomp]") {
    const Json profile = Json::parse(R"({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
        {"names": ["read", "chown32", "socketcall", "_llseek"], "action": "SCMP_ACT_ALLOW"}]})");
    CHECK(compile_seccomp(profile));
}

TEST_CASE("compile_seccomp refuses a malformed profile with the validator's message",
          "[profiles][seccomp]") {
    const Json profile = Json::parse(R"({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
        {"names": ["read"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 9, "value": 0, "op": "SCMP_CMP_EQ"}]}]})");
    const auto result = compile_seccomp(profile);
    REQUIRE_FALSE(result);
    CHECK_THAT(result.error().message(), Catch::Contains("/syscalls/0/args/0/index"));
}

TEST_CASE("compile_seccomp refuses seccomp flags runc 1.1 does not know", "[profiles][seccomp]") {
    const Json profile = Json::parse(R"({"defaultAction": "SCMP_ACT_ERRNO",
        "flags": ["SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"]})");
    const auto result = compile_seccomp(profile);
    REQUIRE_FALSE(result);
    CHECK_THAT(result.error().message(), Catch::Contains("SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"));
}

TEST_CASE("compile_seccomp skips rules that repeat the default action, as runc does",
          "[profiles][seccomp]") {
    const Json profile = Json::parse(R"({"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [
        {"names": ["read"], "action": "SCMP_ACT_ALLOW"},
        {"names": ["mount"], "action": "SCMP_ACT_ERRNO"}]})");
    CHECK(compile_seccomp(profile));
}

TEST_CASE("the default profile lets ordinary programs and runc's init work",
          "[profiles][seccomp][confined]") {
    const auto [what, probe] = GENERATE(table<const char*, Probe>({
        {"getpid", call_getpid},
        {"fork", call_fork},
        {"openat of /", call_openat_root},
        {"socket(AF_INET, SOCK_STREAM)", call_socket_inet},
        {"personality(0xffffffff), the query", call_personality_query},
        {"personality(PER_LINUX32)", call_personality_linux32},
        {"no_new_privs is set", call_no_new_privs},
    }));
    INFO(what);
    const Outcome outcome = run_confined(default_seccomp_profile(), probe);
    INFO("ret " << outcome.ret << " errno " << outcome.err);
    CHECK(outcome.err == kAllowed);
    CHECK(outcome.ret >= 0);
}

TEST_CASE(
    "the default profile denies namespace-creating calls and kernel attack surface with EPERM",
    "[profiles][seccomp][confined]") {
    const auto [what, probe] = GENERATE(table<const char*, Probe>({
        {"unshare(CLONE_NEWUSER)", call_unshare_user},
        {"clone(CLONE_NEWNET|SIGCHLD)", call_clone_newnet},
        {"setns", call_setns},
        {"mount", call_mount},
        {"umount2", call_umount2},
        {"chroot", call_chroot},
        {"keyctl", call_keyctl},
        {"add_key", call_add_key},
        {"bpf", call_bpf},
        {"perf_event_open", call_perf_event_open},
        {"ptrace", call_ptrace},
        {"process_vm_readv", call_process_vm_readv},
        {"userfaultfd", call_userfaultfd},
        {"personality(READ_IMPLIES_EXEC)", call_personality_exec},
        {"socket(AF_VSOCK)", call_socket_vsock},
        {"msgsnd", call_msgsnd},
    }));
    INFO(what);
    const Outcome outcome = run_confined(default_seccomp_profile(), probe);
    INFO("ret " << outcome.ret << " errno " << outcome.err);
    CHECK(outcome.ret == -1);
    CHECK(outcome.err == EPERM);
}

TEST_CASE("the default profile answers probe syscalls with ENOSYS so libc falls back",
          "[profiles][seccomp][confined]") {
    const auto [what, probe] = GENERATE(table<const char*, Probe>({
        {"clone3", call_clone3},
        {"io_uring_setup", call_io_uring_setup},
    }));
    INFO(what);
    const Outcome outcome = run_confined(default_seccomp_profile(), probe);
    INFO("ret " << outcome.ret << " errno " << outcome.err);
    CHECK(outcome.ret == -1);
    CHECK(outcome.err == ENOSYS);
}

TEST_CASE("conditions repeating an argument index are ORed as separate rules, as in runc",
          "[profiles][seccomp][confined]") {
    // personality allowed for 0 or 8 in one rule: ANDed it would allow nothing.
    Json profile = default_seccomp_profile();
    auto& rules = profile["syscalls"];
    rules.erase(std::remove_if(rules.begin(), rules.end(),
                               [](const Json& rule) { return rule["names"][0] == "personality"; }),
                rules.end());
    rules.push_back(Json::parse(R"({"names": ["personality"], "action": "SCMP_ACT_ALLOW",
        "args": [{"index": 0, "value": 0, "op": "SCMP_CMP_EQ"},
                 {"index": 0, "value": 8, "op": "SCMP_CMP_EQ"}]})"));
    CHECK(run_confined(profile, call_personality_linux32).err == kAllowed);
    CHECK(run_confined(profile, call_personality_query).err == EPERM);
}

}  // namespace hardrun::profiles
