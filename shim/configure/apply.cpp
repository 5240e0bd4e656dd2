// SPDX-License-Identifier: Apache-2.0
#include "configure/apply.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <climits>
#include <cstdlib>

#include "base/files.hpp"
#include "base/glob.hpp"
#include "base/unique_fd.hpp"

namespace hardrun::configure {
namespace {

constexpr std::size_t kMaxConfigBytes = std::size_t{4} << 20;

Result<void> write_all(int fd, std::string_view data, const std::string& what) {
    std::size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return io_error("write " + what, errno);
        done += static_cast<std::size_t>(n);
    }
    return ok();
}

Result<void> sync_directory(const std::string& dir) {
    auto fd = open_directory(dir);
    if (!fd) return fd.error();
    if (::fsync(fd->get()) != 0) return io_error("fsync " + dir, errno);
    return ok();
}

// A new file beside the original, never overwriting one: O_EXCL, with a counter when the
// second-resolution name is taken.
Result<std::string> write_backup(const ConfigFile& before, std::time_t now) {
    const std::string base = backup_path(before.path, now);
    for (int attempt = 1; attempt < 100; ++attempt) {
        const std::string name = attempt == 1 ? base : base + "-" + std::to_string(attempt);
        UniqueFd fd(
            ::open(name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
        if (!fd.valid() && errno == EEXIST) continue;
        if (!fd.valid()) return io_error("create backup " + name, errno);
        auto fail = [&](const Error& e) -> Result<std::string> {
            ::unlink(name.c_str());
            return e;
        };
        if (auto w = write_all(fd.get(), before.text, name); !w) return fail(w.error());
        // Owner first: chown clears set-id bits that a chmod would otherwise have set.
        if (::fchown(fd.get(), before.uid, before.gid) != 0 && errno != EPERM) {
            return fail(io_error("chown " + name, errno));
        }
        if (::fchmod(fd.get(), before.mode) != 0) return fail(io_error("chmod " + name, errno));
        if (::fsync(fd.get()) != 0) return fail(io_error("fsync " + name, errno));
        return name;
    }
    return Error(ErrorCode::kIo, "no free backup name beside " + before.path);
}

}  // namespace

Result<ConfigFile> read_config_file(const std::string& path) {
    ConfigFile file;
    file.path = path;
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) {
        if (errno == ENOENT || errno == ENOTDIR) return file;
        return io_error("stat " + path, errno);
    }
    if (S_ISLNK(st.st_mode)) {
        std::array<char, PATH_MAX> resolved{};
        if (::realpath(path.c_str(), resolved.data()) == nullptr) {
            if (errno == ENOENT) {
                return Error(
                    ErrorCode::kIo,
                    path + " is a symbolic link to a missing file; fix or remove the link");
            }
            return io_error("resolve " + path, errno);
        }
        file.path = resolved.data();
        file.note = path + " is a symbolic link: editing its target " + file.path;
        if (::stat(file.path.c_str(), &st) != 0) return io_error("stat " + file.path, errno);
    }
    auto text = read_file(file.path, kMaxConfigBytes);
    if (!text) return text.error();
    file.exists = true;
    file.text = std::move(*text);
    file.mode = st.st_mode & 07777;
    file.uid = st.st_uid;
    file.gid = st.st_gid;
    return file;
}

std::string backup_path(const std::string& path, std::time_t now) {
    struct tm tm {};
    ::gmtime_r(&now, &tm);
    std::array<char, 32> stamp{};
    std::strftime(stamp.data(), stamp.size(), "%Y%m%dT%H%M%SZ", &tm);
    return path + ".hardrun-backup-" + stamp.data();
}

Result<std::string> write_config_file(const ConfigFile& before,
                                      const std::optional<std::string>& after, std::time_t now) {
    std::string backup;
    if (before.exists) {
        auto written = write_backup(before, now);
        if (!written) return written.error();
        backup = std::move(*written);
    }
    const std::string dir = parent_directory(before.path);
    if (!after) {
        if (before.exists && ::unlink(before.path.c_str()) != 0)
            return io_error("remove " + before.path, errno);
        HARDRUN_RETURN_IF_ERROR(sync_directory(dir));
        return backup;
    }
    if (!before.exists) HARDRUN_RETURN_IF_ERROR(make_directories(dir, 0755));
    HARDRUN_RETURN_IF_ERROR(replace_file(before.path, *after, before.mode));
    if (before.exists && (before.uid != ::geteuid() || before.gid != ::getegid())) {
        // replace_file creates the new file as us; give it back to the old file's owner. The
        // mode is set again since chown may clear set-id bits.
        if (::chown(before.path.c_str(), before.uid, before.gid) != 0 && errno != EPERM) {
            return io_error("chown " + before.path, errno);
        }
        if (::chmod(before.path.c_str(), before.mode) != 0)
            return io_error("chmod " + before.path, errno);
    }
    HARDRUN_RETURN_IF_ERROR(sync_directory(dir));
    return backup;
}

}  // namespace hardrun::configure
