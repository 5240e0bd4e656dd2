// SPDX-License-Identifier: Apache-2.0
// Storing and loading summaries in the cache. Loading goes through read_trusted_file: no
// symbolic link followed below cache_dir, owner and mode checked on every directory and file.
#include "base/files.hpp"
#include "base/image_reference.hpp"
#include "base/trusted_files.hpp"
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

// Reads <cache_dir>/<dirs...>/<hex>.json; nullopt when any component is absent.
Result<std::optional<ScanSummary>> load_at(const std::string& cache_dir, std::vector<std::string> dirs,
                                           const std::string& digest, uid_t trusted_owner) {
    dirs.push_back(hex_of(digest) + ".json");
    auto text = read_trusted_file(cache_dir, dirs, kMaxReportBytes, trusted_owner);
    if (!text) return text.error();
    if (!*text) return std::optional<ScanSummary>();
    std::string shown = cache_dir;
    for (const auto& d : dirs) shown += "/" + d;
    auto summary = parse_summary(**text, shown);
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
