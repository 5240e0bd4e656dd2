// SPDX-License-Identifier: Apache-2.0
#include "runtime/bounded_run.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <utility>

#include "base/unique_fd.hpp"

extern char** environ;

namespace hardrun::runtime {
namespace {

constexpr std::size_t kMaxStderr = 4096;
constexpr std::size_t kMaxStdout = 64 * 1024;

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

// One of the child's output pipes: read until end of file, keeping the first `limit` bytes
// and draining the rest so the child never blocks on a full pipe.
struct Capture {
    UniqueFd fd;
    std::size_t limit;
    std::string text;

    bool open() const { return fd.valid(); }
    void read_some() {
        char buf[4096];
        const ssize_t got = ::read(fd.get(), buf, sizeof buf);
        if (got < 0 && (errno == EINTR || errno == EAGAIN)) return;
        if (got <= 0) {
            fd.reset();
            return;
        }
        const auto room = limit > text.size() ? limit - text.size() : 0;
        text.append(buf, std::min(room, static_cast<std::size_t>(got)));
    }
    // After the child exited: what it wrote just before is still in the pipe.
    void drain() {
        if (!open()) return;
        ::fcntl(fd.get(), F_SETFL, O_NONBLOCK);
        while (open()) {
            char buf[4096];
            const ssize_t got = ::read(fd.get(), buf, sizeof buf);
            if (got <= 0) break;
            const auto room = limit > text.size() ? limit - text.size() : 0;
            text.append(buf, std::min(room, static_cast<std::size_t>(got)));
        }
    }
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

Result<std::pair<UniqueFd, UniqueFd>> make_pipe() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return io_error("pipe", errno);
    return std::pair(UniqueFd(fds[0]), UniqueFd(fds[1]));
}

}  // namespace

Result<BoundedRunResult> run_bounded(const std::string& path, const std::vector<std::string>& argv,
                                     std::chrono::milliseconds deadline) {
    auto out_pipe = make_pipe();
    if (!out_pipe) return out_pipe.error();
    auto err_pipe = make_pipe();
    if (!err_pipe) return err_pipe.error();
    SpawnActions actions;
    ::posix_spawn_file_actions_addopen(actions.get(), 0, "/dev/null", O_RDONLY, 0);
    ::posix_spawn_file_actions_adddup2(actions.get(), out_pipe->second.get(), 1);
    ::posix_spawn_file_actions_adddup2(actions.get(), err_pipe->second.get(), 2);
    std::vector<char*> args;
    args.reserve(argv.size() + 1);
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    pid_t pid = 0;
    if (const int rc = ::posix_spawn(&pid, path.c_str(), actions.get(), nullptr, args.data(), environ); rc != 0) {
        return io_error("start " + path, rc);
    }
    out_pipe->second.reset();
    err_pipe->second.reset();
    Capture out{std::move(out_pipe->first), kMaxStdout, {}};
    Capture err{std::move(err_pipe->first), kMaxStderr, {}};
    // Through syscall(): glibc 2.36's <sys/pidfd.h> declares pidfd_open without C linkage.
    UniqueFd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
    if (!pidfd.valid()) {
        reap(pid, true);
        return io_error("pidfd_open", errno);
    }
    BoundedRunResult result;
    const auto end = std::chrono::steady_clock::now() + deadline;
    bool exited = false;
    while (!exited) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            result.timed_out = true;
            break;
        }
        pollfd pfds[3] = {{pidfd.get(), POLLIN, 0}, {out.open() ? out.fd.get() : -1, POLLIN, 0},
                          {err.open() ? err.fd.get() : -1, POLLIN, 0}};
        const int n = ::poll(pfds, 3, static_cast<int>(left.count()));
        if (n < 0 && errno != EINTR) {
            reap(pid, true);
            return io_error("poll", errno);
        }
        if (out.open() && (pfds[1].revents & (POLLIN | POLLHUP | POLLERR)) != 0) out.read_some();
        if (err.open() && (pfds[2].revents & (POLLIN | POLLHUP | POLLERR)) != 0) err.read_some();
        if ((pfds[0].revents & POLLIN) != 0) exited = true;
    }
    if (exited) {
        out.drain();
        err.drain();
    }
    result.exit_code = reap(pid, result.timed_out);
    if (result.timed_out) result.exit_code = -1;
    result.stdout_text = std::move(out.text);
    result.stderr_text = trimmed(std::move(err.text));
    return result;
}

}  // namespace hardrun::runtime
