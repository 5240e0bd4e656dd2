// SPDX-License-Identifier: Apache-2.0
// Storing and loading summaries in the cache. Loading walks down from cache_dir with openat
// and O_NOFOLLOW, so a symbolic link planted anywhere under it cannot redirect the read, and
// checks the owner and mode of each directory below cache_dir and of the file it reads.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "base/files.hpp"
#include "base/image_reference.hpp"
#include "scan/summary.hpp"

namespace hardrun::scan {
namespace {

constexpr mode_t kDirectoryMode = 0700;
constexpr mode_t kFileMode = 0644;

std::string hex_of(const std::string& digest) {
    return digest.substr(std::string_view("sha256:").size());
}

Result<void> write_one(const std::string& path, std::string_view content) {
    const auto slash = path.rfind('/');
    HARDRUN_RETURN_IF_ERROR(make_directories(path.substr(0, slash), kDirectoryMode));
    return replace_file(path, content, kFileMode);
}

// openat one component; ENOENT gives an invalid descriptor, not an error.
Result<UniqueFd> open_below(int dirfd, const std::string& name, int flags,
                            const std::string& shown) {
    UniqueFd fd(::openat(dirfd, name.c_str(), flags | O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    if (fd.valid() || errno == ENOENT) return fd;
    if (errno == ELOOP) {
        return Error(ErrorCode::kIo, shown + " is a symbolic link; refusing to follow it");
    }
    if (errno == ENOTDIR) return Error(ErrorCode::kIo, shown + " is not a directory");
    return io_error("open " + shown, errno);
}

// Owned by trusted_owner and writable by nobody else: only then is what it holds evidence.
Result<struct stat> check_trusted(int fd, const std::string& path, uid_t trusted_owner) {
    struct stat st {};
    if (::fstat(fd, &st) != 0) return io_error("stat " + path, errno);
    if (st.st_uid != trusted_owner) {
        return Error(ErrorCode::kIo, path + " is owned by uid " + std::to_string(st.st_uid) +
                                         ", not uid " + std::to_string(trusted_owner) +
                                         "; refusing scan evidence anyone else wrote");
    }
    if ((st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
        const char* who = (st.st_mode & S_IWOTH) != 0 ? "other users" : "its group";
        return Error(ErrorCode::kIo,
                     path + " is writable by " + std::string(who) + "; refusing it");
    }
    return st;
}

Result<std::string> read_trusted(int fd, const std::string& path, uid_t trusted_owner) {
    auto st = check_trusted(fd, path, trusted_owner);
    if (!st) return st.error();
    if (!S_ISREG(st->st_mode)) return Error(ErrorCode::kIo, path + " is not a regular file");
    if (static_cast<std::size_t>(st->st_size) > kMaxReportBytes) {
        return Error(ErrorCode::kIo, path + " is too large");
    }
    std::string out(static_cast<std::size_t>(st->st_size), '\0');
    std::size_t done = 0;
    while (done < out.size()) {
        const ssize_t n = ::read(fd, out.data() + done, out.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return io_error("read " + path, errno);
        if (n == 0) break;
        done += static_cast<std::size_t>(n);
    }
    out.resize(done);
    return out;
}

// Reads <cache_dir>/<dirs...>/<hex>.json; nullopt when any component is absent.
Result<std::optional<ScanSummary>> load_at(const std::string& cache_dir,
                                           const std::vector<std::string>& dirs,
                                           const std::string& digest, uid_t trusted_owner) {
    // cache_dir itself comes from hardrun's configuration and may be a symbolic link.
    UniqueFd dir(::open(cache_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!dir.valid() && errno == ENOENT) {
        return std::optional<ScanSummary>();  // no cache: no evidence
        if (!dir.valid()) return io_error("open directory " + cache_dir, errno);
    }
    std::string shown = cache_dir;
    for (const auto& name : dirs) {
        shown += "/" + name;
        auto next = open_below(dir.get(), name, O_DIRECTORY, shown);
        if (!next) return next.error();
        if (!next->valid()) return std::optional<ScanSummary>();
        HARDRUN_RETURN_IF_ERROR(check_trusted(next->get(), shown, trusted_owner));
        dir = std::move(*next);
    }
    const std::string file = hex_of(digest) + ".json";
    shown += "/" + file;
    auto fd = open_below(dir.get(), file, O_NONBLOCK, shown);
    if (!fd) return fd.error();
    if (!fd->valid()) return std::optional<ScanSummary>();
    auto text = read_trusted(fd->get(), shown, trusted_owner);
    if (!text) return text.error();
    auto summary = parse_summary(*text, shown);
    if (!summary) return summary.error();
    return std::optional(std::move(*summary));
}

}  // namespace

std::string manifest_summary_path(const std::string& cache_dir, const std::string& digest) {
    return cache_dir + "/scans/sha256/" + hex_of(digest) + ".json";
}

std::string config_summary_path(const std::string& cache_dir, const std::string& digest) {
    return cache_dir + "/scans/config/sha256/" + hex_of(digest) + ".json";
}

Result<std::vector<std::string>> store_summary(const std::string& cache_dir,
                                               const ScanSummary& summary) {
    std::vector<std::string> paths;
    for (const auto& d : summary.manifest_digests) {
        if (!is_sha256_digest(d)) {
            return Error(ErrorCode::kInvalidArgument, "\"" + d + "\" is not a sha256 digest");
        }
        paths.push_back(manifest_summary_path(cache_dir, d));
    }
    if (paths.empty() && !summary.config_digest.empty()) {
        if (!is_sha256_digest(summary.config_digest)) {
            return Error(ErrorCode::kInvalidArgument,
                         "\"" + summary.config_digest + "\" is not a sha256 digest");
        }
        paths.push_back(config_summary_path(cache_dir, summary.config_digest));
    }
    if (paths.empty()) {
        return Error(ErrorCode::kInvalidArgument,
                     "the summary names no image digest to store it under");
    }
    const std::string content = summary_to_json(summary);
    for (const auto& p : paths) {
        if (auto written = write_one(p, content); !written) return written.error();
    }
    return paths;
}

Result<std::optional<ScanSummary>> load_summary(const std::string& cache_dir,
                                                const std::vector<std::string>& manifest_digests,
                                                const std::string& config_digest,
                                                uid_t trusted_owner) {
    for (const auto& d : manifest_digests) {
        if (!is_sha256_digest(d)) {
            return Error(ErrorCode::kInvalidArgument, "\"" + d + "\" is not a sha256 digest");
        }
        auto found = load_at(cache_dir, {"scans", "sha256"}, d, trusted_owner);
        if (!found || *found) return found;
    }
    if (config_digest.empty()) return std::optional<ScanSummary>();
    if (!is_sha256_digest(config_digest)) {
        return Error(ErrorCode::kInvalidArgument,
                     "\"" + config_digest + "\" is not a sha256 digest");
    }
    return load_at(cache_dir, {"scans", "config", "sha256"}, config_digest, trusted_owner);
}

}  // namespace hardrun::scan
