// SPDX-License-Identifier: Apache-2.0
// `hardrunctl scan import` as a library function: read a report file, decide which digests it
// describes, and store its summary under each. The digests, in order of preference:
//   1. --image REPO@sha256:… when given (it must agree with any manifest digest the report names),
//   2. the manifest digests the report names (Trivy RepoDigests, Grype manifestDigest/repoDigests,
//      in-toto subjects),
//   3. the report's config digest alone (Trivy ImageID, Grype imageID).
// Errors: kIo for an unreadable file; kInvalidSpec for a malformed report (file and JSON
// pointer named); kInvalidArgument for a bad --image or a report that names no digest.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.hpp"
#include "scan/summary.hpp"

namespace hardrun::scan {

struct ImportRequest {
    std::string report_path;
    std::string cache_dir;
    std::optional<std::string> image;  // "repo@sha256:<hex>"
    std::int64_t now = 0;              // Unix seconds, recorded as imported_at
    // The report's text when the caller already read (and verified) it, e.g. the in-toto
    // statement of a signed attestation; report_path then only names it.
    std::optional<std::string> report_text = std::nullopt;
};

enum class Binding {
    kImageFlag,       // the --image digest
    kReportManifest,  // the report's own manifest digests
    kConfigOnly,      // only the config digest: found for containers whose manifest has no summary
};

struct ImportResult {
    ScanSummary summary;
    Binding binding = Binding::kReportManifest;
    std::vector<std::string> paths;  // files written
};

Result<ImportResult> import_report(const ImportRequest& request);

// One line for the operator: "bound trivy report (12 findings, created 2026-11-20T10:00:00Z)
// to sha256:… (the report's manifest digest)".
std::string describe_import(const ImportResult& result);

}  // namespace hardrun::scan
