// SPDX-License-Identifier: Apache-2.0
// Internal to the scan parsers: one function per format over an already-parsed document, so
// the cosign predicate can parse the report it carries with the same code. Errors name JSON
// pointers from the outermost document (the Node's path).
#pragma once

#include "scan/fields.hpp"
#include "scan/report.hpp"

namespace hardrun::scan::detail {

enum class Format { kTrivy, kGrype, kCosignPredicate, kInTotoStatement, kDsseEnvelope, kUnknown };

// Decided by which top-level members are present; never by parsing further.
Format detect_format(const json& doc);

Result<ScanReport> parse_trivy(const Node& doc);
Result<ScanReport> parse_grype(const Node& doc);
Result<ScanReport> parse_cosign_predicate(const Node& predicate);
Result<ScanReport> parse_in_toto_statement(const Node& statement);

}  // namespace hardrun::scan::detail
