// SPDX-License-Identifier: Apache-2.0
// The scan gate: does an image's stored scan summary satisfy a rule's ScanGate? Pure code:
// the summary is loaded by the caller (load_summary) and the time is passed in.
//
// Rules, in order: mode off passes. No summary fails. With max_age_seconds > 0, a report older
// than that, or one that does not say when it was made, fails. A report without a findings
// list fails. A finding blocks when its severity is above max_severity (unknown ranks as high),
// it has a fixed version or fixable_only is false, and no allowlist entry with the same id
// (any case) is still valid (until > now); an expired entry does not count and is noted.
// In warn mode the result passes and carries what would have blocked in reason and notes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "policy/config.hpp"
#include "scan/summary.hpp"

namespace hardrun::scan {

struct GateResult {
    bool pass = true;
    std::vector<Finding> blocking;   // most severe first
    std::string reason;              // user-facing; "" when nothing blocks
    std::vector<std::string> notes;  // allowlist entries used, expired ones, warn mode
};

// The severity the gate ranks a finding at (kUnknown → kHigh).
policy::Severity effective_severity(policy::Severity severity);

// image names the image in messages: "repo@sha256:…".
GateResult evaluate_gate(const policy::ScanGate& gate, const ScanSummary* summary,
                         std::string_view image, std::int64_t now);

}  // namespace hardrun::scan
