// SPDX-License-Identifier: Apache-2.0
// cosign's vuln attestation (predicate type https://cosign.sigstore.dev/attestation/vuln/v1):
// {invocation, scanner{uri, version, db, result}, metadata{scanStartedOn, scanFinishedOn}},
// bare or as the predicate of an in-toto statement whose subjects are the image's manifest
// digests. scanner.result is the scanner's own report: a Trivy or Grype report gives the
// findings (and its digests); null gives a report without findings; anything else is refused,
// since findings that cannot be read must not look like a clean scan.
#include "base/image_reference.hpp"
#include "scan/formats.hpp"
#include "scan/timestamp.hpp"

namespace hardrun::scan::detail {
namespace {

Result<std::int64_t> required_time(const Node& object, std::string_view key) {
    auto text = required_string(object, key);
    if (!text) return text.error();
    const auto t = parse_rfc3339(*text);
    if (!t) return object.error(key, "\"" + *text + "\" is not an RFC 3339 time");
    return *t;
}

// Merges the report the scanner wrote into the predicate's report.
Result<void> merge_result(const Node& scanner, ScanReport& report) {
    const json* result = scanner.find("result");
    if (result == nullptr) {
        report.has_findings = false;
        return ok();
    }
    const Node inner = scanner.member_node(*result, "result");
    Result<ScanReport> parsed = scanner.error(
        "result", "is not a Trivy or Grype JSON report, so its findings cannot be read");
    const Format format = result->is_object() ? detect_format(*result) : Format::kUnknown;
    if (format == Format::kTrivy) parsed = parse_trivy(inner);
    if (format == Format::kGrype) parsed = parse_grype(inner);
    if (!parsed) return parsed.error();
    if (report.scanner_version.empty()) {
        report.scanner_version = parsed->scanner + " " + parsed->scanner_version;
    }
    for (auto& d : parsed->manifest_digests) add_unique(report.manifest_digests, std::move(d));
    for (auto& r : parsed->repositories) add_unique(report.repositories, std::move(r));
    if (report.config_digest.empty()) report.config_digest = std::move(parsed->config_digest);
    report.findings = std::move(parsed->findings);
    return ok();
}

}  // namespace

Result<ScanReport> parse_cosign_predicate(const Node& predicate) {
    if (!predicate.value.is_object()) return predicate.error("must be an object");
    ScanReport report;
    report.scanner = "cosign-vuln";
    auto invocation = optional_object(predicate, "invocation");
    if (!invocation) return invocation.error();
    auto scanner = required_object(predicate, "scanner");
    if (!scanner) return scanner.error();
    auto uri = required_string(*scanner, "uri");
    if (!uri) return uri.error();
    auto version = optional_string(*scanner, "version");
    if (!version) return version.error();
    report.scanner_version = std::move(*version);
    auto metadata = required_object(predicate, "metadata");
    if (!metadata) return metadata.error();
    auto started = required_time(*metadata, "scanStartedOn");
    if (!started) return started.error();
    auto finished = required_time(*metadata, "scanFinishedOn");
    if (!finished) return finished.error();
    report.created_at = *finished;
    HARDRUN_RETURN_IF_ERROR(merge_result(*scanner, report));
    return report;
}

Result<ScanReport> parse_in_toto_statement(const Node& statement) {
    auto type = required_string(statement, "_type");
    if (!type) return type.error();
    if (type->rfind("https://in-toto.io/Statement/", 0) != 0) {
        return statement.error("_type", "\"" + *type + "\" is not an in-toto statement type");
    }
    auto predicate_type = required_string(statement, "predicateType");
    if (!predicate_type) return predicate_type.error();
    if (*predicate_type != kCosignVulnPredicateType) {
        return statement.error("predicateType", "\"" + *predicate_type + "\" is not " +
                                                    std::string(kCosignVulnPredicateType));
    }
    auto subjects = optional_array(statement, "subject");
    if (!subjects) return subjects.error();
    if (!*subjects) return statement.error("subject", "is missing");
    ScanReport subject_ids;
    for (std::size_t i = 0; i < (*subjects)->value.size(); ++i) {
        const Node subject = (*subjects)->element(i);
        if (!subject.value.is_object()) return subject.error("must be an object");
        auto digests = required_object(subject, "digest");
        if (!digests) return digests.error();
        auto hex = optional_string(*digests, "sha256");
        if (!hex) return hex.error();
        if (hex->empty()) continue;  // another algorithm only: no identity hardrun uses
        const std::string digest = "sha256:" + *hex;
        if (!is_sha256_digest(digest)) {
            return digests->error("sha256", "\"" + *hex + "\" is not 64 lower-case hex digits");
        }
        add_unique(subject_ids.manifest_digests, digest);
        // Subject names are informational; one that is not an image repository is ignored.
        auto name = optional_string(subject, "name");
        if (!name) return name.error();
        if (auto ref = parse_image_reference(*name)) {
            add_unique(subject_ids.repositories, ref->repository());
        }
    }
    auto predicate = required_object(statement, "predicate");
    if (!predicate) return predicate.error();
    auto report = parse_cosign_predicate(*predicate);
    if (!report) return report.error();
    // The statement's subjects come first: they are what the attestation is about.
    for (auto& d : report->manifest_digests) add_unique(subject_ids.manifest_digests, std::move(d));
    for (auto& r : report->repositories) add_unique(subject_ids.repositories, std::move(r));
    report->manifest_digests = std::move(subject_ids.manifest_digests);
    report->repositories = std::move(subject_ids.repositories);
    return report;
}

}  // namespace hardrun::scan::detail
