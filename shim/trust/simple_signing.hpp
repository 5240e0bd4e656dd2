// SPDX-License-Identifier: Apache-2.0
// The cosign "simple signing" payload: the bytes a key-based cosign image signature signs.
//   {"critical":{"identity":{"docker-reference":"<repo>"},
//                "image":{"docker-manifest-digest":"sha256:<64 hex>"},
//                "type":"cosign container image signature"},
//    "optional":{...} | null}
// Parsed strictly, as containers/image does: unknown fields inside "critical" are refused,
// the type must match exactly, the digest must be sha256 with 64 lower-case hex digits.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "base/image_reference.hpp"  // is_sha256_digest
#include "base/result.hpp"

namespace hardrun::trust {

inline constexpr std::string_view kCosignSignatureType = "cosign container image signature";

struct SimpleSigningPayload {
    std::string reference;        // critical.identity.docker-reference
    std::string manifest_digest;  // critical.image.docker-manifest-digest, "sha256:<hex>"
    nlohmann::json optional;      // null when absent or null
};

// kUntrustedImage naming the offending field for any deviation.
Result<SimpleSigningPayload> parse_simple_signing(std::string_view payload);

}  // namespace hardrun::trust
