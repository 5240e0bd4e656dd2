// SPDX-License-Identifier: Apache-2.0
// Trivy's `--format json` report, SchemaVersion 2. Used: CreatedAt, Trivy.Version,
// Metadata.{RepoDigests, ImageID, RepoTags} and Results[].Vulnerabilities[].{VulnerabilityID,
// PkgName, InstalledVersion, Severity, FixedVersion}. Trivy leaves out empty fields
// (omitempty), so absent Results, Vulnerabilities, InstalledVersion and FixedVersion are fine.
#include "scan/formats.hpp"
#include "scan/timestamp.hpp"

namespace hardrun::scan::detail {
namespace {

Result<Finding> parse_vulnerability(const Node& vuln) {
    if (!vuln.value.is_object()) return vuln.error("must be an object");
    Finding f;
    auto id = required_string(vuln, "VulnerabilityID");
    if (!id) return id.error();
    auto package = required_string(vuln, "PkgName");
    if (!package) return package.error();
    auto installed = optional_string(vuln, "InstalledVersion");
    if (!installed) return installed.error();
    auto severity = required_severity(vuln, "Severity");
    if (!severity) return severity.error();
    auto fixed = optional_string(vuln, "FixedVersion");
    if (!fixed) return fixed.error();
    return Finding{std::move(*id), std::move(*package), std::move(*installed), *severity,
                   std::move(*fixed)};
}

Result<void> parse_results(const Node& doc, std::vector<Finding>& out) {
    auto results = optional_array(doc, "Results");
    if (!results) return results.error();
    if (!*results) return ok();
    for (std::size_t i = 0; i < (*results)->value.size(); ++i) {
        const Node result = (*results)->element(i);
        if (!result.value.is_object()) return result.error("must be an object");
        auto vulns = optional_array(result, "Vulnerabilities");
        if (!vulns) return vulns.error();
        if (!*vulns) continue;
        for (std::size_t j = 0; j < (*vulns)->value.size(); ++j) {
            auto finding = parse_vulnerability((*vulns)->element(j));
            if (!finding) return finding.error();
            out.push_back(std::move(*finding));
        }
    }
    return ok();
}

Result<void> parse_metadata(const Node& doc, ScanReport& report) {
    auto metadata = optional_object(doc, "Metadata");
    if (!metadata) return metadata.error();
    if (!*metadata) return ok();
    const Node& m = **metadata;
    auto repo_digests = optional_strings(m, "RepoDigests");
    if (!repo_digests) return repo_digests.error();
    for (std::size_t i = 0; i < repo_digests->size(); ++i) {
        auto rd =
            parse_repo_digest((*repo_digests)[i], m.at("RepoDigests") + "/" + std::to_string(i));
        if (!rd) return rd.error();
        add_unique(report.manifest_digests, std::move(rd->digest));
        add_unique(report.repositories, std::move(rd->repository));
    }
    auto tags = optional_strings(m, "RepoTags");
    if (!tags) return tags.error();
    for (std::size_t i = 0; i < tags->size(); ++i) {
        auto repo = parse_repository((*tags)[i], m.at("RepoTags") + "/" + std::to_string(i));
        if (!repo) return repo.error();
        add_unique(report.repositories, std::move(*repo));
    }
    auto image_id = optional_digest(m, "ImageID");
    if (!image_id) return image_id.error();
    report.config_digest = std::move(*image_id);
    return ok();
}

}  // namespace

Result<ScanReport> parse_trivy(const Node& doc) {
    const json* schema = doc.find("SchemaVersion");
    if (schema == nullptr) return doc.error("SchemaVersion", "is missing");
    if (!schema->is_number_integer() || schema->get<std::int64_t>() != 2) {
        return doc.error("SchemaVersion", "must be 2 (the Trivy JSON schema this parser knows)");
    }
    ScanReport report;
    report.scanner = "trivy";
    auto trivy = optional_object(doc, "Trivy");
    if (!trivy) return trivy.error();
    if (*trivy) {
        auto version = optional_string(**trivy, "Version");
        if (!version) return version.error();
        report.scanner_version = std::move(*version);
    }
    // Older Trivy releases wrote no CreatedAt: the report's age is then unknown.
    auto created = optional_string(doc, "CreatedAt");
    if (!created) return created.error();
    if (!created->empty()) {
        report.created_at = parse_rfc3339(*created);
        if (!report.created_at) {
            return doc.error("CreatedAt", "\"" + *created + "\" is not an RFC 3339 time");
        }
    }
    HARDRUN_RETURN_IF_ERROR(parse_metadata(doc, report));
    HARDRUN_RETURN_IF_ERROR(parse_results(doc, report.findings));
    return report;
}

}  // namespace hardrun::scan::detail
