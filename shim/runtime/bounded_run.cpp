// SPDX-License-Identifier: Apache-2.0
#include "runtime/bounded_run.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

#include "base/unique_fd.hpp"

extern char** environ;

namespace hardrun::runtime {
namespace {

constexpr std::size_t kMaxStderr = 4096;

class SpawnActions {
public:
    SpawnActions() { ::posix_spawn_file_actions_init(&actions_); }
    SpawnActions(const SpawnActions&) = delete;
    SpawnActions& operator=(const SpawnActions&) = delete;
    ~SpawnActions() { ::posix_spawn_file_actions_destroy(&actions_); }
    posix_spawn_file_actions_t* get() { return &actions_; }

private:
    posix_spawn_file_actions_t actions_{};
};

std::string trimmed(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ' || text.back() == '\r')) text.pop_back();
    return text;
}

// Reaps `pid`, killing it first when asked; returns the exit code or -1.
int reap(pid_t pid, bool kill_first) {
    if (kill_first) ::kill(pid, SIGKILL);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

Result<BoundedRunResult> run_bounded(const std::string& path, const std::vector<std::string>& argv,
                                     std::chrono::milliseconds deadline) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return io_error("pipe", errno);
    UniqueFd read_end(fds[0]);
    UniqueFd write_end(fds[1]);
    SpawnActions actions;
    ::posix_spawn_file_actions_addopen(actions.get(), 0, "/dev/null", O_RDONLY, 0);
    ::posix_spawn_file_actions_addopen(actions.get(), 1, "/dev/null", O_WRONLY, 0);
    ::posix_spawn_file_actions_adddup2(actions.get(), write_end.get(), 2);
    std::vector<char*> args;
    args.reserve(argv.size() + 1);
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = 0;
    if (const int rc = ::posix_spawn(&pid, path.c_str(), actions.get(), nullptr, args.data(), environ); rc != 0) {
        return io_error("start " + path, rc);
    }
    write_end.reset();
    // Through syscall(): glibc 2.36's <sys/pidfd.h> declares pidfd_open without C linkage.
    UniqueFd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
    if (!pidfd.valid()) {
        reap(pid, true);
        return io_error("pidfd_open", errno);
    }
    BoundedRunResult result;
    const auto end = std::chrono::steady_clock::now() + deadline;
    bool exited = false;
    bool pipe_open = true;
    while (!exited) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            result.timed_out = true;
            break;
        }
        pollfd pfds[2] = {{pidfd.get(), POLLIN, 0}, {pipe_open ? read_end.get() : -1, POLLIN, 0}};
        const int n = ::poll(pfds, 2, static_cast<int>(left.count()));
        if (n < 0 && errno != EINTR) {
            reap(pid, true);
            return io_error("poll", errno);
        }
        if (pipe_open && (pfds[1].revents & (POLLIN | POLLHUP)) != 0) {
            char buf[1024];
            const ssize_t got = ::read(read_end.get(), buf, sizeof buf);
            if (got <= 0) {
                pipe_open = false;
            } else if (result.stderr_text.size() < kMaxStderr) {
                result.stderr_text.append(buf, static_cast<std::size_t>(got));
            }
        }
        if ((pfds[0].revents & POLLIN) != 0) exited = true;
    }
    // Whatever the child wrote just before it exited is still in the pipe.
    if (exited && pipe_open) {
        char buf[1024];
        ssize_t got = 0;
        ::fcntl(read_end.get(), F_SETFL, O_NONBLOCK);
        while (result.stderr_text.size() < kMaxStderr && (got = ::read(read_end.get(), buf, sizeof buf)) > 0) {
            result.stderr_text.append(buf, static_cast<std::size_t>(got));
        }
    }
    result.exit_code = reap(pid, result.timed_out);
    if (result.timed_out) result.exit_code = -1;
    if (result.stderr_text.size() > kMaxStderr) result.stderr_text.resize(kMaxStderr);
    result.stderr_text = trimmed(std::move(result.stderr_text));
    return result;
}

}  // namespace hardrun::runtime
