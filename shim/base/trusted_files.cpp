// SPDX-License-Identifier: Apache-2.0
#include "base/trusted_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "base/files.hpp"
#include "base/unique_fd.hpp"

namespace hardrun {
namespace {

// openat one component; ENOENT gives an invalid descriptor, not an error.
Result<UniqueFd> open_below(int dirfd, const std::string& name, int flags, const std::string& shown) {
    UniqueFd fd(::openat(dirfd, name.c_str(), flags | O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    if (fd.valid() || errno == ENOENT) return fd;
    const int err = errno;
    struct stat st {};
    // O_DIRECTORY|O_NOFOLLOW on a symbolic link fails with ENOTDIR, not ELOOP.
    if ((err == ELOOP || err == ENOTDIR) && ::fstatat(dirfd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
        S_ISLNK(st.st_mode)) {
        return Error(ErrorCode::kIo, shown + " is a symbolic link; refusing to follow it");
    }
    if (err == ENOTDIR) return Error(ErrorCode::kIo, shown + " is not a directory");
    errno = err;
    return io_error("open " + shown, errno);
}

Result<struct stat> check_owner_and_mode(int fd, const std::string& shown, uid_t owner) {
    struct stat st {};
    if (::fstat(fd, &st) != 0) return io_error("stat " + shown, errno);
    if (st.st_uid != owner) {
        return Error(ErrorCode::kIo, shown + " is owned by uid " + std::to_string(st.st_uid) + ", not uid " +
                                         std::to_string(owner) + "; refusing evidence anyone else wrote");
    }
    if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
        const char* who = (st.st_mode & S_IWOTH) != 0 ? "other users" : "its group";
        return Error(ErrorCode::kIo, shown + " is writable by " + std::string(who) + "; refusing it");
    }
    return st;
}

}  // namespace

Result<std::optional<std::string>> read_trusted_file(const std::string& root,
                                                     const std::vector<std::string>& components,
                                                     std::size_t max_bytes, uid_t owner) {
    if (components.empty()) return Error(ErrorCode::kInvalidArgument, "no file named below " + root);
    UniqueFd dir(::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!dir.valid()) {
        if (errno == ENOENT) return std::optional<std::string>();
        return io_error("open directory " + root, errno);
    }
    std::string shown = root;
    for (std::size_t i = 0; i < components.size(); ++i) {
        const auto& name = components[i];
        if (name.empty() || name == "." || name == ".." || name.find('/') != std::string::npos) {
            return Error(ErrorCode::kInvalidArgument, "\"" + name + "\" is not a single path component");
        }
        shown += "/" + name;
        const bool last = i + 1 == components.size();
        // O_NONBLOCK: a FIFO planted in place of the file must not block the read.
        auto next = open_below(dir.get(), name, last ? O_NONBLOCK : O_DIRECTORY, shown);
        if (!next) return next.error();
        if (!next->valid()) return std::optional<std::string>();
        auto st = check_owner_and_mode(next->get(), shown, owner);
        if (!st) return st.error();
        if (last) {
            auto text = read_open_file(next->get(), shown, max_bytes);
            if (!text) return text.error();
            return std::optional(std::move(*text));
        }
        dir = std::move(*next);
    }
    return std::optional<std::string>();  // not reached: the last component returns above
}

}  // namespace hardrun
