// SPDX-License-Identifier: Apache-2.0
#include "runtime/exec.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>

namespace hardrun::runtime {
namespace {

constexpr std::array<const char*, 4> kCandidates = {"/usr/sbin/runc", "/usr/bin/runc",
                                                    "/usr/local/sbin/runc", "/usr/local/bin/runc"};

bool is_self(const std::string& path) {
    struct stat target {};
    struct stat self {};
    return ::stat(path.c_str(), &target) == 0 && ::stat("/proc/self/exe", &self) == 0 &&
           target.st_dev == self.st_dev && target.st_ino == self.st_ino;
}

}  // namespace

Result<std::string> resolve_runtime(const std::string& configured) {
    if (!configured.empty()) {
        if (::access(configured.c_str(), X_OK) != 0) {
            return io_error("real runtime " + configured + " (runtime.path)", errno);
        }
        if (is_self(configured)) {
            return Error(ErrorCode::kInvalidPolicy,
                         "runtime.path " + configured + " is hardrun itself; point it at runc or crun");
        }
        return configured;
    }
    for (const char* candidate : kCandidates) {
        if (::access(candidate, X_OK) == 0 && !is_self(candidate)) return std::string(candidate);
    }
    return Error(ErrorCode::kNotFound,
                 "no real runtime found (tried /usr/sbin/runc, /usr/bin/runc, /usr/local/sbin/runc, "
                 "/usr/local/bin/runc); set runtime.path in the configuration");
}

Result<void> exec_runtime(const std::string& path, const std::vector<std::string>& argv) {
    std::vector<char*> args;
    args.reserve(argv.size() + 1);
    args.push_back(const_cast<char*>(path.c_str()));  // execv's signature predates const
    for (std::size_t i = 1; i < argv.size(); ++i) args.push_back(const_cast<char*>(argv[i].c_str()));
    args.push_back(nullptr);
    ::execv(path.c_str(), args.data());
    return io_error("exec " + path, errno);
}

}  // namespace hardrun::runtime
