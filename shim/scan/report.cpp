// SPDX-License-Identifier: Apache-2.0
// Format detection and the one entry point. nlohmann's exceptions (a parse error, or
// one escaping the field helpers, which would be a bug) become errors here, at the module edge.
#include "scan/report.hpp"

#include "scan/formats.hpp"

namespace hardrun::scan {
namespace detail {

Format detect_format(const json& doc) {
    if (!doc.is_object()) return Format::kUnknown;
    if (doc.contains("SchemaVersion")) return Format::kTrivy;
    if (doc.contains("matches")) return Format::kGrype;
    if (doc.contains("predicateType")) return Format::kInTotoStatement;
    if (doc.contains("payloadType") && doc.contains("signatures")) return Format::kDsseEnvelope;
    if (doc.contains("scanner") && doc.contains("metadata")) return Format::kCosignPredicate;
    return Format::kUnknown;
}

}  // namespace detail

namespace {

Result<ScanReport> parse_document(const nlohmann::json& doc) {
    using detail::Format;
    const detail::Node root{doc, ""};
    switch (detail::detect_format(doc)) {
        case Format::kTrivy:
            return detail::parse_trivy(root);
        case Format::kGrype:
            return detail::parse_grype(root);
        case Format::kInTotoStatement:
            return detail::parse_in_toto_statement(root);
        case Format::kCosignPredicate:
            return detail::parse_cosign_predicate(root);
        case Format::kDsseEnvelope:
            return Error(ErrorCode::kInvalidSpec,
                         "a DSSE envelope: verify the attestation and import the in-toto statement "
                         "it carries");
        case Format::kUnknown:
            break;
    }
    return Error(
        ErrorCode::kInvalidSpec,
        "not a Trivy (SchemaVersion 2) or Grype JSON report, nor a cosign vuln attestation");
}

}  // namespace

Result<ScanReport> parse_report(std::string_view text, const std::string& origin) {
    if (text.size() > kMaxReportBytes) {
        return Error(ErrorCode::kInvalidSpec, origin + ": larger than " +
                                                  std::to_string(kMaxReportBytes) +
                                                  " bytes; refusing to parse it");
    }
    try {
        const auto doc = nlohmann::json::parse(text.begin(), text.end());
        auto report = parse_document(doc);
        if (!report) return report.error().with_context(origin);
        return report;
    } catch (const nlohmann::json::parse_error& e) {
        return Error(ErrorCode::kInvalidSpec,
                     origin + ": not valid JSON at byte " + std::to_string(e.byte));
    } catch (const nlohmann::json::exception& e) {
        return Error(ErrorCode::kInternal, origin + ": unexpected JSON error: " + e.what());
    } catch (const std::bad_alloc&) {
        return Error(ErrorCode::kIo, origin + ": out of memory while parsing");
    }
}

}  // namespace hardrun::scan
