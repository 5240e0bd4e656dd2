// SPDX-License-Identifier: Apache-2.0
// Vulnerability-scan reports as the scanners write them, read into one model: Trivy JSON
// (SchemaVersion 2), Grype JSON, and cosign's vuln attestation predicate (bare, or wrapped in
// an in-toto statement; a DSSE envelope is refused: its signature is the trust module's job).
// The format is detected from the content. Parsers are strict about the fields they use and
// ignore every other field. Any input gives a value or an Error, never a crash or an exception.
//
// Errors: kInvalidSpec "<origin>: <JSON pointer> <what is wrong>" for malformed reports and
// for reports over kMaxReportBytes. Pure code.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "policy/config.hpp"

namespace hardrun::scan {

inline constexpr std::size_t kMaxReportBytes = 64 * 1024 * 1024;
inline constexpr std::string_view kCosignVulnPredicateType =
    "https://cosign.sigstore.dev/attestation/vuln/v1";

struct Finding {
    std::string id;  // "CVE-2024-1234", "GHSA-…"
    std::string package;
    std::string installed_version;
    policy::Severity severity = policy::Severity::kUnknown;
    std::string fixed_version;  // "" when no fix is known

    bool operator==(const Finding&) const = default;
};

struct ScanReport {
    std::string scanner;  // "trivy", "grype" or "cosign-vuln"
    std::string scanner_version;
    // Unix seconds; nullopt when the report does not say (older Trivy, a blank Grype
    // descriptor.timestamp). The gate treats an unknown age as too old when it checks age.
    std::optional<std::int64_t> created_at;
    std::vector<std::string> manifest_digests;  // "sha256:<hex>", no duplicates
    std::string config_digest;                  // "sha256:<hex>" or ""
    std::vector<std::string> repositories;      // normalised, "docker.io/library/alpine"
    // False when the report carries no findings list to judge (a cosign vuln predicate whose
    // scanner.result is null): such a report says a scan happened, not what it found.
    bool has_findings = true;
    std::vector<Finding> findings;
};

// Parses any supported format. `origin` (a file name) prefixes every error.
Result<ScanReport> parse_report(std::string_view text, const std::string& origin);

}  // namespace hardrun::scan
