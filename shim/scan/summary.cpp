// SPDX-License-Identifier: Apache-2.0
// ScanSummary ⇄ JSON. The summary is hardrun's own format, so its parser is strict: every
// field is required and typed, and "format" must be the version this code writes.
#include "scan/summary.hpp"

#include "base/image_reference.hpp"
#include "scan/fields.hpp"

namespace hardrun::scan {
namespace {

using detail::json;
using detail::Node;

constexpr std::int64_t kFormat = 1;

Result<std::int64_t> required_int(const Node& object, std::string_view key) {
    const json* v = object.find(key);
    if (v == nullptr) return object.error(key, "is missing");
    if (!v->is_number_integer()) return object.error(key, "must be an integer");
    return v->get<std::int64_t>();
}

Result<std::vector<std::string>> digest_list(const Node& object, std::string_view key) {
    auto list = detail::optional_strings(object, key);
    if (!list) return list.error();
    for (const auto& d : *list) {
        if (!is_sha256_digest(d)) {
            return object.error(key, "holds \"" + d + "\", not a sha256:<64 hex> digest");
        }
    }
    return list;
}

// [id, package, installed, severity, fixed]: arrays, not objects, because the create path
// parses every finding and arrays cost a fraction of what keyed objects do.
Result<Finding> parse_finding(const Node& node) {
    if (!node.value.is_array() || node.value.size() != 5) {
        return node.error("must be [id, package, installed, severity, fixed]");
    }
    for (std::size_t i = 0; i < 5; ++i) {
        if (!node.value[i].is_string()) return node.element(i).error("must be a string");
    }
    const auto& v = node.value;
    const auto severity = policy::severity_from_name(v[3].get_ref<const std::string&>());
    if (!severity) {
        return node.element(3).error("\"" + v[3].get<std::string>() + "\" is not a severity");
    }
    return Finding{v[0].get<std::string>(), v[1].get<std::string>(), v[2].get<std::string>(),
                   *severity, v[4].get<std::string>()};
}

Result<void> parse_findings(const Node& doc, ScanSummary& out) {
    const json* list = doc.find("findings");
    if (list == nullptr || !list->is_array()) return doc.error("findings", "must be an array");
    const Node findings = doc.member_node(*list, "findings");
    out.findings.reserve(list->size());
    for (std::size_t i = 0; i < list->size(); ++i) {
        auto f = parse_finding(findings.element(i));
        if (!f) return f.error();
        out.findings.push_back(std::move(*f));
    }
    return ok();
}

Result<ScanSummary> parse_fields(const Node& doc) {
    auto format = required_int(doc, "format");
    if (!format) return format.error();
    if (*format != kFormat) {
        return doc.error("format", "is " + std::to_string(*format) + ", this hardrun reads 1");
    }
    ScanSummary s;
    auto scanner = detail::required_string(doc, "scanner");
    if (!scanner) return scanner.error();
    auto version = detail::required_string(doc, "scanner_version");
    if (!version) return version.error();
    auto source = detail::required_string(doc, "source");
    if (!source) return source.error();
    auto imported = required_int(doc, "imported_at");
    if (!imported) return imported.error();
    auto manifests = digest_list(doc, "manifest_digests");
    if (!manifests) return manifests.error();
    auto config = detail::optional_digest(doc, "config_digest");
    if (!config) return config.error();
    auto repositories = detail::optional_strings(doc, "repositories");
    if (!repositories) return repositories.error();
    s.scanner = std::move(*scanner);
    s.scanner_version = std::move(*version);
    s.source = std::move(*source);
    s.imported_at = *imported;
    s.manifest_digests = std::move(*manifests);
    s.config_digest = std::move(*config);
    s.repositories = std::move(*repositories);
    if (doc.find("created_at") != nullptr) {
        auto created = required_int(doc, "created_at");
        if (!created) return created.error();
        s.created_at = *created;
    }
    const json* has = doc.find("has_findings");
    if (has == nullptr || !has->is_boolean()) return doc.error("has_findings", "must be a boolean");
    s.has_findings = has->get<bool>();
    HARDRUN_RETURN_IF_ERROR(parse_findings(doc, s));
    return s;
}

}  // namespace

ScanSummary summarize(const ScanReport& report, std::string source, std::int64_t imported_at) {
    return ScanSummary{report.scanner,       report.scanner_version, report.created_at,
                       imported_at,          std::move(source),      report.manifest_digests,
                       report.config_digest, report.repositories,    report.has_findings,
                       report.findings};
}

std::string summary_to_json(const ScanSummary& s) {
    json findings = json::array();
    for (const auto& f : s.findings) {
        findings.push_back(json::array({f.id, f.package, f.installed_version,
                                        policy::severity_name(f.severity), f.fixed_version}));
    }
    const json doc = {{"format", kFormat},
                      {"scanner", s.scanner},
                      {"scanner_version", s.scanner_version},
                      {"created_at", s.created_at ? json(*s.created_at) : json(nullptr)},
                      {"imported_at", s.imported_at},
                      {"source", s.source},
                      {"manifest_digests", s.manifest_digests},
                      {"config_digest", s.config_digest},
                      {"repositories", s.repositories},
                      {"has_findings", s.has_findings},
                      {"findings", std::move(findings)}};
    // Scanner text is foreign: invalid UTF-8 is replaced rather than thrown on.
    return doc.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
}

Result<ScanSummary> parse_summary(std::string_view text, const std::string& origin) {
    try {
        const json doc = json::parse(text.begin(), text.end());
        if (!doc.is_object()) {
            return Error(ErrorCode::kInvalidSpec, origin + ": / must be an object");
        }
        auto summary = parse_fields(Node{doc, ""});
        if (!summary) return summary.error().with_context(origin);
        return summary;
    } catch (const json::parse_error& e) {
        return Error(ErrorCode::kInvalidSpec,
                     origin + ": not valid JSON at byte " + std::to_string(e.byte));
    } catch (const json::exception& e) {
        return Error(ErrorCode::kInternal, origin + ": unexpected JSON error: " + e.what());
    } catch (const std::bad_alloc&) {
        return Error(ErrorCode::kIo, origin + ": out of memory while parsing");
    }
}

}  // namespace hardrun::scan
