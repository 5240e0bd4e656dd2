// SPDX-License-Identifier: Apache-2.0
// Grype's `-o json` report. Used: descriptor.{version, timestamp}, source.target (for
// source.type "image": manifestDigest, imageID, repoDigests, tags) and matches[] with
// vulnerability.{id, severity, fix.{versions, state}} and artifact.{name, version}.
// Severities are title-case ("Critical", "Negligible"). A fix counts only with state "fixed".
#include "scan/formats.hpp"
#include "scan/timestamp.hpp"

namespace hardrun::scan::detail {
namespace {

// Several versions are fixes on different release lines: all are shown.
Result<std::string> fixed_version(const Node& vulnerability) {
    auto fix = optional_object(vulnerability, "fix");
    if (!fix) return fix.error();
    if (!*fix) return std::string();
    auto state = optional_string(**fix, "state");
    if (!state) return state.error();
    auto versions = optional_strings(**fix, "versions");
    if (!versions) return versions.error();
    if (*state != "fixed") return std::string();
    if (versions->empty()) return std::string("a version the report does not name");
    std::string out;
    for (const auto& v : *versions) out += (out.empty() ? "" : ", ") + v;
    return out;
}

Result<Finding> parse_match(const Node& match) {
    if (!match.value.is_object()) return match.error("must be an object");
    auto vulnerability = required_object(match, "vulnerability");
    if (!vulnerability) return vulnerability.error();
    auto artifact = required_object(match, "artifact");
    if (!artifact) return artifact.error();
    Finding f;
    auto id = required_string(*vulnerability, "id");
    if (!id) return id.error();
    auto severity = required_severity(*vulnerability, "severity");
    if (!severity) return severity.error();
    auto fixed = fixed_version(*vulnerability);
    if (!fixed) return fixed.error();
    auto name = required_string(*artifact, "name");
    if (!name) return name.error();
    auto version = optional_string(*artifact, "version");
    if (!version) return version.error();
    return Finding{std::move(*id), std::move(*name), std::move(*version), *severity,
                   std::move(*fixed)};
}

Result<void> parse_image_target(const Node& target, ScanReport& report) {
    auto manifest = optional_digest(target, "manifestDigest");
    if (!manifest) return manifest.error();
    if (!manifest->empty()) add_unique(report.manifest_digests, std::move(*manifest));
    auto repo_digests = optional_strings(target, "repoDigests");
    if (!repo_digests) return repo_digests.error();
    for (std::size_t i = 0; i < repo_digests->size(); ++i) {
        auto rd = parse_repo_digest((*repo_digests)[i],
                                    target.at("repoDigests") + "/" + std::to_string(i));
        if (!rd) return rd.error();
        add_unique(report.manifest_digests, std::move(rd->digest));
        add_unique(report.repositories, std::move(rd->repository));
    }
    auto tags = optional_strings(target, "tags");
    if (!tags) return tags.error();
    for (std::size_t i = 0; i < tags->size(); ++i) {
        auto repo = parse_repository((*tags)[i], target.at("tags") + "/" + std::to_string(i));
        if (!repo) return repo.error();
        add_unique(report.repositories, std::move(*repo));
    }
    auto image_id = optional_digest(target, "imageID");
    if (!image_id) return image_id.error();
    report.config_digest = std::move(*image_id);
    return ok();
}

// Only an image source names digests; a directory or file scan names none.
Result<void> parse_source(const Node& doc, ScanReport& report) {
    auto source = optional_object(doc, "source");
    if (!source) return source.error();
    if (!*source) return ok();
    auto type = optional_string(**source, "type");
    if (!type) return type.error();
    if (*type != "image") return ok();
    auto target = required_object(**source, "target");
    if (!target) return target.error();
    return parse_image_target(*target, report);
}

Result<void> parse_descriptor(const Node& doc, ScanReport& report) {
    auto descriptor = required_object(doc, "descriptor");
    if (!descriptor) return descriptor.error();
    auto version = optional_string(*descriptor, "version");
    if (!version) return version.error();
    report.scanner_version = std::move(*version);
    auto timestamp = optional_string(*descriptor, "timestamp");
    if (!timestamp) return timestamp.error();
    if (timestamp->empty()) return ok();
    report.created_at = parse_rfc3339(*timestamp);
    if (!report.created_at) {
        return descriptor->error("timestamp", "\"" + *timestamp + "\" is not an RFC 3339 time");
    }
    return ok();
}

}  // namespace

Result<ScanReport> parse_grype(const Node& doc) {
    ScanReport report;
    report.scanner = "grype";
    HARDRUN_RETURN_IF_ERROR(parse_descriptor(doc, report));
    HARDRUN_RETURN_IF_ERROR(parse_source(doc, report));
    auto matches = optional_array(doc, "matches");
    if (!matches) return matches.error();
    if (!*matches) return doc.error("matches", "is missing");
    for (std::size_t i = 0; i < (*matches)->value.size(); ++i) {
        auto finding = parse_match((*matches)->element(i));
        if (!finding) return finding.error();
        report.findings.push_back(std::move(*finding));
    }
    return report;
}

}  // namespace hardrun::scan::detail
