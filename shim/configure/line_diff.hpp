// SPDX-License-Identifier: Apache-2.0
// A unified diff of two texts, line by line, for `--dry-run`. Pure; no external `diff`.
#pragma once

#include <string>
#include <string_view>

namespace hardrun::configure {

// Returns "" when the texts are equal; otherwise "--- before_label\n+++ after_label\n" and
// hunks with `context` lines around each change, in GNU diff's unified format (including
// "\ No newline at end of file"). Minimal for small inputs; above a few million line pairs
// the differing middle is shown as one replacement.
std::string unified_diff(std::string_view before, std::string_view after,
                         const std::string& before_label, const std::string& after_label,
                         std::size_t context = 3);

}  // namespace hardrun::configure
