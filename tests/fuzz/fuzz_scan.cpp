// SPDX-License-Identifier: Apache-2.0
// Fuzzes the scan-report parsers (Trivy, Grype, cosign vuln predicate and statement) and the
// cached-summary parser. Any bytes give a value or an error, never a crash. A report that
// parses must survive the summary round trip unchanged, and the gate must accept it as input.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "scan/gate.hpp"
#include "scan/report.hpp"
#include "scan/summary.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace hardrun::scan;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)parse_summary(text, "fuzz");
    auto report = parse_report(text, "fuzz");
    if (!report) return 0;
    const ScanSummary summary = summarize(*report, "fuzz", 1);
    auto again = parse_summary(summary_to_json(summary), "round trip");
    // Invalid UTF-8 in scanner text is replaced when written, so only valid text must match.
    if (!again) __builtin_trap();
    if (!(*again == summary) && summary_to_json(*again) != summary_to_json(summary))
        __builtin_trap();
    hardrun::policy::ScanGate gate;
    gate.mode = hardrun::policy::GateMode::kEnforce;
    (void)evaluate_gate(gate, &summary, "fuzz@sha256:0", 2000000000);
    return 0;
}
