// SPDX-License-Identifier: Apache-2.0
// The stored form of a scan report: a compact JSON summary with what the gate needs, kept in
// hardrun's cache keyed by digest:
//   <cache_dir>/scans/sha256/<hex>.json          per image manifest digest
//   <cache_dir>/scans/config/sha256/<hex>.json   when the report named only a config digest
// Each finding is stored as [id, package, installed, severity, fixed]. Files are written
// atomically, mode 0644, in directories created 0700. The create path calls load_summary on
// every container start: one small file opened with O_NOFOLLOW (each path component below
// cache_dir too), read and parsed.
//
// Errors: kInvalidSpec for a malformed summary (naming file and JSON pointer), kIo for files
// that cannot be read or are not to be trusted (not owned by the trusted owner, writable by
// group or other, not a regular file, a symbolic link), kInvalidArgument for a malformed digest.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "scan/report.hpp"

namespace hardrun::scan {

struct ScanSummary {
    std::string scanner;  // "trivy", "grype", "cosign-vuln"
    std::string scanner_version;
    std::optional<std::int64_t> created_at;     // Unix seconds; nullopt when the report did not say
    std::int64_t imported_at = 0;               // Unix seconds
    std::string source;                         // the report's file name
    std::vector<std::string> manifest_digests;  // the digests this summary is bound to
    std::string config_digest;
    std::vector<std::string> repositories;
    bool has_findings = true;  // see ScanReport::has_findings
    std::vector<Finding> findings;

    bool operator==(const ScanSummary&) const = default;
};

// The report reduced to a summary; the digests are the report's (import may rebind them).
ScanSummary summarize(const ScanReport& report, std::string source, std::int64_t imported_at);

std::string summary_to_json(const ScanSummary& summary);
Result<ScanSummary> parse_summary(std::string_view text, const std::string& origin);

// "<cache_dir>/scans/sha256/<hex>.json" and "<cache_dir>/scans/config/sha256/<hex>.json".
std::string manifest_summary_path(const std::string& cache_dir, const std::string& digest);
std::string config_summary_path(const std::string& cache_dir, const std::string& digest);

// Writes one file per summary.manifest_digests entry or, when there is none, one for
// summary.config_digest. Returns the paths written. kInvalidArgument when neither is set.
Result<std::vector<std::string>> store_summary(const std::string& cache_dir,
                                               const ScanSummary& summary);

// The summary for an image: the first manifest digest with a stored summary wins, then the
// config digest (may be ""). nullopt when none is stored. The file and the directories below
// cache_dir must be owned by `trusted_owner` (root, except in tests) and not writable by group
// or other.
Result<std::optional<ScanSummary>> load_summary(const std::string& cache_dir,
                                                const std::vector<std::string>& manifest_digests,
                                                const std::string& config_digest,
                                                uid_t trusted_owner = 0);

}  // namespace hardrun::scan
