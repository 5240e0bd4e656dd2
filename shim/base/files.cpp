// SPDX-License-Identifier: Apache-2.0
#include "base/files.hpp"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <ctime>

#include "base/glob.hpp"

namespace hardrun {
namespace {


// Unique among concurrent writers: O_EXCL refuses a name already taken. getrandom(2) rather
// than std::random_device, whose set-up probes the CPU (a costly exit under a hypervisor).
std::string temp_name(const std::string& name) {
    std::uint64_t r = 0;
    if (::getrandom(&r, sizeof r, GRND_NONBLOCK) != static_cast<ssize_t>(sizeof r)) {
        r = static_cast<std::uint64_t>(::getpid()) << 32 ^ static_cast<std::uint64_t>(::time(nullptr));
    }
    return "." + name + ".hardrun-" + std::to_string(r);
}

}  // namespace

Result<std::string> read_open_file(int fd, const std::string& what, std::size_t max_bytes) {
    struct stat st {};
    if (::fstat(fd, &st) != 0) return io_error("stat " + what, errno);
    if (!S_ISREG(st.st_mode)) return Error(ErrorCode::kIo, what + " is not a regular file");
    if (static_cast<std::size_t>(st.st_size) > max_bytes) {
        return Error(ErrorCode::kIo, what + " is larger than " + std::to_string(max_bytes) + " bytes");
    }
    std::string out(static_cast<std::size_t>(st.st_size), '\0');
    std::size_t done = 0;
    while (done < out.size()) {
        const ssize_t n = ::read(fd, out.data() + done, out.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return io_error("read " + what, errno);
        if (n == 0) break;
        done += static_cast<std::size_t>(n);
    }
    out.resize(done);
    return out;
}

Result<UniqueFd> open_directory(const std::string& path) {
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!fd.valid()) return io_error("open directory " + path, errno);
    return fd;
}

Result<std::string> read_file_at(int dirfd, const std::string& name, std::size_t max_bytes,
                                 mode_t* mode) {
    UniqueFd fd(::openat(dirfd, name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK));
    if (!fd.valid()) {
        if (errno == ELOOP) return Error(ErrorCode::kIo, name + " is a symbolic link; refusing to follow it");
        return io_error("open " + name, errno);
    }
    if (mode != nullptr) {
        struct stat st {};
        if (::fstat(fd.get(), &st) != 0) return io_error("stat " + name, errno);
        *mode = st.st_mode & 07777;
    }
    return read_open_file(fd.get(), name, max_bytes);
}

Result<std::string> read_file(const std::string& path, std::size_t max_bytes) {
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
    if (!fd.valid()) return io_error("open " + path, errno);
    return read_open_file(fd.get(), path, max_bytes);
}

Result<void> replace_file_at(int dirfd, const std::string& name, std::string_view content,
                             mode_t mode, Durability durability) {
    const std::string tmp = temp_name(name);
    UniqueFd fd(::openat(dirfd, tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (!fd.valid()) return io_error("create " + tmp, errno);
    auto fail = [&](const std::string& what, int err) -> Result<void> {
        ::unlinkat(dirfd, tmp.c_str(), 0);
        return io_error(what, err);
    };
    std::size_t done = 0;
    while (done < content.size()) {
        const ssize_t n = ::write(fd.get(), content.data() + done, content.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return fail("write " + tmp, errno);
        done += static_cast<std::size_t>(n);
    }
    if (::fchmod(fd.get(), mode) != 0) return fail("chmod " + tmp, errno);
    if (durability == Durability::kDurable && ::fsync(fd.get()) != 0) return fail("fsync " + tmp, errno);
    fd.reset();
    if (::renameat(dirfd, tmp.c_str(), dirfd, name.c_str()) != 0) {
        return fail("rename " + tmp + " to " + name, errno);
    }
    return ok();
}

Result<void> replace_file(const std::string& path, std::string_view content, mode_t mode,
                          Durability durability) {
    auto dirfd = open_directory(parent_directory(path));
    if (!dirfd) return dirfd.error();
    return replace_file_at(dirfd->get(), base_name(path), content, mode, durability);
}

Result<void> make_directories(const std::string& path, mode_t mode) {
    const std::string clean = clean_path(path);
    std::string prefix;
    std::size_t pos = 0;
    while (pos != std::string::npos) {
        pos = clean.find('/', pos + 1);
        prefix = clean.substr(0, pos);
        if (prefix.empty()) continue;
        if (::mkdir(prefix.c_str(), mode) != 0 && errno != EEXIST) {
            return io_error("mkdir " + prefix, errno);
        }
    }
    return ok();
}

}  // namespace hardrun
