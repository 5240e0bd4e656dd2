// SPDX-License-Identifier: Apache-2.0
#include "scan/import.hpp"

#include <algorithm>

#include "base/files.hpp"
#include "base/glob.hpp"
#include "base/image_reference.hpp"
#include "scan/timestamp.hpp"

namespace hardrun::scan {
namespace {

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
    return out;
}

// Rebinds the summary to the --image digest, which must not contradict the report.
Result<void> bind_to_image(const std::string& image, ScanSummary& summary) {
    auto ref = parse_image_reference(image);
    if (!ref) return Error(ErrorCode::kInvalidArgument, "--image: " + ref.error().message());
    if (ref->digest.empty()) {
        return Error(ErrorCode::kInvalidArgument,
                     "--image " + image + " has no @sha256:… digest; a tag is not an identity");
    }
    const auto& named = summary.manifest_digests;
    if (!named.empty() && std::find(named.begin(), named.end(), ref->digest) == named.end()) {
        return Error(ErrorCode::kInvalidArgument, "--image names " + ref->digest +
                                                      " but the report is about " + join(named) +
                                                      "; refusing to bind it to another image");
    }
    summary.manifest_digests = {ref->digest};
    const std::string repository = ref->repository();
    if (std::find(summary.repositories.begin(), summary.repositories.end(), repository) ==
        summary.repositories.end()) {
        summary.repositories.insert(summary.repositories.begin(), repository);
    }
    return ok();
}

}  // namespace

Result<ImportResult> import_report(const ImportRequest& request) {
    auto text = request.report_text ? Result<std::string>(*request.report_text)
                                    : read_file(request.report_path, kMaxReportBytes);
    if (!text) return text.error();
    const std::string name = base_name(request.report_path);
    auto report = parse_report(*text, request.report_path);
    if (!report) return report.error();
    ImportResult result;
    result.summary = summarize(*report, name, request.now);
    if (request.image) {
        HARDRUN_RETURN_IF_ERROR(bind_to_image(*request.image, result.summary));
        result.binding = Binding::kImageFlag;
    } else if (!result.summary.manifest_digests.empty()) {
        result.binding = Binding::kReportManifest;
    } else if (!result.summary.config_digest.empty()) {
        result.binding = Binding::kConfigOnly;
    } else {
        return Error(
            ErrorCode::kInvalidArgument,
            request.report_path + ": the report names no image digest; pass --image REPO@sha256:…");
    }
    auto paths = store_summary(request.cache_dir, result.summary);
    if (!paths) return paths.error();
    result.paths = std::move(*paths);
    return result;
}

std::string describe_import(const ImportResult& r) {
    const ScanSummary& s = r.summary;
    const std::size_t n = s.findings.size();
    std::string out = "bound " + s.scanner + " report (";
    out += s.has_findings ? std::to_string(n) + (n == 1 ? " finding" : " findings")
                          : "no scanner result";
    out += s.created_at ? ", created " + format_utc(*s.created_at) : ", creation time unknown";
    out += ") to ";
    switch (r.binding) {
        case Binding::kImageFlag:
            out += join(s.manifest_digests) + " (from --image)";
            break;
        case Binding::kReportManifest:
            out += join(s.manifest_digests) + " (the report's manifest digest" +
                   (s.manifest_digests.size() == 1 ? ")" : "s)");
            break;
        case Binding::kConfigOnly:
            out += "config digest " + s.config_digest +
                   " only (the report names no manifest digest; pass --image REPO@sha256:… to bind "
                   "it to one)";
            break;
    }
    return out;
}

}  // namespace hardrun::scan
