// SPDX-License-Identifier: Apache-2.0
// RFC 3339 timestamps as scanners write them ("2021-08-25T12:20:30.000000005Z",
// "2024-03-01T10:00:00.5+05:30") to Unix seconds (the fraction is dropped), and back to the
// UTC text hardrun prints ("2026-11-20T10:00:00Z"). Pure code.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hardrun::scan {

// nullopt for anything that is not a full RFC 3339 date-time with a "Z" or ±HH:MM offset
// ('t'/'z' and a space for 'T' are accepted, as RFC 3339 allows).
std::optional<std::int64_t> parse_rfc3339(std::string_view text);

// "YYYY-MM-DDTHH:MM:SSZ" in UTC.
std::string format_utc(std::int64_t unix_seconds);

// "3 days", "5 hours", "12 minutes", "40 seconds": the largest whole unit.
std::string format_duration(std::int64_t seconds);

}  // namespace hardrun::scan
