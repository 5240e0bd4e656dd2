// SPDX-License-Identifier: Apache-2.0
// The image parts of hardrun's configuration: the node-wide "images" section and a rule's
// "trust" section (signatures and the scan gate). Used by parse.cpp only.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "base/result.hpp"
#include "policy/config.hpp"
#include "policy/reader.hpp"

namespace hardrun::policy {

Result<void> read_images(const Reader& r, ImageSettings& images);
Result<void> read_trust(const Reader& r, TrustPolicy& trust);

// "YYYY-MM-DD" → Unix time of that day's start in UTC; nullopt when malformed.
std::optional<std::int64_t> parse_utc_date(std::string_view text);
// "0", "<n>d", "<n>h", "<n>m", "<n>s" → seconds; nullopt when malformed.
std::optional<std::int64_t> parse_duration(std::string_view text);

}  // namespace hardrun::policy
